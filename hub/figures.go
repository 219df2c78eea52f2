package hub

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
)

// The dashboard reads each facility's day from the day_figures table
// (DayFigureStorage) rather than from the records: a page costs a row per
// facility however many records the hub holds (§14).
//
// The rows are recomputed from the records of exactly the (facility, day)
// pairs a push changed, after the push committed, by a keeper goroutine per
// storage. Recomputing rather than counting up keeps the figures exact
// under voids and overrides that arrive after their target, and makes a
// lost update heal at the next push of that day: a recompute is idempotent.
// The keeper coalesces the pushes of a busy day: it recomputes a pair at
// most once per minRecompute, and after a slow recompute waits
// recomputeShare times as long, so that recomputing takes at most a small
// share of a core from the pushes whatever the size of the day. It works
// in rounds, every pair due in one round and their figures stored in one
// write, and rests after a round recomputeShare times as long as the round
// took (at most settleWait/2): a terminal's backlog of many days (each day
// a pair, each due at once) would otherwise keep it recomputing without
// pause.
//
// A page waits (up to settleWait) for the recompute of its day's pairs
// pushed before it was asked for, so that it shows every record the hub had
// answered "stored" when the page was requested; a pair that is still not
// recomputed then, or whose recompute failed, is computed from the records
// for that page.
//
// Several hub processes on one database each recompute what they stored;
// the row keeps the figures computed from the most records (Basis). What a
// process stored but had not recomputed when it died is recomputed at the
// next push of that day, when a hub process starts (the last few days,
// rebuildRecentDays) or by DayFiguresRebuild.
const (
	minRecompute   = 100 * time.Millisecond
	recomputeShare = 10
	settleWait     = 2 * time.Second
	keeperLinger   = 5 * time.Second
	recomputeLimit = 30 * time.Second
)

// dayKey names one facility's day.
type dayKey struct{ facility, day string }

// pairState is a (facility, day) the keeper knows: gen counts the pushes
// that changed it, done the gen its last recompute covered.
type pairState struct {
	gen, done int64
	next      time.Time // not recomputed again before
	failed    bool      // the last recompute failed
	tries     int       // failed recomputes in a row
	seeds     []factSeed
}

// factSeed is what the figures take from a record just stored, as its
// push's checks decoded it: the keeper puts it in its factCache instead of
// decoding the body again. A record's body is stored once and never
// changed, so the facts of its id are the facts of the stored record.
type factSeed struct {
	id    string
	facts bodyFacts
}

// maxTries is how many times the keeper tries a pair's recompute before it
// leaves it to the next push.
const maxTries = 3

// dayKeeper recomputes the day figures of one storage.
type dayKeeper struct {
	st      Storage
	mu      sync.Mutex
	pairs   map[dayKey]*pairState
	memos   map[dayKey]*dayMemo // the keeper's own: of the pairs it knows
	changed chan struct{}       // closed and replaced after each round
	wake    chan struct{}
	rest    time.Time // no round starts before: the pause after the last
}

// keepers holds the keeper of each storage with work pending: the ingest
// algorithm (which knows only the Storage) reaches it here. A keeper
// removes itself once idle, so a closed storage is not kept alive.
var keepers = struct {
	sync.Mutex
	m map[Storage]*dayKeeper
}{m: map[Storage]*dayKeeper{}}

// dayFiguresChanged notes that records of these days of the facility were
// stored, and has their figures recomputed; seeds, if any, are facts of
// records stored, by day (only of records stored: an id refused as a conflict
// holds another body).
func dayFiguresChanged(st Storage, facility string, days []string, seeds map[string][]factSeed) {
	if len(days) == 0 {
		return
	}
	keepers.Lock()
	k := keepers.m[st]
	if k == nil {
		k = &dayKeeper{st: st, pairs: map[dayKey]*pairState{}, changed: make(chan struct{}), wake: make(chan struct{}, 1)}
		keepers.m[st] = k
		go k.run()
	}
	k.mu.Lock()
	for _, d := range days {
		key := dayKey{facility, d}
		p := k.pairs[key]
		if p == nil {
			p = &pairState{}
			k.pairs[key] = p
		}
		p.gen++
	}
	for day, sds := range seeds {
		if p := k.pairs[dayKey{facility, day}]; p != nil {
			p.seeds = append(p.seeds, sds...)
		}
	}
	k.mu.Unlock()
	keepers.Unlock()
	select {
	case k.wake <- struct{}{}:
	default:
	}
}

