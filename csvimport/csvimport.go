// Package csvimport reads the reference data of a terminal that has no hub
// from CSV files: the roster (people), passes and console users (guards).
//
// Every file is UTF-8 (a leading byte-order mark, as Excel writes, is
// skipped), comma-separated, with a header row naming the columns; columns
// may come in any order, names are case-insensitive, and optional columns
// may be left out. Every row is validated and every problem is reported with
// its line number ("line 7: id_number: checksum digit wrong"); if any row is
// bad, the whole file is rejected and nothing is imported.
//
// # people.csv
//
//	badge,name,id_number,kind,unit,assignment,active
//
// badge, name and kind are required. kind is staff or detainee. id_number,
// when given, must be a valid resident ID number (18 characters, GB 11643
// check digit); it is stored in canonical form. unit is a department for
// staff and "大队/宿舍" (unit/dormitory) for detainees. assignment is
// custody, standby, office, wfh or empty, and must be empty for detainees.
// active is 1/0, true/false or yes/no, default 1.
//
// # passes.csv
//
//	id,holder,badge,id_number,plate,valid_from,valid_to,note
//
// id, holder, valid_from and valid_to are required, and at least one of
// badge, id_number and plate. plate is normalised (upper case, no spaces or
// separators) and must look like a mainland plate. Times are RFC 3339
// ("2025-03-01T08:00:00+08:00"), "YYYY-MM-DD HH:MM" or "YYYY-MM-DD" in local
// time. A bare date in valid_to means the end of that day: a pass valid to
// 2025-03-31 still admits on the 31st.
//
// # guards.csv
//
//	badge,name,role,pin
//
// All columns are required. role is guard, supervisor or admin. pin is 4–12
// digits, and at least 6 for a supervisor or an admin (or the terminal's
// pin.supervisor_min_digits, passed in Options); it is hashed on import and
// never stored in clear.
//
// Text fields holding control characters, escape sequences or bidi
// controls are refused with their line. The rows are stored in short
// transactions (see store.PutPeople), so the console can save beside an
// import of any size.
package csvimport

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gatepost/gate"
)

// MaxRows bounds a file: a facility roster has hundreds of entries, not
// millions, and the whole file is validated in memory before anything is
// stored.
const MaxRows = 200_000

// maxField bounds one field, in bytes.
const maxField = 1024

// RowError is one problem in one row.
type RowError struct {
	Line  int    // 1-based line of the file where the row starts
	Field string // column name, "" for the row as a whole
	Msg   string
}

func (e RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Msg)
}

// Errors is every problem found in a file, in line order. A file with any
// error is imported not at all.
type Errors []RowError

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Kind names what a file holds.
type Kind string

// The kinds of file Import reads.
const (
	People Kind = "people"
	Passes Kind = "passes"
	Guards Kind = "guards"
	// Rotation is the rotation plan (§11); see rotation.go.
	Rotation Kind = "rotation"
)

// Kinds lists the file kinds.
var Kinds = []Kind{People, Passes, Guards, Rotation}

// column describes one header column.
type column struct {
	name     string
	required bool
}

// table is a parsed file: header positions and the data rows with their lines.
type table struct {
	cols  map[string]int
	rows  [][]string
	lines []int
	errs  Errors
}

