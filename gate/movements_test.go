package gate

import (
	"testing"
	"time"

	"gatepost/record"
)

func admit(b *rpb, at time.Time, badge, unit string) string {
	return b.add(record.Admission, 1, at, record.AdmissionBody{Badge: badge, Unit: unit, Source: record.AdmitDecision, Temp: 364,
		Supervisor: "9001", Basis: "决定书"})
}

func release(b *rpb, at time.Time, badge string) string {
	return b.add(record.Release, 1, at, record.ReleaseBody{Badge: badge, Type: record.ReleaseExpiry, Supervisor: "9001", Basis: "期满"})
}

// The roster as of a moment follows the admissions and releases: the
// latest movement at or before it decides, an admission still to come
// keeps a pre-published badge out, and a voided movement counts for
// nothing.
func TestRosterAsOf(t *testing.T) {
	b := &rpb{t: t}
	admit(b, rpAt(10, 0), "D0501", "新收隔离区")
	release(b, rpAt(9, 0), "D0001")
	admit(b, rpAt(11, 0), "D0009", "新收隔离区") // on the roster already (published ahead), arriving at 11:00
	release(b, rpAt(12, 0), "D0003")        // later the same day
	gone := release(b, rpAt(8, 0), "D0002") // voided below
	b.add(record.Release, 1, rpAt(8, 30), record.ReleaseBody{Badge: "D0004", Type: record.ReleaseEarly, Supervisor: "9001", Basis: "x"})
	admit(b, rpAt(9, 30), "D0004", "二大队/宿舍3") // released at 8:30, admitted again at 9:30 (a transfer back)
	people := append(append([]Person{}, fixturePeople...), Person{Badge: "D0009", Name: "新某", Kind: Detainee, Unit: "新收隔离区", Active: true})
	for i := range b.out {
		if b.out[i].ID == gone {
			b.out[i].Voided = true
		}
	}
	active := func(ps []Person) map[string]Person {
		m := map[string]Person{}
		for _, p := range ps {
			if p.Active && p.Kind == Detainee {
				m[p.Badge] = p
			}
		}
		return m
	}
	for _, c := range []struct {
		at   time.Time
		want []string
	}{
		{rpAt(7, 0), []string{"D0001", "D0002", "D0003", "D0004"}},
		{rpAt(9, 0), []string{"D0002", "D0003"}},
		{rpAt(10, 30), []string{"D0002", "D0003", "D0004", "D0501"}},
		{rpAt(23, 0), []string{"D0002", "D0004", "D0501", "D0009"}},
	} {
		got := active(RosterAsOf(people, b.out, c.at))
		if len(got) != len(c.want) {
			t.Errorf("%s: %d present %v, want %v", c.at.Format("15:04"), len(got), got, c.want)
			continue
		}
		for _, w := range c.want {
			if _, ok := got[w]; !ok {
				t.Errorf("%s: %s not present, want %v", c.at.Format("15:04"), w, c.want)
			}
		}
	}
	end := active(RosterAsOf(people, b.out, rpAt(23, 0)))
	if p := end["D0501"]; p.Unit != "新收隔离区" || p.Name != "" || !p.Since.Equal(rpAt(10, 0)) {
		t.Errorf("the new admission: %+v", p)
	}
	if p := end["D0009"]; p.Name != "新某" || !p.Since.Equal(rpAt(11, 0)) {
		t.Errorf("a pre-published badge keeps the roster's name: %+v", p)
	}
	if len(people) != len(fixturePeople)+1 || !people[5].Active {
		t.Error("RosterAsOf changed the roster it was given")
	}
	// An admission naming a staff badge (not one the console writes) does
	// not make a second person of it.
	odd := &rpb{t: t}
	admit(odd, rpAt(8, 0), "2001", "新收隔离区")
	if got := RosterAsOf(fixturePeople, odd.out, rpAt(9, 0)); len(got) != len(fixturePeople) || got[0].Kind != Staff {
		t.Errorf("a staff badge admitted: %+v", got)
	}
	if got := RosterAsOf(fixturePeople, nil, rpAt(9, 0)); len(got) != len(fixturePeople) {
		t.Error("no movement: the roster as published")
	}
	// A roster published after a release names the person inactive: as
	// of a moment before the release they were still there.
	later := &rpb{t: t}
	release(later, rpAt(12, 0), "D0001")
	published := append([]Person{}, fixturePeople...)
	published[5].Active = false
	if got := active(RosterAsOf(published, later.out, rpAt(11, 0))); len(got) != 4 {
		t.Errorf("before a release the roster already shows: %v, want D0001 present", got)
	}
	if got := active(RosterAsOf(published, later.out, rpAt(13, 0))); len(got) != 3 {
		t.Errorf("after it: %v", got)
	}
}

