package gate

import (
	"slices"
	"sort"
	"strings"
	"time"

	"gatepost/record"
)

// The daily report (§3 日报告, the zero-report system): every day a report
// goes up even when nothing happened. ComputeReport is pure and
// deterministic: the same input always gives the same report, byte for byte
// once encoded, which is what lets a submitted report be checked against
// the records later and golden-tested now.

// Scope says what period a report covers.
type Scope string

// Scopes. A shift's report counts what happened during the shift; what is
// missing by the end of a day (people not screened, zones not disinfected,
// samples not retained, check-ins not made) is only judged for a day.
const (
	ScopeDay   Scope = "day"
	ScopeShift Scope = "shift"
)

// ReportVersion is the version of the report's JSON. Field names never
// change within a version; a new field may be added. Version 2 (§13) added
// the document's settings, headline figures, security attestation, signers
// and the unscreened by unit, and dropped the names of the unscreened and
// the voids: the report goes up the chain, those stay in the assessment
// (docs/REPORT.md). Version 3 added the issue number and made the
// headline's admissions and releases counts (detainee.admission and
// detainee.release records), never null; the detainees present follow them.
const ReportVersion = 3

// ReportInput is everything a report reads. The store fills it.
type ReportInput struct {
	FacilityID, FacilityName, Terminal string

	Scope Scope
	Day   string    // the local day reported, "2006-01-02"
	From  time.Time // start of the period (inclusive)
	To    time.Time // end of the period (exclusive)
	// AsOf is when the report is drawn up: what is due by then and not done
	// counts as missing. It is To for a period that is over, the time of the
	// preview for today.
	AsOf time.Time

	Records  []DayRecord // the period's records, in the order they happened (seq order for one terminal)
	Supplies []DayRecord // supply.* records of the last days: a supply received yesterday may still be pending
	Standby  []DayRecord // standby.start/end/callup of any day: stints last weeks
	Samples  []DayRecord // food.sample records of the last days: samples are held 48 hours
	People   []Person    // the roster as published; Movements bring it to AsOf
	// Movements holds the detainee.admission and detainee.release records
	// of any day up to the period's end: the roster as of AsOf follows them
	// (RosterAsOf); the period's own are counted in the headline.
	Movements []DayRecord
	// Reports are the facility's report.daily records of the day's year,
	// for the issue number (IssueNumber); nil for a shift.
	Reports []IssuedReport
	Fever   record.Tenths
	// Sessions is how many times a day detainees are screened (the
	// screening.sessions setting, 1 or 2; 0 is 1).
	Sessions int
	// Posts are the facility's terminals whose records the report reads
	// (§12): this one and the peers the feed brought. Empty for a
	// terminal that has never pulled the feed.
	Posts []Post

	// Security holds security.daily records of any time from the day on:
	// the one whose body names the day counts (a day is attested at its
	// submission, often after midnight).
	Security []DayRecord
	Guards   []Guard // for the names of the preparer and the reviewer
	// People named by identity reference (§15), by reference, as they may
	// be shown: masked, or Erased once the retention policy erased them.
	// A reference without an entry is shown as nobody.
	Identities map[string]Shown
	Plan       []Period    // the rotation plan, for the staff's statuses
	Doc        DocSettings // the report's heading and signature settings
	// Drawn is when the report was submitted (报送时间): the submission
	// being made, or the day's latest; zero leaves it out.
	Drawn time.Time
}

// Post is one terminal whose records a facility report covers.
type Post struct {
	Terminal string
	Own      bool
	HeadSeq  int64 // its records held here, 1..HeadSeq
	// HubHeadSeq is how far the hub held it at the last pull; Behind when
	// this terminal holds less than that.
	HubHeadSeq int64
	LastPush   time.Time // when it last reached the hub; zero: never
}

// Behind reports whether records of this post are known to exist that
// the report could not read.
func (p Post) Behind() bool { return !p.Own && p.HeadSeq < p.HubHeadSeq }

// PostItem is a covered terminal in a Report.
type PostItem struct {
	Terminal string `json:"terminal"`
	Own      bool   `json:"own,omitempty"`
	Behind   bool   `json:"behind,omitempty"`
}

