package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// The database work of screen 0 (the daily measures), each a tea.Cmd whose
// result comes back to the screen through toScreen(0, …). The report is
// computed here too, off the UI loop: a day has thousands of records.

// dailyLoadedMsg is everything screen 0 shows.
type dailyLoadedMsg struct {
	seq      int
	people   []gate.Person // the roster as of now: admissions and releases followed
	from     time.Time     // the day's start: who was admitted after it is screened from tomorrow
	readings []gate.Reading
	att      map[string]gate.Entry
	today    gate.Report     // today's report: roll-call, disinfection, gaps
	areas    []gate.AreaDone // today's rounds per required area (§11)
	sessions int             // detainee screenings a day (screening.sessions)
	// statuses are the staff's closed-management statuses (§11), when
	// the load was asked for them; nil keeps those shown.
	statuses map[string]gate.Status
	view     gate.Report // the report on preview (another day's when chosen)
	sub      store.Submitted
	subOK    bool
	notices  []store.NoticeState
	err      error
}

func dailyLoadCmd(st *store.Store, seq int, now time.Time, viewDay string, fever record.Tenths, statuses bool) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		m := dailyLoadedMsg{seq: seq}
		in, err := st.ReportInput(c, store.Day(now), now, fever)
		if err != nil {
			m.err = err
			return m
		}
		m.people, m.from, m.sessions = gate.RosterAsOf(in.People, in.Movements, in.AsOf), in.From, in.Sessions
		if statuses {
			if m.statuses, m.err = staffStatuses(c, st, m.people, now, fever); m.err != nil {
				return m
			}
		}
		m.readings = gate.Readings(in.Records)
		evs := make([]gate.Event, len(in.Records))
		for i, r := range in.Records {
			evs[i] = gate.Event{Record: r.Record, Voided: r.Voided}
		}
		m.att = gate.AttendanceOf(evs)
		m.today = gate.ComputeReport(in)
		m.areas = gate.AreasDone(gate.DefaultAreas, evs)
		m.view = m.today
		if viewDay != "" && viewDay != store.Day(now) {
			vin, err := st.ReportInput(c, viewDay, now, fever)
			if err != nil {
				m.err = err
				return m
			}
			m.view = gate.ComputeReport(vin)
		}
		if m.sub, m.subOK, m.err = st.LatestReport(c, m.view.Day); m.err != nil {
			return m
		}
		m.notices, m.err = st.DayNotices(c, store.Day(now))
		return m
	}
}

// staffStatuses derives every active staff member's status now, as the
// gates do (store.StatusOf: the facility's records and the rotation plan).
// It reads each person's records through the badge index, about 1.5 ms a
// person on the demo terminal, so the roll-call asks for it now and then
// (statusEvery), not on every reading saved.
func staffStatuses(c context.Context, st *store.Store, people []gate.Person, now time.Time, fever record.Tenths) (map[string]gate.Status, error) {
	out := map[string]gate.Status{}
	for _, p := range people {
		if p.Kind != gate.Staff || !p.Active {
			continue
		}
		s, err := st.StatusOf(c, p, now, fever)
		if err != nil {
			return nil, err
		}
		out[p.Badge] = s
	}
	return out, nil
}

// noticesMsg is today's notices, polled for the banner every screen shows.
type noticesMsg struct {
	notices []store.NoticeState
	err     error
}

func noticesCmd(st *store.Store, day string) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		ns, err := st.DayNotices(c, day)
		return noticesMsg{notices: ns, err: err}
	}
}

// dailySavedMsg reports records screen 0 appended. tag says which part
// asked; local are the ids of readings shown before the save completed.
type dailySavedMsg struct {
	tag   string
	who   string // for the flash line
	warn  bool   // a fever: the flash stays a warning
	local []string
	recs  []record.Record
	err   error
}

// dailyPostCmd runs a write of the post service for screen 0.
func dailyPostCmd(tag, who string, warn bool, local []string, write func(context.Context) (post.Saved, error)) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		sv, err := write(c)
		return dailySavedMsg{tag: tag, who: who, warn: warn, local: local, recs: sv.Records, err: err}
	}
}

// reportSubmittedMsg is the result of a supervisor submitting a day's report.
type reportSubmittedMsg struct {
	day    string
	rep    gate.Report
	rec    record.Record
	err    error
	notSup string // a badge that signed in but may not supervise
}

// reportSubmitCmd checks the supervisor, computes the day's report afresh
// (what is submitted is what the records say at this moment, not what the
// preview showed a minute ago) and appends the report.daily.
func reportSubmitCmd(svc *post.Service, guard gate.Guard, badge, pin string, in post.SubmitInput) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		m := reportSubmittedMsg{day: in.Day}
		sv, err := svc.SubmitReport(c, guard, post.Credentials{Badge: badge, PIN: pin}, in)
		var ns *post.NotSupervisorError
		switch {
		case errors.As(err, &ns):
			m.notSup = ns.Badge
		case err != nil:
			m.err = err
		default:
			m.rep, m.rec = *sv.Report, sv.Main()
		}
		return m
	}
}

// shiftSummaryText lists a shift's figures (gate.Report.Summary) in words,
// in gate.SummaryKeys order, for the close-shift dialog.
func shiftSummaryText(c *Catalog, sum map[string]int) string {
	if sum == nil {
		return c.T("status.loading")
	}
	parts := make([]string, 0, len(sum))
	for _, k := range gate.SummaryKeys {
		if n, ok := sum[k]; ok {
			parts = append(parts, word(c, k, "dm.sum.")+" "+fmt.Sprint(n))
		}
	}
	return strings.Join(parts, c.T("list.sep"))
}
