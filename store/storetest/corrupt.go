package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	_ "modernc.org/sqlite" // the driver the store uses

	"gatepost/internal/sqlitedb"
)

// CorruptIndex damages the database file at path the way a bad sector or a
// torn copy would, in a place that reading the records never visits: it
// overwrites one leaf page of the named index with garbage. The store must
// be closed (WAL checkpointed) first. It returns the page number it wrote.
//
// The page is found with the dbstat virtual table, which lists every page
// of every table and index with its b-tree role.
func CorruptIndex(path, index string) (int64, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return 0, err
	}
	var pageSize, page int64
	err = db.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
	if err == nil {
		err = db.QueryRow(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno LIMIT 1`, index).Scan(&page)
	}
	db.Close()
	if err != nil {
		return 0, fmt.Errorf("find a leaf page of %s: %w", index, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return 0, err
	}
	garbage := make([]byte, pageSize)
	for i := range garbage {
		garbage[i] = byte(0x5a ^ i*31)
	}
	if _, err := f.WriteAt(garbage, (page-1)*pageSize); err != nil {
		f.Close()
		return 0, err
	}
	return page, f.Close()
}

// QuickCheck runs sqlitedb.QuickCheck on the file at path through a
// read-only connection of its own, for benchmarks that time it alone.
func QuickCheck(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	return sqlitedb.QuickCheck(ctx, db)
}
