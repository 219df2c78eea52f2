package gate

import (
	"testing"
	"time"

	"gatepost/record"
)

// The §11 table, entering and leaving, row by row: each names the reason
// and whether a supervisor may override it.
func TestMayCrossTable(t *testing.T) {
	in, out := record.In, record.Out
	st := func(b Base) Status { return Status{Base: b} }
	co := func(b Base) Status { return Status{Base: b, ChangeOver: true} }
	barred := Status{Base: BaseOffice, FeverBarred: true}
	pending := Status{Base: BaseOffice, RecheckPending: true}
	contactOffice := Status{Base: BaseOffice, Contact: true}
	type want struct {
		allowed     bool
		reason      Reason
		overridable bool
		incident    bool
	}
	rows := []struct {
		name string
		s    Status
		gate int
		dir  record.Direction
		want want
	}{
		// custody duty
		{"custody main in", st(BaseCustody), 1, in, want{false, ReasonNotChangeOver, true, false}},
		{"custody main out", st(BaseCustody), 1, out, want{false, ReasonNotChangeOver, true, false}},
		{"custody main in at change-over", co(BaseCustody), 1, in, want{true, ReasonChangeOver, false, false}},
		{"custody main out at change-over", co(BaseCustody), 1, out, want{true, ReasonChangeOver, false, false}},
		{"custody custody in", st(BaseCustody), 2, in, want{true, ReasonCustody, false, false}},
		{"custody custody out", st(BaseCustody), 2, out, want{true, ReasonExit, false, false}},
		{"custody office in", st(BaseCustody), 4, in, want{false, ReasonNoContact, true, false}},
		// called up
		{"called up main in", co(BaseCalledUp), 1, in, want{true, ReasonChangeOver, false, false}},
		{"called up custody in", co(BaseCalledUp), 2, in, want{true, ReasonCalledUp, false, false}},
		{"called up office in", co(BaseCalledUp), 4, in, want{false, ReasonNoContact, true, false}},
		// observation
		{"observation main in", st(BaseObservation), 1, in, want{false, ReasonObservation, true, false}},
		{"observation main out", st(BaseObservation), 1, out, want{false, ReasonObservation, true, false}},
		{"observation custody in", st(BaseObservation), 2, in, want{false, ReasonObservation, true, false}},
		{"observation office in", st(BaseObservation), 4, in, want{false, ReasonObservation, true, false}},
		// rest
		{"rest main in", st(BaseRest), 1, in, want{false, ReasonRest, true, false}},
		{"rest main out", st(BaseRest), 1, out, want{true, ReasonExit, false, false}},
		{"rest main in at change-over", co(BaseRest), 1, in, want{true, ReasonChangeOver, false, false}},
		{"rest custody in", st(BaseRest), 2, in, want{false, ReasonRest, true, false}},
		{"rest office in", st(BaseRest), 4, in, want{false, ReasonRest, true, false}},
		// standby
		{"standby main in", st(BaseStandby), 1, in, want{false, ReasonStandbyContact, true, true}},
		{"standby main out", st(BaseStandby), 1, out, want{false, ReasonStandbyContact, true, true}},
		{"standby main at change-over", co(BaseStandby), 1, in, want{true, ReasonChangeOver, false, false}},
		{"standby custody in", st(BaseStandby), 2, in, want{false, ReasonStandbyContact, true, true}},
		{"standby custody out", st(BaseStandby), 2, out, want{false, ReasonStandbyContact, true, true}},
		{"standby standby", st(BaseStandby), 3, in, want{true, ReasonStaff, false, false}},
		{"standby office in", st(BaseStandby), 4, in, want{false, ReasonStandbyContact, true, true}},
		// office on site
		{"office main in", st(BaseOffice), 1, in, want{true, ReasonStaff, false, false}},
		{"office main out", st(BaseOffice), 1, out, want{true, ReasonExit, false, false}},
		{"office custody in", st(BaseOffice), 2, in, want{false, ReasonNoContact, true, false}},
		{"office office in", st(BaseOffice), 4, in, want{true, ReasonOnSite, false, false}},
		{"office office out", st(BaseOffice), 4, out, want{true, ReasonExit, false, false}},
		// working from home
		{"wfh main in", st(BaseWFH), 1, in, want{false, ReasonWFH, true, false}},
		{"wfh main out", st(BaseWFH), 1, out, want{true, ReasonExit, false, false}},
		{"wfh custody in", st(BaseWFH), 2, in, want{false, ReasonNoContact, true, false}},
		{"wfh office in", st(BaseWFH), 4, in, want{false, ReasonWFH, true, false}},
		// unlisted office staff and plain staff
		{"unlisted main in", st(BaseUnlisted), 1, in, want{true, ReasonStaff, false, false}},
		{"unlisted office in", st(BaseUnlisted), 4, in, want{false, ReasonNotOnList, true, false}},
		{"staff main in", st(BaseStaff), 1, in, want{true, ReasonStaff, false, false}},
		{"staff custody in", st(BaseStaff), 2, in, want{false, ReasonNoContact, true, false}},
		// fever: never overridable, at every gate, entering
		{"barred main in", barred, 1, in, want{false, ReasonFeverBarred, false, false}},
		{"barred main out", barred, 1, out, want{true, ReasonExit, false, false}},
		{"barred custody in", Status{Base: BaseCustody, FeverBarred: true}, 2, in, want{false, ReasonFeverBarred, false, false}},
		{"barred standby", Status{Base: BaseStandby, FeverBarred: true}, 3, in, want{false, ReasonFeverBarred, false, false}},
		{"barred office in", barred, 4, in, want{false, ReasonFeverBarred, false, false}},
		{"barred at change-over", Status{Base: BaseCustody, ChangeOver: true, FeverBarred: true}, 1, in, want{false, ReasonFeverBarred, false, false}},
		{"recheck pending main in", pending, 1, in, want{false, ReasonRecheckPending, false, false}},
		{"recheck pending office in", pending, 4, in, want{false, ReasonRecheckPending, false, false}},
		// contact: as the base at the main gate, kept out of the office
		{"contact main in", contactOffice, 1, in, want{true, ReasonStaff, false, false}},
		{"contact office in", contactOffice, 4, in, want{false, ReasonContact, true, false}},
		{"contact unlisted office in", Status{Base: BaseUnlisted, Contact: true}, 4, in, want{false, ReasonContact, true, false}},
		{"contact custody staff in", Status{Base: BaseCustody, Contact: true}, 2, in, want{true, ReasonCustody, false, false}},
		// leaving standby or observation under the epidemic profile: out of
		// the main gate only with a negative NAT on record, never overridden
		{"standby leaving without NAT", leavingNoNAT(BaseStandby, PeriodStandby), 1, out, want{false, ReasonReleaseNAT, false, false}},
		{"standby leaving with NAT", leavingWithNAT(BaseStandby, PeriodStandby), 1, out, want{true, ReasonChangeOver, false, false}},
		{"observation over without NAT", leavingNoNAT(BaseRest, PeriodObservation), 1, out, want{false, ReasonReleaseNAT, false, false}},
		{"observation over with NAT", leavingWithNAT(BaseRest, PeriodObservation), 1, out, want{true, ReasonExit, false, false}},
		{"stint ended at gate 3 without NAT", Status{Base: BaseUnlisted, Leaving: PeriodStandby, NATRequired: true}, 1, out, want{false, ReasonReleaseNAT, false, false}},
		{"leaving without NAT, entering", leavingNoNAT(BaseRest, PeriodObservation), 1, in, want{true, ReasonChangeOver, false, false}},
		{"leaving without NAT at gate 2", leavingNoNAT(BaseCustody, PeriodStandby), 2, out, want{true, ReasonExit, false, false}},
		{"standby overdue without NAT keeps its reason", Status{Base: BaseStandby, Leaving: PeriodStandby, NATRequired: true}, 1, out, want{false, ReasonStandbyContact, true, true}},
		{"barred, leaving for the fever clinic without NAT", Status{Base: BaseRest, ChangeOver: true, FeverBarred: true, Leaving: PeriodObservation, NATRequired: true}, 1, out, want{true, ReasonExit, false, false}},
	}
	for _, r := range rows {
		v := MayCross(r.s, r.gate, r.dir)
		got := want{v.Allowed, v.Reason, v.Overridable, v.ContactIncident}
		if got != r.want {
			t.Errorf("%s: got %+v, want %+v", r.name, got, r.want)
		}
		if v.Allowed != ReasonAllows(v.Reason) {
			t.Errorf("%s: allowed %v but ReasonAllows(%s) = %v", r.name, v.Allowed, v.Reason, ReasonAllows(v.Reason))
		}
	}
}

