package demo

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"gatepost/config"
	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// thirtyDays generates the demo's thirty days, as `gatepost demo --records
// 30000` does, into a fresh terminal.
func thirtyDays(t *testing.T) *store.Store {
	t.Helper()
	st := setup(t)
	if _, err := Generate(context.Background(), st, Options{Records: 30 * MinPerDay, Seed: 1, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestThirtyDays replays the demo's thirty days and checks them against
// the closed-management rules (§11) and against a locked-down centre.
func TestThirtyDays(t *testing.T) {
	st := thirtyDays(t)
	t.Run("status", func(t *testing.T) { checkStatusRules(t, st) })
	t.Run("plausible", func(t *testing.T) { checkPlausible(t, st) })
	t.Run("movements", func(t *testing.T) { checkMovements(t, st) })
}

// checkStatusRules folds every staff crossing's status from the records
// before it and the rotation plan (gate.StatusOf), and finds no crossing
// let through that the status forbids (gate.MayCross), no override of a
// denial that may not be overridden, and no crossing at all by someone
// barred by a confirmed fever.
func checkStatusRules(t *testing.T, st *store.Store) {
	ctx := context.Background()
	people, err := st.People(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	byBadge := map[string]gate.Person{}
	for _, p := range people {
		byBadge[p.Badge] = p
	}
	periods, err := st.Rotation(ctx, "0000-01-01", "9999-12-31")
	if err != nil || len(periods) == 0 {
		t.Fatalf("rotation plan: %d periods, %v", len(periods), err)
	}
	plan := map[string][]gate.Period{}
	for _, p := range periods {
		plan[p.Badge] = append(plan[p.Badge], p)
	}

	type where struct {
		badge string
		i     int
	}
	events := map[string][]gate.Event{}
	at := map[string]where{} // record id → its place in its person's events
	verdicts := map[string]gate.Verdict{}
	crossings, changeOvers, overrides, released := 0, 0, 0, 0
	feverish := map[string]bool{} // crossed after a fever of theirs, cleared
	seen := map[gate.Base]int{}
	err = st.Each(ctx, 0, func(r record.Record) error {
		var who struct {
			Badge  string `json:"badge"`
			Target string `json:"target"`
		}
		if err := r.Decode(&who); err != nil {
			return err
		}
		badge := who.Badge
		switch r.Kind {
		case record.Void:
			if w, ok := at[who.Target]; ok {
				events[w.badge][w.i].Voided = true
			}
		case record.Override:
			overrides++
			v, ok := verdicts[who.Target]
			if ok && !v.Overridable {
				t.Errorf("override seq %d of a denial (%s) no supervisor may override", r.Seq, v.Reason)
			}
			if w, ok := at[who.Target]; ok {
				badge = w.badge
			}
		case record.Passage:
			p, ok := byBadge[badge]
			if !ok || p.Kind != gate.Staff || !p.Active || r.Gate < 1 || r.Gate > 4 {
				break
			}
			var b record.PassageBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			s := gate.StatusOf(gate.StatusInput{Person: p, Plan: plan[badge], Events: events[badge], Now: r.At,
				Health: gate.HealthConfig{Profile: gate.ProfileEpidemic}}) // the demo's profile: unset, the default
			if b.First != "" {
				s.RecheckPending = false // this crossing is the recheck
			}
			if s.FeverSince != (time.Time{}) {
				feverish[badge] = true
			}
			if s.FeverBarred {
				t.Errorf("seq %d: %s at gate %d while barred by the fever of %v", r.Seq, badge, r.Gate, s.FeverSince)
			}
			v := gate.MayCross(s, r.Gate, b.Direction)
			verdicts[r.ID] = v
			crossings++
			seen[s.Base]++
			if b.Allowed && !v.Allowed {
				t.Errorf("seq %d: %s (%s) let through gate %d %s, but the status says %s", r.Seq, badge, s.Base, r.Gate, b.Direction, v.Reason)
			}
			if r.Gate == 1 && b.Allowed && v.Reason == gate.ReasonChangeOver {
				changeOvers++
			}
			if r.Gate == 1 && b.Allowed && b.Direction == record.Out && s.Leaving != "" {
				released++
			}
		}
		if badge != "" {
			at[r.ID] = where{badge, len(events[badge])}
			events[badge] = append(events[badge], gate.Event{Record: r})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The replay must have had something to judge: crossings by people on
	// custody duty, in the office, called up, and change-overs at the main gate.
	// and someone back at the gates after a fever and its clearance.
	// ... and people leaving standby or observation, on a negative NAT.
	if crossings < 1000 || changeOvers == 0 || seen[gate.BaseCustody] == 0 || seen[gate.BaseOffice] == 0 ||
		seen[gate.BaseCalledUp] == 0 || len(feverish) == 0 || overrides == 0 || released == 0 {
		t.Errorf("%d staff crossings, %d change-overs at the main gate, by base %v, %d back after a fever, %d overrides, %d released from isolation",
			crossings, changeOvers, seen, len(feverish), overrides, released)
	}
	t.Logf("%d staff crossings judged, %d change-overs, by base %v, %d back after a fever, %d released from isolation",
		crossings, changeOvers, seen, len(feverish), released)
}

// sexOfName tells from the given name whether a demo name is a man's, a
// woman's, or neither list's ("").
func sexOfName(name string) string {
	given := string([]rune(name)[1:])
	m, f := slices.Contains(maleNames, given), slices.Contains(femaleNames, given)
	switch {
	case m && !f:
		return "m"
	case f && !m:
		return "f"
	}
	return ""
}

func sexOfID(id string) string {
	if MaleID(id) {
		return "m"
	}
	return "f"
}

// checkPlausible checks the thirty days against a locked-down centre (issue
// 11): units single-sex; every name agreeing with the ID number's sex digit;
// about one staff member to five detainees; a handful of main-gate
// crossings a day; fevers on a few days at most; zero-report days the
// majority.
func checkPlausible(t *testing.T, st *store.Store) {
	ctx := context.Background()
	people, err := st.People(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	staff, detainees := 0, 0
	unitSex := map[string]string{}
	for _, p := range people {
		if _, err := gate.ParseResidentID(p.IDNumber); err != nil {
			t.Errorf("%s %s: resident ID %q: %v", p.Badge, p.Name, p.IDNumber, err)
			continue
		}
		if s := sexOfName(p.Name); s != sexOfID(p.IDNumber) {
			t.Errorf("%s %s: the name is %q, the ID %s says %s", p.Badge, p.Name, s, p.IDNumber, sexOfID(p.IDNumber))
		}
		switch p.Kind {
		case gate.Staff:
			if p.Active {
				staff++
			}
		case gate.Detainee:
			detainees++
			unit, _, _ := strings.Cut(p.Unit, "/")
			for _, u := range []string{unit, p.Unit} {
				if s, ok := unitSex[u]; ok && s != sexOfID(p.IDNumber) {
					t.Errorf("%s %s in %s: men and women in one unit", p.Badge, p.Name, u)
				}
				unitSex[u] = sexOfID(p.IDNumber)
			}
		}
	}
	if ratio := float64(detainees) / float64(staff); ratio < 4 || ratio > 6 {
		t.Errorf("%d staff for %d detainees: 1:%.1f, not near 1:5", staff, detainees, ratio)
	}
	women := 0
	for _, s := range unitSex {
		if s == "f" {
			women++
		}
	}
	if women == 0 || women == len(unitSex) {
		t.Errorf("units by sex: %v", unitSex)
	}

	mainGate := map[string]int{}
	feverDays := map[string]bool{}
	fevers := map[string]time.Time{} // badge → a confirmed fever not yet cleared
	if err := st.Each(ctx, 0, func(r record.Record) error {
		day := store.Day(r.At)
		switch {
		case r.Kind == record.Passage && r.Gate == 1:
			mainGate[day]++
		case r.Kind == record.Incident:
			var b record.IncidentBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			if b.Type == gate.IncidentFever {
				feverDays[day] = true
				if b.Badge != "" { // a visitor's is followed up outside the centre
					fevers[b.Badge] = r.At
				}
			}
		case r.Kind == record.Clearance:
			var b record.ClearanceBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			if since, ok := fevers[b.Badge]; ok && r.At.Sub(since) > 72*time.Hour {
				t.Errorf("%s cleared %v after the fever", b.Badge, r.At.Sub(since))
			}
			delete(fevers, b.Badge)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Detainees are screened twice a day (晨检、晚检), both through the
	// service's roll-call: a day over has two sessions, each complete but
	// on the first day (it starts after the morning round) and at most one
	// other.
	if v, err := st.Setting(ctx, config.KeyScreeningSessions); err != nil || v != "2" {
		t.Errorf("screening.sessions %q %v, want 2", v, err)
	}
	missed := 0
	days, zero := 0, 0
	var abnormal []string
	for d := testNow.AddDate(0, 0, -30); !d.After(testNow); d = d.AddDate(0, 0, 1) {
		day := store.Day(d)
		days++
		if n := mainGate[day]; n > 12 {
			t.Errorf("%s: %d main-gate crossings under full lockdown", day, n)
		}
		in, err := st.ReportInput(ctx, day, testNow, 0)
		if err != nil {
			t.Fatal(err)
		}
		r := gate.ComputeReport(in)
		if day < store.Day(testNow) {
			if len(r.Screening.Sessions) != 2 {
				t.Errorf("%s: sessions %+v, want morning and evening", day, r.Screening.Sessions)
			}
			if days > 1 && r.SessionsMissed() > 0 {
				missed++
			}
		}
		if r.Zero {
			zero++
		} else {
			abnormal = append(abnormal, day+":"+strings.Join(r.Abnormal, ","))
		}
	}
	// Rare: a confirmed fever on a few days at most, each cleared a day or
	// two later (the last days' may still be open).
	if len(feverDays) > 4 {
		t.Errorf("confirmed fevers on %d of %d days", len(feverDays), days)
	}
	for badge, since := range fevers {
		if testNow.Sub(since) > 72*time.Hour {
			t.Errorf("%s: the fever of %v never cleared", badge, since)
		}
	}
	if missed > 1 {
		t.Errorf("a screening session missed on %d days", missed)
	}
	if 2*zero <= days {
		t.Errorf("%d zero-report days of %d; abnormal: %v", zero, days, abnormal)
	}
	total, most := 0, 0
	for _, n := range mainGate {
		total += n
		most = max(most, n)
	}
	t.Logf("%d zero-report days of %d (abnormal: %v); fevers on %d days; %d main-gate crossings (%.1f a day, at most %d)",
		zero, days, abnormal, len(feverDays), total, float64(total)/float64(days), most)
}