// The report's headline follows them, the day's are counted, and a
// detainee admitted during the day is screened from the next day (the
// gate's check was their reading), one released is no longer expected.
func TestReportMovements(t *testing.T) {
	in, b := cleanDay(t)
	admit(b, rpAt(15, 0), "D0501", "新收隔离区")
	release(b, rpAt(16, 0), "D0003")
	in.Records = b.out
	earlier := &rpb{t: t, seq: 50}
	admit(earlier, rpAt(10, 0).AddDate(0, 0, -3), "D0400", "新收隔离区")
	in.Movements = earlier.out
	r := ComputeReport(in)
	h := r.Headline
	if iv(h.Admissions) != 1 || iv(h.Releases) != 1 || h.Rostered != 5 || h.Detainees != 5 {
		t.Fatalf("headline %+v (admitted %d, released %d)", h, iv(h.Admissions), iv(h.Releases))
	}
	// D0400 (admitted three days ago) is expected and was not screened;
	// D0501 (today) is not expected yet; D0003 (released) no longer is.
	if r.Screening.Detainees.Expected != 4 || r.Screening.UncheckedCount != 1 || r.Screening.Unchecked[0].Badge != "D0400" {
		t.Errorf("screening %+v unchecked %+v", r.Screening.Detainees, r.Screening.Unchecked)
	}
	// The day before: neither movement had happened.
	prev := in
	prev.From, prev.To, prev.AsOf, prev.Day = in.From.AddDate(0, 0, -1), in.From, in.From, "2026-11-27"
	prev.Records = nil
	if h := ComputeReport(prev).Headline; h.Rostered != 5 || iv(h.Admissions) != 0 {
		t.Errorf("the day before: %+v", h)
	}
	// Part way through the day: only what had happened by then.
	part := in
	part.AsOf = rpAt(15, 30)
	if h := ComputeReport(part).Headline; h.Rostered != 6 || iv(h.Admissions) != 1 || iv(h.Releases) != 0 {
		t.Errorf("at 15:30: rostered %d, admitted %d, released %d", h.Rostered, iv(h.Admissions), iv(h.Releases))
	}
}

// A detainee released while away on an outside medical visit is neither
// present nor away.
func TestReleasedWhileAway(t *testing.T) {
	in := badDay(t) // 钱某 (D0002) left at 14:00 and is not back
	b := &rpb{t: t, seq: 950}
	release(b, rpAt(17, 0), "D0002")
	in.Records = append(in.Records, b.out...)
	h := ComputeReport(in).Headline
	if h.Rostered != 4 || h.MedicalAway != 0 || h.Detainees != 4 || iv(h.Releases) != 1 {
		t.Errorf("released while away: %+v (released %d)", h, iv(h.Releases))
	}
}

// Twice a day, a detainee admitted in the morning is expected in the
// evening session and not the morning's.
func TestSessionsAfterAdmission(t *testing.T) {
	people := []Person{
		{Badge: "D0001", Kind: Detainee, Active: true},
		{Badge: "D0501", Kind: Detainee, Active: true, Since: rpAt(9, 0)},
		{Badge: "D0502", Kind: Detainee, Active: true, Since: rpAt(14, 0)},
	}
	got := DetaineeSessions(ScreenInput{People: people}, 2, rpAt(0, 0), rpAt(20, 0))
	if len(got) != 2 || got[0].Expected != 1 || got[1].Expected != 2 {
		t.Errorf("sessions %+v, want 1 then 2 expected", got)
	}
	if s := Screen(ScreenInput{People: people, From: rpAt(0, 0)}); s.Coverage(Detainee).Expected != 1 {
		t.Errorf("the day's coverage expects %d, want 1", s.Coverage(Detainee).Expected)
	}
	if s := Screen(ScreenInput{People: people, From: rpAt(0, 0).AddDate(0, 0, 1)}); s.Coverage(Detainee).Expected != 3 {
		t.Errorf("the next day expects %d, want 3", s.Coverage(Detainee).Expected)
	}
}

// The issue number: reports numbered in the order their days were first
// submitted within the year; a resubmission keeps its number, a voided
// report gives its number up, and last year's do not count.
func TestIssueNumber(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, cst) }
	rs := []IssuedReport{
		{Day: "2025-12-31", At: time.Date(2026, 1, 1, 9, 0, 0, 0, cst), ID: "a"},
		{Day: "2026-11-26", At: at(26, 17), ID: "b"},
		{Day: "2026-11-27", At: at(28, 9), ID: "c"}, // late: after the 28th's? no, before it
		{Day: "2026-11-28", At: at(28, 17), ID: "d"},
		{Day: "2026-11-26", At: at(28, 18), ID: "e"}, // resubmitted
		{Day: "2026-11-25", At: at(25, 17), ID: "f", Voided: true},
	}
	for _, c := range []struct {
		day  string
		want int
	}{
		{"2026-11-26", 1}, {"2026-11-27", 2}, {"2026-11-28", 3}, {"2026-11-29", 4}, {"2026-11-25", 4},
		{"2025-12-31", 1}, {"2027-01-01", 1},
	} {
		if got := IssueNumber(rs, c.day); got != c.want {
			t.Errorf("%s: issue %d, want %d", c.day, got, c.want)
		}
	}
	in, _ := cleanDay(t)
	in.Reports = rs
	if r := ComputeReport(in); r.Issue != 3 {
		t.Errorf("the report's issue %d, want 3", r.Issue)
	}
	in.Scope = ScopeShift
	if r := ComputeReport(in); r.Issue != 0 {
		t.Errorf("a shift's report has issue %d", r.Issue)
	}
}
