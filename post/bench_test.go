package post_test

import (
	"context"
	"testing"

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
