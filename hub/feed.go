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
func FacilityFeed(ctx context.Context, st Storage, t Terminal, after map[string]int64, limit int) (wire.Feed, error) {
	ts, err := st.Terminals(ctx)
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
	for _, p := range peers {
		wp := wire.Peer{Terminal: p.Name, HeadSeq: p.Chain.HeadSeq, HeadHash: p.Chain.HeadHash, Revoked: p.Revoked()}
		if !p.LastPush.IsZero() {
			wp.LastPush = p.LastPush.UTC().Format(time.RFC3339)
		}
		out.Peers = append(out.Peers, wp)
		from := after[p.Name]
		if from >= p.Chain.HeadSeq || out.More {
			out.More = out.More || from < p.Chain.HeadSeq
			continue
		}
		err := st.EachRecord(ctx, p.TerminalKey, from, func(r StoredRecord) error {
			if r.Seq > p.Chain.HeadSeq {
				return errFeedFull // the rest is above the verified head
			}
			if len(out.Records) == limit {
				out.More = true
				return errFeedFull
			}
			out.Records = append(out.Records, r.Record)
			return nil
		})
		if err != nil && !errors.Is(err, errFeedFull) {
			return wire.Feed{}, err
		}
	}
	if out.Records == nil {
		out.Records = []record.Record{}
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
	limit := 1000
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, wire.ErrBadRequest, "limit must be a positive integer")
			return
		}
		limit = min(n, wire.MaxFeed)
	}
	s.touch(r, t)
	f, err := FacilityFeed(r.Context(), s.st, t, after, limit)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, f)
}
