package post_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"gatepost/auth"
	"gatepost/gate"
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

// A supervised write whose free text holds the PIN typed with it is
// refused before anything is written, naming the field (never the PIN):
// a PIN typed again after a wrong one lands in the reason when the cursor
// is left there. Numbers that are not the PIN pass.
func TestSupervisedTextHoldingThePIN(t *testing.T) {
	ctx := context.Background()
	cred := post.Credentials{Badge: "9001", PIN: supPIN}
	writes := []struct {
		name  string
		field string
		write func(e *env, text string) error
	}{
		{"void", "Reason", func(e *env, text string) error {
			sv, err := e.svc.Save(ctx, guard, mustPlan(t, e))
			if err != nil {
				t.Fatal(err)
			}
			r := sv.Main()
			_, err = e.svc.Void(ctx, guard, post.Target{ID: r.ID, Seq: r.Seq, Gate: r.Gate, Kind: r.Kind}, cred, text)
			return err
		}},
		{"override", "Reason", func(e *env, text string) error {
			p, _ := e.svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectVehicle, Direction: record.In, Plate: "苏B1"})
			_, err := e.svc.Override(ctx, guard, p, cred, text)
			return err
		}},
		{"attendance", "Note", func(e *env, text string) error {
			_, err := e.svc.SetAttendance(ctx, guard, cred, post.AttendanceInput{Entries: []gate.Entry{{Badge: "2002", Status: record.WFH}}, Note: text})
			return err
		}},
		{"clearance", "Reason", func(e *env, text string) error {
			_, err := e.svc.Clear(ctx, guard, cred, post.ClearanceInput{Badge: "2002", Subject: gate.ClearContact, Result: record.ResultFeverClinic, Reason: text})
			return err
		}},
		{"admission", "Basis", func(e *env, text string) error {
			_, err := e.svc.Admit(ctx, guard, cred, post.MovementInput{Badge: "D0501", Source: record.AdmitDecision, Temp: tp(364)}, text)
			return err
		}},
		{"report", "Reason", func(e *env, text string) error {
			_, err := e.svc.SubmitReport(ctx, guard, cred, post.SubmitInput{Supersedes: "x", Reason: text, Security: &post.SecurityInput{}})
			return err
		}},
		{"report event", "Summary", func(e *env, text string) error {
			_, err := e.svc.SubmitReport(ctx, guard, cred, post.SubmitInput{Security: &post.SecurityInput{Events: []record.SecurityEvent{
				{Type: record.SecFight, Time: "08:20", Summary: text, Handling: "制止"}}}})
			return err
		}},
		{"report handling", "Handling", func(e *env, text string) error {
			_, err := e.svc.SubmitReport(ctx, guard, cred, post.SubmitInput{Security: &post.SecurityInput{Events: []record.SecurityEvent{
				{Type: record.SecFight, Time: "08:20", Summary: "口角", Handling: text}}}})
			return err
		}},
	}
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			for _, text := range []string{"重复登记" + supPIN, "重复登记９９９９９９", "第" + supPIN + "1条", supPIN} {
				e := newEnv(t)
				err := w.write(e, text)
				var ie *post.InputError
				if !errors.As(err, &ie) || ie.Code != post.CodePINInText || ie.Field != w.field || ie.Input != "" {
					t.Fatalf("%q: err = %v", text, err)
				}
				for _, r := range e.all(t) {
					if r.Kind != record.Passage && r.Kind != record.Temperature {
						t.Errorf("%q: a %s written", text, r.Kind)
					}
				}
			}
			// A reason may name numbers: a record, a time, a count, part
			// of the PIN.
			e := newEnv(t)
			if err := w.write(e, "第25508条 08:20 共3人 99999"); err != nil {
				t.Errorf("numbers that are not the PIN: %v", err)
			}
		})
	}
}

// mustPlan is an allowed crossing at gate 2, to save and void.
func mustPlan(t *testing.T, e *env) post.Plan {
	t.Helper()
	p, err := e.svc.DecideStaffGate(context.Background(), post.StaffGateInput{Gate: 2, Direction: record.In, Badge: "2001"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
