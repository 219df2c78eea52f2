package hub

import (
	"bytes"
	"testing"

	"gatepost/record"
)

// FuzzCanonicalBody: whatever canonicalBody accepts, record.CanonicalJSON
// writes byte for byte the same. (It may refuse canonical bodies: those go
// the slow way.)
func FuzzCanonicalBody(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `{"a":1,"b":[true,false,null],"c":{"d":"e"}}`, `{"b":1,"a":2}`, `{"a":1,"a":2}`,
		`{"t":36.50}`, `{"t":-0.5e+10}`, `{"t":01}`, `{"s":"张三"}`, `{"s":"a\nb"}`, `{"s":"\u2028"}`,
		`{ "a":1}`, `{"a":1} `, `"x"`, `12`, `{"a":[1,2,{"b":[]}]}`, `{"a":"<>&"}`, "{\"a\":\"\xff\"}",
		`{"a":1.}`, `{"a":-}`, `{"a":1e}`, `nul`, `{"":0,"a":0}`, `{"a":0,"":0}`, `[1,]`, `{"a":1,}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !canonicalBody(b) {
			return
		}
		c, err := record.CanonicalJSON(b)
		if err != nil || !bytes.Equal(c, b) {
			t.Fatalf("accepted %q, canonical form %q (%v)", b, c, err)
		}
	})
}

func TestCanonicalBodyAcceptsWhatTerminalsWrite(t *testing.T) {
	temp := record.Tenths(365)
	for _, v := range []any{
		record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "S1", Name: "张三", Temp: &temp, Allowed: true, Reason: "staff"},
		record.TemperatureBody{Badge: "S1", Temp: 381, Fever: true},
		record.ReportDailyBody{Day: "2025-03-01", Zero: true, Abnormal: []string{}},
	} {
		b, err := record.EncodeBody(v)
		if err != nil {
			t.Fatal(err)
		}
		if !canonicalBody(b) {
			t.Errorf("%s: a terminal's body goes the slow way", b)
		}
	}
	for _, s := range []string{`{"b":1,"a":2}`, `{"a":1,"a":2}`, `{ "a":1}`, `{"t":01}`, `{"a":1}x`} {
		if canonicalBody([]byte(s)) {
			t.Errorf("%s accepted as canonical", s)
		}
	}
}

// TestEveryKindHasABody: every kind a terminal may write is checked against
// its body type.
func TestEveryKindHasABody(t *testing.T) {
	for _, k := range record.Kinds {
		if _, ok := bodyOf[k]; !ok {
			t.Errorf("kind %s has no body type in bodyOf", k)
		}
	}
}
