package post_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/i18n"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// Under the epidemic profile the main gate asks about the health code, the
// latest nucleic-acid test and travel; the answers are a health detail
// beside the log (§15), the passage keeping only its decision and reason
// and naming the detail by reference and commitment.
func TestMainGateHealthAnswersLeaveTheRecord(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	svc := post.New(e.st, post.Options{Clock: e.clk.now, Catalog: i18n.NewCatalog("zh-CN"),
		Config: gate.Config{Health: gate.HealthConfig{Profile: gate.ProfileEpidemic, NATHours: 48}}})
	no := false
	nat := t0.Add(-20 * 3600e9).UTC()
	for _, c := range []struct {
		name    string
		code    gate.HealthCode
		allowed bool
	}{{"green", gate.CodeGreen, true}, {"yellow", gate.CodeYellow, false}} {
		p, err := svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "2002",
			Temp: tp(365), Health: &gate.Health{Code: c.code, NATAt: nat, RiskArea: &no}})
		if err != nil {
			t.Fatal(err)
		}
		v, err := svc.Save(ctx, guard, p)
		if err != nil {
			t.Fatal(err)
		}
		r := v.Records[0]
		b := decode[record.PassageBody](t, r)
		if b.Allowed != c.allowed || b.Health == "" || b.HealthCommit == "" {
			t.Fatalf("%s: body %s", c.name, r.Body)
		}
		for _, s := range []string{string(c.code), nat.Format("2006-01-02T15"), "risk"} {
			if bytes.Contains(r.Body, []byte(s)) {
				t.Errorf("%s: the record holds %q: %s", c.name, s, r.Body)
			}
		}
		h, ok, err := e.st.HealthOf(ctx, b.Health)
		if err != nil || !ok || !h.Matches(b.HealthCommit) {
			t.Fatalf("%s: detail %+v %v %v", c.name, h, ok, err)
		}
		if h.Detail.Code != string(c.code) || h.Detail.NATAt != nat.Format("2006-01-02T15:04:05Z07:00") ||
			h.Detail.RiskArea == nil || *h.Detail.RiskArea || !h.At.Equal(t0) {
			t.Errorf("%s: detail %+v", c.name, h)
		}
	}
	// Without the questions (a normal profile, or leaving) no detail.
	p, err := e.svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectStaff, Direction: record.Out, Badge: "2002"})
	if err != nil {
		t.Fatal(err)
	}
	if b := p.Body.(record.PassageBody); b.Health != "" {
		t.Errorf("a detail without questions: %+v", b)
	}
}

// A phone reading's answer to the symptoms question is a health detail; the
// record keeps only the flag the report counts (like fever yes/no, it must
// survive a purge). A reading taken at the post asks none and has none.
func TestPhoneReadingSymptomsLeaveTheRecord(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	v, err := e.svc.Reading(ctx, guard, post.ReadingInput{Gate: 0, Who: post.Who{Badge: "2002"}, Temp: 366,
		Method: record.ReadingByPhone, Symptoms: true})
	if err != nil {
		t.Fatal(err)
	}
	b := decode[record.TemperatureBody](t, v.Records[0])
	if !b.Symptoms || b.Health == "" {
		t.Fatalf("body %s", v.Records[0].Body)
	}
	h, ok, err := e.st.HealthOf(ctx, b.Health)
	if err != nil || !ok || !h.Matches(b.HealthCommit) || h.Detail.Symptoms == nil || !*h.Detail.Symptoms {
		t.Fatalf("detail %+v %v %v", h, ok, err)
	}
	v, err = e.svc.Reading(ctx, guard, post.ReadingInput{Gate: 0, Who: post.Who{Badge: "2002"}, Temp: 365})
	if err != nil {
		t.Fatal(err)
	}
	if b := decode[record.TemperatureBody](t, v.Records[0]); b.Health != "" {
		t.Errorf("a reading at the post has a detail: %+v", b)
	}
}

// BenchmarkSavePassageHealthAnswers saves a crossing under the epidemic
// profile, whose answers go to the health-detail table in the record's
// transaction; BenchmarkSavePassage is the same crossing without them.
func BenchmarkSavePassageHealthAnswers(b *testing.B) {
	e := newEnvTB(b)
	ctx := context.Background()
	svc := post.New(e.st, post.Options{Clock: e.clk.now, Catalog: i18n.NewCatalog("zh-CN"),
		Config: gate.Config{Health: gate.HealthConfig{Profile: gate.ProfileEpidemic, NATHours: 48}}})
	no := false
	in := benchIn
	in.Health = &gate.Health{Code: gate.CodeGreen, NATAt: t0.Add(-20 * 3600e9), RiskArea: &no}
	for b.Loop() {
		p, err := svc.DecideMainGate(ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := svc.Save(ctx, guard, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSavePassageNoHealth is BenchmarkSavePassageHealthAnswers
// without the answers, for the ratio.
func BenchmarkSavePassageNoHealth(b *testing.B) {
	e := newEnvTB(b)
	ctx := context.Background()
	for b.Loop() {
		p, err := e.svc.DecideMainGate(ctx, benchIn)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.svc.Save(ctx, guard, p); err != nil {
			b.Fatal(err)
		}
	}
}

// A standby check-in's note is free text about how the person feels: a
// health detail (§15), kept beside the log and shown back in the gate's
// log, gone from both record and log once erased.
func TestStandbyCheckinNoteIsAHealthDetail(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	startStandby(t, e, "2003")
	p, err := e.svc.DecideStandby(ctx, post.StandbyInput{Action: gate.ActCheckin, Badge: "2003", Temp: tp(366), Ready: true,
		Note: "自述轻微咽痛"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.Save(ctx, guard, p)
	if err != nil {
		t.Fatal(err)
	}
	b := decode[record.StandbyCheckinBody](t, v.Main())
	if bytes.Contains(v.Main().Body, []byte("咽痛")) || b.Note != "" || b.Health == "" {
		t.Fatalf("body %s", v.Main().Body)
	}
	h, ok, err := e.st.HealthOf(ctx, b.Health)
	if err != nil || !ok || !h.Matches(b.HealthCommit) || h.Detail.Note != "自述轻微咽痛" {
		t.Fatalf("detail %+v %v %v", h, ok, err)
	}
	rows, err := e.st.Page(ctx, store.PageQuery{Gate: 3, Day: gate.Day(e.clk.t)})
	if err != nil || len(rows) == 0 || rows[0].Kind != record.StandbyCheckin || rows[0].HealthNote != "自述轻微咽痛" {
		t.Fatalf("the log's row: %+v %v", rows, err)
	}
	// Erased, the note is gone from the log too; the record still reads.
	if _, err := e.st.PurgeHealth(ctx, e.clk.t.Add(time.Hour), e.clk.t.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	rows, err = e.st.Page(ctx, store.PageQuery{Gate: 3, Day: gate.Day(e.clk.t)})
	if err != nil || len(rows) == 0 || rows[0].HealthNote != "" {
		t.Fatalf("the log's row after the purge: %+v %v", rows, err)
	}
	// Without a note there is no detail.
	p, _ = e.svc.DecideStandby(ctx, post.StandbyInput{Action: gate.ActCheckin, Badge: "2003", Temp: tp(365), Ready: true})
	if b := p.Body.(record.StandbyCheckinBody); b.Health != "" {
		t.Errorf("a check-in without a note: %+v", b)
	}
}
