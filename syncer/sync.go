package syncer

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"gatepost/hub/wire"
	"gatepost/identity"
	"gatepost/store"
)

// Result is what one sync did.
type Result struct {
	Sent      int64 // records sent and answered
	Stored    int64 // … that the hub stored now
	Duplicate int64 // … that the hub already had
	Conflict  int64 // … that clash with what the hub holds (parked)
	Rejected  int64 // … that the hub refused (parked)
	Local     int64 // records parked here without sending (not this terminal's, too large)
	Skipped   int64 // records not sent because the hub's head showed it holds them

	People, Passes, Notices int // pulled and applied
	Plans                   int // rotation plans pulled and applied
	// PeerRecords counts the facility's other terminals' records taken from
	// the feed; PeerRefused the ones refused (their chain did not verify)
	// or set aside (verified, but not stored here: store.PeersAside).
	PeerRecords int
	PeerRefused []store.PeerRefusal
	// Identities counts the identity registry rows sent (§15);
	// IdentitiesRefused the ones the hub refused and the feed's this
	// terminal did not take, each logged by the loop.
	Identities        int
	IdentitiesRefused []IdentitySkip

	Pending int64 // records still to send afterwards
	Parked  int64 // records parked in all (rejected, conflict, local)
	HeadSeq int64 // the hub's contiguous head for this terminal after the last push

	// Refilled counts records sent again because the hub held less of this
	// terminal's chain than it had once answered (a hub restored from a
	// backup); RefillFrom is the hub's head they were sent again after.
	Refilled   int64
	RefillFrom int64
	// ForkSeq is non-zero when the hub holds a second chain of this
	// terminal (a cloned disk or a restored PC pushing with the same
	// token): from ForkSeq on, one of the two chains is kept aside at the
	// hub. ForkReason is the hub's words. See Status.ForkSeq.
	ForkSeq    int64
	ForkReason string
	// HubAhead is the hub's head for this terminal when it holds more of
	// this terminal's chain than this database does (a terminal restored
	// from a backup older than its last sync): records saved here would
	// take seqs the hub holds with other records and fork the chain. Zero
	// otherwise. See Status.HubAhead.
	HubAhead int64
}

// Codes of records parked by the terminal itself, never sent.
const (
	CodeForeign  = "foreign"   // the record is not this terminal's: the hub would refuse the whole push
	CodeTooLarge = "too_large" // the record alone is over the hub's request limit
)

// SyncOptions tune Sync. The zero value is usable.
type SyncOptions struct {
	BatchSize     int // records per push; default 1000
	MaxBatchBytes int // JSON bytes per push before gzip; default wire.MaxBody/2
	PullPageSize  int // items per pull page; default 1000
	// InFlight is how many pushes may be on the wire at once (default 2):
	// the hub checks the next batch while it stores this one. Answers are
	// taken in order all the same. 1 sends a push only after the last one's
	// answer.
	InFlight int
	// NoFastForward makes Sync send every unanswered record even when the
	// hub's head shows it already holds them (benchmarks of the hub's
	// duplicate path use it).
	NoFastForward bool
	// NoFeed leaves the facility feed out of the sync: the console's loop
	// keeps its own long poll of it (Loop.watchFeed), so its sync rounds
	// need not page through the feed again.
	NoFeed bool
}

func (o *SyncOptions) defaults() {
	if o.BatchSize <= 0 {
		o.BatchSize = 1000
	}
	if o.BatchSize > wire.MaxBatch {
		o.BatchSize = wire.MaxBatch
	}
	if o.MaxBatchBytes <= 0 || o.MaxBatchBytes > wire.MaxBody-64 {
		o.MaxBatchBytes = wire.PushJSON
	}
	if o.PullPageSize <= 0 {
		o.PullPageSize = 1000
	}
	if o.InFlight <= 0 {
		o.InFlight = 2
	}
}

// batch is one push made ready while the previous one is on the wire.
type batch struct {
	body   []byte         // gzipped push, nil when every record was parked here
	recs   []sentRecord   // what the body carries, in order
	parked []store.Parked // records parked here without sending
	upTo   int64          // every seq up to here is in recs or parked
}

type sentRecord struct {
	id  string
	seq int64
}

