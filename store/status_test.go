package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gatepost/config"
	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// A person's status read back from a real store: the fever bar and its
// clearance, a void that undoes an incident, an override into the custody
// zone making a contact, and another person's records left out.
func TestStatusOfFromTheStore(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	loc := time.FixedZone("CST", 8*3600)
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, loc) }
	p := gate.Person{Badge: "2031", Name: "叶秀英", Kind: gate.Staff, Active: true, Assignment: gate.AssignOffice}
	t386, t380 := record.Tenths(386), record.Tenths(380)
	app := func(ds ...store.Draft) []record.Record {
		t.Helper()
		rs, err := st.AppendBatch(ctx, ds)
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	status := func(now time.Time) gate.Status {
		t.Helper()
		s, err := st.StatusOf(ctx, p, now, 0)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	// Someone else's fever does not touch 2031.
	app(store.Draft{Kind: record.Incident, Gate: 1, Guard: "1001", At: at(20, 7, 0), Body: record.IncidentBody{Type: gate.IncidentFever, Badge: "2099"}})
	if s := status(at(20, 8, 0)); s.FeverBarred {
		t.Fatal("another badge's fever barred 2031")
	}

	rs := app(
		store.Draft{Kind: record.Passage, Gate: 1, Guard: "1001", At: at(20, 17, 58), Body: record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2031", Temp: &t386, Recheck: &t380, Reason: "fever"}},
		store.Draft{Kind: record.Incident, Gate: 1, Guard: "1001", At: at(20, 17, 58), Body: record.IncidentBody{Type: gate.IncidentFever, Badge: "2031"}},
	)
	s := status(at(20, 18, 19))
	if !s.FeverBarred {
		t.Fatalf("18:19 after a confirmed fever at 17:58: %+v", s)
	}
	if v := gate.MayCross(s, 1, record.In); v.Allowed || v.Overridable {
		t.Fatalf("the main gate at 18:19: %+v", v)
	}

	// A void of the incident (and of the passage: a wrong entry) lifts it.
	app(store.Draft{Kind: record.Void, Gate: 1, Guard: "9001", At: at(20, 19, 0), Body: record.VoidBody{Target: rs[1].ID, TargetSeq: rs[1].Seq, Supervisor: "9001", Reason: "录错人"}},
		store.Draft{Kind: record.Void, Gate: 1, Guard: "9001", At: at(20, 19, 0), Body: record.VoidBody{Target: rs[0].ID, TargetSeq: rs[0].Seq, Supervisor: "9001", Reason: "录错人"}})
	if s := status(at(20, 19, 1)); s.FeverBarred || s.RecheckPending {
		t.Fatalf("after the voids: %+v", s)
	}

	// A fever again, then a supervisor's clearance.
	app(store.Draft{Kind: record.Incident, Gate: 1, Guard: "1001", At: at(21, 7, 0), Body: record.IncidentBody{Type: gate.IncidentFever, Badge: "2031"}})
	if s := status(at(22, 7, 0)); !s.FeverBarred {
		t.Fatal("the bar did not last into the next day")
	}
	app(store.Draft{Kind: record.Clearance, Gate: 0, Guard: "9001", At: at(22, 10, 0), Body: record.ClearanceBody{Badge: "2031", Subject: gate.ClearFever, Result: record.ResultFeverClinic, Supervisor: "9001", Reason: "发热门诊排除"}})
	if s := status(at(22, 10, 1)); s.FeverBarred {
		t.Fatalf("after the clearance: %+v", s)
	}

	// An override into the custody zone makes a contact.
	denied := app(store.Draft{Kind: record.Passage, Gate: 2, Guard: "1002", At: at(22, 11, 0), Body: record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2031", Reason: string(gate.ReasonNoContact)}})
	app(store.Draft{Kind: record.Override, Gate: 2, Guard: "9001", At: at(22, 11, 1), Body: record.OverrideBody{Target: denied[0].ID, Supervisor: "9001", Reason: "送文件"}})
	s = status(at(22, 12, 0))
	if !s.Contact {
		t.Fatalf("after the override into the custody zone: %+v", s)
	}
	if v := gate.MayCross(s, 4, record.In); v.Allowed {
		t.Fatalf("the contact walked into the office: %+v", v)
	}

	// The rotation plan is read too.
	if err := st.PutRotation(ctx, []gate.Period{{Badge: "2031", Kind: gate.PeriodObservation, Start: "2026-11-23", End: "2026-11-29"}}); err != nil {
		t.Fatal(err)
	}
	if s := status(at(24, 9, 0)); s.Base != gate.BaseObservation {
		t.Fatalf("in observation: %+v", s)
	}
}

// The facility's profile as `config set` stores it decides whether leaving
// isolation needs a negative nucleic-acid result: epidemic and 48 hours by
// default, the setting's words otherwise, and a hand-broken value is an
// error naming it rather than a profile guessed.
func TestClosedHealthFromTheSettings(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	h, err := st.ClosedHealth(ctx)
	if err != nil || h != (gate.HealthConfig{Profile: gate.ProfileEpidemic, NATHours: gate.DefaultNATHours}) {
		t.Fatalf("unset: %+v %v", h, err)
	}
	for _, kv := range [][2]string{{config.KeyProfile, "normal"}, {config.KeyNATHours, "24"}} {
		v, err := config.Normalize(kv[0], kv[1])
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetSetting(ctx, kv[0], v); err != nil {
			t.Fatal(err)
		}
	}
	if h, err = st.ClosedHealth(ctx); err != nil || h != (gate.HealthConfig{Profile: gate.ProfileNormal, NATHours: 24}) {
		t.Fatalf("set: %+v %v", h, err)
	}
	if err := st.SetSetting(ctx, config.KeyProfile, "lax"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ClosedHealth(ctx); err == nil || !strings.Contains(err.Error(), "profile") {
		t.Fatalf("a hand-broken profile: %v", err)
	}
	if _, err := st.StatusOf(ctx, gate.Person{Badge: "2001", Kind: gate.Staff, Active: true}, time.Now(), 0); err == nil {
		t.Fatal("a status decided on a profile guessed")
	}
	// Values written by hand are read as the console reads them
	// (config.ResolveClosed): both take them, or both refuse them, so gate
	// 1's questions and the status rule never follow different profiles.
	for _, set := range []map[string]string{
		{config.KeyProfile: " Epidemic ", config.KeyNATHours: "24"},
		{config.KeyProfile: "normal", config.KeyNATHours: "6"},
	} {
		for k, v := range set {
			if err := st.SetSetting(ctx, k, v); err != nil {
				t.Fatal(err)
			}
		}
		h, err := st.ClosedHealth(ctx)
		c, cerr := config.ResolveClosed(set)
		if (err == nil) != (cerr == nil) || h != c.Health {
			t.Errorf("%v: the store reads %+v (%v), the console %+v (%v)", set, h, err, c.Health, cerr)
		}
	}
}

// The status reads are prepared once: a first caller whose context is
// already cancelled fails, and leaves the statements good for the next.
func TestStatusReadsPreparedDespiteACancelledFirstCaller(t *testing.T) {
	st, _ := newStore(t)
	p := gate.Person{Badge: "2031", Kind: gate.Staff, Active: true, Assignment: gate.AssignOffice}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := st.StatusOf(cancelled, p, time.Now(), 0); err == nil {
		t.Fatal("a status read on a cancelled context")
	}
	mustAppend(t, st, store.Draft{Kind: record.Incident, Gate: 1, Guard: "1001", At: time.Now(),
		Body: record.IncidentBody{Type: gate.IncidentFever, Badge: "2031"}})
	s, err := st.StatusOf(context.Background(), p, time.Now(), 0)
	if err != nil || !s.FeverBarred {
		t.Fatalf("after the cancelled caller: %+v %v", s, err)
	}
}
