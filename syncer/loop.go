package syncer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"gatepost/store"
)

// Status is what the console's status bar shows. It is always the truth as
// last observed: Online turns false at the first failed attempt and true
// again only after a sync that worked.
type Status struct {
	Configured bool      // the terminal has joined a hub
	Online     bool      // the last attempt to sync worked
	Syncing    bool      // a sync is running now
	Pending    int64     // records not yet answered by the hub
	Rejected   int64     // records parked: rejected or in conflict at the hub (or not sendable)
	LastOK     time.Time // end of the last successful sync; zero if never
	LastErr    string    // why the last attempt failed; "" after a success
	// ForkSeq is non-zero while the hub reports a second chain of this
	// terminal from that seq on: a copy of this terminal (a cloned disk, a
	// PC restored from an image) pushes with the same token. The hub keeps
	// both chains but links only one; the operator must re-provision the
	// copy under a new terminal name. ForkReason is the hub's words.
	ForkSeq    int64
	ForkReason string
	// HubAhead is the hub's head for this terminal while the hub holds
	// more of its chain than this database (restored from a backup older
	// than its last sync): the console warns that records saved here would
	// fork the chain. See Result.HubAhead.
	HubAhead int64
	// PeersAt is when the facility's other terminals' records were last
	// brought up to date from the hub's feed (§12); zero if never. The
	// console says how fresh the facility's picture is from it.
	PeersAt time.Time
}

// Option configures a Loop.
type Option func(*loopConfig)

type loopConfig struct {
	log        *slog.Logger
	minBackoff time.Duration
	maxBackoff time.Duration
	poll       time.Duration
	idleSync   time.Duration
	sync       SyncOptions
	client     ClientOptions
}

// WithLogger sends the loop's logs to l (discarded by default: the console
// owns the terminal screen).
func WithLogger(l *slog.Logger) Option { return func(c *loopConfig) { c.log = l } }

// WithBackoff sets the first and the longest wait after a failed attempt
// (default 1 s and 60 s). Each failure doubles the wait, with jitter so that
// a hub coming back is not hit by every terminal at the same instant.
func WithBackoff(min, max time.Duration) Option {
	return func(c *loopConfig) { c.minBackoff, c.maxBackoff = min, max }
}

// WithPoll sets how often the loop looks for new pending records (default
// 2 s). Looking costs two index lookups in the terminal database.
func WithPoll(d time.Duration) Option { return func(c *loopConfig) { c.poll = d } }

// WithIdleSync sets how often the loop syncs when nothing is pending, to pull
// notices and reference data and to find out whether the hub is still there
// (default 30 s).
func WithIdleSync(d time.Duration) Option { return func(c *loopConfig) { c.idleSync = d } }

// WithSyncOptions sets batch sizes.
func WithSyncOptions(o SyncOptions) Option { return func(c *loopConfig) { c.sync = o } }

// WithClientOptions sets the HTTP client's timeout or transport. The CA comes
// from the hub settings stored by join.
func WithClientOptions(o ClientOptions) Option { return func(c *loopConfig) { c.client = o } }

// Loop syncs in the background (§7): whenever there is something to send
// and the hub answers, with exponential backoff and jitter when it does not,
// resuming by itself. It is safe for concurrent use.
type Loop struct {
	st  *store.Store
	cfg loopConfig

	kick    chan struct{}
	updates chan Status

	syncMu sync.Mutex // one sync at a time

	watching atomic.Bool // watchFeed's long poll is running and answered last time

	mu        sync.Mutex // guards what follows
	status    Status
	published Status
	client    *Client
	clientKey string
}

