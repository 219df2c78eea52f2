package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"gatepost/hub/wire"
	"gatepost/record"
)

// ErrForeignRecord is returned by Ingest when a push carries a record of
// another terminal or facility than the token's. The whole push is refused:
// a terminal only ever sends its own records, so this is a misbehaving
// client, not a bad record.
var ErrForeignRecord = errors.New("record of another terminal or facility")

// Tally counts the answers of one push.
type Tally struct {
	Stored, Duplicate, Conflict, Rejected int
}

// httpStatus sums a push's answers up as its HTTP status (PROTOCOL §4): 422
// when a record was rejected, else 409 when one is in conflict, else 200.
func (t Tally) httpStatus() int {
	switch {
	case t.Rejected > 0:
		return http.StatusUnprocessableEntity
	case t.Conflict > 0:
		return http.StatusConflict
	}
	return http.StatusOK
}

// Ingest answers one push of JSON records from terminal t, at hub time
// seen.At. It is the one ingest algorithm of the hub, written against
// IngestTx so that every storage backend answers exactly alike:
//
//   - a record that did not decode, or fails record.Check (envelope, canonical
//     body, hash), is rejected;
//   - a record whose id is held with the same hash is a duplicate, with another
//     hash a conflict (id_conflict); a record whose seq is held under another id
//     is a conflict (seq_conflict); conflicts are kept aside, never stored over;
//   - a record whose predecessor (seq-1) is known and whose prev is not that
//     record's hash is rejected (chain), as is a seq 1 with a prev;
//   - everything else is stored, even after a gap: batches may arrive out of
//     order, and the gap closes when the missing records come.
//
// After storing, the terminal's chain head moves forward over every
// contiguous, linked record (record.ResumeVerifier), and the first break, if
// any, is recorded in the terminal's chain state.
func Ingest(ctx context.Context, st Storage, t Terminal, raws []json.RawMessage, seen Seen) (wire.PushResponse, Tally, error) {
	return IngestPushed(ctx, st, t, DecodeRecords(raws), seen)
}

// IngestPushed is Ingest on records already decoded by DecodePush.
func IngestPushed(ctx context.Context, st Storage, t Terminal, items []Pushed, seen Seen) (wire.PushResponse, Tally, error) {
	return ingestStarted(ctx, st, t, items, startPush(st, t, items), seen)
}

// startPush starts checking a decoded push on the cores, where the push
// may stream (nil where it does not). The server starts the checks as soon
// as a push is decoded, before it waits for its turn behind the
// terminal's previous push: they overlap that push's storing, which
// otherwise sat idle waiting for them.
func startPush(st Storage, t Terminal, items []Pushed) *pushChecks {
	if !streams(st, len(items)) {
		return nil
	}
	return startChecks(t, items)
}

// ingestStarted answers a push whose checks startPush started.
func ingestStarted(ctx context.Context, st Storage, t Terminal, items []Pushed, p *pushChecks, seen Seen) (wire.PushResponse, Tally, error) {
	if p == nil {
		return ingestPushed(ctx, st, t, items, nil, false, seen)
	}
	return ingestStream(ctx, st, t, p, seen)
}

