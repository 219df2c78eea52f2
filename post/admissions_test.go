package post_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gatepost/auth"
	"gatepost/gate"
	"gatepost/i18n"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// Admissions and releases on a real terminal database: each case is a
// write on the duty leader's authority; a refused one writes nothing.
func TestAdmissionsAndReleases(t *testing.T) {
	ctx := context.Background()
	sup := post.Credentials{Badge: "9001", PIN: supPIN}
	admitIn := func(badge string, temp record.Tenths) post.MovementInput {
		return post.MovementInput{Badge: badge, Source: record.AdmitDecision, Temp: tp(temp)}
	}
	type step struct {
		release bool
		in      post.MovementInput
		auth    post.Authority
		basis   string
		check   func(error) bool
	}
	isInput := func(field, code string) func(error) bool {
		return func(err error) bool {
			var ie *post.InputError
			return errors.As(err, &ie) && ie.Field == field && ie.Code == code
		}
	}
	isRefused := func(code string) func(error) bool {
		return func(err error) bool {
			var re *post.RefusedError
			return errors.As(err, &re) && re.Code == code
		}
	}
	ok := func(err error) bool { return err == nil }
	for _, c := range []struct {
		name  string
		steps []step
		wrote []record.Kind
	}{
		{"a new committal, badge assigned on admission", []step{{false, admitIn("d0501", 365), sup, "决定书〔2026〕12号", ok}},
			[]record.Kind{record.Admission}},
		{"a release at the end of the term", []step{{true, post.MovementInput{Badge: "D0001", Type: record.ReleaseExpiry}, sup, "解除证明书", ok}},
			[]record.Kind{record.Release}},
		{"admitted, then released", []step{
			{false, admitIn("D0501", 362), sup, "决定书", ok},
			{true, post.MovementInput{Badge: "D0501", Type: record.ReleaseTransfer}, sup, "省局调令", ok},
		}, []record.Kind{record.Admission, record.Release}},
		{"no badge", []step{{false, admitIn(" ", 365), sup, "x", isInput("Badge", post.CodeRequired)}}, nil},
		{"an ID number typed as the badge", []step{{false, admitIn("110101199003074514", 365), sup, "x", isInput("Badge", post.CodeBadge)}}, nil},
		{"a badge with a space", []step{{false, admitIn("D 05", 365), sup, "x", isInput("Badge", post.CodeBadge)}}, nil},
		{"no temperature", []step{{false, post.MovementInput{Badge: "D0501", Source: record.AdmitDecision}, sup, "x", isInput("Temp", gate.CodeTempEmpty)}}, nil},
		{"an implausible temperature", []step{{false, admitIn("D0501", 450), sup, "x", isInput("Temp", gate.CodeTempImplausible)}}, nil},
		{"no source", []step{{false, post.MovementInput{Badge: "D0501", Temp: tp(365)}, sup, "x", isInput("Source", post.CodeBadChoice)}}, nil},
		{"no basis", []step{{false, admitIn("D0501", 365), sup, "  ", isInput("Basis", post.CodeRequired)}}, nil},
		{"a basis with control characters", []step{{false, admitIn("D0501", 365), sup, "x\x1b[2J", isInput("Basis", post.CodeBasis)}}, nil},
		{"a unit with control characters", []step{{false, post.MovementInput{Badge: "D0501", Unit: "新收\x07区", Source: record.AdmitDecision, Temp: tp(365)}, sup, "x", isInput("Unit", post.CodeUnit)}}, nil},
		{"a fever at admission", []step{{false, admitIn("D0501", 381), sup, "x", isRefused(post.RefuseAdmitFever)}}, nil},
		{"already in the facility", []step{{false, admitIn("D0002", 365), sup, "x", isRefused(post.RefuseAdmitPresent)}}, nil},
		{"a staff badge", []step{{false, admitIn("2001", 365), sup, "x", isRefused(post.RefuseAdmitStaff)}}, nil},
		{"release of nobody here", []step{{true, post.MovementInput{Badge: "D0999", Type: record.ReleaseExpiry}, sup, "x", isRefused(post.RefuseReleaseAbsent)}}, nil},
		{"released twice", []step{
			{true, post.MovementInput{Badge: "D0001", Type: record.ReleaseExpiry}, sup, "x", ok},
			{true, post.MovementInput{Badge: "D0001", Type: record.ReleaseExpiry}, sup, "x", isRefused(post.RefuseReleaseAbsent)},
		}, []record.Kind{record.Release}},
		{"no release type", []step{{true, post.MovementInput{Badge: "D0001"}, sup, "x", isInput("Type", post.CodeBadChoice)}}, nil},
		{"a guard may not authorise", []step{{false, admitIn("D0501", 365), post.Credentials{Badge: "1001", PIN: "1234"}, "x", func(err error) bool {
			var ns *post.NotSupervisorError
			return errors.As(err, &ns)
		}}}, nil},
		{"a wrong PIN", []step{{true, post.MovementInput{Badge: "D0001", Type: record.ReleaseEarly}, post.Credentials{Badge: "9001", PIN: "1"}, "x",
			func(err error) bool { return errors.Is(err, auth.ErrBadPIN) }}}, nil},
		{"the signed-in supervisor's own authority", []step{{false, admitIn("D0501", 365), func() post.Authority {
			s, _ := post.SignedInSupervisor(super)
			return s
		}(), "x", ok}}, []record.Kind{record.Admission}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			for i, s := range c.steps {
				var err error
				if s.release {
					_, err = e.svc.Release(ctx, guard, s.auth, s.in, s.basis)
				} else {
					_, err = e.svc.Admit(ctx, guard, s.auth, s.in, s.basis)
				}
				if !s.check(err) {
					t.Fatalf("step %d: err = %v", i+1, err)
				}
				e.clk.add(time.Minute)
			}
			rs := e.all(t)
			if got := kinds(rs); strings.Join(kindStrings(got), ",") != strings.Join(kindStrings(c.wrote), ",") {
				t.Fatalf("wrote %v, want %v", got, c.wrote)
			}
			for _, r := range rs {
				if r.Gate != 1 || r.Guard != guard.Badge {
					t.Errorf("seq %d at gate %d by %s, want gate 1 by the signed-in guard", r.Seq, r.Gate, r.Guard)
				}
				var err error
				if r.Kind == record.Admission {
					err = record.CheckAdmission(r.Body)
				} else {
					err = record.CheckRelease(r.Body)
				}
				if err != nil {
					t.Errorf("seq %d: the body does not check: %v", r.Seq, err)
				}
				if strings.Contains(string(r.Body), "陈某") || !strings.Contains(string(r.Body), `"supervisor":"9001"`) {
					t.Errorf("seq %d: %s", r.Seq, r.Body)
				}
			}
		})
	}
}

