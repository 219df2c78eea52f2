package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"time"

	"gatepost/gate"
	"gatepost/identity"
	"gatepost/record"
)

// putHealth writes a health detail in the transaction of the record that
// names it. A reference is random and made once: a row already there is
// left as it is, erased or not.
func putHealth(ctx context.Context, tx *sql.Tx, h identity.HealthRow) error {
	d, err := json.Marshal(h.Detail)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO health_details (ref, salt, detail, at, erased) VALUES (?, ?, ?, ?, '')
		ON CONFLICT (ref) DO NOTHING`, h.Ref, h.Salt, string(d), h.At.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("health detail %s: %w", h.Ref, err)
	}
	return nil
}

// HealthOf reads the health detail ref names; false when there is none
// here (the record was made on another terminal, whose details stay
// there). An erased row is returned with Erased set and no detail.
func (s *Store) HealthOf(ctx context.Context, ref string) (identity.HealthRow, bool, error) {
	var h identity.HealthRow
	var salt []byte
	var detail, at string
	err := s.r.QueryRowContext(ctx, `SELECT ref, salt, detail, at, erased FROM health_details WHERE ref = ?`, ref).
		Scan(&h.Ref, &salt, &detail, &at, &h.Erased)
	if errors.Is(err, sql.ErrNoRows) {
		return identity.HealthRow{}, false, nil
	}
	if err != nil {
		return identity.HealthRow{}, false, fmt.Errorf("store: health detail: %w", err)
	}
	h.Salt = salt
	h.At, _ = time.Parse(time.RFC3339Nano, at)
	if detail != "" {
		if err := json.Unmarshal([]byte(detail), &h.Detail); err != nil {
			return identity.HealthRow{}, false, fmt.Errorf("store: health detail %s: %w", ref, err)
		}
	}
	return h, true, nil
}

// ProfileSwitches reads the changes of the epidemic profile this terminal
// recorded (config.change of "profile"), oldest first: health retention
// counts from the profile's end.
func (s *Store) ProfileSwitches(ctx context.Context) ([]identity.ProfileSwitch, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT at, body FROM records WHERE kind = ? ORDER BY seq`, string(record.ConfigChange))
	if err != nil {
		return nil, fmt.Errorf("store: profile changes: %w", err)
	}
	defer rows.Close()
	var out []identity.ProfileSwitch
	for rows.Next() {
		var at, body string
		if err := rows.Scan(&at, &body); err != nil {
			return nil, fmt.Errorf("store: profile changes: %w", err)
		}
		var b record.ConfigChangeBody
		if json.Unmarshal([]byte(body), &b) != nil || b.Key != "profile" {
			continue
		}
		t, err := record.ParseAt(at)
		if err != nil {
			continue
		}
		out = append(out, identity.ProfileSwitch{At: t, Off: b.New != string(gate.ProfileEpidemic)})
	}
	return out, rows.Err()
}

