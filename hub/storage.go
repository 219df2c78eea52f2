package hub

import (
	"context"
	"errors"
	"sort"
	"time"

	"gatepost/gate"
	"gatepost/hub/wire"
	"gatepost/record"
)

// Storage is everything the hub keeps, behind one interface so that the
// embedded SQLite store (OpenSQLite) and a PostgreSQL store for a city or
// province hub are interchangeable.
//
// Implementations hold no state in memory that another hub process could not
// see: several stateless hub processes may serve one database behind a load
// balancer. In particular the per-terminal chain state lives in the terminal's
// row and is read and written inside Ingest's transaction, and the change
// counter that orders pulled reference data is kept in the database.
//
// The ingest algorithm (what is stored, duplicate, conflict or rejected, and
// how the chain head moves) is written once, in this package, on top of the
// small transactional primitives of IngestTx; a backend only provides those
// primitives, so every backend answers a push exactly the same way.
type Storage interface {
	// PutFacility creates a facility, or renames it when it exists.
	PutFacility(ctx context.Context, f Facility) error
	// Facilities lists every facility, ordered by id.
	Facilities(ctx context.Context) ([]Facility, error)
	// SetDeadline sets the facility's daily-report deadline ("HH:MM",
	// checked by ParseDeadline); ErrNotFound for an unknown facility.
	SetDeadline(ctx context.Context, facility, hhmm string) error

	// AddTerminal provisions a terminal of an existing facility with the
	// SHA-256 hash of its token. It returns ErrExists when the facility already
	// has a terminal of that name and ErrNotFound when the facility does not exist.
	AddTerminal(ctx context.Context, key TerminalKey, tokenHash []byte, at time.Time) error
	// RevokeTerminal makes the terminal's token worthless from now on. Its
	// records stay. It returns ErrNotFound for an unknown terminal.
	RevokeTerminal(ctx context.Context, key TerminalKey, at time.Time) error
	// RotateToken gives the terminal a new token (its hash): the old token is
	// refused from then on, a revoked terminal is enabled again, and its
	// records and chain state stay as they are. It returns ErrNotFound for
	// an unknown terminal.
	RotateToken(ctx context.Context, key TerminalKey, tokenHash []byte, at time.Time) error
	// Terminals lists every terminal with its sync and chain state, ordered by
	// facility and name.
	Terminals(ctx context.Context) ([]Terminal, error)
	// TerminalByToken finds the terminal whose token hashes to tokenHash,
	// revoked or not, or returns ErrNotFound.
	// FacilityTerminals lists one facility's terminals, by name: what the
	// facility feed and a relay's push read, without listing every
	// facility's.
	FacilityTerminals(ctx context.Context, facility string) ([]Terminal, error)
	TerminalByToken(ctx context.Context, tokenHash []byte) (Terminal, error)
	// Touch records that the terminal called the hub (see Seen).
	Touch(ctx context.Context, key TerminalKey, seen Seen) error

	// Ingest runs fn inside one write transaction that holds the terminal's
	// row locked: two pushes of the same terminal (a retry racing its
	// original, two hub processes) never interleave. Everything fn wrote is
	// committed durably when Ingest returns nil, and nothing of it otherwise.
	// A backend may run fn more than once (after a deadlock or an id clash it
	// rolls back and retries), so fn must depend only on what it reads
	// through the IngestTx, never on state left by an earlier run.
	Ingest(ctx context.Context, key TerminalKey, fn func(IngestTx) error) error

	// EachRecord calls fn for the terminal's records with seq > afterSeq in
	// seq order, streaming: memory does not grow with the number of records.
	EachRecord(ctx context.Context, key TerminalKey, afterSeq int64, fn func(StoredRecord) error) error
	// DayRecords calls fn for a facility's records of the given kinds (all
	// kinds when none are given) whose local date (the date part of at, in
	// the terminal's offset) is day, ordered by terminal and seq.
	DayRecords(ctx context.Context, facility, day string, kinds []record.Kind, fn func(StoredRecord) error) error
	// Conflicts returns the newest conflicts first, at most limit.
	Conflicts(ctx context.Context, limit int) ([]Conflict, error)
	// Stats counts what the hub holds.
	Stats(ctx context.Context) (Stats, error)

	// PutPeople upserts a facility's roster entries and PutPasses its passes;
	// AddNotice publishes a notice (one whose id is held already is left as
	// it is: a relay applies the same pulled page again after a crash).
	// Each changed item gets the next value of the hub's change counter, so
	// terminals pull exactly what changed after their cursor. The values must become visible in increasing order (a
	// reader must never see change n+1 while change n is still uncommitted):
	// SQLite's single writer gives this for free; a PostgreSQL store must
	// serialise these writers (e.g. a transaction-level advisory lock), or a
	// terminal could move its cursor past a change it never saw.
	PutPeople(ctx context.Context, facility string, people []gate.Person) error
	PutPasses(ctx context.Context, facility string, passes []gate.Pass) error
	AddNotice(ctx context.Context, n Notice) error
	// NoticesOn lists the notices for day (YYYY-MM-DD), every facility's,
	// in the order they were published.
	NoticesOn(ctx context.Context, day string) ([]Notice, error)
	// PutRotation replaces the rotation plan of each person given (an empty
	// plan clears it), each with the next change value.
	PutRotation(ctx context.Context, facility string, plans []gate.Plan) error
	// Changes returns up to limit items of the facility (and notices for all
	// facilities) whose change value is greater than after, in change order.
	Changes(ctx context.Context, facility string, after int64, limit int) (Changes, error)
	// RosterSize counts the facility's active people on the hub's roster.
	RosterSize(ctx context.Context, facility string) (int, error)

	// Ping checks that the database answers (the hub's /readyz).
	Ping(ctx context.Context) error

	// RelayStorage keeps the relays of a bureau's hub and the cursors of a
	// facility hub that relays (§12).
	RelayStorage

	// AuthStorage keeps the dashboard's accounts, sessions and audit log
	// (§14).
	AuthStorage

	// DayFigureStorage keeps each facility's figures per day, the
	// dashboard's reading (§14).
	DayFigureStorage

	// SignInThrottleStorage counts failed dashboard sign-ins for every
	// hub process on the database.
	SignInThrottleStorage

	// Close releases the store.
	Close() error
}

