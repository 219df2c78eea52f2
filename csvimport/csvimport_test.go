package csvimport

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/store"
)

// writeFile puts content in a real file, as an operator would hand it over.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func open(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func wantErrors(t *testing.T, err error, want ...string) Errors {
	t.Helper()
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("error = %v (%T), want csvimport.Errors", err, err)
	}
	msg := es.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("errors do not mention %q:\n%s", w, msg)
		}
	}
	return es
}

const goodPeople = "\ufeffbadge,name,id_number,kind,unit,assignment,active\n" +
	"2001,王建国,320102198001010016,staff,管理科,custody,1\n" +
	"2002,李秀英,,staff,办公室,office,\n" +
	"2003,张伟,,staff,办公室,WFH,no\n" +
	"D0001,赵小军,,detainee,一大队/宿舍1,,yes\n" +
	"\"D0002\",\"陈 \"\"阿强\"\"\",11010519491231002x,Detainee,一大队/宿舍2,,TRUE\n"

func TestParsePeopleGood(t *testing.T) {
	ps, err := ParsePeople(open(t, writeFile(t, "people.csv", goodPeople)))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 5 {
		t.Fatalf("%d people, want 5", len(ps))
	}
	want0 := gate.Person{Badge: "2001", Name: "王建国", IDNumber: "320102198001010016", Kind: gate.Staff, Unit: "管理科", Assignment: gate.AssignCustody, Active: true}
	if ps[0] != want0 {
		t.Errorf("row 1 = %+v", ps[0])
	}
	if !ps[1].Active || ps[2].Active || ps[2].Assignment != gate.AssignWFH {
		t.Errorf("active/assignment: %+v %+v", ps[1], ps[2])
	}
	if ps[4].IDNumber != "11010519491231002X" || ps[4].Name != `陈 "阿强"` || ps[4].Kind != gate.Detainee {
		t.Errorf("row 5 = %+v", ps[4])
	}
}

func TestParsePeopleColumnsAnyOrderOptionalMissing(t *testing.T) {
	ps, err := ParsePeople(strings.NewReader("Kind, Name ,BADGE\r\nstaff,周敏,2010\r\n\r\ndetainee,孙强,D0100\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Badge != "2010" || ps[1].Kind != gate.Detainee || !ps[1].Active {
		t.Errorf("%+v", ps)
	}
}

func TestParsePeopleBadRowsAllReported(t *testing.T) {
	in := "badge,name,id_number,kind,unit,assignment,active\n" +
		"2001,王建国,320102198001010016,staff,管理科,custody,1\n" + // line 2 good
		"2002,,,staff,,office,1\n" + // 3: name
		"2003,张伟,320102198001010017,staff,,office,1\n" + // 4: checksum
		"2004,刘洋,12345,staff,,office,1\n" + // 5: length
		"2005,刘洋,,guard,,office,1\n" + // 6: kind
		"2006,刘洋,,staff,,kitchen,1\n" + // 7: assignment
		"D0001,赵小军,,detainee,,custody,1\n" + // 8: detainee with assignment
		"2001,重复,,staff,,,1\n" + // 9: duplicate badge
		"2007,刘洋,,staff,,,maybe\n" + // 10: active
		"2008,刘洋,staff\n" + // 11: field count
		"20 09,刘洋,,staff,,,1\n" + // 12: badge
		"2010,孙,320102198001010016,staff,,,1\n" + // 13: duplicate id
		"2011,钱,320102198002300015,staff,,,1\n" // 14: date (Feb 30), check digit right
	_, err := ParsePeople(strings.NewReader(in))
	es := wantErrors(t, err,
		"line 3: name: required",
		"line 4: id_number: checksum digit wrong",
		"line 5: id_number: must be 18 characters",
		"line 6: kind:",
		"line 7: assignment:",
		"line 8: assignment: a detainee has no assignment",
		"line 9: badge: 2001 already on line 2",
		"line 10: active:",
		"line 11: 3 fields, but the header has 7",
		"line 12: badge:",
		"line 13: id_number: 320102198001010016 already on line 2",
		"line 14: id_number: birth date is not a real date",
	)
	for _, e := range es {
		if e.Line == 2 {
			t.Errorf("good line reported: %v", e)
		}
	}
}

func TestParsePeopleHeaderProblems(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "line 1: empty file: a header row is required"},
		{"\ufeff", "line 1: empty file"},
		{"2001,王建国,,staff\n", "unknown column \"2001\""},
		{"badge,name\n2001,x\n", "missing column \"kind\""},
		{"badge,name,kind,badge\n", "column \"badge\" appears twice"},
		{"badge,name,kind,colour\n", "unknown column \"colour\""},
		{"badge,name,kind\n2001,\"unterminated,staff\n", "broken quoting"},
		{"badge,name,kind\n2001,a\"b,staff\n", "line 2: a quote inside an unquoted field"},
		{"badge,name,kind\n2001,\xcd\xf5,staff\n", "line 2: name: not UTF-8 text"},
	}
	for _, tt := range tests {
		_, err := ParsePeople(strings.NewReader(tt.in))
		wantErrors(t, err, tt.want)
	}
}