// ingestPushed is the general ingest algorithm. pre, when set, holds the
// checks a streamed attempt of the push already made (see ingestStream);
// precheck starts the push with every id looked up (see below).
func ingestPushed(ctx context.Context, st Storage, t Terminal, items []Pushed, pre *pushChecks, precheck bool, seen Seen) (wire.PushResponse, Tally, error) {
	resp := wire.PushResponse{Results: make([]wire.Result, len(items)), ReceivedAt: seen.At}
	var tally Tally
	for i, it := range items {
		if it.Malformed == "" && (it.Record.Terminal != t.Name || it.Record.Facility != t.Facility) {
			return resp, tally, fmt.Errorf("record %d (%s): %w", i, it.Record.ID, ErrForeignRecord)
		}
	}
	// Records the hub already holds with this very hash are duplicates:
	// equal hashes mean equal canonical encodings (id, terminal, facility and
	// seq included), which were checked when first stored, and records are
	// never deleted, so what this read (outside the write transaction) finds
	// is what the transaction would find at that seq. They are answered here
	// and never reach the transaction: a re-push costs a hash and a lookup
	// per record, and holds the terminal's lock only to note the call.
	// Only a record at or below the highest seq the hub holds for the
	// terminal can be held under its own seq, so a push of new records skips
	// the lookup.
	ids := make([]string, 0, len(items))
	for _, it := range items {
		if it.Malformed == "" && it.Record.Seq <= t.Chain.MaxSeq {
			ids = append(ids, it.Record.ID)
		}
	}
	known := map[string]Held{}
	if hr, ok := st.(HeldReader); ok && len(ids) > 0 {
		hs, err := hr.HeldByID(ctx, ids)
		if err != nil {
			return resp, tally, err
		}
		for _, h := range hs {
			known[h.ID] = h
		}
	}
	// Each record is checked on its own (envelope, canonical body, hash):
	// the costliest part of a push that needs no database, spread over the
	// cores while the terminal waits for the answer.
	var cands []cand
	facts := make([]bodyFacts, len(items)) // for the figures' keeper (seeds)
	check := func() {
		checked := make([]bool, len(items))
		eachChunk(len(items), func(lo, hi int) {
			for i := lo; i < hi; i++ {
				if pre != nil && !pre.later[i] {
					// Checked already, and known cannot hold it (see startChecks).
					resp.Results[i], checked[i], facts[i] = pre.res[i], pre.ok[i], pre.facts[i]
					continue
				}
				resp.Results[i], checked[i], facts[i] = checkOne(items[i], known)
			}
		})
		for i, ok := range checked {
			if ok {
				cands = append(cands, cand{i, items[i].Record})
			}
		}
		// In seq order, so that a record's predecessor in the push is
		// accepted before it; the answers still go at each record's index.
		sort.SliceStable(cands, func(a, b int) bool { return cands[a].r.Seq < cands[b].r.Seq })
	}
	// Where the transaction's first steps take no one else's turn, they
	// overlap the checks: the run waits for them inside the transaction.
	checked := make(chan struct{})
	if _, ok := st.(checksInTx); ok {
		go func() {
			defer close(checked)
			check()
		}()
		// However Ingest ends, the checks are over before the answer goes.
		defer func() { <-checked }()
	} else {
		check()
		close(checked)
	}

	var stored int
	// precheck is set for a rerun after a linked record's id turned out to
	// be held elsewhere (another terminal's record, or this terminal's at
	// another seq): the rerun looks every id up first, so that no record is
	// linked above one that was not. It changes no answer, only how many
	// runs reach it.
	var changed []string // the days whose figures the push changed
	run := func(tx IngestTx) error {
		<-checked
		stored = 0
		chain := tx.Terminal().Chain
		var entered []record.Record // what this run put into the records table
		var conflicts []Conflict
		aside := func(r record.Record, i int, code, reason string, h Held) {
			if i >= 0 {
				resp.Results[i] = wire.Result{ID: r.ID, Seq: r.Seq, Status: wire.Conflict, Code: code, Reason: reason}
			}
			conflicts = append(conflicts, Conflict{Record: r, Code: code, ExistingID: h.ID, ExistingHash: h.Hash, ReceivedAt: seen.At})
		}
		conflict := func(c cand, code, reason string, h Held) { aside(c.r, c.i, code, reason, h) }
		// fork sets a record of a second chain of this terminal aside and
		// notes the fork.
		forked := make(map[string]bool) // hashes of this push's records set aside as a second chain
		fork := func(c cand, code, reason string, h Held) {
			conflict(c, code, reason, h)
			forked[c.r.Hash] = true
			chain.markFork(c.r.Seq, reason)
		}
		linked := make(map[int64]cand)
		if len(cands) > 0 {
			lo, hi := cands[0].r.Seq, cands[len(cands)-1].r.Seq
			held := map[int64]Held{}
			if lo > chain.MaxSeq && lo-1 == chain.HeadSeq {
				// The common push: new records right after the chain's head.
				// Nothing is held at their seqs, and the one record below
				// them is the head, whose hash the chain state carries: no
				// read (for SQLite, one statement less in the one writer;
				// for PostgreSQL, one round trip less).
				if chain.HeadSeq > 0 {
					held[chain.HeadSeq] = Held{Seq: chain.HeadSeq, Hash: chain.HeadHash}
				}
			} else {
				heldList, err := tx.HeldBySeq(ctx, lo-1, hi)
				if err != nil {
					return err
				}
				for _, h := range heldList {
					held[h.Seq] = h
				}
			}
			waitingByID := map[string]record.Record{}
			if chain.Stored > chain.HeadSeq { // something waits above a gap
				ws, err := tx.Waiting(ctx, lo, hi)
				if err != nil {
					return err
				}
				for _, w := range ws {
					waitingByID[w.ID] = w
				}
			}
			elsewhere := map[string]Held{}
			if precheck {
				ids := make([]string, len(cands))
				for i, c := range cands {
					ids[i] = c.r.ID
				}
				hs, err := tx.HeldByID(ctx, ids)
				if err != nil {
					return err
				}
				for _, h := range hs {
					elsewhere[h.ID] = h
				}
			}
			taken := make(map[int64]cand) // seqs linked or waiting in this push
			waits := make(map[int64]cand)
			acceptedIDs := make(map[string]record.Record)
			var toInsert, toWait []record.Record
			for _, c := range cands {
				r := c.r
				if h, ok := held[r.Seq]; ok {
					switch {
					case h.ID == r.ID && h.Hash == r.Hash:
						resp.Results[c.i] = wire.Result{ID: r.ID, Seq: r.Seq, Status: wire.Duplicate}
					case h.ID == r.ID:
						fork(c, wire.CodeIDConflict, fmt.Sprintf("the hub holds a different record with this id at seq %d: a second chain of this terminal", r.Seq), h)
					default:
						fork(c, wire.CodeSeqConflict, fmt.Sprintf("the hub holds another record (%s) at seq %d: a second chain of this terminal", h.ID, r.Seq), h)
					}
					continue
				}
				if w, ok := waitingByID[r.ID]; ok {
					if w.Hash == r.Hash {
						resp.Results[c.i] = wire.Result{ID: r.ID, Seq: r.Seq, Status: wire.Duplicate}
					} else {
						fork(c, wire.CodeIDConflict, "the hub holds a different record with this id", Held{ID: w.ID, Hash: w.Hash})
					}
					continue
				}
				if a, ok := taken[r.Seq]; ok { // the same seq twice in one push
					h := Held{ID: a.r.ID, Hash: a.r.Hash}
					switch {
					case a.r.ID == r.ID && a.r.Hash == r.Hash:
						resp.Results[c.i] = wire.Result{ID: r.ID, Seq: r.Seq, Status: wire.Duplicate}
					case a.r.ID == r.ID:
						fork(c, wire.CodeIDConflict, "the same id was sent twice with different content", h)
					default:
						fork(c, wire.CodeSeqConflict, fmt.Sprintf("seq %d was sent twice with different records", r.Seq), h)
					}
					continue
				}
				if a, ok := acceptedIDs[r.ID]; ok { // the same id at two seqs in one push
					conflict(c, wire.CodeIDConflict, "the same id was sent twice with different content", Held{ID: a.ID, Hash: a.Hash})
					continue
				}
				if h, ok := elsewhere[r.ID]; ok {
					if h.Hash == r.Hash {
						resp.Results[c.i] = wire.Result{ID: r.ID, Seq: r.Seq, Status: wire.Duplicate}
					} else {
						conflict(c, wire.CodeIDConflict, "the hub holds a different record with this id", h)
					}
					continue
				}
				// The link: only a record whose predecessor is known and is
				// the record its prev names enters the chain.
				pred, known := "", r.Seq == 1
				if a, ok := linked[r.Seq-1]; ok {
					pred, known = a.r.Hash, true
				} else if h, ok := held[r.Seq-1]; ok {
					pred, known = h.Hash, true
				}
				switch {
				case known && pred == r.Prev:
					linked[r.Seq] = c
					toInsert = append(toInsert, r)
				case known:
					fork(c, wire.CodeFork, fmt.Sprintf("seq %d does not link to the record the hub holds at seq %d: a second chain of this terminal", r.Seq, r.Seq-1), Held{})
					continue
				case forked[r.Prev]:
					fork(c, wire.CodeFork, fmt.Sprintf("seq %d continues a second chain of this terminal", r.Seq), Held{})
					continue
				default: // above a gap: it waits until the gap closes
					waits[r.Seq] = c
					toWait = append(toWait, r)
				}
				taken[r.Seq] = c
				acceptedIDs[r.ID] = r
			}

			inserted, err := tx.Insert(ctx, toInsert, seen.At)
			if err != nil {
				return err
			}
			for _, r := range toInsert {
				if inserted[r.ID] {
					entered = append(entered, r)
				}
			}
			var missed []string
			for _, r := range toInsert {
				if !inserted[r.ID] {
					missed = append(missed, r.ID)
				}
			}
			if len(missed) > 0 {
				if !precheck {
					return errRecheckIDs
				}
				// Only a race with another terminal's push of the same id
				// gets here: answer it as the conflict it is.
				hs, err := tx.HeldByID(ctx, missed)
				if err != nil {
					return err
				}
				byID := make(map[string]Held, len(hs))
				for _, h := range hs {
					byID[h.ID] = h
				}
				for _, r := range toInsert {
					if inserted[r.ID] {
						continue
					}
					c := linked[r.Seq]
					delete(linked, r.Seq)
					if h, ok := byID[r.ID]; ok && h.Hash == r.Hash {
						resp.Results[c.i] = wire.Result{ID: r.ID, Seq: r.Seq, Status: wire.Duplicate}
					} else {
						conflict(c, wire.CodeIDConflict, "the hub holds a different record with this id", h)
					}
				}
			}
			for _, group := range []map[int64]cand{linked, waits} {
				for _, c := range group {
					resp.Results[c.i] = wire.Result{ID: c.r.ID, Seq: c.r.Seq, Status: wire.Stored}
					stored++
					chain.MaxSeq = max(chain.MaxSeq, c.r.Seq)
				}
			}
			chain.Stored += int64(stored)
			if len(toWait) > 0 {
				if err := tx.AddWaiting(ctx, toWait, seen.At); err != nil {
					return err
				}
			}
		}
		if err := advance(ctx, tx, &chain, linked, seen.At, func(r record.Record, code, reason string, h Held) {
			aside(r, -1, code, reason, h)
			chain.markFork(r.Seq, reason)
		}, func(rs []record.Record) { entered = append(entered, rs...) }); err != nil {
			return err
		}
		changed = days(entered)
		if len(conflicts) > 0 {
			if err := tx.AddConflicts(ctx, conflicts); err != nil {
				return err
			}
		}
		resp.HeadSeq = chain.HeadSeq
		resp.Fork = chain.fork()
		seen.Pushed = true
		return tx.SetState(ctx, chain, seen)
	}
	err := st.Ingest(ctx, t.TerminalKey, run)
	if errors.Is(err, errRecheckIDs) {
		precheck = true
		err = st.Ingest(ctx, t.TerminalKey, run)
	}
	if err != nil {
		return resp, tally, err
	}
	// The figures kept beside the records (the dashboard's, per facility
	// and day) are recomputed for the days this push changed, once it is
	// committed.
	dayFiguresChanged(st, t.Facility, changed, seedsOf(len(items), func(i int) (*record.Record, bodyFacts) {
		if resp.Results[i].Status != wire.Stored {
			return nil, bodyFacts{} // only of records stored: a conflicting id holds another body
		}
		return &items[i].Record, facts[i]
	}))
	return resp, tallyOf(resp), nil
}

