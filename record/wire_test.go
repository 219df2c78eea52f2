package record_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gatepost/record"
)

// A body's strings may hold what JSON encoders escape by choice (&, <, >,
// U+2028) or by need (", \, control characters). Whichever encoder carried
// the record, and however it escaped, the reader gets the body that was
// hashed: through AppendJSON, through encoding/json (which writes & as
// \u0026), and through a body re-escaped by hand.
func TestBodyEscapesSurviveTheWire(t *testing.T) {
	cases := []string{
		"公安局&看守所 <二监区>",
		`体温<37 "复测" \ 备注`,
		"行1\n行2\t\u2028",
		"plain",
	}
	for _, text := range cases {
		body, err := record.EncodeBody(map[string]string{"detail": text})
		if err != nil {
			t.Fatal(err)
		}
		r := record.Record{ID: "0193c0de-0000-7000-8000-000000000001", Terminal: "gate1-pc", Facility: "F1", Seq: 7,
			Kind: record.Incident, Gate: 1, Guard: "1001", At: time.Date(2026, 11, 30, 8, 30, 0, 0, cst), Body: body}
		r.Seal(strings.Repeat("a", 64))
		viaAppend, err := r.AppendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		viaStd, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(viaAppend, body) {
			t.Errorf("%q: AppendJSON does not carry the body verbatim: %s", text, viaAppend)
		}
		// By hand: every & as \u0026 and every é-like rune as \u escapes.
		hand := bytes.ReplaceAll(viaAppend, []byte("&"), []byte(`\u0026`))
		hand = bytes.ReplaceAll(hand, []byte("看"), []byte(`\u770b`))
		for name, b := range map[string][]byte{"AppendJSON": viaAppend, "encoding/json": viaStd, "by hand": hand} {
			var back record.Record
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("%q via %s: %v", text, name, err)
			}
			if !bytes.Equal(back.Body, body) || back.Check() != nil {
				t.Errorf("%q via %s: body %s, check %v; want %s", text, name, back.Body, back.Check(), body)
			}
		}
	}
}

// A body that is out of order and holds no escape is not forgiven: only an
// encoder's choice of escapes is.
func TestCanonicalBodyForgivesEscapesOnly(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"a":"x\u0026y"}`, `{"a":"x&y"}`},
		{`{"b":1,"a":2}`, `{"b":1,"a":2}`},
		{`{"b":"\u003c","a":2}`, `{"a":2,"b":"<"}`},
		{`{"a":"\q"}`, `{"a":"\q"}`}, // not JSON: left for Check to refuse
		{`{"a":"\"\\"}`, `{"a":"\"\\"}`},
	}
	for _, c := range cases {
		if got := record.CanonicalBody(json.RawMessage(c.in)); string(got) != c.want {
			t.Errorf("CanonicalBody(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}

// FuzzAppendJSON: whatever the fields hold, AppendJSON either refuses
// (invalid UTF-8, a body that is not JSON) or writes JSON that reads back
// as the same record, equal to what encoding/json makes of the same record.
// The seed corpus is in testdata/fuzz/FuzzAppendJSON.
func FuzzAppendJSON(f *testing.F) {
	f.Add("0193c0de-0000-7000-8000-000000000001", "gate1-pc", "1001", int64(1), 1, `{"detail":"a&b"}`, int64(0))
	f.Add("x", "门岗\u2028", "<g>", int64(-5), -1, `{"a":[1,2,{"b":null}]}`, int64(1700000000123))
	f.Add("", "t", "\x00\x1f\"\\", int64(9223372036854775807), 5, `{}`, int64(-1))
	f.Fuzz(func(t *testing.T, id, terminal, guard string, seq int64, gate int, body string, ms int64) {
		r := record.Record{ID: id, Terminal: terminal, Facility: "F1", Seq: seq, Kind: record.Incident, Gate: gate, Guard: guard,
			At: time.UnixMilli(ms).In(cst), Body: json.RawMessage(body), Prev: "", Hash: strings.Repeat("b", 64)}
		got, err := r.AppendJSON(nil)
		valid := utf8.ValidString(id) && utf8.ValidString(terminal) && utf8.ValidString(guard) && (body == "" || json.Valid([]byte(body)) && utf8.ValidString(body))
		if err != nil {
			if valid {
				t.Fatalf("refused a valid record: %v", err)
			}
			return
		}
		if !valid || !json.Valid(got) {
			t.Fatalf("wrote %q for an invalid record, or invalid JSON", got)
		}
		var a, b record.Record
		if err := json.Unmarshal(got, &a); err != nil {
			if strings.Contains(err.Error(), "at:") { // a year past 9999 does not parse back: the same for encoding/json
				return
			}
			t.Fatalf("does not read back: %v\n%s", err, got)
		}
		std, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("encoding/json refuses what AppendJSON wrote: %v", err)
		}
		if err := json.Unmarshal(std, &b); err != nil {
			t.Fatal(err)
		}
		if a.ID != id || a.Terminal != terminal || a.Guard != guard || a.Seq != seq || a.Gate != gate || a.AtString() != r.AtString() ||
			a.ComputeHash() != b.ComputeHash() || !bytes.Equal(a.Body, b.Body) {
			t.Fatalf("read back differs:\n  wrote %s\n  a %+v\n  b %+v", got, a, b)
		}
	})
}
