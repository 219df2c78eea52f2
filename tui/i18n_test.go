package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"gatepost/i18n"
)

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// Both columns of every message exist and take the same arguments in the
// same order, so no translation can drop or garble a value.
func TestCatalogComplete(t *testing.T) {
	for _, key := range i18n.Keys() {
		m, _ := i18n.Lookup(key)
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: empty translation %q", key, m)
		}
		zh, en := verb.FindAllString(m[0], -1), verb.FindAllString(m[1], -1)
		if !slices.Equal(zh, en) {
			t.Errorf("%s: verbs differ: zh %v, en %v", key, zh, en)
		}
	}
}

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

func TestCatalogLanguage(t *testing.T) {
	for lang, zh := range map[string]bool{"zh-CN": true, "zh_CN.UTF-8": true, "zh": true, "en": false, "en_US.UTF-8": false, "C": false, "": false, "fr": false} {
		if got := NewCatalog(lang).Chinese(); got != zh {
			t.Errorf("%q: Chinese() = %v", lang, got)
		}
	}
	if got := NewCatalog("en").T("form.saved", 3002); got != "Saved: record 3002" {
		t.Errorf("got %q", got)
	}
	if got := NewCatalog("zh-CN").T("no.such.key"); got != "[no.such.key]" {
		t.Errorf("got %q", got)
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

// An input error passes what was typed even to a message with no place for
// it (err.temp.empty): the message reads whole, with no %!(EXTRA …) tail.
func TestCatalogIgnoresSurplusArgs(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		c := NewCatalog(lang)
		for _, key := range []string{"err.temp.empty", "err.plate.empty"} {
			if got, want := c.T(key, ""), c.T(key); got != want {
				t.Errorf("%s %s: T with a surplus arg = %q, want %q", lang, key, got, want)
			}
		}
	}
}
