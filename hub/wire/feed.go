package wire

import (
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
}
