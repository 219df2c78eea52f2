package demo

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/google/uuid"

	"gatepost/config"
	"gatepost/gate"
	"gatepost/identity"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// Options tune Generate.
type Options struct {
	// Records is how many records to append.
	Records int
	// Seed makes the output deterministic: the same seed on the same
	// database state and Now gives the same records, ids and hashes.
	Seed uint64
	// Now is the end of the period the records are spread over; zero means
	// time.Now(). Its location is the terminal's time zone.
	Now time.Time
	// Days is the length of that period; 0 means 30 days, or fewer for a
	// small Records (about MinPerDay records a day at least), so every
	// generated day looks like a real one.
	Days int
	// Batch is how many records go into one transaction; 0 means 10,000.
	Batch int
	// Progress, if set, is called after each batch with the records so far.
	Progress func(done int)
}

// MinPerDay is the fewest records a generated day gets when Days is 0: the
// day's routines alone (two screenings of 300 detainees, the staff's, the
// change-overs, food, disinfection, the report) take about 750.
const MinPerDay = 850

// Stats describes what Generate appended.
type Stats struct {
	Records  int
	From, To time.Time // at of the first and last record appended
	Kinds    map[record.Kind]int
	Denied   int // passages denied
	Fevers   int // fever incidents
	FirstSeq int64
	LastSeq  int64
}

// ErrNoRoster is returned when the store has no staff to generate records for.
var ErrNoRoster = errors.New("no staff on the roster: set the demo up first")

