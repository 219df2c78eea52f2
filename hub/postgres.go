package hub

import (
	"context"
	"embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"gatepost/gate"
	"gatepost/record"
)

//go:embed migrations/postgres/*.sql
var postgresMigrations embed.FS

// Postgres is the hub store for a city or province: a pgx pool on one
// PostgreSQL database, which several hub processes may share behind a load
// balancer. Nothing that matters is kept in the process:
//
//   - a push holds its terminal's row locked (SELECT … FOR UPDATE) for its
//     whole transaction, so two pushes of one terminal — a retry racing its
//     original, or the same terminal reaching two processes — run one after
//     the other and the second sees what the first stored;
//   - the change counter is a database sequence whose writers are serialised
//     by a transaction-level advisory lock, so change values become visible in
//     order and a terminal's pull cursor never skips an uncommitted change;
//   - the schema is migrated under an advisory lock, so processes started
//     together migrate once.
//
// A large push that simply extends its terminal's chain — the common push —
// is streamed: one query string and one binary COPY fed as the records are
// checked, a single round trip (see streamPushOneTrip and ingestStream). Any other
// push, or one that stops streaming, goes through the shared ingest
// algorithm, whose records go in with one statement whatever their number:
// a binary COPY for large pushes, an INSERT from unnest of arrays for small
// ones; plain first, and, if a record clashes with a held one, again with
// ON CONFLICT DO NOTHING RETURNING id, which tells the algorithm exactly
// what was new (see pgIngest.Insert). The answers are SQLite's.
//
// The pool needs session state (the staging table, prepared statements):
// connect directly, or through a pooler in session mode, not in transaction
// mode.
type Postgres struct {
	pool *pgxpool.Pool
	// insert chooses the insert path; tests and benchmarks force one.
	insert insertPath
	// safeInsert skips the optimistic insert (see pgIngest.Insert), so that
	// tests hold the ON CONFLICT path to the suite on its own.
	safeInsert bool
}

// insertPath is how Insert sends a push's records to the server.
type insertPath int

const (
	// insertAuto: unnest below copyFrom records, COPY from there on.
	insertAuto insertPath = iota
	// insertCopy: a binary COPY straight into records; after a clash, COPY
	// into the staging table and INSERT … SELECT … ON CONFLICT from it. The
	// cheapest per row (a multi-row insert), at two round trips.
	insertCopy
	// insertUnnest: one INSERT … SELECT FROM unnest($arrays), with ON
	// CONFLICT after a clash: one statement, no staging table.
	insertUnnest
)

// copies says whether a push of n records goes in by COPY on this path.
func (p insertPath) copies(n int) bool {
	return p == insertCopy || (p == insertAuto && n >= copyFrom)
}

// copyFrom is the push size from which COPY is used. Measured with
// BenchmarkPostgresInsertPaths on a shared two-core machine, the two paths
// are within its noise of each other from 50 to 1,000 records and COPY is
// far ahead at 5,000 (its multi-row insert); below this size unnest keeps a
// push to one statement (COPY takes two round trips).
const copyFrom = 500

var (
	_ Storage    = (*Postgres)(nil)
	_ HeldReader = (*Postgres)(nil)
)

// defaultPoolConns is the pool size when the DSN gives no pool_max_conns:
// enough for the server's concurrent pushes (Options.MaxConcurrentPushes,
// 8) plus pulls and the dashboard, and small enough that a few processes fit
// in PostgreSQL's default max_connections of 100.
const defaultPoolConns = 16

// stagingTable is created on every pooled connection, for the ON CONFLICT
// COPY path: ON COMMIT DELETE ROWS empties it at the end of each transaction
// that used it, so a push finds it empty and leaves nothing behind even when
// it fails half-way.
const stagingTable = `CREATE TEMPORARY TABLE IF NOT EXISTS records_stage (
	id text, facility text, terminal text, seq bigint, kind text, gate smallint, guard bytea,
	at text, day text, body text, prev bytea, hash text) ON COMMIT DELETE ROWS`

var stageCols = []string{"id", "facility", "terminal", "seq", "kind", "gate", "guard", "at", "day", "body", "prev", "hash"}

// OpenPostgres connects to the database named by dsn (a postgres:// URL or
// key=value string, as libpq takes; pool_max_conns and the other pgxpool
// settings are understood) and brings its schema up to date. The tables are
// made in the first schema of the search_path, which a DSN may set
// (…?search_path=hub) to keep several hubs in one database.
func OpenPostgres(ctx context.Context, dsn string) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the DSN, password and all: say only what is wrong.
		return nil, errors.New("hub: the PostgreSQL DSN is not valid (want postgres://user:password@host:port/database?…)")
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = defaultPoolConns
	}
	cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		_, err := c.Exec(ctx, stagingTable)
		return err
	}
	// Migrate on a connection of its own before the pool opens any, so that
	// every pooled connection is made against the current schema.
	conn, err := pgx.ConnectConfig(ctx, cfg.ConnConfig.Copy())
	if err != nil {
		return nil, fmt.Errorf("hub: connect to PostgreSQL: %w", err)
	}
	err = migratePostgres(ctx, conn)
	conn.Close(context.Background())
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("hub: connect to PostgreSQL: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("hub: connect to PostgreSQL: %w", err)
	}
	return &Postgres{pool: pool}, nil
}

