package tui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/auth"
	"gatepost/gate"
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

// openShiftCmd signs in and saves the shift.open as one operation: a
// sign-in whose shift.open is not saved fails (auth.OpenShift).
func openShiftCmd(st *store.Store, badge, pin string, gateNo int, now time.Time) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		g, r, err := auth.OpenShift(c, st, badge, pin, gateNo, now)
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
}

// supervisedCmd checks a supervisor's badge and PIN, then appends the drafts
// that build(supervisor) returns, in one transaction.
func supervisedCmd(st *store.Store, base supervisedMsg, badge, pin string, now time.Time, build func(sup gate.Guard) []store.Draft) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		m := base
		g, err := auth.SignIn(c, st, badge, pin, now)
		if err != nil {
			m.err = err
			return m
		}
		if !g.Role.CanSupervise() {
			m.notSup = g.Badge
			return m
		}
		m.recs, m.err = st.AppendBatch(c, build(g))
		return m
	}
}

// pageMsg is one page of a gate's log.
type pageMsg struct {
	gate   int
	day    string
	before int64
	rows   []store.Row
	total  int
	last   int64
	err    error
}

func loadPageCmd(st *store.Store, g int, day string, before int64, limit int) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		m := pageMsg{gate: g, day: day, before: before}
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

func lookupCmd(st *store.Store, key string) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		p, ok, _ := st.FindPerson(c, key)
		return lookupMsg{key: key, person: p, ok: ok}
	}
}

// decideMsg carries what the gate-1 rule needs from the store.
type decideMsg struct {
	seq    int // which submission of the form this answers
	person *gate.Person
	passes []gate.Pass
	err    error
}

func decideCmd(st *store.Store, seq int, badge, idNumber, plate string) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		m := decideMsg{seq: seq}
		key := badge
		if key == "" {
			key = idNumber
		}
		if p, ok, err := st.FindPerson(c, key); err != nil {
			m.err = err
			return m
		} else if ok {
			m.person = &p
			if idNumber == "" {
				idNumber = p.IDNumber
			}
		}
		m.passes, m.err = st.FindPasses(c, badge, idNumber, plate)
		return m
	}
}

// shiftSummaryMsg counts what the shift wrote, for the close-shift dialog.
type shiftSummaryMsg struct {
	summary map[string]int
	err     error
}

// shiftSummaryCmd computes the shift's figures with the same computation as
// the daily report (§3), over the records since the shift opened.
func shiftSummaryCmd(st *store.Store, openSeq int64, now time.Time, fever record.Tenths) tea.Cmd {
	return func() tea.Msg {
		rep, err := ShiftReport(st, openSeq, now, fever)
		if err != nil {
			return shiftSummaryMsg{err: err}
		}
		return shiftSummaryMsg{summary: rep.Summary()}
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
