package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gatepost/record"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Peer is another terminal of this facility as the feed has brought it here.
type Peer struct {
	Terminal string
	HeadSeq  int64  // its records held here: 1..HeadSeq, verified
	HeadHash string // hash of HeadSeq
	// HubHeadSeq is the hub's head for it at the last pull: HeadSeq below
	// it means this terminal is behind on that post.
	HubHeadSeq int64
	LastPush   time.Time // when it last pushed to the hub; zero: never
	// RefusedSeq is the first record refused (its chain did not verify),
	// 0 when none; RefusedReason says why. Nothing after it is taken.
	RefusedSeq    int64
	RefusedReason string
	PulledAt      time.Time
}

// Peers returns the facility's other terminals known here, by name.
func (s *Store) Peers(ctx context.Context) ([]Peer, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT terminal, head_seq, head_hash, hub_head_seq, last_push,
		refused_seq, refused_reason, pulled_at FROM peers ORDER BY terminal`)
	if err != nil {
		return nil, fmt.Errorf("store: peers: %w", err)
	}
	defer rows.Close()
	var out []Peer
	for rows.Next() {
		var p Peer
		var push, pulled string
		if err := rows.Scan(&p.Terminal, &p.HeadSeq, &p.HeadHash, &p.HubHeadSeq, &push, &p.RefusedSeq, &p.RefusedReason, &pulled); err != nil {
			return nil, err
		}
		p.LastPush, _ = time.Parse(time.RFC3339, push)
		p.PulledAt, _ = time.Parse(time.RFC3339, pulled)
		out = append(out, p)
	}
	return out, rows.Err()
}

// PeerHead is what the hub said of a peer in a feed page.
type PeerHead struct {
	Terminal string
	HeadSeq  int64
	LastPush time.Time
}

// PeerRefusal is a peer record that failed verification, or (SetAside)
// one that verified but could not be stored here.
type PeerRefusal struct {
	Terminal string
	Seq      int64
	Reason   string
	// SetAside: the record verified and its peer's chain goes on past it,
	// but it is kept apart from the peers' records (PeersAside), not
	// decided on.
	SetAside bool
}

func (r PeerRefusal) Error() string {
	if r.SetAside {
		return fmt.Sprintf("peer %s: record %d set aside: %s", r.Terminal, r.Seq, r.Reason)
	}
	return fmt.Sprintf("peer %s: record %d refused: %s", r.Terminal, r.Seq, r.Reason)
}

// PeerAside is a peer record set aside: it verified, but could not be
// stored with the peers' records.
type PeerAside struct {
	Terminal, ID, Hash, Reason string
	Seq                        int64
	Record                     []byte // as served, record.Record's JSON
	At                         time.Time
}

// PeersAside returns the peer records set aside, by peer and seq.
func (s *Store) PeersAside(ctx context.Context) ([]PeerAside, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT terminal, seq, id, hash, reason, record, set_at FROM peer_aside ORDER BY terminal, seq`)
	if err != nil {
		return nil, fmt.Errorf("store: peers aside: %w", err)
	}
	defer rows.Close()
	var out []PeerAside
	for rows.Next() {
		var a PeerAside
		var rec, at string
		if err := rows.Scan(&a.Terminal, &a.Seq, &a.ID, &a.Hash, &a.Reason, &rec, &at); err != nil {
			return nil, err
		}
		a.Record = []byte(rec)
		a.At, _ = time.Parse(time.RFC3339, at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// sqliteJSONDepth is how deep SQLite's JSON functions read (JSON_MAX_DEPTH).
const sqliteJSONDepth = 1000

// unstorable says why err, of storing one peer record, is the record's
// own doing (SQLite refused what it holds: a body its JSON functions do
// not read, a value too big), and so a reason to set the record aside
// rather than fail the page; "" for anything else (busy, full, I/O, a
// cancelled context), which fails the page as before, to be pulled again.
func unstorable(err error) string {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return ""
	}
	// Not SQLITE_ERROR: a schema fault answers so too, and would set
	// every record aside without a word (the depth it met is checked
	// before the insert, NestsDeeper).
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_TOOBIG, sqlite3.SQLITE_CONSTRAINT, sqlite3.SQLITE_MISMATCH:
		return "could not be stored here: " + se.Error()
	}
	return ""
}