func kindStrings(ks []record.Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

// The roster, the roll-call and the day's report follow: the person
// admitted is on the roster under the badge assigned and the 新收 unit,
// screened from the next day; the person released is gone; the report
// counts both, and its issue number is the year's count of reports.
func TestMovementsFollowedByRosterAndReport(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	sup := post.Credentials{Badge: "9001", PIN: supPIN}
	if _, err := e.svc.Admit(ctx, guard, sup, post.MovementInput{Badge: "D0501", Source: record.AdmitDecision, Temp: tp(364)}, "决定书"); err != nil {
		t.Fatal(err)
	}
	e.clk.add(time.Hour)
	if _, err := e.svc.Release(ctx, guard, sup, post.MovementInput{Badge: "D0002", Type: record.ReleaseExpiry}, "期满"); err != nil {
		t.Fatal(err)
	}
	// The roster as it stands now, person by person (store.PersonAt, as
	// every lookup of the service reads it).
	byBadge := map[string]gate.Person{}
	for _, b := range []string{"D0501", "D0002", "D0001"} {
		p, ok, err := e.st.PersonAt(ctx, b, e.clk.t)
		if err != nil || !ok {
			t.Fatalf("%s: %v %v", b, ok, err)
		}
		byBadge[b] = p
	}
	if p := byBadge["D0501"]; !p.Active || p.Unit != post.DefaultAdmitUnit || p.Kind != gate.Detainee || p.Name != "" {
		t.Errorf("admitted: %+v", p)
	}
	if byBadge["D0002"].Active || !byBadge["D0001"].Active {
		t.Errorf("released: %+v, still here: %+v", byBadge["D0002"], byBadge["D0001"])
	}
	day := store.Day(e.clk.t)
	in, err := e.st.ReportInput(ctx, day, e.clk.t, gate.DefaultFever)
	if err != nil {
		t.Fatal(err)
	}
	r := gate.ComputeReport(in)
	h := r.Headline
	if h.Admissions == nil || *h.Admissions != 1 || h.Releases == nil || *h.Releases != 1 || h.Detainees != 2 {
		t.Fatalf("headline %+v", h)
	}
	if r.Screening.Detainees.Expected != 1 || r.Issue != 1 {
		t.Errorf("detainees expected %d (want D0001 only), issue %d", r.Screening.Detainees.Expected, r.Issue)
	}
	// The next day D0501 is expected at the roll-call.
	e.clk.add(24 * time.Hour)
	next := store.Day(e.clk.t)
	in, err = e.st.ReportInput(ctx, next, e.clk.t, gate.DefaultFever)
	if err != nil {
		t.Fatal(err)
	}
	if r := gate.ComputeReport(in); r.Screening.Detainees.Expected != 2 || *r.Headline.Admissions != 0 {
		t.Errorf("next day: expected %d, admitted %d", r.Screening.Detainees.Expected, *r.Headline.Admissions)
	}
	// Issue numbers: the first day's report is issue 1, the next day's 2;
	// submitting the first day again keeps 1.
	for i, d := range []string{day, next, day} {
		in := post.SubmitInput{Day: d, Security: &post.SecurityInput{}}
		if i == 2 {
			in.Reason = "补充"
			in.Supersedes = "x"
		}
		sv, err := e.svc.SubmitReport(ctx, guard, sup, in)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{1, 2, 1}[i]; sv.Report.Issue != want {
			t.Errorf("submission %d of %s: issue %d, want %d", i+1, d, sv.Report.Issue, want)
		}
	}
}

// Every code an admission or a release can end with is in the catalogue.
func TestMovementCodesInCatalogue(t *testing.T) {
	for _, k := range []string{"err." + post.CodeBadge, "err." + post.CodeBasis, "err." + post.CodeUnit, "refuse." + post.RefuseAdmitFever,
		"refuse." + post.RefuseAdmitPresent, "refuse." + post.RefuseAdmitStaff, "refuse." + post.RefuseReleaseAbsent} {
		m, ok := i18n.Lookup(k)
		if !ok {
			t.Errorf("%s missing", k)
			continue
		}
		if strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("%s: verbs differ: %q / %q", k, m[0], m[1])
		}
	}
}