// NewLoop builds a loop on a terminal store. It does not start it (see Run).
// A terminal that has not joined a hub gets a loop whose Status().Configured
// is false; the loop notices a later join by itself.
func NewLoop(st *store.Store, opts ...Option) (*Loop, error) {
	cfg := loopConfig{minBackoff: time.Second, maxBackoff: time.Minute, poll: 2 * time.Second, idleSync: 30 * time.Second}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.log == nil {
		cfg.log = slog.New(slog.DiscardHandler)
	}
	if cfg.minBackoff <= 0 {
		cfg.minBackoff = time.Second
	}
	if cfg.maxBackoff < cfg.minBackoff {
		cfg.maxBackoff = cfg.minBackoff
	}
	if cfg.poll <= 0 {
		cfg.poll = 2 * time.Second
	}
	if cfg.idleSync <= 0 {
		cfg.idleSync = 30 * time.Second
	}
	l := &Loop{st: st, cfg: cfg, kick: make(chan struct{}, 1), updates: make(chan Status, 1)}
	if err := l.refresh(context.Background()); err != nil {
		return nil, err
	}
	return l, nil
}

// Status returns the current status.
func (l *Loop) Status() Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.status
}

// Updates delivers the status each time it changes. Only the latest value is
// kept: a slow reader misses intermediate states, never the current one, and
// the loop never blocks on it.
func (l *Loop) Updates() <-chan Status { return l.updates }

// Kick asks the loop to sync now, skipping any backoff wait. It never blocks.
func (l *Loop) Kick() {
	select {
	case l.kick <- struct{}{}:
	default:
	}
}

// update changes the status under the lock and publishes it if it changed.
func (l *Loop) update(fn func(*Status)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fn(&l.status)
	if l.status == l.published {
		return
	}
	l.published = l.status
	select { // drop the stale value, if the reader has not taken it
	case <-l.updates:
	default:
	}
	l.updates <- l.status // cannot block: the channel is empty and only we send, under mu
}

// refresh reads the pending and parked counts and whether a hub is joined.
func (l *Loop) refresh(ctx context.Context) error {
	counts, err := l.st.SyncCounts(ctx)
	if err != nil {
		return err
	}
	_, err = l.st.HubSettings(ctx)
	configured := err == nil
	if err != nil && !errors.Is(err, store.ErrNotJoined) {
		return err
	}
	l.update(func(s *Status) {
		s.Configured, s.Pending, s.Rejected = configured, counts.Pending, counts.Parked
		if s.LastOK.IsZero() {
			s.LastOK = counts.LastOK
		}
		if !configured {
			s.Online = false
		}
	})
	return nil
}

// clientFor returns a client for the stored hub settings, rebuilt when they
// change (a new join while the console runs).
func (l *Loop) clientFor(ctx context.Context) (*Client, error) {
	h, err := l.st.HubSettings(ctx)
	if err != nil {
		return nil, err
	}
	key := h.URL + "\x00" + h.Token + "\x00" + string(h.CAPEM)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.client != nil && l.clientKey == key {
		return l.client, nil
	}
	opts := l.cfg.client
	opts.CAPEM = bytes.Clone(h.CAPEM)
	c, err := NewClient(h.URL, h.Token, opts)
	if err != nil {
		return nil, err
	}
	if l.client != nil {
		l.client.CloseIdle()
	}
	l.client, l.clientKey = c, key
	return c, nil
}