func (k *dayKeeper) run() {
	idle := time.Now()
	for {
		now := time.Now()
		var due []duePair
		wait, dirty := keeperLinger, false
		k.mu.Lock()
		for key, p := range k.pairs {
			switch {
			case p.gen == p.done && !p.failed:
				if !now.Before(p.next) {
					delete(k.pairs, key) // clean and past its pause: forget it
					delete(k.memos, key)
				}
			case !now.Before(p.next):
				dirty = true
				due = append(due, duePair{key: key, gen: p.gen})
			default:
				dirty = true
				wait = min(wait, p.next.Sub(now))
			}
		}
		k.mu.Unlock()
		if len(due) > 0 && now.Before(k.rest) {
			// Resting after the last round: the pairs due meanwhile go
			// in the next round together.
			due, wait = nil, k.rest.Sub(now)
		}
		if len(due) == 0 {
			if !dirty && time.Since(idle) >= keeperLinger && k.retire() {
				return
			}
			t := time.NewTimer(wait)
			select {
			case <-k.wake:
			case <-t.C:
			}
			t.Stop()
			continue
		}
		// The latest days first: the pages mostly show today.
		slices.SortFunc(due, func(a, b duePair) int {
			return cmp.Or(strings.Compare(b.key.day, a.key.day), strings.Compare(a.key.facility, b.key.facility))
		})
		start := time.Now()
		k.recompute(due)
		// At most half a page's wait for its figures (settle): a longer
		// rest after one facility's long round would make the pages of
		// the others compute their days themselves.
		k.rest = time.Now().Add(min(recomputeShare*time.Since(start), settleWait/2))
		idle = time.Now()
	}
}

// flushEvery is how long a round computes before it stores what it has
// and tells the pages waiting for those pairs: a round of many long days
// must not keep them all waiting for the last.
const flushEvery = 250 * time.Millisecond

// duePair is a pair a round recomputes: due at gen, and how it went.
type duePair struct {
	key  dayKey
	gen  int64
	err  error
	took time.Duration // its own recompute: its pause is ten times that
}

// recompute computes the pairs of one round and stores their figures in
// one write per flushEvery (a commit per pair was most of a round of short
// days, after a terminal's backlog of a week).
func (k *dayKeeper) recompute(due []duePair) {
	// Only the keeper's goroutine touches memos.
	if k.memos == nil {
		k.memos = map[dayKey]*dayMemo{}
	}
	flushed := time.Now()
	var figs []DayFigures
	var in []int // the index in due of each of figs
	from := 0    // the first pair not settled yet
	flush := func(to int) {
		if len(figs) > 0 {
			ctx, cancel := context.WithTimeout(context.Background(), recomputeLimit)
			if err := k.st.PutDayFigures(ctx, figs...); err != nil {
				for _, i := range in {
					due[i].err = err
				}
			}
			cancel()
		}
		k.settled(due[from:to])
		figs, in, from = figs[:0], in[:0], to
	}
	for i := range due {
		key := due[i].key
		m := k.memos[key]
		if m == nil {
			m = &dayMemo{facts: factCache{}}
			k.memos[key] = m
		}
		var seeds []factSeed
		k.mu.Lock()
		if p := k.pairs[key]; p != nil { // only this goroutine removes pairs
			seeds, p.seeds = p.seeds, nil
		}
		k.mu.Unlock()
		for _, sd := range seeds {
			m.facts[sd.id] = sd.facts
		}
		ctx, cancel := context.WithTimeout(context.Background(), recomputeLimit)
		began := time.Now()
		d, err := computeDaySafe(ctx, k.st, Facility{ID: key.facility}, key.day, m)
		due[i].took = time.Since(began)
		cancel()
		if due[i].err = err; err == nil {
			figs, in = append(figs, figuresOf(d, time.Now())), append(in, i)
		} else {
			// A recompute that failed part way may have left the memo
			// half brought up to date: the next reads the day whole.
			delete(k.memos, key)
		}
		if time.Since(flushed) >= flushEvery && i+1 < len(due) {
			flush(i + 1)
			flushed = time.Now()
		}
	}
	flush(len(due))
}

