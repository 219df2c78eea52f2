// Package auth signs guards in: PINs kept only as bcrypt hashes (slow and
// salted), and a badge locked for a while after too many wrong PINs (§4).
package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// MaxFailures wrong PINs in a row lock a badge: the first time for LockFor,
// and each further lock in a row (without a right PIN between) twice as
// long as the one before, up to MaxLockFor. A guessing run that waits out
// each lock thus gets five tries per lock, ever fewer per hour, while a
// guard who fumbles once is locked out for five minutes only.
const (
	MaxFailures = 5
	LockFor     = 5 * time.Minute
	MaxLockFor  = 8 * time.Hour
)

// LockDuration is how long the n-th lock in a row lasts (n ≥ 1).
func LockDuration(n int) time.Duration {
	d := LockFor
	for i := 1; i < n && d < MaxLockFor; i++ {
		d *= 2
	}
	return min(d, MaxLockFor)
}

// DefaultSupervisorPINDigits is the shortest PIN a supervisor or an admin
// may have unless the terminal's setting asks for more: their PIN
// overrides denials and voids records, so it must resist guessing better
// than a guard's. Guards keep MinPINDigits.
const (
	DefaultSupervisorPINDigits = 6
	MinPINDigits               = 4
	MaxPINDigits               = 12
)

// CheckPIN says what is wrong with a PIN for a console user of role, or
// nil: digits only, MinPINDigits–MaxPINDigits long, and at least
// supervisorDigits (DefaultSupervisorPINDigits when 0) for a supervisor or
// an admin. The message never repeats the PIN.
func CheckPIN(pin string, role gate.Role, supervisorDigits int) error {
	if supervisorDigits <= 0 {
		supervisorDigits = DefaultSupervisorPINDigits
	}
	if pin == "" {
		return errors.New("required")
	}
	for i := 0; i < len(pin); i++ {
		if pin[i] < '0' || pin[i] > '9' {
			return errors.New("must be digits only")
		}
	}
	least := MinPINDigits
	if role == gate.RoleSupervisor || role == gate.RoleAdmin {
		least = max(supervisorDigits, MinPINDigits)
	}
	if len(pin) < least || len(pin) > MaxPINDigits {
		if least > MinPINDigits {
			who := "a supervisor's"
			if role == gate.RoleAdmin {
				who = "an admin's"
			}
			return fmt.Errorf("%s PIN must be %d to %d digits", who, least, MaxPINDigits)
		}
		return fmt.Errorf("must be %d to %d digits", least, MaxPINDigits)
	}
	return nil
}

// Cost is the bcrypt cost: about 50 ms a check on a small PC, which is slow
// for a brute-force but not for a guard.
var Cost = 10

// Sign-in failures. The UI translates each; none says whether the badge exists
// beyond what the guard already sees.
var (
	ErrBadPIN      = errors.New("wrong badge or PIN")
	ErrLocked      = errors.New("badge locked after too many wrong PINs")
	ErrPINTooShort = errors.New("PIN must have at least 4 digits")
)

// LockedError says until when a badge is locked.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string { return ErrLocked.Error() + " until " + e.Until.Format("15:04") }

// Unwrap lets errors.Is(err, ErrLocked) match.
func (e *LockedError) Unwrap() error { return ErrLocked }

// BadPINError says how many tries are left before the badge locks.
type BadPINError struct{ Left int }

func (e *BadPINError) Error() string { return fmt.Sprintf("%v (%d tries left)", ErrBadPIN, e.Left) }

// Unwrap lets errors.Is(err, ErrBadPIN) match.
func (e *BadPINError) Unwrap() error { return ErrBadPIN }

// Hash returns the bcrypt hash of a PIN.
func Hash(pin string) (string, error) {
	if len(pin) < 4 {
		return "", ErrPINTooShort
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pin), Cost)
	return string(h), err
}

var (
	dummyOnce sync.Once
	dummy     []byte
)

