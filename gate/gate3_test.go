package gate

import (
	"testing"
	"time"

	"gatepost/record"
)

func TestStandbyNow(t *testing.T) {
	b := &evb{t: t}
	day := 24 * time.Hour
	sLi := b.add(record.StandbyStart, now.Add(-3*day), record.StandbyStartBody{Badge: "2003", Name: "李娜", PlannedEnd: "2020-02-20"})
	sZh := b.add(record.StandbyStart, now.Add(-2*day), record.StandbyStartBody{Badge: "2001", Name: "张伟", PlannedEnd: "2020-02-09"})
	sWa := b.add(record.StandbyStart, now.Add(-2*day), record.StandbyStartBody{Badge: "2002", Name: "王芳", PlannedEnd: "2020-02-20"})
	b.add(record.StandbyEnd, now.Add(-day), record.StandbyEndBody{Badge: "2002", Start: sWa})
	sCh := b.add(record.StandbyStart, now.Add(-day), record.StandbyStartBody{Badge: "2005", Name: "陈静", PlannedEnd: "2020-02-20"})
	b.add(record.StandbyCallup, now.Add(-time.Hour), record.StandbyCallupBody{Badge: "2005", Start: sCh, Reason: "增援"})
	// an end that was voided: 刘洋 stays in standby
	sLiu := b.add(record.StandbyStart, now.Add(-day), record.StandbyStartBody{Badge: "2004", Name: "刘洋", PlannedEnd: "2020-02-20"})
	e := b.add(record.StandbyEnd, now.Add(-time.Hour), record.StandbyEndBody{Badge: "2004", Start: sLiu})
	b.void(e)
	// a voided start: 赵 never was in standby
	z := b.add(record.StandbyStart, now.Add(-time.Hour), record.StandbyStartBody{Badge: "2009", Name: "赵停", PlannedEnd: "2020-02-20"})
	b.void(z)
	// an end naming an older stint does not close the newer one
	b.add(record.StandbyEnd, now, record.StandbyEndBody{Badge: "2001", Start: "older"})

	got := StandbyNow(b.out)
	want := map[string]string{"2003": sLi, "2001": sZh, "2004": sLiu}
	if len(got) != len(want) {
		t.Fatalf("in standby: %v", Sorted(got))
	}
	for badge, start := range want {
		if got[badge].StartID != start {
			t.Errorf("%s: stint %q, want %q", badge, got[badge].StartID, start)
		}
	}
	if s := got["2003"]; s.DaysIn(now) != 4 || s.Overdue(now) {
		t.Errorf("李娜: day %d overdue %v", s.DaysIn(now), s.Overdue(now))
	}
	if s := got["2001"]; s.DaysIn(now) != 3 || !s.Overdue(now) {
		t.Errorf("张伟: day %d overdue %v (planned end yesterday)", s.DaysIn(now), s.Overdue(now))
	}
	if order := Sorted(got); order[0].Badge != "2001" || order[2].Badge != "2004" {
		t.Errorf("sorted %v", order)
	}

	// Check-ins due today: everyone in standby without a check-in today.
	c := &evb{t: t}
	c.add(record.StandbyCheckin, now, record.StandbyCheckinBody{Badge: "2003", Start: sLi, Temp: 365, Ready: true})
	v := c.add(record.StandbyCheckin, now, record.StandbyCheckinBody{Badge: "2004", Start: sLiu, Temp: 366, Ready: true})
	c.void(v)
	done := CheckedIn(c.out)
	due := CheckinsDue(got, done)
	if len(due) != 2 || due[0].Badge != "2001" || due[1].Badge != "2004" {
		t.Fatalf("due %v", due)
	}
}

func TestDaysInByCalendarDate(t *testing.T) {
	late := time.Date(2020, 2, 10, 23, 50, 0, 0, cst)
	s := Stint{Start: late}
	for _, tt := range []struct {
		at   time.Time
		want int
	}{
		{late, 1},
		{late.Add(9 * time.Minute), 1},
		{late.Add(11 * time.Minute), 2},
		{late.Add(14 * 24 * time.Hour), 15},
	} {
		if got := s.DaysIn(tt.at); got != tt.want {
			t.Errorf("at %v: day %d, want %d", tt.at, got, tt.want)
		}
	}
}

