package demo

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// checkMovements: the thirty days hold a few admissions and releases, as
// rare as under lockdown; each admission a new badge into the 新收 isolation
// area without fever, each release a detainee then present; nobody
// released is screened afterwards, everyone admitted is screened from the
// next day; and the day's submitted report counts them.
func checkMovements(t *testing.T, st *store.Store) {
	ctx := context.Background()
	people, err := st.People(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	rostered := map[string]bool{}
	for _, p := range people {
		rostered[p.Badge] = true
	}
	var moves []gate.DayRecord
	admitted := map[string]string{} // badge → day admitted
	released := map[string]record.Record{}
	perDay := map[string][2]int{}
	var reports []record.ReportDailyBody
	readAfter := map[string]bool{} // released, then read at a roll-call
	readNext := map[string]bool{}  // admitted, read on a later day
	err = st.Each(ctx, 0, func(r record.Record) error {
		day := store.Day(r.At)
		switch r.Kind {
		case record.Admission:
			var b record.AdmissionBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			if rostered[b.Badge] || admitted[b.Badge] != "" || !strings.HasPrefix(b.Badge, "D0") || b.Unit != post.DefaultAdmitUnit || b.Temp >= gate.DefaultFever || r.Gate != 1 {
				t.Errorf("admission %+v at gate %d", b, r.Gate)
			}
			admitted[b.Badge] = day
			c := perDay[day]
			c[0]++
			perDay[day] = c
		case record.Release:
			var b record.ReleaseBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			present := false
			for _, p := range gate.RosterAsOf(people, moves, r.At.Add(-1)) {
				present = present || (p.Badge == b.Badge && p.Active && p.Kind == gate.Detainee)
			}
			if !present || b.Badge == EscortBadge {
				t.Errorf("release of %s, not present then", b.Badge)
			}
			released[b.Badge] = r
			c := perDay[day]
			c[1]++
			perDay[day] = c
		case record.Temperature:
			var b record.TemperatureBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			if _, ok := released[b.Badge]; ok {
				readAfter[b.Badge] = true
			}
			if d, ok := admitted[b.Badge]; ok && d < day {
				readNext[b.Badge] = true
			}
		case record.ReportDaily:
			var b record.ReportDailyBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			reports = append(reports, b)
		}
		if r.Kind == record.Admission || r.Kind == record.Release {
			moves = append(moves, gate.DayRecord{Record: r})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(admitted) < 1 || len(released) < 1 || len(admitted) > 10 || len(released) > 8 {
		t.Fatalf("%d admissions and %d releases in thirty days: want a few of each", len(admitted), len(released))
	}
	for b := range readAfter {
		t.Errorf("%s screened after their release", b)
	}
	last := ""
	for _, r := range reports {
		last = max(last, r.Day)
	}
	for b, d := range admitted {
		if d < last && !readNext[b] {
			t.Errorf("%s admitted on %s, never screened after", b, d)
		}
	}
	checked := 0
	for _, r := range reports {
		c, ok := perDay[r.Day]
		if !ok {
			continue
		}
		var rep gate.Report
		if err := json.Unmarshal(r.Report, &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Headline.Admissions == nil || *rep.Headline.Admissions != c[0] || *rep.Headline.Releases != c[1] {
			t.Errorf("%s: report counts %v/%v, records %v", r.Day, rep.Headline.Admissions, rep.Headline.Releases, c)
		}
		checked++
	}
	if checked == 0 {
		t.Error("no submitted report of a day with an admission or a release")
	}
	t.Logf("%d admissions, %d releases; %d reports checked", len(admitted), len(released), checked)
}
