package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"gatepost/gate"
	"gatepost/identity"
	"gatepost/internal/sqlitedb"
	"gatepost/record"
)

// OldFormatError is a database written before the identity registry (§15):
// its records embed personal data that can never be erased from the chain,
// so it is refused rather than migrated. Facility, Terminal, Origin (the
// terminal.origin setting) and Joined say enough for the demo to know its
// own database, which it may re-create.
type OldFormatError struct {
	Path               string
	Version            int
	Facility, Terminal string
	Origin             string
	Joined             bool
}

func (e *OldFormatError) Error() string {
	return fmt.Sprintf("%s was written by an earlier gatepost (schema %d): its records hold visitors' names and ID numbers or health details in the log itself, "+
		"which cannot be erased; this version keeps them in an erasable registry and does not convert old records. "+
		"Move the database aside and set the terminal up again (gatepost demo re-creates the demo's own)", e.Path, e.Version)
}

// refuseOldFormat returns an *OldFormatError for an existing database that
// holds records but no identity registry or no health-detail table: its
// records were written before them. The table is looked for rather than a schema version, because
// migrations are counted, and another branch's migration merged before this
// one would give an old database the version that brought the registry.
// One without records (set up but never used) is simply migrated.
func refuseOldFormat(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && (fi.IsDir() || fi.Size() == 0)) {
		return nil // Open says what is wrong with these
	}
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite", sqlitedb.DSN(path, true, 5000))
	if err != nil {
		return err
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return nil // a damaged file: Open's check says so
	}
	if v == 0 {
		return nil // a new database
	}
	// The health-detail table (migration 012) came with the second change
	// of the record format: symptoms answers left the temperature record.
	var tables, n int
	if err := db.QueryRow("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('identities', 'health_details')").Scan(&tables); err != nil || tables == 2 {
		return nil
	}
	if err := db.QueryRow("SELECT EXISTS (SELECT 1 FROM records)").Scan(&n); err != nil || n == 0 {
		return nil
	}
	// What the demo needs to recognise its own; a missing row leaves "".
	e := &OldFormatError{Path: path, Version: v}
	_ = db.QueryRow("SELECT facility_id, terminal FROM identity").Scan(&e.Facility, &e.Terminal)
	_ = db.QueryRow("SELECT value FROM settings WHERE key = 'terminal.origin'").Scan(&e.Origin)
	_ = db.QueryRow("SELECT EXISTS (SELECT 1 FROM sync_hub)").Scan(&e.Joined)
	return e
}

// Identify finds the registry row of a non-rostered person or vehicle by
// their ID number or plate (identity.Fields.Key), among this terminal's rows
// and those its peers sent, or makes a new one. Details the guard gave this
// time (name, phone, work unit, the person visited) replace the row's; the
// ID number or plate, which the commitment covers, never changes. Nothing
// is written: the row goes in with the record that refers to it
// (Draft.Identities). It returns the row and the commitment the record
// carries.
func (s *Store) Identify(ctx context.Context, cat identity.Category, f identity.Fields, day string) (identity.Row, string, error) {
	row, ok, err := s.FindIdentity(ctx, f, day)
	switch {
	case err != nil:
		return identity.Row{}, "", err
	case !ok:
		return identity.New(cat, f, day)
	}
	return row, row.Commitment(), nil
}

// FindIdentity is Identify without making a new row: false when the
// registry has no row (not erased) for f's ID number or plate.
func (s *Store) FindIdentity(ctx context.Context, f identity.Fields, day string) (identity.Row, bool, error) {
	key := f.Identifying().Key()
	if key == "" {
		return identity.Row{}, false, fmt.Errorf("store: an identity needs an ID number or a plate")
	}
	row, ok, err := s.identityBy(ctx, "lookup = ? AND erased = ''", key)
	if err != nil || !ok {
		return row, false, err
	}
	for _, p := range []struct {
		dst *string
		v   string
	}{
		{&row.Fields.Name, f.Name}, {&row.Fields.Phone, f.Phone}, {&row.Fields.Unit, f.Unit},
		{&row.Fields.Visiting, f.Visiting}, {&row.Fields.Plate, f.Plate},
	} {
		if v := strings.TrimSpace(p.v); v != "" {
			*p.dst = v
		}
	}
	if day > row.LastSeen {
		row.LastSeen = day
	}
	return row, true, nil
}

