package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// codes reads the string constants of the Go files matching glob whose type
// is typ (gate.Reason) or, when typ is empty, whose name starts with prefix
// (wire.Code…): the reason codes as the code defines them, so a new code
// without a rendering fails here rather than showing as "wfh" on a screen.
func codes(t *testing.T, glob, typ, prefix string) []string {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: %v", glob, err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || len(vs.Names) != 1 || len(vs.Values) != 1 {
				return true
			}
			lit, ok := vs.Values[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			id, _ := vs.Type.(*ast.Ident)
			if (typ != "" && id != nil && id.Name == typ) || (typ == "" && strings.HasPrefix(vs.Names[0].Name, prefix)) {
				v, _ := strconv.Unquote(lit.Value)
				out = append(out, v)
			}
			return true
		})
	}
	return out
}

// Every reason a gate decides and every code the hub answers a push with
// has one short rendering (rs.<code>), in both languages: the console's log,
// the daily report, the dashboard and the consolidated report all show it
// through Catalog.Reason.
func TestEveryReasonCodeIsTranslated(t *testing.T) {
	reasons := codes(t, "../gate/*.go", "Reason", "")
	wire := codes(t, "../hub/wire/*.go", "", "Code")
	if len(reasons) < 25 || len(wire) < 5 {
		t.Fatalf("found %d reasons and %d hub codes: the scan is broken", len(reasons), len(wire))
	}
	zh, en := NewCatalog("zh-CN"), NewCatalog("en")
	for _, code := range append(reasons, wire...) {
		if _, ok := messages["rs."+code]; !ok {
			t.Errorf("reason code %q has no rs.%s", code, code)
			continue
		}
		if zh.Reason(code) == code || en.Reason(code) == "" {
			t.Errorf("rs.%s: %q / %q", code, zh.Reason(code), en.Reason(code))
		}
	}
	if got := zh.Reason("from_a_newer_terminal"); got != "from_a_newer_terminal" {
		t.Errorf("an unknown code reads %q, want the code itself", got)
	}
}

var literalKey = regexp.MustCompile(`\.T\("([a-z0-9_.]*[a-z0-9_])"[,)]`)

// Every key the report, the hub and the CLI ask for with a literal is in the
// catalogue (tui checks its own sources the same way).
func TestCatalogHasEveryKeyUsedOutsideTheConsole(t *testing.T) {
	seen := 0
	for _, glob := range []string{"../report/*.go", "../hub/*.go", "../cmd/gatepost/*.go", "*.go"} {
		files, _ := filepath.Glob(glob)
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
				if _, ok := messages[m[1]]; !ok {
					t.Errorf("%s: key %q not in the catalogue", f, m[1])
				}
			}
		}
	}
	if seen < 80 {
		t.Fatalf("found only %d literal keys; the pattern is broken", seen)
	}
}
