package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"gatepost/hub/wire"
)

// The bureau's side of relaying (§12): a facility hub, provisioned with
// `gatepost hub relay add`, pushes the records of its facility's terminals
// verbatim — their own ids, seqs and hashes, so every chain is the
// terminal's own — and the bureau ingests each terminal's records exactly as
// if the terminal had pushed them itself. A terminal the bureau has not seen
// yet is registered on first sight (it was provisioned at the facility hub;
// its token never reaches the bureau).

// ProvisionRelay adds a relay for a facility and returns its token, to be
// shown once.
func ProvisionRelay(ctx context.Context, st Storage, facility, facilityName, name string) (string, error) {
	if err := checkName("facility id", facility); err != nil {
		return "", err
	}
	if err := checkName("relay name", name); err != nil {
		return "", err
	}
	if err := ensureFacility(ctx, st, facility, facilityName); err != nil {
		return "", err
	}
	token, hash := NewToken()
	if err := st.AddRelay(ctx, TerminalKey{facility, name}, hash, time.Now()); err != nil {
		if errors.Is(err, ErrExists) {
			return "", fmt.Errorf("facility %s already has a relay named %q", facility, name)
		}
		return "", err
	}
	return token, nil
}

// authenticateRelay finds the relay of the request's bearer token.
func (s *Server) authenticateRelay(w http.ResponseWriter, r *http.Request) (Relay, bool) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" || len(token) > 512 {
		writeError(w, http.StatusUnauthorized, wire.ErrUnauthorized, "a relay's bearer token is required")
		return Relay{}, false
	}
	rl, err := s.st.RelayByToken(r.Context(), HashToken(token))
	switch {
	case errors.Is(err, ErrNotFound):
		writeError(w, http.StatusUnauthorized, wire.ErrUnauthorized, "unknown relay token")
		return Relay{}, false
	case err != nil:
		s.internal(w, r, err)
		return Relay{}, false
	case rl.Revoked():
		writeError(w, http.StatusUnauthorized, wire.ErrUnauthorized, "relay token revoked")
		return Relay{}, false
	}
	sn := s.seen(r)
	if err := s.st.TouchRelay(r.Context(), rl.TerminalKey, sn.At, sn.Pending, sn.Version); err != nil {
		s.log.Warn("relay touch failed", "relay", rl.TerminalKey.String(), "err", err.Error())
	}
	return rl, true
}

func (s *Server) relayChanges(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet) {
		return
	}
	rl, ok := s.authenticateRelay(w, r)
	if !ok {
		return
	}
	s.writeChanges(w, r, rl.Facility, func() {})
}

