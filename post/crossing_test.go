package post_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"gatepost/auth"
	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

func TestMainGate(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name    string
		in      post.MainGateInput
		allowed bool
		reason  gate.Reason
		subject record.Subject
		badge   string
		who     string
		pass    string
	}{
		{"staff by badge", post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "2002", Temp: tp(365)},
			true, gate.ReasonStaff, record.SubjectStaff, "2002", "李娜", ""},
		{"staff by ID number is recorded with the badge", post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, IDNumber: "110101199003074514", Temp: tp(366)},
			true, gate.ReasonStaff, record.SubjectStaff, "2002", "李娜", ""},
		{"the category follows the roster", post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In, Badge: "2002", Temp: tp(365)},
			true, gate.ReasonStaff, record.SubjectStaff, "2002", "李娜", ""},
		{"a detainee is recorded as one", post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "D0001", Temp: tp(365)},
			false, gate.ReasonDetainee, record.SubjectDetainee, "D0001", "陈某", ""},
		{"visitor with a pass", post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In, IDNumber: visitorID, Name: "刘建军", Temp: tp(364)},
			true, gate.ReasonPass, record.SubjectVisitor, "", "刘建军", "P01"},
		{"unknown visitor is a savable denial", post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In, IDNumber: "110101199003070012", Name: "某人", Temp: tp(364)},
			false, gate.ReasonNotOnRoster, record.SubjectVisitor, "", "某人", ""},
		{"inactive staff", post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "2005", Temp: tp(364)},
			false, gate.ReasonInactive, record.SubjectStaff, "2005", "孙伟", ""},
		{"a vehicle with a plate pass needs no temperature", post.MainGateInput{Subject: record.SubjectVehicle, Direction: record.In, Plate: "苏A12345"},
			true, gate.ReasonPass, record.SubjectVehicle, "", "", "P02"},
		{"an outside vehicle", post.MainGateInput{Subject: record.SubjectVehicle, Direction: record.In, Plate: "苏B99999"},
			false, gate.ReasonVehicleNoPass, record.SubjectVehicle, "", "", ""},
		{"leaving needs no temperature", post.MainGateInput{Subject: record.SubjectStaff, Direction: record.Out, Badge: "2002"},
			true, gate.ReasonExit, record.SubjectStaff, "2002", "李娜", ""},
		{"a rostered badge is named by the roster, whatever was typed", post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In,
			Badge: "2002", Name: "李娜36.5", Temp: tp(365)}, true, gate.ReasonStaff, record.SubjectStaff, "2002", "李娜", ""},
		{"a number typed as a rostered badge's name is not kept, nor refused", post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In,
			Badge: "2002", Name: "36.5", Temp: tp(365)}, true, gate.ReasonStaff, record.SubjectStaff, "2002", "李娜", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			p, err := e.svc.DecideMainGate(ctx, c.in)
			if err != nil {
				t.Fatal(err)
			}
			if len(e.all(t)) != 0 {
				t.Fatal("deciding wrote a record")
			}
			if p.Allowed != c.allowed || p.Reason != c.reason || p.NeedsRecheck {
				t.Fatalf("plan %+v", p)
			}
			v, err := e.svc.Save(ctx, guard, p)
			if err != nil {
				t.Fatal(err)
			}
			rs := e.all(t)
			if !slices.Equal(kinds(rs), []record.Kind{record.Passage}) || len(v.Records) != 1 || v.Records[0].Hash != rs[0].Hash {
				t.Fatalf("records %v, saved %v", kinds(rs), v.Records)
			}
			r := rs[0]
			b := decode[record.PassageBody](t, r)
			if r.Gate != 1 || r.Guard != guard.Badge || r.ID != p.ID || !r.At.Equal(t0) {
				t.Errorf("envelope %+v", r)
			}
			name := b.Name
			if c.badge == "" {
				// Someone without a badge is in the identity registry,
				// not the record (§15): no name, ID number or plate in
				// the body, a row whose commitment checks.
				for _, s := range []string{c.in.IDNumber, c.in.Name, c.in.Plate} {
					if s != "" && bytes.Contains(r.Body, []byte(s)) {
						t.Errorf("body holds %q: %s", s, r.Body)
					}
				}
				row, ok, err := e.st.IdentityOf(ctx, b.Ident)
				if err != nil || !ok || !row.Matches(b.Commit) || row.Fields.IDNumber != c.in.IDNumber || row.Fields.Plate != c.in.Plate {
					t.Fatalf("registry row %+v %v %v for %+v", row, ok, err, b)
				}
				name = row.Fields.Name
			}
			if b.Allowed != c.allowed || b.Reason != string(c.reason) || b.Subject != c.subject || b.Badge != c.badge ||
				name != c.who || b.Pass != c.pass {
				t.Errorf("body %+v", b)
			}
			if !equalTemp(b.Temp, c.in.Temp) || b.Recheck != nil || b.First != "" {
				t.Errorf("temperatures %v %v %q", b.Temp, b.Recheck, b.First)
			}
			if v.Who.Name != c.who || v.Allowed != c.allowed || v.Reason != c.reason || !equalTemp(v.Temp, c.in.Temp) {
				t.Errorf("saved %+v", v)
			}
			if len(e.pub) != 1 || e.pub[0].Records[0].ID != r.ID {
				t.Errorf("published %v", e.pub)
			}
		})
	}
}

