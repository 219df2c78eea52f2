package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"

	"gatepost/gate"
	"gatepost/hub/wire"
	"gatepost/syncer"
)

// Relayer is the facility hub's side of relaying (§12): `gatepost hub serve
// --upstream URL --upstream-token T`. The facility's terminals sync with
// the facility hub over the LAN exactly as with any hub, and the posts share
// their records through its feed while the WAN is down; the Relayer forwards
// every record upstream verbatim (each terminal's own chain, so the bureau
// verifies it as if the terminal had pushed) and brings the facility's
// reference data, rotation plans and notices down. It keeps its cursors in
// the facility hub's storage, so a restart resumes where it was, and the
// bureau gets every record exactly once (a record sent again is answered
// duplicate).
//
// A Relayer's rounds run one at a time (Run); it is not for concurrent use.
type Relayer struct {
	st         Storage
	up         *syncer.Client
	log        *slog.Logger
	wake       *notifier
	every      time.Duration
	checkEvery time.Duration
	batch      int

	// checked is when the bureau's heads were last compared with the
	// cursors; zero makes the next round compare them (at the start, and
	// after the bureau did not answer: it may come back restored).
	checked time.Time
	// facility is the relay's facility as the bureau names it, "" until
	// it answered; the terminals of another facility are not relayed.
	facility string
	// skipped are terminals the bureau refuses whole (another facility's,
	// 403): not sent again until the facility hub restarts.
	skipped map[TerminalKey]bool
	// oldBureau is set once the bureau answered that it has no heads
	// request (older than this hub): said once.
	oldBureau bool
	// told is what was last logged of a terminal the bureau holds
	// otherwise than its cursor says, so that a state is logged once.
	told map[TerminalKey]string
}

// RelayerOptions tune a Relayer.
type RelayerOptions struct {
	Logger *slog.Logger
	Every  time.Duration // a round at least this often; default 5 s
	// CheckEvery is how often the bureau's heads are compared with the
	// cursors, besides at the start and after the bureau did not answer;
	// default 1 min.
	CheckEvery time.Duration
	Batch      int // records per upstream push; default 1000
	Client     syncer.ClientOptions
}

// NewRelayer builds the relay of a facility hub's storage to the bureau's
// hub at upstream, with the relay token `gatepost hub relay add` issued.
func NewRelayer(st Storage, upstream, token string, opts RelayerOptions) (*Relayer, error) {
	c, err := syncer.NewClient(upstream, token, opts.Client)
	if err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Every <= 0 {
		opts.Every = 5 * time.Second
	}
	if opts.CheckEvery <= 0 {
		opts.CheckEvery = time.Minute
	}
	if opts.Batch <= 0 || opts.Batch > wire.MaxBatch {
		opts.Batch = 1000
	}
	return &Relayer{st: st, up: c, log: opts.Logger, every: opts.Every, checkEvery: opts.CheckEvery, batch: opts.Batch,
		skipped: map[TerminalKey]bool{}, told: map[TerminalKey]string{}}, nil
}

// RelayResult is what one round did.
type RelayResult struct {
	Sent, Stored, Duplicate, Refused int // records forwarded, and the bureau's answers
	Pulled                           int // reference items and notices brought down
	Pending                          int64
	// Refilled is how many records the bureau had lost (restored from a
	// backup) that the round's cursors were moved back for, to send again.
	Refilled int64
}

func cursorName(k TerminalKey) string { return "push:" + k.String() }

// refusedCursor names the cursor that keeps, per terminal, the lowest seq
// the bureau refused (conflict or rejected): its chain at the bureau stops
// below it for good, so a head there is no sign the bureau lost anything.
func refusedCursor(k TerminalKey) string { return "refused:" + k.String() }

// WakeOn makes the relayer start a round as soon as a push to srv stores
// something, rather than at the next tick.
func (r *Relayer) WakeOn(srv *Server) { r.wake = srv.fresh }

// Pending counts the records held here that the bureau has not answered.
func (r *Relayer) Pending(ctx context.Context) (int64, error) {
	ts, err := r.st.Terminals(ctx)
	if err != nil {
		return 0, err
	}
	_, n, err := r.cursors(ctx, ts)
	return n, err
}

