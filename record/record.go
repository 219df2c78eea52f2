// Package record defines the append-only record every terminal writes (§5):
// the envelope, the kinds, a canonical byte encoding and the SHA-256 hash
// chain that links each terminal's records. Terminal and hub share it.
//
// # Canonical encoding
//
// The hash of a record is SHA-256 over its canonical encoding, written as
// lowercase hex. The canonical encoding is the concatenation, in this order, of
// the fields id, terminal, facility, seq, kind, gate, guard, at, body, prev,
// each written as a netstring: the decimal byte length of the field's UTF-8
// text, a colon, the text, and a comma. For example the kind "void" is
// "4:void,". Integers (seq, gate) are written in decimal without leading
// zeros or sign. at is written as "2006-01-02T15:04:05.000Z07:00" (RFC 3339 with
// exactly three fractional digits and the terminal's offset). body is canonical
// JSON (see CanonicalJSON): an object with sorted keys and no insignificant
// whitespace. prev is the previous record's hash on the same terminal, or the
// empty string for the first record (seq 1).
//
// Because every field is length-prefixed, no choice of field contents can make
// two different records encode to the same bytes.
package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/json/jsontext"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// Kind names what a record says happened.
type Kind string

// The kinds of §5.
const (
	ShiftOpen         Kind = "shift.open"
	ShiftClose        Kind = "shift.close"
	Passage           Kind = "passage"
	Temperature       Kind = "temperature"
	SupplyReceived    Kind = "supply.received"
	SupplyDisinfected Kind = "supply.disinfected"
	SupplyStored      Kind = "supply.stored"
	StandbyStart      Kind = "standby.start"
	StandbyCheckin    Kind = "standby.checkin"
	StandbyEnd        Kind = "standby.end"
	StandbyCallup     Kind = "standby.callup"
	Attendance        Kind = "attendance"
	FoodInspection    Kind = "food.inspection"
	FoodSample        Kind = "food.sample"
	Disinfection      Kind = "disinfection"
	Incident          Kind = "incident"
	Override          Kind = "override"
	Void              Kind = "void"
	ReportDaily       Kind = "report.daily"
	NoticeAck         Kind = "notice.ack"
	Clearance         Kind = "clearance" // §11: lifts a fever bar or a contact
	// SampleDiscard and KitchenCheck are §11's daily measures in practice:
	// a meal sample thrown away after its time, a cook's morning check.
	SampleDiscard Kind = "food.sample.discard"
	KitchenCheck  Kind = "kitchen.check"
	// ConfigChange is a change of a setting that decides what the gates
	// do (the fever threshold, the meal-sample rules, …): who may cross is
	// decided by those settings, so a change of them belongs in the log.
	ConfigChange Kind = "config.change"
	// SecurityDaily is the duty leader's attestation of the day's security
	// and epidemic situation (§13 二、安全稳定): written when the daily report
	// is submitted, so the report says what was attested, not what nobody
	// recorded.
	SecurityDaily Kind = "security.daily"
	// Admission and Release are a detainee admitted (新收) and released
	// (出所) through the main gate, on the duty leader's authority
	// (body_movement.go): the roster as of a day follows them.
	Admission Kind = "detainee.admission"
	Release   Kind = "detainee.release"
	// IdentityExport is an export of the identity registry with resident
	// ID numbers and phones unmasked, by an admin (§15); IdentityPurge the
	// erasure of a category's identities per the retention policy. Neither
	// names anyone.
	IdentityExport Kind = "identity.export"
	IdentityPurge  Kind = "identity.purge"
)

// Kinds lists every kind, in the order of §5, then the kinds added since.
var Kinds = []Kind{
	ShiftOpen, ShiftClose, Passage, Temperature, SupplyReceived, SupplyDisinfected,
	SupplyStored, StandbyStart, StandbyCheckin, StandbyEnd, StandbyCallup, Attendance,
	FoodInspection, FoodSample, Disinfection, Incident, Override, Void, ReportDaily, NoticeAck,
	Clearance, ConfigChange, SampleDiscard, KitchenCheck, SecurityDaily, Admission, Release,
	IdentityExport, IdentityPurge,
}

// Valid reports whether k is one of the kinds of §5.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// TimeLayout is the one layout `at` is written in.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

// MaxGate is the highest gate number; 0 means facility-wide.
const MaxGate = 5

