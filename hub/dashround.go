package hub

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"sync"
	"time"
)

// The dashboard's figures are the same for every viewer of a day in a
// language, so concurrent viewers share one reading of the store: a
// request joins the next round of its (language, day), which starts after
// the request arrived (so the page shows every record stored before it was
// asked for) and no sooner than Options.DashboardGap after the round before
// it. Fifty viewers reloading as fast as the hub answers cost the store a
// few readings a second, not fifty pages' worth, and leave the terminals'
// pushes their share of the machine.

// DefaultDashboardGap is Options.DashboardGap's default.
const DefaultDashboardGap = 250 * time.Millisecond

type roundKey struct{ lang, day string }

// round is one reading of the dashboard's live part.
type round struct {
	done  chan struct{}
	start time.Time
	v     dashView
	live  template.HTML // the live part, rendered
	err   error
}

type rounds struct {
	gap  time.Duration
	mu   sync.Mutex
	cur  map[roundKey]*round // started (running or done)
	next map[roundKey]*round // waiting to start
}

func newRounds(gap time.Duration) *rounds {
	return &rounds{gap: gap, cur: map[roundKey]*round{}, next: map[roundKey]*round{}}
}

// get returns the live part of (lang, day) as read by a round that started
// after the call.
func (rs *rounds) get(ctx context.Context, h *dashboard, lang, day string) (*round, error) {
	k := roundKey{lang, day}
	rs.mu.Lock()
	r, mine := rs.next[k], false
	if r == nil {
		r, mine = &round{done: make(chan struct{})}, true
		rs.next[k] = r
	}
	prev := rs.cur[k]
	rs.mu.Unlock()
	if mine {
		// The first request of the round runs it, even if it goes away
		// meanwhile: the others wait for it.
		if prev != nil {
			<-prev.done
			if d := rs.gap - time.Since(prev.start); d > 0 {
				time.Sleep(d)
			}
		}
		rs.mu.Lock()
		delete(rs.next, k)
		r.start = time.Now()
		// Forget the finished rounds of days nobody looks at any more
		// (the day is the viewer's to choose).
		for ok, o := range rs.cur {
			select {
			case <-o.done:
				if r.start.Sub(o.start) > time.Minute {
					delete(rs.cur, ok)
				}
			default:
			}
		}
		rs.cur[k] = r
		rs.mu.Unlock()
		r.run(ctx, h, lang, day)
	}
	select {
	case <-r.done:
		return r, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// run reads and renders the round, and ends it whatever happens: a panic
// becomes the round's error (its viewers are answered 500, as a page that
// panicked was before pages shared rounds); a round left unfinished would
// hold every later viewer of its day for ever.
func (r *round) run(ctx context.Context, h *dashboard, lang, day string) {
	defer close(r.done)
	defer func() {
		if p := recover(); p != nil {
			r.err = fmt.Errorf("hub: reading the dashboard failed: %v", p)
		}
	}()
	r.v, r.err = h.view(context.WithoutCancel(ctx), lang, day)
	if r.err == nil {
		var b bytes.Buffer
		if r.err = h.tpl.ExecuteTemplate(&b, "live", r.v); r.err == nil {
			r.live = template.HTML(b.String())
		}
	}
}