// Generate appends opts.Records realistic records to st, every kind the
// console writes so far, as a centre under full lockdown (全封闭管理) makes
// them. It chooses at random what happens; the records are made by the
// console's own service (package post), so they are decided by the same
// rules and shaped by the same code as a guard's. Every staff crossing is
// decided on the person's closed-management status (§11), which the service
// reads from the store — the records written so far and the rotation plan
// Setup stored — so no crossing breaks a status rule:
//
//   - gate 1, a handful a day: a custody group entering on the first day of
//     its duty and leaving on the first of its rest, a standby pair arriving
//     and leaving, the supply truck, now and then a repair worker with a
//     pass, an inspection team let in by the duty supervisor, the escorted
//     detainee, someone on the work-from-home list let in for the day,
//     someone turned away; a fever's first reading saved at once, then its
//     recheck in the crossing, with the incident when it is confirmed;
//   - gate 2: officers on duty (or called up) in and out of the custody
//     zone, now and then an office member turned away; supplies received,
//     disinfected and stored after their contact time;
//   - gate 3: standby stints started and ended as the plan has them,
//     checked in daily (a fever rechecked like the main gate's), now and
//     then a call-up, which replans the person onto custody duty at once;
//   - gate 4: the daily on-site/work-from-home list (at most one change a
//     day, whose person crosses the main gate) and office crossings;
//   - gate 5: food deliveries inspected (a few rejected) and meal samples;
//   - gate 0: every dormitory screened at 07:00 and 15:00, every staff
//     member expected today once (those at rest report by phone), the daily
//     disinfection of every zone, and the day's report submitted by the
//     supervisor before 16:00;
//   - supervisor overrides of some denials, voids of a few wrong entries
//     (pointing at real earlier records), the clearance of each confirmed
//     fever a day or two later (the person keeps off the gates until
//     then), and shift.open/shift.close at 08:00 and 20:00 with a handover
//     note and the shift's summary.
//
// Fevers and slips are rare, so most days' reports are zero reports. The
// records follow a daily rhythm, are spread over the last opts.Days days in
// time order after any record already in st, and are appended in batches
// with store.AppendBatch: the generator is the service's Writer, taking each
// call's records into the batch whole (a passage and its incident are never
// split, so a step that would not fit in the total writes nothing), and
// commits the batch before a crossing whose person a record in it names.
func Generate(ctx context.Context, st *store.Store, opts Options) (Stats, error) {
	if opts.Records < 0 {
		return Stats{}, fmt.Errorf("records: %d is negative", opts.Records)
	}
	if opts.Batch <= 0 {
		opts.Batch = 10_000
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	g, err := newGen(ctx, st, opts)
	if err != nil || opts.Records == 0 {
		return Stats{Kinds: map[record.Kind]int{}}, err
	}
	for g.emitted < opts.Records {
		g.step()
		if g.err != nil {
			return g.stats, g.err
		}
		if len(g.batch) >= opts.Batch {
			if err := g.flush(ctx); err != nil {
				return g.stats, err
			}
		}
	}
	if err := g.flush(ctx); err != nil {
		return g.stats, err
	}
	return g.stats, nil
}

// ref points at a record already generated.
type ref struct {
	id   string
	seq  int64
	gate int
	kind record.Kind
	at   time.Time
}

// refOf is the ref of a record the service wrote.
func refOf(r record.Record) ref {
	return ref{id: r.ID, seq: r.Seq, gate: r.Gate, kind: r.Kind, at: r.At}
}

// scheduled is a record due at a time: a step of a lifecycle, a daily
// routine, an override.
type scheduled struct {
	at time.Time
	n  int // insertion order, to keep equal times stable
	fn func(t time.Time)
}

type shiftState struct {
	open   ref
	guard  gate.Guard
	period time.Time // 08:00 or 20:00 the shift started
}

type gen struct {
	// idents are the identity registry rows of the batch not yet written,
	// by identity.Fields.Key.
	idents map[string]identity.Row
	ctx    context.Context
	st     *store.Store
	svc    *post.Service
	sup    post.Authority // the duty supervisor, checked once
	now    time.Time      // the moment being generated: the service's clock
	err    error          // the first error a write met; Generate returns it
	opts   Options
	rng    *rand.Rand
	loc    *time.Location
	cfg    gate.Config
	slots  *slots

	people    []gate.Person
	staff     []gate.Person
	onSite    map[gate.Assignment][]gate.Person // active staff by assignment
	inactive  []gate.Person
	detainees []gate.Person
	passes    []gate.Pass
	guards    []gate.Guard
	super     gate.Guard
	names     *nameGen

	inside map[string]bool // gate + ":" + subject key → inside

	batch   []store.Draft
	nextSeq int64
	lastAt  time.Time
	emitted int
	inStep  int // records emitted by the current step
	shift   *shiftState
	recent  []ref // voidable records, newest last
	queue   []scheduled
	queued  int

	day        string                   // local date being generated
	stints     map[string]gate.Stint    // standby, by badge
	plan       map[string][]gate.Period // the rotation plan, by badge
	duty       []gate.Person            // on custody duty today (or called up)
	pool       []gate.Person            // scratch for onDuty
	present    map[string]bool          // on duty and inside the closed area
	screened   map[string]string        // badge → the last day a reading screened them
	feverDay   string                   // the day an officer's roll-call fever is confirmed
	feverish   string                   // that officer, during that roll-call
	dirty      map[string]bool          // badges named by records in the batch
	dirtyAll   bool                     // the batch holds an override or a void: anyone's status may change
	barred     map[string]bool          // a confirmed fever, not yet cleared: kept off the gates
	attendance map[string]record.AttendanceStatus
	listDay    string // day of the last attendance list set
	stats      Stats
	mv         *moves // admissions and releases (movements.go)
}

func newGen(ctx context.Context, st *store.Store, opts Options) (*gen, error) {
	loc := opts.Now.Location()
	lastSeq, err := st.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	g := &gen{idents: map[string]identity.Row{},
		ctx: ctx, st: st, opts: opts, loc: loc,
		rng:        rand.New(rand.NewPCG(opts.Seed, uint64(lastSeq)^0x9e3779b97f4a7c15)),
		onSite:     map[gate.Assignment][]gate.Person{},
		inside:     map[string]bool{},
		stints:     map[string]gate.Stint{},
		present:    map[string]bool{},
		screened:   map[string]string{},
		dirty:      map[string]bool{},
		barred:     map[string]bool{},
		attendance: map[string]record.AttendanceStatus{},
		stats:      Stats{Kinds: map[record.Kind]int{}, FirstSeq: lastSeq + 1, LastSeq: lastSeq},
		nextSeq:    lastSeq + 1,
	}
	g.names = newNameGen(g.rng)
	if v, err := st.Setting(ctx, config.KeyFever); err == nil && v != "" {
		if t, err := config.ParseFever(v); err == nil {
			g.cfg.Fever = t
		}
	}
	if g.people, err = st.People(ctx, ""); err != nil {
		return nil, err
	}
	mvRows, err := st.KindRows(ctx, store.KindQuery{Kinds: []record.Kind{record.Admission, record.Release}})
	if err != nil {
		return nil, err
	}
	g.detainees = presentDetainees(g.people, mvRows, opts.Now)
	g.mv = newMoves(opts.Seed, gate.RosterAsOf(g.people, store.DayRecords(mvRows), opts.Now))
	for _, p := range g.people {
		switch {
		case p.Kind == gate.Detainee:
		case !p.Active:
			g.inactive = append(g.inactive, p)
		default:
			g.staff = append(g.staff, p)
			g.onSite[p.Assignment] = append(g.onSite[p.Assignment], p)
		}
	}
	if len(g.staff) == 0 {
		return nil, ErrNoRoster
	}
	for _, k := range []struct{ badge, id, plate string }{
		{"", RepairID, ""}, {"", DriverID, SupplyPlate}, {EscortBadge, "", ""}, {"", DoctorID, ""},
	} {
		ps, err := st.FindPasses(ctx, k.badge, k.id, k.plate)
		if err != nil {
			return nil, err
		}
		g.passes = append(g.passes, ps...)
	}
	gs, err := st.Guards(ctx)
	if err != nil {
		return nil, err
	}
	for _, gd := range gs {
		switch gd.Role {
		case gate.RoleGuard:
			g.guards = append(g.guards, gd)
		case gate.RoleSupervisor:
			if g.super.Badge == "" {
				g.super = gd
			}
		}
	}
	if len(g.guards) == 0 {
		g.guards = []gate.Guard{Logins[0].Guard}
	}
	if g.super.Badge == "" {
		g.super = Logins[len(Logins)-1].Guard
	}
	// Health details draw from a source of their own, so that the main
	// one (and with it every record after the first phone reading) is as
	// it was before they left the records.
	hrand := rngReader{rand.New(rand.NewPCG(g.opts.Seed, uint64(lastSeq)^0x6865616c7468))}
	g.svc = post.New(st, post.Options{Clock: g.clock, Config: g.cfg, Writer: g, NewID: g.newID, HealthRand: hrand})
	if err := g.authorise(ctx); err != nil {
		return nil, err
	}

	days := opts.Days
	if days <= 0 {
		days = min(30, max(1, (opts.Records+MinPerDay-1)/MinPerDay))
	}
	end := opts.Now
	start := end.AddDate(0, 0, -days)
	if lastSeq > 0 {
		if err := g.resume(ctx, lastSeq); err != nil {
			return nil, err
		}
		if g.lastAt.After(start) {
			start = g.lastAt
		}
		if !end.After(start) {
			end = start.Add(time.Minute)
		}
	}
	if span := int(end.Sub(start).Hours() / 24); span >= 3 {
		// One day of the period, past its first third, an officer's
		// morning reading is a fever, confirmed by the recheck: the demo
		// shows a bar and its clearance whatever else chance brings.
		g.feverDay = store.Day(start.In(loc).AddDate(0, 0, span/3+g.rng.IntN(span/3+1)))
	}
	if err := g.loadPlan(start.In(loc), end.In(loc)); err != nil {
		return nil, err
	}
	if g.day != "" {
		// Resumed within a day the last run planned: who is on duty.
		for _, p := range g.staff {
			if per := g.periodOn(p.Badge, g.day); per != nil && per.Kind == gate.PeriodCustody {
				g.duty = append(g.duty, p)
				g.present[p.Badge] = true
			}
		}
	}
	g.slots = newSlots(g.rng, start.In(loc), end.In(loc), opts.Records)
	return g, nil
}

// resume picks up where the records already in the store leave off: the
// time of the newest, a shift left open, the standby stints running, the
// day's attendance list and supplies not yet stored.
func (g *gen) resume(ctx context.Context, lastSeq int64) error {
	var last record.Record
	if err := g.st.Each(ctx, lastSeq-1, func(r record.Record) error { last = r; return nil }); err != nil {
		return err
	}
	g.lastAt = last.At.In(g.loc)
	day := store.Day(g.lastAt)
	g.day = day // today's routines were planned by the run that wrote them

	rows, err := g.st.DayRows(ctx, HomeGate, day, record.ShiftOpen, record.ShiftClose)
	if err != nil {
		return err
	}
	if n := len(rows); n > 0 && rows[n-1].Kind == record.ShiftOpen {
		r := rows[n-1]
		var b record.ShiftOpenBody
		_ = r.Decode(&b)
		g.shift = &shiftState{
			open:   ref{id: r.ID, seq: r.Seq, gate: r.Gate, at: r.At},
			guard:  gate.Guard{Badge: r.Guard, Name: b.Name, Role: gate.RoleGuard},
			period: shiftPeriod(r.At.In(g.loc)),
		}
	}

	// Every stint still running, however long ago it started, and the
	// supplies of the last two days: one kind-indexed read each.
	standby, err := g.st.StandbyRows(ctx)
	if err != nil {
		return err
	}
	supplies, err := g.st.KindRows(ctx, store.KindQuery{
		Kinds: []record.Kind{record.SupplyReceived, record.SupplyDisinfected, record.SupplyStored},
		From:  store.Day(g.lastAt.AddDate(0, 0, -1)),
	})
	if err != nil {
		return err
	}
	g.stints = gate.StandbyNow(store.Events(standby))
	for _, s := range gate.Supplies(store.Events(supplies)) {
		if s.Stored == nil {
			g.finishSupply(s, g.lastAt)
		}
	}
	// Fevers not yet cleared: the person stays off the gates, and the
	// clearance the last run had planned is planned again.
	fevers, err := g.st.KindRows(ctx, store.KindQuery{Kinds: []record.Kind{record.Incident, record.Clearance},
		From: store.Day(g.lastAt.AddDate(0, 0, -7))})
	if err != nil {
		return err
	}
	barredAt := map[string]time.Time{}
	for _, r := range fevers {
		var b struct {
			Type    string `json:"type"`
			Badge   string `json:"badge"`
			Subject string `json:"subject"`
		}
		if r.Voided || r.Decode(&b) != nil || b.Badge == "" {
			continue
		}
		switch {
		case r.Kind == record.Incident && b.Type == gate.IncidentFever:
			barredAt[b.Badge] = r.At
		case r.Kind == record.Clearance && b.Subject == gate.ClearFever:
			delete(barredAt, b.Badge)
		}
	}
	for _, badge := range slices.Sorted(maps.Keys(barredAt)) {
		g.fevered(maxTime(barredAt[badge], g.lastAt), post.Saved{Incident: post.IncidentFever, Who: post.Who{Badge: badge}})
	}
	rows, err = g.st.DayRows(ctx, 4, day, record.Attendance)
	if err != nil {
		return err
	}
	for _, e := range gate.AttendanceOf(store.Events(rows)) {
		g.attendance[e.Badge] = e.Status
		g.listDay = day
	}
	return nil
}

// Identify is the service's identity registry for the generator: the rows
// of the batch not yet written first (a visitor's exit in the same batch as
// the entry names the same row), then the store's; a new row draws its
// reference and salt from the generator's random source, so the same seed
// gives the same records.
func (g *gen) Identify(ctx context.Context, cat identity.Category, f identity.Fields, day string) (identity.Row, string, error) {
	key := f.Identifying().Key()
	if r, ok := g.idents[key]; ok {
		if day > r.LastSeen {
			r.LastSeen = day
		}
		return r, r.Commitment(), nil
	}
	r, ok, err := g.st.FindIdentity(ctx, f, day)
	if err != nil || ok {
		return r, r.Commitment(), err
	}
	return identity.NewFrom(rngReader{g.rng}, cat, f, day)
}

// rngReader reads bytes from the generator's random source.
type rngReader struct{ r *rand.Rand }

func (r rngReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r.r.Uint32())
	}
	return len(p), nil
}