func equalTemp(a, b *record.Tenths) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func TestMainGateInputErrors(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		in    post.MainGateInput
		field string
		code  string
	}{
		{"nothing named", post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Temp: tp(365)}, "Badge", post.CodeRequired},
		{"a vehicle without its plate", post.MainGateInput{Subject: record.SubjectVehicle, Direction: record.In, Badge: "2002"}, "Plate", gate.CodePlateEmpty},
		{"a person admitted without a temperature", post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "2002"}, "Temp", gate.CodeTempEmpty},
		{"a recheck without its reading", post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "2002",
			First: &post.FeverRef{ID: "x", Temp: 380}}, "Temp", gate.CodeTempEmpty},
		{"a temperature typed as the name", post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In,
			IDNumber: "110101199003070012", Name: "36.6"}, "Name", post.CodeNameNumber},
		{"a temperature typed as the name, full width with its unit", post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In,
			IDNumber: "110101199003070012", Name: "３６．６℃"}, "Name", post.CodeNameNumber},
		{"a plate given as the badge", post.MainGateInput{Subject: record.SubjectVehicle, Direction: record.In,
			Badge: "苏 a·12345", Plate: "苏B1"}, "Badge", post.CodePlateBadge},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			_, err := e.svc.DecideMainGate(ctx, c.in)
			var ie *post.InputError
			if !errors.As(err, &ie) || ie.Field != c.field || ie.Code != c.code {
				t.Fatalf("err = %v", err)
			}
			if n := len(e.all(t)); n != 0 {
				t.Errorf("%d records written", n)
			}
		})
	}
	// A plate-only vehicle entry is not asked for anything else.
	e := newEnv(t)
	if _, err := e.svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectVehicle, Direction: record.In, Plate: "苏B1"}); err != nil {
		t.Errorf("plate-only vehicle: %v", err)
	}
	// A person denied by identity is a savable denial even without a temperature.
	p, err := e.svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In, IDNumber: "110101199003070012"})
	if err != nil || p.Allowed || p.Reason != gate.ReasonNotOnRoster {
		t.Errorf("unknown visitor without temperature: %+v %v", p, err)
	}
}

// countingWriter is the real store, counting the transactions it is asked
// for, so a test can see which records went in one.
type countingWriter struct {
	env   *env
	calls [][]record.Kind
}

func (w *countingWriter) AppendBatch(ctx context.Context, ds []store.Draft) ([]record.Record, error) {
	ks := make([]record.Kind, len(ds))
	for i, d := range ds {
		ks[i] = d.Kind
	}
	w.calls = append(w.calls, ks)
	return w.env.st.AppendBatch(ctx, ds)
}

