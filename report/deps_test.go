package report

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The report, the catalogue and the hub are printed by commands and served
// by a server that have no terminal: none of them may link the console or
// its UI libraries, as the report did when it lived in tui.
func TestNoTerminalUIInTheDependencies(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the dependencies with")
	}
	out, err := exec.Command(goBin, "list", "-deps", "gatepost/report", "gatepost/i18n", "gatepost/hub").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 20 || !slices.Contains(deps, "gatepost/gate") || !slices.Contains(deps, "gatepost/i18n") {
		t.Fatalf("the dependency list looks wrong (%d packages): %v", len(deps), deps)
	}
	for _, d := range deps {
		for _, bad := range []string{"gatepost/tui", "github.com/charmbracelet/"} {
			if strings.HasPrefix(d, bad) {
				t.Errorf("depends on %s", d)
			}
		}
	}
}
