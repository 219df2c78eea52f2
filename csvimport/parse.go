package csvimport

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"gatepost/auth"
	"gatepost/gate"
)

var peopleSchema = []column{
	{"badge", true}, {"name", true}, {"id_number", false}, {"kind", true},
	{"unit", false}, {"assignment", false}, {"active", false},
}

var passesSchema = []column{
	{"id", true}, {"holder", true}, {"badge", false}, {"id_number", false}, {"plate", false},
	{"valid_from", true}, {"valid_to", true}, {"note", false},
}

var guardsSchema = []column{{"badge", true}, {"name", true}, {"role", true}, {"pin", true}}

// ParsePeople reads a people file. It returns every row, or an Errors
// listing every bad row (and no people).
func ParsePeople(r io.Reader) ([]gate.Person, error) {
	t, err := read(r, peopleSchema)
	if err != nil {
		return nil, err
	}
	var out []gate.Person
	badges := map[string]int{}
	ids := map[string]int{}
	for i, row := range t.rows {
		line := t.lines[i]
		p := gate.Person{
			Badge: badge(t, line, "badge", t.get(row, "badge"), true),
			Name:  text(t, line, "name", t.get(row, "name"), true, 64),
			Unit:  text(t, line, "unit", t.get(row, "unit"), false, 64),
		}
		if prev, dup := badges[p.Badge]; dup && p.Badge != "" {
			t.fail(line, "badge", "%s already on line %d", p.Badge, prev)
		} else {
			badges[p.Badge] = line
		}
		if v := t.get(row, "id_number"); v != "" {
			id, err := gate.ParseResidentID(v)
			if err != nil {
				t.fail(line, "id_number", "%s", inputMsg(err))
			} else if prev, dup := ids[id]; dup {
				t.fail(line, "id_number", "%s already on line %d", id, prev)
			} else {
				ids[id] = line
				p.IDNumber = id
			}
		}
		switch k := gate.PersonKind(strings.ToLower(t.get(row, "kind"))); k {
		case gate.Staff, gate.Detainee:
			p.Kind = k
		case "":
			t.fail(line, "kind", "required: staff or detainee")
		default:
			t.fail(line, "kind", "%q: use staff or detainee", t.get(row, "kind"))
		}
		a := gate.Assignment(strings.ToLower(t.get(row, "assignment")))
		switch {
		case a == gate.AssignNone:
		case !validAssignment(a):
			t.fail(line, "assignment", "%q: use custody, standby, office, wfh or leave it empty", t.get(row, "assignment"))
		case p.Kind == gate.Detainee:
			t.fail(line, "assignment", "a detainee has no assignment: leave it empty")
		default:
			p.Assignment = a
		}
		active, ok := parseBool(t.get(row, "active"), true)
		if !ok {
			t.fail(line, "active", "%q: use 1 or 0 (true/false, yes/no)", t.get(row, "active"))
		}
		p.Active = active
		out = append(out, p)
	}
	if len(t.errs) > 0 {
		return nil, t.sorted()
	}
	return out, nil
}

func validAssignment(a gate.Assignment) bool {
	for _, x := range gate.Assignments {
		if a == x {
			return true
		}
	}
	return false
}

// Time layouts a pass's validity may be written in, besides RFC 3339.
const (
	dateLayout   = "2006-01-02"
	minuteLayout = "2006-01-02 15:04"
)

// parseTime reads an RFC 3339 time, "YYYY-MM-DD HH:MM" or "YYYY-MM-DD" in
// loc. dateOnly reports the last form.
func parseTime(v string, loc *time.Location) (t time.Time, dateOnly bool, err error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, false, nil
	}
	if t, err := time.ParseInLocation(minuteLayout, v, loc); err == nil {
		return t, false, nil
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04", v, loc); err == nil {
		return t, false, nil
	}
	if t, err := time.ParseInLocation(dateLayout, v, loc); err == nil {
		return t, true, nil
	}
	return time.Time{}, false, fmt.Errorf("%q: use YYYY-MM-DD, YYYY-MM-DD HH:MM or RFC 3339", v)
}

// ParsePasses reads a passes file; bare dates and minutes are in loc (nil:
// time.Local).
func ParsePasses(r io.Reader, loc *time.Location) ([]gate.Pass, error) {
	if loc == nil {
		loc = time.Local
	}
	t, err := read(r, passesSchema)
	if err != nil {
		return nil, err
	}
	var out []gate.Pass
	seen := map[string]int{}
	for i, row := range t.rows {
		line := t.lines[i]
		p := gate.Pass{
			ID:     badge(t, line, "id", t.get(row, "id"), true),
			Holder: text(t, line, "holder", t.get(row, "holder"), true, 64),
			Badge:  badge(t, line, "badge", t.get(row, "badge"), false),
			Note:   text(t, line, "note", t.get(row, "note"), false, 200),
		}
		if prev, dup := seen[p.ID]; dup && p.ID != "" {
			t.fail(line, "id", "%s already on line %d", p.ID, prev)
		} else {
			seen[p.ID] = line
		}
		if v := t.get(row, "id_number"); v != "" {
			id, err := gate.ParseResidentID(v)
			if err != nil {
				t.fail(line, "id_number", "%s", inputMsg(err))
			}
			p.IDNumber = id
		}
		if v := t.get(row, "plate"); v != "" {
			pl, err := gate.NormalizePlate(v)
			if err != nil {
				t.fail(line, "plate", "%s", inputMsg(err))
			}
			p.Plate = pl
		}
		if t.get(row, "badge") == "" && t.get(row, "id_number") == "" && t.get(row, "plate") == "" {
			t.fail(line, "", "a pass needs a badge, an id_number or a plate")
		}
		var fromOK, toOK bool
		if v := t.get(row, "valid_from"); v == "" {
			t.fail(line, "valid_from", "required")
		} else if from, _, err := parseTime(v, loc); err != nil {
			t.fail(line, "valid_from", "%v", err)
		} else {
			p.ValidFrom, fromOK = from, true
		}
		if v := t.get(row, "valid_to"); v == "" {
			t.fail(line, "valid_to", "required")
		} else if to, dateOnly, err := parseTime(v, loc); err != nil {
			t.fail(line, "valid_to", "%v", err)
		} else {
			if dateOnly { // through the end of that day
				to = time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, loc)
			}
			p.ValidTo, toOK = to, true
		}
		if fromOK && toOK && !p.ValidTo.After(p.ValidFrom) {
			t.fail(line, "valid_to", "must be after valid_from")
		}
		out = append(out, p)
	}
	if len(t.errs) > 0 {
		return nil, t.sorted()
	}
	return out, nil
}

