package record_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"gatepost/record"
)

// FuzzCanonicalJSON checks that CanonicalJSON never panics, that what it
// returns is valid JSON meaning the same as its input, and that it is a fixed
// point: canonical(canonical(x)) == canonical(x). The seed corpus is in
// testdata/fuzz/FuzzCanonicalJSON.
func FuzzCanonicalJSON(f *testing.F) {
	for _, s := range []string{
		`{"b":1,"a":[true,false,null]}`,
		`{"name":"张三","temp":36.5}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		once, err := record.CanonicalJSON(in)
		if err != nil {
			return
		}
		if !json.Valid(once) {
			t.Fatalf("CanonicalJSON(%q) = %q, not valid JSON", in, once)
		}
		twice, err := record.CanonicalJSON(once)
		if err != nil {
			t.Fatalf("CanonicalJSON rejects its own output %q: %v", once, err)
		}
		if !bytes.Equal(once, twice) {
			t.Fatalf("not idempotent:\n  in    %q\n  once  %q\n  twice %q", in, once, twice)
		}
		// Same meaning: both decode to equal values (numbers compared as written).
		if !sameJSON(t, in, once) {
			t.Fatalf("meaning changed: %q -> %q", in, once)
		}
	})
}

func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	decode := func(x []byte) any {
		d := json.NewDecoder(bytes.NewReader(x))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatalf("decode %q: %v", x, err)
		}
		return v
	}
	ea, _ := json.Marshal(decode(a))
	eb, _ := json.Marshal(decode(b))
	return bytes.Equal(ea, eb)
}

// FuzzSecurityDaily checks that CheckSecurityDaily never panics, and that a
// body it accepts survives the store's encoding and is accepted again: what
// a supervisor attested can always be read back. The seed corpus is in
// testdata/fuzz/FuzzSecurityDaily.
func FuzzSecurityDaily(f *testing.F) {
	for _, s := range []string{
		`{"day":"2026-11-28","supervisor":"9001","no_events":true,"events":[],"suspected":0,"confirmed":0,"close_contacts":0}`,
		`{"day":"2026-11-28","supervisor":"9001","events":[{"type":"fight","time":"14:20","badges":["D1"],"summary":"推搡","handling":"制止"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if record.CheckSecurityDaily(in) != nil {
			return
		}
		var b record.SecurityDailyBody
		if err := json.Unmarshal(in, &b); err != nil {
			t.Fatalf("accepted but does not decode: %v", err)
		}
		raw, err := record.EncodeBody(b)
		if err != nil {
			t.Fatalf("accepted %q but cannot encode it: %v", in, err)
		}
		if err := record.CheckSecurityDaily(raw); err != nil {
			t.Fatalf("accepted %q, refused its encoding %q: %v", in, raw, err)
		}
	})
}
