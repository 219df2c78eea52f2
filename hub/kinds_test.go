package hub_test

import (
	"encoding/json"
	"strings"
	"testing"

	"gatepost/hub"
	"gatepost/hub/internal/storagetest"
	"gatepost/record"
)

// Every record kind a terminal may write passes the hub's strict check
// without a panic, and a config.change (a decision setting changed on a
// terminal) is stored when well formed and refused when not.
func TestStrictCheckKnowsEveryKind(t *testing.T) {
	base := storagetest.Chain("F1", "gate1", 1, 1, "")[0]
	for _, k := range record.Kinds {
		r := base
		r.Kind, r.Body = k, json.RawMessage(`{}`)
		r.Seal(r.Prev)
		_ = hub.CheckPushed(r) // must not panic, whatever it answers
	}
	good := base
	good.Kind, good.Body = record.ConfigChange, json.RawMessage(`{"key":"fever","new":"39.0","old":"37.3"}`)
	good.Seal(good.Prev)
	if why := hub.CheckPushed(good); why != "" {
		t.Fatalf("a good config.change refused: %s", why)
	}
	// An admission and a release (§13) pass as the console writes them.
	for k, body := range map[record.Kind]string{
		record.Admission: `{"badge":"D0501","basis":"决定书〔2026〕1号","source":"decision","supervisor":"9001","temp":36.5,"unit":"新收隔离区"}`,
		record.Release:   `{"badge":"D0007","basis":"证明书","supervisor":"9001","type":"expiry"}`,
	} {
		r := base
		r.Kind, r.Body = k, json.RawMessage(body)
		r.Seal(r.Prev)
		if why := hub.CheckPushed(r); why != "" {
			t.Errorf("a good %s refused: %s", k, why)
		}
		// A name riding along in a field the kind does not have is refused.
		r.Body = json.RawMessage(strings.TrimSuffix(body, "}") + `,"name":"王芳"}`)
		r.Seal(r.Prev)
		if why := hub.CheckPushed(r); !strings.Contains(why, "unknown field") {
			t.Errorf("a %s with a name: %q", k, why)
		}
	}
	bad := good
	bad.Body = json.RawMessage(`{"key":"lang","new":"en","old":"zh-CN"}`)
	bad.Seal(bad.Prev)
	if why := hub.CheckPushed(bad); !strings.Contains(why, "not a decision setting") {
		t.Fatalf("a config.change of the language: %q", why)
	}
	sec := base
	sec.Kind, sec.Body = record.SecurityDaily, json.RawMessage(`{"day":"2026-11-28","supervisor":"9001","no_events":true,"events":[],"suspected":0,"confirmed":0,"close_contacts":0}`)
	sec.Seal(sec.Prev)
	if why := hub.CheckPushed(sec); why != "" {
		t.Fatalf("a good security.daily refused: %s", why)
	}
	// A name riding along in a field the kind does not have is refused.
	sec.Body = json.RawMessage(`{"day":"2026-11-28","supervisor":"9001","no_events":true,"events":[],"name":"王芳"}`)
	sec.Seal(sec.Prev)
	if why := hub.CheckPushed(sec); !strings.Contains(why, "unknown field") {
		t.Fatalf("a security.daily with a name: %q", why)
	}
	cfg := good
	cfg.Body = json.RawMessage(`{"key":"fever","new":"39.0","old":"37.3","by":"王芳"}`)
	cfg.Seal(cfg.Prev)
	if why := hub.CheckPushed(cfg); !strings.Contains(why, "unknown field") {
		t.Fatalf("a config.change with an extra field: %q", why)
	}
}