// Report is a day's (or a shift's) figures. Its JSON field names are stable
// (see ReportVersion); every list is present, empty rather than null.
type Report struct {
	Version      int    `json:"version"`
	Scope        Scope  `json:"scope"`
	Facility     string `json:"facility"`
	FacilityName string `json:"facility_name"`
	Terminal     string `json:"terminal"`
	// Posts are the terminals whose records the report covers, with
	// whether any is behind (§12); left out, unlike the other lists, for a
	// terminal that never pulled the facility feed, so that reports
	// submitted before the feed existed read back byte for byte.
	Posts   []PostItem `json:"posts,omitempty"`
	Day     string     `json:"day"`
	From    string     `json:"from"`
	To      string     `json:"to"`
	AsOf    string     `json:"as_of"`
	Records int        `json:"records"` // records in the period
	Drawn   string     `json:"drawn"`   // when it was submitted (报送时间)
	// Issue is the report's issue number (第×期) in the facility's year
	// (IssueNumber); 0 for a shift's report.
	Issue int `json:"issue"`

	Doc      DocSettings  `json:"doc"`
	Headline Headline     `json:"headline"`
	Security SecurityPart `json:"security"`
	Signers  Signers      `json:"signers"`

	Screening    ScreeningPart    `json:"screening"`
	Disinfection DisinfectionPart `json:"disinfection"`
	Gates        []GatePart       `json:"gates"` // gates 1–5, in order
	Supplies     SupplyPart       `json:"supplies"`
	Standby      StandbyPart      `json:"standby"`
	Office       OfficePart       `json:"office"`
	Food         FoodPart         `json:"food"`
	Incidents    []IncidentItem   `json:"incidents"`
	Overrides    []CorrectionItem `json:"overrides"`
	// Voids are data-entry corrections, for the supervisor's review (the
	// assessment): they do not go up the chain, so not into the JSON.
	Voids []CorrectionItem `json:"-"`

	// IdentitiesErased counts the people the period's records name by
	// identity reference whose identities were erased per the retention
	// policy (§15): the figures above still count them.
	IdentitiesErased int `json:"identities_erased,omitempty"`
	// Abnormal lists what is abnormal, as codes in a fixed order (see
	// Abnormal… constants); empty on a clean day.
	Abnormal []string `json:"abnormal"`
	// Zero is the zero report: nothing abnormal, and the report ends with
	// 今日无异常 / "nothing abnormal today".
	Zero bool `json:"zero_report"`
}

// Abnormal codes, in the order a report lists them.
const (
	AbnormalFever         = "fever"           // a fever confirmed by its recheck
	AbnormalRecheck       = "recheck_missing" // a fever reading without a recheck
	AbnormalUnscreened    = "unscreened"      // someone not screened today
	AbnormalSession       = "session_missed"  // a detainee missing from a screening session that is due
	AbnormalSymptoms      = "symptoms"        // a staff member at home reported symptoms by phone
	AbnormalZone          = "zone_missed"     // a zone not disinfected today
	AbnormalIncident      = "incident"        // an incident recorded
	AbnormalFoodRejected  = "food_rejected"   // a food delivery rejected
	AbnormalStandbyMissed = "standby_missed"  // a standby check-in not made
	AbnormalSampleMissed  = "sample_missed"   // a meal without a retained sample
	// AbnormalSecurity (gongwen.go) is an attested security event.
)

// AbnormalCodes lists every abnormal code in order, for the catalogue test.
var AbnormalCodes = []string{AbnormalFever, AbnormalRecheck, AbnormalUnscreened, AbnormalSession, AbnormalSymptoms, AbnormalZone,
	AbnormalIncident, AbnormalFoodRejected, AbnormalStandbyMissed, AbnormalSampleMissed, AbnormalSecurity}

// PersonItem names a person in a list.
type PersonItem struct {
	Badge string     `json:"badge"`
	Name  string     `json:"name"`
	Kind  PersonKind `json:"kind"`
	Unit  string     `json:"unit"`
}

// FeverItem is one fever and its recheck. A visitor without a badge is
// named by the last four characters of the resident ID only: the report is
// forwarded outside the facility.
type FeverItem struct {
	Badge  string `json:"badge"`
	IDTail string `json:"id_tail"`
	// Erased: the person was named by identity reference and the
	// retention policy erased who it was (§15); the figure still counts.
	Erased bool       `json:"erased,omitempty"`
	Name   string     `json:"name"`
	Kind   PersonKind `json:"kind,omitempty"`
	// Subject is what the guard chose someone off the roster as at the
	// gate (a visitor), when Kind is not known.
	Subject record.Subject `json:"subject,omitempty"`
	Unit    string         `json:"unit"`
	Gate    int            `json:"gate"`
	At      string         `json:"at"`
	Temp    record.Tenths  `json:"temp"`
	Recheck *record.Tenths `json:"recheck"`
	Status  FeverStatus    `json:"status"`
}

