package record

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSecurityDailyBody(t *testing.T) {
	ev := func(extra string) string {
		return `{"day":"2026-11-28","supervisor":"9001","no_events":false,"events":[` + extra + `],"suspected":0,"confirmed":0,"close_contacts":0}`
	}
	for _, c := range []struct {
		name, body, want string
	}{
		{"no events", `{"day":"2026-11-28","supervisor":"9001","preparer":"2001","no_events":true,"events":[],"suspected":0,"confirmed":0,"close_contacts":0}`, ""},
		{"a fight", ev(`{"type":"fight","time":"14:20","badges":["D0003","D0007"],"summary":"两名戒毒人员口角推搡","handling":"民警当即制止，分别谈话教育"}`), ""},
		{"no day", `{"supervisor":"9001","no_events":true,"events":[]}`, "day"},
		{"bad day", `{"day":"28.11.2026","supervisor":"9001","no_events":true,"events":[]}`, "day"},
		{"no supervisor", `{"day":"2026-11-28","no_events":true,"events":[]}`, "supervisor is empty"},
		{"neither", ev(``), "neither"},
		{"both", `{"day":"2026-11-28","supervisor":"9001","no_events":true,"events":[{"type":"fight","time":"14:20","summary":"x","handling":"y"}]}`, "no_events with events"},
		{"unknown type", ev(`{"type":"riot","time":"14:20","summary":"x","handling":"y"}`), "unknown type"},
		{"bad time", ev(`{"type":"fight","time":"2pm","summary":"x","handling":"y"}`), "want HH:MM"},
		{"no handling", ev(`{"type":"fight","time":"14:20","summary":"x","handling":""}`), "what was done"},
		{"control", ev(`{"type":"fight","time":"14:20","summary":"x\u001b[2J","handling":"y"}`), "control character"},
		{"too long", ev(`{"type":"other","time":"14:20","summary":"` + strings.Repeat("x", 501) + `","handling":"y"}`), "longer than"},
		{"negative", `{"day":"2026-11-28","supervisor":"9001","no_events":true,"events":[],"suspected":-1}`, "negative"},
		{"a name in an extra field", `{"day":"2026-11-28","supervisor":"9001","no_events":true,"events":[],"name":"王芳"}`, "unknown field"},
		{"a name in an event", ev(`{"type":"fight","time":"14:20","name":"王芳","summary":"x","handling":"y"}`), "unknown field"},
	} {
		err := CheckSecurityDaily(json.RawMessage(c.body))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want an error with %q", c.name, err, c.want)
		}
	}
	if !SecurityDaily.Valid() {
		t.Fatal("security.daily is not a valid kind")
	}
}