// settled notes the outcome of the pairs just recomputed and wakes the
// pages waiting for them. Each pair pauses after its own recompute, not
// after the round so far: a pair flushed late in a long round would
// otherwise wait ten times the others' work too.
func (k *dayKeeper) settled(due []duePair) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, d := range due {
		p := k.pairs[d.key]
		p.next = time.Now().Add(max(minRecompute, recomputeShare*d.took))
		switch {
		case d.err == nil:
			p.done, p.failed, p.tries = max(p.done, d.gen), false, 0
		case p.tries < maxTries-1:
			// Tried again a little later; meanwhile readers compute
			// the pair themselves.
			p.failed, p.tries = true, p.tries+1
			p.next = time.Now().Add(time.Duration(p.tries) * time.Second)
		default:
			// Given up (the database fails): the pair is recomputed at
			// its next push, or when a hub process starts.
			p.done, p.failed, p.tries = p.gen, false, 0
		}
	}
	close(k.changed)
	k.changed = make(chan struct{})
}

// retire removes an idle keeper, unless work arrived meanwhile.
func (k *dayKeeper) retire() bool {
	keepers.Lock()
	defer keepers.Unlock()
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, p := range k.pairs {
		if p.gen != p.done || p.failed {
			return false
		}
	}
	delete(keepers.m, k.st)
	return true
}

// refreshDay computes a facility's day from the records and stores its
// figures.
func refreshDay(ctx context.Context, st Storage, f Facility, day string) (FacilityDay, error) {
	d, err := computeDaySafe(ctx, st, f, day, nil)
	if err != nil {
		return d, err
	}
	return d, st.PutDayFigures(ctx, figuresOf(d, time.Now()))
}

// computeDaySafe is computeDay now, a panic its error: it runs on the
// keeper's goroutine and at start-up (rebuildRecentDays), out of reach of
// the HTTP server's recovery, on records the terminals sent; there a failed
// recompute is tried again or left to the next push, where a panic ended
// the hub.
func computeDaySafe(ctx context.Context, st Storage, f Facility, day string, memo *dayMemo) (d FacilityDay, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("hub: computing the figures of %s on %s failed: %v", f.ID, day, p)
		}
	}()
	return computeDay(ctx, st, f, day, time.Now(), memo)
}

func figuresOf(d FacilityDay, at time.Time) DayFigures {
	return DayFigures{Facility: d.Facility.ID, Day: d.Day, Basis: d.basis, Records: d.Records, Screened: d.Screened, Roster: d.Roster,
		Fevers: d.Fevers, Denials: d.Denials, DenialsByReason: d.DenialsByReason, Incidents: d.Incidents, Report: d.Report,
		ComputedAt: at}
}

func (f DayFigures) day(fac Facility) FacilityDay {
	return FacilityDay{Facility: fac, Day: f.Day, Records: f.Records, Screened: f.Screened, Roster: f.Roster, Fevers: f.Fevers,
		Denials: f.Denials, DenialsByReason: f.DenialsByReason, Incidents: f.Incidents, Report: f.Report, basis: f.Basis}
}

// settleDay waits until the figures of day pushed so far in this process
// are recomputed, at most settleWait, and returns the facilities whose
// figures may still lag (not recomputed in time, or failed).
func settleDay(ctx context.Context, st Storage, day string) map[string]bool {
	lag := map[string]bool{}
	for key := range settle(ctx, st, func(k dayKey) bool { return k.day == day }) {
		lag[key.facility] = true
	}
	return lag
}

// settle waits until the figures of the (facility, day) pairs of interest
// pushed so far in this process are recomputed, at most settleWait, and
// returns the pairs that may still lag (not recomputed in time, or failed).
func settle(ctx context.Context, st Storage, of func(dayKey) bool) map[dayKey]bool {
	keepers.Lock()
	k := keepers.m[st]
	keepers.Unlock()
	if k == nil {
		return nil
	}
	timeout := time.NewTimer(settleWait)
	defer timeout.Stop()
	want := map[dayKey]int64{}
	k.mu.Lock()
	defer k.mu.Unlock()
	for key, p := range k.pairs {
		if of(key) && p.gen > p.done {
			want[key] = p.gen
		}
	}
	lag := map[dayKey]bool{}
	for {
		for key, g := range want {
			if p := k.pairs[key]; p == nil || p.done >= g {
				delete(want, key)
			}
		}
		if len(want) == 0 {
			break
		}
		ch := k.changed
		k.mu.Unlock()
		select {
		case <-ch:
			k.mu.Lock()
			continue
		case <-timeout.C:
		case <-ctx.Done():
		}
		k.mu.Lock()
		for key := range want {
			lag[key] = true
		}
		break
	}
	for key, p := range k.pairs {
		if of(key) && p.failed {
			lag[key] = true
		}
	}
	return lag
}

