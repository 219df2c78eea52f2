package post_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"gatepost/auth"
	"gatepost/post"
	"gatepost/record"
)

func TestAuthorise(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		tries []post.Credentials // earlier attempts
		cred  post.Credentials
		check func(error) bool
	}{
		{"the supervisor", nil, post.Credentials{Badge: "9001", PIN: supPIN}, func(err error) bool { return err == nil }},
		{"a wrong PIN", nil, post.Credentials{Badge: "9001", PIN: "1111"}, func(err error) bool {
			var be *auth.BadPINError
			return errors.As(err, &be) && be.Left == auth.MaxFailures-1
		}},
		{"an unknown badge", nil, post.Credentials{Badge: "9999", PIN: "1111"}, func(err error) bool { return errors.Is(err, auth.ErrBadPIN) }},
		{"a guard", nil, post.Credentials{Badge: "1001", PIN: "1234"}, func(err error) bool {
			var ns *post.NotSupervisorError
			return errors.As(err, &ns)
		}},
		{"locked after five wrong PINs, even with the right one", []post.Credentials{
			{"9001", "1"}, {"9001", "2"}, {"9001", "3"}, {"9001", "4"}, {"9001", "5"},
		}, post.Credentials{Badge: "9001", PIN: supPIN}, func(err error) bool { return errors.Is(err, auth.ErrLocked) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			for _, tr := range c.tries {
				_, _ = e.svc.Authorise(ctx, tr)
			}
			sup, err := e.svc.Authorise(ctx, c.cred)
			if !c.check(err) {
				t.Fatalf("err = %v", err)
			}
			if err == nil && sup.Guard().Badge != "9001" {
				t.Errorf("supervisor %+v", sup.Guard())
			}
			// The same check guards a supervised write in one call.
			p, _ := e.svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectVehicle, Direction: record.In, Plate: "苏B1"})
			_, werr := e.svc.Override(ctx, guard, p, c.cred, "x")
			if (err == nil) != (werr == nil) {
				t.Errorf("override: %v", werr)
			}
		})
	}
}

// TestOptions: the clock stamps, NewID names every record, the writer gets
// each call's records in one batch, Saved hears of each write.
func TestOptions(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	n := 0
	at := time.Date(2026, 3, 2, 21, 0, 0, 0, loc)
	w := &countingWriter{env: e}
	var heard []record.Kind
	svc := post.New(e.st, post.Options{Clock: func() time.Time { return at }, Writer: w,
		NewID: func(t time.Time) string {
			n++
			return fmt.Sprintf("01900000-0000-7000-8000-%012d", n)
		},
		Saved: func(v post.Saved) { heard = append(heard, v.Kind) },
	})
	p, err := svc.DecideStaffGate(ctx, post.StaffGateInput{Gate: 2, Direction: record.In, Badge: "2001"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := svc.Save(ctx, guard, p)
	if err != nil {
		t.Fatal(err)
	}
	if r := v.Main(); r.ID != "01900000-0000-7000-8000-000000000001" || !r.At.Equal(at) {
		t.Errorf("record %s at %v", r.ID, r.At)
	}
	if len(w.calls) != 1 || len(heard) != 1 || heard[0] != record.Passage {
		t.Errorf("calls %v, heard %v", w.calls, heard)
	}
}
