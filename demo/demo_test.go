package demo

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"gatepost/auth"
	"gatepost/gate"
	"gatepost/identity"
	"gatepost/record"
	"gatepost/store"
)

var testNow = time.Date(2026, 3, 18, 14, 30, 0, 0, time.FixedZone("CST", 8*3600))

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "terminal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func setup(t testing.TB) *store.Store {
	t.Helper()
	st := openStore(t)
	created, err := Setup(context.Background(), st, testNow)
	if err != nil || !created {
		t.Fatalf("Setup = %v, %v", created, err)
	}
	return st
}

func TestRoster(t *testing.T) {
	ps := People()
	var staff, detainees, inactive, withID int
	assign := map[gate.Assignment]int{}
	units := map[string]bool{}
	for _, p := range ps {
		if p.IDNumber != "" {
			withID++
			if id, err := gate.ParseResidentID(p.IDNumber); err != nil || id != p.IDNumber {
				t.Errorf("%s: bad id number %q: %v", p.Badge, p.IDNumber, err)
			}
		}
		if !p.Active {
			inactive++
		}
		switch p.Kind {
		case gate.Staff:
			staff++
			assign[p.Assignment]++
		case gate.Detainee:
			detainees++
			units[p.Unit] = true
		}
	}
	if staff != 60 || detainees != 300 || inactive != 1 {
		t.Errorf("staff %d, detainees %d, inactive %d", staff, detainees, inactive)
	}
	for _, a := range gate.Assignments {
		if assign[a] == 0 {
			t.Errorf("no staff assigned %s", a)
		}
	}
	if len(units) != 20 || withID != len(ps) {
		t.Errorf("%d dormitories, %d with id numbers", len(units), withID)
	}
	if ps2 := People(); ps2[17] != ps[17] {
		t.Error("roster is not the same on every call")
	}
	for _, p := range Passes(testNow) {
		if p.IDNumber != "" {
			if _, err := gate.ParseResidentID(p.IDNumber); err != nil {
				t.Errorf("pass %s: %v", p.ID, err)
			}
		}
		if p.Plate != "" {
			if pl, err := gate.NormalizePlate(p.Plate); err != nil || pl != p.Plate {
				t.Errorf("pass %s: plate %q: %v", p.ID, p.Plate, err)
			}
		}
	}
}

