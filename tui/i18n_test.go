package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"gatepost/i18n"
)

// The catalogue's own tests (completeness, verbs, plurals, terms, language
// matching) are in package i18n; these two need tui's sources or constants.

var literalKey = regexp.MustCompile(`\.T\("([a-z0-9_.]*[a-z0-9_])"[,)]`)

// Every key the code asks for with a literal is in the catalogue.
func TestCatalogHasEveryUsedKey(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literalKey.FindAllStringSubmatch(string(src), -1) {
			seen++
			if _, ok := i18n.Lookup(m[1]); !ok {
				t.Errorf("%s: key %q not in the catalogue", f, m[1])
			}
		}
	}
	if seen < 50 {
		t.Fatalf("found only %d literal keys; the pattern is broken", seen)
	}
}

// Each gate's rule line is drawn whole under its header: it must fit 80
// columns in both languages, not be cut mid-word.
func TestGateRulesFit80Columns(t *testing.T) {
	for g := 0; g <= 5; g++ {
		key := "gate.rule." + string(rune('0'+g))
		m, _ := i18n.Lookup(key)
		for col, s := range m {
			if w := ansi.StringWidth(s); w > minWidth {
				t.Errorf("%s[%d] is %d cells wide: %q", key, col, w, s)
			}
		}
	}
}