// prepare reads up to a batch of records after seq `after` and encodes them.
func prepare(ctx context.Context, st *store.Store, id store.Identity, after int64, opts SyncOptions, zw *gzip.Writer) (batch, error) {
	var b batch
	recs, err := st.OutgoingAfter(ctx, after, opts.BatchSize, id.FacilityID, id.Terminal)
	if err != nil || len(recs) == 0 {
		return b, err
	}
	enc := make([]json.RawMessage, 0, len(recs))
	size := 0
	for _, r := range recs {
		if r.Of != "" {
			b.parked = append(b.parked, store.Parked{Seq: r.Seq, ID: r.ID, Status: "rejected", Code: CodeForeign,
				Reason: fmt.Sprintf("record of %s, not of this terminal: not sent", r.Of)})
			b.upTo = r.Seq
			continue
		}
		j := r.JSON
		if len(j) > opts.MaxBatchBytes {
			b.parked = append(b.parked, store.Parked{Seq: r.Seq, ID: r.ID, Status: "rejected", Code: CodeTooLarge,
				Reason: fmt.Sprintf("record is %d bytes, over the %d a push may carry: not sent", len(j), opts.MaxBatchBytes)})
			b.upTo = r.Seq
			continue
		}
		if size+len(j) > opts.MaxBatchBytes && len(enc) > 0 {
			break
		}
		enc = append(enc, j)
		b.recs = append(b.recs, sentRecord{r.ID, r.Seq})
		size += len(j)
		b.upTo = r.Seq
	}
	if len(enc) > 0 {
		if b.body, err = EncodePush(zw, enc); err != nil {
			return b, err
		}
	}
	return b, nil
}

// Sync pushes every pending record in seq order, batch by batch, then pulls
// reference data and notices changed since the cursor.
//
// A batch is marked sent only once the hub has answered it; records the hub
// rejects or holds in conflict are parked with the reason and the push goes
// on past them. Interrupted anywhere (network, hub, this process), the next
// Sync resends from the first unanswered record, and the hub answers
// "duplicate" for what it already stored: nothing is lost or doubled.
//
// Before pushing, Sync asks the hub for its head: when the hub already holds
// this terminal's records up to some seq with the same hash (after a lost
// answer, or a re-join), the cursor moves there without sending them again.
// While the hub answers one batch, the next is read and encoded.
func Sync(ctx context.Context, st *store.Store, c *Client, opts SyncOptions) (Result, error) {
	opts.defaults()
	var res Result
	id, err := st.Identity(ctx)
	if err != nil {
		return res, err
	}
	counts, err := st.SyncCounts(ctx)
	if err != nil {
		return res, err
	}
	if err := checkHead(ctx, st, c, counts, opts, &res); err != nil {
		return res, err
	}
	// The identity rows go before the records that name them, so that the
	// facility feed, which sends a peer the rows of the records it serves,
	// never serves a record whose row the hub does not hold yet (§15).
	if err := pushIdentities(ctx, c, st, &res); err != nil {
		return res, err
	}
	after, err := st.PushedSeq(ctx)
	if err != nil {
		return res, err
	}

	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan batch, 1)
	prepErr := make(chan error, 1)
	go func() {
		defer close(ready)
		zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
		for {
			b, err := prepare(pctx, st, id, after, opts, zw)
			if err != nil {
				prepErr <- err
				return
			}
			if b.upTo == 0 {
				return
			}
			select {
			case ready <- b:
			case <-pctx.Done():
				return
			}
			after = b.upTo
		}
	}()
	// A batch's answer is written down (MarkPushed, an fsync) while the next
	// batch is on the wire: one mark at a time, in order, so the cursor
	// only ever moves over answered records; a crash in between leaves it
	// behind, and the hub answers "duplicate" for what it gets again.
	var marking chan error
	waitMark := func() error {
		if marking == nil {
			return nil
		}
		err := <-marking
		marking = nil
		return err
	}
	mark := func(upTo int64, parked []store.Parked) {
		marking = make(chan error, 1)
		go func(done chan error) { done <- st.MarkPushed(ctx, upTo, parked) }(marking)
	}
	// Up to opts.InFlight pushes are on the wire at once; their answers are
	// taken in the order sent. A push whose answer is not taken (an earlier
	// one failed) changes nothing here: its records are sent again next
	// time, and the hub answers "duplicate".
	type flight struct {
		b    batch
		resp wire.PushResponse
		err  error
		done chan struct{}
	}
	slots := make(chan struct{}, opts.InFlight)
	flights := make(chan *flight, opts.InFlight)
	go func() {
		defer close(flights)
		defer func() {
			for range ready { // let the reader finish
			}
		}()
		for b := range ready {
			select {
			case slots <- struct{}{}:
			case <-pctx.Done():
				return
			}
			f := &flight{b: b, done: make(chan struct{})}
			if b.body == nil {
				close(f.done)
			} else {
				go func() {
					defer close(f.done)
					last, err := st.LastSeq(pctx)
					if err != nil {
						f.err = err
						return
					}
					f.resp, f.err = c.PushGzipped(pctx, f.b.body, len(f.b.recs), max(last-f.b.upTo, 0))
				}()
			}
			flights <- f
		}
	}()
	stop := func(err error) (Result, error) {
		cancel()
		for f := range flights { // let every push and the reader finish
			<-f.done
		}
		if merr := waitMark(); err == nil {
			err = merr
		}
		return res, err
	}
	for f := range flights {
		<-f.done
		b := f.b
		parked := b.parked
		res.Local += int64(len(b.parked))
		if b.body != nil {
			resp, err := f.resp, f.err
			if err != nil {
				return stop(err)
			}
			for k, rr := range resp.Results {
				r := b.recs[k]
				if rr.ID != r.id {
					return stop(fmt.Errorf("the hub answered for record %q where %q was sent", rr.ID, r.id))
				}
				switch rr.Status {
				case wire.Stored:
					res.Stored++
				case wire.Duplicate:
					res.Duplicate++
				case wire.Conflict, wire.Rejected:
					parked = append(parked, store.Parked{Seq: r.seq, ID: r.id, Status: string(rr.Status), Code: rr.Code, Reason: rr.Reason})
					if rr.Status == wire.Conflict {
						res.Conflict++
					} else {
						res.Rejected++
					}
				default:
					return stop(fmt.Errorf("the hub answered %q for record %s", rr.Status, r.id))
				}
			}
			res.Sent += int64(len(b.recs))
			res.HeadSeq = resp.HeadSeq
			res.ForkSeq, res.ForkReason = 0, ""
			if resp.Fork != nil {
				res.ForkSeq, res.ForkReason = resp.Fork.Seq, resp.Fork.Reason
			}
		}
		if err := waitMark(); err != nil {
			return stop(err)
		}
		mark(b.upTo, parked)
		<-slots
	}
	if err := waitMark(); err != nil {
		return res, err
	}
	select {
	case err := <-prepErr:
		return res, err
	default:
	}
	cursor, err := st.PullCursor(ctx)
	if err != nil {
		return res, err
	}
	for {
		ch, err := c.Changes(ctx, cursor, opts.PullPageSize, 0)
		if err != nil {
			return res, err
		}
		p := store.Pulled{Cursor: ch.Cursor}
		for _, x := range ch.People {
			p.People = append(p.People, x.Gate())
		}
		for _, x := range ch.Passes {
			p.Passes = append(p.Passes, x.Gate())
		}
		for _, n := range ch.Notices {
			p.Notices = append(p.Notices, store.Notice{ID: n.ID, Title: n.Title, Body: n.Body, Day: n.Day, PublishedAt: n.PublishedAt})
		}
		for _, x := range ch.Rotation {
			p.Plans = append(p.Plans, x.Gate())
		}
		if len(p.People)+len(p.Passes)+len(p.Notices)+len(p.Plans) > 0 || ch.Cursor > cursor {
			if err := st.ApplyPull(ctx, p); err != nil {
				return res, err
			}
		}
		res.People += len(p.People)
		res.Passes += len(p.Passes)
		res.Notices += len(p.Notices)
		res.Plans += len(p.Plans)
		if !ch.More || ch.Cursor <= cursor {
			break
		}
		cursor = ch.Cursor
	}

	if !opts.NoFeed {
		if err := pullFeed(ctx, c, st, opts.PullPageSize, &res); err != nil {
			return res, err
		}
	}

	counts, err = st.SyncCounts(ctx)
	if err != nil {
		return res, err
	}
	res.Pending, res.Parked = counts.Pending, counts.Parked
	if res.Pending == 0 {
		if err := st.SetLastSyncOK(ctx, time.Now()); err != nil {
			return res, err
		}
	}
	return res, nil
}

