package gate

import (
	"sort"
	"time"

	"gatepost/record"
)

// Stint is one person's current time in standby quarantine (§2 gate 3).
type Stint struct {
	StartID    string
	StartSeq   int64
	Badge      string
	Name       string
	Start      time.Time
	PlannedEnd string // "2006-01-02"
	Area       string
}

// dateLayout is the local date layout of planned ends and attendance days.
const dateLayout = "2006-01-02"

// Day is the local calendar date of t, "2006-01-02".
func Day(t time.Time) string { return t.Format(dateLayout) }

// DaysIn is the day of the stint at now, counting the day it started as day
// 1, by local calendar date (a stint started at 23:50 is on day 2 ten
// minutes later: the form asks for one check-in per calendar day).
func (s Stint) DaysIn(now time.Time) int {
	y, m, d := s.Start.In(now.Location()).Date()
	start := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	y, m, d = now.Date()
	today := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	return int(today.Sub(start)/(24*time.Hour)) + 1
}

// Overdue reports whether the planned end is a day before now's date.
func (s Stint) Overdue(now time.Time) bool {
	return s.PlannedEnd != "" && s.PlannedEnd < Day(now)
}

// StandbyNow folds standby records (start, end, call-up, in seq order) into
// who is in standby now, by badge. A start opens a stint (a second start
// while in standby replaces the first: the later planned end counts); an end
// or a call-up closes it. Voided records are skipped, so a voided end leaves
// the person in standby and a voided start takes them out.
func StandbyNow(evs []Event) map[string]Stint {
	now := map[string]Stint{}
	for _, e := range evs {
		if e.Voided {
			continue
		}
		var who struct {
			Badge string `json:"badge"`
		}
		if e.Decode(&who) != nil || who.Badge == "" {
			continue
		}
		switch e.Kind {
		case record.StandbyStart:
			var b record.StandbyStartBody
			if e.Decode(&b) != nil {
				continue
			}
			now[b.Badge] = Stint{StartID: e.ID, StartSeq: e.Seq, Badge: b.Badge, Name: b.Name, Start: e.At, PlannedEnd: b.PlannedEnd, Area: b.Area}
		case record.StandbyEnd, record.StandbyCallup:
			var b struct {
				Start string `json:"start"`
			}
			_ = e.Decode(&b)
			// An end naming an older stint than the current one (a start
			// recorded again in between) does not close the newer stint.
			if s, ok := now[who.Badge]; ok && (b.Start == "" || b.Start == s.StartID) {
				delete(now, who.Badge)
			}
		}
	}
	return now
}

// Sorted returns the stints ordered by badge, for stable lists.
func Sorted(m map[string]Stint) []Stint {
	out := make([]Stint, 0, len(m))
	for _, s := range m {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Badge < out[j].Badge })
	return out
}

// CheckedIn returns the latest (not voided) check-in of each badge among
// evs, the day's standby.checkin records.
func CheckedIn(evs []Event) map[string]record.StandbyCheckinBody {
	out := map[string]record.StandbyCheckinBody{}
	for _, e := range evs {
		if e.Voided || e.Kind != record.StandbyCheckin {
			continue
		}
		var b record.StandbyCheckinBody
		if e.Decode(&b) == nil && b.Badge != "" {
			out[b.Badge] = b // the latest of the day counts
		}
	}
	return out
}

// CheckinsDue lists the stints with no check-in yet today, by badge. A
// check-in is due every calendar day of a stint, its first day included.
func CheckinsDue(stints map[string]Stint, today map[string]record.StandbyCheckinBody) []Stint {
	var out []Stint
	for _, s := range Sorted(stints) {
		if _, ok := today[s.Badge]; !ok {
			out = append(out, s)
		}
	}
	return out
}

// StandbyAction is what the gate-3 form records.
type StandbyAction string

// Standby actions, in the form's order.
const (
	ActStart   StandbyAction = "start"
	ActCheckin StandbyAction = "checkin"
	ActEnd     StandbyAction = "end"
	ActCallup  StandbyAction = "callup"
)