// SyncNow runs one sync now and returns what it did. It waits for a sync
// already running to finish first. The console calls it for Ctrl+S and at
// shift close; the status is updated either way.
func (l *Loop) SyncNow(ctx context.Context) (Result, error) {
	l.syncMu.Lock()
	defer l.syncMu.Unlock()
	c, err := l.clientFor(ctx)
	if err != nil {
		if errors.Is(err, store.ErrNotJoined) {
			l.update(func(s *Status) { s.Configured, s.Online = false, false })
			return Result{}, err
		}
		l.update(func(s *Status) { s.Online, s.LastErr = false, err.Error() })
		return Result{}, err
	}
	l.update(func(s *Status) { s.Configured, s.Syncing = true, true })
	opts := l.cfg.sync
	opts.NoFeed = opts.NoFeed || l.watching.Load() // the long poll brings the peers' records
	res, err := Sync(ctx, l.st, c, opts)
	counts, cerr := l.st.SyncCounts(context.WithoutCancel(ctx))
	l.update(func(s *Status) {
		s.Syncing = false
		if cerr == nil {
			s.Pending, s.Rejected = counts.Pending, counts.Parked
		}
		if err == nil || res.ForkSeq != 0 {
			s.ForkSeq, s.ForkReason, s.HubAhead = res.ForkSeq, res.ForkReason, res.HubAhead
		}
		switch {
		case err == nil:
			s.Online, s.LastOK, s.LastErr = true, time.Now(), ""
		case ctx.Err() != nil:
			// Cancelled by our owner (shutdown): that says nothing about the hub.
		default:
			s.Online, s.LastErr = false, describe(err)
		}
	})
	if res.Refilled > 0 {
		l.cfg.log.Warn("the hub held less of this terminal's chain than it had answered (restored from a backup?): records sent again",
			"hub_head", res.RefillFrom, "resent", res.Refilled)
	}
	if res.HubAhead != 0 {
		l.cfg.log.Error("the hub holds more of this terminal's chain than this database (restored from an older backup?): records saved here would fork the chain; see the README, \"Backups and restore\"",
			"hub_head", res.HubAhead)
	}
	if res.ForkSeq != 0 {
		l.cfg.log.Error("the hub holds a second chain of this terminal: a copy of it pushes with the same token; re-provision the copy under a new terminal name",
			"fork_seq", res.ForkSeq, "reason", res.ForkReason)
	}
	l.logSkipped(res.IdentitiesRefused)
	if err != nil {
		l.cfg.log.Warn("sync failed", "err", err.Error())
	} else if res.Sent > 0 || res.People+res.Passes+res.Notices > 0 {
		l.cfg.log.Info("synced", "sent", res.Sent, "stored", res.Stored, "duplicate", res.Duplicate,
			"rejected", res.Rejected, "conflict", res.Conflict, "pulled", res.People+res.Passes+res.Notices)
	}
	return res, err
}

// logSkipped logs each identity row a sync left aside (IdentitySkip).
func (l *Loop) logSkipped(xs []IdentitySkip) {
	for _, x := range xs {
		if x.ByHub {
			l.cfg.log.Warn("identity row refused by the hub, not sent again until it changes", "ref", x.Ref, "reason", x.Reason)
		} else {
			l.cfg.log.Warn("identity row from the hub skipped, not stored", "ref", x.Ref, "reason", x.Reason)
		}
	}
}

