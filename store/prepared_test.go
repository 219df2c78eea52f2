package store

import (
	"path/filepath"
	"testing"
)

// A statement that failed to prepare (the database busy, a schema not
// there yet) is prepared again by the next caller: the failure is not
// kept for the life of the Store, which would fail every status read.
func TestPreparedAgainAfterAFailure(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "terminal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var p prepared
	defer p.close()
	const q = `SELECT COUNT(*) FROM later`
	if _, err := p.get(s.r, q); err == nil {
		t.Fatal("prepared against a table that is not there")
	}
	if _, err := s.w.Exec(`CREATE TABLE later (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	st, err := p.get(s.r, q)
	if err != nil {
		t.Fatalf("the first failure was kept: %v", err)
	}
	var n int
	if err := st.QueryRow().Scan(&n); err != nil || n != 0 {
		t.Fatalf("count %d %v", n, err)
	}
}
