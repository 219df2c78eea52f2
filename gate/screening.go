package gate

import (
	"slices"
	"sort"
	"strings"
	"time"

	"gatepost/record"
)

// Daily screening (§3 日筛查): everyone on the roster has a temperature taken
// every day and every zone is disinfected every day. This file folds a day's
// records into who has been screened, the roll-call groups and their
// coverage, the fevers and their rechecks, and which zones are done. Like
// the rest of the package it does no I/O and never reads the clock.

// DayRecord is a record a daily computation reads, with what later records
// said about it. Voided records never count; Overridden marks a denial a
// supervisor let through.
type DayRecord struct {
	record.Record
	Voided     bool
	Overridden bool
}

// Reading is one temperature taken of one person, whatever recorded it: a
// roll-call `temperature` at gate 0, a passage with a temperature at any
// gate, or a standby check-in. A passage with a recheck gives two readings.
type Reading struct {
	ID    string // the record that holds it
	Seq   int64
	At    time.Time
	Gate  int
	Kind  record.Kind
	Badge string
	Ident string // identity registry reference (§15) of someone without a badge
	Name  string
	Group string
	// Subject is what a passage's guard chose the person as (a visitor, a
	// delivery man…); "" for the other readings.
	Subject record.Subject
	Temp    record.Tenths
	Recheck bool // taken again after a fever reading
	// Symptoms: reported by phone with symptoms (PhoneSymptoms).
	Symptoms bool
}

// key is who a reading is about: the badge, else the identity reference,
// else the name.
func (r Reading) key() string {
	switch {
	case r.Badge != "":
		return "b:" + r.Badge
	case r.Ident != "":
		return "r:" + r.Ident
	}
	return "n:" + r.Name
}

// Readings extracts the temperatures from records, in the records' order.
// Voided records are skipped: a wrong reading voided by a supervisor leaves
// the person unscreened until measured again.
func Readings(recs []DayRecord) []Reading {
	var out []Reading
	for _, r := range recs {
		if r.Voided {
			continue
		}
		base := Reading{ID: r.ID, Seq: r.Seq, At: r.At, Gate: r.Gate, Kind: r.Kind}
		switch r.Kind {
		case record.Temperature:
			var b record.TemperatureBody
			if r.Decode(&b) != nil || b.Temp <= 0 {
				continue
			}
			base.Badge, base.Ident, base.Name, base.Group, base.Temp, base.Recheck = b.Badge, b.Ident, b.Name, b.Group, b.Temp, b.Recheck
			base.Symptoms = PhoneSymptoms(b)
			out = append(out, base)
		case record.Passage:
			var b record.PassageBody
			if r.Decode(&b) != nil || b.Temp == nil || b.Subject == record.SubjectVehicle {
				continue
			}
			base.Badge, base.Ident, base.Name, base.Temp, base.Subject = b.Badge, b.Ident, b.Name, *b.Temp, b.Subject
			if i, ok := firstReading(out, b.First); ok && b.Recheck != nil {
				// The first reading is already out, saved on its own as a
				// pending fever: only the recheck is new, and it is about
				// the person that reading named, so it closes that case.
				base.Badge, base.Ident, base.Name = out[i].Badge, out[i].Ident, out[i].Name
				base.Temp, base.Recheck = *b.Recheck, true
				out = append(out, base)
				continue
			}
			out = append(out, base)
			if b.Recheck != nil {
				base.Temp, base.Recheck = *b.Recheck, true
				out = append(out, base)
			}
		case record.StandbyCheckin:
			var b record.StandbyCheckinBody
			if r.Decode(&b) != nil || b.Temp <= 0 {
				continue
			}
			base.Badge, base.Name, base.Temp = b.Badge, b.Name, b.Temp
			out = append(out, base)
		case record.KitchenCheck:
			// A cook's morning check takes a temperature too: it screens
			// the cook, and a fever there is a first reading awaiting its
			// recheck like any other (it was seen by nothing but gate 5: a
			// cook at 38.2 left the 日报 a zero report).
			var b record.KitchenCheckBody
			if r.Decode(&b) != nil || b.Temp <= 0 || b.Badge == "" {
				continue
			}
			base.Badge, base.Temp = b.Badge, b.Temp
			out = append(out, base)
		}
	}
	return out
}