// checkHead asks the hub, on every sync, how far it holds this terminal's
// chain, and moves the push cursor to match:
//
//   - back, when the hub holds less than it once answered (restored from a
//     backup): the records after its head are sent again. Not when the
//     hub's head stops just below a record it refused (parked here: it
//     never held it), nor when it holds another chain at its head or
//     reports a fork (sending again would only be refused again);
//   - forward, when it holds more than this terminal knows it answered
//     (an answer lost, a re-join): the records up to its head are not sent
//     again (unless opts.NoFastForward).
//
// The hub's fork report is copied into res.
func checkHead(ctx context.Context, st *store.Store, c *Client, counts store.SyncCounts, opts SyncOptions, res *Result) error {
	who, err := c.whoami(ctx, counts.PushedSeq)
	if err != nil {
		return err
	}
	if who.Fork != nil {
		res.ForkSeq, res.ForkReason = who.Fork.Seq, who.Fork.Reason
	}
	if who.HeadSeq > counts.LastSeq {
		res.HubAhead = who.HeadSeq
	}
	if who.HeadSeq < counts.PushedSeq && who.Fork == nil {
		if p, ok, err := st.LowestParked(ctx); err != nil || (ok && p <= who.HeadSeq+1) {
			return err
		}
		if who.HeadSeq > 0 {
			h, err := st.HashAt(ctx, who.HeadSeq)
			if err != nil || h != who.HeadHash {
				return err
			}
		}
		n, err := st.RewindPushed(ctx, who.HeadSeq)
		if err != nil {
			return err
		}
		res.Refilled, res.RefillFrom = n, who.HeadSeq
		return nil
	}
	if counts.Pending == 0 || opts.NoFastForward {
		return nil
	}
	return fastForward(ctx, st, who, counts, res)
}