// cursors reads how far each terminal of ts has been relayed, and how many
// of their verified records are not relayed yet.
func (r *Relayer) cursors(ctx context.Context, ts []Terminal) (map[TerminalKey]int64, int64, error) {
	cs := make(map[TerminalKey]int64, len(ts))
	var n int64
	for _, t := range ts {
		c, err := r.st.RelayCursor(ctx, cursorName(t.TerminalKey))
		if err != nil {
			return nil, 0, err
		}
		cs[t.TerminalKey] = c
		if t.Chain.HeadSeq > c {
			n += t.Chain.HeadSeq - c
		}
	}
	return cs, n, nil
}

// Round forwards what the bureau lacks, then pulls what changed there.
// At the start, after the bureau did not answer, and every CheckEvery, it
// first compares the bureau's heads with the cursors (checkHeads). The
// terminals and their cursors are read once for the round, and the loop
// carries each cursor forward itself; only the figure left at the end is
// read afresh, as records may have come in meanwhile.
func (r *Relayer) Round(ctx context.Context) (res RelayResult, err error) {
	defer func() {
		if err != nil {
			r.checked = time.Time{}
		}
	}()
	ts, err := r.st.Terminals(ctx)
	if err != nil {
		return res, err
	}
	cursors, pending, err := r.cursors(ctx, ts)
	if err != nil {
		return res, err
	}
	if r.checked.IsZero() || time.Since(r.checked) >= r.checkEvery {
		if res.Refilled, err = r.checkHeads(ctx, ts, cursors, pending); err != nil {
			return res, err
		}
		if res.Refilled > 0 {
			if cursors, pending, err = r.cursors(ctx, ts); err != nil {
				return res, err
			}
		}
	}
	for _, t := range ts {
		if r.skip(t) {
			continue
		}
		for c := cursors[t.TerminalKey]; c < t.Chain.HeadSeq; {
			// Only the verified, contiguous chain goes up: the bureau sees
			// exactly what the posts' chains are.
			var raw []json.RawMessage
			last, size := c, 0
			err = r.st.EachRecord(ctx, t.TerminalKey, c, func(sr StoredRecord) error {
				if sr.Seq > t.Chain.HeadSeq || len(raw) == r.batch {
					return errFeedFull
				}
				// As a terminal sends it: the body's bytes as hashed.
				b, err := sr.Record.MarshalJSON()
				if err != nil {
					return err
				}
				if len(raw) > 0 && size+len(b) > wire.PushJSON {
					return errFeedFull
				}
				raw, last, size = append(raw, b), sr.Seq, size+len(b)
				return nil
			})
			if err != nil && err != errFeedFull {
				return res, err
			}
			if len(raw) == 0 {
				break
			}
			pending = max(pending-int64(len(raw)), 0)
			resp, err := r.up.RelayPush(ctx, raw, pending)
			var api *syncer.APIError
			if errors.As(err, &api) && api.Status == http.StatusForbidden {
				// Permanent: sent again it is refused again, and it would
				// hold every other terminal up round after round.
				r.skipped[t.TerminalKey] = true
				r.log.Error("the bureau refuses this terminal's records (not of the relay's facility?): not relayed until the facility hub restarts",
					"terminal", t.TerminalKey.String(), "err", err.Error())
				break
			}
			if err != nil {
				return res, fmt.Errorf("relay to the bureau: %w", err)
			}
			refused := int64(0)
			for _, x := range resp.Results {
				switch x.Status {
				case wire.Stored:
					res.Stored++
				case wire.Duplicate:
					res.Duplicate++
				default:
					res.Refused++
					if x.Seq > 0 && (refused == 0 || x.Seq < refused) {
						refused = x.Seq
					}
					r.log.Warn("the bureau refused a relayed record", "terminal", t.TerminalKey.String(), "id", x.ID,
						"status", string(x.Status), "code", x.Code, "reason", CleanLine(x.Reason))
				}
			}
			res.Sent += len(raw)
			if refused > 0 {
				if err := r.st.LowerRelayCursor(ctx, refusedCursor(t.TerminalKey), refused); err != nil {
					return res, err
				}
			}
			// Every record was answered (refused ones are the bureau's to
			// keep and show): move on, never hold the rest up.
			if err := r.st.SetRelayCursor(ctx, cursorName(t.TerminalKey), last); err != nil {
				return res, err
			}
			c = last
		}
	}
	n, err := r.pull(ctx, ts)
	res.Pulled = n
	if err != nil {
		return res, err
	}
	res.Pending, err = r.Pending(ctx)
	return res, err
}