func tallyOf(resp wire.PushResponse) Tally {
	var tally Tally
	for _, r := range resp.Results {
		switch r.Status {
		case wire.Stored:
			tally.Stored++
		case wire.Duplicate:
			tally.Duplicate++
		case wire.Conflict:
			tally.Conflict++
		case wire.Rejected:
			tally.Rejected++
		}
	}
	return tally
}

// checksInTx is implemented by a backend whose Ingest may wait, inside its
// transaction, for the push's checks without holding up other terminals'
// pushes: PostgreSQL, where each push has its own transaction and locks only
// its terminal's row. Its BEGIN and that lock (two round trips to the
// server) then overlap the checks. SQLite's one committer stores the pushes
// of many terminals one after another, so there a push is checked before it
// queues.
type checksInTx interface{ checksInTx() }

// checkOne answers a pushed record that needs no database to be answered
// (malformed, invalid, a duplicate already known), or returns ok for a
// record that goes on to the transaction, with what the day figures take
// from its body.
func checkOne(it Pushed, known map[string]Held) (res wire.Result, ok bool, facts bodyFacts) {
	// The checks run on worker goroutines, out of reach of the HTTP
	// server's recovery: a panic (a fault of the hub, whatever the record
	// holds) refuses this record alone, where it ended the hub.
	defer func() {
		if p := recover(); p != nil {
			hubFault("checking a pushed record", p)
			res, ok, facts = rejected(it.Record.ID, it.Record.Seq, wire.CodeInvalid, faultReason), false, bodyFacts{}
		}
	}()
	if testHookCheck != nil {
		testHookCheck(it.Record)
	}
	if it.Malformed != "" {
		return rejected(it.Record.ID, 0, wire.CodeMalformed, "not a record: "+it.Malformed), false, bodyFacts{}
	}
	r := it.Record
	if h, ok := known[r.ID]; ok && h.Hash == r.Hash && h.Seq == r.Seq && r.ComputeHash() == r.Hash {
		return wire.Result{ID: r.ID, Seq: r.Seq, Status: wire.Duplicate}, false, bodyFacts{}
	}
	why, facts := checkPushed(r)
	if why != "" {
		return rejected(r.ID, r.Seq, wire.CodeInvalid, why), false, bodyFacts{}
	}
	if quickCheck(r) {
		// certain to pass record.Check: skip its re-encoding of the body
	} else if err := r.Check(); err != nil {
		code := wire.CodeInvalid
		if r.ComputeHash() != r.Hash {
			code = wire.CodeBadHash
		}
		return rejected(r.ID, r.Seq, code, err.Error()), false, bodyFacts{}
	}
	if r.Seq == 1 && r.Prev != "" {
		return rejected(r.ID, r.Seq, wire.CodeChain, "seq 1 must have an empty prev"), false, bodyFacts{}
	}
	return wire.Result{}, true, facts
}