// dummyHash is a real bcrypt hash at the current Cost, made on first use, for
// unknown badges to be checked against: a fixed literal would cost a
// different time whenever Cost differs from the literal's (or nothing at all
// if it were malformed).
func dummyHash() []byte {
	dummyOnce.Do(func() {
		h, err := bcrypt.GenerateFromPassword([]byte("no such badge"), Cost)
		if err != nil { // Cost out of bcrypt's range: Hash fails too; still spend time
			h, _ = bcrypt.GenerateFromPassword([]byte("no such badge"), bcrypt.DefaultCost)
		}
		dummy = h
	})
	return dummy
}

// SignIn checks badge and PIN against the store at time now. A wrong PIN
// counts towards the lock; a right one clears the count.
func SignIn(ctx context.Context, st *store.Store, badge, pin string, now time.Time) (gate.Guard, error) {
	a, err := st.GuardAuth(ctx, badge)
	if errors.Is(err, store.ErrUnknownGuard) {
		// Spend the same time as a real check so a badge's existence does not show.
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(pin))
		return gate.Guard{}, &BadPINError{Left: MaxFailures}
	}
	if err != nil {
		return gate.Guard{}, err
	}
	if now.Before(a.LockedUntil) {
		return gate.Guard{}, &LockedError{Until: a.LockedUntil}
	}
	if bcrypt.CompareHashAndPassword([]byte(a.PINHash), []byte(pin)) != nil {
		fails, lockouts := a.Failures+1, a.Lockouts
		var until time.Time
		if fails >= MaxFailures {
			lockouts++
			until = now.Add(LockDuration(lockouts))
		}
		if err := st.SetGuardLock(ctx, badge, fails%MaxFailures, lockouts, until); err != nil {
			return gate.Guard{}, err
		}
		if !until.IsZero() {
			return gate.Guard{}, &LockedError{Until: until}
		}
		return gate.Guard{}, &BadPINError{Left: MaxFailures - fails}
	}
	if a.Failures != 0 || a.Lockouts != 0 || !a.LockedUntil.IsZero() {
		if err := st.SetGuardLock(ctx, badge, 0, 0, time.Time{}); err != nil {
			return gate.Guard{}, err
		}
	}
	return a.Guard, nil
}

// OpenShift signs a guard in and opens their shift at gate as one
// operation: the guard is signed in only when the shift.open record has
// been saved (fsync'd). A sign-in whose shift.open could not be saved (a
// full disk, a damaged database) fails as a whole, so no guard works a
// shift that the log does not show.
func OpenShift(ctx context.Context, st *store.Store, badge, pin string, gateNo int, now time.Time) (gate.Guard, record.Record, error) {
	return OpenShiftChecked(ctx, st, badge, pin, gateNo, now, nil)
}

// OpenShiftChecked is OpenShift with a check run once the badge and PIN are
// right and before the shift.open is saved: an error from check refuses the
// sign-in as it is, with nothing written. The console asks the hub there
// whether this database is older than the hub's copy of its chain (a
// terminal restored from an old backup), since the shift.open is the first
// record a restored terminal would fork the chain with. A nil check checks
// nothing.
func OpenShiftChecked(ctx context.Context, st *store.Store, badge, pin string, gateNo int, now time.Time, check func(context.Context) error) (gate.Guard, record.Record, error) {
	g, err := SignIn(ctx, st, badge, pin, now)
	if err != nil {
		return gate.Guard{}, record.Record{}, err
	}
	if check != nil {
		if err := check(ctx); err != nil {
			return gate.Guard{}, record.Record{}, err
		}
	}
	r, err := st.Append(ctx, store.Draft{
		Kind: record.ShiftOpen, Gate: gateNo, Guard: g.Badge, At: now,
		Body: record.ShiftOpenBody{Name: g.Name, Gate: gateNo},
	})
	if err != nil {
		return gate.Guard{}, record.Record{}, &ShiftError{Err: err}
	}
	return g, r, nil
}

// ShiftError is a right badge and PIN whose shift.open could not be saved:
// the guard is not signed in.
type ShiftError struct{ Err error }

func (e *ShiftError) Error() string { return "shift not opened, not signed in: " + e.Err.Error() }

// Unwrap gives the store's error.
func (e *ShiftError) Unwrap() error { return e.Err }
