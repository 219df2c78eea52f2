package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"gatepost/gate"
)

// ErrUnknownGuard is returned when no guard has the badge.
var ErrUnknownGuard = errors.New("unknown guard badge")

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Reference data is written in short transactions: a 200,000-row roster in
// one transaction held the write lock for 18 s, and a guard's save at the
// console in that time failed with "database is locked". Each chunk is
// committed on its own and followed by a pause as long as the chunk took,
// so that a writer waiting on the lock (another process polls for it) finds
// it free; a guard's save waits at most about one chunk. A chunk ends at
// refChunk rows or once it has held the lock for refMaxHold, whichever comes
// first: on a loaded machine 250 rows took up to 100 ms. A write stopped
// midway (a crash, a full disk) leaves the chunks already committed: every
// row is an upsert, so running the import or the pull again completes it.
const (
	refChunk    = 250                   // rows per transaction, at most
	refMaxHold  = 10 * time.Millisecond // then the chunk commits early
	refMinPause = 2 * time.Millisecond  // the shortest gap between chunks
	refMaxPause = 20 * time.Millisecond // the longest
	// refCheckpointEvery is how many chunks the bulk writer writes between
	// its own checkpoints (see inChunks).
	refCheckpointEvery = 8
)

// putChunked writes n rows with put, in chunks (see inChunks), the
// statement prepared once per transaction.
func (s *Store) putChunked(ctx context.Context, n int, query string, put func(stmt *sql.Stmt, i int) error) error {
	return s.inChunks(ctx, n, refChunk, func(tx *sql.Tx, start, end int, full func() bool) (int, error) {
		stmt, err := tx.PrepareContext(ctx, query)
		if err != nil {
			return 0, err
		}
		defer stmt.Close()
		for i := start; i < end; i++ {
			if err := put(stmt, i); err != nil {
				return 0, err
			}
			if full() {
				return i + 1, nil
			}
		}
		return end, nil
	})
}