// HeldReader is an optional Storage method: the stored records (of any
// terminal) with these ids, read outside any write transaction. A storage
// that has it lets Ingest recognise a re-pushed record with a hash and a
// lookup instead of a full validation (see Ingest); without it the answers
// are the same, only slower.
type HeldReader interface {
	HeldByID(ctx context.Context, ids []string) ([]Held, error)
}

// IngestTx is the transaction Storage.Ingest hands to the ingest algorithm.
// All of it concerns one terminal, whose row is locked.
type IngestTx interface {
	// Terminal is the terminal's row as read under the lock.
	Terminal() Terminal
	// HeldBySeq returns the terminal's stored records with from <= seq <= to.
	HeldBySeq(ctx context.Context, from, to int64) ([]Held, error)
	// HeldByID returns the stored records (of any terminal) with these ids.
	HeldByID(ctx context.Context, ids []string) ([]Held, error)
	// Insert stores records with their receive time, skipping (not failing
	// on) any whose id or (facility, terminal, seq) is already held, and
	// returns the ids it did insert.
	Insert(ctx context.Context, rs []record.Record, receivedAt time.Time) (map[string]bool, error)
	// RecordsFrom returns up to limit of the terminal's records with
	// seq >= from, in seq order.
	RecordsFrom(ctx context.Context, from int64, limit int) ([]record.Record, error)
	// AddConflicts keeps pushed records that clash with what the hub holds;
	// the same conflicting record (same id and hash) is kept once.
	AddConflicts(ctx context.Context, cs []Conflict) error
	// SetState writes the terminal's chain state and what it reported.
	SetState(ctx context.Context, chain Chain, seen Seen) error

	// Waiting returns the terminal's records waiting above a gap with
	// from <= seq <= to, in seq order (first received first within a seq).
	Waiting(ctx context.Context, from, to int64) ([]record.Record, error)
	// AddWaiting keeps records whose predecessor the hub does not hold yet,
	// skipping any whose id already waits.
	AddWaiting(ctx context.Context, rs []record.Record, receivedAt time.Time) error
	// Unwait removes waiting records that have been linked into the chain
	// or set aside as a second chain.
	Unwait(ctx context.Context, ids []string) error
}

// Errors of Storage.
var (
	ErrNotFound = errors.New("not found")
	ErrExists   = errors.New("already exists")
)

// TerminalKey names a terminal: terminal names are unique within a facility.
type TerminalKey struct {
	Facility string
	Name     string
}

func (k TerminalKey) String() string { return k.Facility + "/" + k.Name }

// Facility is a site whose terminals sync to this hub.
type Facility struct {
	ID        string
	Name      string
	CreatedAt time.Time
	// Deadline is the local time ("HH:MM") of the day a report covers by
	// which the hub must have it (§14); DefaultDeadline unless set.
	Deadline string
}

// Terminal is a provisioned terminal and what the hub knows of it.
type Terminal struct {
	TerminalKey
	CreatedAt time.Time
	RevokedAt time.Time // zero while the token is valid
	// LastSeen is the hub's time of the terminal's last authenticated call;
	// zero if it never called.
	LastSeen time.Time
	// LastPush is the hub's time of the last push that was answered.
	LastPush time.Time
	// ClockSkew is the terminal's clock minus the hub's at LastSeen.
	ClockSkew time.Duration
	// Pending is how many records the terminal said it still had to send at
	// LastSeen; -1 when it never said.
	Pending int64
	Chain   Chain
	// Version is the gatepost version the terminal last reported; "" if none.
	Version string
}

// Revoked reports whether the terminal's token has been revoked.
func (t Terminal) Revoked() bool { return !t.RevokedAt.IsZero() }