// faultReason is what a terminal is told of a record the hub failed on:
// parked there, it goes again with sync --retry-parked once the hub is
// mended.
const faultReason = "the hub failed while checking this record (a fault of the hub, not of the record): send it again once the hub is mended"

// hubFault logs a panic recovered on a worker goroutine, with its stack.
func hubFault(doing string, p any) {
	slog.Error("hub: panic while "+doing, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
}

// testHookCheck, when set (by tests), is called on each record checked.
var testHookCheck func(record.Record)

// parallelFrom is the number of records from which a push's checks are
// spread over the cores; below it the goroutines cost more than they save.
const parallelFrom = 128

// eachChunk calls fn on consecutive chunks of 0..n, one goroutine per core
// when n is large enough, and returns when all are done.
func eachChunk(n int, fn func(lo, hi int)) {
	w := min(runtime.GOMAXPROCS(0), (n+parallelFrom-1)/parallelFrom)
	if w <= 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	size := (n + w - 1) / w
	for lo := 0; lo < n; lo += size {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, min(lo+size, n))
		}()
	}
	wg.Wait()
}

// days lists the days whose figures rs change, sorted, each once: each
// record's local day (its day column), and for a report.daily the day it
// covers (a report is often written the morning after).
func days(rs []record.Record) []string {
	return daysOf(len(rs), func(i int) *record.Record { return &rs[i] })
}

