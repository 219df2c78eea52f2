package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The terminal's rotation import takes the facility's own period lengths,
// and a bad file is refused whole with its lines named.
func TestImportRotation(t *testing.T) {
	h := newHarness(t)
	h.ok(initArgs...)
	h.ok("config", "set", "rotation.custody_days", "21")
	h.ok("config", "set", "profile", "normal")
	h.fail(2, "config", "set", "profile", "lockdown") // a usage error, as for every bad setting

	csv := filepath.Join(t.TempDir(), "rotation.csv")
	os.WriteFile(csv, []byte("badge,kind,start,end\n2001,custody,2026-12-01,\n2001,observation,2026-12-22,\n"), 0o600)
	r := h.ok("import", "rotation", csv)
	if !strings.Contains(r.stdout, "imported 2 rotation periods") {
		t.Errorf("import: %s", r.stdout)
	}
	plan, err := h.openStore().RotationOf(t.Context(), "2001")
	if err != nil || len(plan) != 2 || plan[0].End != "2026-12-21" || plan[1].End != "2026-12-28" {
		t.Fatalf("plan: %+v %v", plan, err)
	}

	os.WriteFile(csv, []byte("badge,kind,start,end\n2001,holiday,2026-12-01,\n"), 0o600)
	r = h.fail(1, "import", "rotation", csv)
	if !strings.Contains(r.stderr, "line 2") || !strings.Contains(r.stderr, "holiday") {
		t.Errorf("bad file: %s", r.stderr)
	}
}