// ApplyFeed stores a page of the facility feed: the peers' heads as the hub
// reports them, and their records, each verified against its peer's chain as
// held here (the same terminal and facility, the next seq, the previous
// hash, a hash that matches, a well-formed record). The first record that
// fails is refused with its reason (reported once) and stays shown as refused; nothing after
// it of that peer is taken from the page, and the next pull asks again from
// the last good record, so a chain the hub serves right later is taken (and
// the refusal cleared). Records of other peers are not held up. Own records (this terminal's name) and records of another
// facility are refused. A record that verifies but that SQLite will not
// store (unstorable) is set aside (PeersAside) and reported with SetAside:
// its chain goes on past it, and the rest of the page is taken. It returns
// how many records were taken and the refusals. One transaction.
func (s *Store) ApplyFeed(ctx context.Context, heads []PeerHead, recs []record.Record, now time.Time) (taken int, refused []PeerRefusal, err error) {
	id, err := s.Identity(ctx)
	if err != nil {
		return 0, nil, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		taken, refused = 0, nil
		state := map[string]*Peer{}
		load := func(name string) (*Peer, error) {
			if p, ok := state[name]; ok {
				return p, nil
			}
			p := &Peer{Terminal: name}
			err := tx.QueryRowContext(ctx, `SELECT head_seq, head_hash, refused_seq FROM peers WHERE terminal = ?`, name).
				Scan(&p.HeadSeq, &p.HeadHash, &p.RefusedSeq)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, err
			}
			state[name] = p
			return p, nil
		}
		for _, h := range heads {
			if h.Terminal == id.Terminal {
				continue
			}
			if _, err := load(h.Terminal); err != nil {
				return err
			}
			push := ""
			if !h.LastPush.IsZero() {
				push = h.LastPush.UTC().Format(time.RFC3339)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO peers (terminal, hub_head_seq, last_push, pulled_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (terminal) DO UPDATE SET hub_head_seq = excluded.hub_head_seq, last_push = excluded.last_push,
					pulled_at = excluded.pulled_at`, h.Terminal, h.HeadSeq, push, now.UTC().Format(time.RFC3339)); err != nil {
				return err
			}
		}
		blocked := map[string]bool{} // a peer with a refusal in this page
		refuse := func(p *Peer, seq int64, reason string) error {
			blocked[p.Terminal] = true
			if p.RefusedSeq == seq {
				return nil // refused before, and recorded: not news
			}
			p.RefusedSeq = seq
			refused = append(refused, PeerRefusal{Terminal: p.Terminal, Seq: seq, Reason: reason})
			_, err := tx.ExecContext(ctx, `INSERT INTO peers (terminal, refused_seq, refused_reason) VALUES (?, ?, ?)
				ON CONFLICT (terminal) DO UPDATE SET refused_seq = excluded.refused_seq, refused_reason = excluded.refused_reason`,
				p.Terminal, seq, reason)
			return err
		}
		for _, r := range recs {
			if r.Terminal == id.Terminal || r.Terminal == "" {
				continue // never our own records through the feed
			}
			p, err := load(r.Terminal)
			if err != nil {
				return err
			}
			if r.Seq <= p.HeadSeq {
				continue // already held: a page pulled again
			}
			if blocked[r.Terminal] {
				continue
			}
			reason := ""
			checkErr := r.Check()
			switch {
			case r.Facility != id.FacilityID:
				reason = "another facility's record"
			case checkErr != nil:
				reason = checkErr.Error()
			case r.Seq != p.HeadSeq+1:
				reason = fmt.Sprintf("seq %d follows %d: a gap", r.Seq, p.HeadSeq)
			case r.Prev != p.HeadHash:
				reason = "prev does not match the hash of the record before it"
			}
			if reason != "" {
				if err := refuse(p, r.Seq, reason); err != nil {
					return err
				}
				continue
			}
			if record.NestsDeeper(r.Body, sqliteJSONDepth) {
				// Verified, and its peer's chain goes on past it, but
				// SQLite's JSON functions, which index peers' bodies, stop
				// here: set aside rather than fail every sync for good.
				why := fmt.Sprintf("could not be stored here: malformed JSON to SQLite, its body nests deeper than %d", sqliteJSONDepth)
				if err := setAside(ctx, tx, r, why, now); err != nil {
					return err
				}
				refused = append(refused, PeerRefusal{Terminal: r.Terminal, Seq: r.Seq, Reason: why, SetAside: true})
			} else if _, err := tx.ExecContext(ctx, `INSERT INTO peer_records
				(terminal, seq, id, facility, kind, gate, guard, at, day, body, prev, hash, ref)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
				r.Terminal, r.Seq, r.ID, r.Facility, string(r.Kind), r.Gate, r.Guard, r.AtString(), Day(r.At),
				string(r.Body), r.Prev, r.Hash, refOf(r)); err == nil {
				taken++
			} else if why := unstorable(err); why != "" {
				// SQLite undid the failed statement alone: the transaction
				// goes on. Stopping here stopped the whole feed, every
				// sync, for good: the hub serves the record again.
				if err := setAside(ctx, tx, r, why, now); err != nil {
					return err
				}
				refused = append(refused, PeerRefusal{Terminal: r.Terminal, Seq: r.Seq, Reason: why, SetAside: true})
			} else {
				return fmt.Errorf("store: peer record %s/%d: %w", r.Terminal, r.Seq, err)
			}
			p.HeadSeq, p.HeadHash = r.Seq, r.Hash
			if p.RefusedSeq != 0 && r.Seq >= p.RefusedSeq {
				p.RefusedSeq = 0 // the chain verified past what was refused
			}
		}
		for _, p := range state {
			if _, err := tx.ExecContext(ctx, `INSERT INTO peers (terminal, head_seq, head_hash, refused_seq) VALUES (?, ?, ?, ?)
				ON CONFLICT (terminal) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash,
					refused_seq = excluded.refused_seq,
					refused_reason = CASE WHEN excluded.refused_seq = 0 THEN '' ELSE refused_reason END`,
				p.Terminal, p.HeadSeq, p.HeadHash, p.RefusedSeq); err != nil {
				return err
			}
		}
		return nil
	})
	return taken, refused, err
}

// setAside keeps a peer record that verified but could not be stored with
// the others (see ApplyFeed), as served.
func setAside(ctx context.Context, tx *sql.Tx, r record.Record, why string, now time.Time) error {
	raw, err := r.MarshalJSON()
	if err != nil {
		return fmt.Errorf("store: peer record %s/%d: %w", r.Terminal, r.Seq, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO peer_aside (terminal, seq, id, hash, reason, record, set_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (terminal, seq) DO NOTHING`,
		r.Terminal, r.Seq, r.ID, r.Hash, why, string(raw), now.UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("store: setting aside peer record %s/%d: %w", r.Terminal, r.Seq, err)
	}
	return nil
}

// PeerCursors returns, for each peer, the seq up to which its records are
// held here: what the next feed pull asks after.
func (s *Store) PeerCursors(ctx context.Context) (map[string]int64, error) {
	ps, err := s.Peers(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(ps))
	for _, p := range ps {
		out[p.Terminal] = p.HeadSeq
	}
	return out, nil
}