func leavingNoNAT(b Base, from PeriodKind) Status {
	return Status{Base: b, ChangeOver: true, Leaving: from, NATRequired: true}
}

func leavingWithNAT(b Base, from PeriodKind) Status {
	return Status{Base: b, ChangeOver: true, Leaving: from, NATAt: time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)}
}

func TestOverridable(t *testing.T) {
	for r, want := range map[Reason]bool{
		ReasonFever: false, ReasonFeverBarred: false, ReasonRecheckPending: false, ReasonNeedTemp: false,
		ReasonNeedIdentity: false, ReasonStaff: false, ReasonExit: false, ReasonReleaseNAT: false,
		ReasonWFH: true, ReasonNoContact: true, ReasonNotOnRoster: true, ReasonStandbyContact: true,
		ReasonObservation: true, ReasonNotChangeOver: true, ReasonContact: true, ReasonPassExpired: true,
	} {
		if got := Overridable(r); got != want {
			t.Errorf("Overridable(%s) = %v, want %v", r, got, want)
		}
	}
}

// sb builds a facility's events, each at a gate, in the order written.
type sb struct {
	t   *testing.T
	seq int64
	out []Event
}

func (b *sb) add(kind record.Kind, gate int, at time.Time, body any) string {
	b.t.Helper()
	raw, err := record.EncodeBody(body)
	if err != nil {
		b.t.Fatal(err)
	}
	b.seq++
	id := record.NewID()
	b.out = append(b.out, Event{Record: record.Record{ID: id, Seq: b.seq, Kind: kind, Gate: gate, At: at, Body: raw}})
	return id
}

