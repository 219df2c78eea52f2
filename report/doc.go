package report

import (
	"fmt"
	"regexp"
	"strings"

	"gatepost/gate"
	"gatepost/i18n"
	"gatepost/record"
)

// The report as a 公文 (§13, GB/T 9704 as a guide): title and date, 主送,
// the opening line, 一、疫情防控 (headline figures, screening, disinfection,
// each gate), 二、安全稳定 (the duty leader's attestation), 三、异常情况及处置
// (each event a sentence with what was done), 四、研判意见及下步措施 (each
// problem with its measure, or the zero line), 特此报告, the 落款 and the
// signature note. Nothing a terminal knows about itself goes in: no
// terminal id, record number, badge, void or software name.

// zhNum numbers sections 一、二… and （一）（二）….
var zhNum = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

func subNo(c *i18n.Catalog, sec, sub int) string {
	if c.Chinese() {
		return "（" + zhNum[sub-1] + "）"
	}
	return fmt.Sprintf("%d.%d ", sec, sub)
}

// dormRe is a dormitory part of a unit path, "宿舍5".
var dormRe = regexp.MustCompile(`^宿舍(\d+)$`)

// UnitText is a unit as a sentence names it: "三大队/宿舍5" is 三大队5号宿舍
// in Chinese; English keeps the path, which is the roster's own name.
func UnitText(c *i18n.Catalog, unit string) string {
	if !c.Chinese() {
		return unit
	}
	parts := strings.Split(unit, "/")
	for i, p := range parts {
		if m := dormRe.FindStringSubmatch(p); m != nil {
			parts[i] = m[1] + "号宿舍"
		}
	}
	return strings.Join(parts, "")
}

// StampText is a record time as the signature note writes it:
// 2026年11月28日17:30 / 2026-11-28 17:30.
func StampText(c *i18n.Catalog, stamp string) string {
	t, err := record.ParseAt(stamp)
	if err != nil {
		return stamp
	}
	return c.T("gw.stamp", DayText(c, t.Format("2006-01-02")), t.Format("15:04"))
}

// signDay is the 落款 date: the day the report was drawn up, else the day
// it covers.
func signDay(r gate.Report) string {
	if t, err := record.ParseAt(r.Drawn); err == nil {
		return t.Format("2006-01-02")
	}
	return r.Day
}

// UnitName is the issuing unit's name: the report.unit setting, else the
// facility's name.
func UnitName(r gate.Report) string {
	if r.Doc.Unit != "" {
		return r.Doc.Unit
	}
	return r.FacilityName
}

func orBlank(c *i18n.Catalog, s string) string {
	if strings.TrimSpace(s) == "" {
		return c.T("gw.blank")
	}
	return s
}

// sentence drops the full stop a free text ends with, so a template
// that adds its own does not double it.
func sentence(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), "。.；;，, ")
}

// whoSentence names a person in a sentence: unit, kind, name ("三大队民警职工
// 王志刚"); someone off the roster as the guard chose them at the gate
// (来访人员), by name and the tail of the ID.
func whoSentence(c *i18n.Catalog, f gate.FeverItem) string {
	kind := c.T("gw.person")
	switch {
	case f.Kind != "":
		kind = Word(c, string(f.Kind), "subject.")
	case f.Subject != "":
		kind = Word(c, string(f.Subject), "subject.")
	}
	name := f.Name
	if f.Badge == "" && f.IDTail != "" {
		name = c.T("gw.who.idtail", f.Name, f.IDTail)
	}
	if c.Chinese() {
		return UnitText(c, f.Unit) + kind + name
	}
	if f.Unit != "" {
		return strings.ToLower(kind) + " " + name + " (" + f.Unit + ")"
	}
	return strings.ToLower(kind) + " " + name
}

