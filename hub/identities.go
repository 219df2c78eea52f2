package hub

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"gatepost/hub/wire"
	"gatepost/identity"
)

// The facilities' identity registries at the hub (§15): the rows a
// terminal's records name by identity reference, kept outside the chains
// so they can be erased while every chain still verifies. A terminal
// pushes its rows after its records (wire.PathIdentities); an erasure
// travels as a row with Erased set, and an erased row stays erased.

// IdentityStorage keeps the facilities' identity registries; both backends
// implement it.
type IdentityStorage interface {
	// PutIdentities stores rows a terminal sent: new ones, newer details
	// of known ones, erasures. It returns how many it holds as sent.
	PutIdentities(ctx context.Context, key TerminalKey, rows []wire.Identity) (int, error)
	// Identity reads one row of a facility; false when there is none.
	Identity(ctx context.Context, facility, ref string) (wire.Identity, bool, error)
	// IdentitiesOf reads a facility's rows of refs, for the facility
	// feed; refs without a row are left out.
	IdentitiesOf(ctx context.Context, facility string, refs []string) ([]wire.Identity, error)
	// PurgeIdentities erases every row last seen before the day before
	// ("2006-01-02"), at, and counts them by category.
	PurgeIdentities(ctx context.Context, before string, at time.Time) (map[string]int, error)
	// ErasuresAfter reads up to limit of a facility's tombstones after the
	// cursor, in order: the rows erased here (by retention, a purge or a
	// terminal's push) that the facility's posts must erase too.
	ErasuresAfter(ctx context.Context, facility string, after wire.Tomb, limit int) ([]wire.Tomb, error)
	// SetRetention sets a facility's retention, published to its posts
	// in the feed; RetentionOf reads it (zero when never set).
	SetRetention(ctx context.Context, facility string, r wire.Retention) error
	RetentionOf(ctx context.Context, facility string) (wire.Retention, error)
	// Retentions reads every facility's retention that is set.
	Retentions(ctx context.Context) (map[string]wire.Retention, error)
	// PurgeFacility erases a facility's rows of a category last seen
	// before the day before, at, and counts them.
	PurgeFacility(ctx context.Context, facility, category, before string, at time.Time) (int, error)
}

var (
	_ IdentityStorage = (*SQLite)(nil)
	_ IdentityStorage = (*Postgres)(nil)
)

// hubEraseCols is the SET list that erases a row of the hub's registry:
// its salt and every field that names someone, in every erasing statement
// (purges and retention, both backends), so that a field added to the
// registry is blanked by all of them.
const hubEraseCols = `salt = NULL, id_number = '', name = '', phone = '', unit = '', visiting = '', plate = ''`

// identities is POST /api/v1/identities.
func (s *Server) identities(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, wire.ErrMethod, "use POST")
		return
	}
	t, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	ids, ok := s.st.(IdentityStorage)
	if !ok {
		writeError(w, http.StatusNotImplemented, wire.ErrBadRequest, "this hub's storage keeps no identity registry")
		return
	}
	var req wire.IdentitiesRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, wire.MaxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, wire.ErrBadRequest, "the body is not an identities request")
		return
	}
	if len(req.Identities) > wire.MaxIdentities {
		writeError(w, http.StatusRequestEntityTooLarge, wire.ErrTooLarge, fmt.Sprintf("at most %d identities per push", wire.MaxIdentities))
		return
	}
	// Each row is checked on its own and the good ones stored: one bad row
	// (a terminal's clock days ahead, a field an older terminal let in)
	// must not hold back the rest, nor, since a terminal sends its rows
	// before its records, that terminal's records.
	latest := s.now().AddDate(0, 0, 1).Format(DayLayout)
	var resp wire.IdentitiesResponse
	good := make([]wire.Identity, 0, len(req.Identities))
	for i, x := range req.Identities {
		if err := x.Row().Check(latest); err != nil {
			ref := x.Ref
			if !identity.ValidRef(ref) {
				ref = "" // the index says which: even a prefix of it could be markup
			}
			resp.Refused = append(resp.Refused, wire.IdentityRefusal{Index: i, Ref: ref, Reason: err.Error()})
			continue
		}
		good = append(good, x)
	}
	if len(resp.Refused) > 0 {
		s.log.Warn("identities refused", "terminal", t.TerminalKey.String(), "refused", len(resp.Refused),
			"first", resp.Refused[0].Reason)
	}
	if len(good) > 0 {
		n, err := ids.PutIdentities(r.Context(), t.TerminalKey, good)
		if err != nil {
			s.log.Error("identities", "terminal", t.TerminalKey.String(), "err", err)
			writeError(w, http.StatusServiceUnavailable, wire.ErrUnavailable, "the identities could not be stored; retry")
			return
		}
		resp.Stored = n
	}
	writeJSON(w, http.StatusOK, resp)
}

