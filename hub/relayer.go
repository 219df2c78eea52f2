package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
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
type Relayer struct {
	st    Storage
	up    *syncer.Client
	log   *slog.Logger
	wake  *notifier
	every time.Duration
	batch int
}

// RelayerOptions tune a Relayer.
type RelayerOptions struct {
	Logger *slog.Logger
	Every  time.Duration // a round at least this often; default 5 s
	Batch  int           // records per upstream push; default 1000
	Client syncer.ClientOptions
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
	if opts.Batch <= 0 || opts.Batch > wire.MaxBatch {
		opts.Batch = 1000
	}
	return &Relayer{st: st, up: c, log: opts.Logger, every: opts.Every, batch: opts.Batch}, nil
}

// RelayResult is what one round did.
type RelayResult struct {
	Sent, Stored, Duplicate, Refused int // records forwarded, and the bureau's answers
	Pulled                           int // reference items and notices brought down
	Pending                          int64
}

func cursorName(k TerminalKey) string { return "push:" + k.String() }

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
// The terminals and their cursors are read once for the round, and the
// loop carries each cursor forward itself; only the figure left at the end
// is read afresh, as records may have come in meanwhile.
func (r *Relayer) Round(ctx context.Context) (RelayResult, error) {
	var res RelayResult
	ts, err := r.st.Terminals(ctx)
	if err != nil {
		return res, err
	}
	cursors, pending, err := r.cursors(ctx, ts)
	if err != nil {
		return res, err
	}
	for _, t := range ts {
		for c := cursors[t.TerminalKey]; c < t.Chain.HeadSeq; {
			// Only the verified, contiguous chain goes up: the bureau sees
			// exactly what the posts' chains are.
			var raw []json.RawMessage
			last := c
			err = r.st.EachRecord(ctx, t.TerminalKey, c, func(sr StoredRecord) error {
				if sr.Seq > t.Chain.HeadSeq || len(raw) == r.batch {
					return errFeedFull
				}
				// As a terminal sends it: the body's bytes as hashed.
				b, err := sr.Record.MarshalJSON()
				if err != nil {
					return err
				}
				raw, last = append(raw, b), sr.Seq
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
			if err != nil {
				return res, fmt.Errorf("relay to the bureau: %w", err)
			}
			for _, x := range resp.Results {
				switch x.Status {
				case wire.Stored:
					res.Stored++
				case wire.Duplicate:
					res.Duplicate++
				default:
					res.Refused++
					r.log.Warn("the bureau refused a relayed record", "terminal", t.TerminalKey.String(), "id", x.ID,
						"status", string(x.Status), "code", x.Code, "reason", CleanLine(x.Reason))
				}
			}
			res.Sent += len(raw)
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
			if res.Sent+res.Pulled > 0 {
				r.log.Info("relayed", "sent", res.Sent, "stored", res.Stored, "duplicate", res.Duplicate,
					"refused", res.Refused, "pulled", res.Pulled, "pending", res.Pending)
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
