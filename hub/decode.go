package hub

import (
	"bytes"
	"encoding/json"
	"encoding/json/jsontext"
	"errors"
	"fmt"
	"io"

	"gatepost/hub/wire"
	"gatepost/record"
)

// Pushed is one element of a push as decoded: a record, or (Malformed set)
// why it is not one; Record.ID is then whatever id could be read.
type Pushed struct {
	Record    record.Record
	Malformed string
}

// Errors of DecodePush, each a 4xx for the whole request. A body that is
// not a push is ErrNotPush, or an error that is ErrNotPush (errors.Is) and
// says what is wrong with the body: empty, not JSON and where, cut short.
var (
	ErrNotPush = errors.New(`the body is not a push request: want {"records": [...]}`)
	ErrTooMany = errors.New("too many records in one push")
)

// badBody is ErrNotPush, saying what is wrong with the body.
type badBody string

func (e badBody) Error() string        { return string(e) + `: want {"records": [...]}` }
func (e badBody) Is(target error) bool { return target == ErrNotPush }

// notPush is the error of a body whose decoding failed with err (nil: it is
// JSON of another shape). It names a place in the body, never its content.
func notPush(body []byte, err error) error {
	var se *jsontext.SyntacticError
	switch {
	case err == nil:
		return ErrNotPush
	case len(bytes.TrimSpace(body)) == 0:
		return badBody("the body is empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badBody(fmt.Sprintf("the body ends before its JSON does (after %d bytes: cut short?)", len(body)))
	case errors.As(err, &se):
		return badBody(fmt.Sprintf("the body is not valid JSON (at byte %d)", se.ByteOffset))
	}
	return ErrNotPush
}

// pushedWire mirrors record.Record's JSON form, with at as the string it
// was sent as (record.Record parses it) and the body raw. splitPush hands
// on each record's bytes, and each is decoded into it on its own, on every
// core (DecodeRecords).
type pushedWire struct {
	ID       string          `json:"id"`
	Terminal string          `json:"terminal"`
	Facility string          `json:"facility"`
	Seq      int64           `json:"seq"`
	Kind     record.Kind     `json:"kind"`
	Gate     int             `json:"gate"`
	Guard    string          `json:"guard"`
	At       string          `json:"at"`
	Body     json.RawMessage `json:"body"`
	Prev     string          `json:"prev"`
	Hash     string          `json:"hash"`
}

// DecodePush decodes a push body, {"records": [...]}. An element that is
// JSON but not a record (wrong field types, unparsable at, not an object)
// becomes a Pushed with Malformed set, answered "rejected" on its own; a body
// that is not JSON at all, or not of that shape, is ErrNotPush (errors.Is:
// its message says what is wrong with the body); more than
// wire.MaxBatch records is ErrTooMany.
//
// The body is first split into its elements, a scan with no decoding, and
// the elements are then decoded on all cores (DecodeRecords): decoding was
// the largest share of a push the hub did on one core while the terminal
// waited. What it returns holds no reference into body: the caller may
// reuse body's memory.
func DecodePush(body []byte) ([]Pushed, error) {
	raws, err := splitPush(body)
	if err != nil {
		return nil, err
	}
	return DecodeRecords(raws), nil
}

// splitPush returns the elements of the records array, as slices of body.
// Like the decoder it replaces, it takes invalid UTF-8 inside an element (that
// record is then refused on its own, its hash cannot match) and a repeated
// key.
func splitPush(body []byte) ([]json.RawMessage, error) {
	// From a bytes.Buffer the decoder reads body in place, no copy.
	dec := jsontext.NewDecoder(bytes.NewBuffer(body), jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, notPush(body, err)
	}
	var out []json.RawMessage
	for dec.PeekKind() != '}' {
		key, err := dec.ReadToken()
		if err != nil {
			return nil, notPush(body, err)
		}
		if key.String() != "records" {
			if err := dec.SkipValue(); err != nil {
				return nil, notPush(body, err)
			}
			continue
		}
		switch dec.PeekKind() {
		case 'n': // "records": null
			if _, err := dec.ReadToken(); err != nil {
				return nil, notPush(body, err)
			}
			continue
		case '[':
		default:
			if _, err := dec.ReadValue(); err != nil {
				return nil, notPush(body, err) // not JSON, rather than of another shape
			}
			return nil, ErrNotPush
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, notPush(body, err)
		}
		for dec.PeekKind() != ']' {
			if len(out) >= wire.MaxBatch {
				return nil, ErrTooMany
			}
			v, err := dec.ReadValue()
			if err != nil {
				return nil, notPush(body, err)
			}
			// The element's own bytes in body: no copy.
			end := int(dec.InputOffset())
			out = append(out, json.RawMessage(body[end-len(v):end:end]))
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, notPush(body, err)
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, notPush(body, err)
	}
	if _, err := dec.ReadToken(); err == nil {
		return nil, badBody("the body goes on after its JSON value")
	} else if err != io.EOF {
		return nil, notPush(body, err)
	}
	return out, nil
}

func (w pushedWire) record() (record.Record, error) {
	if w.At == "" {
		return record.Record{}, errors.New("at is missing")
	}
	at, err := record.ParseAt(w.At)
	if err != nil {
		return record.Record{}, errors.New("at is not an RFC 3339 time")
	}
	return record.Record{ID: w.ID, Terminal: w.Terminal, Facility: w.Facility, Seq: w.Seq, Kind: w.Kind, Gate: w.Gate,
		Guard: w.Guard, At: at, Body: record.CanonicalBody(w.Body), Prev: w.Prev, Hash: w.Hash}, nil
}

func shortID(id string) string {
	if len(id) > 64 {
		return ""
	}
	return id
}

// DecodeRecords turns records already split out of a push (e.g. by a test or
// another transport) into what Ingest takes. Each record decodes on its own,
// so a large push is decoded on all cores (see eachChunk).
func DecodeRecords(raws []json.RawMessage) []Pushed {
	out := make([]Pushed, len(raws))
	eachChunk(len(raws), func(lo, hi int) { decodeRecords(raws[lo:hi], out[lo:hi]) })
	return out
}

func decodeRecords(raws []json.RawMessage, out []Pushed) {
	for i, raw := range raws {
		out[i] = decodeOne(raw)
	}
}

// decodeOne decodes one pushed record. It runs on a worker goroutine, out
// of reach of the HTTP server's recovery: a panic (a fault of the hub) makes
// this record malformed, where it ended the hub.
func decodeOne(raw json.RawMessage) (p Pushed) {
	defer func() {
		if v := recover(); v != nil {
			hubFault("decoding a pushed record", v)
			p = Pushed{Record: record.Record{ID: idOf(raw)},
				Malformed: "the hub failed while decoding it (a fault of the hub, not of the record)"}
		}
	}()
	var w pushedWire
	if err := json.Unmarshal(raw, &w); err != nil {
		return Pushed{Record: record.Record{ID: idOf(raw)}, Malformed: jsonProblem(err)}
	}
	r, err := w.record()
	if err != nil {
		return Pushed{Record: record.Record{ID: shortID(w.ID)}, Malformed: err.Error()}
	}
	return Pushed{Record: r}
}

// idOf is the id of a record that does not decode, if it has one a
// terminal could know it by: the answer goes at the record's index, and the
// terminal checks the id there.
func idOf(raw json.RawMessage) (id string) {
	defer func() {
		if recover() != nil {
			id = ""
		}
	}()
	var v struct {
		ID any `json:"id"`
	}
	json.Unmarshal(raw, &v)
	s, _ := v.ID.(string)
	return shortID(s)
}