// StoredDays returns each facility's day (fs's order) from the stored day
// figures: a row per facility, computed from the records (and stored) only
// where no row is stored yet, the row is older than the roster kept with
// the figures, or this process's recompute lags.
func StoredDays(ctx context.Context, st Storage, fs []Facility, day string) ([]FacilityDay, error) {
	lag := settleDay(ctx, st, day)
	rows, err := st.DayFiguresOn(ctx, day)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]DayFigures, len(rows))
	for _, r := range rows {
		byID[r.Facility] = r
	}
	out := make([]FacilityDay, 0, len(fs))
	for _, f := range fs {
		r, ok := byID[f.ID]
		d, err := storedOrComputed(ctx, st, f, day, r, ok && !lag[f.ID])
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// storedOrComputed is a facility's day from its stored row r where use
// says the row is there and this process's recompute of it does not lag,
// and the row holds the roster; else it is computed from the records (and
// stored).
func storedOrComputed(ctx context.Context, st Storage, f Facility, day string, r DayFigures, use bool) (FacilityDay, error) {
	if use && r.Roster >= 0 {
		return r.day(f), nil
	}
	return refreshDay(ctx, st, f, day)
}

// FacilityHistory returns a facility's days from..to (inclusive, in day
// order) from the stored figures, computing (and storing) the days that
// have none.
func FacilityHistory(ctx context.Context, st Storage, f Facility, from, to string) ([]FacilityDay, error) {
	start, err := time.Parse(DayLayout, from)
	if err != nil {
		return nil, err
	}
	end, err := time.Parse(DayLayout, to)
	if err != nil {
		return nil, err
	}
	// The days pushed so far are shown as pushed, as on the dashboard.
	lag := settle(ctx, st, func(k dayKey) bool { return k.facility == f.ID && k.day >= from && k.day <= to })
	rows, err := st.FacilityDayFigures(ctx, f.ID, from, to)
	if err != nil {
		return nil, err
	}
	byDay := make(map[string]DayFigures, len(rows))
	for _, r := range rows {
		byDay[r.Day] = r
	}
	var out []FacilityDay
	for t := start; !t.After(end); t = t.AddDate(0, 0, 1) {
		day := t.Format(DayLayout)
		r, ok := byDay[day]
		d, err := storedOrComputed(ctx, st, f, day, r, ok && !lag[dayKey{f.ID, day}])
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// DayFiguresRebuild recomputes the stored figures of every facility for the
// days from..to from the records: after a hub process died between storing
// a push and recomputing its days, or to check the rows.
func DayFiguresRebuild(ctx context.Context, st Storage, from, to string) (int, error) {
	fs, err := st.Facilities(ctx)
	if err != nil {
		return 0, err
	}
	start, err := time.Parse(DayLayout, from)
	if err != nil {
		return 0, err
	}
	end, err := time.Parse(DayLayout, to)
	if err != nil {
		return 0, err
	}
	n := 0
	for t := start; !t.After(end); t = t.AddDate(0, 0, 1) {
		for _, f := range fs {
			if _, err := refreshDay(ctx, st, f, t.Format(DayLayout)); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// rebuildRecentDays recomputes, when a hub process starts, the figures of
// the days a process that died may have left behind: a push is committed
// before its days are recomputed, and the pushes of the last few days
// (today's, and reports of the days before) are the ones that matter.
func rebuildRecentDays(ctx context.Context, st Storage, log *slog.Logger, now time.Time) {
	from := now.AddDate(0, 0, -(ReportLookahead + 1)).Format(DayLayout)
	n, err := DayFiguresRebuild(ctx, st, from, now.Format(DayLayout))
	if err != nil && ctx.Err() == nil {
		log.Warn("day figures: rebuilding the last days failed; they are recomputed at their next push", "err", err.Error())
		return
	}
	log.Debug("day figures rebuilt", "facility_days", n)
}
