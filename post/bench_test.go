package post_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"gatepost/demo"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// The service's cost over the store's: deciding a gate-1 crossing (two
// indexed reads and the rule), and saving it next to appending the same
// record straight to the store. Both saves are one fsync'd transaction;
// the difference is what the service adds.

var benchIn = post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "2002", Temp: tp(365)}

func BenchmarkDecideMainGate(b *testing.B) {
	e := newEnvTB(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := e.svc.DecideMainGate(ctx, benchIn); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSavePassage(b *testing.B) {
	e := newEnvTB(b)
	ctx := context.Background()
	p, err := e.svc.DecideMainGate(ctx, benchIn)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		p.ID = record.NewID()
		if _, err := e.svc.Save(ctx, guard, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendPassageDirect(b *testing.B) {
	e := newEnvTB(b)
	ctx := context.Background()
	p, err := e.svc.DecideMainGate(ctx, benchIn)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := e.st.AppendBatch(ctx, []store.Draft{{Kind: record.Passage, Gate: 1, Guard: guard.Badge, At: t0, Body: p.Body}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecideMainGateDemo decides a staff member's crossing on a demo
// terminal holding 100,000 records: the status read (every record naming
// the badge) is what grows with the log.
func BenchmarkDecideMainGateDemo(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(b.TempDir(), "terminal.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 3, 18, 14, 30, 0, 0, loc)
	if _, err := demo.Setup(ctx, st, now.AddDate(0, 0, -30)); err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Generate(ctx, st, demo.Options{Records: 100_000, Seed: 7, Now: now}); err != nil {
		b.Fatal(err)
	}
	svc := post.New(st, post.Options{Clock: func() time.Time { return now }})
	in := post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "2030", Temp: tp(365)}
	b.ResetTimer()
	for b.Loop() {
		if _, err := svc.DecideMainGate(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// A visitor's crossing against a staff member's: the decision reads the
// identity registry by ID number (§15), and the save writes the registry
// row in the record's transaction. The visitor has been before, so the
// lookup finds their row.
var benchVisitor = post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In, IDNumber: "110101199003070012",
	Name: "某访客", Temp: tp(365)}

func BenchmarkDecideMainGateVisitor(b *testing.B) {
	e := newEnvTB(b)
	ctx := context.Background()
	p, err := e.svc.DecideMainGate(ctx, benchVisitor)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := e.svc.Save(ctx, guard, p); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := e.svc.DecideMainGate(ctx, benchVisitor); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSaveVisitorPassage(b *testing.B) {
	e := newEnvTB(b)
	ctx := context.Background()
	p, err := e.svc.DecideMainGate(ctx, benchVisitor)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		p.ID = record.NewID()
		if _, err := e.svc.Save(ctx, guard, p); err != nil {
			b.Fatal(err)
		}
	}
}