// migratePostgres applies the migrations the database lacks, all in one
// transaction (PostgreSQL's DDL is transactional: a failed upgrade leaves the
// old schema whole). The advisory lock, keyed by the schema, makes processes
// that start together take turns; the second finds nothing to do.
func migratePostgres(ctx context.Context, conn *pgx.Conn) error {
	names, err := fs.Glob(postgresMigrations, "migrations/postgres/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("hub: migrate: %w", err)
	}
	defer tx.Rollback(context.Background())
	var schema *string
	if err := tx.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return fmt.Errorf("hub: migrate: %w", err)
	}
	if schema == nil {
		return errors.New("hub: the search_path names no schema that exists: create it, or fix search_path in the DSN")
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':gatepost.migrate', 0))`); err != nil {
		return fmt.Errorf("hub: migrate: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS gatepost_schema (version integer NOT NULL)`); err != nil {
		return fmt.Errorf("hub: migrate: %w", err)
	}
	have := 0
	switch err := tx.QueryRow(ctx, `SELECT version FROM gatepost_schema`).Scan(&have); {
	case errors.Is(err, pgx.ErrNoRows):
		if _, err := tx.Exec(ctx, `INSERT INTO gatepost_schema (version) VALUES (0)`); err != nil {
			return fmt.Errorf("hub: migrate: %w", err)
		}
	case err != nil:
		return fmt.Errorf("hub: migrate: %w", err)
	}
	if have > len(names) {
		return fmt.Errorf("hub: database schema version %d is newer than this program (%d): upgrade gatepost", have, len(names))
	}
	if have == len(names) {
		return nil
	}
	for i := have; i < len(names); i++ {
		body, err := postgresMigrations.ReadFile(names[i])
		if err != nil {
			return err
		}
		// Exec without arguments uses the simple protocol: a file of several
		// statements runs as one.
		if _, err := tx.Exec(ctx, string(body)); err != nil {
			return fmt.Errorf("hub: migration %s: %w", names[i], err)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE gatepost_schema SET version = $1`, len(names)); err != nil {
		return fmt.Errorf("hub: migrate: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("hub: migrate: %w", err)
	}
	return nil
}

// Close closes the pool.
func (s *Postgres) Close() error {
	s.pool.Close()
	return nil
}

// Pool is the connection pool, for tools and tests that need plain SQL.
func (s *Postgres) Pool() *pgxpool.Pool { return s.pool }

// pgTime is a time as a parameter: NULL for the zero time, as SQLite keeps ”.
func pgTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// fromPG reads a nullable timestamptz back in UTC, as SQLite's times read.
func fromPG(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// Error codes of PostgreSQL that the store maps or retries.
const (
	pgUniqueViolation      = "23505"
	pgForeignKeyViolation  = "23503"
	pgSerializationFailure = "40001"
	pgDeadlockDetected     = "40P01"
	pgNulInText            = "22021" // character_not_in_repertoire: U+0000 in text
)

// plainNul says in plain words why reference data with U+0000 (from a CSV
// file or the command line: records cannot get here, see migration 001) was
// refused; other errors pass as they are.
func plainNul(err error) error {
	if pgCode(err) == pgNulInText {
		return errors.New("a text holds U+0000 (a NUL character), which PostgreSQL cannot store: fix the input")
	}
	return err
}

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

func (s *Postgres) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{}, fn)
}

// PutFacility implements Storage.
func (s *Postgres) PutFacility(ctx context.Context, f Facility) error {
	if f.CreatedAt.IsZero() {
		f.CreatedAt = time.Now()
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO facilities (id, name, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name`, f.ID, f.Name, f.CreatedAt)
	return plainNul(err)
}

// Facilities implements Storage.
func (s *Postgres) Facilities(ctx context.Context) ([]Facility, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name, created_at, deadline FROM facilities ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Facility, error) {
		var f Facility
		err := row.Scan(&f.ID, &f.Name, &f.CreatedAt, &f.Deadline)
		f.CreatedAt = f.CreatedAt.UTC()
		return f, err
	})
}

// SetDeadline implements Storage.
func (s *Postgres) SetDeadline(ctx context.Context, facility, hhmm string) error {
	tag, err := s.pool.Exec(ctx, `UPDATE facilities SET deadline = $1 WHERE id = $2`, hhmm, facility)
	if err != nil {
		return plainNul(err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

// AddTerminal implements Storage. Two processes adding the same terminal at
// once both pass the checks; the primary key turns the loser's insert into
// ErrExists.
func (s *Postgres) AddTerminal(ctx context.Context, key TerminalKey, tokenHash []byte, at time.Time) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := pgFacilityExists(ctx, tx, key.Facility); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM terminals WHERE facility = $1 AND name = $2`,
			key.Facility, key.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("terminal %s: %w", key, ErrExists)
		}
		_, err := tx.Exec(ctx, `INSERT INTO terminals (facility, name, token_hash, created_at) VALUES ($1, $2, $3, $4)`,
			key.Facility, key.Name, tokenHash, at)
		return err
	})
	switch pgCode(err) {
	case pgUniqueViolation:
		return fmt.Errorf("terminal %s: %w", key, ErrExists)
	case pgForeignKeyViolation:
		return fmt.Errorf("facility %q: %w", key.Facility, ErrNotFound)
	}
	return err
}

// RevokeTerminal implements Storage.
func (s *Postgres) RevokeTerminal(ctx context.Context, key TerminalKey, at time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE terminals SET revoked_at = $1 WHERE facility = $2 AND name = $3 AND revoked_at IS NULL`,
		at, key.Facility, key.Name)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		var n int
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM terminals WHERE facility = $1 AND name = $2`,
			key.Facility, key.Name).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("terminal %s: %w", key, ErrNotFound)
		}
	}
	return nil
}

// RotateToken implements Storage.
func (s *Postgres) RotateToken(ctx context.Context, key TerminalKey, tokenHash []byte, at time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE terminals SET token_hash = $1, revoked_at = NULL WHERE facility = $2 AND name = $3`,
		tokenHash, key.Facility, key.Name)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("terminal %s: %w", key, ErrNotFound)
	}
	return nil
}

// Ping implements Storage: the server answers a query on the hub's tables.
func (s *Postgres) Ping(ctx context.Context) error {
	var n int64
	return s.pool.QueryRow(ctx, `SELECT count(*) FROM gatepost_schema`).Scan(&n)
}