func TestMultilineFieldLineNumbers(t *testing.T) {
	in := "badge,name,kind,unit\n2001,\"王\n建国\",staff,x\n2002,李,nobody,x\n"
	_, err := ParsePeople(strings.NewReader(in))
	wantErrors(t, err, "line 2: name: contains a control character", "line 4: kind:")
}

func TestParsePasses(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	in := "id,holder,badge,id_number,plate,valid_from,valid_to,note\n" +
		"P1,维修工人 刘师傅,,110105198506120034,,2025-03-01,2025-03-31,电路维修\n" +
		"P2,物资车,,,苏a·123 45,2025-03-01 08:00,2025-03-01T18:00:00+08:00,\n" +
		"P3,检查组,V01,,,2025-03-01T08:00:00Z,2025-03-02 00:00,\n"
	ps, err := ParsePasses(strings.NewReader(in), loc)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 3 {
		t.Fatalf("%d passes", len(ps))
	}
	if ps[0].IDNumber != "110105198506120034" || !ps[0].ValidFrom.Equal(time.Date(2025, 3, 1, 0, 0, 0, 0, loc)) ||
		!ps[0].ValidTo.Equal(time.Date(2025, 4, 1, 0, 0, 0, 0, loc)) {
		t.Errorf("P1 = %+v", ps[0])
	}
	if !ps[0].ValidAt(time.Date(2025, 3, 31, 23, 0, 0, 0, loc)) {
		t.Error("a pass valid to 2025-03-31 must admit on the 31st")
	}
	if ps[1].Plate != "苏A12345" || !ps[1].ValidFrom.Equal(time.Date(2025, 3, 1, 8, 0, 0, 0, loc)) {
		t.Errorf("P2 = %+v", ps[1])
	}
	if ps[2].Badge != "V01" || !ps[2].ValidFrom.Equal(time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("P3 = %+v", ps[2])
	}
}

func TestParsePassesBad(t *testing.T) {
	in := "id,holder,badge,id_number,plate,valid_from,valid_to,note\n" +
		"P1,甲,,,,2025-03-01,2025-03-31,\n" + // 2: no key
		"P2,乙,,,A12345,2025-03-01,2025-03-31,\n" + // 3: plate
		"P3,丙,,110105198506120035,,2025-03-01,2025-03-31,\n" + // 4: checksum
		"P4,丁,V1,,,yesterday,2025-03-31,\n" + // 5: from
		"P5,戊,V1,,,2025-03-31,2025-03-01 08:00,\n" + // 6: to before from
		"P1,己,V1,,,2025-03-01,,\n" // 7: dup id, to missing
	_, err := ParsePasses(strings.NewReader(in), time.UTC)
	wantErrors(t, err,
		"line 2: a pass needs a badge, an id_number or a plate",
		"line 3: plate: not a plate",
		"line 4: id_number: checksum digit wrong",
		"line 5: valid_from:",
		"line 6: valid_to: must be after valid_from",
		"line 7: id: P1 already on line 2",
		"line 7: valid_to: required",
	)
}

