// Package wire holds the types of the terminal ↔ hub protocol (docs/PROTOCOL.md).
// The hub defines the protocol; the terminal's sync client imports these same
// types, so the two sides cannot drift apart.
package wire

import (
	"time"

	"gatepost/gate"
	"gatepost/record"
)

// API paths, version 1.
const (
	PathWhoami  = "/api/v1/whoami"
	PathPush    = "/api/v1/push"
	PathChanges = "/api/v1/changes"
)

// Request headers a terminal sends with every API call.
const (
	// HeaderClock is the terminal's wall clock when it sent the request
	// (RFC 3339 with fraction). The hub compares it with its own receive time
	// to show clock skew.
	HeaderClock = "Gatepost-Clock"
	// HeaderPending is how many records the terminal still has to send after
	// this request, shown on the dashboard as "pending as last reported".
	HeaderPending = "Gatepost-Pending"
	// HeaderUptime is milliseconds since the terminal process started: a
	// monotonic clock, so a wall-clock jump on the terminal can be told from a
	// real delay.
	HeaderUptime = "Gatepost-Uptime-Ms"
	// HeaderPushed, on whoami, is the seq up to which the terminal holds
	// its records answered by the hub. A hub whose head is below it has
	// lost records it once stored (restored from a backup) and logs so;
	// the terminal sends them again.
	HeaderPushed = "Gatepost-Pushed"
)

// Limits of one request.
const (
	// MaxBody bounds a request body after decompression: a gzip bomb stops here.
	MaxBody = 8 << 20
	// MaxBatch bounds the records of one push.
	MaxBatch = 5000
	// PushJSON is what a sender puts in one push at most, in JSON before
	// compression: half of MaxBody, so that a batch of large records is
	// never refused whole for its size (a terminal's and a relay's alike).
	PushJSON = MaxBody / 2
	// MaxPull bounds the items of one page of changes.
	MaxPull = 2000
)

// ClockSkewLimit is how far a terminal's clock may be from the hub's before
// the dashboard flags it.
const ClockSkewLimit = 5 * time.Minute

// PushRequest is the body of POST /api/v1/push: records of the token's own
// terminal, preferably in seq order.
type PushRequest struct {
	Records []record.Record `json:"records"`
}

// Status is the hub's answer for one pushed record.
type Status string

// Answers to a pushed record.
const (
	// Stored: the hub did not have the record and now holds it durably.
	Stored Status = "stored"
	// Duplicate: the hub already held a record with this id and this hash;
	// nothing changed.
	Duplicate Status = "duplicate"
	// Conflict: the hub holds a different record under this id (or this seq of
	// the terminal). The pushed record is kept aside for the operator and
	// never overwrites what the hub holds.
	Conflict Status = "conflict"
	// Rejected: the record is not acceptable (Code says why) and was not stored.
	Rejected Status = "rejected"
)

// Codes of a conflict or a rejection.
const (
	CodeIDConflict  = "id_conflict"  // conflict: same id, different content
	CodeSeqConflict = "seq_conflict" // conflict: the terminal's seq already holds another record
	CodeMalformed   = "malformed"    // rejected: not a record (bad JSON, bad field types, bad time)
	CodeInvalid     = "invalid"      // rejected: envelope invalid (kind, gate, seq, id, body not canonical)
	CodeBadHash     = "bad_hash"     // rejected: hash does not match the record's fields
	CodeChain       = "chain"        // rejected: seq 1 with a prev
	CodeFork        = "fork"         // conflict: the record belongs to a second chain of this terminal
)

// Fork tells a terminal that the hub has seen a second chain pushed with
// its token (a cloned disk, a restored PC pushing beside the original):
// from Seq on, records of another chain are kept aside, never linked into
// the terminal's chain. The operator must re-provision the copy under a new
// terminal name (docs/PROTOCOL.md, "Forks").
type Fork struct {
	Seq    int64  `json:"seq"`
	Reason string `json:"reason"`
}

