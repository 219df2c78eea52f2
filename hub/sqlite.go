package hub

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"gatepost/internal/sqlitedb"

	"gatepost/gate"
	"gatepost/record"
)

//go:embed migrations/sqlite/*.sql
var sqliteMigrations embed.FS

// SQLite is the embedded hub store: one file, nothing to install. It follows
// the terminal store's discipline: one writer connection with immediate
// transactions (so the write lock is taken at BEGIN and a push never fails
// half-way on a busy database), a pool of read-only connections for the
// dashboard and pulls, WAL with synchronous=FULL so that an answer "stored"
// survives a power cut.
type SQLite struct {
	path string
	w    *sql.DB
	r    *sql.DB

	inserts []*sql.Stmt // prepared on w: see prepareInserts
	// The statements every push runs besides its INSERTs, prepared once:
	// parsing them again on every push was a share of a shift change.
	byToken    *sql.Stmt // on r: the terminal a token names
	terminal   *sql.Stmt // on w: the terminal row, in the push's transaction
	chainState *sql.Stmt // on w: SetState's UPDATE
	// streamed holds a streamed push's records on their way into Insert;
	// only the committer's goroutine uses it (see streamFn).
	streamed []record.Record

	group chan *ingestReq // pushes waiting for the committer
	stop  chan struct{}   // closed by Close
	// committed is closed when the committer has returned: Close waits
	// for it, so that no transaction of the committer ends (and no file of
	// the database is written) after Close has returned.
	committed chan struct{}
	once      sync.Once

	generalOnly bool // every push by the general algorithm: the tests' reference
}

var (
	_ Storage    = (*SQLite)(nil)
	_ HeldReader = (*SQLite)(nil)
)

// OpenSQLite opens (creating if needed, mode 0600) the hub database at path
// and brings its schema up to date.
func OpenSQLite(path string) (*SQLite, error) { return openSQLite(path, false) }

// OpenSQLiteExisting is OpenSQLite for a database that must exist already:
// a missing file is an error (ErrMissing) rather than a new, empty hub. A
// command that only reads or tends a hub (verify, report, list, backup …)
// must not answer "0 terminals, intact" about a mistyped path, nor leave
// an empty database behind it.
func OpenSQLiteExisting(path string) (*SQLite, error) { return openSQLite(path, true) }

// ErrMissing is returned (wrapped) by OpenSQLiteExisting and
// OpenStorageExisting when there is no database file.
var ErrMissing = sqlitedb.ErrMissing

func openSQLite(path string, mustExist bool) (*SQLite, error) {
	if path == "" {
		return nil, errors.New("hub: no database path (--db or GATEPOST_HUB_DB)")
	}
	w, r, err := sqlitedb.Open(context.Background(), path, sqlitedb.Options{
		MustExist:  mustExist,
		Migrations: sqliteMigrations, Glob: "migrations/sqlite/*.sql", Readers: 8, BusyTimeout: 10000,
		// The one writer inserts each push's records at as many places in
		// the records table's three indexes as there are terminals pushing:
		// at a shift change 50 terminals' insertion points outgrew SQLite's
		// default 2 MiB of cache, and every insert read its pages again.
		WriterCacheKiB: 64 << 10,
	})
	if err != nil {
		return nil, fmt.Errorf("hub: %w", err)
	}
	inserts, err := prepareInserts(w)
	if err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	s := &SQLite{path: path, w: w, r: r, inserts: inserts, group: make(chan *ingestReq), stop: make(chan struct{})}
	for _, p := range []struct {
		db  *sql.DB
		q   string
		out **sql.Stmt
	}{
		{r, `SELECT ` + terminalCols + ` FROM terminals WHERE token_hash = ?`, &s.byToken},
		{w, `SELECT ` + terminalCols + ` FROM terminals WHERE facility = ? AND name = ?`, &s.terminal},
		{w, setStateSQL, &s.chainState},
	} {
		if *p.out, err = p.db.Prepare(p.q); err != nil {
			w.Close()
			r.Close()
			return nil, fmt.Errorf("hub: prepare: %w", err)
		}
	}
	s.committed = make(chan struct{})
	go func() { defer close(s.committed); s.committer() }()
	return s, nil
}

// Close closes both pools.
func (s *SQLite) Close() error {
	s.once.Do(func() {
		// The day figures' recomputes of this store's pushes finish first
		// (for at most settleWait): one still writing when the database is
		// closed would end its transaction after Close returned.
		settle(context.Background(), s, func(dayKey) bool { return true })
		close(s.stop)
	})
	<-s.committed
	for _, st := range append(s.inserts, s.byToken, s.terminal, s.chainState) {
		st.Close()
	}
	return errors.Join(s.r.Close(), s.w.Close())
}