func (g *gen) flush(ctx context.Context) error {
	if len(g.batch) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	rs, err := g.st.AppendBatch(ctx, g.batch)
	if err != nil {
		return err
	}
	want := g.nextSeq - int64(len(g.batch))
	if rs[0].Seq != want {
		return fmt.Errorf("another program wrote to the terminal while generating (seq %d, expected %d): voids may point at wrong seqs", rs[0].Seq, want)
	}
	g.stats.LastSeq = rs[len(rs)-1].Seq
	g.batch = g.batch[:0]
	clear(g.idents)
	clear(g.dirty)
	g.dirtyAll = false
	if g.opts.Progress != nil {
		g.opts.Progress(g.emitted)
	}
	return nil
}

// newID makes a UUIDv7 for time at from the generator's random source, so
// ids are deterministic given the seed.
func (g *gen) newID(at time.Time) string {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[0:8], uint64(at.UnixMilli())<<16)
	binary.BigEndian.PutUint64(u[8:16], g.rng.Uint64())
	r := g.rng.Uint32()
	u[6] = 0x70 | byte(r>>8)&0x0f
	u[7] = byte(r)
	u[8] = 0x80 | u[8]&0x3f
	return u.String()
}

// errFull is the generator's answer to a write that would go past
// opts.Records: nothing of it is taken.
var errFull = errors.New("demo: the records asked for are all generated")

