package identity

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Health is the category of the health details of a person (§15): what the
// guard asked under the epidemic profile and the answers about symptoms.
// Unlike Visitor and Vehicle they are kept not for N days after a last
// visit but for N days after the epidemic profile was switched off
// (HealthCutoff): they exist for the epidemic's measures and have no use
// after them.
const Health Category = "health"

// HealthDetail is the sensitive part of what a record says about a
// person's health, kept in the erasable health-detail table rather than in
// the record: the answers to the main gate's epidemic questions (health-code
// colour, when the latest negative nucleic-acid sample was taken, travel
// from a risk area) and the symptoms question. What the rules and the
// report count stays in the record (a reading's value, fever yes/no, the
// decision and its reason code): see docs/PRIVACY.md.
type HealthDetail struct {
	Code     string `json:"code,omitempty"`      // health-code colour, gate.HealthCode
	NATAt    string `json:"nat_at,omitempty"`    // RFC 3339, the latest negative sample
	RiskArea *bool  `json:"risk_area,omitempty"` // nil: not asked
	Symptoms *bool  `json:"symptoms,omitempty"`  // nil: not asked
	Note     string `json:"note,omitempty"`      // free text
}

// Empty reports whether d says nothing.
func (d HealthDetail) Empty() bool {
	return d.Code == "" && d.NATAt == "" && d.RiskArea == nil && d.Symptoms == nil && strings.TrimSpace(d.Note) == ""
}

func tri(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "1"
	}
	return "0"
}

// CanonicalHealth is the encoding a health commitment is taken over: a
// version byte (2, so that it can never be read as an identity's), then
// every field in a fixed order, length-prefixed as in Canonical. Unlike an
// identity's, the whole detail is committed: it is one answer given once,
// not a person met again with other details.
func CanonicalHealth(d HealthDetail) ([]byte, error) {
	out := []byte{2}
	for _, s := range []string{d.Code, d.NATAt, tri(d.RiskArea), tri(d.Symptoms), strings.TrimSpace(d.Note)} {
		if !utf8.ValidString(s) {
			return nil, ErrInvalid
		}
		out = binary.BigEndian.AppendUint32(out, uint32(len(s)))
		out = append(out, s...)
	}
	return out, nil
}

// CommitHealth is the commitment to d under salt, in lower-case hex.
func CommitHealth(salt []byte, d HealthDetail) (string, error) {
	c, err := CanonicalHealth(d)
	if err != nil {
		return "", err
	}
	return mac(salt, c), nil
}

// HealthRow is one health detail in its table: Ref is what the record
// names it by, At when the record was made (the purge's clock). An erased
// row keeps Ref, At and Erased only.
type HealthRow struct {
	Ref    string
	Salt   []byte
	Detail HealthDetail
	At     time.Time
	Erased string // RFC 3339, "" while it holds data
}

// NewHealth makes the row of d, recorded at at, with a fresh reference and
// salt from src (crypto/rand but for the demo), and its commitment.
func NewHealth(src io.Reader, d HealthDetail, at time.Time) (HealthRow, string, error) {
	if src == nil {
		src = rand.Reader
	}
	ref, salt, err := newRefSalt(src)
	if err != nil {
		return HealthRow{}, "", err
	}
	d.Note = strings.TrimSpace(d.Note)
	c, err := CommitHealth(salt, d)
	if err != nil {
		return HealthRow{}, "", err
	}
	return HealthRow{Ref: "h" + ref, Salt: salt, Detail: d, At: at}, c, nil
}

// Matches reports whether r holds the detail commitment was made to; an
// erased row never does.
func (r HealthRow) Matches(commitment string) bool {
	if r.Erased != "" {
		return false
	}
	c, err := CanonicalHealth(r.Detail)
	return err == nil && checkMAC(r.Salt, c, commitment)
}

// ProfileSwitch is a change of the facility's profile as the log holds it
// (a config.change of "profile"): when, and whether it switched the
// epidemic profile off.
type ProfileSwitch struct {
	At  time.Time
	Off bool
}

// ErrNoCutoff says there is nothing health retention may erase yet: the
// epidemic profile was never switched off, or not days ago.
var ErrNoCutoff = errors.New("identity: the epidemic profile has not been off long enough")

// HealthCutoff is the moment before which health details are erased,
// given the profile's switches (in any order), the retention in days and
// now: the latest switch-off at least days before now. Details recorded
// before it were recorded under an epidemic profile since ended for days;
// those recorded after a later switch back on wait for that one's end.
// ErrNoCutoff when no switch-off is old enough.
func HealthCutoff(switches []ProfileSwitch, days int, now time.Time) (time.Time, error) {
	var cut time.Time
	for _, s := range switches {
		if s.Off && !s.At.AddDate(0, 0, days).After(now) && s.At.After(cut) {
			cut = s.At
		}
	}
	if cut.IsZero() {
		return time.Time{}, ErrNoCutoff
	}
	return cut, nil
}