// describe turns a sync error into a short line for the status bar.
func describe(err error) string {
	var ae *APIError
	var ne net.Error
	switch {
	case errors.As(err, &ae) && ae.Status == 401:
		return "hub refused the token (revoked?): " + ae.Message
	case errors.As(err, &ae):
		return fmt.Sprintf("hub error %d: %s", ae.Status, ae.Message)
	case errors.As(err, &ne) && ne.Timeout():
		return "hub did not answer in time"
	case errors.As(err, &ne):
		return "hub unreachable"
	}
	s := err.Error()
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

// Run syncs until ctx is done. It syncs at once, then whenever records are
// pending (checked every poll interval), at least every idle-sync interval,
// and at once on Kick. After a failure it waits with exponential backoff and
// jitter, and keeps trying: it never gives up, so sync resumes by itself
// when the network or the hub comes back.
func (l *Loop) Run(ctx context.Context) {
	// The feed's long poll runs beside the sync rounds; Run returns only
	// once it has stopped too, so nothing touches the store after.
	var feed sync.WaitGroup
	feed.Add(1)
	go func() { defer feed.Done(); l.watchFeed(ctx) }()
	defer feed.Wait()
	var backoff time.Duration
	next := time.Now() // earliest next attempt
	var lastAttempt time.Time
	timer := time.NewTimer(0)
	defer timer.Stop()
	kicked := true // first round: sync at once
	for {
		if err := l.refresh(ctx); err != nil && ctx.Err() == nil {
			l.cfg.log.Warn("sync status", "err", err.Error())
		}
		s := l.Status()
		now := time.Now()
		due := s.Configured && (kicked || (!now.Before(next) &&
			(!s.Online || s.Pending > 0 || now.Sub(lastAttempt) >= l.cfg.idleSync)))
		kicked = false
		if due {
			lastAttempt = now
			_, err := l.SyncNow(ctx)
			if ctx.Err() != nil {
				return
			}
			if err == nil {
				backoff = 0
				next = time.Now()
			} else {
				backoff = min(max(backoff*2, l.cfg.minBackoff), l.cfg.maxBackoff)
				// Equal jitter: between half and all of the backoff.
				wait := backoff/2 + rand.N(backoff/2+1)
				next = time.Now().Add(wait)
			}
		}
		wait := l.cfg.poll
		if d := time.Until(next); d > 0 && d < wait {
			wait = d
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-l.kick:
			kicked = true
		case <-timer.C:
		}
	}
}

// Once runs a single sync on a store, for `gatepost sync`.
func Once(ctx context.Context, st *store.Store, opts ...Option) (Result, error) {
	l, err := NewLoop(st, opts...)
	if err != nil {
		return Result{}, err
	}
	return l.SyncNow(ctx)
}

// feedWait is how long one long poll of the facility feed waits at the hub
// (at most half the client's timeout, so the poll never times out itself).
const feedWait = 20 * time.Second

// watchFeed keeps a long poll of the facility feed open while the terminal
// is joined and the hub answers, so that a record written at another post
// is here within a second or two (§12), not at the next idle sync. It backs
// off like the sync loop when the hub does not answer, and stops when the
// hub has no feed (an older hub: the idle sync still pulls nothing new).
func (l *Loop) watchFeed(ctx context.Context) {
	var backoff time.Duration
	sleep := func(d time.Duration) bool {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			return true
		}
	}
	defer l.watching.Store(false)
	for ctx.Err() == nil {
		if !l.Status().Configured {
			if !sleep(l.cfg.poll) {
				return
			}
			continue
		}
		err := l.pullFeedOnce(ctx)
		l.watching.Store(err == nil)
		var api *APIError
		switch {
		case ctx.Err() != nil:
			return
		case errors.As(err, &api) && api.Status == 404:
			return
		case err != nil:
			backoff = min(max(backoff*2, l.cfg.minBackoff), l.cfg.maxBackoff)
			if !sleep(backoff/2 + rand.N(backoff/2+1)) {
				return
			}
		default:
			backoff = 0
		}
	}
}

// pullFeedOnce long-polls the feed once and applies what it brings.
func (l *Loop) pullFeedOnce(ctx context.Context) error {
	c, err := l.clientFor(ctx)
	if err != nil {
		return err
	}
	wait := feedWait
	if t := l.cfg.client.Timeout; t > 0 && t/2 < wait {
		wait = t / 2
	}
	p, err := feedPage(ctx, c, l.st, 0, wait)
	l.logSkipped(p.skipped)
	if err != nil {
		return err
	}
	taken, refused := p.taken, p.refused
	for _, r := range refused {
		msg := "peer record refused"
		if r.SetAside {
			msg = "peer record set aside"
		}
		l.cfg.log.Warn(msg, "peer", r.Terminal, "seq", r.Seq, "reason", r.Reason)
	}
	l.update(func(s *Status) { s.PeersAt = time.Now() })
	if taken+setAside(refused) == 0 && len(refused) > 0 {
		// The hub serves a chain this terminal refuses: asking again at
		// once would get the same page. Wait before the next look.
		return fmt.Errorf("peer records refused")
	}
	return nil
}
