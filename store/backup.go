package store

import (
	"context"
	"database/sql"
	"fmt"

	"gatepost/internal/sqlitedb"
)

// BackupInfo describes a backup just written.
type BackupInfo struct {
	Path    string
	Bytes   int64
	Records int64 // records in the copy
	LastSeq int64 // the highest seq in the copy; equal to Records in an intact log
}

// Backup writes a consistent copy of the terminal database to dest while
// the console (this process or another) goes on saving: the copy holds
// every record committed before it began and none after, so its log is a
// prefix of the live one and its chain verifies as that does. It reads on
// a connection of its own and never holds up an Append. dest must not
// exist. See sqlitedb.Backup for how the file is written.
func (s *Store) Backup(ctx context.Context, dest string) (BackupInfo, error) {
	info := BackupInfo{Path: dest}
	n, err := sqlitedb.Backup(ctx, s.path, dest, func(ctx context.Context, c *sql.DB) error {
		err := c.QueryRowContext(ctx, `SELECT count(*), coalesce(max(seq), 0) FROM records`).Scan(&info.Records, &info.LastSeq)
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