func TestEvaluateStandby(t *testing.T) {
	cur := stint(standbyP)
	epi := HealthConfig{Profile: ProfileEpidemic}
	tests := []struct {
		name  string
		in    StandbyInput
		want  Reason
		fever bool
	}{
		{"start", StandbyInput{Action: ActStart, Badge: "2003", Person: standbyP, PlannedEnd: "2020-02-24"}, "", false},
		{"start ending today", StandbyInput{Action: ActStart, Badge: "2003", Person: standbyP, PlannedEnd: "2020-02-10"}, "", false},
		{"start, planned end yesterday", StandbyInput{Action: ActStart, Badge: "2003", Person: standbyP, PlannedEnd: "2020-02-09"}, ReasonPlannedEnd, false},
		{"start, no planned end", StandbyInput{Action: ActStart, Badge: "2003", Person: standbyP}, ReasonPlannedEnd, false},
		{"start while in standby", StandbyInput{Action: ActStart, Badge: "2003", Person: standbyP, Current: cur, PlannedEnd: "2020-02-24"}, ReasonAlreadyStandby, false},
		{"start inactive", StandbyInput{Action: ActStart, Badge: "2009", Person: retiredP, PlannedEnd: "2020-02-24"}, ReasonInactive, false},
		{"start detainee", StandbyInput{Action: ActStart, Badge: "D0001", Person: detaineeP, PlannedEnd: "2020-02-24"}, ReasonNotStaff, false},
		{"start unknown", StandbyInput{Action: ActStart, Badge: "X", PlannedEnd: "2020-02-24"}, ReasonNotOnRoster, false},
		{"start nobody", StandbyInput{Action: ActStart}, ReasonNeedIdentity, false},
		{"checkin", StandbyInput{Action: ActCheckin, Badge: "2003", Person: standbyP, Current: cur, Temp: temp(365)}, "", false},
		{"checkin fever is recorded", StandbyInput{Action: ActCheckin, Badge: "2003", Person: standbyP, Current: cur, Temp: temp(373)}, "", true},
		{"checkin without temperature", StandbyInput{Action: ActCheckin, Badge: "2003", Person: standbyP, Current: cur}, ReasonNeedTemp, false},
		{"checkin implausible temperature", StandbyInput{Action: ActCheckin, Badge: "2003", Person: standbyP, Current: cur, Temp: temp(300)}, ReasonNeedTemp, false},
		{"checkin not in standby", StandbyInput{Action: ActCheckin, Badge: "2003", Person: standbyP, Temp: temp(365)}, ReasonNotInStandby, false},
		{"end", StandbyInput{Action: ActEnd, Badge: "2003", Person: standbyP, Current: cur}, "", false},
		{"end not in standby", StandbyInput{Action: ActEnd, Badge: "2003", Person: standbyP}, ReasonNotInStandby, false},
		{"end of an inactive person still in standby", StandbyInput{Action: ActEnd, Badge: "2009", Person: retiredP, Current: cur}, "", false},
		{"end under the epidemic profile, no NAT on record", StandbyInput{Action: ActEnd, Badge: "2003", Person: standbyP, Current: cur, Health: epi}, ReasonReleaseNAT, false},
		{"end, a negative NAT sampled 20 h ago", StandbyInput{Action: ActEnd, Badge: "2003", Person: standbyP, Current: cur, Health: epi, NATAt: now.Add(-20 * time.Hour)}, "", false},
		{"end, the NAT sampled 49 h ago", StandbyInput{Action: ActEnd, Badge: "2003", Person: standbyP, Current: cur, Health: epi, NATAt: now.Add(-49 * time.Hour)}, ReasonReleaseNAT, false},
		{"end, 49 h within the facility's 72", StandbyInput{Action: ActEnd, Badge: "2003", Person: standbyP, Current: cur, Health: HealthConfig{Profile: ProfileEpidemic, NATHours: 72}, NATAt: now.Add(-49 * time.Hour)}, "", false},
		{"end, a sample time after now", StandbyInput{Action: ActEnd, Badge: "2003", Person: standbyP, Current: cur, Health: epi, NATAt: now.Add(time.Hour)}, ReasonReleaseNAT, false},
		{"end under the normal profile", StandbyInput{Action: ActEnd, Badge: "2003", Person: standbyP, Current: cur, Health: HealthConfig{Profile: ProfileNormal}}, "", false},
		{"callup needs no NAT", StandbyInput{Action: ActCallup, Badge: "2003", Person: standbyP, Current: cur, Reason: "监区增援", Health: epi}, "", false},
		{"callup", StandbyInput{Action: ActCallup, Badge: "2003", Person: standbyP, Current: cur, Reason: "监区增援"}, "", false},
		{"callup without reason", StandbyInput{Action: ActCallup, Badge: "2003", Person: standbyP, Current: cur}, ReasonNeedReason, false},
		{"callup not in standby", StandbyInput{Action: ActCallup, Badge: "2003", Person: standbyP, Reason: "x"}, ReasonNotInStandby, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Now = now
			got := EvaluateStandby(Config{}, tt.in)
			if got.Reason != tt.want || got.OK != (tt.want == "") || got.Fever != tt.fever {
				t.Fatalf("got %+v, want reason %q fever %v", got, tt.want, tt.fever)
			}
		})
	}
}