func docBlocks(c *i18n.Catalog, r gate.Report) []rblock {
	var bs []rblock
	add := func(kind byte, text string) { bs = append(bs, rblock{kind: kind, text: strings.TrimSpace(text)}) }
	unit := UnitName(r)
	day := DayText(c, r.Day)

	add('t', c.T("gw.title", unit))
	if r.Issue > 0 {
		// The issue number under the title, centred, as GB/T 9704 places
		// a 发文字号 and a 简报 its 期号.
		add('s', c.T("gw.issue", r.Issue))
	}
	add('s', c.T("gw.date", day))
	if r.Partial() {
		add('s', c.T("gw.period.part", day, HHMM(r.AsOf)))
	} else {
		add('s', c.T("gw.period", day))
	}
	to := r.Doc.To
	if to == "" {
		to = c.T("gw.to.default")
	}
	add('a', c.T("gw.to", to))
	add('p', c.T("gw.open", day))

	// 一、疫情防控
	add('h', c.T("gw.s1"))
	// A report of version 1 (an older terminal's, read at the hub) has no
	// headline figures, attestation or counts by unit: it says so rather
	// than showing zeros.
	old := r.Version < 2
	h := r.Headline
	p := subNo(c, 1, 1) + c.T("gw.s1.basic") + c.T("gw.detainees", h.Detainees)
	if h.MedicalAway > 0 {
		p += c.T("gw.detainees.away", h.MedicalAway)
	}
	st := h.Staff
	p += c.T("gw.staff", st.Total, st.Custody, st.Standby, st.Office, st.Home)
	for _, x := range []struct {
		n   int
		key string
	}{{st.Observation, "gw.staff.observation"}, {st.Rest, "gw.staff.rest"}, {st.Unset, "gw.staff.unset"}} {
		if x.n > 0 {
			p += c.T(x.key, x.n)
		}
	}
	p += c.T("gw.end")
	if h.MedicalVisits > 0 {
		p += c.T("gw.medical", h.MedicalVisits)
	} else {
		p += c.T("gw.medical.none")
	}
	switch {
	case h.Admissions == nil || h.Releases == nil:
		p += c.T("gw.moves.v2") // a report of version 2: they had no record yet
	case *h.Admissions+*h.Releases == 0:
		p += c.T("gw.moves.none")
	case *h.Releases == 0:
		p += c.T("gw.moves.in", *h.Admissions)
	case *h.Admissions == 0:
		p += c.T("gw.moves.out", *h.Releases)
	default:
		p += c.T("gw.moves", *h.Admissions, *h.Releases)
	}
	switch {
	case h.Suspected == nil || h.Confirmed == nil || h.CloseContacts == nil:
		p += c.T("gw.epi.unattested")
	case *h.Suspected+*h.Confirmed+*h.CloseContacts == 0:
		p += c.T("gw.epi.zero")
	default:
		p += c.T("gw.epi", *h.Suspected, *h.Confirmed, *h.CloseContacts)
	}
	if old {
		p = subNo(c, 1, 1) + c.T("gw.s1.basic") + c.T("gw.v1")
	}
	add('p', p)

	s := r.Screening
	p = subNo(c, 1, 2) + c.T("dm.r.temp", s.Total.Expected, s.Total.Checked, s.Total.Percent(),
		s.Staff.Expected, s.Staff.Checked, s.Detainees.Expected, s.Detainees.Checked, s.Readings)
	p += homeText(c, s)
	p += sessionsText(c, s.Sessions)
	if n := s.Total.Expected - s.Total.Checked; old && n > 0 {
		p += c.T("gw.unchecked.v1", n)
	} else if len(s.UncheckedUnits) > 0 {
		var us []string
		for _, u := range s.UncheckedUnits {
			us = append(us, c.T("gw.unit.count", UnitText(c, u.Unit), Word(c, string(u.Kind), "subject."), u.Count))
		}
		p += c.T("gw.unchecked", listText(c, us), s.UncheckedCount)
	} else if r.SessionsMissed() > 0 {
		// Everyone was screened, but not at every session: "均已测温"
		// right after 晨检实测285人 reads to the bureau as a contradiction.
		p += c.T("dm.r.unchecked.none.sessions")
	} else {
		p += c.T("dm.r.unchecked.none")
	}
	if len(s.Fevers) == 0 {
		p += c.T("dm.r.fevers.none")
	} else {
		p += c.T("gw.fevers", len(s.Fevers))
	}
	add('p', p)
	bs = append(bs, rblock{kind: 'T', rows: [][]string{
		{c.T("gw.md.group"), c.T("gw.md.expected"), c.T("gw.md.checked"), c.T("gw.md.rate")},
		covRow(c.T("subject.staff"), s.Staff), covRow(c.T("subject.detainee"), s.Detainees), covRow(c.T("gw.md.total"), s.Total),
	}})

	add('p', subNo(c, 1, 3)+c.T("gw.s1.disinf")+disinfText(c, r.Disinfection, r.Partial()))

	add('p', subNo(c, 1, 4)+c.T("gw.s1.gates"))
	rows := [][]string{{c.T("gw.md.gate"), c.T("gw.md.in"), c.T("gw.md.out"), c.T("gw.md.denied"), c.T("gw.md.overridden"), c.T("gw.md.fevers")}}
	for i, g := range r.Gates {
		crossed := g.In+g.Out+g.Denied+g.Overridden+g.Fevers > 0
		var parts []string
		// The standby quarters and the kitchen are not passages: their
		// paragraph says what happened there, not that nobody crossed.
		if crossed || (g.Gate != 3 && g.Gate != 5) {
			x := c.T("gw.gate.none")
			if crossed {
				x = c.T("gw.gate.cross", g.In, g.Out)
				if g.Denied > 0 {
					var ds []string
					for _, dn := range g.Denials {
						ds = append(ds, c.T("dm.r.denial", reasonWord(c, dn.Reason), dn.Count))
					}
					x += c.T("gw.gate.denied", g.Denied, listText(c, ds))
				}
				if g.Overridden > 0 {
					x += c.T("gw.gate.over", g.Overridden)
				}
				if g.Fevers > 0 {
					x += c.T("gw.gate.fevers", g.Fevers)
				}
			}
			parts = append(parts, x)
		}
		switch g.Gate {
		case 2:
			sp := r.Supplies
			x := c.T("gw.supplies", sp.Received, sp.Disinfected, sp.Stored)
			if len(sp.Pending) > 0 {
				var items []string
				for _, it := range sp.Pending {
					items = append(items, c.T("gw.supply", it.Item, TrimFloat(it.Quantity), it.Unit, Word(c, string(it.Stage), "stage.")))
				}
				x += c.T("gw.supplies.pending", len(sp.Pending), listText(c, items))
			}
			parts = append(parts, x)
		case 3:
			sb := r.Standby
			x := c.T("gw.standby", sb.InStandby, sb.CheckedIn, sb.Started, sb.Ended, sb.Callups)
			if len(sb.Missing) > 0 {
				x += c.T("gw.standby.missing", len(sb.Missing))
			}
			parts = append(parts, x)
		case 4:
			if r.Office.Listed {
				x := c.T("gw.office", r.Office.OnSite, r.Office.WFH)
				if r.Office.Unset > 0 {
					x += c.T("gw.office.unset", r.Office.Unset)
				}
				parts = append(parts, x)
			} else {
				parts = append(parts, c.T("gw.office.nolist"))
			}
		case 5:
			f := r.Food
			var x string
			switch {
			case f.Inspected == 0:
				x = c.T("gw.food.none")
			case len(f.Rejected) == 0:
				x = c.T("gw.food.ok", f.Inspected)
			default:
				x = c.T("gw.food", f.Inspected, f.Accepted, len(f.Rejected))
			}
			meals := map[record.Meal]bool{}
			var names []string
			for _, sm := range f.Samples {
				if !meals[sm.Meal] {
					names = append(names, Word(c, string(sm.Meal), "meal."))
				}
				meals[sm.Meal] = true
			}
			switch {
			case meals[record.Breakfast] && meals[record.Lunch] && meals[record.Dinner]:
				x += c.T("gw.samples.all", f.Held)
			case len(f.Samples) > 0:
				x += c.T("gw.samples", len(names), listText(c, names), f.Held)
			}
			if len(f.MealsMissing) > 0 {
				var ms []string
				for _, m := range f.MealsMissing {
					ms = append(ms, Word(c, string(m), "meal."))
				}
				x += c.T("gw.samples.missing", listText(c, ms))
			}
			parts = append(parts, x)
		}
		sep := "；"
		if !c.Chinese() {
			sep = "; "
		}
		add('p', c.T("gw.gate", i+1, placeName(c, g.Gate))+strings.Join(parts, sep)+c.T("gw.end"))
		if crossed {
			rows = append(rows, []string{placeName(c, g.Gate), fmt.Sprint(g.In), fmt.Sprint(g.Out), fmt.Sprint(g.Denied),
				fmt.Sprint(g.Overridden), fmt.Sprint(g.Fevers)})
		}
	}
	if len(rows) > 1 {
		bs = append(bs, rblock{kind: 'T', rows: rows})
	}

	// 二、安全稳定
	add('h', c.T("gw.s2"))
	sec := r.Security
	switch {
	case old:
		add('p', c.T("gw.v1"))
	case !sec.Attested:
		add('p', c.T("gw.sec.unattested"))
	case len(sec.Events) == 0:
		add('p', c.T("gw.sec.none"))
	default:
		add('p', c.T("gw.sec.events", len(sec.Events)))
		for i, e := range sec.Events {
			add('p', c.T("gw.sec.event", i+1, e.Time, Word(c, string(e.Type), "sec."), sentence(e.Summary), sentence(e.Handling)))
		}
	}

	// 三、异常情况及处置
	add('h', c.T("gw.s3"))
	n := 0
	for _, f := range s.Fevers {
		n++
		var stx string
		switch f.Status {
		case gate.FeverConfirmed:
			stx = c.T("gw.fever.confirmed", f.Recheck.String())
		case gate.FeverCleared:
			stx = c.T("gw.fever.cleared", f.Recheck.String())
		default:
			stx = c.T("gw.fever.pending")
		}
		if f.Gate == 0 {
			add('p', c.T("gw.fever.roll", n, HHMM(f.At), whoSentence(c, f), f.Temp.String(), stx))
		} else {
			add('p', c.T("gw.fever.gate", n, HHMM(f.At), whoSentence(c, f), placeName(c, f.Gate), f.Temp.String(), stx))
		}
	}
	for _, x := range s.Symptoms {
		n++
		stx := c.T("gw.symptom.open")
		if x.Cleared {
			stx = c.T("gw.symptom.cleared", Word(c, x.Result, "clr.result."))
		}
		who := whoSentence(c, gate.FeverItem{Badge: x.Badge, Name: x.Name, Unit: x.Unit, Kind: gate.Staff})
		add('p', c.T("gw.symptom", n, HHMM(x.At), who, x.Temp.String(), stx))
	}
	for _, x := range r.Incidents {
		if x.Type == "fever" {
			continue // the fever's own sentence above says it
		}
		n++
		who, detail := "", ""
		if x.Name != "" {
			who = c.T("gw.incident.who", x.Name)
		}
		switch {
		case x.StandbyDay > 0:
			detail = c.T("gw.incident.standby", x.StandbyDay)
		case x.Detail != "":
			detail = c.T("gw.incident.detail", sentence(x.Detail))
		}
		add('p', c.T("gw.incident", n, HHMM(x.At), placeName(c, x.Gate), Word(c, x.Type, "incident."), who+detail))
	}
	for _, x := range r.Overrides {
		n++
		leader := x.SupervisorName
		if leader == "" {
			leader = c.T("gw.leader")
		}
		who := x.TargetName
		if who == "" {
			who = c.T("gw.person")
		}
		add('p', c.T("gw.override", n, HHMM(x.At), who, leader, placeName(c, x.Gate), sentence(x.Reason)))
	}
	for _, x := range r.Food.Rejected {
		n++
		var rs []string
		for _, code := range x.Reasons {
			rs = append(rs, reasonWord(c, code))
		}
		add('p', c.T("gw.rejected", n, HHMM(x.At), x.Item, TrimFloat(x.Quantity), x.Unit, x.Supplier, orBlank(c, x.Batch), listText(c, rs)))
	}
	if n == 0 {
		add('p', c.T("gw.s3.none"))
	}

	// 四、研判意见及下步措施
	add('h', c.T("gw.s4"))
	switch {
	case r.Zero && sec.Attested:
		add('p', c.T("gw.zero"))
	case r.Zero:
		add('p', c.T("gw.zero.pending"))
	default:
		// A fever's incident is the fever itself: it is not a second problem.
		var codes []string
		for _, a := range r.Abnormal {
			if a != gate.AbnormalIncident || otherIncidents(r) > 0 {
				codes = append(codes, a)
			}
		}
		add('p', c.T("gw.problems", len(codes)))
		for i, a := range codes {
			add('p', problemText(c, r, i+1, a))
		}
	}
	if r.IdentitiesErased > 0 {
		add('p', c.T("gw.erased", r.IdentitiesErased)) // §15: the figures stay, who is gone
	}
	add('p', c.T("gw.next"))
	add('p', c.T("gw.close"))

	add('r', unit)
	add('r', DayText(c, signDay(r)))
	drawn := ""
	if r.Drawn != "" {
		drawn = StampText(c, r.Drawn)
	}
	add('n', c.T("gw.signers", orBlank(c, r.Signers.Preparer), orBlank(c, r.Signers.Reviewer), orBlank(c, r.Doc.Phone), orBlank(c, drawn)))
	return bs
}