// putIdentity writes r; terminal is who made it ("" for this terminal). An
// erased row stays erased whatever arrives for it later.
func putIdentity(ctx context.Context, tx *sql.Tx, r identity.Row, terminal string) error {
	f := r.Fields
	_, err := tx.ExecContext(ctx, `INSERT INTO identities
		(ref, category, salt, id_number, name, phone, unit, visiting, plate, lookup, last_seen, erased, terminal, dirty)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
		ON CONFLICT (ref) DO UPDATE SET name = excluded.name, phone = excluded.phone, unit = excluded.unit,
			visiting = excluded.visiting, plate = excluded.plate, last_seen = max(last_seen, excluded.last_seen), dirty = 1
		WHERE erased = ''`,
		r.Ref, string(r.Category), r.Salt, f.IDNumber, f.Name, f.Phone, f.Unit, f.Visiting, f.Plate,
		f.Identifying().Key(), r.LastSeen, r.Erased, terminal)
	if err != nil {
		return fmt.Errorf("identity %s: %w", r.Ref, err)
	}
	return nil
}

// eraseCols is the SET list that erases a registry row: its salt and every
// field that says who it was, the lookup key made from them included. The
// purge here and an erasure from the hub share it, so that a field added
// to the registry is blanked by both.
const eraseCols = `salt = NULL, id_number = '', name = '', phone = '', unit = '', visiting = '', plate = '', lookup = ''`

const identityCols = `ref, category, salt, id_number, name, phone, unit, visiting, plate, last_seen, erased`

func scanIdentity(sc interface{ Scan(...any) error }) (identity.Row, error) {
	var r identity.Row
	var cat string
	err := sc.Scan(&r.Ref, &cat, &r.Salt, &r.Fields.IDNumber, &r.Fields.Name, &r.Fields.Phone, &r.Fields.Unit,
		&r.Fields.Visiting, &r.Fields.Plate, &r.LastSeen, &r.Erased)
	r.Category = identity.Category(cat)
	return r, err
}