// ScreeningPart is 日筛查: temperatures.
type ScreeningPart struct {
	Total     Coverage `json:"total"`
	Staff     Coverage `json:"staff"`
	Detainees Coverage `json:"detainees"`
	WFH       int      `json:"wfh"`      // staff working from home, counted in Staff
	Readings  int      `json:"readings"` // temperatures taken, every source
	// Home is the staff working from home who reported by phone (§11);
	// they are in Staff and Total too.
	Home Coverage `json:"home"`
	// Sessions is the detainees' coverage per session when they are
	// screened twice a day (morning, and evening once it is due); left
	// out with one session, where it is Detainees. A session not complete
	// makes the day abnormal (session_missed).
	Sessions []SessionCoverage `json:"sessions,omitempty"`
	// Symptoms are the staff at home who reported symptoms by phone
	// (§11), abnormal persons named like the fevers; left out by a
	// terminal from before they were.
	Symptoms []SymptomItem `json:"symptoms,omitempty"`
	// Unchecked names the unscreened, for the assessment's work list only;
	// the report (and its JSON) gives them by unit (UncheckedUnits).
	Unchecked      []PersonItem `json:"-"`
	UncheckedCount int          `json:"unchecked_count"`
	UncheckedUnits []UnitCount  `json:"unchecked_units"`
	Fevers         []FeverItem  `json:"fevers"`
}

// ZoneItem is one zone's disinfection. Done is every required area of
// the zone disinfected as often as required (§11), not one round anywhere;
// Missing lists the areas short of their rounds.
type ZoneItem struct {
	Zone          Zone       `json:"zone"`
	Done          bool       `json:"done"`
	Missing       []AreaItem `json:"missing"`
	Times         int        `json:"times"`
	Areas         []string   `json:"areas"`
	LastAt        string     `json:"last_at"`
	Method        string     `json:"method"`
	Agent         string     `json:"agent"`
	Concentration string     `json:"concentration"`
	Operator      string     `json:"operator"`
}

// AreaItem is a required area short of its rounds: its code (the
// catalogue names it), the rounds done and those required.
type AreaItem struct {
	Area   string `json:"area"`
	Done   int    `json:"done"`
	PerDay int    `json:"per_day"`
}

// DisinfectionPart is the day's disinfection of the zones.
type DisinfectionPart struct {
	Done    int        `json:"done"`
	Total   int        `json:"total"`
	Records int        `json:"records"`
	Zones   []ZoneItem `json:"zones"`
}

// ReasonCount is how many denials had one reason.
type ReasonCount struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// GatePart is one gate's crossings. Denied counts the denials that stood;
// those a supervisor overrode are counted in Overridden and as crossings.
type GatePart struct {
	Gate       int           `json:"gate"`
	In         int           `json:"in"`
	Out        int           `json:"out"`
	Denied     int           `json:"denied"`
	Overridden int           `json:"overridden"`
	Fevers     int           `json:"fevers"`
	Denials    []ReasonCount `json:"denials"` // by reason, most first
}

// SupplyItem is a supply not yet stored.
type SupplyItem struct {
	Seq        int64       `json:"seq"`
	Item       string      `json:"item"`
	Quantity   float64     `json:"quantity"`
	Unit       string      `json:"unit"`
	Source     string      `json:"source"`
	Stage      SupplyStage `json:"stage"`
	ReceivedAt string      `json:"received_at"`
}

// SupplyPart is gate 2's supplies: received → disinfected → stored.
type SupplyPart struct {
	Received    int          `json:"received"`
	Disinfected int          `json:"disinfected"`
	Stored      int          `json:"stored"`
	Pending     []SupplyItem `json:"pending"`
}

// StandbyPart is gate 3's standby quarantine.
type StandbyPart struct {
	InStandby int          `json:"in_standby"`
	CheckedIn int          `json:"checked_in"`
	Started   int          `json:"started"`
	Ended     int          `json:"ended"`
	Callups   int          `json:"callups"`
	Missing   []PersonItem `json:"missing"` // check-ins not made
}

// OfficePart is gate 4's on-site / work-from-home list.
type OfficePart struct {
	OnSite int  `json:"on_site"`
	WFH    int  `json:"wfh"`
	Unset  int  `json:"unset"`
	Listed bool `json:"listed"` // a list was set for the day
}

// FoodItem is a rejected food delivery.
type FoodItem struct {
	At       string   `json:"at"`
	Item     string   `json:"item"`
	Supplier string   `json:"supplier"`
	Batch    string   `json:"batch"`
	Quantity float64  `json:"quantity"`
	Unit     string   `json:"unit"`
	Reasons  []string `json:"reasons"`
}

// SampleItem is a meal sample retained in the period.
type SampleItem struct {
	Meal   record.Meal `json:"meal"`
	Dishes int         `json:"dishes"`
	At     string      `json:"at"`
	Until  string      `json:"until"`
}

