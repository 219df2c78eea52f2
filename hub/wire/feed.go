package wire

import (
	"strconv"
	"strings"
	"time"

	"gatepost/record"
)

// PathFeed is the facility feed (SPEC §12): the records of the other
// terminals of the token's facility.
const PathFeed = "/api/v1/feed"

// MaxFeed bounds the records of one feed page.
const MaxFeed = 2000

// MaxFeedWait bounds a feed long poll (wait=SECONDS): the hub answers as
// soon as a peer's record arrives, or empty after the wait.
const MaxFeedWait = 25 * time.Second

// Peer is one other terminal of the facility as the feed reports it.
type Peer struct {
	Terminal string `json:"terminal"`
	// HeadSeq and HeadHash are the hub's contiguous, verified head for the
	// peer: the feed serves its records up to HeadSeq and never beyond (a
	// record above a gap, or of a second chain, is not served).
	HeadSeq  int64  `json:"head_seq"`
	HeadHash string `json:"head_hash"`
	Revoked  bool   `json:"revoked,omitempty"`
	// LastPush is when the peer last pushed (RFC 3339), "" when never: how
	// fresh the facility's picture of that post is.
	LastPush string `json:"last_push,omitempty"`
}

// Feed answers GET /api/v1/feed?after=NAME:SEQ&…&limit=N: every other
// terminal of the facility, and their records after the seqs given (0 for a
// peer not named), in terminal then seq order, at most limit. Pull again
// with the new seqs while More is true.
type Feed struct {
	Peers   []Peer          `json:"peers"`
	Records []record.Record `json:"records"`
	More    bool            `json:"more"`
	// Identities are the identity registry rows (§15) the page's records
	// name by reference, as the hub holds them (erased ones erased), each
	// with the terminal that made it.
	Identities []Identity `json:"identities,omitempty"`
	// Erased are the references of the facility's identities erased at
	// the hub after the tombstone named by erased_after (§15): a post that
	// holds one erases its copy. ErasedThrough is the cursor to send as
	// erased_after next time; "" when the page brought none.
	Erased        []string `json:"erased,omitempty"`
	ErasedThrough string   `json:"erased_through,omitempty"`
	// Retention is the facility's retention as set at the hub (§15), nil
	// when none is: the post applies the stricter of it and its own.
	Retention *Retention `json:"retention,omitempty"`
}

// Retention is a facility's retention in days per category: visitors' and
// vehicles' identities after the last visit, health details after the
// epidemic profile was switched off. 0 leaves a category to the posts.
type Retention struct {
	VisitorDays int `json:"visitor_days,omitempty"`
	VehicleDays int `json:"vehicle_days,omitempty"`
	HealthDays  int `json:"health_days,omitempty"`
}

// Tomb is a tombstone's place in a facility's erasures: N, the number the
// hub gave the erasure, and the reference (one erasure's rows share N).
// It travels as "N:REF".
type Tomb struct {
	N   int64
	Ref string
}

func (t Tomb) String() string { return strconv.FormatInt(t.N, 10) + ":" + t.Ref }

// ParseTomb reads a tombstone cursor, "N:REF"; "" is the start.
func ParseTomb(s string) (Tomb, bool) {
	if s == "" {
		return Tomb{}, true
	}
	n, ref, ok := strings.Cut(s, ":")
	if !ok || len(ref) > 64 {
		return Tomb{}, false
	}
	v, err := strconv.ParseInt(n, 10, 64)
	if err != nil || v < 0 {
		return Tomb{}, false
	}
	return Tomb{N: v, Ref: ref}, true
}