// soFar is the catalogue's wording of key in a report of a day not over
// (partial): what falls short of what the whole day asks (people not
// screened yet, zones short of their rounds, standby staff not checked) is
// short "so far", to be made good today, not "tomorrow" — its ".sofar"
// wording, where the catalogue has one. Seen at 07:09: "341人未按时测温，
// 责成相关单位于次日8时前补测" for a day seven hours old; at 05:24
// "每个区域均已按规定频次消杀" beside "共消杀1次", read by the bureau as a
// claim about the whole day.
func soFar(c *i18n.Catalog, partial bool, key string, args ...any) string {
	if partial && c.Has(key+".sofar") {
		key += ".sofar"
	}
	return c.T(key, args...)
}

// problemText is one abnormal finding with its measure (日研判 → 日部署),
// in its so-far wording in a partial report (soFar).
func problemText(c *i18n.Catalog, r gate.Report, i int, code string) string {
	T := func(key string, args ...any) string { return soFar(c, r.Partial(), key, args...) }
	count := func(st gate.FeverStatus) int {
		k := 0
		for _, f := range r.Screening.Fevers {
			if f.Status == st {
				k++
			}
		}
		return k
	}
	switch code {
	case gate.AbnormalFever:
		return T("gw.p.fever", i, count(gate.FeverConfirmed))
	case gate.AbnormalRecheck:
		return T("gw.p.recheck_missing", i, count(gate.FeverPending))
	case gate.AbnormalUnscreened:
		return T("gw.p.unscreened", i, r.Screening.UncheckedCount)
	case gate.AbnormalSession:
		var parts []string
		for _, x := range r.Screening.Sessions {
			if x.Missed() > 0 {
				parts = append(parts, c.T("gw.session.missed", Word(c, string(x.Session), "session."), x.Missed()))
			}
		}
		return T("gw.p.session_missed", i, listText(c, parts))
	case gate.AbnormalSymptoms:
		open, all := len(r.OpenSymptoms()), len(r.Screening.Symptoms)
		switch open {
		case 0:
			return T("gw.p.symptoms.cleared", i, all)
		case all:
			return T("gw.p.symptoms.open", i, all)
		}
		return T("gw.p.symptoms", i, all, open)
	case gate.AbnormalZone:
		zs := r.ZonesMissed()
		if perArea(r.Disinfection) {
			return T("gw.p.zone_short", i, zonesShortText(c, zs))
		}
		// An older report names no area: zonesShortText names the zones.
		return T("gw.p.zone_missed", i, zonesShortText(c, zs))
	case gate.AbnormalIncident:
		return T("gw.p.incident", i, otherIncidents(r))
	case gate.AbnormalFoodRejected:
		return T("gw.p.food_rejected", i, len(r.Food.Rejected))
	case gate.AbnormalStandbyMissed:
		return T("gw.p.standby_missed", i, len(r.Standby.Missing))
	case gate.AbnormalSampleMissed:
		var ms []string
		for _, m := range r.Food.MealsMissing {
			ms = append(ms, Word(c, string(m), "meal."))
		}
		return T("gw.p.sample_missed", i, listText(c, ms))
	case gate.AbnormalSecurity:
		return T("gw.p.security_event", i, len(r.Security.Events))
	}
	if c.Chinese() {
		return fmt.Sprintf("%d.%s。", i, Word(c, code, "dm.abn."))
	}
	return fmt.Sprintf("%d. %s.", i, Word(c, code, "dm.abn."))
}