func TestMainGateFever(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name      string
		recheck   record.Tenths
		allowed   bool
		state     post.FeverState
		incident  bool
		caseState gate.FeverStatus
		fresh     bool // the recheck typed as a new entry, not from the recheck field
	}{
		{"confirmed", 382, false, post.FeverConfirmed, true, gate.FeverConfirmed, false},
		{"cleared", 368, true, post.FeverCleared, false, gate.FeverCleared, false},
		// The guard let the person step aside and typed them again later:
		// the reading is still the recheck, paired with the first.
		{"confirmed, typed again later", 382, false, post.FeverConfirmed, true, gate.FeverConfirmed, true},
		{"cleared, typed again later", 368, true, post.FeverCleared, false, gate.FeverCleared, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			w := &countingWriter{env: e}
			e.svc = post.New(e.st, post.Options{Clock: e.clk.now, Writer: w})
			in := post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "2002", Temp: tp(380)}
			p, err := e.svc.DecideMainGate(ctx, in)
			if err != nil || !p.NeedsRecheck || p.Reason != gate.ReasonFever || p.Overridable() {
				t.Fatalf("first reading: %+v %v", p, err)
			}
			// The first reading is saved at once, alone.
			first, err := e.svc.Save(ctx, guard, p)
			if err != nil {
				t.Fatal(err)
			}
			rs := e.all(t)
			if !slices.Equal(kinds(rs), []record.Kind{record.Temperature}) || rs[0].Gate != 1 {
				t.Fatalf("first save wrote %v", kinds(rs))
			}
			tb := decode[record.TemperatureBody](t, rs[0])
			if tb.Temp != 380 || !tb.Fever || tb.Recheck || tb.Badge != "2002" || tb.Name != "李娜" {
				t.Errorf("first reading %+v", tb)
			}
			if first.Fever != post.FeverPending || first.Allowed || first.Reason != gate.ReasonFever || first.Pending == nil || first.Pending.ID != rs[0].ID || first.Pending.Temp != 380 {
				t.Fatalf("saved %+v", first)
			}
			if fs := e.fevers(t); len(fs) != 1 || fs[0].Status != gate.FeverPending || fs[0].Gate != 1 {
				t.Fatalf("fevers after the first reading: %+v", fs)
			}
			if _, err := e.svc.Override(ctx, guard, p, post.Credentials{Badge: "9001", PIN: supPIN}, "x"); !errors.Is(err, post.ErrNeedsRecheck) {
				t.Errorf("override of a first fever: %v", err)
			}

			// The recheck decides the crossing.
			e.clk.add(3 * time.Minute)
			in.Temp, in.First = tp(c.recheck), first.Pending
			if c.fresh {
				in.First = nil
			}
			p, err = e.svc.DecideMainGate(ctx, in)
			if err != nil || p.NeedsRecheck || p.Allowed != c.allowed {
				t.Fatalf("recheck: %+v %v", p, err)
			}
			v, err := e.svc.Save(ctx, guard, p)
			if err != nil {
				t.Fatal(err)
			}
			rs = e.all(t)[1:]
			want := []record.Kind{record.Passage}
			if c.incident {
				want = append(want, record.Incident)
			}
			if !slices.Equal(kinds(rs), want) || len(w.calls) != 2 || !slices.Equal(w.calls[1], want) {
				t.Fatalf("recheck wrote %v in %v", kinds(rs), w.calls)
			}
			b := decode[record.PassageBody](t, rs[0])
			if *b.Temp != 380 || *b.Recheck != c.recheck || b.First != first.Pending.ID || b.Allowed != c.allowed {
				t.Errorf("passage %+v", b)
			}
			if c.incident {
				ib := decode[record.IncidentBody](t, rs[1])
				if ib.Type != "fever" || ib.Related != rs[0].ID || ib.Badge != "2002" || ib.Detail != "38.0/38.2" || rs[1].Gate != 1 {
					t.Errorf("incident %+v", ib)
				}
			}
			if v.Fever != c.state || *v.First != 380 || *v.Temp != c.recheck || (v.Incident != "") != c.incident {
				t.Errorf("saved %+v", v)
			}
			// One fever case, answered by the passage: not pending, not doubled.
			fs := e.fevers(t)
			if len(fs) != 1 || fs[0].Status != c.caseState || *fs[0].Recheck != c.recheck {
				t.Errorf("fevers after the recheck: %+v", fs)
			}
		})
	}
}

