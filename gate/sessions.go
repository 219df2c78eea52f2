package gate

import "time"

// Detainees may be screened twice a day (§11: a facility setting): a
// morning and an evening session, each with its own coverage. Staff are
// screened once a day; staff working from home report their health by
// phone (a roll-call reading of method record.ReadingByPhone).

// Session is a screening session of the day.
type Session string

// Sessions. With one session a day there is only SessionDay.
const (
	SessionDay     Session = "day"
	SessionMorning Session = "morning"
	SessionEvening Session = "evening"
)

// SessionNoon divides the morning session from the evening one.
const SessionNoon = 12

// SessionOf is the session a reading taken at t belongs to, for a facility
// screening detainees n times a day (1 or 2).
func SessionOf(t time.Time, n int) Session {
	if n < 2 {
		return SessionDay
	}
	if t.Hour() < SessionNoon {
		return SessionMorning
	}
	return SessionEvening
}

// SessionCoverage is the detainees' coverage in one session, and who of
// them the session misses: a session that is due and not complete is a
// problem like an unscreened person (the report's session_missed, the
// assessment's sessions line). Missing names people, so it stays out of
// the JSON that goes up the chain (the counts are there).
type SessionCoverage struct {
	Session Session `json:"session"`
	Coverage
	// Open: the session is not over when the report is drawn up (the
	// evening one runs to midnight): its coverage is shown, but nobody has
	// missed it yet.
	Open    bool     `json:"open,omitempty"`
	Missing []Person `json:"-"`
}

// Missed is how many detainees missed the session: none while it is open.
func (c SessionCoverage) Missed() int {
	if c.Open {
		return 0
	}
	return c.Unchecked()
}

// DetaineeSessions counts, for each session of the day that starts at
// midnight day, how many of the expected detainees have a reading in it,
// and who has none;
// an evening session not begun by asOf (noon of that day) is not yet due
// and is left out — a past day's is always due. With one session it is
// the day's detainee coverage.
func DetaineeSessions(in ScreenInput, n int, day, asOf time.Time) []SessionCoverage {
	// Noon by the clock, as SessionOf divides the readings: on a day the
	// clocks change it is not twelve hours after midnight.
	y, m, d := day.Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, day.Location())
	noon := time.Date(y, m, d, SessionNoon, 0, 0, 0, day.Location())
	sessions := []Session{SessionDay}
	if n >= 2 {
		sessions = []Session{SessionMorning}
		if !asOf.Before(noon) {
			sessions = append(sessions, SessionEvening)
		}
	}
	type key struct {
		who string
		s   Session
	}
	seen := map[key]bool{}
	for _, r := range in.Readings {
		s := SessionOf(r.At.In(day.Location()), n)
		if r.Badge != "" {
			seen[key{r.Badge, s}] = true
		}
	}
	out := make([]SessionCoverage, len(sessions))
	for i, s := range sessions {
		out[i].Session = s
		start, end := midnight, midnight.AddDate(0, 0, 1)
		switch s {
		case SessionEvening:
			start = noon
		case SessionMorning:
			end = noon
		}
		out[i].Open = asOf.Before(end)
		for _, p := range in.People {
			// A detainee admitted during a session is screened from the
			// next one: the check at the main gate was their reading.
			if !p.Active || p.Kind != Detainee || p.Since.After(start) {
				continue
			}
			ok := seen[key{p.Badge, s}]
			out[i].add(ok)
			if !ok && !out[i].Open {
				out[i].Missing = append(out[i].Missing, p)
			}
		}
	}
	return out
}