// fastForward moves the push cursor up to the hub's head when the hub holds
// exactly this terminal's records there: the same hash at the head seq means
// the same chain up to it.
func fastForward(ctx context.Context, st *store.Store, who wire.Whoami, counts store.SyncCounts, res *Result) error {
	if who.HeadSeq <= counts.PushedSeq || who.HeadSeq > counts.LastSeq || who.HeadHash == "" {
		return nil
	}
	h, err := st.HashAt(ctx, who.HeadSeq)
	if err != nil || h != who.HeadHash {
		return err // another chain at the hub: send, and let it answer record by record
	}
	if err := st.MarkPushed(ctx, who.HeadSeq, nil); err != nil {
		return err
	}
	res.Skipped = who.HeadSeq - counts.PushedSeq
	return nil
}

// pullFeed brings the records of the facility's other terminals (SPEC §12)
// page by page, each peer's chain verified by the store as it is applied. A
// hub without the feed (404: older than the facility feed) is not an error:
// the terminal then decides on its own records, as before.
func pullFeed(ctx context.Context, c *Client, st *store.Store, limit int, res *Result) error {
	for page := 0; page < 1000; page++ {
		p, err := feedPage(ctx, c, st, limit, 0)
		var api *APIError
		if errors.As(err, &api) && api.Status == http.StatusNotFound {
			return nil
		}
		res.IdentitiesRefused = append(res.IdentitiesRefused, p.skipped...)
		if err != nil {
			return err
		}
		res.PeerRecords += p.taken
		res.PeerRefused = append(res.PeerRefused, p.refused...)
		// A page that moved nothing forward (every record refused) would be
		// served again unchanged: stop, the refusal is recorded and shown.
		// A record set aside moved its peer's chain on.
		if !p.more || p.taken+setAside(p.refused) == 0 {
			return nil
		}
	}
	return nil
}

// feedTaken is what feedPage did with a page: the peer records taken and
// refused, the identity rows skipped, and whether the hub has another page
// ready.
type feedTaken struct {
	more    bool
	taken   int
	refused []store.PeerRefusal
	skipped []IdentitySkip
}

// setAside counts the records of refused that were set aside (their
// chain went on past them), not refused.
func setAside(refused []store.PeerRefusal) int {
	n := 0
	for _, r := range refused {
		if r.SetAside {
			n++
		}
	}
	return n
}

// feedPage asks the feed for one page after the peer records held here
// (waiting up to wait for one when wait > 0, the long poll) and applies
// it.
func feedPage(ctx context.Context, c *Client, st *store.Store, limit int, wait time.Duration) (feedTaken, error) {
	var p feedTaken
	after, err := st.PeerCursors(ctx)
	if err != nil {
		return p, err
	}
	tomb, err := st.ErasuresCursor(ctx)
	if err != nil {
		return p, err
	}
	f, err := c.Feed(ctx, after, tomb, limit, wait, -1)
	if err != nil {
		return p, err
	}
	now := time.Now()
	if p.taken, p.refused, err = st.ApplyFeed(ctx, peerHeads(f), f.Records, now); err != nil {
		return feedTaken{}, err
	}
	// The identity rows the page's records name (§15), so that a visitor
	// who came in at another post is found here by their ID number.
	if p.skipped, err = applyPeerIdentities(ctx, st, f.Identities, now); err != nil {
		return p, err
	}
	// The identities erased at the hub since the last page (§15), after
	// the rows: a row this page brought may be erased already.
	if _, err = st.ApplyErasures(ctx, f.Erased, f.ErasedThrough); err != nil {
		return p, err
	}
	// The facility's retention as set at the hub: the purge applies it
	// where it is stricter than this terminal's own.
	if f.Retention != nil {
		r := f.Retention
		err = st.SetHubRetention(ctx, map[identity.Category]int{identity.Visitor: r.VisitorDays,
			identity.Vehicle: r.VehicleDays, identity.Health: r.HealthDays})
	}
	p.more = f.More
	return p, err
}

// peerHeads is what a feed page says of the facility's other terminals.
func peerHeads(f wire.Feed) []store.PeerHead {
	heads := make([]store.PeerHead, 0, len(f.Peers))
	for _, p := range f.Peers {
		h := store.PeerHead{Terminal: p.Terminal, HeadSeq: p.HeadSeq}
		h.LastPush, _ = time.Parse(time.RFC3339, p.LastPush)
		heads = append(heads, h)
	}
	return heads
}
