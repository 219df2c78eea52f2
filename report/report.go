// Package report renders the daily report (§3 日报告) as text, Markdown or
// JSON, for the console's preview, the CLI and the hub alike. It depends on
// the catalogue and the pure domain only — never on the terminal UI — so a
// command that prints a report does not link Bubble Tea.
//
// The Chinese text is the one forwarded upward, so it reads like an official
// 日报: numbered sections, the figures in sentences, and the zero-report line
// 当日无异常情况（零报告） at the end only when nothing is abnormal. Every word comes from the catalogue; the figures
// come from gate.ComputeReport, so the preview, the CLI and the submitted
// record say the same thing.
package report

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gatepost/gate"
	"gatepost/i18n"
	"gatepost/record"
)

// Report formats.
const (
	FormatText     = "text"
	FormatMarkdown = "md"
	FormatJSON     = "json"
)

// Render writes a report in a format ("text", "md" or "json") and a
// language ("zh-CN", "en", a LANG value). JSON is the same in every
// language: its field names are the stable ones of gate.Report.
func Render(r gate.Report, lang, format string) (string, error) {
	switch format {
	case FormatJSON:
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return "", err
		}
		return string(b) + "\n", nil
	case FormatText, "":
		return renderBlocks(reportBlocks(i18n.NewCatalog(lang), r), 0), nil
	case FormatMarkdown, "markdown":
		return renderBlocks(reportBlocks(i18n.NewCatalog(lang), r), 1), nil
	}
	return "", fmt.Errorf("format %q: want text, md or json", format)
}

// Text is the report in words for a screen: the text format in the
// catalogue's language.
func Text(c *i18n.Catalog, r gate.Report) string { return renderBlocks(reportBlocks(c, r), 0) }

// Markdown is the report in Markdown with its title at heading level
// (1 for "# title"): a document that holds several reports, such as the
// hub's consolidated one, nests them under its own headings.
func Markdown(c *i18n.Catalog, r gate.Report, level int) string {
	return renderBlocks(reportBlocks(c, r), max(level, 1))
}

// rblock is one piece of a report: a title, a heading, a paragraph, a list
// item, or a table (drawn only in Markdown: the text says the same in
// sentences).
type rblock struct {
	kind byte // 't' title, 's' subtitle, 'h' heading, 'p' paragraph, 'i' item, 'T' table
	text string
	rows [][]string
}

// renderBlocks draws a report as text (level 0) or as Markdown whose title
// is a heading of that level.
func renderBlocks(bs []rblock, level int) string {
	md := level > 0
	var b strings.Builder
	prev := byte(0)
	for _, x := range bs {
		if x.kind == 'T' && !md {
			continue
		}
		// A blank line before a heading, a table and a paragraph that
		// follows other text; a title's lines, a heading and its first
		// paragraph, and a paragraph and its items stay together.
		if prev != 0 && (x.kind == 'h' || x.kind == 'T' || (x.kind == 'p' && prev != 'h') || (x.kind == 's' && prev != 't' && prev != 's')) {
			b.WriteString("\n")
		}
		switch x.kind {
		case 't':
			if md {
				b.WriteString(strings.Repeat("#", level) + " ")
			}
			b.WriteString(x.text + "\n")
		case 's':
			if md {
				b.WriteString(x.text + "  \n")
			} else {
				b.WriteString(x.text + "\n")
			}
		case 'h':
			if md {
				b.WriteString(strings.Repeat("#", level+1) + " ")
			}
			b.WriteString(x.text + "\n")
		case 'p':
			b.WriteString(x.text + "\n")
		case 'i':
			if md {
				b.WriteString("- " + mdText(x.text) + "\n")
			} else {
				b.WriteString("    " + x.text + "\n")
			}
		case 'T':
			for i, row := range x.rows {
				b.WriteString("| " + strings.Join(row, " | ") + " |\n")
				if i == 0 {
					b.WriteString(strings.Repeat("|---", len(row)) + "|\n")
				}
			}
		}
		prev = x.kind
	}
	return b.String()
}

// mdText keeps a list item from being read as Markdown markup.
func mdText(s string) string {
	return strings.NewReplacer("*", `\*`, "_", `\_`, "|", `\|`).Replace(s)
}

