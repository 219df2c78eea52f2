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
//
// A preparation that fails is tried again by the next caller: kept, one
// failure (the file busy at that moment) would fail every status read
// until the console was restarted.
type prepared struct {
	mu   sync.Mutex // a lock costs nothing beside the query it guards
	stmt *sql.Stmt
}

// get returns the statement for query on db, preparing it if it is not
// yet. It is prepared without the caller's context: a caller's deadline or
// cancellation must not leave the statement unprepared for everyone after.
func (p *prepared) get(db *sql.DB, query string) (*sql.Stmt, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stmt == nil {
		st, err := db.PrepareContext(context.Background(), query)
		if err != nil {
			return nil, fmt.Errorf("store: prepare: %w", err)
		}
		p.stmt = st
	}
	return p.stmt, nil
}

// close releases the statement, if it was prepared. The Store is closing:
// no call is running.
func (p *prepared) close() error {
	if st := p.stmt; st != nil {
		return st.Close()
	}
	return nil
}
