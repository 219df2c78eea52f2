package store

import (
	"context"
	"database/sql"
	"fmt"
)

// RewindPushed moves the push cursor back to upTo when it is past it, so
// that the records after upTo are offered to the hub again, and returns how
// many that is. Sync calls it when the hub holds less of this terminal's
// chain than it once answered: a hub restored from a backup. The records
// already parked stay parked; a hub that holds a record answers "duplicate".
func (s *Store) RewindPushed(ctx context.Context, upTo int64) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var pushed int64
		if err := tx.QueryRowContext(ctx, `SELECT pushed_seq FROM sync_state`).Scan(&pushed); err != nil {
			return fmt.Errorf("store: rewind: %w", err)
		}
		if upTo < 0 || pushed <= upTo {
			return nil
		}
		n = pushed - upTo
		_, err := tx.ExecContext(ctx, `UPDATE sync_state SET pushed_seq = ?`, upTo)
		return err
	})
	return n, err
}

// LowestParked is the seq of the oldest parked record; ok is false when
// nothing is parked.
func (s *Store) LowestParked(ctx context.Context) (seq int64, ok bool, err error) {
	var v sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT MIN(seq) FROM sync_parked`).Scan(&v); err != nil {
		return 0, false, fmt.Errorf("store: parked: %w", err)
	}
	return v.Int64, v.Valid, nil
}