// PutIdentities implements IdentityStorage. An erasure that arrives is
// followed by a WAL checkpoint, as a purge here is: the old page images
// with the erased values must not wait in the WAL for the next automatic
// one.
func (s *SQLite) PutIdentities(ctx context.Context, key TerminalKey, rows []wire.Identity) (int, error) {
	n, erased := 0, false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		n, erased = 0, false
		for _, x := range rows {
			res, err := tx.ExecContext(ctx, `INSERT INTO identities
				(facility, ref, terminal, category, salt, id_number, name, phone, unit, visiting, plate, last_seen, erased)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (facility, ref) DO UPDATE SET salt = excluded.salt, id_number = excluded.id_number,
					name = excluded.name, phone = excluded.phone, unit = excluded.unit, visiting = excluded.visiting,
					plate = excluded.plate, last_seen = max(last_seen, excluded.last_seen), erased = excluded.erased
				WHERE erased = ''`,
				key.Facility, x.Ref, key.Name, x.Category, nilIfEmpty(x.Salt), x.IDNumber, x.Name, x.Phone, x.Unit,
				x.Visiting, x.Plate, x.LastSeen, x.Erased)
			if err != nil {
				return err
			}
			if c, _ := res.RowsAffected(); c > 0 {
				n++
				erased = erased || x.Erased != ""
			}
		}
		if erased {
			_, err := tx.ExecContext(ctx, stampTombs, changeFloor(time.Now()))
			return err
		}
		return nil
	})
	if err == nil && erased {
		_, err = s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	return n, err
}

// Identity implements IdentityStorage.
func (s *SQLite) Identity(ctx context.Context, facility, ref string) (wire.Identity, bool, error) {
	var x wire.Identity
	err := s.r.QueryRowContext(ctx, `SELECT ref, category, salt, id_number, name, phone, unit, visiting, plate, last_seen, erased
		FROM identities WHERE facility = ? AND ref = ?`, facility, ref).
		Scan(&x.Ref, &x.Category, &x.Salt, &x.IDNumber, &x.Name, &x.Phone, &x.Unit, &x.Visiting, &x.Plate, &x.LastSeen, &x.Erased)
	if errors.Is(err, sql.ErrNoRows) {
		return x, false, nil
	}
	return x, err == nil, err
}