func tenths(v record.Tenths) *record.Tenths { return &v }

func TestStatusOf(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, loc) }
	staff := Person{Badge: "2001", Name: "张伟", Kind: Staff, Active: true, Assignment: AssignOffice}
	other := "2999"

	t.Run("a cook's fever at the morning check awaits its recheck", func(t *testing.T) {
		b := &sb{t: t}
		b.add(record.KitchenCheck, 5, day(20, 6), record.KitchenCheckBody{Badge: "2001", Temp: 382, HealthCert: true, Reasons: []string{string(ReasonCookFever)}})
		s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 8)})
		if !s.RecheckPending || s.Pending == nil || s.Pending.Temp != 382 {
			t.Fatalf("after a cook's fever: %+v, want recheck pending", s)
		}
		if v := MayCross(s, 1, record.In); v.Allowed || v.Reason != ReasonRecheckPending {
			t.Fatalf("at the main gate: %+v", v)
		}
		b.add(record.KitchenCheck, 5, day(20, 7), record.KitchenCheckBody{Badge: "2001", Temp: 365, Fit: true, HealthCert: true})
		if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 8)}); s.RecheckPending {
			t.Fatalf("a normal check after it answers it: %+v", s)
		}
	})

	t.Run("a confirmed fever bars until a clearance", func(t *testing.T) {
		b := &sb{t: t}
		b.add(record.Passage, 1, day(20, 7), record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2001", Temp: tenths(386), Reason: "fever"})
		if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 8)}); !s.RecheckPending || s.FeverBarred {
			t.Fatalf("after a first fever reading: %+v, want recheck pending", s)
		}
		b.add(record.Passage, 1, day(20, 7), record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2001", Temp: tenths(386), Recheck: tenths(380), Reason: "fever"})
		b.add(record.Incident, 1, day(20, 7), record.IncidentBody{Type: IncidentFever, Badge: "2001"})
		s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 18)})
		if !s.FeverBarred || s.RecheckPending {
			t.Fatalf("after the recheck: %+v, want barred", s)
		}
		if v := MayCross(s, 1, record.In); v.Allowed || v.Overridable {
			t.Fatalf("barred at 18:00 the same day: %+v", v)
		}
		// Still barred the next day: a bar does not expire by itself.
		if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(21, 9)}); !s.FeverBarred {
			t.Fatalf("next day: %+v, want still barred", s)
		}
		// Someone else's clearance does not clear this person.
		b.add(record.Clearance, 0, day(21, 10), record.ClearanceBody{Badge: other, Subject: ClearFever, Result: record.ResultFeverClinic, Supervisor: "9001", Reason: "x"})
		if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(21, 11)}); !s.FeverBarred {
			t.Fatal("another badge's clearance cleared this person")
		}
		b.add(record.Clearance, 0, day(21, 12), record.ClearanceBody{Badge: "2001", Subject: ClearFever, Result: record.ResultFeverClinic, Supervisor: "9001", Reason: "发热门诊排除"})
		s = StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(21, 13)})
		if s.FeverBarred || s.RecheckPending {
			t.Fatalf("after the clearance: %+v", s)
		}
	})

	t.Run("a normal recheck lifts a pending recheck", func(t *testing.T) {
		b := &sb{t: t}
		b.add(record.Temperature, 0, day(20, 7), record.TemperatureBody{Badge: "2001", Temp: 375, Fever: true})
		b.add(record.Temperature, 0, day(20, 7), record.TemperatureBody{Badge: "2001", Temp: 366, Recheck: true})
		if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 8)}); s.RecheckPending || s.FeverBarred {
			t.Fatalf("%+v", s)
		}
	})

	t.Run("a normal check-in lifts a pending recheck", func(t *testing.T) {
		for _, c := range []struct {
			name    string
			first   record.Kind
			again   record.Tenths
			pending bool
		}{
			{"after a first reading saved on its own", record.Temperature, 366, false},
			{"after a fever check-in", record.StandbyCheckin, 366, false},
			{"a fever again stays pending", record.Temperature, 379, true},
		} {
			b := &sb{t: t}
			if c.first == record.Temperature {
				b.add(record.Temperature, 3, day(20, 7), record.TemperatureBody{Badge: "2001", Temp: 378, Fever: true})
			} else {
				b.add(record.StandbyCheckin, 3, day(20, 7), record.StandbyCheckinBody{Badge: "2001", Temp: 378, Fever: true})
			}
			b.add(record.StandbyCheckin, 3, day(20, 7), record.StandbyCheckinBody{Badge: "2001", Temp: c.again, Fever: IsFever(c.again, DefaultFever)})
			if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 8)}); s.RecheckPending != c.pending || s.FeverBarred {
				t.Errorf("%s: %+v", c.name, s)
			}
		}
	})

	t.Run("a voided fever incident does not bar", func(t *testing.T) {
		b := &sb{t: t}
		b.add(record.Incident, 1, day(20, 7), record.IncidentBody{Type: IncidentFever, Badge: "2001"})
		b.out[0].Voided = true
		if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 8)}); s.FeverBarred {
			t.Fatal("voided incident barred")
		}
	})

	t.Run("standby, its change-over days and a call-up", func(t *testing.T) {
		b := &sb{t: t}
		start := b.add(record.StandbyStart, 3, day(20, 9), record.StandbyStartBody{Badge: "2001", PlannedEnd: "2026-12-03"})
		s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 10)})
		if s.Base != BaseStandby || !s.ChangeOver {
			t.Fatalf("start day: %+v", s)
		}
		s = StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(21, 10)})
		if s.Base != BaseStandby || s.ChangeOver {
			t.Fatalf("day 2: %+v", s)
		}
		if v := MayCross(s, 1, record.Out); v.Allowed || !v.ContactIncident {
			t.Fatalf("standby walking out of the main gate: %+v", v)
		}
		b.add(record.StandbyCallup, 3, day(22, 3), record.StandbyCallupBody{Badge: "2001", Start: start, Reason: "支援"})
		s = StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(22, 4)})
		if s.Base != BaseCalledUp {
			t.Fatalf("after the call-up: %+v", s)
		}
		if v := MayCross(s, 2, record.In); !v.Allowed || v.Reason != ReasonCalledUp {
			t.Fatalf("called up at the custody entrance: %+v", v)
		}
	})

	t.Run("the rotation plan", func(t *testing.T) {
		plan := []Period{
			{Badge: "2001", Kind: PeriodCustody, Start: "2026-11-01", End: "2026-11-14"},
			{Badge: "2001", Kind: PeriodObservation, Start: "2026-11-15", End: "2026-11-21"},
			{Badge: "2001", Kind: PeriodRest, Start: "2026-11-22", End: "2026-11-28"},
			{Badge: other, Kind: PeriodStandby, Start: "2026-11-01", End: "2026-11-30"},
		}
		for _, c := range []struct {
			d          int
			base       Base
			changeOver bool
		}{
			{1, BaseCustody, true}, {7, BaseCustody, false}, {14, BaseCustody, true},
			{15, BaseObservation, false}, {21, BaseObservation, false},
			{22, BaseRest, true}, {25, BaseRest, false},
			{29, BaseUnlisted, false}, // past the plan: the roster's assignment
		} {
			s := StatusOf(StatusInput{Person: staff, Plan: plan, Now: day(c.d, 9)})
			if s.Base != c.base || s.ChangeOver != c.changeOver {
				t.Errorf("11-%02d: base %s change-over %v, want %s %v", c.d, s.Base, s.ChangeOver, c.base, c.changeOver)
			}
		}
	})

	t.Run("leaving standby or observation needs a recent negative NAT under the epidemic profile", func(t *testing.T) {
		plan := []Period{
			{Badge: "2001", Kind: PeriodStandby, Start: "2026-11-06", End: "2026-11-19"},
			{Badge: "2001", Kind: PeriodObservation, Start: "2026-11-20", End: "2026-11-26"},
			{Badge: "2001", Kind: PeriodRest, Start: "2026-11-27", End: "2026-12-03"},
		}
		epidemic := HealthConfig{Profile: ProfileEpidemic, NATHours: 48}
		nat := func(b *sb, at time.Time, sample string, result string) {
			b.add(record.Clearance, 0, at, record.ClearanceBody{Badge: "2001", Subject: ClearIsolation, Result: result, ResultAt: sample, Supervisor: "9001", Reason: "核酸阴性"})
		}
		for _, c := range []struct {
			name     string
			now      time.Time
			health   HealthConfig
			events   func(b *sb)
			leaving  PeriodKind
			required bool
		}{
			{"mid-standby: not leaving", day(10, 9), epidemic, nil, "", false},
			{"last day of standby, no NAT", day(19, 9), epidemic, nil, PeriodStandby, true},
			{"last day of standby, normal profile", day(19, 9), HealthConfig{Profile: ProfileNormal}, nil, PeriodStandby, false},
			{"last day of standby, no profile given", day(19, 9), HealthConfig{}, nil, PeriodStandby, false},
			{"last day of standby, NAT sampled yesterday", day(19, 9), epidemic, func(b *sb) { nat(b, day(19, 8), "2026-11-18T10:00:00.000+08:00", record.ResultNATNegative) }, PeriodStandby, false},
			{"NAT recorded today, sampled three days ago", day(19, 9), epidemic, func(b *sb) { nat(b, day(19, 8), "2026-11-16T10:00:00.000+08:00", record.ResultNATNegative) }, PeriodStandby, true},
			{"NAT within a shorter setting", day(19, 9), HealthConfig{Profile: ProfileEpidemic, NATHours: 12}, func(b *sb) { nat(b, day(18, 22), "", record.ResultNATNegative) }, PeriodStandby, false},
			{"NAT outside a shorter setting", day(19, 9), HealthConfig{Profile: ProfileEpidemic, NATHours: 12}, func(b *sb) { nat(b, day(18, 8), "", record.ResultNATNegative) }, PeriodStandby, true},
			{"an isolation clearance on another result", day(19, 9), epidemic, func(b *sb) { nat(b, day(19, 8), "", record.ResultOther) }, PeriodStandby, true},
			{"a contact clearance is no NAT", day(19, 9), epidemic, func(b *sb) {
				b.add(record.Clearance, 0, day(19, 8), record.ClearanceBody{Badge: "2001", Subject: ClearContact, Result: record.ResultNATNegative, Supervisor: "9001", Reason: "x"})
			}, PeriodStandby, true},
			{"another person's NAT", day(19, 9), epidemic, func(b *sb) {
				b.add(record.Clearance, 0, day(19, 8), record.ClearanceBody{Badge: other, Subject: ClearIsolation, Result: record.ResultNATNegative, Supervisor: "9001", Reason: "x"})
			}, PeriodStandby, true},
			{"a voided NAT", day(19, 9), epidemic, func(b *sb) {
				nat(b, day(19, 8), "", record.ResultNATNegative)
				b.out[len(b.out)-1].Voided = true
			}, PeriodStandby, true},
			{"last day of observation: not yet", day(26, 9), epidemic, nil, "", false},
			{"first day of rest after observation", day(27, 9), epidemic, nil, PeriodObservation, true},
			{"first day of rest, NAT on record", day(27, 9), epidemic, func(b *sb) { nat(b, day(26, 16), "", record.ResultNATNegative) }, PeriodObservation, false},
			{"second day of rest", day(28, 9), epidemic, nil, "", false},
		} {
			b := &sb{t: t}
			if c.events != nil {
				c.events(b)
			}
			s := StatusOf(StatusInput{Person: staff, Plan: plan, Events: b.out, Now: c.now, Health: c.health})
			if s.Leaving != c.leaving || s.NATRequired != c.required {
				t.Errorf("%s: leaving %q NAT required %v, want %q %v", c.name, s.Leaving, s.NATRequired, c.leaving, c.required)
			}
			if v := MayCross(s, 1, record.Out); c.required && (v.Allowed || v.Reason != ReasonReleaseNAT || v.Overridable) {
				t.Errorf("%s: main gate out %+v, want release_nat, not overridable", c.name, v)
			}
		}
	})

	t.Run("a standby stint ending without the plan", func(t *testing.T) {
		epidemic := HealthConfig{Profile: ProfileEpidemic}
		b := &sb{t: t}
		start := b.add(record.StandbyStart, 3, day(10, 9), record.StandbyStartBody{Badge: "2001", PlannedEnd: "2026-11-20"})
		if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 8), Health: epidemic}); s.Leaving != PeriodStandby || !s.NATRequired || !s.ChangeOver {
			t.Fatalf("the stint's planned end: %+v", s)
		}
		b.add(record.StandbyEnd, 3, day(20, 9), record.StandbyEndBody{Badge: "2001", Start: start})
		s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 10), Health: epidemic})
		if s.Leaving != PeriodStandby || !s.NATRequired {
			t.Fatalf("ended at gate 3 today: %+v", s)
		}
		if v := MayCross(s, 1, record.Out); v.Reason != ReasonReleaseNAT {
			t.Fatalf("out after the end: %+v", v)
		}
		if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(21, 10), Health: epidemic}); s.Leaving != "" {
			t.Fatalf("the day after: %+v", s)
		}
		// A call-up leaves standby for the custody zone, not for outside:
		// no NAT asked.
		b = &sb{t: t}
		start = b.add(record.StandbyStart, 3, day(10, 9), record.StandbyStartBody{Badge: "2001", PlannedEnd: "2026-11-20"})
		b.add(record.StandbyCallup, 3, day(20, 9), record.StandbyCallupBody{Badge: "2001", Start: start, Reason: "支援"})
		if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 10), Health: epidemic}); s.Leaving != "" || s.NATRequired {
			t.Fatalf("called up: %+v", s)
		}
	})

	t.Run("today's list and a work-from-home override", func(t *testing.T) {
		b := &sb{t: t}
		b.add(record.Attendance, 4, day(20, 7), record.AttendanceBody{Day: "2026-11-20", Badge: "2001", Status: record.WFH})
		s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 8)})
		if s.Base != BaseWFH {
			t.Fatalf("%+v", s)
		}
		denied := b.add(record.Passage, 1, day(20, 8), record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2001", Temp: tenths(365), Reason: string(ReasonWFH)})
		b.add(record.Override, 1, day(20, 8), record.OverrideBody{Target: denied, Supervisor: "9001", Reason: "急需到岗"})
		s = StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 9)})
		if s.Base != BaseOffice || !s.OverriddenOnSite {
			t.Fatalf("after the override: %+v", s)
		}
		if v := MayCross(s, 4, record.In); !v.Allowed {
			t.Fatalf("office after the override: %+v", v)
		}
		// The override is for that day only.
		b.add(record.Attendance, 4, day(21, 7), record.AttendanceBody{Day: "2026-11-21", Badge: "2001", Status: record.WFH})
		if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(21, 8)}); s.Base != BaseWFH {
			t.Fatalf("next day: %+v", s)
		}
		// Overridden at the office itself, the same (the 日报 counted her
		// at home in the status and on site in the list).
		denied = b.add(record.Passage, 4, day(21, 8), record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2001", Reason: string(ReasonWFH)})
		b.add(record.Override, 4, day(21, 8), record.OverrideBody{Target: denied, Supervisor: "9001", Reason: "临时到岗"})
		if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(21, 9)}); s.Base != BaseOffice || !s.OverriddenOnSite {
			t.Fatalf("overridden at the office: %+v", s)
		}
		// The list set again after the override wins, as on the gate-4
		// panel and in the 日报 (AttendanceOf).
		b.add(record.Attendance, 4, day(21, 10), record.AttendanceBody{Day: "2026-11-21", Badge: "2001", Status: record.WFH})
		if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(21, 11)}); s.Base != BaseWFH || s.OverriddenOnSite {
			t.Fatalf("the list set again after the override: %+v", s)
		}
	})

	t.Run("an override into the custody zone makes a contact until the period ends", func(t *testing.T) {
		plan := []Period{{Badge: "2001", Kind: PeriodRest, Start: "2026-11-18", End: "2026-11-24"}}
		b := &sb{t: t}
		denied := b.add(record.Passage, 2, day(20, 8), record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2001", Reason: string(ReasonRest)})
		b.add(record.Override, 2, day(20, 8), record.OverrideBody{Target: denied, Supervisor: "9001", Reason: "送材料"})
		s := StatusOf(StatusInput{Person: staff, Plan: plan, Events: b.out, Now: day(20, 9)})
		if !s.Contact {
			t.Fatalf("%+v", s)
		}
		if v := MayCross(Status{Base: BaseOffice, Contact: true}, 4, record.In); v.Allowed || v.Reason != ReasonContact {
			t.Fatalf("contact at the office: %+v", v)
		}
		if s := StatusOf(StatusInput{Person: staff, Plan: plan, Events: b.out, Now: day(24, 9)}); !s.Contact {
			t.Fatal("contact ended before the period")
		}
		if s := StatusOf(StatusInput{Person: staff, Plan: plan, Events: b.out, Now: day(25, 9)}); s.Contact {
			t.Fatal("contact outlived the period in force")
		}
		b.add(record.Clearance, 0, day(21, 9), record.ClearanceBody{Badge: "2001", Subject: ClearContact, Result: record.ResultNATNegative, Supervisor: "9001", Reason: "核酸阴性"})
		if s := StatusOf(StatusInput{Person: staff, Plan: plan, Events: b.out, Now: day(21, 10)}); s.Contact {
			t.Fatal("a contact clearance did not lift it")
		}
	})

	t.Run("a voided override makes no contact", func(t *testing.T) {
		b := &sb{t: t}
		denied := b.add(record.Passage, 2, day(20, 8), record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2001", Reason: string(ReasonNoContact)})
		b.add(record.Override, 2, day(20, 8), record.OverrideBody{Target: denied, Supervisor: "9001", Reason: "误操作"})
		b.out[1].Voided = true
		if s := StatusOf(StatusInput{Person: staff, Events: b.out, Now: day(20, 9)}); s.Contact {
			t.Fatal("voided override made a contact")
		}
	})
}

// Gates 2 and 4 with a status: identity first (staffFirst), then MayCross.
func TestStaffGatesWithStatus(t *testing.T) {
	p := &Person{Badge: "2001", Name: "张伟", Kind: Staff, Active: true, Assignment: AssignStandby}
	cross := func(st Status, dir record.Direction) StaffCrossing {
		return StaffCrossing{Direction: dir, Badge: p.Badge, Person: p, Closed: &st}
	}
	if d := EvaluateGate2(cross(Status{Base: BaseCalledUp, ChangeOver: true}, record.In)); !d.Allowed || d.Reason != ReasonCalledUp {
		t.Errorf("called up at gate 2: %+v", d)
	}
	if d := EvaluateGate2(cross(Status{Base: BaseStandby}, record.In)); d.Allowed || !d.ContactIncident || !d.ContactViolation() {
		t.Errorf("standby at gate 2: %+v", d)
	}
	if d := EvaluateGate4(cross(Status{Base: BaseOffice, Contact: true}, record.In)); d.Allowed || d.Reason != ReasonContact || !d.Overridable {
		t.Errorf("contact at gate 4: %+v", d)
	}
	if d := EvaluateGate4(cross(Status{Base: BaseWFH}, record.In)); d.Allowed || d.Reason != ReasonWFH || !d.Overridable {
		t.Errorf("wfh at gate 4: %+v", d)
	}
	if d := EvaluateGate4(cross(Status{Base: BaseOffice, FeverBarred: true}, record.In)); d.Allowed || d.Reason != ReasonFeverBarred || d.Overridable {
		t.Errorf("barred at gate 4: %+v", d)
	}
	// Identity still comes first: an unknown badge is not on the roster
	// whatever status is passed.
	if d := EvaluateGate2(StaffCrossing{Direction: record.In, Badge: "9999", Closed: &Status{Base: BaseCustody}}); d.Reason != ReasonNotOnRoster {
		t.Errorf("unknown badge with a status: %+v", d)
	}
}

func TestCheckHealth(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	no, yes := false, true
	good := &Health{Code: CodeGreen, NATAt: now.Add(-30 * time.Hour), RiskArea: &no}
	visit := &Visit{Phone: "13812345678", WorkUnit: "区疾控中心", Visiting: "钱振华"}
	epi := HealthConfig{Profile: ProfileEpidemic}
	tests := []struct {
		name string
		c    HealthConfig
		subj record.Subject
		h    *Health
		v    *Visit
		want Reason
	}{
		{"staff, all good", epi, record.SubjectStaff, good, nil, ""},
		{"not asked", epi, record.SubjectStaff, nil, nil, ReasonHealthUnread},
		{"code not asked", epi, record.SubjectStaff, &Health{NATAt: good.NATAt, RiskArea: &no}, nil, ReasonHealthUnread},
		{"travel not asked", epi, record.SubjectStaff, &Health{Code: CodeGreen, NATAt: good.NATAt}, nil, ReasonHealthUnread},
		{"yellow code", epi, record.SubjectStaff, &Health{Code: CodeYellow, NATAt: good.NATAt, RiskArea: &no}, nil, ReasonHealthCode},
		{"no NAT", epi, record.SubjectStaff, &Health{Code: CodeGreen, RiskArea: &no}, nil, ReasonNoNAT},
		{"NAT 49 h old", epi, record.SubjectStaff, &Health{Code: CodeGreen, NATAt: now.Add(-49 * time.Hour), RiskArea: &no}, nil, ReasonNoNAT},
		{"NAT 49 h old, 72 h allowed", HealthConfig{Profile: ProfileEpidemic, NATHours: 72}, record.SubjectStaff, &Health{Code: CodeGreen, NATAt: now.Add(-49 * time.Hour), RiskArea: &no}, nil, ""},
		{"NAT in the future", epi, record.SubjectStaff, &Health{Code: CodeGreen, NATAt: now.Add(time.Hour), RiskArea: &no}, nil, ReasonNoNAT},
		{"risk area", epi, record.SubjectStaff, &Health{Code: CodeGreen, NATAt: good.NATAt, RiskArea: &yes}, nil, ReasonRiskArea},
		{"visitor without phone", epi, record.SubjectVisitor, good, &Visit{WorkUnit: "x", Visiting: "y"}, ReasonVisitorInfo},
		{"visitor, all given", epi, record.SubjectVisitor, good, visit, ""},
		{"normal profile asks nothing of staff", HealthConfig{Profile: ProfileNormal}, record.SubjectStaff, nil, nil, ""},
		{"normal profile still asks a visitor", HealthConfig{Profile: ProfileNormal}, record.SubjectVisitor, nil, nil, ReasonVisitorInfo},
	}
	for _, tt := range tests {
		if got := CheckHealth(tt.c, tt.subj, tt.h, tt.v, now); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	// At the main gate: after identity and temperature, overridable.
	staffP := &Person{Badge: "2001", Kind: Staff, Active: true}
	tp := record.Tenths(365)
	d := EvaluateGate1(Config{Health: epi}, Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: staffP, Temp: &tp, Now: now,
		Health: &Health{Code: CodeRed, NATAt: good.NATAt, RiskArea: &no}})
	if d.Allowed || d.Reason != ReasonHealthCode || !d.Overridable {
		t.Errorf("red code at the main gate: %+v", d)
	}
	d = EvaluateGate1(Config{Health: epi}, Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: staffP, Temp: &tp, Now: now, Health: good})
	if !d.Allowed {
		t.Errorf("all good at the main gate: %+v", d)
	}
	if p, ok := ParseProfile(""); !ok || p != ProfileEpidemic {
		t.Error("the default profile is not epidemic")
	}
	if _, ok := ParseProfile("lockdown"); ok {
		t.Error("an unknown profile parsed")
	}
}