// Result is the answer for one record, in the order the records were sent.
type Result struct {
	ID     string `json:"id"`
	Seq    int64  `json:"seq"`
	Status Status `json:"status"`
	Code   string `json:"code,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// PushResponse answers a push. It comes with HTTP 200 when every record was
// stored or a duplicate, 409 when some were conflicts (and none rejected),
// 422 when some were rejected; in all three cases Results holds one entry per
// record sent and the answer is final.
type PushResponse struct {
	Results []Result `json:"results"`
	// HeadSeq is the hub's contiguous head for this terminal: every seq from
	// 1 to HeadSeq is held and its chain verified.
	HeadSeq    int64     `json:"head_seq"`
	ReceivedAt time.Time `json:"received_at"`
	// Fork is set while the hub holds a second chain of this terminal.
	Fork *Fork `json:"fork,omitempty"`
}

// Whoami answers GET /api/v1/whoami: who the token belongs to.
type Whoami struct {
	Terminal     string    `json:"terminal"`
	Facility     string    `json:"facility"`
	FacilityName string    `json:"facility_name"`
	HubTime      time.Time `json:"hub_time"`
	// HeadSeq and HeadHash are the hub's contiguous head for this terminal:
	// it holds every seq 1..HeadSeq, linked, and HeadHash is the hash of
	// HeadSeq. A terminal whose own record HeadSeq has that hash knows the
	// hub holds its records 1..HeadSeq exactly (the hashes chain), and need
	// not send them again.
	HeadSeq  int64  `json:"head_seq"`
	HeadHash string `json:"head_hash"`
	// Fork is set while the hub holds a second chain of this terminal.
	Fork *Fork `json:"fork,omitempty"`
}

// Person is a roster entry as pulled.
type Person struct {
	Badge      string `json:"badge"`
	Name       string `json:"name"`
	IDNumber   string `json:"id_number,omitempty"`
	Kind       string `json:"kind"`
	Unit       string `json:"unit,omitempty"`
	Assignment string `json:"assignment,omitempty"`
	Active     bool   `json:"active"`
}

// Pass is a pass as pulled.
type Pass struct {
	ID        string    `json:"id"`
	Holder    string    `json:"holder"`
	Badge     string    `json:"badge,omitempty"`
	IDNumber  string    `json:"id_number,omitempty"`
	Plate     string    `json:"plate,omitempty"`
	ValidFrom time.Time `json:"valid_from"`
	ValidTo   time.Time `json:"valid_to"`
	Note      string    `json:"note,omitempty"`
}

// Notice is a daily instruction as pulled.
type Notice struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	Day         string    `json:"day"` // YYYY-MM-DD
	PublishedAt time.Time `json:"published_at"`
}

// Changes answers GET /api/v1/changes?after=CURSOR: the reference data and
// notices of the token's facility changed after CURSOR. Pull again with
// after=Cursor while More is true.
type Changes struct {
	Cursor  int64    `json:"cursor"`
	More    bool     `json:"more"`
	People  []Person `json:"people"`
	Passes  []Pass   `json:"passes"`
	Notices []Notice `json:"notices"`
	// Rotation carries whole rotation plans: each replaces the person's
	// periods on the terminal (an empty periods list clears them). Added
	// with the closed-management rules; older hubs leave it out.
	Rotation []Plan `json:"rotation,omitempty"`
}

// Period is one rotation period as pulled; dates are local, inclusive.
type Period struct {
	Kind  string `json:"kind"`
	Start string `json:"start"`
	End   string `json:"end"`
}

// Plan is one person's whole rotation plan as pulled.
type Plan struct {
	Badge   string   `json:"badge"`
	Periods []Period `json:"periods"`
}

// PlanFrom converts a plan to its wire form.
func PlanFrom(p gate.Plan) Plan {
	out := Plan{Badge: p.Badge, Periods: make([]Period, 0, len(p.Periods))}
	for _, x := range p.Periods {
		out.Periods = append(out.Periods, Period{Kind: string(x.Kind), Start: x.Start, End: x.End})
	}
	return out
}

// Gate converts a pulled plan back to the domain type.
func (p Plan) Gate() gate.Plan {
	out := gate.Plan{Badge: p.Badge}
	for _, x := range p.Periods {
		out.Periods = append(out.Periods, gate.Period{Badge: p.Badge, Kind: gate.PeriodKind(x.Kind), Start: x.Start, End: x.End})
	}
	return out
}

// Error is the body of every error answer: a stable code and a message meant
// for people. It never carries internals (paths, SQL, stack traces).
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error codes of whole-request failures.
const (
	ErrBadRequest       = "bad_request"            // 400: body is not a push request
	ErrUnauthorized     = "unauthorized"           // 401: no token, unknown or revoked token
	ErrForbidden        = "forbidden"              // 403: a record of another terminal or facility
	ErrNotFound         = "not_found"              // 404
	ErrMethod           = "method_not_allowed"     // 405
	ErrTooLarge         = "too_large"              // 413: body or batch over the limits
	ErrUnsupportedMedia = "unsupported_media_type" // 415: not JSON, or an encoding other than gzip
	ErrTooManyPushes    = "too_many_pushes"        // 429: the token has as many pushes in flight as it may
	ErrInternal         = "internal"               // 500: the hub failed; try again later
	ErrUnavailable      = "unavailable"            // 503: the hub is shutting down or overloaded
)

// PersonFrom converts a roster entry to its wire form.
func PersonFrom(p gate.Person) Person {
	return Person{Badge: p.Badge, Name: p.Name, IDNumber: p.IDNumber, Kind: string(p.Kind), Unit: p.Unit,
		Assignment: string(p.Assignment), Active: p.Active}
}

// Gate converts a pulled person back to the domain type.
func (p Person) Gate() gate.Person {
	return gate.Person{Badge: p.Badge, Name: p.Name, IDNumber: p.IDNumber, Kind: gate.PersonKind(p.Kind), Unit: p.Unit,
		Assignment: gate.Assignment(p.Assignment), Active: p.Active}
}

// PassFrom converts a pass to its wire form.
func PassFrom(p gate.Pass) Pass {
	return Pass{ID: p.ID, Holder: p.Holder, Badge: p.Badge, IDNumber: p.IDNumber, Plate: p.Plate,
		ValidFrom: p.ValidFrom, ValidTo: p.ValidTo, Note: p.Note}
}

// Gate converts a pulled pass back to the domain type.
func (p Pass) Gate() gate.Pass {
	return gate.Pass{ID: p.ID, Holder: p.Holder, Badge: p.Badge, IDNumber: p.IDNumber, Plate: p.Plate,
		ValidFrom: p.ValidFrom, ValidTo: p.ValidTo, Note: p.Note}
}