func scanPGTerminal(row pgx.Row) (Terminal, error) {
	var t Terminal
	var revoked, seen, push *time.Time
	var skew int64
	err := row.Scan(&t.Facility, &t.Name, &t.CreatedAt, &revoked, &seen, &push, &skew, &t.Pending,
		&t.Chain.HeadSeq, &t.Chain.HeadHash, &t.Chain.MaxSeq, &t.Chain.Stored, &t.Chain.BreakSeq, &t.Chain.BreakReason,
		&t.Chain.ForkSeq, &t.Chain.ForkReason, &t.Version)
	t.CreatedAt = t.CreatedAt.UTC()
	t.RevokedAt, t.LastSeen, t.LastPush = fromPG(revoked), fromPG(seen), fromPG(push)
	t.ClockSkew = time.Duration(skew) * time.Millisecond
	return t, err
}

// Terminals implements Storage.
func (s *Postgres) Terminals(ctx context.Context) ([]Terminal, error) {
	return s.terminals(ctx, `SELECT `+terminalCols+` FROM terminals ORDER BY facility, name`)
}

// FacilityTerminals implements Storage.
func (s *Postgres) FacilityTerminals(ctx context.Context, facility string) ([]Terminal, error) {
	return s.terminals(ctx, `SELECT `+terminalCols+` FROM terminals WHERE facility = $1 ORDER BY name`, facility)
}

func (s *Postgres) terminals(ctx context.Context, q string, args ...any) ([]Terminal, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Terminal, error) { return scanPGTerminal(row) })
}

// TerminalByToken implements Storage.
func (s *Postgres) TerminalByToken(ctx context.Context, tokenHash []byte) (Terminal, error) {
	t, err := scanPGTerminal(s.pool.QueryRow(ctx, `SELECT `+terminalCols+` FROM terminals WHERE token_hash = $1`, tokenHash))
	if errors.Is(err, pgx.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// pgTouchSet is what a call records (see Seen), with pgTouchArgs; Touch and
// SetState both write it.
const pgTouchSet = `UPDATE terminals SET last_seen = $1,
	clock_skew_ms = CASE WHEN $2::boolean THEN $3::bigint ELSE clock_skew_ms END,
	pending = CASE WHEN $4::bigint >= 0 THEN $4::bigint ELSE pending END,
	last_push = CASE WHEN $5::boolean THEN $1 ELSE last_push END,
	version = CASE WHEN $8::text <> '' THEN $8::text ELSE version END`

const pgTouchSQL = pgTouchSet + `
	WHERE facility = $6 AND name = $7`

func pgTouchArgs(key TerminalKey, seen Seen) []any {
	return []any{pgTime(seen.At), seen.HasClock, seen.ClockSkew.Milliseconds(), seen.Pending, seen.Pushed, key.Facility, key.Name, seen.Version}
}

// Touch implements Storage.
func (s *Postgres) Touch(ctx context.Context, key TerminalKey, seen Seen) error {
	_, err := s.pool.Exec(ctx, pgTouchSQL, pgTouchArgs(key, seen)...)
	return err
}

// maxIngestTries bounds how often Ingest reruns a push that PostgreSQL
// aborted to break a deadlock (two terminals pushing records with the same
// ids, each waiting on the other's unique-index entry). The ingest algorithm
// is rerunnable: it recomputes every answer from what the transaction reads.
const maxIngestTries = 3

// Ingest implements Storage. The terminal's row is locked FOR UPDATE first:
// a second push of the terminal, from this process or another, waits at that
// SELECT until the first commits, then reads the chain state it left.
//
// fn may run more than once: after a deadlock PostgreSQL broke, and after
// an optimistic insert met a clash (see pgIngest.Insert). Each run is a new
// transaction that reads afresh; the shared ingest algorithm computes every
// answer from what it reads, so a rerun answers as a first run would.
func (s *Postgres) Ingest(ctx context.Context, key TerminalKey, fn func(IngestTx) error) error {
	optimistic := !s.safeInsert
	for try := 1; ; try++ {
		err := s.ingestOnce(ctx, key, fn, optimistic)
		if errors.Is(err, errClash) && optimistic {
			optimistic = false
			try--
			continue
		}
		if c := pgCode(err); (c == pgDeadlockDetected || c == pgSerializationFailure) && try < maxIngestTries && ctx.Err() == nil {
			continue
		}
		return err
	}
}

// ingestOnce is one run of fn in a transaction of its own, two round trips
// shorter than pgx's: BEGIN goes with the terminal's lock, and the chain
// state fn leaves (pgIngest.SetState) with COMMIT.
func (s *Postgres) ingestOnce(ctx context.Context, key TerminalKey, fn func(IngestTx) error, optimistic bool) (err error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// A connection left inside a transaction is closed by Release, not
	// pooled.
	defer conn.Release()
	open := false
	defer func() {
		if err != nil && open {
			conn.Exec(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	var t Terminal
	var b pgx.Batch
	b.Queue("BEGIN").Exec(func(pgconn.CommandTag) error { open = true; return nil })
	b.Queue(`SELECT `+terminalCols+` FROM terminals WHERE facility = $1 AND name = $2 FOR UPDATE`, key.Facility, key.Name).
		QueryRow(func(row pgx.Row) error {
			var err error
			t, err = scanPGTerminal(row)
			return err
		})
	if err := conn.SendBatch(ctx, &b).Close(); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("terminal %s: %w", key, ErrNotFound)
		}
		return err
	}
	x := &pgIngest{tx: conn, t: t, path: s.insert, optimistic: optimistic}
	if err := fn(x); err != nil {
		return err
	}
	b = pgx.Batch{}
	if x.state != nil {
		b.Queue(pgSetStateSQL, x.state...)
	}
	b.Queue("COMMIT").Exec(func(pgconn.CommandTag) error { open = false; return nil })
	return conn.SendBatch(ctx, &b).Close()
}

func (s *Postgres) checksInTx() {}

type pgIngest struct {
	tx         pgTx
	t          Terminal
	path       insertPath
	optimistic bool
	// state is what SetState writes, with the commit (see ingestOnce).
	state []any
}

// pgTx is what pgIngest runs its statements on: a connection inside the
// transaction ingestOnce began.
type pgTx interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error)
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

func (x *pgIngest) Terminal() Terminal { return x.t }

func collectHeld(rows pgx.Rows) ([]Held, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Held, error) {
		var h Held
		err := row.Scan(&h.ID, &h.Facility, &h.Terminal, &h.Seq, &h.Hash)
		return h, err
	})
}