// AppendBatch takes one service call's records into the batch (the
// generator is the service's Writer). Every record after the first in a
// step takes the place of the next slot, so the total is exactly
// opts.Records and the daily rhythm holds. A call whose records do not all
// fit takes none: a passage is never written without its incident. The
// records it returns carry the seq they will have when the batch is
// committed, which the generator checks then.
func (g *gen) AppendBatch(_ context.Context, ds []store.Draft) ([]record.Record, error) {
	if len(ds) > g.left() {
		return nil, errFull
	}
	out := make([]record.Record, len(ds))
	for i, d := range ds {
		if g.inStep > 0 {
			g.slots.next()
		}
		g.inStep++
		g.batch = append(g.batch, d)
		for _, r := range d.Identities {
			g.idents[r.Fields.Identifying().Key()] = r
		}
		g.touch(d)
		out[i] = record.Record{ID: d.ID, Seq: g.nextSeq, Kind: d.Kind, Gate: d.Gate, Guard: d.Guard, At: d.At}
		g.nextSeq++
		g.lastAt = d.At
		g.emitted++
		g.stats.Records++
		g.stats.Kinds[d.Kind]++
		if g.stats.From.IsZero() {
			g.stats.From = d.At
		}
		g.stats.To = d.At
		switch b := d.Body.(type) {
		case record.PassageBody:
			if !b.Allowed {
				g.stats.Denied++
			}
		case record.IncidentBody:
			if b.Type == post.IncidentFever {
				g.stats.Fevers++
			}
		}
	}
	return out, nil
}

