package auth_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	_ "modernc.org/sqlite"

	"gatepost/auth"
	"gatepost/gate"
	"gatepost/store"
)

func TestMain(m *testing.M) {
	auth.Cost = bcrypt.MinCost // the logic under test does not depend on the cost
	os.Exit(m.Run())
}

const pin = "2468"

var guard = gate.Guard{Badge: "G001", Name: "门卫甲", Role: gate.RoleSupervisor}

// setup returns a store with one guard whose PIN is pin.
func setup(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(filepath.Join(t.TempDir(), "gatepost.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Init(ctx, store.Identity{FacilityID: "F", FacilityName: "所", Terminal: "T1", HomeGate: 1}); err != nil {
		t.Fatal(err)
	}
	h, err := auth.Hash(pin)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutGuard(ctx, guard, h); err != nil {
		t.Fatal(err)
	}
	return s
}

// now has a sub-second part on purpose: the lock must hold to the nanosecond.
var now = time.Date(2020, 2, 1, 12, 0, 0, 700_000_000, time.FixedZone("CST", 8*3600))

func wantBadPIN(t *testing.T, err error, left int) {
	t.Helper()
	var bp *auth.BadPINError
	if !errors.As(err, &bp) || !errors.Is(err, auth.ErrBadPIN) {
		t.Fatalf("got %v, want a BadPINError", err)
	}
	if bp.Left != left {
		t.Fatalf("%d tries left, want %d", bp.Left, left)
	}
	if errors.Is(err, auth.ErrLocked) {
		t.Fatal("a bad PIN reported as a lock")
	}
}

func wantLocked(t *testing.T, err error, until time.Time) {
	t.Helper()
	var le *auth.LockedError
	if !errors.As(err, &le) || !errors.Is(err, auth.ErrLocked) {
		t.Fatalf("got %v, want a LockedError", err)
	}
	if !le.Until.Equal(until) {
		t.Fatalf("locked until %v, want %v", le.Until, until)
	}
}

func failures(t *testing.T, s *store.Store) (int, time.Time) {
	t.Helper()
	a, err := s.GuardAuth(context.Background(), guard.Badge)
	if err != nil {
		t.Fatal(err)
	}
	return a.Failures, a.LockedUntil
}

func TestRightPIN(t *testing.T) {
	s := setup(t)
	g, err := auth.SignIn(context.Background(), s, guard.Badge, pin, now)
	if err != nil {
		t.Fatal(err)
	}
	if g != guard {
		t.Fatalf("signed in as %+v, want %+v", g, guard)
	}
}

func TestWrongPINsThenRight(t *testing.T) {
	ctx := context.Background()
	s := setup(t)
	for i := 1; i < auth.MaxFailures; i++ {
		_, err := auth.SignIn(ctx, s, guard.Badge, "1357", now.Add(time.Duration(i)*time.Second))
		wantBadPIN(t, err, auth.MaxFailures-i)
		if n, _ := failures(t, s); n != i {
			t.Fatalf("after %d wrong PINs the store counts %d", i, n)
		}
	}
	if _, err := auth.SignIn(ctx, s, guard.Badge, pin, now.Add(time.Minute)); err != nil {
		t.Fatalf("right PIN after %d wrong: %v", auth.MaxFailures-1, err)
	}
	if n, until := failures(t, s); n != 0 || !until.IsZero() {
		t.Fatalf("right PIN did not clear the count: %d, %v", n, until)
	}
	// Cleared means cleared: another four wrong PINs do not lock.
	for i := 1; i < auth.MaxFailures; i++ {
		_, err := auth.SignIn(ctx, s, guard.Badge, "0000", now.Add(2*time.Minute))
		wantBadPIN(t, err, auth.MaxFailures-i)
	}
	if _, err := auth.SignIn(ctx, s, guard.Badge, pin, now.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
}

func TestLock(t *testing.T) {
	ctx := context.Background()
	s := setup(t)
	for i := 1; i < auth.MaxFailures; i++ {
		_, err := auth.SignIn(ctx, s, guard.Badge, "1111", now)
		wantBadPIN(t, err, auth.MaxFailures-i)
	}
	_, err := auth.SignIn(ctx, s, guard.Badge, "1111", now)
	until := now.Add(auth.LockFor)
	wantLocked(t, err, until)
	if until.Sub(now) != 5*time.Minute {
		t.Fatalf("LockFor is %v, §4 and the UI say 5 minutes", auth.LockFor)
	}
	if _, stored := failures(t, s); !stored.Equal(until) {
		t.Fatalf("store holds the lock until %v, want %v", stored, until)
	}

	// While locked, even the right PIN is refused, and wrong ones neither
	// extend the lock nor count.
	for _, at := range []time.Time{now, now.Add(time.Second), now.Add(auth.LockFor / 2), until.Add(-time.Millisecond), until.Add(-time.Nanosecond)} {
		_, err := auth.SignIn(ctx, s, guard.Badge, pin, at)
		wantLocked(t, err, until)
		_, err = auth.SignIn(ctx, s, guard.Badge, "9999", at)
		wantLocked(t, err, until)
	}

	// At now+5min the badge opens, the right PIN signs in and clears the lock.
	g, err := auth.SignIn(ctx, s, guard.Badge, pin, until)
	if err != nil || g != guard {
		t.Fatalf("right PIN at the end of the lock: %+v, %v", g, err)
	}
	if n, stored := failures(t, s); n != 0 || !stored.IsZero() {
		t.Fatalf("after a good sign-in the store holds %d failures, lock %v", n, stored)
	}
}

func TestLockExpiresWithoutSignIn(t *testing.T) {
	ctx := context.Background()
	s := setup(t)
	for i := 0; i < auth.MaxFailures; i++ {
		auth.SignIn(ctx, s, guard.Badge, "1111", now)
	}
	// After the lock runs out a wrong PIN starts a fresh count.
	_, err := auth.SignIn(ctx, s, guard.Badge, "1111", now.Add(auth.LockFor+time.Second))
	wantBadPIN(t, err, auth.MaxFailures-1)
	// And five more lock again, from the new time.
	later := now.Add(auth.LockFor + time.Minute)
	for i := 1; i < auth.MaxFailures; i++ {
		auth.SignIn(ctx, s, guard.Badge, "1111", later)
	}
	_, err = auth.SignIn(ctx, s, guard.Badge, pin, later)
	wantLocked(t, err, later.Add(auth.LockDuration(2)))
}

// Finding 12: the lock was flat (five minutes, however often). Each lock in
// a row lasts twice the one before, up to MaxLockFor; a right PIN starts
// the series over.
func TestLockGrowsAndRightPINResetsIt(t *testing.T) {
	ctx := context.Background()
	s := setup(t)
	at := now
	lockRun := func() time.Time {
		t.Helper()
		var err error
		for i := 0; i < auth.MaxFailures; i++ {
			_, err = auth.SignIn(ctx, s, guard.Badge, "1111", at)
		}
		var le *auth.LockedError
		if !errors.As(err, &le) {
			t.Fatalf("five wrong PINs at %v: %v, want a lock", at, err)
		}
		return le.Until
	}
	want := []time.Duration{5 * time.Minute, 10 * time.Minute, 20 * time.Minute, 40 * time.Minute, 80 * time.Minute,
		160 * time.Minute, 320 * time.Minute, 8 * time.Hour, 8 * time.Hour}
	for i, d := range want {
		until := lockRun()
		if got := until.Sub(at); got != d {
			t.Fatalf("lock %d lasts %v, want %v", i+1, got, d)
		}
		if got := auth.LockDuration(i + 1); got != d {
			t.Fatalf("LockDuration(%d) = %v, want %v", i+1, got, d)
		}
		at = until // wait it out, then guess again
	}
	if _, err := auth.SignIn(ctx, s, guard.Badge, pin, at); err != nil {
		t.Fatalf("right PIN after the locks ran out: %v", err)
	}
	if until := lockRun(); until.Sub(at) != auth.LockFor {
		t.Fatalf("after a right PIN the next lock lasts %v, want %v", until.Sub(at), auth.LockFor)
	}
}

func TestCheckPIN(t *testing.T) {
	for _, c := range []struct {
		pin  string
		role gate.Role
		min  int
		ok   bool
	}{
		{"1234", gate.RoleGuard, 0, true},
		{"123", gate.RoleGuard, 0, false},
		{"1234", gate.RoleSupervisor, 0, false},
		{"9999", gate.RoleAdmin, 0, false},
		{"999999", gate.RoleSupervisor, 0, true},
		{"999999", gate.RoleSupervisor, 8, false},
		{"12345678", gate.RoleAdmin, 8, true},
		{"1234567890123", gate.RoleAdmin, 0, false},
		{"12345a", gate.RoleSupervisor, 0, false},
		{"", gate.RoleGuard, 0, false},
	} {
		err := auth.CheckPIN(c.pin, c.role, c.min)
		if (err == nil) != c.ok {
			t.Errorf("CheckPIN(%q, %s, %d) = %v, want ok=%v", c.pin, c.role, c.min, err, c.ok)
		}
		if err != nil && c.pin != "" && strings.Contains(err.Error(), c.pin) {
			t.Errorf("the message repeats the PIN: %v", err)
		}
	}
}

// Finding 7: on a full disk sign-in succeeded although its shift.open was
// not saved. OpenShift fails as a whole: no guard, no record.
func TestOpenShiftFailsWhenShiftOpenIsNotSaved(t *testing.T) {
	ctx := context.Background()
	s := setup(t)
	path := s.Path()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	// The store's append meets SQLite's own "disk full" answer.
	if _, err := raw.Exec(`CREATE TRIGGER disk_full BEFORE INSERT ON records BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	g, r, err := auth.OpenShift(ctx, s, guard.Badge, pin, 1, now)
	var se *auth.ShiftError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "disk is full") {
		t.Fatalf("OpenShift with a full disk: %v, want a ShiftError", err)
	}
	if g != (gate.Guard{}) || r.Seq != 0 {
		t.Fatalf("a failed OpenShift returned guard %+v, record %d", g, r.Seq)
	}
	if n, _ := s.LastSeq(ctx); n != 0 {
		t.Fatalf("%d records saved", n)
	}

	if _, err := raw.Exec(`DROP TRIGGER disk_full`); err != nil {
		t.Fatal(err)
	}
	g, r, err = auth.OpenShift(ctx, s, guard.Badge, pin, 1, now)
	if err != nil || g != guard || r.Kind != "shift.open" || r.Seq != 1 || r.Guard != guard.Badge {
		t.Fatalf("OpenShift: %+v %+v %v", g, r, err)
	}
	// A wrong PIN opens nothing.
	if _, _, err := auth.OpenShift(ctx, s, guard.Badge, "1357", 1, now); !errors.Is(err, auth.ErrBadPIN) {
		t.Fatalf("wrong PIN: %v", err)
	}
	if n, _ := s.LastSeq(ctx); n != 1 {
		t.Fatalf("%d records, want only the one shift.open", n)
	}
}

func TestUnknownBadge(t *testing.T) {
	ctx := context.Background()
	s := setup(t)
	for i := 0; i < auth.MaxFailures+2; i++ {
		_, err := auth.SignIn(ctx, s, "NOBODY", pin, now)
		if !errors.Is(err, auth.ErrBadPIN) {
			t.Fatalf("unknown badge: %v, want ErrBadPIN", err)
		}
		// Unknown badges look like a first wrong PIN, never like a lock.
		if errors.Is(err, auth.ErrLocked) {
			t.Fatal("unknown badge reported locked")
		}
	}
	// The real guard is unaffected.
	if n, until := failures(t, s); n != 0 || !until.IsZero() {
		t.Fatalf("unknown badge touched a real guard: %d %v", n, until)
	}
	if _, err := auth.SignIn(ctx, s, guard.Badge, pin, now); err != nil {
		t.Fatal(err)
	}
}

func TestHash(t *testing.T) {
	for _, short := range []string{"", "1", "12", "123"} {
		if h, err := auth.Hash(short); !errors.Is(err, auth.ErrPINTooShort) || h != "" {
			t.Errorf("Hash(%q) = %q, %v; want ErrPINTooShort", short, h, err)
		}
	}
	a, err := auth.Hash("1234")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := auth.Hash("1234")
	if a == b {
		t.Fatal("two hashes of one PIN are equal: no salt")
	}
	if a == "1234" || len(a) != 60 {
		t.Fatalf("Hash = %q, not a bcrypt hash", a)
	}
	if c, err := bcrypt.Cost([]byte(a)); err != nil || c != auth.Cost {
		t.Fatalf("hash cost %d (%v), want %d", c, err, auth.Cost)
	}
	for _, h := range []string{a, b} {
		if bcrypt.CompareHashAndPassword([]byte(h), []byte("1234")) != nil {
			t.Fatal("hash does not verify its PIN")
		}
		if bcrypt.CompareHashAndPassword([]byte(h), []byte("12345")) == nil {
			t.Fatal("hash verifies another PIN")
		}
	}
}

// The check runs after the PIN is found right and before the shift.open is
// saved: its refusal writes nothing and is returned as it is; a wrong PIN
// never reaches it.
func TestOpenShiftCheckedRefusesBeforeWriting(t *testing.T) {
	ctx := context.Background()
	s := setup(t)
	refused := errors.New("the hub holds more of this chain")
	asked := 0
	check := func(context.Context) error { asked++; return refused }
	if _, _, err := auth.OpenShiftChecked(ctx, s, guard.Badge, "1357", 1, now, check); !errors.Is(err, auth.ErrBadPIN) || asked != 0 {
		t.Fatalf("wrong PIN: %v, check asked %d times", err, asked)
	}
	g, r, err := auth.OpenShiftChecked(ctx, s, guard.Badge, pin, 1, now, check)
	if !errors.Is(err, refused) || asked != 1 || g != (gate.Guard{}) || r.Seq != 0 {
		t.Fatalf("refused by the check: %+v %+v %v (asked %d)", g, r, err, asked)
	}
	if n, _ := s.LastSeq(ctx); n != 0 {
		t.Fatalf("%d records saved after the check refused", n)
	}
	g, r, err = auth.OpenShiftChecked(ctx, s, guard.Badge, pin, 1, now, func(context.Context) error { return nil })
	if err != nil || g != guard || r.Seq != 1 {
		t.Fatalf("check passed: %+v %+v %v", g, r, err)
	}
}
