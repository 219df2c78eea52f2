package hub

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Failed sign-ins are limited per account name and client address, so that
// passwords cannot be guessed at the speed of bcrypt. They are counted in
// the database (SignInThrottleStorage), so several hub processes behind a
// balancer count the same failures; keying by address as well as name keeps
// one attacker from locking a user out everywhere.
const (
	maxFailedSignIns = 10
	failedWindow     = 15 * time.Minute
)

// SignInThrottleStorage keeps the failed sign-ins of the last failedWindow.
type SignInThrottleStorage interface {
	// AddFailedSignIn notes a failed sign-in of key at at, and forgets the
	// failures before forget.
	AddFailedSignIn(ctx context.Context, key []byte, at, forget time.Time) error
	// FailedSignIns counts key's failed sign-ins after since.
	FailedSignIns(ctx context.Context, key []byte, since time.Time) (int, error)
}

type signInThrottle struct {
	st  SignInThrottleStorage
	log *slog.Logger
}

func newSignInThrottle(st SignInThrottleStorage, log *slog.Logger) *signInThrottle {
	return &signInThrottle{st: st, log: log}
}

// throttleKey is the SHA-256 of the client's address and the name typed:
// the name may be a password typed into the wrong field, so it is not kept.
func throttleKey(r *http.Request, name string) []byte {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	sum := sha256.Sum256([]byte(host + "\x00" + name))
	return sum[:]
}

// blocked reports whether key has failed too often lately. When the count
// cannot be read the sign-in goes on (and meets the same database when it
// checks the password).
func (t *signInThrottle) blocked(ctx context.Context, key []byte, now time.Time) bool {
	n, err := t.st.FailedSignIns(ctx, key, now.Add(-failedWindow))
	if err != nil {
		t.log.Warn("sign-in throttle: cannot count failures", "err", err.Error())
		return false
	}
	return n >= maxFailedSignIns
}

// fail counts a failed sign-in of key.
func (t *signInThrottle) fail(ctx context.Context, key []byte, now time.Time) {
	if err := t.st.AddFailedSignIn(ctx, key, now, now.Add(-failedWindow)); err != nil {
		t.log.Warn("sign-in throttle: cannot note a failure", "err", err.Error())
	}
}

// AddFailedSignIn implements SignInThrottleStorage.
func (s *SQLite) AddFailedSignIn(ctx context.Context, key []byte, at, forget time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM signin_failures WHERE at <= ?`, forget.UnixNano()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO signin_failures (key, at) VALUES (?, ?)`, key, at.UnixNano())
		return err
	})
}

// FailedSignIns implements SignInThrottleStorage.
func (s *SQLite) FailedSignIns(ctx context.Context, key []byte, since time.Time) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM signin_failures WHERE key = ? AND at > ?`, key, since.UnixNano()).Scan(&n)
	return n, err
}

// AddFailedSignIn implements SignInThrottleStorage.
func (s *Postgres) AddFailedSignIn(ctx context.Context, key []byte, at, forget time.Time) error {
	_, err := s.pool.Exec(ctx, `WITH gone AS (DELETE FROM signin_failures WHERE at <= $3)
		INSERT INTO signin_failures (key, at) VALUES ($1, $2)`, key, at, forget)
	return err
}

// FailedSignIns implements SignInThrottleStorage.
func (s *Postgres) FailedSignIns(ctx context.Context, key []byte, since time.Time) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM signin_failures WHERE key = $1 AND at > $2`, key, since).Scan(&n)
	return n, err
}
