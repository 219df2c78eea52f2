// Package report renders the daily report (§3 日报告, §13) as text,
// Markdown, JSON, a print-ready HTML page or a .docx, for the console's
// preview, the CLI and the hub alike. It depends on the catalogue and the
// pure domain only — never on the terminal UI — so a command that prints a
// report does not link Bubble Tea.
//
// The report is forwarded up the chain as it is, so it is an official
// document (公文, doc.go): 主送, the opening line, four numbered parts, 特此报告,
// the 落款 and who prepared and reviewed it, and the zero line
// 当日本所疫情防控和安全稳定情况正常，无异常情况（零报告） only when nothing is abnormal
// and security is attested. Every word comes from the catalogue; the
// figures come from gate.ComputeReport, so the preview, the CLI and the
// submitted record say the same thing.
package report

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	"gatepost/gate"
	"gatepost/i18n"
	"gatepost/record"
)

// Report formats.
const (
	FormatText     = "text"
	FormatMarkdown = "md"
	FormatJSON     = "json"
	FormatHTML     = "html"
	FormatDocx     = "docx"
)

// Formats lists every format Write takes.
var Formats = []string{FormatText, FormatMarkdown, FormatJSON, FormatHTML, FormatDocx}

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
		c := i18n.NewCatalog(lang)
		return renderBlocks(c, docBlocks(c, r), 0), nil
	case FormatMarkdown, "markdown":
		c := i18n.NewCatalog(lang)
		return renderBlocks(c, docBlocks(c, r), 1), nil
	case FormatHTML:
		c := i18n.NewCatalog(lang)
		return HTML(c, r), nil
	}
	return "", fmt.Errorf("format %q: want text, md, json or html (docx is written by Write)", format)
}

// Text is the report in words for a screen: the text format in the
// catalogue's language.
func Text(c *i18n.Catalog, r gate.Report) string { return renderBlocks(c, docBlocks(c, r), 0) }

// Markdown is the report in Markdown with its title at heading level
// (1 for "# title"): a document that holds several reports, such as the
// hub's consolidated one, nests them under its own headings.
func Markdown(c *i18n.Catalog, r gate.Report, level int) string {
	return renderBlocks(c, docBlocks(c, r), max(level, 1))
}

// rblock is one piece of a report: the title, a line under it, the
// addressee, a heading, a paragraph, a table (drawn in Markdown and HTML
// only: the text says the same in sentences), a right-aligned line of the
// 落款, or the signature note.
type rblock struct {
	kind byte // 't' title, 's' subtitle, 'a' addressee, 'h' heading, 'p' paragraph, 'T' table, 'r' 落款, 'n' note
	text string
	rows [][]string
}

// textWidth is the width, in terminal cells, the text format right-aligns
// the 落款 to: a line of 32 Chinese characters, the 公文's own line.
const textWidth = 64

// renderBlocks draws a report as text (level 0) or as Markdown whose title
// is a heading of that level. Chinese paragraphs are indented two
// characters, as a 公文's are.
func renderBlocks(c *i18n.Catalog, bs []rblock, level int) string {
	md := level > 0
	indent := ""
	if c.Chinese() && !md {
		indent = "\u3000\u3000"
	}
	var b strings.Builder
	prev := byte(0)
	for _, x := range bs {
		if x.kind == 'T' && !md {
			continue
		}
		switch {
		case prev == 0:
		case md && !(x.kind == 's' && prev == 's') && !(x.kind == 'r' && prev == 'r'):
			b.WriteString("\n")
		case !md && x.kind == 't':
			b.WriteString("\n\n") // a report after another, in a consolidated document
		case !md && (x.kind == 'a' || x.kind == 'h' || (x.kind == 'r' && prev != 'r') || x.kind == 'n'):
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
				b.WriteString(strings.Repeat("#", level+1) + " " + x.text + "\n")
			} else {
				b.WriteString(indent + x.text + "\n")
			}
		case 'a', 'n':
			b.WriteString(mdSafe(md, x.text) + "\n")
		case 'p':
			b.WriteString(indent + mdSafe(md, x.text) + "\n")
		case 'r':
			if md {
				b.WriteString(mdSafe(md, x.text) + "  \n")
			} else {
				b.WriteString(strings.Repeat(" ", max(textWidth-runewidth.StringWidth(x.text), 0)) + x.text + "\n")
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

func mdSafe(md bool, s string) string {
	if !md {
		return s
	}
	return mdText(s)
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

// AreaName is a disinfection area as a record names it: a required area's
// code in the catalogue's words ("area.<code>"), any other area as it was
// typed.
func AreaName(c *i18n.Catalog, area string) string { return c.Word(area, "area.") }

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

// CorrectionText is an override or a void in a sentence: when, where, of
// which record, by which supervisor and why.
func CorrectionText(c *i18n.Catalog, x gate.CorrectionItem) string {
	return c.T("dm.r.correction", HHMM(x.At), placeName(c, x.Gate), x.TargetSeq, x.Target, x.Supervisor, x.Reason)
}

func covRow(name string, v gate.Coverage) []string {
	return []string{name, fmt.Sprint(v.Expected), fmt.Sprint(v.Checked), fmt.Sprintf("%d%%", v.Percent())}
}

// TrimFloat prints a quantity without a needless ".0".
func TrimFloat(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}
