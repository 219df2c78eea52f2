package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// prepared is a read statement prepared once, on first use, on the read
// pool: database/sql keeps it prepared on each connection that ran it, so
// SQLite parses and plans it once per connection instead of on every call.
// The status of a person is read for every staff crossing, and its query
// (two tables, four branches, the void and override lookups) costs more to
// parse than to run on a post's log.
type prepared struct {
	once sync.Once
	stmt *sql.Stmt
	err  error
}

// get returns the statement for query on db, preparing it the first time.
// It is prepared without the caller's context: a caller's deadline or
// cancellation must not leave the statement unprepared for everyone after.
func (p *prepared) get(db *sql.DB, query string) (*sql.Stmt, error) {
	p.once.Do(func() {
		p.stmt, p.err = db.PrepareContext(context.Background(), query)
		if p.err != nil {
			p.err = fmt.Errorf("store: prepare: %w", p.err)
		}
	})
	return p.stmt, p.err
}

// close releases the statement, if it was prepared. The Store is closing:
// no call is running.
func (p *prepared) close() error {
	if p.stmt == nil {
		return nil
	}
	return p.stmt.Close()
}
