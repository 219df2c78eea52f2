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

// SessionCoverage is the detainees' coverage in one session.
type SessionCoverage struct {
	Session Session
	Coverage
}

// DetaineeSessions counts, for each session of the day, how many of the
// expected detainees have a reading in it; an evening session not begun by
// asOf is not yet due and is left out. With one session it is the day's
// detainee coverage.
func DetaineeSessions(in ScreenInput, n int, asOf time.Time) []SessionCoverage {
	sessions := []Session{SessionDay}
	if n >= 2 {
		sessions = []Session{SessionMorning}
		if asOf.Hour() >= SessionNoon {
			sessions = append(sessions, SessionEvening)
		}
	}
	type key struct {
		who string
		s   Session
	}
	seen := map[key]bool{}
	for _, r := range in.Readings {
		s := SessionOf(r.At.In(asOf.Location()), n)
		if r.Badge != "" {
			seen[key{r.Badge, s}] = true
		}
	}
	out := make([]SessionCoverage, len(sessions))
	for i, s := range sessions {
		out[i].Session = s
		for _, p := range in.People {
			if !p.Active || p.Kind != Detainee {
				continue
			}
			out[i].add(seen[key{p.Badge, s}])
		}
	}
	return out
}