// FoodPart is gate 5's food safety.
type FoodPart struct {
	Inspected    int           `json:"inspected"`
	Accepted     int           `json:"accepted"`
	Rejected     []FoodItem    `json:"rejected"`
	Samples      []SampleItem  `json:"samples"`
	Held         int           `json:"held"`          // samples still kept at as_of
	MealsMissing []record.Meal `json:"meals_missing"` // meals due by as_of without a sample
}

// IncidentItem is an incident recorded.
type IncidentItem struct {
	Seq    int64  `json:"seq"`
	Gate   int    `json:"gate"`
	At     string `json:"at"`
	Type   string `json:"type"`
	Badge  string `json:"badge"`
	Name   string `json:"name"`
	Detail string `json:"detail"`
	// StandbyDay is a contact incident's standby day (0: not said).
	StandbyDay int `json:"standby_day,omitempty"`
}

// CorrectionItem is an override or a void, for the supervisor's review.
type CorrectionItem struct {
	Seq        int64       `json:"seq"`
	Gate       int         `json:"gate"`
	At         string      `json:"at"`
	TargetSeq  int64       `json:"target_seq"`
	TargetKind record.Kind `json:"target_kind"`
	Target     string      `json:"target"` // who or what the target record was about
	Supervisor string      `json:"supervisor"`
	Reason     string      `json:"reason"`
	// TargetName is who or what crossed, as a sentence names it (a name,
	// a plate or an item: no badge, no reading); SupervisorName the
	// approving leader's name from the guards table.
	TargetName     string `json:"target_name"`
	SupervisorName string `json:"supervisor_name"`
}

// MealDue is the local time of day (minutes after midnight) by which each
// meal has been served and its sample must be retained.
var MealDue = []struct {
	Meal record.Meal
	By   int
}{
	{record.Breakfast, 9 * 60},
	{record.Lunch, 13 * 60},
	{record.Dinner, 19 * 60},
}

func rpStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(record.TimeLayout)
}

func rpEvents(rs []DayRecord) []Event {
	out := make([]Event, len(rs))
	for i, r := range rs {
		out[i] = Event{Record: r.Record, Voided: r.Voided}
	}
	return out
}

// rpInPeriod keeps the records with From <= at < To.
func rpInPeriod(rs []DayRecord, from, to time.Time) []DayRecord {
	out := make([]DayRecord, 0, len(rs))
	for _, r := range rs {
		if !r.At.Before(from) && r.At.Before(to) {
			out = append(out, r)
		}
	}
	return out
}

// rpBefore keeps the records written before t.
func rpBefore(rs []DayRecord, t time.Time) []DayRecord {
	out := make([]DayRecord, 0, len(rs))
	for _, r := range rs {
		if r.At.Before(t) {
			out = append(out, r)
		}
	}
	return out
}

// Shown is a person named by identity reference, as a report or a log row
// may show them after the moment of entry (§15): the ID number already
// masked (MaskID), or Erased.
type Shown struct {
	Name, IDNumber, Plate string
	Erased                bool
}

// name is who s is in a sentence: the name, else the plate.
func (s Shown) name() string {
	if s.Name != "" {
		return s.Name
	}
	return s.Plate
}