func (s *Store) identityBy(ctx context.Context, where string, args ...any) (identity.Row, bool, error) {
	r, err := scanIdentity(s.r.QueryRowContext(ctx, `SELECT `+identityCols+` FROM identities WHERE `+where+` LIMIT 1`, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return identity.Row{}, false, nil
	}
	if err != nil {
		return identity.Row{}, false, fmt.Errorf("store: identity: %w", err)
	}
	return r, true, nil
}

// IdentityOf reads the registry row of ref; false when there is none (it
// was made on a terminal whose rows have not arrived yet). An erased row
// is returned with Erased set and no fields.
func (s *Store) IdentityOf(ctx context.Context, ref string) (identity.Row, bool, error) {
	return s.identityBy(ctx, "ref = ?", ref)
}

// Identities reads the registry rows of refs, for showing the records that
// refer to them; refs without a row are left out.
func (s *Store) Identities(ctx context.Context, refs []string) (map[string]identity.Row, error) {
	out := make(map[string]identity.Row, len(refs))
	const chunk = 500
	for len(refs) > 0 {
		n := min(chunk, len(refs))
		part := refs[:n]
		refs = refs[n:]
		args := make([]any, len(part))
		for i, r := range part {
			args[i] = r
		}
		rows, err := s.identityRows(ctx, `WHERE ref IN (?`+strings.Repeat(", ?", len(part)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: identities: %w", err)
		}
		for _, r := range rows {
			out[r.Ref] = r
		}
	}
	return out, nil
}

// identityRows reads the registry rows the rest of the query (after FROM
// identities) selects.
func (s *Store) identityRows(ctx context.Context, rest string, args ...any) ([]identity.Row, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+identityCols+` FROM identities `+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []identity.Row
	for rows.Next() {
		r, err := scanIdentity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// fillPeople sets Person and Erased on the rows that name someone by
// identity reference, and HealthNote on a check-in whose note is a health
// detail held here.
func (s *Store) fillPeople(ctx context.Context, rows []Row) error {
	for i := range rows {
		if rows[i].Kind != record.StandbyCheckin || !bytes.Contains(rows[i].Body, []byte(`"health":`)) {
			continue
		}
		var b record.StandbyCheckinBody
		if rows[i].Decode(&b) != nil || b.Health == "" {
			continue
		}
		h, ok, err := s.HealthOf(ctx, b.Health)
		if err != nil {
			return err
		}
		if ok && h.Erased == "" && h.Matches(b.HealthCommit) {
			rows[i].HealthNote = h.Detail.Note
		}
	}
	refs, ids, err := s.identitiesNamed(ctx, len(rows), func(i int) []byte { return rows[i].Body })
	if err != nil || ids == nil {
		return err
	}
	for i := range rows {
		row, ok := ids[refs[i]]
		switch {
		case !ok:
		case row.Erased != "":
			rows[i].Erased = true
		default:
			m := row.Fields.Masked()
			rows[i].Person = &m
		}
	}
	return nil
}

// identitiesNamed reads the registry rows that n record bodies name by
// identity reference: refs[i] is body(i)'s reference ("" for none), rows
// the rows found by reference; rows is nil when no body names anyone.
func (s *Store) identitiesNamed(ctx context.Context, n int, body func(i int) []byte) (refs []string, rows map[string]identity.Row, err error) {
	refs = make([]string, n)
	var named []string
	for i := range n {
		if refs[i] = identRef(body(i)); refs[i] != "" {
			named = append(named, refs[i])
		}
	}
	if len(named) == 0 {
		return refs, nil, nil
	}
	rows, err = s.Identities(ctx, named)
	return refs, rows, err
}

// identRef is the identity reference a record body names, "" when none.
// Bodies are canonical JSON, so most are passed over without decoding.
func identRef(body []byte) string {
	if !bytes.Contains(body, []byte(`"ident":`)) {
		return ""
	}
	var b struct {
		Ident string `json:"ident"`
	}
	if json.Unmarshal(body, &b) != nil {
		return ""
	}
	return b.Ident
}

// shownIdentities reads the registry rows the records name, as a report may
// show them (gate.Shown: masked, or erased).
func (s *Store) shownIdentities(ctx context.Context, recs []gate.DayRecord) (map[string]gate.Shown, error) {
	_, rows, err := s.identitiesNamed(ctx, len(recs), func(i int) []byte { return recs[i].Body })
	if err != nil || rows == nil {
		return nil, err
	}
	out := make(map[string]gate.Shown, len(rows))
	for ref, r := range rows {
		m := r.Fields.Masked()
		out[ref] = gate.Shown{Name: m.Name, IDNumber: m.IDNumber, Plate: m.Plate, Erased: r.Erased != ""}
	}
	return out, nil
}

// AllIdentities reads every registry row, erased ones included (with no
// fields), in the order they were made.
func (s *Store) AllIdentities(ctx context.Context) ([]identity.Row, error) {
	rows, err := s.identityRows(ctx, `ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("store: identities: %w", err)
	}
	return rows, nil
}

// PurgeIdentities erases, per category, the identities last seen before
// the day before ("2006-01-02"), and writes an identity.purge record for
// each category that had any (what, how many, up to when: never who), in
// the same transaction. An erased row keeps its reference, category and
// when it was erased; its salt and fields are blanked, and secure_delete
// overwrites the bytes they held. The WAL is then checkpointed and
// truncated so the old page images go too.
func (s *Store) PurgeIdentities(ctx context.Context, cats map[identity.Category]string, at time.Time) ([]record.IdentityPurgeBody, error) {
	var out []record.IdentityPurgeBody
	var ds []Draft
	for _, cat := range slices.Sorted(maps.Keys(cats)) {
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM identities WHERE category = ? AND erased = '' AND last_seen < ?`,
			string(cat), cats[cat]).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: purge: %w", err)
		}
		if n > 0 {
			b := record.IdentityPurgeBody{Category: string(cat), Count: n, Before: cats[cat]}
			out = append(out, b)
			ds = append(ds, Draft{Kind: record.IdentityPurge, At: at, Body: b})
		}
	}
	if len(ds) == 0 {
		return nil, nil
	}
	erased := at.Format(time.RFC3339)
	_, err := s.appendWith(ctx, ds, func(tx *sql.Tx) error {
		for _, b := range out {
			res, err := tx.ExecContext(ctx, `UPDATE identities SET `+eraseCols+`, erased = ?, dirty = 1
				WHERE category = ? AND erased = '' AND last_seen < ?`, erased, b.Category, b.Before)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); int(n) != b.Count {
				return fmt.Errorf("the registry changed while purging (%d rows, %d counted): run it again", n, b.Count)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, s.Scrub(ctx, false)
}

// Scrub makes erased values unrecoverable from the files: a WAL checkpoint
// that truncates the -wal file, and with vacuum a VACUUM that rewrites the
// database without its free pages (and a second checkpoint for the pages
// VACUUM wrote through the WAL). VACUUM rewrites the whole file, so the
// daily purge leaves it to `gatepost purge`.
func (s *Store) Scrub(ctx context.Context, vacuum bool) error {
	if _, err := s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("store: checkpoint: %w", err)
	}
	if !vacuum {
		return nil
	}
	if _, err := s.w.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("store: vacuum: %w", err)
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("store: checkpoint: %w", err)
	}
	return nil
}

// DirtyIdentities reads up to limit registry rows changed here since the
// hub last took them: made, updated by a visit here (a peer's row too, when
// the visitor leaves at this post), erased here.
func (s *Store) DirtyIdentities(ctx context.Context, limit int) ([]identity.Row, error) {
	rows, err := s.identityRows(ctx, `WHERE dirty = 1 ORDER BY rowid LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: identities to push: %w", err)
	}
	return rows, nil
}

// MarkIdentitiesPushed records that the hub holds rows as they were read:
// a row changed since (a later visit, an erasure) stays to be pushed.
func (s *Store) MarkIdentitiesPushed(ctx context.Context, rows []identity.Row) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, r := range rows {
		if _, err := tx.ExecContext(ctx, `UPDATE identities SET dirty = 0 WHERE ref = ? AND last_seen = ? AND erased = ?
			AND name = ? AND phone = ? AND unit = ? AND visiting = ? AND plate = ?`,
			r.Ref, r.LastSeen, r.Erased, r.Fields.Name, r.Fields.Phone, r.Fields.Unit, r.Fields.Visiting, r.Fields.Plate); err != nil {
			return fmt.Errorf("store: %w", err)
		}
	}
	return tx.Commit()
}

// ApplyPeerIdentities takes the registry rows of the facility's other
// terminals that came with their records in the feed (§12, §15): a visitor
// who came in at one post and leaves at another is then found by their ID
// number and named by the same reference. A row erased at the hub erases
// the copy here; an erased copy stays erased. A peer's row is pushed back
// only when something here changes it (a visit, an erasure).
//
// A row no terminal makes (identity.Row.Check, last seen no later than
// now's tomorrow), or whose terminal name is not one, is skipped and
// returned with why, and the rest taken: a hub, an older one above all,
// may hold rows it never checked, and one of them must neither reach the
// guards' screens nor stop the sync.
func (s *Store) ApplyPeerIdentities(ctx context.Context, rows []identity.Row, terminals []string, now time.Time) ([]SkippedIdentity, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	latest := Day(now.AddDate(0, 0, 1))
	var skipped []SkippedIdentity
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	erased := false
	for i, r := range rows {
		why := ""
		if err := r.Check(latest); err != nil {
			why = err.Error()
		} else if p := gate.LineProblem(terminals[i], maxTerminalName); p != "" {
			why = "terminal " + p
		}
		if why != "" {
			skipped = append(skipped, SkippedIdentity{Ref: identity.ShortRef(r.Ref), Reason: why})
			continue
		}
		erased = erased || r.Erased != ""
		f := r.Fields
		key := f.Identifying().Key()
		if r.Erased != "" {
			key = ""
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO identities
			(ref, category, salt, id_number, name, phone, unit, visiting, plate, lookup, last_seen, erased, terminal, dirty)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
			ON CONFLICT (ref) DO UPDATE SET salt = excluded.salt, id_number = excluded.id_number, name = excluded.name,
				phone = excluded.phone, unit = excluded.unit, visiting = excluded.visiting, plate = excluded.plate,
				lookup = excluded.lookup, last_seen = max(last_seen, excluded.last_seen), erased = excluded.erased
			WHERE erased = '' AND terminal <> ''`,
			r.Ref, string(r.Category), nilIfEmpty(r.Salt), f.IDNumber, f.Name, f.Phone, f.Unit, f.Visiting, f.Plate, key,
			r.LastSeen, r.Erased, terminals[i]); err != nil {
			return skipped, fmt.Errorf("store: peer identity %s: %w", r.Ref, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return skipped, err
	}
	if erased {
		return skipped, s.Scrub(ctx, false) // the erased values' old pages out of the WAL
	}
	return skipped, nil
}

// SkippedIdentity is a peer's registry row ApplyPeerIdentities did not
// take: its reference as identity.ShortRef shows it, and why.
type SkippedIdentity struct {
	Ref, Reason string
}

// maxTerminalName bounds a terminal's name as the hub does at provisioning.
const maxTerminalName = 64

func nilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

// ErasuresCursor is the facility feed's tombstone cursor: the last erasure
// at the hub applied here, "" before the first.
func (s *Store) ErasuresCursor(ctx context.Context) (string, error) {
	var c string
	err := s.r.QueryRowContext(ctx, `SELECT cursor FROM feed_erasures WHERE id = 1`).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return c, err
}

// ApplyErasures erases the registry rows of refs, which the hub erased
// (by its retention, a purge, or another post's push) after this terminal
// took them, and moves the tombstone cursor to through, in one
// transaction (§15). Refs with no row here are passed over. A row made
// here is erased too: the hub's erasure is the facility's, and the row is
// not pushed again since the hub holds it erased.
func (s *Store) ApplyErasures(ctx context.Context, refs []string, through string) (int, error) {
	if through == "" {
		return 0, nil
	}
	if len(refs) == 0 {
		// Every feed page carries the cursor: a page that erases nothing
		// and leaves it where it is writes nothing (the writer is the
		// guards' too).
		if c, err := s.ErasuresCursor(ctx); err != nil || c == through {
			return 0, err
		}
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	erased := time.Now().UTC().Format(time.RFC3339)
	n := 0
	for _, ref := range refs {
		res, err := tx.ExecContext(ctx, `UPDATE identities SET `+eraseCols+`, erased = ?, dirty = 0 WHERE ref = ? AND erased = ''`, erased, ref)
		if err != nil {
			return 0, fmt.Errorf("store: erasure %s: %w", ref, err)
		}
		c, _ := res.RowsAffected()
		n += int(c)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO feed_erasures (id, cursor) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor`, through); err != nil {
		return 0, fmt.Errorf("store: erasures cursor: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	if n > 0 {
		return n, s.Scrub(ctx, false)
	}
	return n, nil
}
