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
	"gatepost/store"
)

// MaxFailures wrong PINs in a row lock a badge for LockFor.
const (
	MaxFailures = 5
	LockFor     = 5 * time.Minute
)

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
		fails := a.Failures + 1
		var until time.Time
		if fails >= MaxFailures {
			until = now.Add(LockFor)
		}
		if err := st.SetGuardLock(ctx, badge, fails%MaxFailures, until); err != nil {
			return gate.Guard{}, err
		}
		if !until.IsZero() {
			return gate.Guard{}, &LockedError{Until: until}
		}
		return gate.Guard{}, &BadPINError{Left: MaxFailures - fails}
	}
	if a.Failures != 0 || !a.LockedUntil.IsZero() {
		if err := st.SetGuardLock(ctx, badge, 0, time.Time{}); err != nil {
			return gate.Guard{}, err
		}
	}
	return a.Guard, nil
}
