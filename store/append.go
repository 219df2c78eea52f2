package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gatepost/gate"
	"gatepost/identity"
	"gatepost/record"
)

// Draft is a record before the store gives it an id, seq and place in the chain.
type Draft struct {
	Kind  record.Kind
	Gate  int
	Guard string
	At    time.Time // zero means now
	Body  any       // a body struct, marshalled to canonical JSON
	ID    string    // optional; a fresh UUIDv7 when empty
	// Identities are the registry rows (§15) the body refers to by
	// reference, written in the record's transaction: a record never
	// points at a row that was not saved, nor a row is saved without it.
	Identities []identity.Row
	// Health are the health details (§15) the body refers to by reference,
	// written in the same transaction for the same reason.
	Health []identity.HealthRow
}

// DayLayout is the layout of the local date records are grouped by.
const DayLayout = "2006-01-02"

// Day is the local calendar day of t, as stored in the day column.
func Day(t time.Time) string { return t.Format(DayLayout) }

// Append seals one draft into the chain and commits it durably: when Append
// returns nil the record has been fsync'd (WAL with synchronous=FULL).
func (s *Store) Append(ctx context.Context, d Draft) (record.Record, error) {
	rs, err := s.AppendBatch(ctx, []Draft{d})
	if err != nil {
		return record.Record{}, err
	}
	return rs[0], nil
}

// AppendBatch seals drafts into the chain, in order, in one transaction: all
// of them are saved or none is.
func (s *Store) AppendBatch(ctx context.Context, ds []Draft) ([]record.Record, error) {
	return s.appendWith(ctx, ds, nil)
}

// SetSettingRecorded stores a setting and appends the draft that records
// the change (a config.change) in one transaction: the setting never
// changes without its record, nor the record without the setting.
func (s *Store) SetSettingRecorded(ctx context.Context, key, value string, d Draft) (record.Record, error) {
	rs, err := s.appendWith(ctx, []Draft{d}, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		return err
	})
	if err != nil {
		return record.Record{}, err
	}
	return rs[0], nil
}

// appendWith seals ds into the chain and runs also (when not nil) in the
// same transaction.
func (s *Store) appendWith(ctx context.Context, ds []Draft, also func(*sql.Tx) error) ([]record.Record, error) {
	id, err := s.Identity(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]record.Record, len(ds))
	for i, d := range ds {
		r, err := s.prepare(id, d)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", i+1, err)
		}
		out[i] = r
	}

	tx, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	for _, d := range ds {
		for _, r := range d.Identities {
			if err := putIdentity(ctx, tx, r, ""); err != nil {
				return nil, fmt.Errorf("store: %w", err)
			}
		}
		for _, h := range d.Health {
			if err := putHealth(ctx, tx, h); err != nil {
				return nil, fmt.Errorf("store: %w", err)
			}
		}
	}
	if also != nil {
		if err := also(tx); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	var lastSeq int64
	var prev string
	err = tx.QueryRowContext(ctx, `SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1`).Scan(&lastSeq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: last record: %w", err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO records
		(seq, id, terminal, facility, kind, gate, guard, at, day, body, prev, hash, ref, mono_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer stmt.Close()
	mono := time.Since(s.started).Milliseconds()
	for i := range out {
		r := &out[i]
		lastSeq++
		r.Seq = lastSeq
		r.Seal(prev)
		prev = r.Hash
		if _, err := stmt.ExecContext(ctx, r.Seq, r.ID, r.Terminal, r.Facility, string(r.Kind), r.Gate, r.Guard,
			r.AtString(), Day(r.At), string(r.Body), r.Prev, r.Hash, refOf(*r), mono); err != nil {
			return nil, fmt.Errorf("store: insert: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: commit: %w", err)
	}
	return out, nil
}

func (s *Store) prepare(id Identity, d Draft) (record.Record, error) {
	if !d.Kind.Valid() {
		return record.Record{}, fmt.Errorf("unknown kind %q", d.Kind)
	}
	if d.Gate < 0 || d.Gate > record.MaxGate {
		return record.Record{}, fmt.Errorf("gate %d out of range", d.Gate)
	}
	if v, ok := d.Body.(record.Validator); ok {
		if err := v.Validate(); err != nil {
			return record.Record{}, err
		}
	}
	body, err := record.EncodeBody(d.Body)
	if err != nil {
		return record.Record{}, err
	}
	if body, err = cleanBody(body); err != nil {
		return record.Record{}, err
	}
	at := d.At
	if at.IsZero() {
		at = time.Now()
	}
	rid := d.ID
	if rid == "" {
		rid = record.NewID()
	}
	return record.Record{
		ID: rid, Terminal: id.Terminal, Facility: id.FacilityID, Kind: d.Kind, Gate: d.Gate,
		Guard: d.Guard, At: at.Truncate(time.Millisecond), Body: body,
	}, nil
}

// refOf extracts the id a record points at, so voided and overridden records
// are found by index instead of by scanning bodies.
func refOf(r record.Record) string {
	var probe struct {
		Target  string `json:"target"`
		Related string `json:"related"`
	}
	switch r.Kind {
	case record.Void, record.Override, record.Incident:
		if json.Unmarshal(r.Body, &probe) == nil {
			if probe.Target != "" {
				return probe.Target
			}
			return probe.Related
		}
	}
	return ""
}

// cleanBody strips control characters, escape sequences and bidi controls
// from every string in a canonical body (gate.CleanText): whatever a form
// or a pasted text carried, no record holds anything a terminal would obey
// when the record is shown, printed or reported. A body without any (the
// common case: canonical JSON writes C0 controls as \u escapes, so one
// scan of the bytes tells) is returned as it is.
func cleanBody(body json.RawMessage) (json.RawMessage, error) {
	if !bytes.Contains(body, []byte(`\u`)) && !bytes.Contains(body, []byte(`\r`)) && !gate.HasControls(string(body), true) {
		return body, nil
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("body: %w", err)
	}
	return record.EncodeBody(cleanValue(v))
}

func cleanValue(v any) any {
	switch x := v.(type) {
	case string:
		return gate.CleanText(x)
	case map[string]any:
		for k, e := range x {
			x[k] = cleanValue(e)
		}
	case []any:
		for i, e := range x {
			x[i] = cleanValue(e)
		}
	}
	return v
}
