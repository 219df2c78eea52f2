package gate

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"gatepost/record"
)

func iv(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}

// The headline figures of the fixture days: the roster, the statuses the
// records give, the escorted visit, and the attested counts.
func TestReportHeadline(t *testing.T) {
	for _, c := range []struct {
		name          string
		in            func(*testing.T) ReportInput
		want          Headline
		admit, relsed int
	}{
		{"clean", func(t *testing.T) ReportInput { in, b := cleanDay(t); in.Records = b.out; return in },
			Headline{Detainees: 4, Rostered: 4, Staff: StaffCount{Total: 4, Custody: 1, Standby: 1, Office: 1, Home: 1}}, 0, 0},
		{"abnormal", badDay,
			Headline{Detainees: 4, Rostered: 5, MedicalVisits: 1, MedicalAway: 1, Staff: StaffCount{Total: 4, Custody: 1, Standby: 1, Office: 1, Home: 1}}, 1, 0},
		{"past", pastDay,
			Headline{Detainees: 3, Rostered: 3, Staff: StaffCount{Total: 4, Custody: 1, Standby: 1, Office: 1, Home: 1}}, 0, 1},
	} {
		h := ComputeReport(c.in(t)).Headline
		got := h
		got.Suspected, got.Confirmed, got.CloseContacts, got.Admissions, got.Releases = nil, nil, nil, nil, nil
		if got != c.want {
			t.Errorf("%s: headline %+v, want %+v", c.name, got, c.want)
		}
		if iv(h.Suspected) != 0 || iv(h.Confirmed) != 0 || iv(h.CloseContacts) != 0 {
			t.Errorf("%s: attested counts %d %d %d, want 0 0 0", c.name, iv(h.Suspected), iv(h.Confirmed), iv(h.CloseContacts))
		}
		if iv(h.Admissions) != c.admit || iv(h.Releases) != c.relsed {
			t.Errorf("%s: admitted %d, released %d; want %d, %d", c.name, iv(h.Admissions), iv(h.Releases), c.admit, c.relsed)
		}
	}
	// The detainee comes back: no longer away.
	in := badDay(t)
	b := &rpb{t: t, seq: 900}
	b.add(record.Passage, 1, rpAt(18, 0), record.PassageBody{Subject: record.SubjectDetainee, Direction: record.In, Badge: "D0002", Name: "钱某", Pass: "P-MED-1", Allowed: true, Reason: "escort"})
	in.Records = append(in.Records, b.out...)
	if h := ComputeReport(in).Headline; h.MedicalVisits != 1 || h.MedicalAway != 0 || h.Detainees != 5 {
		t.Errorf("after the return: %+v", h)
	}
}

// A detainee escorted out named by an identity reference, not a badge,
// cannot be looked up on the roster: they are counted away, not dropped.
func TestReportAwayByReference(t *testing.T) {
	in := badDay(t)
	b := &rpb{t: t, seq: 900}
	b.add(record.Passage, 1, rpAt(16, 0), record.PassageBody{Subject: record.SubjectDetainee, Direction: record.Out, Ident: "ref-1", Commit: "c", Pass: "P-MED-2", Allowed: true, Reason: "escort"})
	in.Records = append(in.Records, b.out...)
	if h := ComputeReport(in).Headline; h.MedicalVisits != 2 || h.MedicalAway != 2 {
		t.Errorf("away by reference: %+v", h)
	}
}

// Security is attested, not assumed: without a security.daily the report
// says so; with one, the latest of the day counts, whenever it was written.
func TestReportSecurity(t *testing.T) {
	in, b := cleanDay(t)
	var none []DayRecord
	for _, r := range b.out {
		if r.Kind != record.SecurityDaily {
			none = append(none, r)
		}
	}
	in.Records = none
	r := ComputeReport(in)
	if r.Security.Attested || r.Signers != (Signers{}) || r.Headline.Suspected != nil || !r.Zero {
		t.Errorf("no attestation: %+v %+v (zero %v)", r.Security, r.Signers, r.Zero)
	}
	past := ComputeReport(pastDay(t))
	if !past.Security.Attested || !past.Security.NoEvents || past.Signers != (Signers{Preparer: "陈立", Reviewer: "钱振华"}) || !past.Zero {
		t.Errorf("attested the morning after: %+v %+v", past.Security, past.Signers)
	}
	bad := ComputeReport(badDay(t))
	if !bad.Security.Attested || bad.Security.NoEvents || len(bad.Security.Events) != 1 || bad.Security.Events[0].Type != record.SecFight {
		t.Errorf("the later attestation must count: %+v", bad.Security)
	}
	// An attestation of another day is not this day's.
	other := pastDay(t)
	var sb record.SecurityDailyBody
	_ = other.Security[0].Decode(&sb)
	sb.Day = "2026-11-29"
	other.Security[0].Body, _ = record.EncodeBody(sb)
	if ComputeReport(other).Security.Attested {
		t.Error("the next day's attestation was read as this day's")
	}
}