func TestParseGuards(t *testing.T) {
	gs, err := ParseGuards(strings.NewReader("badge,name,role,pin\n1001,值班民警,guard,1234\n9001,带班领导,Supervisor,999999\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 2 || gs[1].Guard.Role != gate.RoleSupervisor || gs[0].PIN != "1234" {
		t.Errorf("%+v", gs)
	}
	_, err = ParseGuards(strings.NewReader("badge,name,role,pin\n1001,甲,boss,12\n1002,乙,guard,12ab\n1003,丙,guard,\n"))
	es := wantErrors(t, err, "line 2: role:", "line 2: pin: must be 4 to 12 digits", "line 3: pin: must be digits only", "line 4: pin: required")
	if strings.Contains(es.Error(), "12ab") {
		t.Error("a PIN is echoed in an error message")
	}
}

// Finding 12: supervisors and admins had 4-digit PINs. They need at least
// six digits, or more when the terminal's setting says so; guards keep four.
func TestSupervisorPINsNeedSixDigits(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	file := "badge,name,role,pin\n1001,甲,guard,1234\n9001,乙,supervisor,9999\n9000,丙,admin,12345\n9002,丁,supervisor,246810\n"
	_, err := Import(ctx, st, Guards, strings.NewReader(file), Options{})
	es := wantErrors(t, err, "line 3: pin: a supervisor's PIN must be 6 to 12 digits", "line 4: pin: an admin's PIN must be 6 to 12 digits")
	if strings.Contains(es.Error(), "9999") || strings.Contains(es.Error(), "12345") {
		t.Error("a PIN is echoed in an error message")
	}
	if _, err := st.GuardAuth(ctx, "1001"); err == nil {
		t.Fatal("a refused file stored a guard")
	}
	ok := "badge,name,role,pin\n1001,甲,guard,1234\n9002,丁,supervisor,246810\n"
	if _, err := Import(ctx, st, Guards, strings.NewReader(ok), Options{}); err != nil {
		t.Fatal(err)
	}
	_, err = Import(ctx, st, Guards, strings.NewReader(ok), Options{SupervisorPINDigits: 8})
	wantErrors(t, err, "line 3: pin: a supervisor's PIN must be 8 to 12 digits")
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "terminal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestImportAllOrNothing(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	bad := writeFile(t, "people.csv", goodPeople+"2099,坏行,320102198001010017,staff,,,1\n")
	if _, err := Import(ctx, st, People, open(t, bad), Options{}); err == nil {
		t.Fatal("bad file imported")
	}
	if ps, _ := st.People(ctx, ""); len(ps) != 0 {
		t.Fatalf("a bad file stored %d people", len(ps))
	}
	res, err := Import(ctx, st, People, open(t, writeFile(t, "people.csv", goodPeople)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 5 {
		t.Errorf("rows = %d", res.Rows)
	}
	p, ok, err := st.FindPerson(ctx, "11010519491231002X")
	if err != nil || !ok || p.Badge != "D0002" {
		t.Errorf("find by id: %+v %v %v", p, ok, err)
	}
}

func TestImportPassesAndGuards(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	passes := "id,holder,badge,id_number,plate,valid_from,valid_to,note\nP2,物资车,,,苏A 12345,2025-03-01,2025-03-31,\n"
	if _, err := Import(ctx, st, Passes, strings.NewReader(passes), Options{Loc: time.UTC}); err != nil {
		t.Fatal(err)
	}
	ps, err := st.FindPasses(ctx, "", "", "苏A12345")
	if err != nil || len(ps) != 1 {
		t.Fatalf("passes %v %v", ps, err)
	}
	hashed := 0
	fakeHash := func(pin string) (string, error) { hashed++; return "hash-of-" + pin, nil }
	if _, err := Import(ctx, st, Guards, strings.NewReader("badge,name,role,pin\n1001,甲,guard,1234\n"), Options{Hash: fakeHash}); err != nil {
		t.Fatal(err)
	}
	a, err := st.GuardAuth(ctx, "1001")
	if err != nil || a.PINHash != "hash-of-1234" || hashed != 1 {
		t.Errorf("guard %+v %v", a, err)
	}
	// the real hash: the PIN is not stored in clear
	if _, err := Import(ctx, st, Guards, strings.NewReader("badge,name,role,pin\n1002,乙,supervisor,987654\n"), Options{}); err != nil {
		t.Fatal(err)
	}
	a, _ = st.GuardAuth(ctx, "1002")
	if a.PINHash == "" || strings.Contains(a.PINHash, "987654") {
		t.Errorf("pin hash %q", a.PINHash)
	}
	if _, err := Import(ctx, st, "notes", strings.NewReader(""), Options{}); err == nil {
		t.Error("unknown kind accepted")
	}
}

func FuzzParsePeople(f *testing.F) {
	f.Add([]byte(goodPeople))
	f.Add([]byte("badge,name,kind\n2001,\"a\"\"b\",staff\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := ParsePeople(strings.NewReader(string(data)))
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error is not a non-empty Errors: %v", err)
			}
			for _, e := range es {
				if e.Line < 1 {
					t.Fatalf("bad line number: %v", e)
				}
			}
			if ps != nil {
				t.Fatal("people returned with errors")
			}
			return
		}
		for _, p := range ps {
			if p.Badge == "" || p.Name == "" || (p.Kind != gate.Staff && p.Kind != gate.Detainee) {
				t.Fatalf("invalid person accepted: %+v", p)
			}
			if p.IDNumber != "" {
				if id, err := gate.ParseResidentID(p.IDNumber); err != nil || id != p.IDNumber {
					t.Fatalf("id number not canonical: %q", p.IDNumber)
				}
			}
			if p.Kind == gate.Detainee && p.Assignment != gate.AssignNone {
				t.Fatalf("detainee with assignment: %+v", p)
			}
		}
	})
}

// Finding 8: a roster field with an escape sequence or a bidi override is
// refused with its line, like any other bad row; nothing is imported.
func TestControlCharactersRefused(t *testing.T) {
	in := "badge,name,kind,unit\n2001,王\x1b[2J建国,staff,x\n2002,李\u202e伪,staff,x\n2003,张\u009b31m,staff,x\n2004,赵,staff,一大队\n"
	_, err := ParsePeople(strings.NewReader(in))
	wantErrors(t, err, "line 2: name: contains a control character", "line 3: name: contains a control character",
		"line 4: name: contains a control character")
}
