package hub

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Failed sign-ins are limited per account name and client address, so that
// passwords cannot be guessed at the speed of bcrypt. The count is kept in
// the process: with several hub processes behind a balancer each allows
// its own share, which still bounds guessing; keying by address as well as
// name keeps one attacker from locking a user out everywhere.
const (
	maxFailedSignIns = 10
	failedWindow     = 15 * time.Minute
)

type signInThrottle struct {
	mu    sync.Mutex
	fails map[string][]time.Time
}

func newSignInThrottle() *signInThrottle { return &signInThrottle{fails: map[string][]time.Time{}} }

func throttleKey(r *http.Request, name string) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return host + "\x00" + name
}

// recent drops failures older than the window and returns those left.
func (t *signInThrottle) recent(key string, now time.Time) []time.Time {
	fs := t.fails[key]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= failedWindow {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.fails, key)
	} else {
		t.fails[key] = fs
	}
	return fs
}

// blocked reports whether key has failed too often lately.
func (t *signInThrottle) blocked(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.recent(key, now)) >= maxFailedSignIns
}

// fail counts a failed sign-in of key.
func (t *signInThrottle) fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fails[key] = append(t.recent(key, now), now)
	if len(t.fails) > 100_000 {
		// A flood of names: forget them all rather than grow without bound.
		t.fails = map[string][]time.Time{}
	}
}