// ComputeReport computes the report of in's period.
func ComputeReport(in ReportInput) Report {
	if in.Scope == "" {
		in.Scope = ScopeDay
	}
	fever := Config{Fever: in.Fever}.FeverAt()
	recs := rpInPeriod(in.Records, in.From, in.To)
	moves := rpMerge(rpBefore(in.Movements, in.To), rpKinds(recs, record.Admission, record.Release))
	in.People = RosterAsOf(in.People, moves, in.AsOf)
	r := Report{
		Version: ReportVersion, Scope: in.Scope, Facility: in.FacilityID, FacilityName: in.FacilityName,
		Terminal: in.Terminal, Day: in.Day, From: rpStamp(in.From), To: rpStamp(in.To), AsOf: rpStamp(in.AsOf), Records: len(recs),
		Incidents: []IncidentItem{}, Overrides: []CorrectionItem{}, Voids: []CorrectionItem{}, Abnormal: []string{},
	}
	for _, p := range in.Posts {
		r.Posts = append(r.Posts, PostItem{Terminal: p.Terminal, Own: p.Own, Behind: p.Behind()})
	}
	day := in.Scope == ScopeDay
	if day {
		r.Issue = IssueNumber(in.Reports, in.Day)
	}
	byID := make(map[string]DayRecord, len(recs))
	for _, x := range recs {
		byID[x.ID] = x
	}
	// A void or override in the period marks its target even when the
	// loader did not (a record and its void in the same batch).
	for _, x := range recs {
		if x.Voided {
			continue
		}
		var t struct {
			Target string `json:"target"`
		}
		if (x.Kind == record.Void || x.Kind == record.Override) && x.Decode(&t) == nil {
			if y, ok := byID[t.Target]; ok {
				if x.Kind == record.Void {
					y.Voided = true
				} else {
					y.Overridden = true
				}
				byID[t.Target] = y
			}
		}
	}
	for i := range recs {
		recs[i].Voided, recs[i].Overridden = byID[recs[i].ID].Voided, byID[recs[i].ID].Overridden
	}

	att := AttendanceOf(rpEvents(recs))
	r.Screening = screeningPart(in, recs, att, fever, day)
	r.Disinfection = disinfectionPart(in, recs, day)
	r.Gates = gateParts(recs, fever)
	r.Supplies = supplyPart(in, recs)
	r.Standby = standbyPart(in, recs, day)
	r.Office = officePart(in.People, att)
	r.Food = foodPart(in, recs, day)
	var sec *record.SecurityDailyBody
	r.Security, sec = securityPart(in, recs)
	r.Headline = headline(in, recs, sec)
	r.Doc = in.Doc
	r.Drawn = rpStamp(in.Drawn)
	if sec != nil {
		r.Signers = Signers{Preparer: guardName(in.Guards, sec.Preparer), Reviewer: guardName(in.Guards, sec.Supervisor)}
	}
	r.Screening.UncheckedCount = len(r.Screening.Unchecked)
	r.Screening.UncheckedUnits = unitCounts(in.People, r.Screening.Unchecked)
	kinds := make(map[string]PersonKind, len(in.People))
	for _, p := range in.People {
		kinds[p.Badge] = p.Kind
	}
	for i, f := range r.Screening.Fevers {
		if f.Badge != "" {
			r.Screening.Fevers[i].Kind = kinds[f.Badge]
		}
	}
	for _, x := range recs {
		if x.Voided {
			continue
		}
		switch x.Kind {
		case record.Incident:
			var b record.IncidentBody
			if x.Decode(&b) == nil {
				r.Incidents = append(r.Incidents, IncidentItem{Seq: x.Seq, Gate: x.Gate, At: rpStamp(x.At), Type: b.Type,
					Badge: b.Badge, Name: b.Name, Detail: b.Detail, StandbyDay: b.StandbyDay})
			}
		case record.Override:
			var b record.OverrideBody
			if x.Decode(&b) == nil {
				r.Overrides = append(r.Overrides, rpCorrection(x, b.Target, 0, b.Supervisor, b.Reason, byID, in.Identities))
			}
		case record.Void:
			var b record.VoidBody
			if x.Decode(&b) == nil {
				r.Voids = append(r.Voids, rpCorrection(x, b.Target, b.TargetSeq, b.Supervisor, b.Reason, byID, in.Identities))
			}
		}
	}
	for i := range r.Overrides {
		r.Overrides[i].SupervisorName = guardName(in.Guards, r.Overrides[i].Supervisor)
	}
	for _, who := range in.Identities {
		if who.Erased {
			r.IdentitiesErased++
		}
	}
	r.Abnormal = rpAbnormal(r)
	r.Zero = len(r.Abnormal) == 0
	return r
}

func rpAbnormal(r Report) []string {
	out := []string{}
	count := func(st FeverStatus) int {
		n := 0
		for _, f := range r.Screening.Fevers {
			if f.Status == st {
				n++
			}
		}
		return n
	}
	add := func(cond bool, code string) {
		if cond {
			out = append(out, code)
		}
	}
	add(count(FeverConfirmed) > 0, AbnormalFever)
	add(count(FeverPending) > 0, AbnormalRecheck)
	add(len(r.Screening.Unchecked) > 0, AbnormalUnscreened)
	add(r.SessionsMissed() > 0, AbnormalSession)
	add(len(r.Screening.Symptoms) > 0, AbnormalSymptoms)
	add(r.Scope == ScopeDay && r.Disinfection.Done < r.Disinfection.Total, AbnormalZone)
	add(len(r.Incidents) > 0, AbnormalIncident)
	add(len(r.Food.Rejected) > 0, AbnormalFoodRejected)
	add(len(r.Standby.Missing) > 0, AbnormalStandbyMissed)
	add(len(r.Food.MealsMissing) > 0, AbnormalSampleMissed)
	add(len(r.Security.Events) > 0, AbnormalSecurity)
	return out
}

