package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"gatepost/config"
	"gatepost/gate"
	"gatepost/record"
)

// What a person's status is folded from (§11), and how far back: a fever
// bar, a clearance and a standby stint count at any age; readings,
// crossings, check-ins and the day's list only from yesterday on (a first
// fever reading's recheck comes within minutes, and one never rechecked is
// on that day's gaps list; a confirmed fever is an incident, read at any
// age); an override of a crossing (a
// contact, an on-site day) over the last overrideDays, the longest a
// rotation period may last. The index records_badge_day (migration 009)
// finds each part without reading the log.
const (
	readingDays  = 1
	overrideDays = 92
)

// statusSQL is the status query over one table of records (own or peers').
func statusSQL(table, cols string) string {
	return `SELECT ` + cols + ` FROM ` + table + ` r WHERE json_extract(r.body, '$.badge') = ?1
			AND r.kind IN ('incident', 'clearance', 'standby.start', 'standby.end', 'standby.callup')
		UNION ALL
		SELECT ` + cols + ` FROM ` + table + ` r WHERE json_extract(r.body, '$.badge') = ?1 AND r.day >= ?2
			AND r.kind IN ('passage', 'temperature', 'standby.checkin', 'kitchen.check', 'attendance')
		UNION ALL
		SELECT ` + cols + ` FROM ` + table + ` r WHERE json_extract(r.body, '$.badge') = ?1 AND r.day >= ?3 AND r.day < ?2
			AND r.kind = 'passage' AND r.id IN (SELECT o.ref FROM ` + table + ` o WHERE o.kind = 'override' AND o.day >= ?3)
		UNION ALL
		SELECT ` + cols + ` FROM ` + table + ` r WHERE r.kind = 'override' AND r.day >= ?3 AND r.ref IN (
			SELECT p.id FROM ` + table + ` p WHERE json_extract(p.body, '$.badge') = ?1 AND p.day >= ?3 AND p.kind = 'passage')`
}

// The status queries over this terminal's records and its peers', built
// once: they are prepared statements (Store.statusOwn, statusPeers).
var (
	statusOwnSQL   = statusSQL("records", facilityRowCols)
	statusPeersSQL = statusSQL("peer_records", facilityRowCols)
)

// StatusEvents returns the records a person's status is folded from at
// now: those naming the badge (within the windows above) and the overrides
// of their crossings, each with whether it was voided — this terminal's and
// its facility's other terminals' (the feed, §12), in the order they
// happened.
func (s *Store) StatusEvents(ctx context.Context, badge string, now time.Time) ([]gate.Event, error) {
	reading, override := Day(now.AddDate(0, 0, -readingDays)), Day(now.AddDate(0, 0, -overrideDays))
	var all []gate.Event
	for _, q := range []struct {
		stmt  *prepared
		query string
	}{{&s.statusOwn, statusOwnSQL}, {&s.statusPeers, statusPeersSQL}} {
		stmt, err := q.stmt.get(s.r, q.query)
		if err != nil {
			return nil, err
		}
		rows, err := stmt.QueryContext(ctx, badge, reading, override)
		if err != nil {
			return nil, fmt.Errorf("store: status events: %w", err)
		}
		rs, err := scanRows(rows)
		if err != nil {
			return nil, err
		}
		all = append(all, Events(rs)...)
	}
	sort.SliceStable(all, func(i, j int) bool { return record.Before(all[i].Record, all[j].Record) })
	return all, nil
}

// facilityRowCols are rowCols for a facility-wide read, of this terminal's
// records or of its peers' (the two tables have these columns alike): a
// record is voided or overridden by a record of any terminal of the
// facility held here — a void written at the post next door counts. The
// `ref <> ”` lets SQLite use the partial ref indexes.
const facilityRowCols = `r.seq, r.id, r.terminal, r.facility, r.kind, r.gate, r.guard, r.at, r.body, r.prev, r.hash,
	` + facilityVoided + `,
	EXISTS (SELECT 1 FROM peer_records o WHERE o.ref = r.id AND o.ref <> '' AND o.kind = 'override')
		OR EXISTS (SELECT 1 FROM records o WHERE o.ref = r.id AND o.ref <> '' AND o.kind = 'override')`

// facilityVoided is whether a void of any terminal of the facility held
// here points at the record aliased r (see facilityRowCols).
const facilityVoided = `EXISTS (SELECT 1 FROM peer_records v WHERE v.ref = r.id AND v.ref <> '' AND v.kind = 'void')
		OR EXISTS (SELECT 1 FROM records v WHERE v.ref = r.id AND v.ref <> '' AND v.kind = 'void')`

// StatusOf derives a person's closed-management status now (§11) from this
// terminal's records, the rotation plan and the facility's profile (the
// settings `profile` and `nat_hours`: under the epidemic profile, the
// default, leaving standby or observation needs a recent negative
// nucleic-acid result on record).
func (s *Store) StatusOf(ctx context.Context, p gate.Person, now time.Time, fever record.Tenths) (gate.Status, error) {
	evs, err := s.StatusEvents(ctx, p.Badge, now)
	if err != nil {
		return gate.Status{}, err
	}
	plan, err := s.RotationOf(ctx, p.Badge)
	if err != nil {
		return gate.Status{}, err
	}
	health, err := s.ClosedHealth(ctx)
	if err != nil {
		return gate.Status{}, err
	}
	return gate.StatusOf(gate.StatusInput{Person: p, Plan: plan, Events: evs, Fever: fever, Now: now, Health: health}), nil
}

// ClosedHealth is the facility's profile and the age a nucleic-acid result
// may have, from the settings `config set` writes (config.KeyProfile,
// config.KeyNATHours): epidemic and gate.DefaultNATHours when unset. A
// stored value that does not parse (written by hand into the database) is
// an error naming the setting: a profile guessed would decide crossings.
// With an error the config is zero: the defaults live in
// config.ResolveClosed alone.
func (s *Store) ClosedHealth(ctx context.Context) (gate.HealthConfig, error) {
	stmt, err := s.closedHealth.get(s.r, closedHealthSQL)
	if err != nil {
		return gate.HealthConfig{}, err
	}
	rows, err := stmt.QueryContext(ctx)
	if err != nil {
		return gate.HealthConfig{}, fmt.Errorf("store: profile: %w", err)
	}
	defer rows.Close()
	set := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return gate.HealthConfig{}, err
		}
		set[k] = v
	}
	if err := rows.Err(); err != nil {
		return gate.HealthConfig{}, err
	}
	// Read as the console reads them (config.ResolveClosed): the status
	// rule and gate 1's questions must never disagree on the profile.
	c, err := config.ResolveClosed(set)
	if err != nil {
		err = fmt.Errorf("store: %w", err)
	}
	return c.Health, err
}

// closedHealthSQL reads the settings ClosedHealth takes.
const closedHealthSQL = `SELECT key, value FROM settings WHERE key IN ('` + config.KeyProfile + `', '` + config.KeyNATHours + `')`
