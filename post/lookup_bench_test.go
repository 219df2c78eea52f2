package post_test

import (
	"context"
	"testing"

	"gatepost/post"
	"gatepost/record"
)

// A detainee's crossing at the main gate reads the admissions and releases
// naming the badge (store.PersonAt) besides the roster; a staff member's
// does not. BenchmarkDecideMainGate is the staff member's, for comparison.
func BenchmarkDecideMainGateAdmittedDetainee(b *testing.B) {
	e := newEnvTB(b)
	ctx := context.Background()
	if _, err := e.svc.Admit(ctx, guard, post.Credentials{Badge: "9001", PIN: supPIN},
		post.MovementInput{Badge: "D0501", Source: record.AdmitDecision, Temp: tp(365)}, "决定书"); err != nil {
		b.Fatal(err)
	}
	in := post.MainGateInput{Subject: record.SubjectStaff, Direction: record.Out, Badge: "D0501"}
	for b.Loop() {
		if _, err := e.svc.DecideMainGate(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