// Path is the database file.
func (s *SQLite) Path() string { return s.path }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func (s *SQLite) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("hub: begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// PutFacility implements Storage.
func (s *SQLite) PutFacility(ctx context.Context, f Facility) error {
	if f.CreatedAt.IsZero() {
		f.CreatedAt = time.Now()
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO facilities (id, name, created_at) VALUES (?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name`, f.ID, f.Name, fmtTime(f.CreatedAt))
	return err
}

// Facilities implements Storage.
func (s *SQLite) Facilities(ctx context.Context) ([]Facility, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, name, created_at, deadline FROM facilities ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Facility
	for rows.Next() {
		var f Facility
		var at string
		if err := rows.Scan(&f.ID, &f.Name, &at, &f.Deadline); err != nil {
			return nil, err
		}
		f.CreatedAt = parseTime(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// SetDeadline implements Storage.
func (s *SQLite) SetDeadline(ctx context.Context, facility, hhmm string) error {
	res, err := s.w.ExecContext(ctx, `UPDATE facilities SET deadline = ? WHERE id = ?`, hhmm, facility)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return ErrNotFound
	}
	return nil
}

// AddTerminal implements Storage.
func (s *SQLite) AddTerminal(ctx context.Context, key TerminalKey, tokenHash []byte, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := facilityExists(ctx, tx, key.Facility); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM terminals WHERE facility = ? AND name = ?`,
			key.Facility, key.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("terminal %s: %w", key, ErrExists)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO terminals (facility, name, token_hash, created_at) VALUES (?, ?, ?, ?)`,
			key.Facility, key.Name, tokenHash, fmtTime(at))
		return err
	})
}

// RevokeTerminal implements Storage.
func (s *SQLite) RevokeTerminal(ctx context.Context, key TerminalKey, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE terminals SET revoked_at = ? WHERE facility = ? AND name = ? AND revoked_at = ''`,
		fmtTime(at), key.Facility, key.Name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var c int
		if err := s.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM terminals WHERE facility = ? AND name = ?`,
			key.Facility, key.Name).Scan(&c); err != nil {
			return err
		}
		if c == 0 {
			return fmt.Errorf("terminal %s: %w", key, ErrNotFound)
		}
	}
	return nil
}

// RotateToken implements Storage.
func (s *SQLite) RotateToken(ctx context.Context, key TerminalKey, tokenHash []byte, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE terminals SET token_hash = ?, revoked_at = '' WHERE facility = ? AND name = ?`,
		tokenHash, key.Facility, key.Name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("terminal %s: %w", key, ErrNotFound)
	}
	return nil
}

// Ping implements Storage: a read through the reader pool and the writer,
// so a database that cannot be written (locked for good, gone) is not ready.
func (s *SQLite) Ping(ctx context.Context) error {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM counters`).Scan(&n); err != nil {
		return err
	}
	return s.w.PingContext(ctx)
}

const terminalCols = `facility, name, created_at, revoked_at, last_seen, last_push, clock_skew_ms, pending,
	head_seq, head_hash, max_seq, stored, break_seq, break_reason, fork_seq, fork_reason, version`

func scanTerminal(sc interface{ Scan(...any) error }) (Terminal, error) {
	var t Terminal
	var created, revoked, seen, push string
	var skew int64
	err := sc.Scan(&t.Facility, &t.Name, &created, &revoked, &seen, &push, &skew, &t.Pending,
		&t.Chain.HeadSeq, &t.Chain.HeadHash, &t.Chain.MaxSeq, &t.Chain.Stored, &t.Chain.BreakSeq, &t.Chain.BreakReason,
		&t.Chain.ForkSeq, &t.Chain.ForkReason, &t.Version)
	t.CreatedAt, t.RevokedAt, t.LastSeen, t.LastPush = parseTime(created), parseTime(revoked), parseTime(seen), parseTime(push)
	t.ClockSkew = time.Duration(skew) * time.Millisecond
	return t, err
}

// Terminals implements Storage.
func (s *SQLite) Terminals(ctx context.Context) ([]Terminal, error) {
	return s.terminals(ctx, `SELECT `+terminalCols+` FROM terminals ORDER BY facility, name`)
}

// FacilityTerminals implements Storage.
func (s *SQLite) FacilityTerminals(ctx context.Context, facility string) ([]Terminal, error) {
	return s.terminals(ctx, `SELECT `+terminalCols+` FROM terminals WHERE facility = ? ORDER BY name`, facility)
}

func (s *SQLite) terminals(ctx context.Context, q string, args ...any) ([]Terminal, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Terminal
	for rows.Next() {
		t, err := scanTerminal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TerminalByToken implements Storage.
func (s *SQLite) TerminalByToken(ctx context.Context, tokenHash []byte) (Terminal, error) {
	t, err := scanTerminal(s.byToken.QueryRowContext(ctx, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// Touch implements Storage. It is committed with the pushes (see Ingest):
// at a shift change every terminal's sync begins with a call that touches,
// and each touch committed on its own took the one writer for an fsync
// while the pushes queued behind it.
func (s *SQLite) Touch(ctx context.Context, key TerminalKey, seen Seen) error {
	args := touchArgs(key, seen)
	return s.enqueue(&ingestReq{ctx: ctx, key: key, done: make(chan error, 1), exec: func(tx *sql.Tx) error {
		_, err := tx.ExecContext(groupCtx, touchSQL, args...)
		return err
	}})
}

// touchSet is what a call records (see Seen), with the first nine of
// touchArgs; Touch and SetState both write it.
const touchSet = `UPDATE terminals SET last_seen = ?,
	clock_skew_ms = CASE WHEN ? THEN ? ELSE clock_skew_ms END,
	pending = CASE WHEN ? >= 0 THEN ? ELSE pending END,
	last_push = CASE WHEN ? THEN ? ELSE last_push END,
	version = CASE WHEN ? <> '' THEN ? ELSE version END`

const touchSQL = touchSet + `
	WHERE facility = ? AND name = ?`

func touchArgs(key TerminalKey, seen Seen) []any {
	at := fmtTime(seen.At)
	return []any{at, boolInt(seen.HasClock), seen.ClockSkew.Milliseconds(), seen.Pending, seen.Pending, boolInt(seen.Pushed), at,
		seen.Version, seen.Version, key.Facility, key.Name}
}

// Ingest implements Storage. The writer connection is the only one, and its
// transactions are immediate, so holding it is holding the terminal's row
// (and every other) locked.
//
// Pushes that arrive while another is being stored are committed together
// (group commit): the committer runs them in one transaction, in arrival
// order, and commits once — one fsync for all of them where each would have
// paid its own, which is what limits SQLite at a shift change. A push that
// fails is rolled back alone (see runGroup). Every caller
// returns only after the commit, so "stored" still means on disk.
func (s *SQLite) Ingest(ctx context.Context, key TerminalKey, fn func(IngestTx) error) error {
	return s.enqueue(&ingestReq{ctx: ctx, key: key, fn: fn, done: make(chan error, 1)})
}

// enqueue hands req to the committer and waits for its commit.
func (s *SQLite) enqueue(req *ingestReq) error {
	ctx := req.ctx
	select {
	case s.group <- req:
	case <-s.stop:
		return errors.New("hub: the store is closed")
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-req.done
}

// streamsPush implements pushStreamer: every push may take the streamed
// way (see ingestStream), checked in full before it queues for the writer.
func (s *SQLite) streamsPush(int) bool { return !s.generalOnly }

// streamPush implements pushStreamer on the one writer: the records are
// taken from next, inserted with the prepared multi-row INSERTs, and the
// chain state written, within the group's transaction. A push that stops
// before anything of it is written (a record that does not extend the
// chain) leaves the group alone, and its error is returned once the group
// is committed; one whose records clashed with held ones is rolled back
// (errStreamClash).
func (s *SQLite) streamPush(ctx context.Context, key TerminalKey, seen Seen,
	fill func(chain Chain, insert func(next func() (*record.Record, error)) error) (Chain, error)) error {
	var abandon error
	if err := s.Ingest(ctx, key, streamFn(ctx, seen, fill, &abandon)); err != nil {
		return err
	}
	return abandon
}

// streamFn is the function a streamed push runs in the group's
// transaction; a push abandoned before anything of it was written returns
// nil, leaving the group alone, and sets *abandon.
func streamFn(ctx context.Context, seen Seen, fill func(chain Chain, insert func(next func() (*record.Record, error)) error) (Chain, error),
	abandon *error) func(IngestTx) error {
	return func(tx IngestTx) error {
		*abandon = nil
		x := tx.(*sqliteIngest)
		wrote := false
		chain, err := fill(x.t.Chain, func(next func() (*record.Record, error)) error {
			// The writer's one buffer, not a new slice grown by doubling for
			// every push: a tenth of what the hub allocated for a push.
			rs := (*x.streamed)[:0]
			defer func() {
				clear(rs) // keeps no record's strings alive until the next push
				*x.streamed = rs[:0]
			}()
			for {
				r, err := next()
				if err != nil {
					return err
				}
				if r == nil {
					break
				}
				rs = append(rs, *r)
			}
			wrote = true
			got, err := x.Insert(ctx, rs, seen.At)
			if err == nil && len(got) != len(rs) {
				err = errStreamClash
			}
			return err
		})
		if err != nil && !wrote {
			*abandon = err
			return nil
		}
		if err != nil {
			return err
		}
		return x.SetState(ctx, chain, seen)
	}
}

// ingestReq is one push waiting for the committer.
type ingestReq struct {
	ctx context.Context
	key TerminalKey
	fn  func(IngestTx) error
	// exec, when set, is run in fn's place: a write that is not a push
	// (Touch) committed with the pushes.
	exec func(*sql.Tx) error
	done chan error
}

// maxGroup bounds the pushes committed together.
const maxGroup = 64

// committer takes the pushes waiting, runs them in one transaction and
// answers each, until the store is closed.
func (s *SQLite) committer() {
	for {
		var batch []*ingestReq
		select {
		case r := <-s.group:
			batch = append(batch, r)
		case <-s.stop:
			return
		}
	drain:
		for len(batch) < maxGroup {
			select {
			case r := <-s.group:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		s.runGroup(batch)
	}
}

// groupCtx is the context of a group's transaction. A caller's cancellation
// must not reach the database: an interrupted statement rolls back the whole
// transaction, the other pushes of the group with it. So the IngestTx
// methods detach their context, and a push whose caller went away before
// its turn is skipped instead.
var groupCtx = context.Background()

// runGroup stores a group of pushes in one transaction. A push that fails
// must leave nothing behind while the others are kept, which is what a
// savepoint per push gives — at a price: inside a savepoint SQLite copies
// every page a push first touches to a statement journal (a temporary file,
// a pwrite per page) so that it could roll back to it, and at a shift change
// that was about a third of the one writer's time, for a rollback that
// almost never happens. So the group first runs without savepoints; only if
// a push fails is the whole transaction rolled back and the group run again,
// each push in its savepoint (Storage.Ingest allows fn to run more than
// once). A group of one needs no savepoint at all: its transaction is its
// savepoint.
func (s *SQLite) runGroup(batch []*ingestReq) {
	errs, err := s.runTx(batch, false)
	if len(batch) > 1 && (err != nil || slices.ContainsFunc(errs, func(e error) bool { return e != nil })) {
		errs, err = s.runTx(batch, true)
	}
	for i, r := range batch {
		if err != nil && errs[i] == nil {
			errs[i] = err
		}
		r.done <- errs[i]
	}
}

// errPushFailed rolls back a group run without savepoints in which a push
// failed; runGroup runs the group again with them.
var errPushFailed = errors.New("hub: a push of the group failed")

// runTx runs the group's pushes in one transaction, each in a savepoint if
// savepoints is set; without, the first push that fails rolls the whole
// transaction back (errPushFailed, unless the group is that one push).
func (s *SQLite) runTx(batch []*ingestReq, savepoints bool) ([]error, error) {
	errs := make([]error, len(batch))
	err := s.inTx(groupCtx, func(tx *sql.Tx) error {
		for i, r := range batch {
			if err := r.ctx.Err(); err != nil {
				errs[i] = err
				continue
			}
			if !savepoints {
				if errs[i] = ingestOne(tx, s, r); errs[i] != nil {
					if len(batch) == 1 {
						return errs[i]
					}
					return errPushFailed
				}
				continue
			}
			if _, err := tx.ExecContext(groupCtx, `SAVEPOINT push`); err != nil {
				return err
			}
			errs[i] = ingestOne(tx, s, r)
			if errs[i] != nil {
				if _, err := tx.ExecContext(groupCtx, `ROLLBACK TO push`); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(groupCtx, `RELEASE push`); err != nil {
				return err
			}
		}
		return nil
	})
	if len(batch) == 1 && err != nil && errs[0] != nil {
		// the push's own error, not "the transaction rolled back"
		return errs, nil
	}
	return errs, err
}

func ingestOne(tx *sql.Tx, s *SQLite, r *ingestReq) (err error) {
	// A push runs on the committer's goroutine, out of reach of the HTTP
	// server's recovery: a panic fails this push alone.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("hub: storing a push failed: %v", p)
		}
	}()
	if r.exec != nil {
		return r.exec(tx)
	}
	t, err := scanTerminal(tx.StmtContext(groupCtx, s.terminal).QueryRowContext(groupCtx, r.key.Facility, r.key.Name))
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("terminal %s: %w", r.key, ErrNotFound)
	}
	if err != nil {
		return err
	}
	return r.fn(&sqliteIngest{tx: tx, t: t, inserts: s.inserts, chainState: s.chainState, streamed: &s.streamed})
}

type sqliteIngest struct {
	tx *sql.Tx
	t  Terminal
	// inserts are the writer's prepared INSERTs, one per insertSizes.
	inserts []*sql.Stmt
	// chainState is the writer's prepared SetState.
	chainState *sql.Stmt
	// streamed is the writer's buffer for a streamed push's records.
	streamed *[]record.Record
}

func (x *sqliteIngest) Terminal() Terminal { return x.t }

func scanHeld(rows *sql.Rows) ([]Held, error) {
	defer rows.Close()
	var out []Held
	for rows.Next() {
		var h Held
		if err := rows.Scan(&h.ID, &h.Facility, &h.Terminal, &h.Seq, &h.Hash); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func (x *sqliteIngest) HeldBySeq(ctx context.Context, from, to int64) ([]Held, error) {
	ctx = context.WithoutCancel(ctx) // see groupCtx
	rows, err := x.tx.QueryContext(ctx, `SELECT id, facility, terminal, seq, hash FROM records
		WHERE facility = ? AND terminal = ? AND seq BETWEEN ? AND ? ORDER BY seq`, x.t.Facility, x.t.Name, from, to)
	if err != nil {
		return nil, err
	}
	return scanHeld(rows)
}

func (x *sqliteIngest) HeldByID(ctx context.Context, ids []string) ([]Held, error) {
	ctx = context.WithoutCancel(ctx) // see groupCtx
	return heldByID(ctx, x.tx, ids)
}

// HeldByID implements HeldReader.
func (s *SQLite) HeldByID(ctx context.Context, ids []string) ([]Held, error) {
	return heldByID(ctx, s.r, ids)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func heldByID(ctx context.Context, q querier, ids []string) ([]Held, error) {
	var out []Held
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		rows, err := q.QueryContext(ctx, `SELECT id, facility, terminal, seq, hash FROM records
			WHERE id IN (?`+strings.Repeat(",?", n-1)+`)`, args...)
		if err != nil {
			return nil, err
		}
		hs, err := scanHeld(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, hs...)
		ids = ids[n:]
	}
	return out, nil
}

// insertChunk keeps a multi-row INSERT well under SQLite's limit of 32766
// bound parameters (13 per row).
const insertChunk = 1000

// insertSizes are the row counts of the prepared multi-row INSERTs a push's
// records go in by (largest first: 1,000 records are two statements, 999 a
// few more). Parsing a fresh 500-row statement for every push was a fifth
// of the committer's time, and the committer is the one goroutine every
// push of a shift change waits for.
var insertSizes = [...]int{500, 100, 20, 5, 1}

const insertHead = `INSERT INTO records (id, facility, terminal, seq, kind, gate, guard, at, day, body, prev, hash, received_at) VALUES `

func insertSQL(n int) string {
	var q strings.Builder
	q.WriteString(insertHead)
	for i := 0; i < n; i++ {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?)")
	}
	return q.String()
}

// prepareInserts prepares the INSERTs of insertSizes on the writer, whose
// one connection every push's transaction runs on (Tx.StmtContext reuses a
// statement prepared on the transaction's connection).
func prepareInserts(w *sql.DB) ([]*sql.Stmt, error) {
	out := make([]*sql.Stmt, len(insertSizes))
	for i, n := range insertSizes {
		st, err := w.Prepare(insertSQL(n))
		if err != nil {
			for _, p := range out[:i] {
				p.Close()
			}
			return nil, fmt.Errorf("hub: prepare insert: %w", err)
		}
		out[i] = st
	}
	return out, nil
}

func insertArgs(args []any, rs []record.Record, recv string) []any {
	for _, r := range rs {
		at := r.AtString()
		args = append(args, r.ID, r.Facility, r.Terminal, r.Seq, string(r.Kind), r.Gate, r.Guard, at, at[:10],
			string(r.Body), r.Prev, r.Hash, recv)
	}
	return args
}

// isConstraint reports whether err is SQLite's refusal of a row that
// breaks a UNIQUE or PRIMARY KEY constraint; SQLite has then undone that
// statement alone, and the transaction goes on.
func isConstraint(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
}

// Insert implements IngestTx. Under the terminal's lock the ingest
// algorithm has already set aside every seq the terminal holds, so a clash
// can only be an id held by another record (a broken or hostile client);
// the records go in by the prepared plain INSERTs, and only a statement
// that clashes is run again with ON CONFLICT DO NOTHING RETURNING id, which
// says which of its rows were new.
func (x *sqliteIngest) Insert(ctx context.Context, rs []record.Record, receivedAt time.Time) (map[string]bool, error) {
	ctx = context.WithoutCancel(ctx) // see groupCtx
	got := make(map[string]bool, len(rs))
	recv := fmtTime(receivedAt)
	args := make([]any, 0, 13*min(len(rs), insertSizes[0]))
	for k, n := range insertSizes {
		for len(rs) >= n {
			part := rs[:n]
			rs = rs[n:]
			args = insertArgs(args[:0], part, recv)
			_, err := x.tx.StmtContext(ctx, x.inserts[k]).ExecContext(ctx, args...)
			switch {
			case err == nil:
				for _, r := range part {
					got[r.ID] = true
				}
			case isConstraint(err):
				if err := x.insertSafe(ctx, part, recv, got); err != nil {
					return nil, err
				}
			default:
				return nil, err
			}
		}
	}
	return got, nil
}

// insertSafe inserts rs skipping any whose id or seq is held, and notes in
// got the ids it did insert.
func (x *sqliteIngest) insertSafe(ctx context.Context, rs []record.Record, recv string, got map[string]bool) error {
	for len(rs) > 0 {
		n := min(len(rs), insertChunk)
		rows, err := x.tx.QueryContext(ctx, insertSQL(n)+` ON CONFLICT DO NOTHING RETURNING id`,
			insertArgs(make([]any, 0, 13*n), rs[:n], recv)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			got[id] = true
		}
		if err := rows.Close(); err != nil {
			return err
		}
		rs = rs[n:]
	}
	return nil
}

func (x *sqliteIngest) RecordsFrom(ctx context.Context, from int64, limit int) ([]record.Record, error) {
	ctx = context.WithoutCancel(ctx) // see groupCtx
	rows, err := x.tx.QueryContext(ctx, `SELECT `+recordCols+` FROM records
		WHERE facility = ? AND terminal = ? AND seq >= ? ORDER BY seq LIMIT ?`, x.t.Facility, x.t.Name, from, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.Record
	for rows.Next() {
		r, err := scanStored(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r.Record)
	}
	return out, rows.Err()
}

func (x *sqliteIngest) AddConflicts(ctx context.Context, cs []Conflict) error {
	ctx = context.WithoutCancel(ctx) // see groupCtx
	for _, c := range cs {
		raw, err := json.Marshal(c.Record)
		if err != nil {
			return err
		}
		if _, err := x.tx.ExecContext(ctx, `INSERT INTO conflicts (id, hash, facility, terminal, seq, code, existing_id,
			existing_hash, record, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id, hash) DO NOTHING`,
			c.Record.ID, c.Record.Hash, c.Record.Facility, c.Record.Terminal, c.Record.Seq, c.Code, c.ExistingID,
			c.ExistingHash, string(raw), fmtTime(c.ReceivedAt)); err != nil {
			return err
		}
	}
	return nil
}

func (x *sqliteIngest) SetState(ctx context.Context, c Chain, seen Seen) error {
	ctx = context.WithoutCancel(ctx) // see groupCtx
	// One statement for the chain and the call, in the one writer.
	args := touchArgs(x.t.TerminalKey, seen)
	args = append(args[:len(args)-2], c.HeadSeq, c.HeadHash, c.MaxSeq, c.Stored, c.BreakSeq, c.BreakReason, c.ForkSeq,
		c.ForkReason, x.t.Facility, x.t.Name)
	_, err := x.tx.StmtContext(ctx, x.chainState).ExecContext(ctx, args...)
	return err
}

// setStateSQL is SetState's UPDATE.
const setStateSQL = touchSet + `, head_seq = ?, head_hash = ?, max_seq = ?, stored = ?,
	break_seq = ?, break_reason = ?, fork_seq = ?, fork_reason = ? WHERE facility = ? AND name = ?`

func (x *sqliteIngest) Waiting(ctx context.Context, from, to int64) ([]record.Record, error) {
	ctx = context.WithoutCancel(ctx) // see groupCtx
	rows, err := x.tx.QueryContext(ctx, `SELECT record FROM waiting WHERE facility = ? AND terminal = ? AND seq BETWEEN ? AND ?
		ORDER BY seq, received_at, id`, x.t.Facility, x.t.Name, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record.Record
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		var r record.Record
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			return nil, fmt.Errorf("hub: waiting record: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (x *sqliteIngest) AddWaiting(ctx context.Context, rs []record.Record, receivedAt time.Time) error {
	ctx = context.WithoutCancel(ctx) // see groupCtx
	for _, r := range rs {
		raw, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if _, err := x.tx.ExecContext(ctx, `INSERT INTO waiting (id, facility, terminal, seq, hash, record, received_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, r.ID, r.Facility, r.Terminal, r.Seq, r.Hash,
			string(raw), fmtTime(receivedAt)); err != nil {
			return err
		}
	}
	return nil
}

func (x *sqliteIngest) Unwait(ctx context.Context, ids []string) error {
	ctx = context.WithoutCancel(ctx) // see groupCtx
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		if _, err := x.tx.ExecContext(ctx, `DELETE FROM waiting WHERE id IN (?`+strings.Repeat(",?", n-1)+`)`, args...); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

const recordCols = `id, facility, terminal, seq, kind, gate, guard, at, body, prev, hash, received_at`

func scanStored(sc interface{ Scan(...any) error }) (StoredRecord, error) {
	var r StoredRecord
	var kind, at, body, recv string
	if err := sc.Scan(&r.ID, &r.Facility, &r.Terminal, &r.Seq, &kind, &r.Gate, &r.Guard, &at, &body, &r.Prev, &r.Hash, &recv); err != nil {
		return r, err
	}
	r.Kind = record.Kind(kind)
	r.Body = json.RawMessage(body)
	t, err := record.ParseAt(at)
	if err != nil {
		return r, fmt.Errorf("hub: record %s: %w", r.ID, err)
	}
	r.At = t
	r.ReceivedAt = parseTime(recv)
	return r, nil
}

// EachRecord implements Storage, reading in pages so that no read
// transaction stays open for the whole walk.
func (s *SQLite) EachRecord(ctx context.Context, key TerminalKey, afterSeq int64, fn func(StoredRecord) error) error {
	const page = 2000
	for {
		rows, err := s.r.QueryContext(ctx, `SELECT `+recordCols+` FROM records
			WHERE facility = ? AND terminal = ? AND seq > ? ORDER BY seq LIMIT ?`, key.Facility, key.Name, afterSeq, page)
		if err != nil {
			return err
		}
		var batch []StoredRecord
		for rows.Next() {
			r, err := scanStored(rows)
			if err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, r)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, r := range batch {
			if err := fn(r); err != nil {
				return err
			}
			afterSeq = r.Seq
		}
		if len(batch) < page {
			return nil
		}
	}
}

// DayRecords implements Storage.
func (s *SQLite) DayRecords(ctx context.Context, facility, day string, kinds []record.Kind, fn func(StoredRecord) error) error {
	return s.daysRecords(ctx, facility, []string{day}, kinds, fn)
}

// Conflicts implements Storage.
func (s *SQLite) Conflicts(ctx context.Context, limit int) ([]Conflict, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT record, code, existing_id, existing_hash, received_at FROM conflicts
		ORDER BY n DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var c Conflict
		var raw, recv string
		if err := rows.Scan(&raw, &c.Code, &c.ExistingID, &c.ExistingHash, &recv); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(raw), &c.Record); err != nil {
			return nil, fmt.Errorf("hub: conflict: %w", err)
		}
		c.ReceivedAt = parseTime(recv)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Stats implements Storage.
func (s *SQLite) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	err := s.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM facilities), (SELECT COUNT(*) FROM terminals),
		(SELECT COALESCE(SUM(stored), 0) FROM terminals), (SELECT COUNT(*) FROM conflicts)`).
		Scan(&st.Facilities, &st.Terminals, &st.Records, &st.Conflicts)
	return st, err
}

// nextChanges reserves n values of the change counter inside tx and returns
// the first. The values never fall below changeFloor, so that a hub
// restored from a backup does not hand out again the values it gave after
// the backup: a terminal that pulled those is past them and would never
// ask for what now takes them.
func nextChanges(ctx context.Context, tx *sql.Tx, n int) (int64, error) {
	var last int64
	err := tx.QueryRowContext(ctx, `UPDATE counters SET value = max(value + ?, ?) WHERE name = 'change' RETURNING value`,
		n, changeFloor(time.Now())).Scan(&last)
	return last - int64(n) + 1, err
}

func facilityExists(ctx context.Context, tx *sql.Tx, facility string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM facilities WHERE id = ?`, facility).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("facility %q: %w", facility, ErrNotFound)
	}
	return nil
}