// StandbyActions lists the actions in display order.
var StandbyActions = []StandbyAction{ActStart, ActCheckin, ActEnd, ActCallup}

// Gate-3 refusals: why a standby record cannot be written.
const (
	ReasonAlreadyStandby Reason = "already_standby" // start for someone already in standby
	ReasonNotInStandby   Reason = "not_in_standby"  // check-in, end or call-up for someone not in standby
	ReasonPlannedEnd     Reason = "planned_end"     // planned end missing or before today
	ReasonNeedReason     Reason = "need_reason"     // a call-up needs a reason
)

// StandbyReasons lists every reason EvaluateStandby can give.
var StandbyReasons = []Reason{ReasonNeedIdentity, ReasonNotOnRoster, ReasonNotStaff, ReasonInactive,
	ReasonAlreadyStandby, ReasonNotInStandby, ReasonPlannedEnd, ReasonNeedReason, ReasonNeedTemp, ReasonReleaseNAT}

// StandbyInput is one gate-3 form submission.
type StandbyInput struct {
	Action     StandbyAction
	Badge      string
	Person     *Person
	Current    *Stint         // the person's current stint, nil when none
	PlannedEnd string         // start: "2006-01-02"
	Temp       *record.Tenths // check-in
	Reason     string         // call-up
	Now        time.Time
	// Health is the facility's profile and NATAt when the latest negative
	// nucleic-acid sample on record for the person was taken (Status.NATAt,
	// zero when none): under the epidemic profile, ending a stint needs one
	// within NATHours, as leaving standby through the main gate does (§11).
	// A zero Profile asks for none.
	Health HealthConfig
	NATAt  time.Time
}

// StandbyDecision is the gate-3 rule's answer. Fever is set on a check-in
// at or above the threshold: it is recorded (the person is not turned away,
// they are already isolated) and raises an incident.
type StandbyDecision struct {
	OK     bool
	Reason Reason
	Fever  bool
}

// EvaluateStandby decides whether a gate-3 record may be written. Starting
// needs active staff not already in standby and a planned end no earlier
// than today; every other action needs a current stint. A check-in needs a
// plausible temperature, a call-up a reason. Ending the stint under the
// epidemic profile needs a negative nucleic-acid result sampled within the
// profile's hours (ReasonReleaseNAT, the main gate's reason for the same
// thing: the end is where standby's isolation is lifted, so gate 3 asks
// first). A call-up needs none: the person goes into the custody zone,
// still closed off.
func EvaluateStandby(c Config, in StandbyInput) StandbyDecision {
	no := func(r Reason) StandbyDecision { return StandbyDecision{Reason: r} }
	switch {
	case in.Person == nil && in.Badge == "":
		return no(ReasonNeedIdentity)
	case in.Person == nil:
		return no(ReasonNotOnRoster)
	case in.Person.Kind != Staff:
		return no(ReasonNotStaff)
	}
	if in.Action == ActStart {
		switch {
		case !in.Person.Active:
			return no(ReasonInactive)
		case in.Current != nil:
			return no(ReasonAlreadyStandby)
		case in.PlannedEnd == "" || in.PlannedEnd < Day(in.Now):
			return no(ReasonPlannedEnd)
		}
		return StandbyDecision{OK: true}
	}
	if in.Current == nil {
		return no(ReasonNotInStandby)
	}
	switch in.Action {
	case ActCheckin:
		if in.Temp == nil || *in.Temp < MinPlausible || *in.Temp > MaxPlausible {
			return no(ReasonNeedTemp)
		}
		return StandbyDecision{OK: true, Fever: IsFever(*in.Temp, c.FeverAt())}
	case ActCallup:
		if in.Reason == "" {
			return no(ReasonNeedReason)
		}
	case ActEnd:
		if in.Health.Profile == ProfileEpidemic && !natWithin(in.NATAt, in.Health.NATHours, in.Now) {
			return no(ReasonReleaseNAT)
		}
	}
	return StandbyDecision{OK: true}
}

// DefaultStandbyDays is the planned length of a stint the form proposes.
const DefaultStandbyDays = 14