func TestMainGateOverride(t *testing.T) {
	ctx := context.Background()
	denied := post.MainGateInput{Subject: record.SubjectVehicle, Direction: record.In, Plate: "苏B99999", Purpose: "120急救车"}
	for _, c := range []struct {
		name   string
		cred   post.Credentials
		reason string
		check  func(error) bool
	}{
		{"a supervisor", post.Credentials{Badge: "9001", PIN: supPIN}, "救护车执行任务", func(err error) bool { return err == nil }},
		{"a wrong PIN", post.Credentials{Badge: "9001", PIN: "0000"}, "救护车", func(err error) bool {
			var be *auth.BadPINError
			return errors.As(err, &be)
		}},
		{"a guard may not supervise", post.Credentials{Badge: "1001", PIN: "1234"}, "救护车", func(err error) bool {
			var ns *post.NotSupervisorError
			return errors.As(err, &ns) && ns.Badge == "1001"
		}},
		{"no reason", post.Credentials{Badge: "9001", PIN: supPIN}, "  ", func(err error) bool {
			var ie *post.InputError
			return errors.As(err, &ie) && ie.Field == "Reason"
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			p, err := e.svc.DecideMainGate(ctx, denied)
			if err != nil || !p.Overridable() {
				t.Fatalf("%+v %v", p, err)
			}
			v, err := e.svc.Override(ctx, guard, p, c.cred, c.reason)
			if !c.check(err) {
				t.Fatalf("err = %v", err)
			}
			rs := e.all(t)
			if err != nil {
				if len(rs) != 0 {
					t.Errorf("a refused override wrote %v", kinds(rs))
				}
				return
			}
			if !slices.Equal(kinds(rs), []record.Kind{record.Passage, record.Override}) || !v.Allowed || !v.Override {
				t.Fatalf("wrote %v, saved %+v", kinds(rs), v)
			}
			ob := decode[record.OverrideBody](t, rs[1])
			if ob.Target != rs[0].ID || ob.Supervisor != "9001" || ob.Reason != c.reason || rs[1].Guard != guard.Badge {
				t.Errorf("override %+v by %s", ob, rs[1].Guard)
			}
		})
	}
	// An allowed crossing, a missing guard and an empty plan are refused.
	e := newEnv(t)
	ok, _ := e.svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectStaff, Direction: record.Out, Badge: "2002"})
	if _, err := e.svc.Override(ctx, guard, ok, post.Credentials{Badge: "9001", PIN: supPIN}, "x"); !errors.Is(err, post.ErrNotOverridable) {
		t.Errorf("override of an allowed crossing: %v", err)
	}
	if _, err := e.svc.Save(ctx, gate.Guard{}, ok); !errors.Is(err, post.ErrNoGuard) {
		t.Errorf("save without a guard: %v", err)
	}
	if _, err := e.svc.Save(ctx, guard, post.Plan{}); err == nil {
		t.Error("an empty plan saved")
	}
	if n := len(e.all(t)); n != 0 {
		t.Errorf("%d records written", n)
	}
}

// TestSaveTwice: a plan saved twice (a second Enter on the same decision)
// writes one record: the second save is refused by the record's id.
func TestSaveTwice(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	p, err := e.svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "2002", Temp: tp(365)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Save(ctx, guard, p); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Save(ctx, guard, p); err == nil {
		t.Error("the same plan saved twice")
	}
	if n := len(e.all(t)); n != 1 {
		t.Errorf("%d records", n)
	}
	if c, err := e.st.Verify(ctx); err != nil || c != 1 {
		t.Errorf("chain: %d %v", c, err)
	}
}