// PurgeIdentities implements IdentityStorage. The database runs with
// secure_delete on (sqlitedb.DSN), so the update zeroes what it frees; the
// WAL, which still holds the old pages, is then checkpointed and truncated.
// A VACUUM would rewrite the whole file, far too much for a daily purge of
// a hub's millions of records: `hub purge` asks for it (Vacuum).
func (s *SQLite) PurgeIdentities(ctx context.Context, before string, at time.Time) (map[string]int, error) {
	out := map[string]int{}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		clear(out)
		rows, err := tx.QueryContext(ctx, `SELECT category, COUNT(*) FROM identities WHERE erased = '' AND last_seen < ? GROUP BY category`, before)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c string
			var n int
			if err := rows.Scan(&c, &n); err != nil {
				rows.Close()
				return err
			}
			out[c] = n
		}
		if err := rows.Close(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE identities SET `+hubEraseCols+`, erased = ? WHERE erased = '' AND last_seen < ?`, at.UTC().Format(time.RFC3339), before)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, stampTombs, changeFloor(time.Now()))
		return err
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	_, err = s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return out, err
}

// Vacuum rewrites the database without its free pages and truncates the
// WAL after: what `hub purge` does after erasing.
func (s *SQLite) Vacuum(ctx context.Context) error {
	for _, q := range []string{"VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := s.w.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// PutIdentities implements IdentityStorage.
func (s *Postgres) PutIdentities(ctx context.Context, key TerminalKey, rows []wire.Identity) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		n = 0
		erased := false // an erasure this push made, not a row already erased sent again
		// One batch, one round trip: a post sends up to wire.MaxIdentities
		// rows, and a round trip each held the transaction open that long.
		var b pgx.Batch
		for _, x := range rows {
			b.Queue(`INSERT INTO identities
				(facility, ref, terminal, category, salt, id_number, name, phone, unit, visiting, plate, last_seen, erased)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
				ON CONFLICT (facility, ref) DO UPDATE SET salt = excluded.salt, id_number = excluded.id_number,
					name = excluded.name, phone = excluded.phone, unit = excluded.unit, visiting = excluded.visiting,
					plate = excluded.plate, last_seen = greatest(identities.last_seen, excluded.last_seen), erased = excluded.erased
				WHERE identities.erased = ''`,
				key.Facility, x.Ref, key.Name, x.Category, nilIfEmpty(x.Salt), x.IDNumber, x.Name, x.Phone, x.Unit,
				x.Visiting, x.Plate, x.LastSeen, x.Erased).Exec(func(tag pgconn.CommandTag) error {
				if tag.RowsAffected() > 0 {
					n++
					erased = erased || x.Erased != ""
				}
				return nil
			})
		}
		if err := tx.SendBatch(ctx, &b).Close(); err != nil {
			return plainNul(err)
		}
		if erased {
			// The table lock is taken only for an erasure made now.
			return pgStampTombs(ctx, tx)
		}
		return nil
	})
	return n, err
}

// Identity implements IdentityStorage.
func (s *Postgres) Identity(ctx context.Context, facility, ref string) (wire.Identity, bool, error) {
	var x wire.Identity
	err := s.pool.QueryRow(ctx, `SELECT ref, category, salt, id_number, name, phone, unit, visiting, plate, last_seen, erased
		FROM identities WHERE facility = $1 AND ref = $2`, facility, ref).
		Scan(&x.Ref, &x.Category, &x.Salt, &x.IDNumber, &x.Name, &x.Phone, &x.Unit, &x.Visiting, &x.Plate, &x.LastSeen, &x.Erased)
	if errors.Is(err, pgx.ErrNoRows) {
		return x, false, nil
	}
	return x, err == nil, err
}

// PurgeIdentities implements IdentityStorage. PostgreSQL keeps a dead
// row's old version in the table until a vacuum, so the table is rewritten
// (VACUUM FULL, a short exclusive lock on this small table). Its WAL
// segments keep the old values until the server recycles them; that is
// the server's configuration to bound, not the hub's.
func (s *Postgres) PurgeIdentities(ctx context.Context, before string, at time.Time) (map[string]int, error) {
	out := map[string]int{}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		clear(out)
		rows, err := tx.Query(ctx, `SELECT category, COUNT(*) FROM identities WHERE erased = '' AND last_seen < $1 GROUP BY category`, before)
		if err != nil {
			return err
		}
		var c string
		var n int
		if _, err := pgx.ForEachRow(rows, []any{&c, &n}, func() error { out[c] = n; return nil }); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE identities SET `+hubEraseCols+`, erased = $1 WHERE erased = '' AND last_seen < $2`, at.UTC().Format(time.RFC3339), before)
		if err != nil {
			return err
		}
		return pgStampTombs(ctx, tx)
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	_, err = s.pool.Exec(ctx, "VACUUM FULL identities") // rewrites the table: the dead versions go, not only their space
	return out, err
}