// SkewFlagged reports whether the terminal's clock is off by more than the limit.
func (t Terminal) SkewFlagged(limit time.Duration) bool {
	return !t.LastSeen.IsZero() && (t.ClockSkew > limit || t.ClockSkew < -limit)
}

// Chain is the hub's running view of a terminal's chain, kept up to date on
// ingest. HeadSeq is the contiguous verified prefix: every seq 1..HeadSeq is
// held and linked. Records above a gap wait (IngestTx.Waiting) until it
// closes and count in Stored and MaxSeq; Missing counts the seqs not held
// below MaxSeq. BreakSeq is only ever set on a database written before
// migration 002, when records above a gap went into the chain unchecked.
type Chain struct {
	HeadSeq     int64
	HeadHash    string
	MaxSeq      int64
	Stored      int64 // records held for the terminal
	BreakSeq    int64 // first seq where the chain breaks; 0 while intact
	BreakReason string
	// ForkSeq is the first seq at which a second chain of this terminal was
	// pushed (a cloned disk or a restored PC pushing beside the original);
	// 0 while there is none. The second chain's records are kept in the
	// conflicts, never linked into this chain.
	ForkSeq    int64
	ForkReason string
}

// Missing is the number of seqs below MaxSeq the hub does not hold.
func (c Chain) Missing() int64 { return max(c.MaxSeq-c.Stored, 0) }

// Intact reports whether every seq up to MaxSeq is held and linked.
func (c Chain) Intact() bool { return c.BreakSeq == 0 && c.ForkSeq == 0 && c.HeadSeq == c.MaxSeq }

// Seen is what a terminal's call tells the hub besides its records.
type Seen struct {
	At        time.Time     // the hub's receive time
	ClockSkew time.Duration // the terminal's clock minus At; meaningful when HasClock
	HasClock  bool
	Pending   int64 // -1 when not reported
	Pushed    bool  // the call was a push that was answered

	// Version is the terminal's gatepost version (its User-Agent); "" when
	// it did not say, which leaves the stored one as it was.
	Version string
}

// markFork notes a second chain seen at seq; the lowest seq is kept.
func (c *Chain) markFork(seq int64, reason string) {
	if c.ForkSeq == 0 || seq < c.ForkSeq {
		c.ForkSeq, c.ForkReason = seq, reason
	}
}

// fork is the chain's fork as the terminal is told it, nil without one.
func (c Chain) fork() *wire.Fork {
	if c.ForkSeq == 0 {
		return nil
	}
	return &wire.Fork{Seq: c.ForkSeq, Reason: c.ForkReason}
}

// Held is a stored record as the ingest algorithm needs to see it.
type Held struct {
	ID       string
	Facility string
	Terminal string
	Seq      int64
	Hash     string
}

// StoredRecord is a record as the hub holds it, with its receive time.
type StoredRecord struct {
	record.Record
	ReceivedAt time.Time
}

// Conflict is a pushed record that clashes with one the hub holds: kept for
// the operator, never stored in its place.
type Conflict struct {
	Record       record.Record // what was pushed
	Code         string        // wire.CodeIDConflict or wire.CodeSeqConflict
	ExistingID   string
	ExistingHash string
	ReceivedAt   time.Time
}

// Stats counts what the hub holds.
type Stats struct {
	Facilities, Terminals, Records, Conflicts int64
}

// Notice is a daily instruction published at the hub. Facility "" means every
// facility.
type Notice struct {
	ID          string
	Facility    string
	Title       string
	Body        string
	Day         string // YYYY-MM-DD, the day it is for
	PublishedAt time.Time
}

// Changes is one page of what changed for a facility after a cursor.
type Changes struct {
	Cursor  int64 // the largest change value in this page (the request's after when empty)
	More    bool
	People  []gate.Person
	Passes  []gate.Pass
	Notices []Notice
	Plans   []gate.Plan
}

// changeItem is one item a backend read for a Changes page, with its change
// value.
type changeItem struct {
	change int64
	add    func(*Changes)
}

// changesPage makes the page of Storage.Changes from what a backend read of
// the three lists (each up to limit+1 items after the cursor): the first
// limit items in change order, and whether more follow.
func changesPage(after int64, limit int, items []changeItem) Changes {
	out := Changes{Cursor: after}
	sort.Slice(items, func(i, j int) bool { return items[i].change < items[j].change })
	if len(items) > limit {
		items, out.More = items[:limit], true
	}
	for _, it := range items {
		it.add(&out)
		out.Cursor = it.change
	}
	return out
}

// changeFloor is the least value the change counter may hand out at now:
// the microseconds since 1970. Change values only need to grow, and
// growing with the clock as well keeps them growing across a restore from
// a backup (the counter goes back with the database, the clock does not)
// — as long as the hub's clock is not set back by more than the time
// between the backup and the restore.
func changeFloor(now time.Time) int64 {
	if testChangeFloor != nil {
		return testChangeFloor(now)
	}
	return now.UnixMicro()
}

// testChangeFloor, set by tests, replaces changeFloor's clock.
var testChangeFloor func(time.Time) int64