// Record is the §5 envelope. Body holds the kind's fields as canonical JSON.
type Record struct {
	ID       string          `json:"id"`
	Terminal string          `json:"terminal"`
	Facility string          `json:"facility"`
	Seq      int64           `json:"seq"`
	Kind     Kind            `json:"kind"`
	Gate     int             `json:"gate"`
	Guard    string          `json:"guard"`
	At       time.Time       `json:"-"`
	Body     json.RawMessage `json:"body"`
	Prev     string          `json:"prev"`
	Hash     string          `json:"hash"`
}

// wire is Record as it travels in JSON: at as the canonical string, so that a
// round trip through JSON keeps the exact bytes that were hashed.
type wire struct {
	ID       string          `json:"id"`
	Terminal string          `json:"terminal"`
	Facility string          `json:"facility"`
	Seq      int64           `json:"seq"`
	Kind     Kind            `json:"kind"`
	Gate     int             `json:"gate"`
	Guard    string          `json:"guard"`
	At       string          `json:"at"`
	Body     json.RawMessage `json:"body"`
	Prev     string          `json:"prev"`
	Hash     string          `json:"hash"`
}

// MarshalJSON writes the record as AppendJSON does, in one allocation
// sized for the envelope (about 300 bytes) and the body. encoding/json
// still escapes &, < and > in what it is given; readers undo that (see
// UnmarshalJSON), but a transport should call MarshalJSON itself.
func (r Record) MarshalJSON() ([]byte, error) { return r.AppendJSON(make([]byte, 0, 384+len(r.Body))) }

// AppendJSON appends the record as it travels in JSON: the wire object, at
// in TimeLayout, the body verbatim. Nothing is HTML-escaped: the body's
// bytes are the hashed bytes, and an encoder that writes & as \u0026 hands
// the reader another body (which the reader must then put back, see
// CanonicalBody). Writing the fields directly also spares a push the
// reflection and re-validation of encoding/json on every record.
func (r Record) AppendJSON(dst []byte) ([]byte, error) {
	body := []byte(r.Body)
	if len(body) == 0 {
		body = []byte("null")
	} else if !jsontext.Value(body).IsValid() {
		return dst, fmt.Errorf("record %s: body is not valid JSON", r.ID)
	}
	var err error
	str := func(key, v string) {
		dst = append(dst, key...)
		if err == nil {
			dst, err = jsontext.AppendQuote(dst, v)
		}
	}
	str(`{"id":`, r.ID)
	str(`,"terminal":`, r.Terminal)
	str(`,"facility":`, r.Facility)
	dst = strconv.AppendInt(append(dst, `,"seq":`...), r.Seq, 10)
	str(`,"kind":`, string(r.Kind))
	dst = strconv.AppendInt(append(dst, `,"gate":`...), int64(r.Gate), 10)
	str(`,"guard":`, r.Guard)
	dst = append(dst, `,"at":"`...)
	dst = append(r.At.AppendFormat(dst, TimeLayout), '"')
	dst = append(append(dst, `,"body":`...), body...)
	str(`,"prev":`, r.Prev)
	str(`,"hash":`, r.Hash)
	if err != nil {
		return dst, fmt.Errorf("record %s: %w", r.ID, err)
	}
	return append(dst, '}'), nil
}

// UnmarshalJSON reads what MarshalJSON wrote, and the same written by any
// JSON encoder: a body whose strings were escaped differently (\u0026 for
// &) is put back in canonical form (CanonicalBody).
func (r *Record) UnmarshalJSON(b []byte) error {
	var w wire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	at, err := ParseAt(w.At)
	if err != nil {
		return err
	}
	*r = Record{w.ID, w.Terminal, w.Facility, w.Seq, w.Kind, w.Gate, w.Guard, at, CanonicalBody(w.Body), w.Prev, w.Hash}
	return nil
}

// CanonicalBody returns a body as it was hashed, whatever escapes the JSON
// encoders on its way chose: a body holding an escape is re-encoded in
// canonical form (one that does not parse is returned as it is, for Check
// to refuse). Only escapes are forgiven this way: a body with its keys out
// of order and no escape is left as sent, and refused.
func CanonicalBody(b json.RawMessage) json.RawMessage {
	if bytes.IndexByte(b, '\\') < 0 {
		return b
	}
	if c, err := CanonicalJSON(b); err == nil {
		return c
	}
	return b
}