// clock is the service's clock: the moment being generated, never before
// the last record (records go forward in time).
func (g *gen) clock() time.Time {
	if g.now.Before(g.lastAt) {
		return g.lastAt
	}
	return g.now
}

// guard is the guard on duty, who writes every record.
func (g *gen) guard() gate.Guard {
	if g.shift != nil {
		return g.shift.guard
	}
	return g.guards[0]
}

// authorise checks the duty supervisor once with the demo PIN, as the
// supervisor's dialog would; a supervisor the demo has no PIN for (a
// roster changed by hand) is taken as signed in.
func (g *gen) authorise(ctx context.Context) error {
	for _, l := range Logins {
		if l.Guard.Badge == g.super.Badge {
			sup, err := g.svc.Authorise(ctx, post.Credentials{Badge: l.Guard.Badge, PIN: l.PIN})
			if err == nil {
				g.sup = sup
				return nil
			}
		}
	}
	sup, err := post.SignedInSupervisor(g.super)
	g.sup = sup
	return err
}

// saved reports whether a service call wrote; an error other than a
// refusal by the rules or a full total stops Generate.
func (g *gen) saved(err error) bool {
	var re *post.RefusedError
	switch {
	case err == nil:
		return true
	case errors.Is(err, errFull), errors.As(err, &re):
	case g.err == nil:
		g.err = err
	}
	return false
}

// save decides and saves one plan at time t, on the guard on duty.
func (g *gen) save(t time.Time, decide func() (post.Plan, error)) (post.Plan, post.Saved, bool) {
	g.now = t
	p, err := decide()
	if !g.saved(err) {
		return p, post.Saved{}, false
	}
	v, err := g.svc.Save(g.ctx, g.guard(), p)
	return p, v, g.saved(err)
}

