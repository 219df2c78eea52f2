package hub

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/record"
)

// typeDepth is how deeply a value of type t nests objects and arrays in
// JSON; a json.RawMessage field counts as what it carries, named in raw.
func typeDepth(t *testing.T, typ reflect.Type, raw map[string]reflect.Type) int {
	switch typ.Kind() {
	case reflect.Pointer:
		return typeDepth(t, typ.Elem(), raw)
	case reflect.Slice, reflect.Array, reflect.Map:
		if typ.Elem().Kind() == reflect.Uint8 {
			return 0
		}
		return 1 + typeDepth(t, typ.Elem(), raw)
	case reflect.Interface:
		t.Fatalf("%s: an interface nests anything", typ)
	case reflect.Struct:
		if typ == reflect.TypeFor[time.Time]() {
			return 0
		}
		most := 0
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() || f.Tag.Get("json") == "-" {
				continue
			}
			ft := f.Type
			if ft == reflect.TypeFor[json.RawMessage]() {
				name := typ.Name() + "." + f.Name
				if ft = raw[name]; ft == nil {
					t.Fatalf("%s is raw JSON: say what it carries", name)
				}
			}
			most = max(most, typeDepth(t, ft, raw))
		}
		return 1 + most
	}
	return 0
}

// The bound on a body's nesting leaves room above every body a terminal
// writes: the deepest, a report.daily carrying its report, nests 7.
func TestMaxBodyDepthAboveEveryKind(t *testing.T) {
	raw := map[string]reflect.Type{"ReportDailyBody.Report": reflect.TypeFor[gate.Report]()}
	deepest := 0
	for k, mk := range bodyOf {
		d := typeDepth(t, reflect.TypeOf(mk()), raw)
		if d > MaxBodyDepth/2 {
			t.Errorf("a %s body nests %d: too near MaxBodyDepth (%d)", k, d, MaxBodyDepth)
		}
		deepest = max(deepest, d)
	}
	t.Logf("the deepest body nests %d", deepest)
}

func TestNestsDeeper(t *testing.T) {
	for _, c := range []struct {
		body string
		n    int
		want bool
	}{
		{`{}`, 1, false},
		{`{"a":[]}`, 1, true},
		{`{"a":[]}`, 2, false},
		{`{"a":"[[[[{{{{","b":{}}`, 2, false},
		{`{"a":"\"[[[","b":[[]]}`, 2, true},
		{`{"a":"\\","b":[[]]}`, 3, false},
		{`{"a":[],"b":[],"c":{"d":[]}}`, 3, false},
		{`{"a":[],"b":[],"c":{"d":[]}}`, 2, true},
		{`{"extra":` + strings.Repeat("[", 1001) + strings.Repeat("]", 1001) + `}`, MaxBodyDepth, true},
	} {
		if got := record.NestsDeeper([]byte(c.body), c.n); got != c.want {
			t.Errorf("NestsDeeper(%.40s, %d) = %v", c.body, c.n, got)
		}
	}
}