// The report's JSON carries no names of the unscreened and no voids: they
// are the assessment's, not the bureau's.
func TestReportJSONKeepsWorkListsOut(t *testing.T) {
	r := ComputeReport(badDay(t))
	raw, _ := json.Marshal(r)
	if strings.Contains(string(raw), "李某") || strings.Contains(string(raw), "方向选错") {
		t.Errorf("the JSON names an unscreened person or a void:\n%s", raw)
	}
	if len(r.Screening.Unchecked) != 1 || len(r.Voids) != 1 {
		t.Error("the work lists must stay in the report in memory for the assessment")
	}
	if !slices.Equal(r.Screening.UncheckedUnits, []UnitCount{{Kind: Detainee, Unit: "二大队/宿舍3", Count: 1}}) || r.Screening.UncheckedCount != 1 {
		t.Errorf("by unit: %+v", r.Screening.UncheckedUnits)
	}
}

func TestUnitLess(t *testing.T) {
	units := []string{"三大队/宿舍10", "办公室", "二大队", "十二大队", "三大队/宿舍5", "一大队/宿舍2", "十大队", "三大队", "后勤科", "三大队/宿舍6"}
	roster := map[string]int{"后勤科": 1, "办公室": 2}
	sort.SliceStable(units, func(i, j int) bool { return UnitLess(units[i], units[j], roster) })
	want := []string{"一大队/宿舍2", "二大队", "三大队", "三大队/宿舍5", "三大队/宿舍6", "三大队/宿舍10", "十大队", "十二大队", "后勤科", "办公室"}
	if !slices.Equal(units, want) {
		t.Errorf("order %v\nwant  %v", units, want)
	}
}

func TestSecurityDraft(t *testing.T) {
	b, err := SecurityDraft(rday, "9001", "1001", nil, 0, 0, 0)
	if err != nil || !b.NoEvents || b.Events == nil {
		t.Errorf("no events: %+v %v", b, err)
	}
	b, err = SecurityDraft(rday, "9001", "1001", []record.SecurityEvent{{Type: record.SecSelfHarm, Time: "03:10", Summary: "  D0004用指甲划伤手臂 ", Handling: "已包扎，安排专人看护"}}, 0, 0, 0)
	if err != nil || b.NoEvents || b.Events[0].Summary != "D0004用指甲划伤手臂" {
		t.Errorf("an event: %+v %v", b, err)
	}
	if _, err := SecurityDraft(rday, "9001", "", []record.SecurityEvent{{Type: record.SecFight, Time: "3pm", Summary: "x", Handling: "y"}}, 0, 0, 0); err == nil {
		t.Error("a bad time was accepted")
	}
}

// FuzzUnitLess checks that the natural order of units never panics and is
// a strict order: never both a < b and b < a, never a < a. The seed corpus
// is in testdata/fuzz/FuzzUnitLess.
func FuzzUnitLess(f *testing.F) {
	for _, s := range [][2]string{{"三大队/宿舍10", "三大队/宿舍5"}, {"十二大队", "二大队"}, {"办公室", "一大队"}, {"二十", "十九"}, {"", "/"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		roster := map[string]int{a: 1, b: 2}
		if UnitLess(a, a, roster) {
			t.Fatalf("%q < itself", a)
		}
		if UnitLess(a, b, roster) && UnitLess(b, a, roster) {
			t.Fatalf("%q and %q are each less than the other", a, b)
		}
	})
}