func TestSetupOnceAndRefusesRealTerminal(t *testing.T) {
	ctx := context.Background()
	st := setup(t)
	created, err := Setup(ctx, st, testNow)
	if err != nil || created {
		t.Fatalf("second Setup = %v, %v; want false, nil", created, err)
	}
	id, _ := st.Identity(ctx)
	if id.FacilityID != FacilityID || id.Terminal != Terminal || id.HomeGate != 1 {
		t.Errorf("identity %+v", id)
	}
	gs, _ := st.Guards(ctx)
	if len(gs) != len(Logins) {
		t.Errorf("%d guards", len(gs))
	}

	real := openStore(t)
	if err := real.Init(ctx, store.Identity{FacilityID: "f1", FacilityName: "某所", Terminal: "t1", HomeGate: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := Setup(ctx, real, testNow); !errors.Is(err, ErrNotDemo) {
		t.Fatalf("Setup on a real terminal: %v", err)
	}
	if ps, _ := real.People(ctx, ""); len(ps) != 0 {
		t.Error("demo people written into a real terminal")
	}
}

// facts are what walking a generated log found.
type facts struct {
	kinds        map[record.Kind]int
	gates        map[int]int
	reasons      map[string]int
	hours        [24]int
	foodRejected int
}

// walk checks every record of the log: times in order and within
// [from, to], every reference (void, override, incident, supply, stint,
// shift) pointing at a real earlier record of the right kind.
func walk(t *testing.T, st *store.Store, from, to time.Time) facts {
	t.Helper()
	ctx := context.Background()
	kinds := map[record.Kind]int{}
	gates := map[int]int{}
	reasons := map[string]int{}
	seqOf := map[string]int64{}
	denied := map[string]bool{}
	var last time.Time
	hours := [24]int{}
	disinfected := map[string]time.Time{}
	barred := map[string]int64{} // badge → seq of its fever incident, until a clearance
	foodRejected := 0
	err := st.Each(ctx, 0, func(r record.Record) error {
		kinds[r.Kind]++
		gates[r.Gate]++
		seqOf[r.ID] = r.Seq
		hours[r.At.In(testNow.Location()).Hour()]++
		if r.At.Before(last) {
			t.Errorf("seq %d goes back in time", r.Seq)
		}
		last = r.At
		if r.At.After(to) || r.At.Before(from) {
			t.Errorf("seq %d at %v outside the window", r.Seq, r.At)
		}
		if r.Guard == "" {
			t.Errorf("seq %d without guard", r.Seq)
		}
		switch r.Kind {
		case record.Passage:
			var b record.PassageBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			reasons[b.Reason]++
			if b.Allowed != gate.ReasonAllows(gate.Reason(b.Reason)) {
				t.Errorf("seq %d: allowed %v with reason %s", r.Seq, b.Allowed, b.Reason)
			}
			if !b.Allowed {
				denied[r.ID] = true
			}
			if b.Reason == string(gate.ReasonFever) && b.Recheck == nil {
				t.Errorf("seq %d: fever denial without a recheck", r.Seq)
			}
			if s, ok := barred[b.Badge]; ok && b.Badge != "" {
				t.Errorf("seq %d: %s at a gate, barred by the fever of seq %d", r.Seq, b.Badge, s)
			}
		case record.Void:
			var b record.VoidBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			if s, ok := seqOf[b.Target]; !ok || s != b.TargetSeq || b.Supervisor != "9001" {
				t.Errorf("void seq %d points at %s/%d (real seq %d)", r.Seq, b.Target, b.TargetSeq, s)
			}
		case record.Override:
			var b record.OverrideBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			if !denied[b.Target] {
				t.Errorf("override seq %d targets %s, not an earlier denial", r.Seq, b.Target)
			}
		case record.Incident:
			var b record.IncidentBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			if _, ok := seqOf[b.Related]; !ok || (b.Type != "fever" && b.Type != gate.IncidentContact) {
				t.Errorf("incident seq %d: %+v", r.Seq, b)
			}
			if b.Type == gate.IncidentFever && b.Badge != "" {
				barred[b.Badge] = r.Seq
			}
		case record.Clearance:
			var b record.ClearanceBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			if b.Subject == gate.ClearIsolation {
				// The negative NAT that ends standby or observation: no bar.
				if b.Result != record.ResultNATNegative || b.Supervisor != "9001" || b.ResultAt == "" {
					t.Errorf("release NAT seq %d: %+v", r.Seq, b)
				}
				break
			}
			if _, ok := barred[b.Badge]; !ok || b.Subject != gate.ClearFever || b.Supervisor != "9001" {
				t.Errorf("clearance seq %d of no bar: %+v", r.Seq, b)
			}
			delete(barred, b.Badge)
		case record.SupplyDisinfected:
			var b record.SupplyDisinfectedBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			if seqOf[b.Supply] != b.SupplySeq || b.SupplySeq == 0 {
				t.Errorf("supply.disinfected seq %d points at %s/%d", r.Seq, b.Supply, b.SupplySeq)
			}
			disinfected[r.ID] = r.At.Add(time.Duration(b.ContactMin) * time.Minute)
		case record.SupplyStored:
			var b record.SupplyStoredBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			if ends, ok := disinfected[b.Disinfected]; !ok || r.At.Before(ends) || seqOf[b.Supply] != b.SupplySeq {
				t.Errorf("supply.stored seq %d before its disinfection's contact time (%v)", r.Seq, ends)
			}
		case record.StandbyCheckin, record.StandbyEnd, record.StandbyCallup:
			var b struct {
				Start string `json:"start"`
			}
			if err := r.Decode(&b); err != nil {
				return err
			}
			if _, ok := seqOf[b.Start]; !ok {
				t.Errorf("%s seq %d: stint %q unknown", r.Kind, r.Seq, b.Start)
			}
		case record.FoodInspection:
			var b record.FoodInspectionBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			if b.Accepted != (len(b.Reasons) == 0) {
				t.Errorf("food seq %d: accepted %v with reasons %v", r.Seq, b.Accepted, b.Reasons)
			}
			if !b.Accepted {
				foodRejected++
			}
		case record.ReportDaily:
			var b record.ReportDailyBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			if b.Supervisor != "9001" || b.Day != store.Day(r.At) || len(b.Report) == 0 || b.Zero != (len(b.Abnormal) == 0) {
				t.Errorf("report.daily seq %d: %+v", r.Seq, b)
			}
		case record.ShiftClose:
			var b record.ShiftCloseBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			if _, ok := seqOf[b.Opened]; !ok || b.Handover == "" || b.Summary["records"] == 0 {
				t.Errorf("shift.close seq %d: %+v", r.Seq, b)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return facts{kinds, gates, reasons, hours, foodRejected}
}

func TestGenerate(t *testing.T) {
	ctx := context.Background()
	st := setup(t)
	const n = 9 * MinPerDay // nine days
	stats, err := Generate(ctx, st, Options{Records: n, Seed: 7, Now: testNow, Batch: 1000})
	if err != nil {
		t.Fatal(err)
	}
	count, err := st.Verify(ctx)
	if err != nil {
		t.Fatalf("chain: %v", err)
	}
	if count != n || stats.Records != n || stats.LastSeq != n || stats.FirstSeq != 1 {
		t.Fatalf("verified %d, stats %+v", count, stats)
	}
	sum := 0
	for _, c := range stats.Kinds {
		sum += c
	}
	if sum != n {
		t.Errorf("kinds add up to %d", sum)
	}

	// Walk the log: times in order, within the window, references real.
	f := walk(t, st, testNow.AddDate(0, 0, -n/MinPerDay), testNow)
	// Nine days of a well-run centre under lockdown may see no override and
	// no rejected delivery (TestThirtyDays looks for overrides over thirty);
	// one officer's fever is planned in any period of three days or more.
	kinds, gates, reasons, hours := f.kinds, f.gates, f.reasons, f.hours
	for _, k := range []record.Kind{record.Passage, record.Temperature, record.Incident,
		record.Void, record.ShiftOpen, record.ShiftClose, record.SupplyReceived, record.SupplyDisinfected,
		record.SupplyStored, record.StandbyStart, record.StandbyCheckin, record.StandbyEnd, record.Attendance,
		record.FoodInspection, record.FoodSample, record.Disinfection, record.ReportDaily} {
		if kinds[k] == 0 {
			t.Errorf("no %s records", k)
		}
		if kinds[k] != stats.Kinds[k] {
			t.Errorf("%s: %d in the log, %d in stats", k, kinds[k], stats.Kinds[k])
		}
	}
	for g := 0; g <= 5; g++ {
		if gates[g] == 0 {
			t.Errorf("no records at gate %d", g)
		}
	}
	// Under lockdown: change-overs and passes at the main gate, someone
	// turned away, and the volume inside (custody entrance, office).
	for _, r := range []gate.Reason{gate.ReasonChangeOver, gate.ReasonPass, gate.ReasonExit, gate.ReasonNotOnRoster,
		gate.ReasonCustody, gate.ReasonOnSite, gate.ReasonNoContact} {
		if reasons[string(r)] == 0 {
			t.Errorf("no passage with reason %s (%v)", r, reasons)
		}
	}
	if hours[8] < 3*hours[3] {
		t.Errorf("no daily rhythm: %d records at 08h, %d at 03h", hours[8], hours[3])
	}
	if days := n / MinPerDay; kinds[record.ShiftOpen] > 2*days+1 || kinds[record.ShiftOpen] < 2*days-1 {
		t.Errorf("%d shifts for %d records", kinds[record.ShiftOpen], n)
	}

	// A second run continues the chain after the first.
	more, err := Generate(ctx, st, Options{Records: 500, Seed: 7, Now: testNow.Add(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if more.FirstSeq != n+1 || more.LastSeq != n+500 || more.From.Before(stats.To) {
		t.Errorf("second run %+v after %v", more, stats.To)
	}
	if c, err := st.Verify(ctx); err != nil || c != n+500 {
		t.Errorf("after second run: %d, %v", c, err)
	}
	// A third, days later: standby stints, supplies and the office list resume.
	later := testNow.AddDate(0, 0, 3)
	if _, err := Generate(ctx, st, Options{Records: 1500, Seed: 8, Now: later}); err != nil {
		t.Fatal(err)
	}
	f = walk(t, st, testNow.AddDate(0, 0, -n/MinPerDay), later)
	if f.kinds[record.StandbyCheckin] <= kinds[record.StandbyCheckin] || f.kinds[record.Attendance] <= kinds[record.Attendance] {
		t.Errorf("routines did not resume: %v", f.kinds)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	ctx := context.Background()
	lastHash := func(seed uint64) string {
		st := setup(t)
		if _, err := Generate(ctx, st, Options{Records: 1500, Seed: seed, Now: testNow}); err != nil {
			t.Fatal(err)
		}
		var h string
		st.Each(ctx, 1499, func(r record.Record) error { h = r.Hash; return nil })
		return h
	}
	a, b, c := lastHash(1), lastHash(1), lastHash(2)
	if a == "" || a != b {
		t.Errorf("same seed, different logs: %s %s", a, b)
	}
	if a == c {
		t.Error("different seeds, same log")
	}
}

func TestGenerateNeedsRoster(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	if err := st.Init(ctx, store.Identity{FacilityID: "x", FacilityName: "x", Terminal: "x", HomeGate: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(ctx, st, Options{Records: 10}); !errors.Is(err, ErrNoRoster) {
		t.Errorf("err = %v", err)
	}
}

// The demo's supervisor PIN meets the rule a real terminal's does (six
// digits or more for a supervisor or an admin), so the demo teaches it.
func TestDemoPINsMeetTheRule(t *testing.T) {
	for _, l := range Logins {
		if err := auth.CheckPIN(l.PIN, l.Guard.Role, 0); err != nil {
			t.Errorf("demo login %s (%s): %v", l.Guard.Badge, l.Guard.Role, err)
		}
	}
}

// The demo's visitors, pass holders and vehicles are in the identity
// registry (§15), a visitor's phone and work unit with them; no record the
// demo writes holds their ID numbers, names or plates.
func TestGeneratedVisitorsAreInTheRegistry(t *testing.T) {
	ctx := context.Background()
	st := setup(t)
	if _, err := Generate(ctx, st, Options{Records: 3 * MinPerDay, Seed: 5, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	rows, err := st.AllIdentities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	withPhone := 0
	for _, r := range rows {
		if r.Category == identity.Visitor && r.Fields.Phone != "" && r.Fields.Unit != "" {
			withPhone++
		}
	}
	if len(rows) == 0 || withPhone == 0 {
		t.Fatalf("%d identities, %d visitors with a phone and unit", len(rows), withPhone)
	}
	err = st.Each(ctx, 0, func(r record.Record) error {
		for _, x := range rows {
			for _, s := range []string{x.Fields.IDNumber, x.Fields.Phone, x.Fields.Plate} {
				if s != "" && bytes.Contains(r.Body, []byte(s)) {
					t.Fatalf("record %d (%s) holds %q: %s", r.Seq, r.Kind, s, r.Body)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