func (g *gen) left() int { return g.opts.Records - g.emitted }

// at schedules fn at time t.
func (g *gen) at(t time.Time, fn func(time.Time)) {
	g.queued++
	s := scheduled{at: t, n: g.queued, fn: fn}
	i := sort.Search(len(g.queue), func(i int) bool {
		q := g.queue[i]
		return q.at.After(t) || (q.at.Equal(t) && q.n > s.n)
	})
	g.queue = append(g.queue, scheduled{})
	copy(g.queue[i+1:], g.queue[i:])
	g.queue[i] = s
}

// step generates the records of one moment: a shift change if one is due,
// else a scheduled record that is due, else one event drawn by the hour.
func (g *gen) step() {
	g.inStep = 0
	t := g.slots.next()
	if g.changeShift(t) {
		return
	}
	if d := store.Day(t); d != g.day {
		g.day = d
		g.planDay(t)
	}
	if len(g.queue) > 0 && !g.queue[0].at.After(t) {
		s := g.queue[0]
		g.queue = g.queue[1:]
		s.fn(t)
		if g.inStep > 0 {
			return
		}
	}
	h := t.Hour()
	day := func(from, to int, w, otherwise float64) float64 {
		if h >= from && h < to {
			return w
		}
		return otherwise
	}
	// Under lockdown the moments between the day's routines are crossings
	// inside: the custody-zone entrance and the office.
	events := []struct {
		w  float64
		fn func(time.Time)
	}{
		{40, g.custodyGate},
		{day(7, 20, 25, 1), g.officeGate},
		{0.01, g.standbyContact},
		{0.3, g.void},
	}
	total := 0.0
	for _, e := range events {
		total += e.w
	}
	x := g.rng.Float64() * total
	for _, e := range events {
		if x < e.w {
			e.fn(t)
			break
		}
		x -= e.w
	}
	if g.inStep == 0 { // the event came to nothing (nobody to pick): keep the slot busy
		g.custodyGate(t)
	}
	if g.inStep == 0 {
		g.spotCheck(t)
	}
}

// shiftPeriod is the start of the 12-hour shift t falls in: 08:00 or 20:00.
func shiftPeriod(t time.Time) time.Time {
	y, m, d := t.Date()
	switch h := t.Hour(); {
	case h >= 20:
		return time.Date(y, m, d, 20, 0, 0, 0, t.Location())
	case h >= 8:
		return time.Date(y, m, d, 8, 0, 0, 0, t.Location())
	}
	return time.Date(y, m, d-1, 20, 0, 0, 0, t.Location())
}

var handovers = []string{
	"本班无异常，门岗已按时消毒。",
	"物资车按时到达，已登记放行；门岗消毒完成。",
	"外来车辆一辆劝离，已报带班领导。",
	"夜间无异常，巡查两次。",
	"发热人员已按流程复测并上报，其余无异常。",
	"测温枪电池已更换，备用电池放在抽屉。",
	"今日无异常。",
}

// changeShift closes the open shift and opens the next one when t is in a
// later shift (or none is open); it reports whether it wrote anything.
func (g *gen) changeShift(t time.Time) bool {
	p := shiftPeriod(t)
	if g.shift != nil && g.shift.period.Equal(p) {
		return false
	}
	first := g.shift == nil
	if !first {
		end := g.shift.period.Add(12 * time.Hour)
		if end.After(t) {
			end = t
		}
		// The summary is computed from the shift's records: they must be
		// in the store.
		if err := g.flush(g.ctx); err != nil && g.err == nil {
			g.err = err
		}
		g.now = end.Add(-time.Duration(g.rng.IntN(240)) * time.Second)
		_, err := g.svc.CloseShift(g.ctx, g.guard(), post.CloseShiftInput{
			Open: post.ShiftRef{ID: g.shift.open.id, Seq: g.shift.open.seq}, Handover: handovers[g.rng.IntN(len(handovers))],
		})
		g.saved(err)
	}
	// Day shifts alternate between the first two guards, nights between the others.
	n := int(p.Unix() / 86400)
	i := n % 2
	if p.Hour() == 20 && len(g.guards) > 2 {
		i = 2 + n%(len(g.guards)-2)
	}
	guard := g.guards[i%len(g.guards)]
	at := p.Add(time.Duration(g.rng.IntN(300)) * time.Second)
	if at.After(t) || first { // the first shift opens with the first record
		at = t
	}
	g.shift = &shiftState{guard: guard, period: p}
	g.now = at
	v, err := g.svc.OpenShift(g.ctx, guard)
	if g.saved(err) {
		g.shift.open = refOf(v.Main())
	}
	return true
}