func (x *pgIngest) HeldBySeq(ctx context.Context, from, to int64) ([]Held, error) {
	rows, err := x.tx.Query(ctx, `SELECT id, facility, terminal, seq, hash FROM records
		WHERE facility = $1 AND terminal = $2 AND seq BETWEEN $3 AND $4 ORDER BY seq`, x.t.Facility, x.t.Name, from, to)
	if err != nil {
		return nil, err
	}
	return collectHeld(rows)
}

func (x *pgIngest) HeldByID(ctx context.Context, ids []string) ([]Held, error) {
	return pgHeldByID(ctx, x.tx, ids)
}

// HeldByID implements HeldReader: a re-pushed record is recognised by one
// index lookup outside the push's transaction.
func (s *Postgres) HeldByID(ctx context.Context, ids []string) ([]Held, error) {
	return pgHeldByID(ctx, s.pool, ids)
}

func pgHeldByID(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, ids []string) ([]Held, error) {
	rows, err := q.Query(ctx, `SELECT id, facility, terminal, seq, hash FROM records WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	return collectHeld(rows)
}

// errClash stops an optimistic insert that met a held record; Ingest then
// reruns the push with ON CONFLICT (see Postgres.Ingest).
var errClash = errors.New("hub: a pushed record clashed with a held one")

// Insert implements IngestTx. The records reach the server as binary COPY
// data or as arrays (see insertPath). Optimistically, they go straight into
// records: under the terminal's row lock the ingest algorithm has already
// set aside every seq the terminal holds, so a clash can only be an id held
// by another record — a broken or hostile client, never a retry — and the
// plain insert (COPY's multi-row insert, or an INSERT without the
// speculative insertion that ON CONFLICT costs on every row) is the common
// case made cheap. A clash aborts the transaction and the push is rerun with
// optimistic off: INSERT … ON CONFLICT DO NOTHING RETURNING id, on the id
// and on (facility, terminal, seq) alike, says what was new.
func (x *pgIngest) Insert(ctx context.Context, rs []record.Record, receivedAt time.Time) (map[string]bool, error) {
	got := make(map[string]bool, len(rs))
	if len(rs) == 0 {
		return got, nil
	}
	useCopy := x.path.copies(len(rs))
	if x.optimistic {
		var err error
		if useCopy {
			_, err = x.tx.CopyFrom(ctx, pgx.Identifier{"records"}, recordCopyCols, copyRows(rs, receivedAt))
		} else {
			_, err = x.tx.Exec(ctx, `INSERT INTO records (id, facility, terminal, seq, kind, gate, guard, at, day, body, prev, hash, received_at)
				`+unnestSelect, x.unnestArgs(rs, receivedAt)...)
		}
		if pgCode(err) == pgUniqueViolation {
			return nil, fmt.Errorf("%w: %v", errClash, err)
		}
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			got[r.ID] = true
		}
		return got, nil
	}
	var rows pgx.Rows
	var err error
	if useCopy {
		if _, err := x.tx.CopyFrom(ctx, pgx.Identifier{"records_stage"}, stageCols, copyRows(rs, time.Time{})); err != nil {
			return nil, err
		}
		rows, err = x.tx.Query(ctx, `INSERT INTO records (id, facility, terminal, seq, kind, gate, guard, at, day, body, prev, hash, received_at)
			SELECT id, facility, terminal, seq, kind, gate, guard, at, day, body, prev, hash, $1 FROM records_stage ORDER BY seq
			ON CONFLICT DO NOTHING RETURNING id`, receivedAt)
	} else {
		rows, err = x.tx.Query(ctx, `INSERT INTO records (id, facility, terminal, seq, kind, gate, guard, at, day, body, prev, hash, received_at)
			`+unnestSelect+` ON CONFLICT DO NOTHING RETURNING id`, x.unnestArgs(rs, receivedAt)...)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		got[id] = true
	}
	return got, rows.Err()
}

// streamsPush implements oneTripStreamer: a push streams where it would be
// copied, and the insert is optimistic.
func (s *Postgres) streamsPush(n int) bool {
	return !s.safeInsert && s.insert.copies(n)
}

// recordCopyCols are the columns a push's COPY fills, in copyRows order.
var recordCopyCols = append(stageCols[:len(stageCols):len(stageCols)], "received_at")

// streamPushOneTrip implements oneTripStreamer: one query string
// of five statements — BEGIN; the terminal's row locked, and a division by
// zero unless its chain is still from; a binary COPY into records, its data
// sent after the query without waiting for an answer, rows encoded as next
// returns the records (see copyStream); the chain state to and what seen
// records written; COMMIT — and then the COPY data. The server inserts the
// first rows while later ones are still being checked, and nothing waits
// on a round trip but the commit at the end.
//
// Any error of the server rolls everything back (the rest of the string is
// skipped): a record whose id or seq is held, a deadlock or serialization
// failure (which only a clash with another push's records can cause) are
// errStreamClash, a chain that is no longer from is errNoStream, and an
// error of next aborts the COPY and is returned as it is. An error of the
// connection is a commitError: the push may have been stored.
func (s *Postgres) streamPushOneTrip(ctx context.Context, key TerminalKey, seen Seen, from, to Chain,
	next func() (*record.Record, error), ready func() bool) (err error) {
	q, ok := streamPushSQL(key, seen, from, to)
	if !ok {
		return errNoStream
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// A connection left inside a transaction is closed by Release, not
	// pooled.
	defer conn.Release()
	src := newCopyStream(next, ready, seen.At)
	_, err = conn.Conn().PgConn().CopyFrom(ctx, src, q)
	if err == nil {
		return nil
	}
	if conn.Conn().PgConn().TxStatus() != 'I' {
		conn.Exec(context.WithoutCancel(ctx), "ROLLBACK")
	}
	var pe *pgconn.PgError
	switch {
	case src.err != nil && src.err != io.EOF:
		return src.err // the server's answer to the aborted COPY says only that it was
	case pgCode(err) == pgDivisionByZero:
		return errNoStream
	case pgCode(err) == pgUniqueViolation || pgCode(err) == pgDeadlockDetected || pgCode(err) == pgSerializationFailure:
		return fmt.Errorf("%w: %v", errStreamClash, err)
	case errors.As(err, &pe):
		return err // the server refused: nothing was committed
	}
	return commitError{err}
}

// pgDivisionByZero is streamPushSQL's way of saying that the terminal's
// chain is not what the push was streamed against.
const pgDivisionByZero = "22012"

// streamPushSQL is streamPushOneTrip's query string. It is sent by the simple
// protocol, which takes no parameters: the values are written into it
// (numbers, and strings quoted as E'…'); a string holding U+0000, which
// would end the query, makes ok false.
func streamPushSQL(key TerminalKey, seen Seen, from, to Chain) (q string, ok bool) {
	for _, v := range []string{key.Facility, key.Name, from.HeadHash, to.HeadHash, seen.Version} {
		if strings.ContainsRune(v, 0) {
			return "", false
		}
	}
	where := fmt.Sprintf("facility = %s AND name = %s", pgQuote(key.Facility), pgQuote(key.Name))
	var b strings.Builder
	// The fork's reason goes with its seq (Chain.markFork): the same seq
	// is the same fork.
	fmt.Fprintf(&b, `BEGIN; SELECT 1 / count(*) FROM (SELECT 1 FROM terminals WHERE %s
		AND head_seq = %d AND head_hash = %s AND max_seq = %d AND stored = %d AND break_seq = %d AND fork_seq = %d FOR UPDATE) t; `,
		where, from.HeadSeq, pgQuote(from.HeadHash), from.MaxSeq, from.Stored, from.BreakSeq, from.ForkSeq)
	b.WriteString(copyRecordsSQL)
	// What pgTouchSet writes, as it writes it.
	at := "NULL"
	if !seen.At.IsZero() {
		// As pgx sends a time: to the microsecond, truncated.
		at = "'" + seen.At.UTC().Truncate(time.Microsecond).Format("2006-01-02 15:04:05.999999") + "+00'::timestamptz"
	}
	fmt.Fprintf(&b, "; UPDATE terminals SET last_seen = %s", at)
	if seen.HasClock {
		fmt.Fprintf(&b, ", clock_skew_ms = %d", seen.ClockSkew.Milliseconds())
	}
	if seen.Pending >= 0 {
		fmt.Fprintf(&b, ", pending = %d", seen.Pending)
	}
	if seen.Pushed {
		fmt.Fprintf(&b, ", last_push = %s", at)
	}
	if seen.Version != "" {
		fmt.Fprintf(&b, ", version = %s", pgQuote(seen.Version))
	}
	fmt.Fprintf(&b, ", head_seq = %d, head_hash = %s, max_seq = %d, stored = %d WHERE %s; COMMIT",
		to.HeadSeq, pgQuote(to.HeadHash), to.MaxSeq, to.Stored, where)
	return b.String(), true
}

// pgQuote is s as a string constant in an E'…' literal, whatever
// standard_conforming_strings says.
func pgQuote(s string) string {
	return "E'" + pgQuoter.Replace(s) + "'"
}

var pgQuoter = strings.NewReplacer(`\`, `\\`, `'`, `''`)

// copyRecordsSQL is the streamed push's COPY, in copyStream's format.
var copyRecordsSQL = "COPY records (" + strings.Join(recordCopyCols, ", ") + ") FROM STDIN BINARY"

// copyStream is the data of a binary COPY into records (recordCopyCols),
// encoded as next returns the records. It is written here rather than
// through pgx's CopyFrom, whose encoding of every value through its type
// map (and boxing of each in an interface) cost more of a push's CPU than
// the whole rest of the transaction on the hub's side; the format is
// PostgreSQL's documented binary COPY format, and each column's binary
// form is its type's: text and bytea as their bytes, bigint and smallint
// big-endian, timestamptz as microseconds since 2000-01-01 UTC.
type copyStream struct {
	next  func() (*record.Record, error)
	ready func() bool
	recv  int64 // received_at, in timestamptz's binary form
	buf   []byte
	off   int   // how much of buf Read has handed on
	err   error // io.EOF once the rows are all encoded
}

// copyStreamSend is how many bytes copyStream gathers before it hands
// them on while more records are ready: about what pgconn sends as one
// message.
const copyStreamSend = 60 << 10

func newCopyStream(next func() (*record.Record, error), ready func() bool, receivedAt time.Time) *copyStream {
	const unixToY2K = 946684800 * 1_000_000 // microseconds from 1970-01-01 to 2000-01-01, UTC
	buf := make([]byte, 0, copyStreamSend+4<<10)
	buf = append(buf, "PGCOPY\n\377\r\n\000"...)
	buf = binary.BigEndian.AppendUint32(buf, 0) // flags
	buf = binary.BigEndian.AppendUint32(buf, 0) // header extension
	return &copyStream{next: next, ready: ready, buf: buf,
		recv: receivedAt.Unix()*1_000_000 + int64(receivedAt.Nanosecond())/1000 - unixToY2K}
}

// Read implements io.Reader: at least one row, and then as many as are
// ready without waiting, up to copyStreamSend bytes.
func (c *copyStream) Read(p []byte) (int, error) {
	if c.off == len(c.buf) {
		c.buf, c.off = c.buf[:0], 0
		for len(c.buf) == 0 && c.err == nil {
			c.fill()
		}
		if len(c.buf) == 0 {
			return 0, c.err
		}
	}
	n := copy(p, c.buf[c.off:])
	c.off += n
	return n, nil
}

func (c *copyStream) fill() {
	for c.err == nil && len(c.buf) < copyStreamSend {
		r, err := c.next()
		if err != nil {
			c.err = err
			return
		}
		if r == nil {
			c.buf = binary.BigEndian.AppendUint16(c.buf, 0xffff) // the trailer: -1
			c.err = io.EOF
			return
		}
		c.row(r)
		if c.ready != nil && !c.ready() {
			return
		}
	}
}

// row appends one record in recordCopyCols order.
func (c *copyStream) row(r *record.Record) {
	b := binary.BigEndian.AppendUint16(c.buf, uint16(len(recordCopyCols)))
	bytesCol := func(v []byte) { b = append(binary.BigEndian.AppendUint32(b, uint32(len(v))), v...) }
	textCol := func(v string) { b = append(binary.BigEndian.AppendUint32(b, uint32(len(v))), v...) }
	at := r.AtString()
	textCol(r.ID)
	textCol(r.Facility)
	textCol(r.Terminal)
	b = binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint32(b, 8), uint64(r.Seq))
	textCol(string(r.Kind))
	b = binary.BigEndian.AppendUint16(binary.BigEndian.AppendUint32(b, 2), uint16(int16(r.Gate)))
	textCol(r.Guard)
	textCol(at)
	textCol(at[:10])
	bytesCol(r.Body)
	textCol(r.Prev)
	textCol(r.Hash)
	b = binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint32(b, 8), uint64(c.recv))
	c.buf = b
}