// HHMM is the local clock time of a record time, "15:04".
func HHMM(stamp string) string {
	t, err := record.ParseAt(stamp)
	if err != nil {
		return stamp
	}
	return t.Format("15:04")
}

// DayText is "2026年11月28日" in Chinese; English keeps the ISO date.
func DayText(c *i18n.Catalog, day string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil || !c.Chinese() {
		return day
	}
	return c.T("dm.r.day", t.Year(), int(t.Month()), t.Day())
}

func listText(c *i18n.Catalog, items []string) string { return strings.Join(items, c.T("list.sep")) }

// Word is the catalogue's word for a code (see i18n.Catalog.Word).
func Word(c *i18n.Catalog, code string, prefixes ...string) string { return c.Word(code, prefixes...) }

// ZoneName is the name of a zone: that of its gate.
func ZoneName(c *i18n.Catalog, z gate.Zone) string {
	if g := z.Gate(); g > 0 {
		return c.T(fmt.Sprintf("gate.name.%d", g))
	}
	return string(z)
}

func reasonWord(c *i18n.Catalog, r string) string { return c.Reason(r) }

func placeName(c *i18n.Catalog, g int) string {
	if g == 0 {
		return c.T("dm.r.place0")
	}
	return c.T(fmt.Sprintf("gate.name.%d", g))
}

// whoText is "孙某（D0003，一大队/宿舍2）": name, then badge (or the tail of the
// ID number) and unit.
func whoText(c *i18n.Catalog, name, badge, idTail, unit string) string {
	var ids []string
	switch {
	case badge != "":
		ids = append(ids, badge)
	case idTail != "":
		ids = append(ids, "*"+idTail)
	}
	if unit != "" {
		ids = append(ids, unit)
	}
	if len(ids) == 0 {
		return name
	}
	return c.T("dm.r.who", name, strings.Join(ids, c.T("dm.r.comma")))
}

// PersonText is a person of a report list: "孙某（D0003，戒毒人员，一大队/宿舍2）".
func PersonText(c *i18n.Catalog, p gate.PersonItem) string {
	return c.T("dm.r.who", p.Name, strings.Join([]string{p.Badge, Word(c, string(p.Kind), "subject."), p.Unit}, c.T("dm.r.comma")))
}

// FeverText is a fever in a sentence: who, when, where, the reading and
// what the recheck found.
func FeverText(c *i18n.Catalog, f gate.FeverItem) string {
	var st string
	switch f.Status {
	case gate.FeverConfirmed:
		st = c.T("dm.fever.confirmed", f.Recheck.String())
	case gate.FeverCleared:
		st = c.T("dm.fever.cleared", f.Recheck.String())
	default:
		st = c.T("dm.fever.pending")
	}
	return c.T("dm.r.fever", whoText(c, f.Name, f.Badge, f.IDTail, f.Unit), HHMM(f.At), placeName(c, f.Gate), f.Temp.String(), st)
}

// section numbers: 一、二… and （一）（二）… in Chinese, 1. and 1.1 in English.
var zhNum = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

func subNo(c *i18n.Catalog, sec, sub int) string {
	if c.Chinese() {
		return "（" + zhNum[sub-1] + "）"
	}
	return fmt.Sprintf("%d.%d ", sec, sub)
}