// daysOf is days of the n records r(0)…r(n-1).
func daysOf(n int, rec func(i int) *record.Record) []string {
	names := dayNames{}
	reports := map[string]bool{}
	var out []string
	for i := range n {
		r := rec(i)
		day, first := names.of(r)
		if first {
			out = append(out, day)
		}
		if r.Kind == record.ReportDaily {
			if c := reportDay(StoredRecord{Record: *r}, day); !reports[c] {
				reports[c] = true
				out = append(out, c)
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// dayNames names records' local days, formatting each calendar day once:
// a push's records fall on one day or two.
type dayNames map[ymd]string

// ymd is a calendar day as time.Time.Date gives it.
type ymd struct {
	y int
	m time.Month
	d int
}

// of is r's day, and whether it is the first time it was named.
func (dn dayNames) of(r *record.Record) (string, bool) {
	y, m, d := r.At.Date()
	k := ymd{y, m, d}
	if day, ok := dn[k]; ok {
		return day, false
	}
	day := r.AtString()[:10]
	dn[k] = day
	return day, true
}

// errRecheckIDs rolls back a push in which a linked record's id was held
// elsewhere; IngestPushed reruns it looking every id up first.
var errRecheckIDs = errors.New("hub: a pushed id is held elsewhere; rerun with the ids looked up")

// waitRun is how many waiting records advance reads at a time.
const waitRun = 1000

// advance moves the chain head over every contiguous record, verifying each
// link, until a missing seq or the first break. The records of this push are
// at hand; older ones (on a database from before migration 002, where records
// above a gap went in unchecked) are read in runs.
//
// Then the records waiting above a gap that now follow the head are linked
// into the chain, run by run; a waiting record at a seq the chain has passed
// lost to the record linked there and is set aside (setAside) as a second
// chain. Nothing waiting is dropped.
func advance(ctx context.Context, tx IngestTx, chain *Chain, batch map[int64]cand, at time.Time,
	setAside func(r record.Record, code, reason string, h Held), linked func([]record.Record)) error {
	if chain.BreakSeq != 0 {
		return nil
	}
	if chain.HeadSeq < chain.MaxSeq {
		t := tx.Terminal()
		next, prev := chain.HeadSeq+1, chain.HeadHash
		var run []record.Record
	walk:
		for next <= chain.MaxSeq {
			var err error
			var r record.Record
			if c, ok := batch[next]; ok {
				// This push's record: its hash was verified by checkOne, and it
				// is of this terminal at this seq. Only its link is left to
				// check; hashing it again would cost the committer (SQLite's
				// one writer) a second SHA-256 of every record pushed.
				r = c.r
				if r.Prev != prev {
					err = &record.BreakError{Seq: next, Got: r.Seq, Kind: record.BreakPrev}
				}
			} else {
				if len(run) == 0 || run[0].Seq != next {
					if run, err = tx.RecordsFrom(ctx, next, 1000); err != nil {
						return err
					}
					if len(run) == 0 || run[0].Seq != next {
						break walk // a gap: the head waits here
					}
				}
				r, run = run[0], run[1:]
				err = record.ResumeVerifier(t.Name, next-1, prev).Next(r)
			}
			if err != nil {
				var be *record.BreakError
				if errors.As(err, &be) {
					chain.BreakSeq, chain.BreakReason = be.Seq, be.Error()
					break walk
				}
				return err
			}
			prev = r.Hash
			next++
		}
		chain.HeadSeq, chain.HeadHash = next-1, prev
	}
	if chain.BreakSeq != 0 {
		return nil
	}
	for chain.Stored > chain.HeadSeq { // records wait above a gap
		ws, err := tx.Waiting(ctx, 0, chain.HeadSeq+waitRun)
		if err != nil || len(ws) == 0 {
			return err
		}
		head, hash := chain.HeadSeq, chain.HeadHash
		var link, lost []record.Record
		for _, w := range ws {
			if w.Seq <= head {
				lost = append(lost, w)
				continue
			}
			if w.Seq != head+1 {
				break // a gap remains
			}
			if w.Prev == hash && (quickCheck(w) || w.Check() == nil) {
				link = append(link, w)
				head, hash = w.Seq, w.Hash
			} else {
				lost = append(lost, w)
			}
		}
		if len(link) > 0 {
			// Keep the run only up to an id held elsewhere.
			ids := make([]string, len(link))
			for i, r := range link {
				ids[i] = r.ID
			}
			hs, err := tx.HeldByID(ctx, ids)
			if err != nil {
				return err
			}
			if len(hs) > 0 {
				taken := make(map[string]Held, len(hs))
				for _, h := range hs {
					taken[h.ID] = h
				}
				for i, r := range link {
					if h, ok := taken[r.ID]; ok {
						setAside(r, wire.CodeIDConflict, "the hub holds a different record with this id", h)
						chain.Stored--
						if err := tx.Unwait(ctx, []string{r.ID}); err != nil {
							return err
						}
						link = link[:i]
						break
					}
				}
			}
			if _, err := tx.Insert(ctx, link, at); err != nil {
				return err
			}
			linked(link)
		}
		gone := make([]string, 0, len(link)+len(lost))
		for _, r := range link {
			gone = append(gone, r.ID)
		}
		for _, r := range lost {
			gone = append(gone, r.ID)
			setAside(r, wire.CodeFork, fmt.Sprintf("seq %d waited above a gap and does not link to the chain the hub holds: a second chain of this terminal", r.Seq), Held{})
			chain.Stored--
		}
		if len(gone) > 0 {
			if err := tx.Unwait(ctx, gone); err != nil {
				return err
			}
		}
		if len(link) > 0 {
			chain.HeadSeq, chain.HeadHash = link[len(link)-1].Seq, link[len(link)-1].Hash
		}
		if len(link) == 0 && len(lost) == 0 {
			return nil
		}
	}
	return nil
}

func rejected(id string, seq int64, code, reason string) wire.Result {
	return wire.Result{ID: id, Seq: seq, Status: wire.Rejected, Code: code, Reason: reason}
}

// jsonProblem names what is wrong with a record without echoing its content.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te) && te.Field == "":
		return "not a JSON object"
	case errors.As(err, &te):
		return "field " + te.Field + " has the wrong type"
	case errors.As(err, &se):
		return "invalid JSON"
	default:
		// record.UnmarshalJSON's own errors (e.g. an unparsable at) are ours
		// and carry no internals.
		return err.Error()
	}
}

// cand is a pushed record that passed the checks needing no database, with
// its index in the push.
type cand struct {
	i int
	r record.Record
}

// The streamed push. In the common push — a terminal's next records, right
// after the chain head the hub holds, nothing waiting above a gap — every
// record that passes its checks and links to the one before it is stored;
// nothing else is read or decided (on SQLite, whose one writer stores every
// terminal's pushes, that is the writer's time spared: no lookups, no
// maps, no sort). On a backend that can take the
// records one by one within a statement (PostgreSQL's COPY), the push is
// checked chunk by chunk on the cores and each record goes to
// the server as soon as it is checked and seen to link: the server inserts
// while the hub still checks. At the first record that deviates — rejected,
// not the next seq, not linked, another terminal's — or when the server
// finds an id held already, the streamed transaction is abandoned and the
// push is answered by the general algorithm, with the checks already made.
// A hostile push may cost twice; it is never answered differently.

// pushStreamer is a Storage that can stream a push into a transaction of
// its own (see SQLite.streamPush).
type pushStreamer interface {
	streamSizer
	// streamPush runs one streamed push in a transaction: with the
	// terminal's row locked, it calls fill with its chain state and a
	// function that inserts records as next returns them (nil at the end;
	// an error of next aborts the insert and is returned); fill returns the
	// chain state to write with seen, and the transaction commits. Any
	// error rolls it back; a record whose id or seq is held already is
	// errStreamClash.
	streamPush(ctx context.Context, key TerminalKey, seen Seen,
		fill func(chain Chain, insert func(next func() (*record.Record, error)) error) (Chain, error)) error
}

// oneTripStreamer is a Storage that can stream a push in one round trip
// (see Postgres.streamPushOneTrip): it is told beforehand the chain state
// the push extends and the one it leaves.
type oneTripStreamer interface {
	streamSizer
	// streamPushOneTrip stores a push's records in one transaction, as next
	// returns them (nil at the end; an error of next aborts the insert and
	// is returned; ready says whether next would return without waiting),
	// provided the terminal's chain, once its row is locked, is still
	// from; and writes the chain state to and what seen records. Any error
	// rolls it all back: a chain that is no longer from is errNoStream, a
	// record whose id or seq is held already errStreamClash.
	streamPushOneTrip(ctx context.Context, key TerminalKey, seen Seen, from, to Chain,
		next func() (*record.Record, error), ready func() bool) error
}

// streamSizer says whether a push of n records streams.
type streamSizer interface{ streamsPush(n int) bool }

var (
	// errNoStream abandons a streamed push: it is answered by the general
	// algorithm.
	errNoStream = errors.New("hub: the push does not stream")
	// errStreamClash abandons a streamed push whose records clashed with
	// held ones: the general algorithm answers it, looking every id up
	// from the start.
	errStreamClash = errors.New("hub: a streamed record clashed with a held one")
)

// streamed counts the pushes answered by streaming, and abandoned those a
// streamed attempt handed to the general algorithm: what the tests look at
// to know which way a push went.
var streamed, abandoned atomic.Int64

// commitError is a streamed push's failure once its commit was sent.
type commitError struct{ err error }

func (e commitError) Error() string { return e.err.Error() }
func (e commitError) Unwrap() error { return e.err }

func streams(st Storage, n int) bool {
	s, ok := st.(streamSizer)
	return ok && n > 0 && s.streamsPush(n)
}

// streamChunk is how many records a worker checks before it
// hands them on: small enough that the server starts early, large enough
// that handing on costs nothing measurable.
const streamChunk = 64

// pushChecks is a push being checked chunk by chunk.
type pushChecks struct {
	t     Terminal
	items []Pushed
	res   []wire.Result
	ok    []bool
	// later marks the records left for the general algorithm to check:
	// those at a seq the hub may hold already, which it checks against
	// what it holds (checkOne's known). They never stream.
	later []bool
	// facts are what the day figures take from each record that passed
	// (factsFrom), handed to the figures' keeper once the push is stored.
	facts []bodyFacts
	done  []chan struct{} // per chunk, closed once it is checked
	next  atomic.Int64    // the next chunk to take
	wg    sync.WaitGroup
}

// startChecks starts checking a decoded push, one worker per core taking
// chunks in order.
func startChecks(t Terminal, items []Pushed) *pushChecks {
	n := len(items)
	p := &pushChecks{t: t, items: items, res: make([]wire.Result, n), ok: make([]bool, n), later: make([]bool, n),
		facts: make([]bodyFacts, n), done: make([]chan struct{}, (n+streamChunk-1)/streamChunk)}
	for i := range p.done {
		p.done[i] = make(chan struct{})
	}
	w := min(runtime.GOMAXPROCS(0), len(p.done))
	p.wg.Add(w)
	for range w {
		go p.work()
	}
	return p
}

func (p *pushChecks) work() {
	defer p.wg.Done()
	for {
		c := int(p.next.Add(1) - 1)
		if c >= len(p.done) {
			return
		}
		lo, hi := c*streamChunk, min((c+1)*streamChunk, len(p.items))
		for i := lo; i < hi; i++ {
			it := &p.items[i]
			if it.Malformed == "" && it.Record.Seq <= p.t.Chain.MaxSeq {
				p.later[i] = true
				continue
			}
			p.res[i], p.ok[i], p.facts[i] = checkOne(*it, nil)
		}
		close(p.done[c])
		// Let the goroutine that waited for this chunk (the one feeding
		// the server) run now rather than after this worker's last chunk.
		runtime.Gosched()
	}
}

// seeds are the facts of the push's records for the figures' keeper, once
// every record is stored.
func (p *pushChecks) seeds() map[string][]factSeed {
	return seedsOf(len(p.items), func(i int) (*record.Record, bodyFacts) { return &p.items[i].Record, p.facts[i] })
}

// seedsOf is the seeds of n records, each given with its facts (nil: not
// stored), by day.
func seedsOf(n int, rec func(i int) (*record.Record, bodyFacts)) map[string][]factSeed {
	names := dayNames{}
	out := map[string][]factSeed{}
	for i := range n {
		r, f := rec(i)
		if r == nil || !f.ok {
			continue
		}
		day, _ := names.of(r)
		out[day] = append(out[day], factSeed{id: r.ID, facts: f})
	}
	return out
}

// wait returns once record i is checked.
func (p *pushChecks) wait(i int) { <-p.done[i/streamChunk] }

// mayLink says, once every record is checked, whether the push may
// stream: whether linkFeed would hand on every record, each checked, the
// terminal's and linked to the one before it. Only the first record's
// link, to the head of the chain as locked, is left for the stream to
// find out (the feed starts from the first record's own prev); a push for
// which mayLink is false is sure to stop at its first record that fails.
func (p *pushChecks) mayLink() bool {
	if len(p.items) == 0 {
		return true
	}
	first := &p.items[0].Record
	f := &linkFeed{p: p, seq: first.Seq - 1, prev: first.Prev}
	for {
		r, err := f.next()
		if err != nil || r == nil {
			return err == nil
		}
	}
}

// ready says whether record i is checked.
func (p *pushChecks) ready(i int) bool {
	select {
	case <-p.done[i/streamChunk]:
		return true
	default:
		return false
	}
}

// ingestStream answers a push by streaming it (see above), or by the
// general algorithm when it does not stream.
func ingestStream(ctx context.Context, st Storage, t Terminal, p *pushChecks, seen Seen) (wire.PushResponse, Tally, error) {
	defer p.wg.Wait() // the workers write into p until they are done
	if _, ok := st.(checksInTx); !ok {
		// SQLite's one writer stores every terminal's pushes: it must
		// never wait for one push's checks.
		p.wg.Wait()
		if !p.mayLink() {
			// Sure to be abandoned (see mayLink): the attempt would cost
			// a turn of the one writer and the wait for its group's
			// commit before the push queued again.
			return ingestPushed(ctx, st, t, p.items, p, false, seen)
		}
	}
	n := len(p.items)
	s := seen
	s.Pushed = true
	var chain Chain
	var err error
	if ot, ok := st.(oneTripStreamer); ok {
		chain, err = streamOneTrip(ctx, ot, t, p, s)
	} else {
		chain, err = streamFill(ctx, st.(pushStreamer), t, p, s)
	}
	var ce commitError
	switch {
	case errors.As(err, &ce):
		// The commit's fate is unknown: answered as the general
		// algorithm answers a failed commit.
		return wire.PushResponse{Results: make([]wire.Result, n), ReceivedAt: seen.At}, Tally{}, ce.err
	case err != nil:
		// Abandoned, before anything was committed: whatever stopped the
		// stream (a deviating record, a clash, the store failing), the
		// general algorithm answers the push, or fails as it would have.
		abandoned.Add(1)
		p.wg.Wait()
		return ingestPushed(ctx, st, t, p.items, p, errors.Is(err, errStreamClash), seen)
	}
	resp := wire.PushResponse{Results: make([]wire.Result, n), ReceivedAt: seen.At, HeadSeq: chain.HeadSeq, Fork: chain.fork()}
	for i := range p.items {
		r := &p.items[i].Record
		resp.Results[i] = wire.Result{ID: r.ID, Seq: r.Seq, Status: wire.Stored}
	}
	dayFiguresChanged(st, t.Facility, daysOf(n, func(i int) *record.Record { return &p.items[i].Record }), p.seeds())
	streamed.Add(1)
	return resp, Tally{Stored: n}, nil
}

// streamFill streams a push through st.streamPush, against the chain
// state the store reads under the terminal's lock; it returns the state
// the push left.
func streamFill(ctx context.Context, st pushStreamer, t Terminal, p *pushChecks, seen Seen) (Chain, error) {
	n := len(p.items)
	var chain Chain
	err := st.streamPush(ctx, t.TerminalKey, seen, func(c Chain, insert func(func() (*record.Record, error)) error) (Chain, error) {
		chain = c
		if chain.MaxSeq != chain.HeadSeq || chain.Stored != chain.HeadSeq || chain.BreakSeq != 0 {
			return chain, errNoStream
		}
		f := &linkFeed{p: p, seq: chain.HeadSeq, prev: chain.HeadHash}
		err := insert(f.next)
		if err == nil && f.i < n {
			err = errNoStream // cannot happen: the statement ends when next does
		}
		if err != nil {
			return chain, err
		}
		chain.HeadSeq, chain.HeadHash, chain.MaxSeq, chain.Stored = f.seq, f.prev, f.seq, chain.Stored+int64(n)
		return chain, nil
	})
	return chain, err
}

// streamOneTrip streams a push through st.streamPushOneTrip, against the
// chain state the push implies — its first record right after the head,
// nothing held above the head, no break — and the fork the terminal was
// read with (the store checks them once the row is locked); it ends in a
// state known from the push's last record, so the whole push is one round
// trip. The terminal's state as read with the token is not relied on for
// the rest: it may be older than the push before (a retry racing its
// original, a caller holding it). It returns the state the push left.
func streamOneTrip(ctx context.Context, st oneTripStreamer, t Terminal, p *pushChecks, seen Seen) (Chain, error) {
	n := len(p.items)
	// The ends of the push decide whether it streams at all.
	first, last := p.items[0], p.items[n-1]
	if first.Malformed != "" || last.Malformed != "" || first.Record.Seq < 1 || last.Record.Seq != first.Record.Seq+int64(n)-1 {
		return Chain{}, errNoStream
	}
	head := first.Record.Seq - 1
	from := Chain{HeadSeq: head, HeadHash: first.Record.Prev, MaxSeq: head, Stored: head,
		ForkSeq: t.Chain.ForkSeq, ForkReason: t.Chain.ForkReason}
	to := from
	to.HeadSeq, to.HeadHash, to.MaxSeq, to.Stored = last.Record.Seq, last.Record.Hash, last.Record.Seq, head+int64(n)
	f := &linkFeed{p: p, seq: from.HeadSeq, prev: from.HeadHash, last: to.HeadHash}
	err := st.streamPushOneTrip(ctx, t.TerminalKey, seen, from, to, f.next, func() bool { return f.i == n || p.ready(f.i) })
	return to, err
}

// linkFeed hands on a streamed push's records in order, as each is
// checked, for as long as each is this terminal's and links to the one
// before it (seq and prev start at the head the push extends); at the
// first that does not, the stream is abandoned (errNoStream).
type linkFeed struct {
	p    *pushChecks // its terminal, p.t, is the one pushing
	i    int         // the next record to hand on
	seq  int64       // the seq of the last record handed on
	prev string      // its hash
	last string      // when set, the hash the push's last record must have
}

// next returns the next record, nil at the end.
func (f *linkFeed) next() (*record.Record, error) {
	p, n := f.p, len(f.p.items)
	if f.i == n {
		return nil, nil
	}
	p.wait(f.i)
	r := &p.items[f.i].Record
	// ok is false for a record left for later: it is at or below the
	// terminal's highest seq as it was read with the token.
	if !p.ok[f.i] || r.Terminal != p.t.Name || r.Facility != p.t.Facility || r.Seq != f.seq+1 || r.Prev != f.prev ||
		(f.last != "" && f.i == n-1 && r.Hash != f.last) {
		return nil, errNoStream
	}
	f.i, f.seq, f.prev = f.i+1, r.Seq, r.Hash
	return r, nil
}
