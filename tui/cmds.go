package tui

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/auth"
	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// Every database call the console makes is here, wrapped in a tea.Cmd so it
// runs off the UI loop; its result comes back as one of these messages.

const ioTimeout = 10 * time.Second

func ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), ioTimeout)
}

type signedInMsg struct {
	guard gate.Guard
	err   error
	lock  bool          // this was an unlock, not a sign-in
	shift record.Record // the shift.open saved with a sign-in
}

// headCheckTimeout bounds the question to the hub before a sign-in: a guard
// signing in while the network is down waits this long at most.
const headCheckTimeout = 2 * time.Second

// openShiftCmd signs in and saves the shift.open as one operation: a
// sign-in whose shift.open is not saved fails (auth.OpenShift). On a
// terminal joined to a hub, the hub is asked first whether it holds more of
// this terminal's chain than this database (restored from an older
// backup): the shift.open would then fork the chain, so the sign-in is
// refused. A hub that does not answer in time lets the sign-in through (the
// post works offline); the loop's log says nothing was checked.
func openShiftCmd(st *store.Store, loop *syncer.Loop, badge, pin string, gateNo int, now time.Time) tea.Cmd {
	var check func(context.Context) error
	if loop != nil {
		check = func(c context.Context) error {
			var ahead *syncer.HubAheadError
			if err := loop.CheckHead(c, headCheckTimeout); errors.As(err, &ahead) {
				return err
			}
			return nil
		}
	}
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		g, r, err := auth.OpenShiftChecked(c, st, badge, pin, gateNo, now, check)
		return signedInMsg{guard: g, err: err, shift: r}
	}
}

func signInCmd(st *store.Store, badge, pin string, now time.Time, unlock bool) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		g, err := auth.SignIn(c, st, badge, pin, now)
		return signedInMsg{guard: g, err: err, lock: unlock}
	}
}

// savedMsg reports records appended for a purpose (what the screen does next).
type savedMsg struct {
	gate    int
	purpose string
	recs    []record.Record
	err     error
	post    post.Saved // what the service said it saved, when it wrote
}

func appendCmd(st *store.Store, g int, purpose string, ds ...store.Draft) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		rs, err := st.AppendBatch(c, ds)
		return savedMsg{gate: g, purpose: purpose, recs: rs, err: err}
	}
}

// supervisedMsg is a supervisor's credentials checked and, when good, the
// records written on their authority.
type supervisedMsg struct {
	gate     int
	fromForm bool // the target was written together with the override
	purpose  string
	recs     []record.Record
	err      error
	notSup   string // badge that signed in but may not supervise
	post     post.Saved
}

// pageMsg is one page of a gate's log.
type pageMsg struct {
	ask    int // which load of the gate's log this answers
	gate   int
	day    string
	before int64
	rows   []store.Row
	total  int
	last   int64
	err    error
}

func loadPageCmd(st *store.Store, g int, day string, before int64, limit, ask int) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		m := pageMsg{gate: g, day: day, before: before, ask: ask}
		m.rows, m.err = st.Page(c, store.PageQuery{Gate: g, Day: day, Before: before, Limit: limit})
		if m.err != nil {
			return m
		}
		if m.total, m.err = st.CountDay(c, g, day); m.err != nil {
			return m
		}
		m.last, m.err = st.LastSeq(c)
		return m
	}
}

// countsMsg is gate 1's figures for the day.
type countsMsg struct {
	counts gate.Counts
	err    error
}

func gate1CountsCmd(st *store.Store, day string, fever record.Tenths) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		counts, err := crossCounts(c, st, 1, day, fever)
		return countsMsg{counts: counts, err: err}
	}
}

// lookupMsg is the roster match for what is typed in the badge/ID field.
type lookupMsg struct {
	key    string
	person gate.Person
	ok     bool
}

func lookupCmd(st *store.Store, key string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		p, ok, _ := st.PersonAt(c, key, now)
		return lookupMsg{key: key, person: p, ok: ok}
	}
}

// decideMsg is the service's decision on a gate-1 crossing; the plan
// carries the passes the rule read, to show the guard the pass's note and
// validity.
type decideMsg struct {
	seq  int // which submission of the form this answers
	plan post.Plan
	err  error
}

func decideCmd(svc *post.Service, seq int, in post.MainGateInput) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		p, err := svc.DecideMainGate(c, in)
		return decideMsg{seq: seq, plan: p, err: err}
	}
}

// postCmd runs a write of the post service off the UI loop; its result
// comes back as a savedMsg for gate g.
func postCmd(g int, purpose string, write func(context.Context) (post.Saved, error)) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		sv, err := write(c)
		return savedMsg{gate: g, purpose: purpose, recs: sv.Records, err: err, post: sv}
	}
}

// priorShiftMsg is what the shifts before this one left (post.LastShift):
// the last one opened and never closed, and the last handover note.
type priorShiftMsg post.LastShift

// priorShiftCmd reads what the shifts before current, the shift this
// sign-in opened, left.
func priorShiftCmd(svc *post.Service, current string) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		ls, err := svc.LastShift(c, current)
		if err != nil {
			return priorShiftMsg{} // a hint, not a duty: nothing to show
		}
		return priorShiftMsg(ls)
	}
}

// shiftSummaryMsg counts what the shift wrote, for the close-shift dialog.
type shiftSummaryMsg struct {
	rep     gate.Report
	summary map[string]int
	err     error
}

// shiftSummaryCmd computes the shift's figures with the same computation as
// the daily report (§3), over the records since the shift opened.
func shiftSummaryCmd(svc *post.Service, open post.ShiftRef) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		rep, err := svc.ShiftReport(c, open)
		if err != nil {
			return shiftSummaryMsg{err: err}
		}
		return shiftSummaryMsg{summary: rep.Summary(), rep: rep}
	}
}

// syncMsg is the sync loop's status, pushed in from its goroutine.
type syncMsg syncer.Status

// syncDoneMsg is the result of a sync the guard asked for (Ctrl+S) or that
// closing a shift started.
type syncDoneMsg struct {
	purpose string
	res     syncer.Result
	err     error
}

func syncNowCmd(l *syncer.Loop, purpose string) tea.Cmd {
	return func() tea.Msg {
		c, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		res, err := l.SyncNow(c)
		return syncDoneMsg{purpose: purpose, res: res, err: err}
	}
}

type tickMsg time.Time

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}