// IdentitiesOf implements IdentityStorage.
func (s *SQLite) IdentitiesOf(ctx context.Context, facility string, refs []string) ([]wire.Identity, error) {
	var out []wire.Identity
	for len(refs) > 0 {
		part := refs[:min(500, len(refs))]
		refs = refs[len(part):]
		args := []any{facility}
		for _, r := range part {
			args = append(args, r)
		}
		rows, err := s.r.QueryContext(ctx, `SELECT `+identityHubCols+` FROM identities WHERE facility = ? AND ref IN (?`+
			strings.Repeat(", ?", len(part)-1)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var x wire.Identity
			if err := rows.Scan(identityDest(&x)...); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, x)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// IdentitiesOf implements IdentityStorage.
func (s *Postgres) IdentitiesOf(ctx context.Context, facility string, refs []string) ([]wire.Identity, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+identityHubCols+` FROM identities WHERE facility = $1 AND ref = ANY($2)`, facility, refs)
	if err != nil {
		return nil, err
	}
	var out []wire.Identity
	var x wire.Identity
	_, err = pgx.ForEachRow(rows, identityDest(&x), func() error { out = append(out, x); return nil })
	return out, err
}

const identityHubCols = `ref, category, salt, id_number, name, phone, unit, visiting, plate, last_seen, erased, terminal`

// feedIdentities adds to a feed page the registry rows its records name.
func feedIdentities(ctx context.Context, st Storage, facility string, f *wire.Feed) error {
	ids, ok := st.(IdentityStorage)
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	var refs []string
	for _, r := range f.Records {
		if !bytes.Contains(r.Body, []byte(`"ident":`)) {
			continue
		}
		var b struct {
			Ident string `json:"ident"`
		}
		if json.Unmarshal(r.Body, &b) == nil && b.Ident != "" && !seen[b.Ident] {
			seen[b.Ident] = true
			refs = append(refs, b.Ident)
		}
	}
	if len(refs) == 0 {
		return nil
	}
	rows, err := ids.IdentitiesOf(ctx, facility, refs)
	// A row an older hub took in unchecked is not served: the posts would
	// refuse it anyway. No day bound here: the feed has no clock, and a
	// post checks last_seen against its own.
	f.Identities = slices.DeleteFunc(rows, func(x wire.Identity) bool { return x.Row().Check("") != nil })
	return err
}

func nilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

// identityDest lists x's fields in the order of identityHubCols, for a scan.
func identityDest(x *wire.Identity) []any {
	return []any{&x.Ref, &x.Category, &x.Salt, &x.IDNumber, &x.Name, &x.Phone, &x.Unit, &x.Visiting, &x.Plate, &x.LastSeen, &x.Erased, &x.Terminal}
}

// EnforceRetention erases the identities last seen more than days ago (at
// now, in now's location) and writes what it did, if anything, to the audit
// log: category and count, never who.
//
// A facility whose retention set here (gatepost hub retention) is stricter
// has its own erased by that, audited per facility.
func EnforceRetention(ctx context.Context, st Storage, days int, now time.Time) (map[string]int, error) {
	ids, ok := st.(IdentityStorage)
	if !ok {
		return nil, nil
	}
	done := map[string]int{}
	if err := enforceFacilities(ctx, ids, st, days, now, done); err != nil {
		return done, err
	}
	if days <= 0 {
		return done, nil
	}
	before := now.AddDate(0, 0, -days).Format(DayLayout)
	hubDone, err := ids.PurgeIdentities(ctx, before, now)
	for c, n := range hubDone {
		done[c] += n
	}
	if err != nil || len(hubDone) == 0 {
		return done, err
	}
	var parts []string
	for _, c := range slices.Sorted(maps.Keys(hubDone)) {
		parts = append(parts, fmt.Sprintf("%d %s", hubDone[c], c))
	}
	err = st.AddAudit(ctx, AuditEntry{At: now, User: "(retention)", Action: "identity.purge",
		Detail: fmt.Sprintf("erased %s identities last seen before %s (retention %d days)", strings.Join(parts, ", "), before, days)})
	return done, err
}

// enforceFacilities erases, in each facility whose retention set here
// (SetRetention) is stricter than the hub's days, what is past it: the
// hub keeps no more than it tells the facility's posts to keep. Each
// facility's erasure is audited like the hub's own.
func enforceFacilities(ctx context.Context, ids IdentityStorage, st Storage, days int, now time.Time, done map[string]int) error {
	rs, err := ids.Retentions(ctx)
	if err != nil {
		return err
	}
	for _, f := range slices.Sorted(maps.Keys(rs)) {
		r := rs[f]
		var parts []string
		for _, c := range []struct {
			cat string
			n   int
		}{{string(identity.Visitor), r.VisitorDays}, {string(identity.Vehicle), r.VehicleDays}} {
			if c.n <= 0 || (days > 0 && c.n >= days) {
				continue
			}
			before := now.AddDate(0, 0, -c.n).Format(DayLayout)
			n, err := ids.PurgeFacility(ctx, f, c.cat, before, now)
			if err != nil {
				return err
			}
			if n > 0 {
				done[c.cat] += n
				parts = append(parts, fmt.Sprintf("%d %s identities last seen before %s (facility retention %d days)", n, c.cat, before, c.n))
			}
		}
		if len(parts) > 0 {
			if err := st.AddAudit(ctx, AuditEntry{At: now, User: "(retention)", Action: "identity.purge",
				Detail: fmt.Sprintf("facility %s: erased %s", f, strings.Join(parts, ", "))}); err != nil {
				return err
			}
		}
	}
	return nil
}

// RunRetention enforces the retention once a day, at the first check of
// each day (hourly), until ctx ends. Failures are logged and retried the
// next hour.
//
// days 0 leaves the hub-wide retention off; a facility's own (SetRetention)
// is still enforced.
func RunRetention(ctx context.Context, st Storage, days int, now func() time.Time, log *slog.Logger) {
	done := ""
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if day := now().Format(DayLayout); day != done {
			if _, err := EnforceRetention(ctx, st, days, now()); err != nil {
				log.Error("identity retention", "err", err)
			} else {
				done = day
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// stampTombs gives the rows erased in this transaction (tomb still 0) the
// next tombstone number: the scalar subquery is evaluated once, so one
// erasure's rows share a number, and the feed orders them by (tomb, ref).
// SQLite has one writer, so numbers are given in commit order: a post
// that read the tombstones up to a number never misses one given later.
// The number is never below changeFloor, as change values: a hub restored
// from a backup would otherwise give its next erasures the numbers of
// those lost with the restore, which the posts have passed — and they
// would keep the names the hub erased.
const stampTombs = `UPDATE identities SET tomb = max((SELECT COALESCE(MAX(tomb), 0) + 1 FROM identities), ?)
	WHERE erased <> '' AND tomb = 0`

// pgStampTombsSQL is stampTombs in PostgreSQL's words.
const pgStampTombsSQL = `UPDATE identities SET tomb = GREATEST((SELECT COALESCE(MAX(tomb), 0) + 1 FROM identities), $1)
	WHERE erased <> '' AND tomb = 0`

// pgStampTombs is stampTombs on PostgreSQL, where writers run at once: the
// table lock (which lets readers through) makes erasures take their
// numbers one at a time, in commit order. Erasures are rare (a daily
// purge, a terminal's own); ordinary pushes of live rows never take it.
func pgStampTombs(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, "LOCK TABLE identities IN EXCLUSIVE MODE"); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, pgStampTombsSQL, changeFloor(time.Now()))
	return err
}

// ErasuresAfter implements IdentityStorage.
func (s *SQLite) ErasuresAfter(ctx context.Context, facility string, after wire.Tomb, limit int) ([]wire.Tomb, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT tomb, ref FROM identities WHERE facility = ? AND tomb > 0 AND (tomb, ref) > (?, ?)
		ORDER BY tomb, ref LIMIT ?`, facility, after.N, after.Ref, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wire.Tomb
	for rows.Next() {
		var t wire.Tomb
		if err := rows.Scan(&t.N, &t.Ref); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// ErasuresAfter implements IdentityStorage.
func (s *Postgres) ErasuresAfter(ctx context.Context, facility string, after wire.Tomb, limit int) ([]wire.Tomb, error) {
	rows, err := s.pool.Query(ctx, `SELECT tomb, ref FROM identities WHERE facility = $1 AND tomb > 0 AND (tomb, ref) > ($2, $3)
		ORDER BY tomb, ref LIMIT $4`, facility, after.N, after.Ref, limit)
	if err != nil {
		return nil, err
	}
	var out []wire.Tomb
	var t wire.Tomb
	_, err = pgx.ForEachRow(rows, []any{&t.N, &t.Ref}, func() error { out = append(out, t); return nil })
	return out, err
}

// maxTombs bounds the tombstones of one feed page.
const maxTombs = 2000

// feedErasures adds to a feed page the facility's tombstones after the
// post's cursor (§15): a row erased here after the post took it from the
// feed is erased there too.
func feedErasures(ctx context.Context, st Storage, facility string, after wire.Tomb, f *wire.Feed) error {
	ids, ok := st.(IdentityStorage)
	if !ok {
		return nil
	}
	ts, err := ids.ErasuresAfter(ctx, facility, after, maxTombs)
	if err != nil {
		return err
	}
	for _, t := range ts {
		f.Erased = append(f.Erased, t.Ref)
	}
	if len(ts) > 0 {
		f.ErasedThrough = ts[len(ts)-1].String()
	}
	r, err := ids.RetentionOf(ctx, facility)
	if err != nil {
		return err
	}
	f.Retention = &r // sent even when unset, so that a setting cleared here is cleared at the posts
	return nil
}

// SetRetention implements IdentityStorage.
func (s *SQLite) SetRetention(ctx context.Context, facility string, r wire.Retention) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO facility_retention (facility, visitor_days, vehicle_days, health_days)
		VALUES (?, ?, ?, ?) ON CONFLICT (facility) DO UPDATE SET visitor_days = excluded.visitor_days,
		vehicle_days = excluded.vehicle_days, health_days = excluded.health_days`, facility, r.VisitorDays, r.VehicleDays, r.HealthDays)
	return err
}

// RetentionOf implements IdentityStorage.
func (s *SQLite) RetentionOf(ctx context.Context, facility string) (wire.Retention, error) {
	var r wire.Retention
	err := s.r.QueryRowContext(ctx, `SELECT visitor_days, vehicle_days, health_days FROM facility_retention WHERE facility = ?`, facility).
		Scan(&r.VisitorDays, &r.VehicleDays, &r.HealthDays)
	if errors.Is(err, sql.ErrNoRows) {
		return wire.Retention{}, nil
	}
	return r, err
}

// SetRetention implements IdentityStorage.
func (s *Postgres) SetRetention(ctx context.Context, facility string, r wire.Retention) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO facility_retention (facility, visitor_days, vehicle_days, health_days)
		VALUES ($1, $2, $3, $4) ON CONFLICT (facility) DO UPDATE SET visitor_days = excluded.visitor_days,
		vehicle_days = excluded.vehicle_days, health_days = excluded.health_days`, facility, r.VisitorDays, r.VehicleDays, r.HealthDays)
	return err
}

// RetentionOf implements IdentityStorage.
func (s *Postgres) RetentionOf(ctx context.Context, facility string) (wire.Retention, error) {
	var r wire.Retention
	err := s.pool.QueryRow(ctx, `SELECT visitor_days, vehicle_days, health_days FROM facility_retention WHERE facility = $1`, facility).
		Scan(&r.VisitorDays, &r.VehicleDays, &r.HealthDays)
	if errors.Is(err, pgx.ErrNoRows) {
		return wire.Retention{}, nil
	}
	return r, err
}

// Retentions implements IdentityStorage.
func (s *SQLite) Retentions(ctx context.Context) (map[string]wire.Retention, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT facility, visitor_days, vehicle_days, health_days FROM facility_retention`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]wire.Retention{}
	for rows.Next() {
		var f string
		var r wire.Retention
		if err := rows.Scan(&f, &r.VisitorDays, &r.VehicleDays, &r.HealthDays); err != nil {
			return nil, err
		}
		out[f] = r
	}
	return out, rows.Err()
}