// inChunks runs write over items [start, end) of n, at most per items to a
// transaction; write returns where it stopped, early once full reports the
// transaction has held the write lock for refMaxHold. Between transactions
// it pauses as long as the last one took (refMinPause–refMaxPause) so that
// a writer waiting on the lock gets in.
//
// A chunk that cannot reach the end commits without waiting for the disk
// (see relaxedTx), and every refCheckpointEvery chunks the bulk writer
// checkpoints the WAL itself (PASSIVE: it takes no lock a save waits for).
// A guard's save commits with its own sync, and on a busy disk that sync
// queued behind the import's: one per chunk, and the checkpoints SQLite
// runs when the WAL grows past its mark, which fell as often as not to the
// save's commit. Both made a save wait 50–300 ms, though it never waited
// long for the lock. A chunk that may reach the end commits with its sync,
// which syncs the WAL, and so every chunk before it, too: a write that
// returns nil is durable. One stopped midway may lose, on a power cut, the
// chunks since the last sync (never anything else: the WAL stays
// consistent); running it again completes it, as after a crash.
func (s *Store) inChunks(ctx context.Context, n, per int, write func(tx *sql.Tx, start, end int, full func() bool) (int, error)) error {
	for start, chunks := 0, 1; start < n; chunks++ {
		end := min(start+per, n)
		var t0 time.Time
		full := func() bool { return time.Since(t0) >= refMaxHold }
		next := end
		body := func(tx *sql.Tx) error {
			t0 = time.Now() // the write lock is held from here (immediate transactions)
			var err error
			next, err = write(tx, start, end, full)
			return err
		}
		var err error
		if end < n {
			err = s.relaxedTx(ctx, body)
		} else {
			err = s.inTx(ctx, body)
		}
		if err != nil {
			return err
		}
		took := time.Since(t0)
		if start = max(next, start+1); start >= n {
			return nil
		}
		if chunks%refCheckpointEvery == 0 {
			if _, err := s.w.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`); err != nil && !isBusy(err) {
				return fmt.Errorf("store: checkpoint: %w", err)
			}
		}
		pause := min(max(took, refMinPause), refMaxPause)
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// relaxedTx is inTx committing with synchronous=NORMAL: the commit is in
// the WAL, consistent, but not yet synced to the disk, so a power cut may
// lose it (never corrupt anything). The writer's one connection is held
// for the whole of it and set back to FULL before anything else may use it;
// a connection that cannot be set back is discarded, so a guard's save
// never runs without its sync.
func (s *Store) relaxedTx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	if err := s.writable(ctx); err != nil {
		return err
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL`); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer func() {
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = FULL`); rerr != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
			if err == nil {
				err = fmt.Errorf("store: %w", rerr)
			}
		}
	}()
	tx, err := retryBusy(ctx, func() (*sql.Tx, error) { return conn.BeginTx(ctx, nil) })
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	return runTx(tx, fn)
}

// PutPeople inserts or replaces roster entries, in short transactions (see
// refChunk). Text fields are cleaned of control characters first
// (gate.CleanLine): a roster pulled from a hub is outside input.
func (s *Store) PutPeople(ctx context.Context, ps []gate.Person) error {
	now := time.Now().Format(time.RFC3339)
	return s.putChunked(ctx, len(ps), `INSERT INTO people (badge, name, id_number, kind, unit, assignment, active, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (badge) DO UPDATE SET name = excluded.name, id_number = excluded.id_number, kind = excluded.kind,
			unit = excluded.unit, assignment = excluded.assignment, active = excluded.active, updated_at = excluded.updated_at`,
		func(stmt *sql.Stmt, i int) error {
			p := ps[i]
			_, err := stmt.ExecContext(ctx, gate.CleanLine(p.Badge), gate.CleanLine(p.Name), gate.CleanLine(p.IDNumber),
				string(p.Kind), gate.CleanLine(p.Unit), string(p.Assignment), boolInt(p.Active), now)
			if err != nil {
				return fmt.Errorf("person %s: %w", gate.EscapeControls(p.Badge), err)
			}
			return nil
		})
}

// PutPasses inserts or replaces passes, in short transactions (see
// refChunk), their text cleaned of control characters.
func (s *Store) PutPasses(ctx context.Context, ps []gate.Pass) error {
	now := time.Now().Format(time.RFC3339)
	return s.putChunked(ctx, len(ps), `INSERT INTO passes (id, holder, badge, id_number, plate, valid_from, valid_to, note, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, badge = excluded.badge, id_number = excluded.id_number,
			plate = excluded.plate, valid_from = excluded.valid_from, valid_to = excluded.valid_to, note = excluded.note,
			updated_at = excluded.updated_at`,
		func(stmt *sql.Stmt, i int) error {
			p := ps[i]
			_, err := stmt.ExecContext(ctx, gate.CleanLine(p.ID), gate.CleanLine(p.Holder), gate.CleanLine(p.Badge),
				gate.CleanLine(p.IDNumber), gate.CleanLine(p.Plate), p.ValidFrom.Format(time.RFC3339), p.ValidTo.Format(time.RFC3339),
				gate.CleanText(p.Note), now)
			if err != nil {
				return fmt.Errorf("pass %s: %w", gate.EscapeControls(p.ID), err)
			}
			return nil
		})
}

func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	return runTx(tx, fn)
}

// runTx runs fn in tx and commits it, or rolls it back when fn fails:
// the end of inTx and relaxedTx, whichever way they began.
func runTx(tx *sql.Tx, fn func(*sql.Tx) error) error {
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

const personCols = `badge, name, id_number, kind, unit, assignment, active`

func scanPerson(sc scanner) (gate.Person, error) {
	var p gate.Person
	var kind, assign string
	var active int
	err := sc.Scan(&p.Badge, &p.Name, &p.IDNumber, &kind, &p.Unit, &assign, &active)
	p.Kind, p.Assignment, p.Active = gate.PersonKind(kind), gate.Assignment(assign), active != 0
	return p, err
}

// FindPerson looks a person up by badge or by resident ID number. ok is false
// when nobody matches.
func (s *Store) FindPerson(ctx context.Context, key string) (p gate.Person, ok bool, err error) {
	if key == "" {
		return p, false, nil
	}
	p, err = scanPerson(s.r.QueryRowContext(ctx, `SELECT `+personCols+` FROM people WHERE badge = ?
		UNION ALL SELECT `+personCols+` FROM people WHERE id_number = ? LIMIT 1`, key, key))
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("store: person: %w", err)
	}
	return p, true, nil
}

// People returns the roster, optionally only one kind, ordered by unit and badge.
func (s *Store) People(ctx context.Context, kind gate.PersonKind) ([]gate.Person, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+personCols+` FROM people WHERE ? = '' OR kind = ? ORDER BY kind, unit, badge`,
		string(kind), string(kind))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gate.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// FindPasses returns every pass (valid or not) for a badge, an ID number or a
// plate; empty keys match nothing.
func (s *Store) FindPasses(ctx context.Context, badge, idNumber, plate string) ([]gate.Pass, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, holder, badge, id_number, plate, valid_from, valid_to, note FROM passes
		WHERE (badge <> '' AND badge = ?) OR (id_number <> '' AND id_number = ?) OR (plate <> '' AND plate = ?)
		ORDER BY valid_to DESC`, badge, idNumber, plate)
	if err != nil {
		return nil, fmt.Errorf("store: passes: %w", err)
	}
	defer rows.Close()
	var out []gate.Pass
	for rows.Next() {
		var p gate.Pass
		var from, to string
		if err := rows.Scan(&p.ID, &p.Holder, &p.Badge, &p.IDNumber, &p.Plate, &from, &to, &p.Note); err != nil {
			return nil, err
		}
		p.ValidFrom, _ = time.Parse(time.RFC3339, from)
		p.ValidTo, _ = time.Parse(time.RFC3339, to)
		out = append(out, p)
	}
	return out, rows.Err()
}

// PutGuard inserts or replaces a console user. pinHash must already be hashed
// (see package pin); a PIN is never stored in clear.
func (s *Store) PutGuard(ctx context.Context, g gate.Guard, pinHash string) error {
	_, err := s.exec(ctx, `INSERT INTO guards (badge, name, role, pin_hash, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (badge) DO UPDATE SET name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash,
			failures = 0, locked_until = '', lockouts = 0, updated_at = excluded.updated_at`,
		g.Badge, g.Name, string(g.Role), pinHash, time.Now().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("store: guard %s: %w", g.Badge, err)
	}
	return nil
}

// GuardAuth is what sign-in needs to know about a badge.
type GuardAuth struct {
	Guard       gate.Guard
	PINHash     string
	Failures    int
	LockedUntil time.Time // zero when not locked
	Lockouts    int       // locks in a row since the last right PIN
}

// GuardAuth returns a guard's credentials and lock state, or ErrUnknownGuard.
func (s *Store) GuardAuth(ctx context.Context, badge string) (GuardAuth, error) {
	var a GuardAuth
	var role, locked string
	err := s.w.QueryRowContext(ctx, `SELECT badge, name, role, pin_hash, failures, locked_until, lockouts FROM guards WHERE badge = ?`, badge).
		Scan(&a.Guard.Badge, &a.Guard.Name, &role, &a.PINHash, &a.Failures, &locked, &a.Lockouts)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrUnknownGuard
	}
	if err != nil {
		return a, fmt.Errorf("store: guard: %w", err)
	}
	a.Guard.Role = gate.Role(role)
	if locked != "" {
		a.LockedUntil, _ = time.Parse(time.RFC3339, locked)
	}
	return a, nil
}

// Guards lists the console users.
func (s *Store) Guards(ctx context.Context) ([]gate.Guard, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT badge, name, role FROM guards ORDER BY badge`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gate.Guard
	for rows.Next() {
		var g gate.Guard
		var role string
		if err := rows.Scan(&g.Badge, &g.Name, &role); err != nil {
			return nil, err
		}
		g.Role = gate.Role(role)
		out = append(out, g)
	}
	return out, rows.Err()
}

// SetGuardLock stores a badge's failed-PIN count, how many locks in a row it
// has had, and its lock time (zero: unlocked).
func (s *Store) SetGuardLock(ctx context.Context, badge string, failures, lockouts int, lockedUntil time.Time) error {
	locked := ""
	if !lockedUntil.IsZero() {
		// Nanoseconds: a lock until 12:05:00.5 must not open at 12:05:00.2.
		locked = lockedUntil.Format(time.RFC3339Nano)
	}
	_, err := s.exec(ctx, `UPDATE guards SET failures = ?, lockouts = ?, locked_until = ? WHERE badge = ?`, failures, lockouts, locked, badge)
	return err
}