// temp is a normal forehead reading.
func (g *gen) temp() record.Tenths {
	v := 365 + int(math.Round(g.rng.NormFloat64()*2.5))
	return record.Tenths(min(max(v, 358), 371))
}

func (g *gen) feverTemp() record.Tenths { return record.Tenths(374 + g.rng.IntN(14)) }

func tp(t record.Tenths) *record.Tenths { return &t }

func (g *gen) pick(ps []gate.Person) gate.Person { return ps[g.rng.IntN(len(ps))] }

var clearReasons = []string{"发热门诊排除新冠肺炎，体温已恢复正常", "核酸检测阴性，经医务室复查可返岗"}

// fevered follows up what a save wrote: a confirmed fever bars the person
// (§11) from the gates until the supervisor records a clearance, a day or
// two later, after the fever clinic or a negative nucleic-acid test.
func (g *gen) fevered(t time.Time, v post.Saved) {
	badge := v.Who.Badge
	if v.Incident != post.IncidentFever || badge == "" || g.barred[badge] {
		return
	}
	g.barred[badge] = true
	g.replace(t, badge)
	result := record.ResultFeverClinic
	if g.rng.IntN(2) == 0 {
		result = record.ResultNATNegative
	}
	reason := clearReasons[g.rng.IntN(len(clearReasons))]
	g.at(t.Add(g.minutes(24*60, 24*60)), func(t time.Time) {
		g.now = t
		_, err := g.svc.Clear(g.ctx, g.guard(), g.sup, post.ClearanceInput{Badge: badge, Subject: gate.ClearFever, Result: result,
			ResultAt: t.Add(-2 * time.Hour), Reason: reason})
		if g.saved(err) {
			delete(g.barred, badge)
		}
	})
}

// minutes is d minutes plus up to jitter more.
func (g *gen) minutes(d, jitter int) time.Duration {
	return time.Duration(d)*time.Minute + time.Duration(g.rng.IntN(jitter*60+1))*time.Second
}

// remember keeps a record a supervisor may later void.
func (g *gen) remember(r ref) {
	if r.id == "" {
		return
	}
	g.recent = append(g.recent, r)
	if len(g.recent) > 64 {
		g.recent = g.recent[len(g.recent)-64:]
	}
}

// overrideLater has the supervisor admit a denial a few minutes later,
// from the log.
func (g *gen) overrideLater(t time.Time, target ref, body record.PassageBody, reason string) {
	if target.id == "" {
		return
	}
	raw, err := record.EncodeBody(body)
	if err != nil {
		g.err = err
		return
	}
	g.at(t.Add(g.minutes(2, 5)), func(t time.Time) {
		g.now = t
		_, err := g.svc.OverrideSaved(g.ctx, g.guard(), post.Target{ID: target.id, Seq: target.seq, Gate: target.gate,
			Kind: target.kind, Body: raw}, g.sup, reason)
		g.saved(err)
	})
}

var voidReasons = []string{"方向选错，作废重录", "重复登记", "体温录错", "人员选错", "误操作"}

// void has the supervisor cancel a recent entry, at its gate.
func (g *gen) void(t time.Time) {
	if len(g.recent) == 0 {
		g.custodyGate(t)
		return
	}
	i := len(g.recent) - 1 - g.rng.IntN(min(len(g.recent), 8))
	r := g.recent[i]
	g.recent = append(g.recent[:i], g.recent[i+1:]...)
	g.now = t
	_, err := g.svc.Void(g.ctx, g.guard(), post.Target{ID: r.id, Seq: r.seq, Gate: r.gate, Kind: r.kind}, g.sup,
		voidReasons[g.rng.IntN(len(voidReasons))])
	g.saved(err)
}