// copyRows feeds COPY the records in stageCols order, then receivedAt
// unless it is zero (the staging table has no such column).
func copyRows(rs []record.Record, receivedAt time.Time) pgx.CopyFromSource {
	n := len(stageCols)
	if !receivedAt.IsZero() {
		n++
	}
	vals := make([]any, n)
	return pgx.CopyFromFunc(func() ([]any, error) {
		if len(rs) == 0 {
			return nil, nil
		}
		r := rs[0]
		rs = rs[1:]
		at := r.AtString()
		vals[0], vals[1], vals[2], vals[3], vals[4], vals[5] = r.ID, r.Facility, r.Terminal, r.Seq, string(r.Kind), int16(r.Gate)
		vals[6], vals[7], vals[8], vals[9], vals[10], vals[11] = []byte(r.Guard), at, at[:10], string(r.Body), []byte(r.Prev), r.Hash
		if n > len(stageCols) {
			vals[12] = receivedAt
		}
		return vals, nil
	})
}

// unnestSelect turns the arrays of unnestArgs into rows, in seq order: rows
// go into the indexes in the order the terminal wrote them, and two pushes
// that collide take their index locks in one order.
const unnestSelect = `SELECT u.id, $1, $2, u.seq, u.kind, u.gate, u.guard, u.at, u.day, u.body, u.prev, u.hash, $3::timestamptz
	FROM unnest($4::text[], $5::bigint[], $6::text[], $7::smallint[], $8::bytea[], $9::text[], $10::text[], $11::text[],
		$12::bytea[], $13::text[]) AS u (id, seq, kind, gate, guard, at, day, body, prev, hash)
	ORDER BY u.seq`