// AtString is `at` as it is encoded and hashed.
func (r Record) AtString() string { return r.At.Format(TimeLayout) }

// ParseAt parses a time written in TimeLayout (any RFC 3339 time is accepted,
// and truncated to milliseconds as it would be when written).
func ParseAt(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("at: %w", err)
	}
	return t.Truncate(time.Millisecond), nil
}

// NewID returns a fresh UUIDv7: time-ordered, so ids sort roughly by creation.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// Canonical returns the canonical encoding of r (all fields but hash).
func (r Record) Canonical() []byte { return r.AppendCanonical(nil) }

// AppendCanonical appends the canonical encoding of r to dst.
func (r Record) AppendCanonical(dst []byte) []byte {
	var num [20]byte
	field := func(f []byte) {
		dst = strconv.AppendInt(dst, int64(len(f)), 10)
		dst = append(append(append(dst, ':'), f...), ',')
	}
	str := func(f string) {
		dst = strconv.AppendInt(dst, int64(len(f)), 10)
		dst = append(append(append(dst, ':'), f...), ',')
	}
	str(r.ID)
	str(r.Terminal)
	str(r.Facility)
	field(strconv.AppendInt(num[:0], r.Seq, 10))
	str(string(r.Kind))
	field(strconv.AppendInt(num[:0], int64(r.Gate), 10))
	str(r.Guard)
	var at [40]byte
	field(r.At.AppendFormat(at[:0], TimeLayout))
	field(r.Body)
	str(r.Prev)
	return dst
}

// ComputeHash returns the hex SHA-256 of r's canonical encoding. The
// encoding is built on the stack for an ordinary record: hashing is most of
// what checking a pushed record costs.
func (r Record) ComputeHash() string {
	var buf [1024]byte
	sum := sha256.Sum256(r.AppendCanonical(buf[:0]))
	return hex.EncodeToString(sum[:])
}

// Seal sets r.Prev to prev and r.Hash to the record's hash.
func (r *Record) Seal(prev string) {
	r.Prev = prev
	r.Hash = r.ComputeHash()
}

// CanonicalJSON re-encodes a JSON value with sorted object keys, no
// insignificant whitespace, numbers kept exactly as written and no HTML
// escaping. Two bodies that mean the same thing encode to the same bytes.
func CanonicalJSON(raw []byte) ([]byte, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("body: %w", err)
	}
	// More would miss a stray "}" or "]"; only whitespace may follow.
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("body: trailing data after JSON value")
	}
	return marshalCanonical(v)
}

func marshalCanonical(v any) ([]byte, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil { // encoding/json sorts map keys
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// EncodeBody marshals a kind's body struct to canonical JSON.
func EncodeBody(v any) (json.RawMessage, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return CanonicalJSON(raw)
}

// Check validates the envelope fields that do not depend on other records:
// a known kind, a gate in range, a positive seq, a canonical body and a hash
// that matches. It does not check the chain.
func (r Record) Check() error {
	switch {
	case r.ID == "":
		return errors.New("id is empty")
	case r.Terminal == "" || r.Facility == "":
		return errors.New("terminal or facility is empty")
	case r.Seq < 1:
		return fmt.Errorf("seq %d is not positive", r.Seq)
	case !r.Kind.Valid():
		return fmt.Errorf("unknown kind %q", r.Kind)
	case r.Gate < 0 || r.Gate > MaxGate:
		return fmt.Errorf("gate %d out of range 0–%d", r.Gate, MaxGate)
	}
	if _, err := uuid.Parse(r.ID); err != nil {
		return fmt.Errorf("id: %w", err)
	}
	canon, err := CanonicalJSON(r.Body)
	if err != nil {
		return err
	}
	if !bytes.Equal(canon, r.Body) {
		return errors.New("body is not canonical JSON")
	}
	if h := r.ComputeHash(); h != r.Hash {
		return fmt.Errorf("hash mismatch at seq %d", r.Seq)
	}
	return nil
}

// Before orders records of a facility's terminals in the order they
// happened: by at, then terminal, then seq. Seq alone orders only one
// terminal's chain; records of several terminals (the facility feed) need
// all three.
func Before(a, b Record) bool {
	if !a.At.Equal(b.At) {
		return a.At.Before(b.At)
	}
	if a.Terminal != b.Terminal {
		return a.Terminal < b.Terminal
	}
	return a.Seq < b.Seq
}
