package hub

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"gatepost/internal/sqlitedb"
)

// ErrBackupPostgres is Backup's answer for a PostgreSQL hub: PostgreSQL's
// own pg_dump takes a consistent snapshot of a running database, and
// restores with pg_restore; the hub does not duplicate it.
var ErrBackupPostgres = errors.New("a PostgreSQL hub is backed up with pg_dump")

// BackupInfo describes a hub backup just written.
type BackupInfo struct {
	Path      string
	Bytes     int64
	Terminals int64 // terminals in the copy
	Records   int64 // records in the copy
}

// Backup writes a consistent copy of a SQLite hub's database to dest while
// the hub serves: it holds every push committed before it began and none
// after, so every terminal's chain in it is a prefix of the live one. dest
// must not exist. See sqlitedb.Backup for how the file is written.
func Backup(ctx context.Context, st Storage, dest string) (BackupInfo, error) {
	s, ok := st.(*SQLite)
	if !ok {
		return BackupInfo{}, ErrBackupPostgres
	}
	info := BackupInfo{Path: dest}
	n, err := sqlitedb.Backup(ctx, s.path, dest, func(ctx context.Context, c *sql.DB) error {
		err := c.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM terminals), (SELECT count(*) FROM records)`).
			Scan(&info.Terminals, &info.Records)
		if err != nil {
			return fmt.Errorf("backup check: %w", err)
		}
		return nil
	})
	if err != nil {
		return BackupInfo{}, err
	}
	info.Bytes = n
	return info, nil
}