// firstReading finds the reading a passage's First names among those
// already extracted; a voided or unknown one is not found, and the passage
// then gives both its readings as it would without First.
func firstReading(rs []Reading, id string) (int, bool) {
	if id == "" {
		return 0, false
	}
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].ID == id && rs[i].Kind == record.Temperature {
			return i, true
		}
	}
	return 0, false
}

// FeverStatus is where a fever stands after its recheck.
type FeverStatus string

// Fever statuses. A first reading at or above the threshold is not trusted
// on its own (§6): it waits for a recheck, which confirms or clears it.
const (
	FeverPending   FeverStatus = "pending"   // no recheck yet
	FeverConfirmed FeverStatus = "confirmed" // the recheck is a fever too
	FeverCleared   FeverStatus = "cleared"   // the recheck is normal
)

// FeverCase is one fever reading and what its recheck said.
type FeverCase struct {
	Badge string
	Ident string // identity registry reference of someone without a badge
	Name  string
	Group string // roster unit, when known
	// Subject is what the guard chose the person as at a passage of the
	// case (its first reading or its recheck), "" when none was one.
	Subject   record.Subject
	Gate      int
	At        time.Time
	Temp      record.Tenths
	Recheck   *record.Tenths
	RecheckAt time.Time
	Status    FeverStatus
	ReadingID string // the record of the first reading
}

// Fevers follows each person's readings in order: a fever reading opens a
// case; the person's next reading, whatever its source, is its recheck. A
// reading above the threshold while no case is open opens a new one, so a
// second fever later in the day is a second case.
func Fevers(rs []Reading, threshold record.Tenths) []FeverCase {
	var out []FeverCase
	open := map[string]int{} // key → index of its pending case
	for _, r := range rs {
		k := r.key()
		if i, ok := open[k]; ok {
			t := r.Temp
			out[i].Recheck, out[i].RecheckAt = &t, r.At
			if out[i].Subject == "" {
				out[i].Subject = r.Subject
			}
			out[i].Status = FeverCleared
			if IsFever(t, threshold) {
				out[i].Status = FeverConfirmed
			}
			delete(open, k)
			continue
		}
		if !IsFever(r.Temp, threshold) {
			continue
		}
		open[k] = len(out)
		out = append(out, FeverCase{
			Badge: r.Badge, Ident: r.Ident, Name: r.Name, Group: r.Group, Subject: r.Subject, Gate: r.Gate,
			At: r.At, Temp: r.Temp, Status: FeverPending, ReadingID: r.ID,
		})
	}
	return out
}

// Screened is one person who should be screened today and how they stand.
type Screened struct {
	Person   Person
	Last     *Reading    // the latest reading today, nil when not screened
	Readings int         // how many readings today
	Fever    FeverStatus // of the person's latest fever case today, "" when none
	// Home is a staff member working from home today: screened by phone
	// (the roll-call's last group), not in a unit's group.
	Home bool
}

// Checked reports whether the person has a reading today.
func (s Screened) Checked() bool { return s.Last != nil }

// Coverage is how many of a set of people have been screened.
type Coverage struct {
	Expected int `json:"expected"`
	Checked  int `json:"checked"`
}

// Unchecked is Expected − Checked.
func (c Coverage) Unchecked() int { return c.Expected - c.Checked }

// Percent is the coverage in whole per cent, rounded down so that 99.6 % is
// never shown as 100 % while someone is still missing.
func (c Coverage) Percent() int {
	if c.Expected == 0 {
		return 100
	}
	return c.Checked * 100 / c.Expected
}

func (c *Coverage) add(checked bool) {
	c.Expected++
	if checked {
		c.Checked++
	}
}