// otherIncidents counts the incidents that are not a fever's own.
func otherIncidents(r gate.Report) int {
	n := 0
	for _, x := range r.Incidents {
		if x.Type != "fever" {
			n++
		}
	}
	return n
}

// homeText is the staff working from home in the screening paragraph:
// taken by phone (§11), all of them or how many. A report of a terminal
// from before they were counted (no phone coverage in it) says what it
// said then.
func homeText(c *i18n.Catalog, s gate.ScreeningPart) string {
	switch {
	case s.WFH == 0:
		return ""
	case s.Home.Expected == 0:
		return c.T("dm.r.wfh", s.WFH)
	case s.Home.Unchecked() == 0:
		return c.T("gw.wfh.all", s.Home.Expected)
	}
	return c.T("gw.wfh.part", s.Home.Expected, s.Home.Checked)
}

// sessionsText is the detainees' coverage per session, when they are
// screened twice a day: 戒毒人员晨检应测300人、实测300人，晚检….
func sessionsText(c *i18n.Catalog, ss []gate.SessionCoverage) string {
	if len(ss) == 0 {
		return ""
	}
	var parts []string
	for _, x := range ss {
		part := c.T("gw.session", Word(c, string(x.Session), "session."), x.Expected, x.Checked)
		if x.Open {
			part += c.T("gw.session.open") // under way when drawn up: nobody has missed it yet
		}
		parts = append(parts, part)
	}
	return c.T("gw.sessions", strings.Join(parts, c.T("dm.r.comma")))
}

