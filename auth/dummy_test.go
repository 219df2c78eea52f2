package auth

import (
	"errors"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// The hash unknown badges are checked against must be a real bcrypt hash at
// the current cost, so that checking it takes as long as a real PIN check.
func TestDummyHash(t *testing.T) {
	h := dummyHash()
	c, err := bcrypt.Cost(h)
	if err != nil {
		t.Fatalf("dummy hash is malformed: %v", err)
	}
	if c != Cost {
		t.Fatalf("dummy hash cost %d, want the current Cost %d", c, Cost)
	}
	if err := bcrypt.CompareHashAndPassword(h, []byte("1234")); !errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
		t.Fatalf("comparing against the dummy: %v, want a plain mismatch (a full check)", err)
	}
	if &dummyHash()[0] != &h[0] {
		t.Fatal("dummy hash recomputed on every call")
	}
}
