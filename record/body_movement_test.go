package record

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestMovementBodies(t *testing.T) {
	for _, c := range []struct {
		name, body string
		check      func(json.RawMessage) error
		want       string
	}{
		{"admission", `{"badge":"D0501","unit":"新收隔离区","source":"decision","temp":36.5,"supervisor":"9001","basis":"强制隔离戒毒决定书〔2026〕123号"}`, CheckAdmission, ""},
		{"a transfer in", `{"badge":"D0502","unit":"新收隔离区","source":"transfer","temp":36.2,"supervisor":"9001","basis":"省局调令"}`, CheckAdmission, ""},
		{"no badge", `{"badge":"","unit":"新收隔离区","source":"decision","temp":36.5,"supervisor":"9001","basis":"x"}`, CheckAdmission, "badge is empty"},
		{"lower-case badge", `{"badge":"d0501","unit":"新收隔离区","source":"decision","temp":36.5,"supervisor":"9001","basis":"x"}`, CheckAdmission, "badge holds"},
		{"an ID number as badge", `{"badge":"110101199003074514","unit":"u","source":"decision","temp":36.5,"supervisor":"9001","basis":"x"}`, CheckAdmission, "longer than 14"},
		{"no unit", `{"badge":"D0501","unit":"","source":"decision","temp":36.5,"supervisor":"9001","basis":"x"}`, CheckAdmission, "unit is empty"},
		{"unknown source", `{"badge":"D0501","unit":"u","source":"arrest","temp":36.5,"supervisor":"9001","basis":"x"}`, CheckAdmission, "unknown source"},
		{"no temperature", `{"badge":"D0501","unit":"u","source":"decision","supervisor":"9001","basis":"x"}`, CheckAdmission, "temperature"},
		{"implausible temperature", `{"badge":"D0501","unit":"u","source":"decision","temp":45.0,"supervisor":"9001","basis":"x"}`, CheckAdmission, "temperature"},
		{"no supervisor", `{"badge":"D0501","unit":"u","source":"decision","temp":36.5,"supervisor":"","basis":"x"}`, CheckAdmission, "supervisor is empty"},
		{"no basis", `{"badge":"D0501","unit":"u","source":"decision","temp":36.5,"supervisor":"9001","basis":""}`, CheckAdmission, "basis is empty"},
		{"control in basis", `{"badge":"D0501","unit":"u","source":"decision","temp":36.5,"supervisor":"9001","basis":"x\u001b[2J"}`, CheckAdmission, "control character"},
		{"long basis", `{"badge":"D0501","unit":"u","source":"decision","temp":36.5,"supervisor":"9001","basis":"` + strings.Repeat("x", 201) + `"}`, CheckAdmission, "longer than 200"},
		{"a name rides along", `{"badge":"D0501","unit":"u","source":"decision","temp":36.5,"supervisor":"9001","basis":"x","name":"王芳"}`, CheckAdmission, "unknown field"},
		{"an ID rides along", `{"badge":"D0501","unit":"u","source":"decision","temp":36.5,"supervisor":"9001","basis":"x","id_number":"110101199003074514"}`, CheckAdmission, "unknown field"},
		{"release", `{"badge":"D0007","type":"expiry","supervisor":"9001","basis":"解除强制隔离戒毒证明书〔2026〕45号"}`, CheckRelease, ""},
		{"release unknown type", `{"badge":"D0007","type":"escape","supervisor":"9001","basis":"x"}`, CheckRelease, "unknown type"},
		{"release no badge", `{"badge":"","type":"expiry","supervisor":"9001","basis":"x"}`, CheckRelease, "badge is empty"},
		{"release no supervisor", `{"badge":"D0007","type":"early","supervisor":"","basis":"x"}`, CheckRelease, "supervisor is empty"},
		{"release no basis", `{"badge":"D0007","type":"transfer","supervisor":"9001","basis":""}`, CheckRelease, "basis is empty"},
		{"release with a name", `{"badge":"D0007","type":"expiry","supervisor":"9001","basis":"x","name":"王芳"}`, CheckRelease, "unknown field"},
		{"not an object", `[]`, CheckRelease, "detainee.release"},
	} {
		err := c.check(json.RawMessage(c.body))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want an error with %q", c.name, err, c.want)
		}
	}
	for _, k := range []Kind{Admission, Release} {
		if !k.Valid() {
			t.Errorf("%s is not a valid kind", k)
		}
	}
}