// Screening is the day's screening: everyone who should be screened, in
// roster order — the staff working from home among them, who report by
// phone (§11: every staff member's health daily) — those staff again on
// their own, and the fevers.
type Screening struct {
	People   []Screened
	WFH      []Person
	Fevers   []FeverCase
	Readings int
	index    map[string]int // badge → index in People
}

// ScreenInput is what Screen needs.
type ScreenInput struct {
	People     []Person         // the roster, in the order lists should show it
	Attendance map[string]Entry // today's on-site/WFH list (AttendanceOf), may be nil
	Readings   []Reading        // the day's readings, in record order
	Fever      record.Tenths    // threshold
	// From is the start of the day screened: a detainee admitted after it
	// (Person.Since) is first expected the next day, the check at the main
	// gate being their reading for the day they arrive. Zero: no such check.
	From time.Time
}

// ExpectedToday reports whether a person should have a temperature taken
// today: every active person. Staff working from home are no exception
// (§11): their reading and the symptoms answer are taken by phone.
func ExpectedToday(p Person) bool { return p.Active }

// AtHome reports whether an active staff member works from home today, and
// so is screened by phone rather than at a post. Today's attendance list
// decides for the people it names; otherwise a work-from-home assignment
// on the roster does.
func AtHome(p Person, att map[string]Entry) bool {
	if !p.Active || p.Kind != Staff {
		return false
	}
	if e, ok := att[p.Badge]; ok {
		return e.Status == record.WFH
	}
	return p.Assignment == AssignWFH
}

// Screen folds the day's readings into who has been screened. A reading is
// matched to the roster by badge (post writes the roster's badge whatever
// the guard typed, a resident ID number at gate 1 included), so a staff
// member who came in through the main gate with a temperature is screened
// without a roll-call, and one working from home by the reading they gave
// by phone.
func Screen(in ScreenInput) Screening {
	s := Screening{index: map[string]int{}, Readings: len(in.Readings), Fevers: Fevers(in.Readings, in.Fever)}
	for _, p := range in.People {
		if !in.From.IsZero() && p.Since.After(in.From) {
			continue // admitted during the day: screened from the next
		}
		if !ExpectedToday(p) {
			continue
		}
		home := AtHome(p, in.Attendance)
		if home {
			s.WFH = append(s.WFH, p)
		}
		s.index[p.Badge] = len(s.People)
		s.People = append(s.People, Screened{Person: p, Home: home})
	}
	// Records name rostered people by badge (post fills it from the roster
	// whatever was typed); an identity reference is never someone on it.
	find := func(badge string) (int, bool) {
		i, ok := s.index[badge]
		return i, ok && badge != ""
	}
	for i := range in.Readings {
		r := &in.Readings[i]
		if j, ok := find(r.Badge); ok {
			s.People[j].Last = r
			s.People[j].Readings++
		}
	}
	for i := range s.Fevers {
		f := &s.Fevers[i]
		if j, ok := find(f.Badge); ok {
			s.People[j].Fever = f.Status
			if f.Group == "" {
				f.Group = s.People[j].Person.Unit
			}
		}
	}
	return s
}

// Index returns the position of a badge in People, or -1.
func (s Screening) Index(badge string) int {
	if i, ok := s.index[badge]; ok {
		return i
	}
	return -1
}

// NeedsRecheck reports whether the person's last fever reading today still
// waits for its recheck: their next reading is the recheck.
func (s Screening) NeedsRecheck(badge string) bool {
	i := s.Index(badge)
	return i >= 0 && s.People[i].Fever == FeverPending
}

// Coverage counts the screened among the people of a kind ("" for all),
// the staff working from home included.
func (s Screening) Coverage(kind PersonKind) Coverage {
	var c Coverage
	for _, p := range s.People {
		if kind == "" || p.Person.Kind == kind {
			c.add(p.Checked())
		}
	}
	return c
}

// HomeCoverage counts the staff working from home who have reported by
// phone (or been read anywhere else) today.
func (s Screening) HomeCoverage() Coverage {
	var c Coverage
	for _, p := range s.People {
		if p.Home {
			c.add(p.Checked())
		}
	}
	return c
}