// skip reports whether t is not relayed: of another facility than the
// relay's, or refused whole by the bureau. Each is logged once.
func (r *Relayer) skip(t Terminal) bool {
	if r.skipped[t.TerminalKey] {
		return true
	}
	if r.facility == "" || t.Facility == r.facility {
		return false
	}
	r.skipped[t.TerminalKey] = true
	r.log.Error("this terminal is of another facility than the relay's: not relayed (the bureau would refuse its records)",
		"terminal", t.TerminalKey.String(), "relay_facility", r.facility)
	return true
}

// checkHeads compares how far the bureau holds each terminal's chain with
// how far the cursors say it answered it, as a terminal does on every sync
// (§3). Where the bureau holds less — restored from a backup — the cursor
// is moved back to the bureau's head and the rest is sent again, and both
// hubs log it. Not where the bureau's head stops just below a record it
// refused (it never held it), nor where it holds another chain at its head
// or reports a fork: sent again, they would only be refused again. It
// returns how many records the bureau had lost. A bureau older than the
// heads request (404) is not checked.
func (r *Relayer) checkHeads(ctx context.Context, ts []Terminal, cursors map[TerminalKey]int64, pending int64) (int64, error) {
	held := make(map[TerminalKey]int64, len(ts))
	var pushed []wire.RelayPushed
	for _, t := range ts {
		h := cursors[t.TerminalKey]
		ref, err := r.st.RelayCursor(ctx, refusedCursor(t.TerminalKey))
		if err != nil {
			return 0, err
		}
		if ref > 0 && ref-1 < h {
			h = ref - 1
		}
		held[t.TerminalKey] = h
		if h > 0 {
			pushed = append(pushed, wire.RelayPushed{Facility: t.Facility, Terminal: t.Name, Seq: h})
		}
	}
	heads, err := r.up.RelayHeads(ctx, pushed, pending)
	var api *syncer.APIError
	if errors.As(err, &api) && api.Status == http.StatusNotFound {
		if !r.oldBureau {
			r.oldBureau = true
			r.log.Warn("the bureau's hub does not say how far it holds the terminals (older than this hub): a bureau restored from a backup will lack what it lost")
		}
		r.checked = time.Now()
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("ask the bureau how far it holds the terminals: %w", err)
	}
	r.checked, r.facility = time.Now(), heads.Facility
	at := make(map[string]wire.TerminalHead, len(heads.Terminals))
	for _, h := range heads.Terminals {
		at[h.Terminal] = h
	}
	var lost int64
	for _, t := range ts {
		if t.Facility != heads.Facility {
			continue
		}
		b, h := at[t.Name], held[t.TerminalKey]
		if b.HeadSeq >= h {
			delete(r.told, t.TerminalKey)
			continue
		}
		if b.Fork != nil {
			r.tell(t.TerminalKey, "fork", "the bureau holds less of this terminal's chain than it answered, and a second chain of it: not sent again (they would be kept aside)",
				"bureau_head", b.HeadSeq, "pushed", h, "fork_seq", b.Fork.Seq)
			continue
		}
		if b.HeadSeq > 0 {
			hash, err := r.hashAt(ctx, t.TerminalKey, b.HeadSeq)
			if err != nil {
				return lost, err
			}
			if hash != b.HeadHash {
				r.tell(t.TerminalKey, "other", "the bureau holds another chain of this terminal at its head: not sent again (they would be refused)",
					"bureau_head", b.HeadSeq, "pushed", h)
				continue
			}
		}
		if err := r.st.LowerRelayCursor(ctx, cursorName(t.TerminalKey), b.HeadSeq); err != nil {
			return lost, err
		}
		delete(r.told, t.TerminalKey)
		lost += cursors[t.TerminalKey] - b.HeadSeq
		r.log.Warn("the bureau holds less of this terminal's chain than it once answered (restored from a backup?): sending the rest again",
			"terminal", t.TerminalKey.String(), "bureau_head", b.HeadSeq, "pushed", cursors[t.TerminalKey],
			"missing", cursors[t.TerminalKey]-b.HeadSeq)
	}
	return lost, nil
}