// perArea reports whether a report judged its zones per required area
// (§11); one from an older terminal judged them by any round.
func perArea(d gate.DisinfectionPart) bool {
	for _, z := range d.Zones {
		if z.Missing != nil {
			return true
		}
	}
	return false
}

// disinfText is the disinfection paragraph: zones done, and for each zone
// short of its rounds the areas and their rounds (检查通道1/2次). In a
// report of a day not over (partial) the zones are judged by the rounds
// due so far, and it says so (soFar).
func disinfText(c *i18n.Catalog, d gate.DisinfectionPart, partial bool) string {
	missed := gate.Report{Disinfection: d}.ZonesMissed()
	if !perArea(d) {
		p := c.T("gw.disinf", d.Total, d.Done, d.Records)
		if len(missed) > 0 {
			return p + c.T("dm.r.disinf.missed", zonesShortText(c, missed)) // the zones alone, as above
		} else if d.Total > 0 {
			p += c.T("dm.r.disinf.done")
		}
		return p
	}
	p := soFar(c, partial, "gw.disinf.areas", d.Total, len(gate.DefaultAreas), d.Done, d.Records)
	if len(missed) > 0 {
		return p + soFar(c, partial, "gw.disinf.short", zonesShortText(c, missed))
	}
	return p + soFar(c, partial, "gw.disinf.alldone")
}

// zonesShortText names zones short of their rounds with their areas:
// 场所大门（检查通道1/2次）、办公区（卫生间0/2次）.
func zonesShortText(c *i18n.Catalog, zs []gate.ZoneItem) string {
	var out []string
	for _, z := range zs {
		out = append(out, ZoneShort(c, z))
	}
	return listText(c, out)
}

// ZoneShort is a zone short of its rounds with the areas it lacks and
// their rounds done over required: 场所大门（检查通道1/2次）; the zone alone
// when the report names no area.
func ZoneShort(c *i18n.Catalog, z gate.ZoneItem) string {
	var as []string
	for _, a := range z.Missing {
		as = append(as, c.T("gw.area.short", AreaName(c, a.Area), a.Done, a.PerDay))
	}
	if len(as) == 0 {
		return ZoneName(c, z.Zone)
	}
	return c.T("gw.zone.short", ZoneName(c, z.Zone), listText(c, as))
}