func rpPerson(p Person) PersonItem {
	return PersonItem{Badge: p.Badge, Name: p.Name, Kind: p.Kind, Unit: p.Unit}
}

func rpIDTail(id string) string {
	if len(id) <= 4 {
		return id
	}
	return id[len(id)-4:]
}

func screeningPart(in ReportInput, recs []DayRecord, att map[string]Entry, fever record.Tenths, day bool) ScreeningPart {
	si := ScreenInput{People: in.People, Attendance: att, Readings: Readings(recs), Fever: fever, From: in.From}
	s := Screen(si)
	p := ScreeningPart{
		Total: s.Coverage(""), Staff: s.Coverage(Staff), Detainees: s.Coverage(Detainee), WFH: len(s.WFH),
		Home: s.HomeCoverage(), Readings: s.Readings, Unchecked: []PersonItem{}, Fevers: []FeverItem{},
	}
	if day {
		for _, u := range s.Unchecked() {
			p.Unchecked = append(p.Unchecked, rpPerson(u))
		}
		if in.Sessions >= 2 {
			p.Sessions = DetaineeSessions(si, in.Sessions, in.From, in.AsOf)
		}
	}
	if cs := symptomCases(recs, in.People); len(cs) > 0 {
		p.Symptoms = cs
	}
	for _, f := range s.Fevers {
		item := FeverItem{Badge: f.Badge, Name: f.Name, Subject: f.Subject, Unit: f.Group, Gate: f.Gate, At: rpStamp(f.At), Temp: f.Temp,
			Recheck: f.Recheck, Status: f.Status}
		if who, ok := in.Identities[f.Ident]; ok && f.Badge == "" {
			item.Name, item.Erased = who.Name, who.Erased
			if who.IDNumber != "" {
				item.IDTail = rpIDTail(who.IDNumber)
			}
		}
		p.Fevers = append(p.Fevers, item)
	}
	return p
}

func disinfectionPart(in ReportInput, recs []DayRecord, day bool) DisinfectionPart {
	zs := Disinfected(recs)
	areas := AreasDone(DefaultAreas, rpEvents(recs))
	p := DisinfectionPart{Total: len(zs), Zones: make([]ZoneItem, 0, len(zs))}
	for _, z := range zs {
		p.Records += z.Times
		it := ZoneItem{Zone: z.Zone, Done: z.Done, Missing: []AreaItem{}, Times: z.Times, Areas: z.Areas, LastAt: rpStamp(z.LastAt)}
		if z.Last != nil {
			it.Method, it.Agent, it.Concentration, it.Operator = string(z.Last.Method), z.Last.Agent, z.Last.Concentration, z.Last.Operator
		}
		// A zone with required areas is done when each had the rounds due
		// by the time the report is drawn up (all of them for a day that
		// is over); a shift's report judges nothing missing.
		if day && slices.ContainsFunc(areas, func(a AreaDone) bool { return a.Zone == z.Zone }) {
			for _, a := range areas {
				if a.Zone == z.Zone && a.Done < RoundsDue(a.PerDay, in.From, in.AsOf) {
					it.Missing = append(it.Missing, AreaItem{Area: a.Code, Done: a.Done, PerDay: a.PerDay})
				}
			}
			it.Done = len(it.Missing) == 0
		}
		if it.Done {
			p.Done++
		}
		p.Zones = append(p.Zones, it)
	}
	if !day {
		p.Total = p.Done
	}
	return p
}

func gateParts(recs []DayRecord, fever record.Tenths) []GatePart {
	out := make([]GatePart, 0, record.MaxGate)
	for g := 1; g <= record.MaxGate; g++ {
		var cs []Crossing
		denials := map[string]int{}
		over := 0
		for _, x := range recs {
			if x.Gate != g || x.Kind != record.Passage || x.Voided {
				continue
			}
			var b record.PassageBody
			if x.Decode(&b) != nil {
				continue
			}
			c := Crossing{Body: b, Voided: x.Voided, Overridden: x.Overridden}
			cs = append(cs, c)
			switch {
			case !b.Allowed && x.Overridden:
				over++
			case !b.Allowed:
				denials[b.Reason]++
			}
		}
		n := Count(cs, fever)
		p := GatePart{Gate: g, In: n.In, Out: n.Out, Denied: n.Denied, Overridden: over, Fevers: n.Fevers, Denials: rpCounts(denials)}
		out = append(out, p)
	}
	return out
}