// TestCrossGateStandbyViolation follows one person through the standby
// records into gates 2 and 4: in standby they are denied at both with the
// contact violation, whatever their assignment or attendance; after the end
// (or a call-up) they are judged by the usual rules again; a voided end puts
// them back in standby.
func TestCrossGateStandbyViolation(t *testing.T) {
	person := &Person{Badge: "2003", Name: "李娜", Kind: Staff, Assignment: AssignCustody, Active: true}
	b := &evb{t: t}
	start := b.add(record.StandbyStart, now.Add(-time.Hour), record.StandbyStartBody{Badge: "2003", Name: "李娜", PlannedEnd: "2020-02-20"})
	at := func(evs []Event) (Decision, Decision) {
		var cur *Stint
		if s, ok := StandbyNow(evs)["2003"]; ok {
			cur = &s
		}
		g2 := EvaluateGate2(StaffCrossing{Direction: record.In, Badge: "2003", Person: person, Standby: cur})
		g4 := EvaluateGate4(StaffCrossing{Direction: record.In, Badge: "2003", Person: person, Standby: cur, Status: record.OnSite})
		return g2, g4
	}
	steps := []struct {
		name   string
		step   func()
		g2, g4 Reason
	}{
		{"in standby", func() {}, ReasonStandbyContact, ReasonStandbyContact},
		{"ended", func() {
			id := b.add(record.StandbyEnd, now, record.StandbyEndBody{Badge: "2003", Start: start})
			b.out[len(b.out)-1].ID = id
		}, ReasonCustody, ReasonNoContact},
		{"end voided", func() { b.void(b.out[len(b.out)-1].ID) }, ReasonStandbyContact, ReasonStandbyContact},
		{"called up", func() {
			b.add(record.StandbyCallup, now, record.StandbyCallupBody{Badge: "2003", Start: start, Reason: "监区增援"})
		}, ReasonCustody, ReasonNoContact},
	}
	for _, s := range steps {
		s.step()
		g2, g4 := at(b.out)
		if g2.Reason != s.g2 || g4.Reason != s.g4 {
			t.Fatalf("%s: gate 2 %q gate 4 %q, want %q %q", s.name, g2.Reason, g4.Reason, s.g2, s.g4)
		}
		if g2.ContactViolation() != (s.g2 == ReasonStandbyContact) || g2.Allowed == g2.ContactViolation() && s.g2 == ReasonStandbyContact {
			t.Fatalf("%s: gate 2 decision %+v", s.name, g2)
		}
		if g4.Allowed {
			t.Fatalf("%s: gate 4 admitted %+v", s.name, g4)
		}
	}
	// An office worker on today's on-site list is admitted at gate 4 until
	// they go into standby.
	office := &Person{Badge: "2002", Name: "王芳", Kind: Staff, Assignment: AssignOffice, Active: true}
	in := StaffCrossing{Direction: record.In, Badge: "2002", Person: office, Status: record.OnSite}
	if d := EvaluateGate4(in); !d.Allowed {
		t.Fatalf("office worker on site: %+v", d)
	}
	b.add(record.StandbyStart, now, record.StandbyStartBody{Badge: "2002", Name: "王芳", PlannedEnd: "2020-02-24"})
	s := StandbyNow(b.out)["2002"]
	in.Standby = &s
	if d := EvaluateGate4(in); d.Allowed || !d.ContactViolation() {
		t.Fatalf("office worker in standby: %+v", d)
	}
}
