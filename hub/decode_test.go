package hub

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"testing"

	"gatepost/hub/wire"
	"gatepost/record"
)

// FuzzDecodePush: DecodePush (split, then decode on all cores) answers
// every body as the one-pass stream decoder it replaced did — the same
// error for the whole body, or the same records and the same malformed
// elements in the same places. The seed corpus is in
// testdata/fuzz/FuzzDecodePush.
func FuzzDecodePush(f *testing.F) {
	r := record.Record{ID: "0193c0de-0000-7000-8000-000000000001", Terminal: "t", Facility: "F1", Seq: 1, Kind: record.Incident,
		Body: json.RawMessage(`{"detail":"a&b"}`)}
	r.Seal("")
	one, _ := r.AppendJSON(nil)
	for _, s := range []string{
		`{"records":[` + string(one) + `]}`,
		`{"records":[` + string(one) + `,5,{"id":"x","at":"yesterday"},{"seq":"1"}]}`,
		`{"x":{"records":[1]},"records":null}`,
		` {"records" : [ ] } `,
		`{"records":[]}{}`,
		`{"records":[{"id":"\xff"}]}`,
		`{"records":[1],"records":[2]}`,
		`[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := DecodePush(body)
		want, wantErr := decodePushStream(body)
		if !errors.Is(err, wantErr) && (err != nil || wantErr != nil) {
			t.Fatalf("error %v, the stream decoder %v", err, wantErr)
		}
		if err != nil {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("%d elements, the stream decoder %d", len(got), len(want))
		}
		for i := range got {
			g, w := got[i], want[i]
			if (g.Malformed == "") != (w.Malformed == "") || !reflect.DeepEqual(g.Record, w.Record) {
				t.Fatalf("element %d: %+v, the stream decoder %+v", i, g, w)
			}
		}
	})
}

// decodePushStream is DecodePush as it was: one pass of encoding/json's
// stream decoder over the body.
func decodePushStream(body []byte) ([]Pushed, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, ErrNotPush
	}
	var out []Pushed
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, ErrNotPush
		}
		if key != "records" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, ErrNotPush
			}
			continue
		}
		tok, err := dec.Token()
		if err != nil {
			return nil, ErrNotPush
		}
		if tok == nil { // "records": null
			continue
		}
		if tok != json.Delim('[') {
			return nil, ErrNotPush
		}
		for dec.More() {
			if len(out) >= wire.MaxBatch {
				return nil, ErrTooMany
			}
			var w pushedWire
			if err := dec.Decode(&w); err != nil {
				var te *json.UnmarshalTypeError
				if !errors.As(err, &te) {
					return nil, ErrNotPush
				}
				// The element was read whole; the stream is still in step.
				out = append(out, Pushed{Record: record.Record{ID: shortID(w.ID)}, Malformed: jsonProblem(err)})
				continue
			}
			p, err := w.record()
			if err != nil {
				out = append(out, Pushed{Record: record.Record{ID: shortID(w.ID)}, Malformed: err.Error()})
				continue
			}
			out = append(out, Pushed{Record: p})
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim(']') {
			return nil, ErrNotPush
		}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, ErrNotPush
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, ErrNotPush // trailing data
	}
	return out, nil
}

// The hub reads the next push into the buffer of the last one: what
// DecodePush returns must not change when its body's memory is reused.
func TestDecodePushKeepsNothingOfTheBody(t *testing.T) {
	r := record.Record{ID: "0193c0de-0000-7000-8000-000000000001", Terminal: "t", Facility: "F1", Seq: 1, Kind: record.Incident,
		Body: json.RawMessage(`{"detail":"a&b"}`)}
	r.Seal("")
	one, _ := r.AppendJSON(nil)
	body := []byte(`{"records":[` + string(one) + `,{"id":"x","seq":"two"}]}`)
	got, err := DecodePush(body)
	if err != nil || len(got) != 2 {
		t.Fatalf("%v %v", got, err)
	}
	want := []Pushed{{Record: got[0].Record}, {Record: got[1].Record, Malformed: got[1].Malformed}}
	want[0].Record.Body = bytes.Clone(got[0].Record.Body)
	for i := range body {
		body[i] = 'x'
	}
	if !reflect.DeepEqual(got, want) || got[0].Record.Hash != r.Hash || got[1].Record.ID != "x" {
		t.Fatalf("the records changed with their body's memory: %+v", got)
	}
}