// rpCounts orders reason counts most first, then by code, so the
// report is the same whatever order a map gives.
func rpCounts(m map[string]int) []ReasonCount {
	out := make([]ReasonCount, 0, len(m))
	for k, v := range m {
		out = append(out, ReasonCount{Reason: k, Count: v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Reason < out[j].Reason
	})
	return out
}

func supplyPart(in ReportInput, recs []DayRecord) SupplyPart {
	p := SupplyPart{Pending: []SupplyItem{}}
	for _, x := range recs {
		if x.Voided {
			continue
		}
		switch x.Kind {
		case record.SupplyReceived:
			p.Received++
		case record.SupplyDisinfected:
			p.Disinfected++
		case record.SupplyStored:
			p.Stored++
		}
	}
	// The supply log of the last days, up to the end of the period, merged
	// with the period's own records (the loader may pass either or both).
	all := rpMerge(rpBefore(in.Supplies, in.To), rpKinds(recs, record.SupplyReceived, record.SupplyDisinfected, record.SupplyStored))
	for _, s := range Supplies(rpEvents(all)) {
		if s.Stored != nil && s.Stored.At.Before(in.AsOf) {
			continue
		}
		if !s.At.Before(in.AsOf) {
			continue
		}
		p.Pending = append(p.Pending, SupplyItem{Seq: s.Seq, Item: s.Body.Item, Quantity: s.Body.Quantity, Unit: s.Body.Unit,
			Source: s.Body.Source, Stage: s.Stage(in.AsOf), ReceivedAt: rpStamp(s.At)})
	}
	return p
}

func standbyPart(in ReportInput, recs []DayRecord, day bool) StandbyPart {
	p := StandbyPart{Missing: []PersonItem{}}
	for _, x := range recs {
		if x.Voided {
			continue
		}
		switch x.Kind {
		case record.StandbyStart:
			p.Started++
		case record.StandbyEnd:
			p.Ended++
		case record.StandbyCallup:
			p.Callups++
		}
	}
	all := rpMerge(rpBefore(in.Standby, in.AsOf), rpBefore(rpKinds(recs, record.StandbyStart, record.StandbyEnd, record.StandbyCallup), in.AsOf))
	stints := StandbyNow(rpEvents(all))
	checked := CheckedIn(rpEvents(recs))
	p.InStandby, p.CheckedIn = len(stints), len(checked)
	if day {
		units := map[string]Person{}
		for _, pp := range in.People {
			units[pp.Badge] = pp
		}
		for _, s := range CheckinsDue(stints, checked) {
			it := PersonItem{Badge: s.Badge, Name: s.Name, Kind: Staff}
			if pp, ok := units[s.Badge]; ok {
				it.Unit = pp.Unit
			}
			p.Missing = append(p.Missing, it)
		}
	}
	return p
}

func officePart(people []Person, att map[string]Entry) OfficePart {
	c := CountAttendance(people, att)
	return OfficePart{OnSite: c.OnSite, WFH: c.WFH, Unset: c.Unset, Listed: len(att) > 0}
}

func foodPart(in ReportInput, recs []DayRecord, day bool) FoodPart {
	p := FoodPart{Rejected: []FoodItem{}, Samples: []SampleItem{}, MealsMissing: []record.Meal{}}
	served := map[record.Meal]bool{}
	for _, x := range recs {
		if x.Voided {
			continue
		}
		switch x.Kind {
		case record.FoodInspection:
			var b record.FoodInspectionBody
			if x.Decode(&b) != nil {
				continue
			}
			p.Inspected++
			if b.Accepted {
				p.Accepted++
				continue
			}
			reasons := append([]string{}, b.Reasons...)
			p.Rejected = append(p.Rejected, FoodItem{At: rpStamp(x.At), Item: b.Item, Supplier: b.Supplier, Batch: b.Batch,
				Quantity: b.Quantity, Unit: b.Unit, Reasons: reasons})
		case record.FoodSample:
			var b record.FoodSampleBody
			if x.Decode(&b) != nil {
				continue
			}
			served[b.Meal] = true
			p.Samples = append(p.Samples, SampleItem{Meal: b.Meal, Dishes: len(b.Dishes), At: rpStamp(x.At), Until: b.RetainUntil})
		}
	}
	all := rpMerge(rpBefore(in.Samples, in.AsOf), rpBefore(rpKinds(recs, record.FoodSample), in.AsOf))
	p.Held = len(SamplesHeld(rpEvents(all), in.AsOf))
	if day {
		loc := in.From.Location()
		y, m, d := in.From.In(loc).Date()
		for _, md := range MealDue {
			due := time.Date(y, m, d, 0, md.By, 0, 0, loc) // by the clock, as MealDue says
			if !served[md.Meal] && !in.AsOf.Before(due) {
				p.MealsMissing = append(p.MealsMissing, md.Meal)
			}
		}
	}
	return p
}

func rpKinds(rs []DayRecord, ks ...record.Kind) []DayRecord {
	var out []DayRecord
	for _, r := range rs {
		for _, k := range ks {
			if r.Kind == k {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// rpMerge merges two record lists into the order they happened (one
// terminal's or the facility's), dropping duplicates by id: the loader's
// lookback read and the period's records overlap on the day itself, and the
// period's copy carries the flags. Seq alone would take two terminals'
// records of the same seq for one.
func rpMerge(a, b []DayRecord) []DayRecord {
	at := make(map[string]int, len(a)+len(b))
	out := make([]DayRecord, 0, len(a)+len(b))
	for _, list := range [][]DayRecord{a, b} {
		for _, x := range list {
			if i, ok := at[x.ID]; ok {
				out[i] = x
				continue
			}
			at[x.ID] = len(out)
			out = append(out, x)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return record.Before(out[i].Record, out[j].Record) })
	return out
}

// rpCorrection describes an override or void and what it was about.
func rpCorrection(x DayRecord, target string, targetSeq int64, sup, reason string, byID map[string]DayRecord, ids map[string]Shown) CorrectionItem {
	c := CorrectionItem{Seq: x.Seq, Gate: x.Gate, At: rpStamp(x.At), TargetSeq: targetSeq, Supervisor: sup, Reason: reason}
	t, ok := byID[target]
	if !ok {
		return c
	}
	c.TargetSeq, c.TargetKind, c.Target = t.Seq, t.Kind, rpDescribe(t.Record, ids)
	var b struct {
		Name  string `json:"name"`
		Ident string `json:"ident"`
		Item  string `json:"item"`
	}
	if t.Decode(&b) == nil {
		for _, s := range []string{b.Name, ids[b.Ident].name(), b.Item} {
			if s != "" {
				c.TargetName = s
				break
			}
		}
	}
	return c
}

// rpDescribe names who or what a record is about, in a few words.
func rpDescribe(r record.Record, ids map[string]Shown) string {
	var b struct {
		Badge string         `json:"badge"`
		Ident string         `json:"ident"`
		Name  string         `json:"name"`
		Item  string         `json:"item"`
		Zone  string         `json:"zone"`
		Temp  *record.Tenths `json:"temp"`
	}
	if r.Decode(&b) != nil {
		return ""
	}
	var parts []string
	who := ids[b.Ident]
	tail := ""
	if b.Badge == "" && who.IDNumber != "" {
		tail = "*" + rpIDTail(who.IDNumber)
	}
	for _, s := range []string{b.Name, who.Name, b.Badge, who.Plate, b.Item, b.Zone, tail} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if b.Temp != nil {
		parts = append(parts, b.Temp.String())
	}
	return strings.Join(parts, " ")
}

// Partial reports whether the report is of a day not over when it was
// drawn up: what is due by the end of the day is then judged by what was
// due by AsOf, and the report says so.
func (r Report) Partial() bool { return r.AsOf != "" && r.AsOf < r.To }

// Summary flattens a report into the figures a shift's close record keeps
// (record.ShiftCloseBody.Summary). Keys are stable codes; a figure that is
// zero is left out so the handover dialog lists only what happened.
func (r Report) Summary() map[string]int {
	m := map[string]int{}
	set := func(k string, v int) {
		if v != 0 {
			m[k] = v
		}
	}
	var in, out, denied, over int
	for _, g := range r.Gates {
		in += g.In
		out += g.Out
		denied += g.Denied
		over += g.Overridden
	}
	fevers := 0
	for _, f := range r.Screening.Fevers {
		if f.Status != FeverCleared {
			fevers++
		}
	}
	set("records", r.Records)
	set("in", in)
	set("out", out)
	set("denied", denied)
	set("overridden", over)
	set("readings", r.Screening.Readings)
	set("fevers", fevers)
	set("disinfections", r.Disinfection.Records)
	set("supplies_received", r.Supplies.Received)
	set("supplies_stored", r.Supplies.Stored)
	set("food_inspected", r.Food.Inspected)
	set("food_rejected", len(r.Food.Rejected))
	set("samples", len(r.Food.Samples))
	set("standby_checkins", r.Standby.CheckedIn)
	set("incidents", len(r.Incidents))
	set("overrides", len(r.Overrides))
	set("voids", len(r.Voids))
	return m
}

// SummaryKeys lists the keys Summary may set, in display order.
var SummaryKeys = []string{"records", "in", "out", "denied", "overridden", "readings", "fevers", "disinfections",
	"supplies_received", "supplies_stored", "food_inspected", "food_rejected", "samples", "standby_checkins",
	"incidents", "overrides", "voids"}