// Unchecked lists the people not yet screened, in roster order.
func (s Screening) Unchecked() []Person {
	var out []Person
	for _, p := range s.People {
		if !p.Checked() {
			out = append(out, p.Person)
		}
	}
	return out
}

// Group is a roll-call group: the staff of a unit, the detainees of a unit,
// or the detainees of a dormitory. A detainee's roster unit reads
// "一大队/宿舍1": the unit is the part before "/", the dormitory the whole.
type Group struct {
	Key     string // stable: kind + "|" + unit or dormitory
	Kind    PersonKind
	Unit    string // the unit, or the dormitory for a dormitory group
	Dorm    bool
	Members []int // indexes into Screening.People, in roster order
	Coverage
}

// UnitOf splits a roster unit into the unit and the dormitory ("" when the
// unit names none).
func UnitOf(u string) (unit, dorm string) {
	if i := strings.Index(u, "/"); i >= 0 {
		return u[:i], u
	}
	return u, ""
}

// Groups returns the roll-call groups: the detainees first, then the staff
// at the posts (those working from home are the phone group, not here);
// within a kind, units in the order of their first badge (badges are issued
// unit by unit, so 一大队 comes before 二大队, which sorting the names by
// code point would not give), each unit followed by its dormitories.
func (s Screening) Groups() []Group {
	var order []string
	byKey := map[string]*Group{}
	first := map[string]string{} // unit key → smallest badge in the unit
	add := func(kind PersonKind, unit string, dorm bool, i int) {
		k := string(kind) + "|" + unit
		g, ok := byKey[k]
		if !ok {
			g = &Group{Key: k, Kind: kind, Unit: unit, Dorm: dorm}
			byKey[k] = g
			order = append(order, k)
		}
		g.Members = append(g.Members, i)
		g.add(s.People[i].Checked())
	}
	for i, p := range s.People {
		if p.Home {
			continue
		}
		unit, dorm := UnitOf(p.Person.Unit)
		add(p.Person.Kind, unit, false, i)
		if dorm != "" {
			add(p.Person.Kind, dorm, true, i)
		}
		for _, k := range []string{string(p.Person.Kind) + "|" + unit, string(p.Person.Kind) + "|" + dorm} {
			if b, ok := first[k]; !ok || p.Person.Badge < b {
				first[k] = p.Person.Badge
			}
		}
	}
	rank := func(g Group) int {
		if g.Kind == Detainee {
			return 0
		}
		return 1
	}
	unitKey := func(g Group) string {
		u, _ := UnitOf(g.Unit)
		return string(g.Kind) + "|" + u
	}
	out := make([]Group, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		if ua, ub := unitKey(a), unitKey(b); ua != ub {
			if fa, fb := first[ua], first[ub]; fa != fb {
				return fa < fb
			}
			return ua < ub
		}
		// The same unit: the unit's own group first, then its dormitories
		// by their first badge.
		if a.Dorm != b.Dorm {
			return !a.Dorm
		}
		if fa, fb := first[a.Key], first[b.Key]; fa != fb {
			return fa < fb
		}
		return a.Unit < b.Unit
	})
	return out
}

// Zone is an area that must be disinfected every day (§3), one per gate's
// zone. It is stored as this code in a disinfection record, so the report
// can tell zones apart whatever the terminal's language.
type Zone string

// The zones, one per gate.
const (
	ZoneMainGate Zone = "main_gate" // gate 1: gatehouse, inspection lane, vehicle lane
	ZoneCustody  Zone = "custody"   // gate 2: custody zone, dormitories, supply store
	ZoneStandby  Zone = "standby"   // gate 3: standby quarters
	ZoneOffice   Zone = "office"    // gate 4: offices
	ZoneKitchen  Zone = "kitchen"   // gate 5: kitchen and canteen
)

// Zones lists the zones in gate order.
var Zones = []Zone{ZoneMainGate, ZoneCustody, ZoneStandby, ZoneOffice, ZoneKitchen}