func reportBlocks(c *i18n.Catalog, r gate.Report) []rblock {
	var bs []rblock
	add := func(kind byte, text string) { bs = append(bs, rblock{kind: kind, text: strings.TrimSpace(text)}) }
	add('t', c.T("dm.r.title", r.FacilityName))
	add('s', c.T("dm.r.date", DayText(c, r.Day)))
	add('s', c.T("dm.r.unit", r.FacilityName))
	if r.AsOf != "" && r.AsOf < r.To {
		add('s', c.T("dm.r.period.part", DayText(c, r.Day), HHMM(r.AsOf)))
	} else {
		add('s', c.T("dm.r.period", DayText(c, r.Day)))
	}

	// 一、日筛查情况
	s := r.Screening
	add('h', c.T("dm.r.s1"))
	p := subNo(c, 1, 1) + c.T("dm.r.temp", s.Total.Expected, s.Total.Checked, s.Total.Percent(),
		s.Staff.Expected, s.Staff.Checked, s.Detainees.Expected, s.Detainees.Checked, s.Readings)
	if s.WFH > 0 {
		p += c.T("dm.r.wfh", s.WFH)
	}
	if len(s.Unchecked) == 0 {
		p += c.T("dm.r.unchecked.none")
	} else {
		p += c.T("dm.r.unchecked", len(s.Unchecked))
	}
	if len(s.Fevers) == 0 {
		p += c.T("dm.r.fevers.none")
	} else {
		p += c.T("dm.r.fevers", len(s.Fevers))
	}
	add('p', p)
	// The unscreened by unit, one line each: a list of names per dormitory
	// is what the unit that has to fix it reads.
	var units []string
	byUnit := map[string][]string{}
	for _, u := range s.Unchecked {
		k := Word(c, string(u.Kind), "subject.") + " " + u.Unit
		if _, ok := byUnit[k]; !ok {
			units = append(units, k)
		}
		byUnit[k] = append(byUnit[k], u.Name+" "+u.Badge)
	}
	for _, k := range units {
		add('i', c.T("dm.r.item.unchecked", strings.TrimSpace(k), len(byUnit[k]), listText(c, byUnit[k])))
	}
	for _, f := range s.Fevers {
		add('i', c.T("dm.r.item.fever", FeverText(c, f)))
	}
	bs = append(bs, rblock{kind: 'T', rows: [][]string{
		{c.T("dm.md.group"), c.T("dm.md.expected"), c.T("dm.md.checked"), c.T("dm.md.rate")},
		covRow(c.T("subject.staff"), s.Staff), covRow(c.T("subject.detainee"), s.Detainees), covRow(c.T("dm.md.total"), s.Total),
	}})
	d := r.Disinfection
	p = subNo(c, 1, 2) + c.T("dm.r.disinf", d.Total, d.Done, d.Records)
	var missed []string
	for _, z := range d.Zones {
		if !z.Done {
			missed = append(missed, ZoneName(c, z.Zone))
		}
	}
	if len(missed) > 0 {
		p += c.T("dm.r.disinf.missed", listText(c, missed))
	} else if d.Total > 0 {
		p += c.T("dm.r.disinf.done")
	}
	add('p', p)

	// 二、各关口情况
	add('h', c.T("dm.r.s2"))
	rows := [][]string{{c.T("dm.md.gate"), c.T("dm.md.in"), c.T("dm.md.out"), c.T("dm.md.denied"), c.T("dm.md.overridden"), c.T("dm.md.fevers")}}
	for i, g := range r.Gates {
		denials := ""
		if len(g.Denials) > 0 {
			var ds []string
			for _, x := range g.Denials {
				ds = append(ds, c.T("dm.r.denial", reasonWord(c, x.Reason), x.Count))
			}
			denials = c.T("dm.r.denials", listText(c, ds))
		}
		fevers := ""
		if g.Fevers > 0 {
			fevers = c.T("dm.r.gate.fevers", g.Fevers)
		}
		p := subNo(c, 2, i+1) + c.T("dm.r.gate", placeName(c, g.Gate), g.In, g.Out, g.Denied, denials, g.Overridden, fevers)
		if g.In+g.Out+g.Denied+g.Overridden+g.Fevers == 0 {
			// Standby quarters and the kitchen are not passages: their
			// paragraph says what happened there, not that nobody crossed.
			if g.Gate == 3 || g.Gate == 5 {
				p = subNo(c, 2, i+1) + c.T("dm.r.gate.name", placeName(c, g.Gate))
			} else {
				p = subNo(c, 2, i+1) + c.T("dm.r.gate.none", placeName(c, g.Gate))
			}
		}
		var items []string
		switch g.Gate {
		case 2:
			sp := r.Supplies
			p += c.T("dm.r.supplies", sp.Received, sp.Disinfected, sp.Stored)
			if len(sp.Pending) > 0 {
				p += c.T("dm.r.supplies.pending", len(sp.Pending))
				for _, x := range sp.Pending {
					items = append(items, c.T("dm.r.supply", x.Item, TrimFloat(x.Quantity), x.Unit, x.Source,
						Word(c, string(x.Stage), "stage."), HHMM(x.ReceivedAt)))
				}
			}
		case 3:
			sb := r.Standby
			p += c.T("dm.r.standby", sb.InStandby, sb.CheckedIn, sb.Started, sb.Ended, sb.Callups)
			if len(sb.Missing) > 0 {
				p += c.T("dm.r.standby.missing", len(sb.Missing))
				for _, x := range sb.Missing {
					items = append(items, PersonText(c, x))
				}
			}
		case 4:
			if r.Office.Listed {
				p += c.T("dm.r.office", r.Office.OnSite, r.Office.WFH, r.Office.Unset)
			} else {
				p += c.T("dm.r.office.nolist")
			}
		case 5:
			f := r.Food
			p += c.T("dm.r.food", f.Inspected, f.Accepted, len(f.Rejected))
			if len(f.Samples) > 0 {
				var meals []string
				for _, x := range f.Samples {
					meals = append(meals, Word(c, string(x.Meal), "meal."))
				}
				p += c.T("dm.r.samples", len(f.Samples), listText(c, meals), f.Held)
			} else {
				p += c.T("dm.r.samples.none")
			}
			if len(f.MealsMissing) > 0 {
				var meals []string
				for _, m := range f.MealsMissing {
					meals = append(meals, Word(c, string(m), "meal."))
				}
				p += c.T("dm.r.samples.missing", listText(c, meals))
			}
			for _, x := range f.Rejected {
				var rs []string
				for _, code := range x.Reasons {
					rs = append(rs, reasonWord(c, code))
				}
				items = append(items, c.T("dm.r.food.item", x.Item, TrimFloat(x.Quantity), x.Unit, x.Supplier, x.Batch, listText(c, rs)))
			}
			if len(f.Rejected) > 0 {
				p += c.T("dm.r.food.rejected", len(f.Rejected))
			}
		}
		add('p', p)
		for _, it := range items {
			add('i', it)
		}
		rows = append(rows, []string{placeName(c, g.Gate), fmt.Sprint(g.In), fmt.Sprint(g.Out), fmt.Sprint(g.Denied),
			fmt.Sprint(g.Overridden), fmt.Sprint(g.Fevers)})
	}
	bs = append(bs, rblock{kind: 'T', rows: rows})

	// 三、异常情况
	add('h', c.T("dm.r.s3"))
	if len(r.Incidents) == 0 {
		add('p', subNo(c, 3, 1)+c.T("dm.r.incidents.none"))
	} else {
		add('p', subNo(c, 3, 1)+c.T("dm.r.incidents", len(r.Incidents)))
		for _, x := range r.Incidents {
			add('i', strings.Join(nonEmpty(HHMM(x.At), placeName(c, x.Gate), Word(c, x.Type, "incident."), whoText(c, x.Name, x.Badge, "", ""), x.Detail), " "))
		}
	}
	corr := func(sub int, none, some string, xs []gate.CorrectionItem) {
		if len(xs) == 0 {
			add('p', subNo(c, 3, sub)+c.T(none))
			return
		}
		add('p', subNo(c, 3, sub)+c.T(some, len(xs)))
		for _, x := range xs {
			add('i', CorrectionText(c, x))
		}
	}
	corr(2, "dm.r.overrides.none", "dm.r.overrides", r.Overrides)
	corr(3, "dm.r.voids.none", "dm.r.voids", r.Voids)

	// 四、结论
	add('h', c.T("dm.r.s4"))
	if r.Zero {
		add('p', c.T("dm.r.zero"))
	} else {
		var names []string
		for _, a := range r.Abnormal {
			names = append(names, Word(c, a, "dm.abn."))
		}
		add('p', c.T("dm.r.abnormal", len(r.Abnormal), listText(c, names)))
	}
	add('p', c.T("dm.r.footer", r.Records))
	return bs
}

// CorrectionText is an override or a void in a sentence: when, where, of
// which record, by which supervisor and why.
func CorrectionText(c *i18n.Catalog, x gate.CorrectionItem) string {
	return c.T("dm.r.correction", HHMM(x.At), placeName(c, x.Gate), x.TargetSeq, x.Target, x.Supervisor, x.Reason)
}

func covRow(name string, v gate.Coverage) []string {
	return []string{name, fmt.Sprint(v.Expected), fmt.Sprint(v.Checked), fmt.Sprintf("%d%%", v.Percent())}
}

func nonEmpty(xs ...string) []string {
	out := xs[:0]
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}

// TrimFloat prints a quantity without a needless ".0".
func TrimFloat(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}
