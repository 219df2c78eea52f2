package hub

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"gatepost/hub/wire"
	"gatepost/record"
)

// The facility feed (SPEC §12): a terminal pulls the records of the other
// terminals of its facility, so that every post decides on the facility's
// records, not only its own. Only a peer's verified, contiguous chain is
// served (up to its head), so a record above a gap or of a second chain
// never reaches the posts; each terminal verifies the chains again.

var errFeedFull = errors.New("feed page full")

// FacilityFeed returns the page of the feed for terminal t: its facility's
// other terminals and their records after the seqs in after, at most limit.
//
// erased is the post's tombstone cursor (§15): the page also carries the
// facility's identities erased here after it.
func FacilityFeed(ctx context.Context, st Storage, t Terminal, after map[string]int64, erased wire.Tomb, limit int) (wire.Feed, error) {
	ts, err := st.FacilityTerminals(ctx, t.Facility)
	if err != nil {
		return wire.Feed{}, err
	}
	out := wire.Feed{Peers: []wire.Peer{}, Records: nil}
	var peers []Terminal
	for _, p := range ts {
		if p.Facility != t.Facility || p.Name == t.Name {
			continue
		}
		peers = append(peers, p)
	}
	sort.Slice(peers, func(i, j int) bool { return peers[i].Name < peers[j].Name })
	// The page is shared out fairly: each peer first gets an equal share,
	// then what is left goes to those with more, in name order. One post
	// with a long backlog — or with a chain the terminal refuses and so
	// asks for again — never starves the others.
	got := make([][]record.Record, len(peers))
	from := make([]int64, len(peers))
	more := make([]bool, len(peers))
	for i, p := range peers {
		wp := wire.Peer{Terminal: p.Name, HeadSeq: p.Chain.HeadSeq, HeadHash: p.Chain.HeadHash, Revoked: p.Revoked()}
		if !p.LastPush.IsZero() {
			wp.LastPush = p.LastPush.UTC().Format(time.RFC3339)
		}
		out.Peers = append(out.Peers, wp)
		from[i] = after[p.Name]
		more[i] = from[i] < p.Chain.HeadSeq
	}
	left := limit
	take := func(i, n int) error {
		p := peers[i]
		err := st.EachRecord(ctx, p.TerminalKey, from[i], func(r StoredRecord) error {
			if r.Seq > p.Chain.HeadSeq || n == 0 {
				return errFeedFull // above the verified head, or this share is used
			}
			got[i] = append(got[i], r.Record)
			from[i], n, left = r.Seq, n-1, left-1
			return nil
		})
		if err != nil && !errors.Is(err, errFeedFull) {
			return err
		}
		more[i] = from[i] < p.Chain.HeadSeq
		return nil
	}
	if len(peers) > 0 {
		share := max(limit/len(peers), 1)
		for i := range peers {
			if more[i] && left > 0 {
				if err := take(i, min(share, left)); err != nil {
					return wire.Feed{}, err
				}
			}
		}
		for i := range peers {
			if more[i] && left > 0 {
				if err := take(i, left); err != nil {
					return wire.Feed{}, err
				}
			}
		}
	}
	for i := range peers {
		out.Records = append(out.Records, got[i]...)
		out.More = out.More || more[i]
	}
	if out.Records == nil {
		out.Records = []record.Record{}
	}
	if err := feedIdentities(ctx, st, t.Facility, &out); err != nil {
		return wire.Feed{}, err
	}
	if err := feedErasures(ctx, st, t.Facility, erased, &out); err != nil {
		return wire.Feed{}, err
	}
	return out, nil
}

// parseAfter reads the after=NAME:SEQ parameters (the name may itself hold
// a colon: the seq is after the last one).
func parseAfter(vs []string) (map[string]int64, bool) {
	out := map[string]int64{}
	for _, v := range vs {
		i := strings.LastIndexByte(v, ':')
		if i <= 0 {
			return nil, false
		}
		n, err := strconv.ParseInt(v[i+1:], 10, 64)
		if err != nil || n < 0 {
			return nil, false
		}
		out[v[:i]] = n
	}
	return out, true
}

func (s *Server) feed(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet) {
		return
	}
	t, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	after, ok := parseAfter(q["after"])
	if !ok || len(after) > 1000 {
		writeError(w, http.StatusBadRequest, wire.ErrBadRequest, "after must be NAME:SEQ with a non-negative SEQ, at most 1000 of them")
		return
	}
	tomb, ok := wire.ParseTomb(q.Get("erased_after"))
	if !ok {
		writeError(w, http.StatusBadRequest, wire.ErrBadRequest, "erased_after must be N:REF")
		return
	}
	limit := 1000
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, wire.ErrBadRequest, "limit must be a positive integer")
			return
		}
		limit = min(n, wire.MaxFeed)
	}
	var wait time.Duration
	if v := q.Get("wait"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, wire.ErrBadRequest, "wait must be a non-negative number of seconds")
			return
		}
		wait = min(time.Duration(n)*time.Second, wire.MaxFeedWait)
	}
	s.touch(r, t)
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for {
		// Take the wake-up channel before reading, so a push stored
		// between the read and the wait is not missed.
		woken := s.fresh.wait(t.Facility)
		f, err := FacilityFeed(r.Context(), s.st, t, after, tomb, limit)
		if err != nil {
			if r.Context().Err() != nil {
				return
			}
			s.internal(w, r, err)
			return
		}
		if len(f.Records) > 0 || len(f.Erased) > 0 || wait == 0 {
			writeJSON(w, http.StatusOK, f)
			return
		}
		select {
		case <-woken:
			// Pushes come in bursts (a shift change, a post catching up):
			// wait a moment so one answer carries the burst, rather than
			// every post reading the feed again after every push.
			select {
			case <-time.After(feedCoalesce):
			case <-r.Context().Done():
				return
			}
		case <-time.After(feedRecheck):
		case <-deadline.C:
			writeJSON(w, http.StatusOK, f)
			return
		case <-r.Context().Done():
			return
		}
	}
}

// feedRecheck is how often a long poll looks at the storage by itself: a
// push served by another hub process does not wake this one.
const feedRecheck = 2 * time.Second

// feedCoalesce is how long a woken long poll waits for the rest of a burst.
const feedCoalesce = 50 * time.Millisecond