// GuardRow is one console user read from a guards file, with the PIN in
// clear: Import hashes it and drops it.
type GuardRow struct {
	Guard gate.Guard
	PIN   string
}

// ParseGuards reads a guards file; supervisors' and admins' PINs need at
// least auth.DefaultSupervisorPINDigits digits.
func ParseGuards(r io.Reader) ([]GuardRow, error) { return parseGuards(r, 0) }

// parseGuards reads a guards file with supervisorDigits the shortest PIN of
// a supervisor or an admin (0: the default).
func parseGuards(r io.Reader, supervisorDigits int) ([]GuardRow, error) {
	t, err := read(r, guardsSchema)
	if err != nil {
		return nil, err
	}
	var out []GuardRow
	seen := map[string]int{}
	for i, row := range t.rows {
		line := t.lines[i]
		g := GuardRow{Guard: gate.Guard{
			Badge: badge(t, line, "badge", t.get(row, "badge"), true),
			Name:  text(t, line, "name", t.get(row, "name"), true, 64),
		}}
		if prev, dup := seen[g.Guard.Badge]; dup && g.Guard.Badge != "" {
			t.fail(line, "badge", "%s already on line %d", g.Guard.Badge, prev)
		} else {
			seen[g.Guard.Badge] = line
		}
		switch role := gate.Role(strings.ToLower(t.get(row, "role"))); role {
		case gate.RoleGuard, gate.RoleSupervisor, gate.RoleAdmin:
			g.Guard.Role = role
		case "":
			t.fail(line, "role", "required: guard, supervisor or admin")
		default:
			t.fail(line, "role", "%q: use guard, supervisor or admin", t.get(row, "role"))
		}
		pin := t.get(row, "pin")
		if err := auth.CheckPIN(pin, g.Guard.Role, supervisorDigits); err != nil {
			t.fail(line, "pin", "%v", err) // never echo the PIN itself
		}
		g.PIN = pin
		out = append(out, g)
	}
	if len(t.errs) > 0 {
		return nil, t.sorted()
	}
	return out, nil
}

// CheckPIN accepts 4–12 ASCII digits, what the console's PIN field takes
// for a guard; a supervisor's or an admin's PIN is checked with
// auth.CheckPIN.
func CheckPIN(pin string) error { return auth.CheckPIN(pin, gate.RoleGuard, 0) }

// Options tune Import.
type Options struct {
	Loc  *time.Location                   // for pass times without an offset; nil: time.Local
	Hash func(pin string) (string, error) // PIN hash; nil: auth.Hash
	// Rotation holds the facility's default period lengths for rotation
	// rows without an end; zero: gate.DefaultRotation.
	Rotation gate.RotationDefaults
	// SupervisorPINDigits is the shortest PIN a supervisor or an admin may
	// have (the terminal's setting); 0: auth.DefaultSupervisorPINDigits.
	SupervisorPINDigits int
}

// Import parses a file of the given kind and, only if every row is valid,
// stores all of it. A bad file returns Errors and stores nothing.
func Import(ctx context.Context, st Store, kind Kind, r io.Reader, opts Options) (Result, error) {
	switch kind {
	case People:
		ps, err := ParsePeople(r)
		if err != nil {
			return Result{}, err
		}
		if err := st.PutPeople(ctx, ps); err != nil {
			return Result{}, err
		}
		return Result{kind, len(ps)}, nil
	case Passes:
		ps, err := ParsePasses(r, opts.Loc)
		if err != nil {
			return Result{}, err
		}
		if err := st.PutPasses(ctx, ps); err != nil {
			return Result{}, err
		}
		return Result{kind, len(ps)}, nil
	case Guards:
		gs, err := parseGuards(r, opts.SupervisorPINDigits)
		if err != nil {
			return Result{}, err
		}
		hash := opts.Hash
		if hash == nil {
			hash = auth.Hash
		}
		hashes := make([]string, len(gs))
		for i, g := range gs { // hash all first: a failure stores nobody
			h, err := hash(g.PIN)
			if err != nil {
				return Result{}, fmt.Errorf("guard %s: %w", g.Guard.Badge, err)
			}
			hashes[i] = h
		}
		for i, g := range gs {
			if err := st.PutGuard(ctx, g.Guard, hashes[i]); err != nil {
				return Result{}, err
			}
		}
		return Result{kind, len(gs)}, nil
	case Rotation:
		def := opts.Rotation
		if def == (gate.RotationDefaults{}) {
			def = gate.DefaultRotation
		}
		ps, err := ParseRotation(r, def)
		if err != nil {
			return Result{}, err
		}
		if err := st.PutRotation(ctx, ps); err != nil {
			return Result{}, err
		}
		return Result{kind, len(ps)}, nil
	}
	return Result{}, fmt.Errorf("unknown import %q: use people, passes, guards or rotation", kind)
}