func (x *pgIngest) unnestArgs(rs []record.Record, receivedAt time.Time) []any {
	n := len(rs)
	ids, kinds, ats, days, bodies, hashes := make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n)
	guards, prevs := make([][]byte, n), make([][]byte, n)
	seqs, gates := make([]int64, n), make([]int16, n)
	for i, r := range rs {
		at := r.AtString()
		ids[i], seqs[i], kinds[i], gates[i], guards[i] = r.ID, r.Seq, string(r.Kind), int16(r.Gate), []byte(r.Guard)
		ats[i], days[i], bodies[i], prevs[i], hashes[i] = at, at[:10], string(r.Body), []byte(r.Prev), r.Hash
	}
	return []any{x.t.Facility, x.t.Name, receivedAt, ids, seqs, kinds, gates, guards, ats, days, bodies, prevs, hashes}
}

const pgRecordCols = `id, facility, terminal, seq, kind, gate, guard, at, body, prev, hash, received_at`

func scanPGStored(row pgx.Row) (StoredRecord, error) {
	var r StoredRecord
	var kind, at, body string
	var guard, prev []byte
	var gate int16
	if err := row.Scan(&r.ID, &r.Facility, &r.Terminal, &r.Seq, &kind, &gate, &guard, &at, &body, &prev, &r.Hash, &r.ReceivedAt); err != nil {
		return r, err
	}
	r.Kind, r.Gate, r.Body = record.Kind(kind), int(gate), json.RawMessage(body)
	r.Guard, r.Prev = string(guard), string(prev)
	r.ReceivedAt = r.ReceivedAt.UTC()
	t, err := record.ParseAt(at)
	if err != nil {
		return r, fmt.Errorf("hub: record %s: %w", r.ID, err)
	}
	r.At = t
	return r, nil
}

func (x *pgIngest) RecordsFrom(ctx context.Context, from int64, limit int) ([]record.Record, error) {
	rows, err := x.tx.Query(ctx, `SELECT `+pgRecordCols+` FROM records
		WHERE facility = $1 AND terminal = $2 AND seq >= $3 ORDER BY seq LIMIT $4`, x.t.Facility, x.t.Name, from, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (record.Record, error) {
		r, err := scanPGStored(row)
		return r.Record, err
	})
}