// relayHeads answers how far the bureau holds each of the relay's
// facility's terminals. Where it holds less than the relay says it once
// answered, it lost records (restored from a backup): it says so in its
// log, and counts them as the relay's behind until they come again.
func (s *Server) relayHeads(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodPost) {
		return
	}
	rl, ok := s.authenticateRelay(w, r)
	if !ok {
		return
	}
	var req wire.RelayHeadsRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, wire.ErrBadRequest, "the body is not a relay heads request")
		return
	}
	ts, err := s.st.FacilityTerminals(r.Context(), rl.Facility)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	resp := wire.RelayHeads{Facility: rl.Facility, Terminals: make([]wire.TerminalHead, 0, len(ts))}
	heads := make(map[string]Chain, len(ts))
	for _, t := range ts {
		heads[t.Name] = t.Chain
		resp.Terminals = append(resp.Terminals, wire.TerminalHead{Terminal: t.Name, HeadSeq: t.Chain.HeadSeq,
			HeadHash: t.Chain.HeadHash, Fork: t.Chain.fork()})
	}
	var missing int64
	for _, p := range req.Pushed {
		name, pushed := p.Terminal, p.Seq
		c := heads[name]
		if p.Facility != rl.Facility || pushed <= c.HeadSeq || c.ForkSeq != 0 || nameProblem(name) != "" {
			continue
		}
		missing += pushed - c.HeadSeq
		s.log.Warn("the hub holds less of this terminal's chain than its facility hub once had answered (restored from a backup?); the facility hub will send the rest again",
			"terminal", TerminalKey{rl.Facility, name}.String(), "relay", rl.TerminalKey.String(),
			"hub_head", c.HeadSeq, "relay_pushed", pushed, "missing", pushed-c.HeadSeq)
	}
	// What the relay reported as still to forward leaves out what it
	// believes sent: the records lost here are behind too.
	if sn := s.seen(r); missing > 0 && sn.Pending >= 0 {
		if err := s.st.TouchRelay(r.Context(), rl.TerminalKey, sn.At, sn.Pending+missing, ""); err != nil {
			s.log.Warn("relay touch failed", "relay", rl.TerminalKey.String(), "err", err.Error())
		}
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) relayPush(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodPost) {
		return
	}
	rl, ok := s.authenticateRelay(w, r)
	if !ok {
		return
	}
	// A relay's pushes take the same slots as a terminal's: at most
	// perToken of its own in flight, and one of the hub's
	// MaxConcurrentPushes while it is stored, taken after its body is read.
	// A relay carries a whole facility, and unbounded it could hold every
	// store slot and make the terminals wait.
	key := relaySlotKey(rl)
	tk := s.enter(key)
	if tk == nil {
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusTooManyRequests, wire.ErrTooManyPushes,
			fmt.Sprintf("this relay already has %d pushes in flight; retry when they are answered", s.perToken))
		return
	}
	defer s.leave(key, tk, false)
	gz := strings.EqualFold(strings.TrimSpace(r.Header.Get("Content-Encoding")), "gzip")
	// Decoded in the check stage, in turn with the terminals' pushes: at
	// the bureau every facility's relay pushes after a network outage at
	// once. Its records are checked with the store slot held (IngestPushed).
	items, _, err := s.readStaged(w, r, gz, nil)
	if unreadPush(w, r, err) != 0 {
		return
	}
	if err != nil {
		status, code, msg := bodyError(err)
		writeError(w, status, code, msg)
		return
	}
	// Every record must be of the relay's facility; they are grouped by
	// terminal, in the order first seen, each group ingested as that
	// terminal's push. Malformed records (no terminal to name) go in a
	// group of their own, under a key no terminal name can be.
	const malformed = "\x00malformed"
	var order []string
	groups := map[string][]int{}
	for i, it := range items {
		name := malformed
		if it.Malformed == "" {
			if it.Record.Facility != rl.Facility {
				writeError(w, http.StatusForbidden, wire.ErrForbidden, "a relay may push only its own facility's records ("+rl.Facility+")")
				return
			}
			name = it.Record.Terminal
		}
		if _, ok := groups[name]; !ok {
			order = append(order, name)
		}
		groups[name] = append(groups[name], i)
	}
	select {
	case s.sem <- struct{}{}:
		defer func() { <-s.sem }()
	case <-r.Context().Done():
		return // the relay went away while waiting; nobody reads this answer
	}
	sn := s.seen(r)
	sn.HasClock, sn.Pending, sn.Version = false, -1, "" // the relay's, not the terminals'
	resp := wire.PushResponse{Results: make([]wire.Result, len(items)), ReceivedAt: sn.At}
	var total Tally
	// Each group is stored in a transaction of its own (one terminal's
	// chain each). So that a failure stores nothing, everything that can
	// refuse the push is settled before the first group is stored: the
	// records of a terminal name no terminal could have are answered here,
	// and every other terminal is registered.
	subs := make(map[string][]Pushed, len(order))
	terms := make(map[string]Terminal, len(order))
	for _, name := range order {
		idx := groups[name]
		sub := make([]Pushed, len(idx))
		for j, i := range idx {
			sub[j] = items[i]
		}
		if name != malformed {
			if why := nameProblem(name); why != "" {
				why = "terminal " + why
				for j, i := range idx {
					resp.Results[i] = refusedName(sub[j], why)
				}
				total.Rejected += len(idx)
				continue
			}
		}
		t, err := s.relayedTerminal(r.Context(), rl.Facility, name, malformed)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		subs[name], terms[name] = sub, t
	}
	for _, name := range order {
		sub, ok := subs[name]
		if !ok {
			continue
		}
		sr, tally, err := IngestPushed(r.Context(), s.st, terms[name], sub, sn)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		for j, i := range groups[name] {
			resp.Results[i] = sr.Results[j]
		}
		total.Stored += tally.Stored
		total.Duplicate += tally.Duplicate
		total.Conflict += tally.Conflict
		total.Rejected += tally.Rejected
	}
	s.m.count(total)
	if total.Stored > 0 {
		s.fresh.notify(rl.Facility)
	}
	// The status sums the answers up as a terminal's push's does (§4).
	code := total.httpStatus()
	if total.Rejected+total.Conflict > 0 {
		s.log.Warn("relay push refused records", "relay", rl.TerminalKey.String(), "rejected", total.Rejected, "conflict", total.Conflict)
	}
	writeJSON(w, code, resp)
}

// refusedName answers a relayed record whose terminal name no terminal
// could have: as the record's own checks answer it when they refuse it
// too (malformed, a bad field), or else rejected/invalid for the name.
func refusedName(it Pushed, why string) wire.Result {
	if res, ok, _ := checkOne(it, nil); !ok && res.Status == wire.Rejected {
		return res
	}
	return rejected(it.Record.ID, it.Record.Seq, wire.CodeInvalid, why)
}

// relaySlotKey is the key a relay's pushes take their per-token slots
// under. A terminal name cannot hold a control character (checkName), so
// it never shares a terminal's slots.
func relaySlotKey(rl Relay) TerminalKey {
	return TerminalKey{Facility: rl.Facility, Name: "\x00relay " + rl.Name}
}

// relayedTerminal returns the bureau's row of a terminal whose records a
// relay forwards, registering it on first sight; name has passed
// nameProblem. The push group of malformed records (no terminal to
// name) is answered against a placeholder that never reaches the storage.
func (s *Server) relayedTerminal(ctx context.Context, facility, name, malformed string) (Terminal, error) {
	if name == malformed {
		return Terminal{TerminalKey: TerminalKey{facility, ""}}, nil
	}
	find := func() (Terminal, bool, error) {
		ts, err := s.st.FacilityTerminals(ctx, facility)
		if err != nil {
			return Terminal{}, false, err
		}
		for _, t := range ts {
			if t.Name == name {
				return t, true, nil
			}
		}
		return Terminal{}, false, nil
	}
	t, ok, err := find()
	if err != nil || ok {
		return t, err
	}
	if err := checkName("terminal name", name); err != nil {
		return Terminal{}, err
	}
	_, hash := NewToken() // its token lives at the facility hub only
	if err := s.st.AddTerminal(ctx, TerminalKey{facility, name}, hash, s.now()); err != nil && !errors.Is(err, ErrExists) {
		return Terminal{}, err
	}
	t, _, err = find()
	return t, err
}
