// Package identity is the registry's pure side (§15): who a non-rostered
// person is (a visitor, a driver, a vehicle's plate) kept beside the record
// log rather than in it. A record names such a person by a random reference
// and carries a commitment, HMAC-SHA256 of the identity's canonical encoding
// under a random salt kept only in the registry row.
//
// The commitment covers what identifies (Fields.Identifying: the resident
// ID number, or the plate when there is none), not the details a visit
// adds (name as typed, phone, work unit, the person visited), which the row
// keeps from the latest visit: the same visitor comes back, is typed with
// or without a name, leaves without giving a phone, and every one of those
// records must still point at one row whose check passes. While the row exists,
// anyone holding it can check it is the identity the record meant; once the
// row is erased the record says nothing about who it was, and since the
// commitment is part of the hashed body the chain still verifies.
//
// The salt is what makes erasure real: resident ID numbers are few enough
// (region, birth date, three digits and a check digit) that an unsalted or
// facility-keyed hash could be reversed by trying them all.
package identity

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"gatepost/gate"
)

// Category is what kind of personal data a registry row holds; retention is
// set per category.
type Category string

// Categories.
const (
	Visitor Category = "visitor" // a person without a badge at the main gate: visitors, drivers, pass holders
	Vehicle Category = "vehicle" // a plate with no person behind it in the record
)