// Retentions implements IdentityStorage.
func (s *Postgres) Retentions(ctx context.Context) (map[string]wire.Retention, error) {
	rows, err := s.pool.Query(ctx, `SELECT facility, visitor_days, vehicle_days, health_days FROM facility_retention`)
	if err != nil {
		return nil, err
	}
	out := map[string]wire.Retention{}
	var f string
	var r wire.Retention
	_, err = pgx.ForEachRow(rows, []any{&f, &r.VisitorDays, &r.VehicleDays, &r.HealthDays}, func() error { out[f] = r; return nil })
	return out, err
}

// PurgeFacility implements IdentityStorage, as PurgeIdentities does for
// every facility.
func (s *SQLite) PurgeFacility(ctx context.Context, facility, category, before string, at time.Time) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE identities SET `+hubEraseCols+`, erased = ? WHERE facility = ? AND category = ? AND erased = '' AND last_seen < ?`,
			at.UTC().Format(time.RFC3339), facility, category, before)
		if err != nil {
			return err
		}
		c, _ := res.RowsAffected()
		n = int(c)
		if n == 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, stampTombs, changeFloor(time.Now()))
		return err
	})
	if err != nil || n == 0 {
		return n, err
	}
	_, err = s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return n, err
}

// PurgeFacility implements IdentityStorage.
func (s *Postgres) PurgeFacility(ctx context.Context, facility, category, before string, at time.Time) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE identities SET `+hubEraseCols+`, erased = $1 WHERE facility = $2 AND category = $3 AND erased = '' AND last_seen < $4`,
			at.UTC().Format(time.RFC3339), facility, category, before)
		if err != nil {
			return err
		}
		n = int(tag.RowsAffected())
		if n == 0 {
			return nil
		}
		return pgStampTombs(ctx, tx)
	})
	if err != nil || n == 0 {
		return n, err
	}
	_, err = s.pool.Exec(ctx, "VACUUM FULL identities")
	return n, err
}