// Gate 3 shows the period in force and the next change-over: the day
// StatusOf lets the person cross the main gate.
func TestRotationOn(t *testing.T) {
	plan := []Period{
		{Badge: "2001", Kind: PeriodCustody, Start: "2026-11-01", End: "2026-11-14"},
		{Badge: "2001", Kind: PeriodObservation, Start: "2026-11-15", End: "2026-11-21"},
		{Badge: "2001", Kind: PeriodRest, Start: "2026-11-22", End: "2026-11-28"},
		{Badge: "2001", Kind: PeriodStandby, Start: "2026-11-29", End: "2026-12-12"},
		{Badge: "2002", Kind: PeriodCustody, Start: "2026-11-10", End: "2026-11-23"},
		// 2003's custody was cut short by a replanned observation from the 20th.
		{Badge: "2003", Kind: PeriodCustody, Start: "2026-11-10", End: "2026-11-23"},
		{Badge: "2003", Kind: PeriodObservation, Start: "2026-11-20", End: "2026-11-26"},
	}
	rows := []struct {
		name, badge, day string
		current, next    PeriodKind // "" for nil
		changeOver       string
	}{
		{"first day of duty is a change-over", "2001", "2026-11-01", PeriodCustody, PeriodObservation, "2026-11-01"},
		{"mid-duty: its last day", "2001", "2026-11-05", PeriodCustody, PeriodObservation, "2026-11-14"},
		{"last day of duty", "2001", "2026-11-14", PeriodCustody, PeriodObservation, "2026-11-14"},
		{"observation: left into rest", "2001", "2026-11-16", PeriodObservation, PeriodRest, "2026-11-22"},
		{"rest: back at standby's first day", "2001", "2026-11-23", PeriodRest, PeriodStandby, "2026-11-29"},
		{"standby: its last day, nothing after", "2001", "2026-12-01", PeriodStandby, "", "2026-12-12"},
		{"after the plan", "2001", "2026-12-13", "", "", ""},
		{"before the plan", "2002", "2026-11-01", "", PeriodCustody, "2026-11-10"},
		{"someone else's plan", "2009", "2026-11-05", "", "", ""},
		{"a replanned end no longer counts", "2003", "2026-11-21", PeriodObservation, "", ""},
		{"before the replan", "2003", "2026-11-12", PeriodCustody, PeriodObservation, ""},
	}
	kind := func(p *Period) PeriodKind {
		if p == nil {
			return ""
		}
		return p.Kind
	}
	for _, r := range rows {
		got := RotationOn(plan, r.badge, r.day)
		if kind(got.Current) != r.current || kind(got.Next) != r.next || got.ChangeOver != r.changeOver {
			t.Errorf("%s: current %q next %q change-over %q, want %q %q %q", r.name,
				kind(got.Current), kind(got.Next), got.ChangeOver, r.current, r.next, r.changeOver)
		}
		if got.ChangeOver == r.day && got.Current != nil {
			s := StatusOf(StatusInput{Person: Person{Badge: r.badge, Kind: Staff, Active: true}, Plan: plan, Now: mustDay(t, r.day)})
			if !s.ChangeOver {
				t.Errorf("%s: RotationOn says today is a change-over, StatusOf does not", r.name)
			}
		}
	}
}

func mustDay(t *testing.T, day string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", day, time.FixedZone("CST", 8*3600))
	if err != nil {
		t.Fatal(err)
	}
	return d.Add(10 * time.Hour)
}