func (x *pgIngest) AddConflicts(ctx context.Context, cs []Conflict) error {
	var b pgx.Batch
	for _, c := range cs {
		raw, err := json.Marshal(c.Record)
		if err != nil {
			return err
		}
		b.Queue(`INSERT INTO conflicts (id, hash, facility, terminal, seq, code, existing_id, existing_hash, record, received_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id, hash) DO NOTHING`,
			c.Record.ID, c.Record.Hash, c.Record.Facility, c.Record.Terminal, c.Record.Seq, c.Code, c.ExistingID,
			c.ExistingHash, string(raw), c.ReceivedAt)
	}
	return x.tx.SendBatch(ctx, &b).Close()
}

// SetState implements IngestTx: the state is written with the commit, the
// transaction's last statement (Storage.Ingest's fn ends with it).
func (x *pgIngest) SetState(ctx context.Context, c Chain, seen Seen) error {
	x.state = pgSetStateArgs(x.t.TerminalKey, c, seen)
	return nil
}

// pgSetStateSQL writes a terminal's chain state and what a call reported.
const pgSetStateSQL = pgTouchSet + `,
	head_seq = $9, head_hash = $10, max_seq = $11, stored = $12, break_seq = $13, break_reason = $14,
	fork_seq = $15, fork_reason = $16
	WHERE facility = $6 AND name = $7`

func pgSetStateArgs(key TerminalKey, c Chain, seen Seen) []any {
	return append(pgTouchArgs(key, seen), c.HeadSeq, c.HeadHash, c.MaxSeq, c.Stored, c.BreakSeq, c.BreakReason,
		c.ForkSeq, c.ForkReason)
}

func (x *pgIngest) Waiting(ctx context.Context, from, to int64) ([]record.Record, error) {
	rows, err := x.tx.Query(ctx, `SELECT record FROM waiting WHERE facility = $1 AND terminal = $2 AND seq BETWEEN $3 AND $4
		ORDER BY seq, received_at, id`, x.t.Facility, x.t.Name, from, to)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (record.Record, error) {
		var raw string
		var r record.Record
		if err := row.Scan(&raw); err != nil {
			return r, err
		}
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			return r, fmt.Errorf("hub: waiting record: %w", err)
		}
		return r, nil
	})
}

func (x *pgIngest) AddWaiting(ctx context.Context, rs []record.Record, receivedAt time.Time) error {
	var b pgx.Batch
	for _, r := range rs {
		raw, err := json.Marshal(r)
		if err != nil {
			return err
		}
		b.Queue(`INSERT INTO waiting (id, facility, terminal, seq, hash, record, received_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`, r.ID, r.Facility, r.Terminal, r.Seq, r.Hash,
			string(raw), receivedAt)
	}
	return x.tx.SendBatch(ctx, &b).Close()
}

func (x *pgIngest) Unwait(ctx context.Context, ids []string) error {
	_, err := x.tx.Exec(ctx, `DELETE FROM waiting WHERE id = ANY($1)`, ids)
	return err
}

// EachRecord implements Storage, in pages so that no snapshot stays open
// for the whole walk.
func (s *Postgres) EachRecord(ctx context.Context, key TerminalKey, afterSeq int64, fn func(StoredRecord) error) error {
	const page = 2000
	for {
		rows, err := s.pool.Query(ctx, `SELECT `+pgRecordCols+` FROM records
			WHERE facility = $1 AND terminal = $2 AND seq > $3 ORDER BY seq LIMIT $4`, key.Facility, key.Name, afterSeq, page)
		if err != nil {
			return err
		}
		batch, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (StoredRecord, error) { return scanPGStored(row) })
		if err != nil {
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

// DayRecords implements Storage. The day is read whole before fn runs, so
// that fn may use the store too without needing a second connection while
// this one is busy (a day holds thousands of records at most).
func (s *Postgres) DayRecords(ctx context.Context, facility, day string, kinds []record.Kind, fn func(StoredRecord) error) error {
	return s.daysRecords(ctx, facility, []string{day}, kinds, fn)
}

// Conflicts implements Storage.
func (s *Postgres) Conflicts(ctx context.Context, limit int) ([]Conflict, error) {
	rows, err := s.pool.Query(ctx, `SELECT record, code, existing_id, existing_hash, received_at FROM conflicts
		ORDER BY n DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Conflict, error) {
		var c Conflict
		var raw string
		if err := row.Scan(&raw, &c.Code, &c.ExistingID, &c.ExistingHash, &c.ReceivedAt); err != nil {
			return c, err
		}
		c.ReceivedAt = c.ReceivedAt.UTC()
		if err := json.Unmarshal([]byte(raw), &c.Record); err != nil {
			return c, fmt.Errorf("hub: conflict: %w", err)
		}
		return c, nil
	})
}

// Stats implements Storage.
func (s *Postgres) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	err := s.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM facilities), (SELECT count(*) FROM terminals),
		(SELECT COALESCE(sum(stored), 0)::bigint FROM terminals), (SELECT count(*) FROM conflicts)`).
		Scan(&st.Facilities, &st.Terminals, &st.Records, &st.Conflicts)
	return st, err
}

// lockChanges serialises the writers of the change counter until tx ends.
// A sequence alone hands out values in order but lets them commit out of
// order: a pull between the two commits would see change n+1 without n and
// move its cursor past n for good. Holding this lock from nextval to commit
// makes commit order equal value order. The key is per schema, so hubs in
// different schemas of one database do not wait on each other.
func lockChanges(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':gatepost.change', 0))`)
	return err
}

// pgNextChanges reserves n consecutive values of the change counter (under
// lockChanges, never below changeFloor, as nextChanges) and returns the
// first.
func pgNextChanges(ctx context.Context, tx pgx.Tx, n int) (int64, error) {
	if err := lockChanges(ctx, tx); err != nil {
		return 0, err
	}
	var last int64
	err := tx.QueryRow(ctx, `SELECT setval('change_seq', GREATEST(nextval('change_seq') + $1 - 1, $2))`, int64(n), changeFloor(time.Now())).Scan(&last)
	return last - int64(n) + 1, err
}

func pgFacilityExists(ctx context.Context, tx pgx.Tx, facility string) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM facilities WHERE id = $1`, facility).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("facility %q: %w", facility, ErrNotFound)
	}
	return nil
}