// Fields are the personal fields of one identity. Every field is optional;
// an identity has at least an ID number or a plate (Key).
type Fields struct {
	IDNumber string `json:"id_number,omitempty"`
	Name     string `json:"name,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Unit     string `json:"unit,omitempty"`     // work unit
	Visiting string `json:"visiting,omitempty"` // the person visited
	Plate    string `json:"plate,omitempty"`
}

// Empty reports whether f names nobody.
func (f Fields) Empty() bool { return f == Fields{} }

// Key is what finds an identity again on a later visit: the resident ID
// number for a person, the plate for a vehicle. "" when f has neither.
func (f Fields) Key() string {
	switch {
	case f.IDNumber != "":
		return "i:" + f.IDNumber
	case f.Plate != "":
		return "p:" + f.Plate
	}
	return ""
}

// fieldOrder fixes the canonical encoding; a field added later goes at the
// end so that every commitment made before it still checks.
func (f Fields) ordered() []string {
	return []string{f.IDNumber, f.Name, f.Phone, f.Unit, f.Visiting, f.Plate}
}

// ErrInvalid is a field that cannot be encoded canonically.
var ErrInvalid = errors.New("identity: field is not valid UTF-8")

// Canonical is the encoding the commitment is taken over: a version byte,
// then every field in a fixed order as a 4-byte big-endian length and its
// bytes. Length prefixes make it unambiguous ("ab"+"c" differs from
// "a"+"bc"), which a separator would not be for free text; fields are
// trimmed of surrounding space, since a guard's stray space does not make
// another person.
func Canonical(f Fields) ([]byte, error) {
	out := []byte{1}
	for _, s := range f.ordered() {
		s = strings.TrimSpace(s)
		if !utf8.ValidString(s) {
			return nil, ErrInvalid
		}
		out = binary.BigEndian.AppendUint32(out, uint32(len(s)))
		out = append(out, s...)
	}
	return out, nil
}

// SaltSize is the salt's length in bytes.
const SaltSize = 32

// Identifying is the part of f a commitment covers: the ID number when
// there is one, else the plate.
func (f Fields) Identifying() Fields {
	f = trimmed(f)
	if f.IDNumber != "" {
		return Fields{IDNumber: f.IDNumber}
	}
	return Fields{Plate: f.Plate}
}

// Commit is the commitment to f's identifying part under salt, in
// lower-case hex.
func Commit(salt []byte, f Fields) (string, error) {
	c, err := Canonical(f.Identifying())
	if err != nil {
		return "", err
	}
	return mac(salt, c), nil
}

// mac is the HMAC-SHA256 of canon under salt, in lower-case hex: the one
// commitment of identities and health details alike.
func mac(salt, canon []byte) string {
	m := hmac.New(sha256.New, salt)
	m.Write(canon)
	return hex.EncodeToString(m.Sum(nil))
}

// checkMAC reports whether commitment is mac(salt, canon), in constant
// time; no salt or a malformed commitment never matches.
func checkMAC(salt, canon []byte, commitment string) bool {
	if len(salt) == 0 {
		return false
	}
	want, err := hex.DecodeString(commitment)
	if err != nil || len(want) != sha256.Size {
		return false
	}
	m := hmac.New(sha256.New, salt)
	m.Write(canon)
	return hmac.Equal(m.Sum(nil), want)
}

// newRefSalt draws a fresh 16-byte reference (hex) and salt from src.
func newRefSalt(src io.Reader) (ref string, salt []byte, err error) {
	b := make([]byte, 16)
	salt = make([]byte, SaltSize)
	if _, err := io.ReadFull(src, b); err != nil {
		return "", nil, err
	}
	if _, err := io.ReadFull(src, salt); err != nil {
		return "", nil, err
	}
	return hex.EncodeToString(b), salt, nil
}

// Check reports whether f's identifying part under salt is what commitment
// commits to. The
// comparison is constant-time; a malformed commitment never matches.
func Check(salt []byte, f Fields, commitment string) bool {
	c, err := Canonical(f.Identifying())
	return err == nil && checkMAC(salt, c, commitment)
}

// Row is one identity in the registry. An erased row keeps only its
// reference, category and when it was erased: the salt and every field are
// gone, so the records that point at it stay verifiable and say nothing.
type Row struct {
	Ref      string
	Category Category
	Salt     []byte
	Fields   Fields
	// LastSeen is the local day ("2006-01-02") of the latest record that
	// referred to it: visitors' retention counts from there.
	LastSeen string
	// Erased is when the row was erased (RFC 3339), "" while it holds data.
	Erased string
}

// New makes a registry row for f with a fresh reference and salt, and its
// commitment.
func New(cat Category, f Fields, day string) (Row, string, error) {
	return NewFrom(rand.Reader, cat, f, day)
}

// NewFrom is New drawing the reference and salt from src: crypto/rand
// always, except for the demo, whose generated records must be the same for
// the same seed.
func NewFrom(src io.Reader, cat Category, f Fields, day string) (Row, string, error) {
	ref, salt, err := newRefSalt(src)
	if err != nil {
		return Row{}, "", err
	}
	r := Row{Ref: ref, Category: cat, Salt: salt, Fields: trimmed(f), LastSeen: day}
	if _, err := Canonical(r.Fields); err != nil {
		return Row{}, "", err
	}
	c, err := Commit(r.Salt, r.Fields)
	if err != nil {
		return Row{}, "", err
	}
	return r, c, nil
}

// Commitment is r's commitment to its fields; "" for an erased row.
func (r Row) Commitment() string {
	if r.Erased != "" || len(r.Salt) == 0 {
		return ""
	}
	c, _ := Commit(r.Salt, r.Fields) // the fields were encodable when the row was made
	return c
}

// Matches reports whether r is the identity commitment was made to.
func (r Row) Matches(commitment string) bool {
	return r.Erased == "" && Check(r.Salt, r.Fields, commitment)
}

func trimmed(f Fields) Fields {
	return Fields{IDNumber: strings.TrimSpace(f.IDNumber), Name: strings.TrimSpace(f.Name), Phone: strings.TrimSpace(f.Phone),
		Unit: strings.TrimSpace(f.Unit), Visiting: strings.TrimSpace(f.Visiting), Plate: strings.TrimSpace(f.Plate)}
}

// Masked is f as it may be shown after the moment of entry (§15): the ID
// number masked by gate.MaskID, the phone to its first 3 and last 4 digits.
func (f Fields) Masked() Fields {
	if f.IDNumber != "" {
		f.IDNumber = gate.MaskID(f.IDNumber)
	}
	if len(f.Phone) == 11 {
		f.Phone = f.Phone[:3] + "****" + f.Phone[7:]
	} else if f.Phone != "" {
		f.Phone = gate.MaskID(f.Phone)
	}
	return f
}

// Categories lists the categories, in the order a purge reports them.
var Categories = []Category{Visitor, Vehicle}

// Cutoffs turns retention in days per category into the day before which
// a category's identities are erased: kept days after the last visit, so
// an identity last seen on the cutoff day itself is kept. Health, whose
// retention counts from the epidemic profile's end (HealthCutoff), is left
// out.
func Cutoffs(days map[Category]int, now time.Time) map[Category]string {
	out := make(map[Category]string, len(days))
	for c, n := range days {
		if c == Health {
			continue
		}
		out[c] = now.AddDate(0, 0, -n).Format("2006-01-02")
	}
	return out
}