// PutPeople implements Storage.
func (s *SQLite) PutPeople(ctx context.Context, facility string, people []gate.Person) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := facilityExists(ctx, tx, facility); err != nil {
			return err
		}
		c, err := nextChanges(ctx, tx, len(people))
		if err != nil {
			return err
		}
		now := fmtTime(time.Now())
		for i, p := range people {
			if _, err := tx.ExecContext(ctx, `INSERT INTO people (facility, badge, name, id_number, kind, unit, assignment,
				active, change, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (facility, badge) DO UPDATE SET name = excluded.name, id_number = excluded.id_number,
					kind = excluded.kind, unit = excluded.unit, assignment = excluded.assignment, active = excluded.active,
					change = excluded.change, updated_at = excluded.updated_at`,
				facility, p.Badge, p.Name, p.IDNumber, string(p.Kind), p.Unit, string(p.Assignment), boolInt(p.Active),
				c+int64(i), now); err != nil {
				return fmt.Errorf("person %s: %w", p.Badge, err)
			}
		}
		return nil
	})
}

// PutPasses implements Storage.
func (s *SQLite) PutPasses(ctx context.Context, facility string, passes []gate.Pass) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := facilityExists(ctx, tx, facility); err != nil {
			return err
		}
		c, err := nextChanges(ctx, tx, len(passes))
		if err != nil {
			return err
		}
		now := fmtTime(time.Now())
		for i, p := range passes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO passes (facility, id, holder, badge, id_number, plate, valid_from,
				valid_to, note, change, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (facility, id) DO UPDATE SET holder = excluded.holder, badge = excluded.badge,
					id_number = excluded.id_number, plate = excluded.plate, valid_from = excluded.valid_from,
					valid_to = excluded.valid_to, note = excluded.note, change = excluded.change, updated_at = excluded.updated_at`,
				facility, p.ID, p.Holder, p.Badge, p.IDNumber, p.Plate, p.ValidFrom.Format(time.RFC3339),
				p.ValidTo.Format(time.RFC3339), p.Note, c+int64(i), now); err != nil {
				return fmt.Errorf("pass %s: %w", p.ID, err)
			}
		}
		return nil
	})
}

// AddNotice implements Storage.
func (s *SQLite) AddNotice(ctx context.Context, n Notice) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if n.Facility != "" {
			if err := facilityExists(ctx, tx, n.Facility); err != nil {
				return err
			}
		}
		c, err := nextChanges(ctx, tx, 1)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO notices (id, facility, title, body, day, published_at, change)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, n.ID, n.Facility, n.Title, n.Body, n.Day, fmtTime(n.PublishedAt), c)
		return err
	})
}

// Changes implements Storage. The three lists are read in one read
// transaction so the page is a consistent snapshot.
func (s *SQLite) Changes(ctx context.Context, facility string, after int64, limit int) (Changes, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Changes{}, err
	}
	defer tx.Rollback()

	var items []changeItem
	rows, err := tx.QueryContext(ctx, `SELECT badge, name, id_number, kind, unit, assignment, active, change FROM people
		WHERE facility = ? AND change > ? ORDER BY change LIMIT ?`, facility, after, limit+1)
	if err != nil {
		return Changes{}, err
	}
	for rows.Next() {
		var p gate.Person
		var kind, assign string
		var c int64
		if err := rows.Scan(&p.Badge, &p.Name, &p.IDNumber, &kind, &p.Unit, &assign, &p.Active, &c); err != nil {
			rows.Close()
			return Changes{}, err
		}
		p.Kind, p.Assignment = gate.PersonKind(kind), gate.Assignment(assign)
		items = append(items, changeItem{c, func(ch *Changes) { ch.People = append(ch.People, p) }})
	}
	if err := rows.Close(); err != nil {
		return Changes{}, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT id, holder, badge, id_number, plate, valid_from, valid_to, note, change FROM passes
		WHERE facility = ? AND change > ? ORDER BY change LIMIT ?`, facility, after, limit+1)
	if err != nil {
		return Changes{}, err
	}
	for rows.Next() {
		var p gate.Pass
		var from, to string
		var c int64
		if err := rows.Scan(&p.ID, &p.Holder, &p.Badge, &p.IDNumber, &p.Plate, &from, &to, &p.Note, &c); err != nil {
			rows.Close()
			return Changes{}, err
		}
		p.ValidFrom, _ = time.Parse(time.RFC3339, from)
		p.ValidTo, _ = time.Parse(time.RFC3339, to)
		items = append(items, changeItem{c, func(ch *Changes) { ch.Passes = append(ch.Passes, p) }})
	}
	if err := rows.Close(); err != nil {
		return Changes{}, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT id, facility, title, body, day, published_at, change FROM notices
		WHERE facility IN (?, '') AND change > ? ORDER BY change LIMIT ?`, facility, after, limit+1)
	if err != nil {
		return Changes{}, err
	}
	for rows.Next() {
		var n Notice
		var at string
		var c int64
		if err := rows.Scan(&n.ID, &n.Facility, &n.Title, &n.Body, &n.Day, &at, &c); err != nil {
			rows.Close()
			return Changes{}, err
		}
		n.PublishedAt = parseTime(at)
		items = append(items, changeItem{c, func(ch *Changes) { ch.Notices = append(ch.Notices, n) }})
	}
	if err := rows.Close(); err != nil {
		return Changes{}, err
	}
	plans, err := sqliteRotationChanges(ctx, tx, facility, after, limit)
	if err != nil {
		return Changes{}, err
	}
	return changesPage(after, limit, append(items, plans...)), nil
}

// RosterSize implements Storage.
func (s *SQLite) RosterSize(ctx context.Context, facility string) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM people WHERE facility = ? AND active = 1`, facility).Scan(&n)
	return n, err
}
