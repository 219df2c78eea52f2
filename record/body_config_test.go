package record

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestConfigChangeBody(t *testing.T) {
	for _, c := range []struct {
		name string
		body string
		want string // "" for valid
	}{
		{"fever raised", `{"key":"fever","old":"37.3","new":"39.0"}`, ""},
		{"set from unset", `{"key":"idle_lock","old":"","new":"10m"}`, ""},
		{"sample grams", `{"key":"food.sample_min_grams","old":"125","new":"150"}`, ""},
		{"pin digits", `{"key":"pin.supervisor_min_digits","old":"","new":"8"}`, ""},
		{"language is no decision", `{"key":"lang","old":"en","new":"zh-CN"}`, "not a decision setting"},
		{"unknown key", `{"key":"x","old":"","new":"1"}`, "not a decision setting"},
		{"no change", `{"key":"fever","old":"37.3","new":"37.3"}`, "the same"},
		{"empty new", `{"key":"fever","old":"37.3","new":""}`, "new value is empty"},
		{"control character", `{"key":"fever","old":"37.3","new":"3\u001b[2J"}`, "control character"},
		{"C1 control", `{"key":"fever","old":"37.3","new":"37\u009b5"}`, "control character"},
		{"too long", `{"key":"fever","old":"37.3","new":"` + strings.Repeat("9", 65) + `"}`, "longer than"},
		{"personal data field", `{"key":"fever","old":"37.3","new":"38","name":"王芳"}`, "unknown field"},
		{"not an object", `null`, "not a decision setting"},
		{"number, not string", `{"key":"fever","old":"37.3","new":38}`, "cannot unmarshal"},
	} {
		err := CheckConfigChange(json.RawMessage(c.body))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want an error with %q", c.name, err, c.want)
		}
	}
	if !ConfigChange.Valid() {
		t.Fatal("config.change is not a valid kind")
	}
}
