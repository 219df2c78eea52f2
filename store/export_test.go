package store

import "context"

// Synchronous is the writer connection's PRAGMA synchronous (2 is FULL):
// what a guard's save commits with.
func Synchronous(s *Store) (int, error) {
	var n int
	err := s.w.QueryRowContext(context.Background(), `PRAGMA synchronous`).Scan(&n)
	return n, err
}