// HealthCutoff is the moment before which this terminal's health details
// are past a retention of days after the epidemic profile was switched off
// (identity.HealthCutoff); identity.ErrNoCutoff when none is.
func (s *Store) HealthCutoff(ctx context.Context, days int, now time.Time) (time.Time, error) {
	sw, err := s.ProfileSwitches(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return identity.HealthCutoff(sw, days, now)
}

// PurgeHealth erases the health details recorded before before, and writes
// an identity.purge record of category "health" (how many, up to when,
// never whose) in the same transaction; nil when there was none. Salt and
// detail are blanked (secure_delete overwrites the freed bytes), and the
// WAL is checkpointed so its old page images go too. The records keep the
// reference and commitment, which now say nothing, and still verify.
func (s *Store) PurgeHealth(ctx context.Context, before, at time.Time) (*record.IdentityPurgeBody, error) {
	cut := before.UTC().Format(time.RFC3339Nano)
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM health_details WHERE erased = '' AND at < ?`, cut).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: purge: %w", err)
	}
	if n == 0 {
		return nil, nil
	}
	b := record.IdentityPurgeBody{Category: string(identity.Health), Count: n, Before: Day(before)}
	erased := at.Format(time.RFC3339)
	_, err := s.appendWith(ctx, []Draft{{Kind: record.IdentityPurge, At: at, Body: b}}, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE health_details SET salt = NULL, detail = '', erased = ?
			WHERE erased = '' AND at < ?`, erased, cut)
		if err != nil {
			return err
		}
		if m, _ := res.RowsAffected(); int(m) != n {
			return fmt.Errorf("the health details changed while purging (%d rows, %d counted): run it again", m, n)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &b, s.Scrub(ctx, false)
}

// PurgeRetention erases what is past the facility's retention (§15), as
// the console does every day: each identity category days[c] after its
// last visit (identity.Cutoffs), and the health details days[identity.Health]
// after the epidemic profile was switched off (HealthCutoff), when it has
// been. It returns the identity.purge bodies written, in that order.
//
// The hub's retention for the facility, as the feed last brought it
// (HubRetention), applies where it is stricter than days.
func (s *Store) PurgeRetention(ctx context.Context, days map[identity.Category]int, now time.Time) ([]record.IdentityPurgeBody, error) {
	hub, err := s.HubRetention(ctx)
	if err != nil {
		return nil, err
	}
	days = Stricter(days, hub)
	out, err := s.PurgeIdentities(ctx, identity.Cutoffs(days, now), now)
	if err != nil {
		return out, err
	}
	n, ok := days[identity.Health]
	if !ok {
		return out, nil
	}
	cut, err := s.HealthCutoff(ctx, n, now)
	if errors.Is(err, identity.ErrNoCutoff) {
		return out, nil
	}
	if err != nil {
		return out, err
	}
	b, err := s.PurgeHealth(ctx, cut, now)
	if b != nil {
		out = append(out, *b)
	}
	return out, err
}

// SetHubRetention keeps the facility's retention as the hub published it
// in the feed (days per category; 0 or absent: the hub leaves it to the
// terminal), replacing what was kept.
func (s *Store) SetHubRetention(ctx context.Context, days map[identity.Category]int) error {
	// Every feed page carries it: unchanged, nothing is written (the writer
	// is the guards' too).
	held, err := s.HubRetention(ctx)
	if err != nil {
		return err
	}
	if sameRetention(held, days) {
		return nil
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM hub_retention`); err != nil {
		return fmt.Errorf("store: hub retention: %w", err)
	}
	for c, n := range days {
		if n <= 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO hub_retention (category, days) VALUES (?, ?)`, string(c), n); err != nil {
			return fmt.Errorf("store: hub retention: %w", err)
		}
	}
	return tx.Commit()
}

// HubRetention reads the facility's retention as the hub published it.
func (s *Store) HubRetention(ctx context.Context) (map[identity.Category]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT category, days FROM hub_retention`)
	if err != nil {
		return nil, fmt.Errorf("store: hub retention: %w", err)
	}
	defer rows.Close()
	out := map[identity.Category]int{}
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		out[identity.Category(c)] = n
	}
	return out, rows.Err()
}

// Stricter is, per category, the shorter of own and the hub's retention:
// a facility's policy set at the hub binds every post, and a post may keep
// less but never more.
func Stricter(own, hub map[identity.Category]int) map[identity.Category]int {
	out := make(map[identity.Category]int, len(own)+len(hub))
	maps.Copy(out, own)
	for c, n := range hub {
		if o, ok := out[c]; n > 0 && (!ok || n < o) {
			out[c] = n
		}
	}
	return out
}

// HealthMismatch is a record whose health detail here does not match the
// commitment it carries: the row was swapped or altered.
type HealthMismatch struct {
	Seq int64
	Ref string
}

// CheckHealth checks every health detail this terminal's records name
// against the commitment the record carries (§15): live rows must match;
// erased rows and rows held elsewhere (a peer's) say nothing and are not
// counted. It returns how many were checked and the ones that fail.
func (s *Store) CheckHealth(ctx context.Context) (int, []HealthMismatch, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT seq, body FROM records WHERE body LIKE '%"health":%' ORDER BY seq`)
	if err != nil {
		return 0, nil, fmt.Errorf("store: health check: %w", err)
	}
	type named struct {
		seq         int64
		ref, commit string
	}
	var all []named
	for rows.Next() {
		var seq int64
		var body string
		if err := rows.Scan(&seq, &body); err != nil {
			rows.Close()
			return 0, nil, err
		}
		var b struct {
			Health string `json:"health"`
			Commit string `json:"health_commit"`
		}
		if json.Unmarshal([]byte(body), &b) == nil && b.Health != "" {
			all = append(all, named{seq, b.Health, b.Commit})
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return 0, nil, err
	}
	n := 0
	var bad []HealthMismatch
	for _, x := range all {
		h, ok, err := s.HealthOf(ctx, x.ref)
		if err != nil {
			return n, bad, err
		}
		if !ok || h.Erased != "" {
			continue
		}
		n++
		if !h.Matches(x.commit) {
			bad = append(bad, HealthMismatch{Seq: x.seq, Ref: x.ref})
		}
	}
	return n, bad, nil
}

// sameRetention compares retention settings as stored: a category at 0 or
// less is not kept.
func sameRetention(held, days map[identity.Category]int) bool {
	n := 0
	for c, d := range days {
		if d <= 0 {
			continue
		}
		if held[c] != d {
			return false
		}
		n++
	}
	return n == len(held)
}