// get returns a row's trimmed value for a column, "" when the column is absent.
func (t *table) get(row []string, name string) string {
	i, ok := t.cols[name]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

func (t *table) fail(line int, field, format string, args ...any) {
	t.errs = append(t.errs, RowError{Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// read parses a CSV stream with a header naming some of the given columns.
// Structural problems (no header, unknown or duplicate columns, a missing
// required column, a row with the wrong number of fields, broken quoting,
// text that is not UTF-8) are collected in the table's errors.
func read(r io.Reader, schema []column) (*table, error) {
	data, err := io.ReadAll(io.LimitReader(r, 256<<20))
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	t := &table{cols: map[string]int{}}

	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1 // checked here, to report every bad row
	cr.ReuseRecord = false

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		t.fail(1, "", "empty file: a header row is required (%s)", names(schema))
		return t, nil
	}
	if err != nil {
		t.fail(lineOf(err, 1), "", "%s", csvMsg(err))
		return t, nil
	}
	known := map[string]bool{}
	for _, c := range schema {
		known[c.name] = true
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch {
		case !utf8.ValidString(h):
			t.fail(1, "", "header is not UTF-8 text: save the file as \"CSV UTF-8\"")
			return t, nil
		case name == "" && i == len(header)-1 && len(header) > 1:
			// a trailing comma in the header: ignore the empty last column
			continue
		case !known[name]:
			t.fail(1, "", "unknown column %q: the columns are %s", h, names(schema))
		case t.has(name):
			t.fail(1, "", "column %q appears twice", name)
		default:
			t.cols[name] = i
		}
	}
	for _, c := range schema {
		if _, ok := t.cols[c.name]; c.required && !ok {
			t.fail(1, "", "missing column %q: the header must name %s", c.name, names(schema))
		}
	}
	if len(t.errs) > 0 {
		return t, nil
	}

	lastLine := 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil { // FieldPos is not usable after an error; ParseError has the line
			t.fail(lineOf(err, lastLine+1), "", "%s; nothing after this line was read", csvMsg(err))
			break
		}
		line, _ := cr.FieldPos(0)
		lastLine = line
		if len(t.rows) >= MaxRows {
			t.fail(line, "", "too many rows: at most %d per file", MaxRows)
			break
		}
		if blank(rec) {
			continue
		}
		if len(rec) != len(header) && !(len(rec) == len(header)+1 && rec[len(rec)-1] == "") {
			t.fail(line, "", "%d fields, but the header has %d", len(rec), len(header))
			continue
		}
		bad := false
		for i, f := range rec {
			switch {
			case !utf8.ValidString(f):
				t.fail(line, colName(header, i), "not UTF-8 text: save the file as \"CSV UTF-8\"")
				bad = true
			case len(f) > maxField:
				t.fail(line, colName(header, i), "longer than %d bytes", maxField)
				bad = true
			}
		}
		if bad {
			continue
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	return t, nil
}

// sorted returns the errors in line order (a row's own errors keep their
// column order).
func (t *table) sorted() Errors {
	sort.SliceStable(t.errs, func(i, j int) bool { return t.errs[i].Line < t.errs[j].Line })
	return t.errs
}

func (t *table) has(name string) bool { _, ok := t.cols[name]; return ok }

func colName(header []string, i int) string {
	if i < len(header) {
		return strings.ToLower(strings.TrimSpace(header[i]))
	}
	return "field " + strconv.Itoa(i+1)
}

func names(schema []column) string {
	ns := make([]string, len(schema))
	for i, c := range schema {
		ns[i] = c.name
	}
	return strings.Join(ns, ",")
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func lineOf(err error, def int) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if pe.StartLine > 0 {
			return pe.StartLine
		}
		return pe.Line
	}
	return def
}

func csvMsg(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			return "broken quoting: a field that contains a quote must be wrapped in quotes, with the quote doubled"
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return "a quote inside an unquoted field: wrap the field in quotes and double the quote"
		}
		return pe.Err.Error()
	}
	return err.Error()
}

// text checks a free-text field: no control characters, escape sequences
// or bidi controls (gate.HasControls: they would drive the terminals the
// roster is shown on), at most maxRunes.
func text(t *table, line int, field, v string, required bool, maxRunes int) string {
	if v == "" && required {
		t.fail(line, field, "required")
	} else if p := gate.LineProblem(v, maxRunes); p != "" {
		t.fail(line, field, "%s", p)
	}
	return v
}

// badge checks a badge in a row (see CheckBadge).
func badge(t *table, line int, field, v string, required bool) string {
	if v == "" {
		if required {
			t.fail(line, field, "required")
		}
		return ""
	}
	if err := CheckBadge(v); err != nil {
		t.fail(line, field, "%q: %v", v, err)
	}
	return v
}

// CheckBadge accepts what guards type as a badge: 1–32 ASCII letters,
// digits, '-' or '_'.
func CheckBadge(v string) error {
	switch {
	case v == "":
		return errors.New("required")
	case len(v) > 32:
		return errors.New("longer than 32 characters")
	}
	for _, r := range v {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-' || r == '_') {
			return errors.New("only letters, digits, '-' and '_'")
		}
	}
	return nil
}

// inputMsg turns a gate.InputError into plain English for an import report.
func inputMsg(err error) string {
	var ie *gate.InputError
	if !errors.As(err, &ie) {
		return err.Error()
	}
	switch ie.Code {
	case gate.CodeIDLength:
		return "must be 18 characters"
	case gate.CodeIDFormat:
		return "must be 17 digits followed by a digit or X"
	case gate.CodeIDChecksum:
		return "checksum digit wrong"
	case gate.CodeIDDate:
		return "birth date is not a real date"
	case gate.CodePlateEmpty:
		return "empty plate"
	case gate.CodePlateFormat:
		return "not a plate: a province character, a letter, then 5 or 6 letters and digits (e.g. 苏A12345)"
	}
	return ie.Code
}

// parseBool reads active: 1/0, true/false, yes/no (any case); empty is def.
func parseBool(v string, def bool) (bool, bool) {
	switch strings.ToLower(v) {
	case "":
		return def, true
	case "1", "true", "yes", "y", "t":
		return true, true
	case "0", "false", "no", "n", "f":
		return false, true
	}
	return false, false
}

// Result says what an import stored.
type Result struct {
	Kind Kind
	Rows int
}

// Store is what Import writes to; *store.Store implements it.
type Store interface {
	PutPeople(ctx context.Context, ps []gate.Person) error
	PutPasses(ctx context.Context, ps []gate.Pass) error
	PutGuard(ctx context.Context, g gate.Guard, pinHash string) error
	PutRotation(ctx context.Context, ps []gate.Period) error
}
