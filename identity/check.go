package identity

import (
	"fmt"
	"time"

	"gatepost/gate"
)

// Bounds of a registry row taken from outside (a push at the hub, the
// facility feed at a terminal). Rows travel between machines and end up on
// guards' screens and in reports, so one that comes in is held to what the
// console and the CSV imports let in, not to what the database can hold.
const (
	// RefLen is a reference's length as New makes it: 16 random bytes in
	// lower-case hex.
	RefLen = 32
	// MaxText bounds a name, a work unit and the person visited, in
	// characters: the CSV imports' bound for a name or a unit (the
	// console's fields are shorter).
	MaxText = 64
	// maxErased bounds an erasure's time, RFC 3339 with nanoseconds.
	maxErased = len("2006-01-02T15:04:05.999999999+07:00")
)

// Problem is why a registry row from outside is refused: the field by its
// wire name and what is wrong with it, in words that never hold the value
// (a value may be a screen-clearing escape, or 300,000 bytes).
type Problem struct {
	Field string // "ref", "category", "salt", "name", …
	Why   string // "too long (over 32 characters)", …
}

func (p *Problem) Error() string { return p.Field + " " + p.Why }

func problem(field, format string, args ...any) *Problem {
	return &Problem{Field: field, Why: fmt.Sprintf(format, args...)}
}

// ValidRef reports whether s is a reference of the form New makes
// (RefLen lower-case hex digits): what a record body's ident must hold too.
func ValidRef(s string) bool {
	if len(s) != RefLen {
		return false
	}
	for i := range len(s) {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// ShortRef is ref as a refusal or a log line may show it: whole when it is
// of the form New makes, else its first few bytes with their control
// characters escaped (gate.EscapeControls) and "…" for the rest.
func ShortRef(ref string) string {
	if ValidRef(ref) {
		return ref
	}
	const keep = 12
	if len(ref) <= keep {
		return gate.EscapeControls(ref)
	}
	return gate.EscapeControls(ref[:keep]) + "…"
}

// Check refuses a row that no terminal makes, the same rules wherever a
// row comes in (the hub's POST /api/v1/identities, a terminal's feed):
//
//   - ref of the form New makes (ValidRef); category visitor or vehicle;
//   - last_seen a real day no later than latest ("2006-01-02"; "" sets no
//     bound): a row last seen in 9999 would never be erased by retention;
//   - an erased row: an RFC 3339 erasure time and nothing else;
//   - a live row: a SaltSize salt, an ID number or a plate, and every
//     field as the console stores it: a resident ID number as
//     gate.ParseResidentID gives it, a mobile number as gate.ParsePhone
//     does, a plate as gate.NormalizePlate does; name, work unit and the
//     person visited at most MaxText characters on one line, with no
//     control, escape or text-direction character (gate.LineProblem, as
//     the CSV imports).
//
// The error is a *Problem.
func (r Row) Check(latest string) error {
	switch {
	case r.Ref == "":
		return problem("ref", "missing")
	case len(r.Ref) > RefLen:
		return problem("ref", "too long (over %d characters)", RefLen)
	case !ValidRef(r.Ref):
		return problem("ref", "is not %d lower-case hex digits", RefLen)
	case r.Category != Visitor && r.Category != Vehicle:
		return problem("category", "is not visitor or vehicle")
	}
	if d, err := time.Parse("2006-01-02", r.LastSeen); err != nil || d.Format("2006-01-02") != r.LastSeen {
		return problem("last_seen", "is not a day (YYYY-MM-DD)")
	}
	if latest != "" && r.LastSeen > latest {
		return problem("last_seen", "is later than %s", latest)
	}
	if r.Erased != "" {
		if _, err := time.Parse(time.RFC3339, r.Erased); err != nil || len(r.Erased) > maxErased {
			return problem("erased", "is not a time (RFC 3339)")
		}
		switch {
		case len(r.Salt) != 0:
			return problem("salt", "on an erased row")
		case !r.Fields.Empty():
			return problem("erased", "row still carries personal fields")
		}
		return nil
	}
	if len(r.Salt) != SaltSize {
		return problem("salt", "is not %d bytes", SaltSize)
	}
	f := r.Fields
	if f.IDNumber == "" && f.Plate == "" {
		return problem("id_number", "and plate both missing: a row needs one")
	}
	for _, c := range []struct {
		field, v string
		max      int
		parse    func(string) (string, error)
		form     string
	}{
		{"id_number", f.IDNumber, 18, gate.ParseResidentID, "is not a resident ID number (18 characters, checksum)"},
		{"name", f.Name, MaxText, nil, ""},
		{"phone", f.Phone, 11, gate.ParsePhone, "is not an 11-digit mobile number"},
		{"unit", f.Unit, MaxText, nil, ""},
		{"visiting", f.Visiting, MaxText, nil, ""},
		{"plate", f.Plate, 12, gate.NormalizePlate, "is not a plate as the console writes it (e.g. 苏A12345)"},
	} {
		if c.v == "" {
			continue
		}
		if p := gate.LineProblem(c.v, c.max); p != "" {
			return problem(c.field, "%s", p)
		}
		if c.parse != nil {
			if v, err := c.parse(c.v); err != nil || v != c.v {
				return problem(c.field, "%s", c.form)
			}
		}
	}
	return nil
}