// tell logs a terminal's state once, until it changes.
func (r *Relayer) tell(k TerminalKey, state, msg string, args ...any) {
	if r.told[k] == state {
		return
	}
	r.told[k] = state
	r.log.Warn(msg, append([]any{"terminal", k.String()}, args...)...)
}

// hashAt is the hash of the terminal's record at seq held here ("" when
// none is).
func (r *Relayer) hashAt(ctx context.Context, k TerminalKey, seq int64) (string, error) {
	hash := ""
	err := r.st.EachRecord(ctx, k, seq-1, func(sr StoredRecord) error {
		if sr.Seq == seq {
			hash = sr.Record.Hash
		}
		return errFeedFull
	})
	if err == errFeedFull {
		err = nil
	}
	return hash, err
}

// pull brings the facility's reference data and notices down from the
// bureau, applied here so the posts pull them from the facility hub.
func (r *Relayer) pull(ctx context.Context, ts []Terminal) (int, error) {
	if len(ts) == 0 {
		return 0, nil // no terminal yet: the facility is not known here
	}
	facility := ts[0].Facility
	n := 0
	for page := 0; page < 1000; page++ {
		after, err := r.st.RelayCursor(ctx, "pull")
		if err != nil {
			return n, err
		}
		ch, err := r.up.RelayChanges(ctx, after, 0, -1)
		if err != nil {
			return n, fmt.Errorf("pull from the bureau: %w", err)
		}
		var people []gate.Person
		for _, p := range ch.People {
			people = append(people, p.Gate())
		}
		if len(people) > 0 {
			if err := r.st.PutPeople(ctx, facility, people); err != nil {
				return n, err
			}
		}
		var passes []gate.Pass
		for _, p := range ch.Passes {
			passes = append(passes, p.Gate())
		}
		if len(passes) > 0 {
			if err := r.st.PutPasses(ctx, facility, passes); err != nil {
				return n, err
			}
		}
		for _, x := range ch.Notices {
			if err := r.st.AddNotice(ctx, Notice{ID: x.ID, Facility: facility, Title: x.Title, Body: x.Body, Day: x.Day,
				PublishedAt: x.PublishedAt}); err != nil {
				return n, err
			}
		}
		var plans []gate.Plan
		for _, p := range ch.Rotation {
			plans = append(plans, p.Gate())
		}
		if len(plans) > 0 {
			if err := r.st.PutRotation(ctx, facility, plans); err != nil {
				return n, err
			}
		}
		n += len(people) + len(passes) + len(ch.Notices) + len(plans)
		if err := r.st.SetRelayCursor(ctx, "pull", ch.Cursor); err != nil {
			return n, err
		}
		if !ch.More || ch.Cursor <= after {
			return n, nil
		}
	}
	return n, nil
}

// Run relays until ctx ends: a round every Every, at once after a push of
// one of the facility's terminals stored something (when wake is set), and
// with backoff while the bureau does not answer — the WAN may be down for a
// day; nothing is lost meanwhile, the cursors wait.
func (r *Relayer) Run(ctx context.Context) {
	var backoff time.Duration
	for ctx.Err() == nil {
		res, err := r.Round(ctx)
		wait := r.every
		if err != nil {
			backoff = min(max(backoff*2, time.Second), time.Minute)
			wait = backoff/2 + rand.N(backoff/2+1)
			r.log.Warn("relay round failed; will retry", "err", err.Error(), "retry_in", wait.Round(time.Second).String())
		} else {
			backoff = 0
			if res.Sent+res.Pulled > 0 || res.Refilled > 0 {
				r.log.Info("relayed", "sent", res.Sent, "stored", res.Stored, "duplicate", res.Duplicate,
					"refused", res.Refused, "pulled", res.Pulled, "pending", res.Pending, "refilled", res.Refilled)
			}
		}
		var woken <-chan struct{}
		if r.wake != nil && err == nil {
			woken = r.wake.wait("")
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-t.C:
		case <-woken:
		}
		t.Stop()
	}
}