// Gate is the gate whose zone z is.
func (z Zone) Gate() int { return slices.Index(Zones, z) + 1 }

// AgentPreset is a common disinfectant for the daily disinfection log,
// offered so the guard picks rather than types; the form keeps every field
// editable. Agent names are in the UI's catalogue under "dm.agent.<Name>".
type AgentPreset struct {
	Name          string
	Method        record.DisinfectMethod
	Concentration string
	ContactMin    int
}

// ZoneAgents are the disinfectants of the prevention guidelines for
// surfaces and rooms: chlorine-based at 500 mg/L effective chlorine (1000
// mg/L where a case was found), 75 % alcohol for small surfaces, peracetic
// acid spray, an ultraviolet lamp for rooms without people.
var ZoneAgents = []AgentPreset{
	{Name: "chlorine", Method: record.MethodSpray, Concentration: "500 mg/L", ContactMin: 30},
	{Name: "chlorine_high", Method: record.MethodSpray, Concentration: "1000 mg/L", ContactMin: 30},
	{Name: "alcohol", Method: record.MethodWipe, Concentration: "75%", ContactMin: 3},
	{Name: "peracetic", Method: record.MethodSpray, Concentration: "0.2%", ContactMin: 30},
	{Name: "uv", Method: record.MethodUV, ContactMin: 30},
}

// ZoneDone is one zone's disinfection today.
type ZoneDone struct {
	Zone   Zone
	Done   bool
	Times  int
	Areas  []string // distinct areas, in order of first disinfection
	LastAt time.Time
	Last   *record.DisinfectionBody
}

// Disinfected folds the day's disinfection records into each zone's state,
// in Zones order. A record naming a zone not in Zones is not counted: the
// form only offers these.
func Disinfected(recs []DayRecord) []ZoneDone {
	out := make([]ZoneDone, len(Zones))
	for i, z := range Zones {
		out[i] = ZoneDone{Zone: z, Areas: []string{}}
	}
	for _, r := range recs {
		if r.Voided || r.Kind != record.Disinfection {
			continue
		}
		var b record.DisinfectionBody
		if r.Decode(&b) != nil {
			continue
		}
		i := Zone(b.Zone).Gate() - 1
		if i < 0 {
			continue
		}
		z := &out[i]
		z.Done = true
		z.Times++
		body := b
		z.Last, z.LastAt = &body, r.At
		if a := strings.TrimSpace(b.Area); a != "" && !slices.Contains(z.Areas, a) {
			z.Areas = append(z.Areas, a)
		}
	}
	return out
}

// CodeClockFormat is the input error of a clock time that is not one.
const CodeClockFormat = "clock.format"

// ParseClock reads a time of day as guards type it — "9:05", "09:05",
// "0905", "9.05", full-width "９：０５" — and returns that time on the local
// day of ref, in ref's zone. It returns an *InputError with code
// clock.format otherwise.
func ParseClock(s string, ref time.Time) (time.Time, error) {
	t := strings.TrimSpace(fold(s))
	t = strings.NewReplacer(".", ":", "：", ":", "h", ":", "H", ":").Replace(t)
	var hh, mm string
	switch {
	case strings.Count(t, ":") == 1:
		hh, mm, _ = strings.Cut(t, ":")
	case len(t) == 3 || len(t) == 4:
		hh, mm = t[:len(t)-2], t[len(t)-2:]
	default:
		return time.Time{}, inputErr(CodeClockFormat, s)
	}
	h, okH := smallInt(hh, 23)
	m, okM := smallInt(mm, 59)
	if !okH || !okM || len(mm) != 2 {
		return time.Time{}, inputErr(CodeClockFormat, s)
	}
	y, mo, d := ref.Date()
	return time.Date(y, mo, d, h, m, 0, 0, ref.Location()), nil
}

func smallInt(s string, maxV int) (int, bool) {
	if s == "" || len(s) > 2 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, n <= maxV
}