// putChanged runs one statement per item, pipelined in a batch, each with
// the next change value; items are applied in order, so a badge given twice
// ends as its last occurrence, as on SQLite.
func (s *Postgres) putChanged(ctx context.Context, facility string, n int, queue func(b *pgx.Batch, i int, change int64, now time.Time)) error {
	return plainNul(s.inTx(ctx, func(tx pgx.Tx) error {
		if err := pgFacilityExists(ctx, tx, facility); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		c, err := pgNextChanges(ctx, tx, n)
		if err != nil {
			return err
		}
		now := time.Now()
		var b pgx.Batch
		for i := 0; i < n; i++ {
			queue(&b, i, c+int64(i), now)
		}
		return tx.SendBatch(ctx, &b).Close()
	}))
}

// PutPeople implements Storage.
func (s *Postgres) PutPeople(ctx context.Context, facility string, people []gate.Person) error {
	return s.putChanged(ctx, facility, len(people), func(b *pgx.Batch, i int, change int64, now time.Time) {
		p := people[i]
		b.Queue(`INSERT INTO people (facility, badge, name, id_number, kind, unit, assignment, active, change, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (facility, badge) DO UPDATE SET name = excluded.name, id_number = excluded.id_number,
				kind = excluded.kind, unit = excluded.unit, assignment = excluded.assignment, active = excluded.active,
				change = excluded.change, updated_at = excluded.updated_at`,
			facility, p.Badge, p.Name, p.IDNumber, string(p.Kind), p.Unit, string(p.Assignment), p.Active, change, now)
	})
}

// PutPasses implements Storage.
func (s *Postgres) PutPasses(ctx context.Context, facility string, passes []gate.Pass) error {
	return s.putChanged(ctx, facility, len(passes), func(b *pgx.Batch, i int, change int64, now time.Time) {
		p := passes[i]
		b.Queue(`INSERT INTO passes (facility, id, holder, badge, id_number, plate, valid_from, valid_to, note, change, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (facility, id) DO UPDATE SET holder = excluded.holder, badge = excluded.badge,
				id_number = excluded.id_number, plate = excluded.plate, valid_from = excluded.valid_from,
				valid_to = excluded.valid_to, note = excluded.note, change = excluded.change, updated_at = excluded.updated_at`,
			facility, p.ID, p.Holder, p.Badge, p.IDNumber, p.Plate, p.ValidFrom.Format(time.RFC3339),
			p.ValidTo.Format(time.RFC3339), p.Note, change, now)
	})
}

// AddNotice implements Storage.
func (s *Postgres) AddNotice(ctx context.Context, n Notice) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if n.Facility != "" {
			if err := pgFacilityExists(ctx, tx, n.Facility); err != nil {
				return err
			}
		}
		c, err := pgNextChanges(ctx, tx, 1)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO notices (id, facility, title, body, day, published_at, change)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`, n.ID, n.Facility, n.Title, n.Body, n.Day, n.PublishedAt, c)
		return plainNul(err)
	})
}

// Changes implements Storage. The three lists are read in one repeatable-
// read transaction: one snapshot, and (with lockChanges) a snapshot never
// holds change n+1 without n.
func (s *Postgres) Changes(ctx context.Context, facility string, after int64, limit int) (Changes, error) {
	var items []changeItem
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT badge, name, id_number, kind, unit, assignment, active, change FROM people
			WHERE facility = $1 AND change > $2 ORDER BY change LIMIT $3`, facility, after, limit+1)
		if err != nil {
			return err
		}
		var p gate.Person
		var kind, assign string
		var c int64
		if _, err := pgx.ForEachRow(rows, []any{&p.Badge, &p.Name, &p.IDNumber, &kind, &p.Unit, &assign, &p.Active, &c}, func() error {
			p := p
			p.Kind, p.Assignment = gate.PersonKind(kind), gate.Assignment(assign)
			items = append(items, changeItem{c, func(ch *Changes) { ch.People = append(ch.People, p) }})
			return nil
		}); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT id, holder, badge, id_number, plate, valid_from, valid_to, note, change FROM passes
			WHERE facility = $1 AND change > $2 ORDER BY change LIMIT $3`, facility, after, limit+1)
		if err != nil {
			return err
		}
		var ps gate.Pass
		var from, to string
		if _, err := pgx.ForEachRow(rows, []any{&ps.ID, &ps.Holder, &ps.Badge, &ps.IDNumber, &ps.Plate, &from, &to, &ps.Note, &c}, func() error {
			ps := ps
			ps.ValidFrom, _ = time.Parse(time.RFC3339, from)
			ps.ValidTo, _ = time.Parse(time.RFC3339, to)
			items = append(items, changeItem{c, func(ch *Changes) { ch.Passes = append(ch.Passes, ps) }})
			return nil
		}); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT id, facility, title, body, day, published_at, change FROM notices
			WHERE facility IN ($1, '') AND change > $2 ORDER BY change LIMIT $3`, facility, after, limit+1)
		if err != nil {
			return err
		}
		var n Notice
		_, err = pgx.ForEachRow(rows, []any{&n.ID, &n.Facility, &n.Title, &n.Body, &n.Day, &n.PublishedAt, &c}, func() error {
			n := n
			n.PublishedAt = n.PublishedAt.UTC()
			items = append(items, changeItem{c, func(ch *Changes) { ch.Notices = append(ch.Notices, n) }})
			return nil
		})
		if err != nil {
			return err
		}
		plans, err := pgRotationChanges(ctx, tx, facility, after, limit)
		items = append(items, plans...)
		return err
	})
	if err != nil {
		return Changes{}, err
	}
	return changesPage(after, limit, items), nil
}

// RosterSize implements Storage.
func (s *Postgres) RosterSize(ctx context.Context, facility string) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM people WHERE facility = $1 AND active`, facility).Scan(&n)
	return n, err
}
