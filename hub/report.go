package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"gatepost/gate"
	"gatepost/i18n"
	"gatepost/record"
	"gatepost/report"
)

// Report is the consolidated daily report of every facility (§3 日报告, §8):
// what each facility reported in its report.daily, the hub's own figures
// from the records it received, and — the point of the zero-report system —
// which facilities are silent.
type Report struct {
	Day        string           `json:"day"`
	Generated  time.Time        `json:"generated"`
	Facilities []ReportFacility `json:"facilities"`
	Silent     []string         `json:"silent"` // ids of the facilities with no report.daily for the day
}

// ReportFacility is one facility in the consolidated report.
type ReportFacility struct {
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	Reported bool            `json:"reported"`
	Report   *ReportReceived `json:"report,omitempty"`
	Hub      HubFigures      `json:"hub_figures"`
}

// ReportReceived is the facility's report.daily as received.
type ReportReceived struct {
	Terminal    string          `json:"terminal"`
	Seq         int64           `json:"seq"`
	ID          string          `json:"id"`
	At          string          `json:"at"`
	ReceivedAt  time.Time       `json:"received_at"`
	Submissions int             `json:"submissions"`
	Body        json.RawMessage `json:"body"`
}

// HubFigures are the figures the hub computes itself from received records.
type HubFigures struct {
	Records         int            `json:"records"`
	Screened        int            `json:"screened"`
	Roster          int            `json:"roster"`
	Fevers          int            `json:"fevers"`
	Denials         int            `json:"denials"`
	DenialsByReason map[string]int `json:"denials_by_reason"`
	Incidents       int            `json:"incidents"`
}

// BuildReport assembles the consolidated report of a day (YYYY-MM-DD).
func BuildReport(ctx context.Context, st Storage, day string, now time.Time) (Report, error) {
	if _, err := time.Parse(DayLayout, day); err != nil {
		return Report{}, fmt.Errorf("date %q: want YYYY-MM-DD", day)
	}
	days, err := ComputeDays(ctx, st, day)
	if err != nil {
		return Report{}, err
	}
	rep := Report{Day: day, Generated: now, Facilities: []ReportFacility{}, Silent: []string{}}
	for _, d := range days {
		f := ReportFacility{ID: d.Facility.ID, Name: d.Facility.Name, Reported: d.Report != nil,
			Hub: HubFigures{Records: d.Records, Screened: d.Screened, Roster: d.Roster, Fevers: d.Fevers,
				Denials: d.Denials, DenialsByReason: d.DenialsByReason, Incidents: d.Incidents}}
		if d.Report != nil {
			f.Report = &ReportReceived{Terminal: d.Report.Terminal, Seq: d.Report.Seq, ID: d.Report.ID,
				At: d.Report.At.Format(time.RFC3339), ReceivedAt: d.Report.ReceivedAt, Submissions: d.Report.Count,
				Body: d.Report.Body}
		} else {
			rep.Silent = append(rep.Silent, d.Facility.ID)
		}
		rep.Facilities = append(rep.Facilities, f)
	}
	return rep, nil
}

// Formats of WriteReport.
const (
	FormatText     = "text"
	FormatMarkdown = "md"
	FormatJSON     = "json"
)

// WriteReport writes the report as text, Markdown or JSON. Text and Markdown
// are in one language, lang ("zh-CN", "en", a LANG value), from the shared
// catalogue: the same reason names as the dashboard and the terminals'
// reports. JSON has the stable field names in every language.
func WriteReport(w io.Writer, rep Report, format, lang string) error {
	c := i18n.NewCatalog(lang)
	switch format {
	case FormatJSON:
		var b bytes.Buffer
		e := json.NewEncoder(&b)
		e.SetIndent("", "  ")
		e.SetEscapeHTML(false)
		if err := e.Encode(rep); err != nil {
			return err
		}
		// encoding/json escapes C0 controls but writes C1 controls and
		// bidirectional overrides as they are; outside strings JSON holds
		// none, so writing them as \u escapes means the same and is safe to cat.
		_, err := io.WriteString(w, jsonEscapeUnsafe(b.String()))
		return err
	case FormatMarkdown:
		return writeReportMarkdown(w, c, rep)
	case FormatText, "":
		return writeReportText(w, c, rep)
	}
	return fmt.Errorf("format %q: want text, md or json", format)
}

func (h HubFigures) screening(c *i18n.Catalog) string {
	if h.Roster == 0 {
		return c.T("hub.r.screened.none", h.Screened)
	}
	return c.T("hub.r.screened", h.Screened, h.Roster, int(math.Round(100*float64(h.Screened)/float64(h.Roster))))
}

func (h HubFigures) denials(c *i18n.Catalog) string {
	if h.Denials == 0 {
		return c.T("hub.r.denials.none", 0)
	}
	var rs []string
	for r, n := range h.DenialsByReason {
		rs = append(rs, c.T("hub.d.reason", CleanLine(c.Reason(r)), n))
	}
	sort.Strings(rs)
	return c.T("hub.r.denials", h.Denials, strings.Join(rs, c.T("list.sep")))
}

// received is the facility's report.daily as a computed report, when its
// body carries one (as every terminal's does); ok is false for a body the
// hub cannot read as such, which is then shown field by field.
func (r *ReportReceived) received() (gate.Report, bool) {
	var body record.ReportDailyBody
	var rep gate.Report
	if json.Unmarshal(r.Body, &body) != nil || len(body.Report) == 0 ||
		json.Unmarshal(body.Report, &rep) != nil || rep.Version == 0 {
		return gate.Report{}, false
	}
	return rep, true
}

// localStamp is a record's time as "2006-01-02 15:04" in the hub's zone.
func localStamp(at string) string {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return at
	}
	return t.Local().Format("2006-01-02 15:04")
}

func dayName(c *i18n.Catalog, day string) string { return report.DayText(c, day) }

func writeReportText(w io.Writer, c *i18n.Catalog, rep Report) error {
	var b bytes.Buffer
	b.WriteString(c.T("hub.r.head", dayName(c, rep.Day), len(rep.Facilities), len(rep.Facilities)-len(rep.Silent), len(rep.Silent)) + "\n")
	for _, f := range rep.Facilities {
		b.WriteString("\n")
		if f.Report != nil {
			b.WriteString(c.T("hub.r.reported", f.Name, f.ID, f.Report.ReceivedAt.Local().Format("15:04")))
			if f.Report.Submissions > 1 {
				b.WriteString(c.T("hub.r.submissions", f.Report.Submissions))
			}
			b.WriteString("\n")
		} else {
			b.WriteString(c.T("hub.r.silent", f.Name, f.ID) + "\n")
		}
		h := f.Hub
		b.WriteString("  " + c.T("hub.r.figures", h.Records, h.screening(c), h.Fevers, h.denials(c), h.Incidents) + "\n")
		if f.Report == nil {
			continue
		}
		if r, ok := f.Report.received(); ok {
			b.WriteString("  " + c.T("hub.r.body") + "\n\n")
			for _, l := range strings.Split(strings.TrimRight(report.Text(c, r), "\n"), "\n") {
				if l != "" {
					l = "    " + l
				}
				b.WriteString(l + "\n")
			}
			continue
		}
		lines := flatten(f.Report.Body)
		if len(lines) == 0 {
			b.WriteString("  " + c.T("hub.r.body.empty") + "\n")
			continue
		}
		b.WriteString("  " + c.T("hub.r.body") + "\n")
		for _, l := range lines {
			if l.key == "…" {
				l.val = c.T("hub.r.truncated")
			}
			fmt.Fprintf(&b, "    %s: %s\n", l.key, l.val)
		}
	}
	if len(rep.Silent) > 0 {
		b.WriteString("\n" + c.T("hub.r.silent.list", strings.Join(rep.Silent, c.T("list.sep"))) + "\n")
	} else if len(rep.Facilities) > 0 {
		b.WriteString("\n" + c.T("hub.r.all") + "\n")
	}
	// Whatever came from a terminal or an operator is in it: no control
	// character reaches the reader's terminal.
	_, err := io.WriteString(w, Clean(b.String()))
	return err
}

func writeReportMarkdown(w io.Writer, c *i18n.Catalog, rep Report) error {
	var b bytes.Buffer
	b.WriteString("# " + mdEscape(c.T("hub.r.head", dayName(c, rep.Day), len(rep.Facilities), len(rep.Facilities)-len(rep.Silent), len(rep.Silent))) + "\n\n")
	row := func(cells ...string) { b.WriteString("| " + strings.Join(cells, " | ") + " |\n") }
	row(c.T("hub.r.md.facility"), c.T("hub.r.md.status"), c.T("hub.r.md.screening"), c.T("hub.r.md.fevers"),
		c.T("hub.r.md.denials"), c.T("hub.r.md.incidents"), c.T("hub.r.md.records"))
	b.WriteString("|---|---|---|---:|---|---:|---:|\n")
	for _, f := range rep.Facilities {
		status := "**" + c.T("hub.d.missing") + "**"
		if f.Report != nil {
			status = reportState(c, f.Report.Body) + " " + f.Report.ReceivedAt.Local().Format("15:04")
		}
		h := f.Hub
		row(mdEscape(f.Name+" "+f.ID), status, h.screening(c), fmt.Sprint(h.Fevers), mdEscape(h.denials(c)),
			fmt.Sprint(h.Incidents), fmt.Sprint(h.Records))
	}
	for _, f := range rep.Facilities {
		if f.Report == nil {
			continue
		}
		fmt.Fprintf(&b, "\n## %s %s\n\n%s\n\n", mdEscape(f.Name), mdEscape(f.ID),
			mdEscape(c.T("hub.r.md.by", f.Report.Terminal, f.Report.Seq, localStamp(f.Report.At))))
		if r, ok := f.Report.received(); ok {
			b.WriteString(report.Markdown(c, r, 3))
			continue
		}
		for _, l := range flatten(f.Report.Body) {
			fmt.Fprintf(&b, "- %s: %s\n", mdEscape(l.key), mdEscape(l.val))
		}
	}
	if len(rep.Silent) > 0 {
		b.WriteString("\n**" + mdEscape(c.T("hub.r.silent.list", strings.Join(rep.Silent, c.T("list.sep")))) + "**\n")
	}
	_, err := io.WriteString(w, Clean(b.String()))
	return err
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "*", `\*`, "_", `\_`).Replace(s)
}

type kv struct{ key, val string }

// maxFlatLines bounds what one report body prints.
const maxFlatLines = 200

// flatten turns an opaque JSON body into key: value lines with dotted paths,
// so whatever figures a report.daily carries are shown without the hub
// having to know its schema.
func flatten(raw json.RawMessage) []kv {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return []kv{{"body", CleanLine(string(raw))}}
	}
	var out []kv
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		if len(out) >= maxFlatLines {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if len(keys) == 0 && prefix != "" {
				out = append(out, kv{CleanLine(prefix), "{}"})
			}
			for _, k := range keys {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				walk(p, x[k])
			}
		case []any:
			if len(x) == 0 {
				out = append(out, kv{CleanLine(prefix), "[]"})
				return
			}
			scalars := true
			for _, e := range x {
				switch e.(type) {
				case map[string]any, []any:
					scalars = false
				}
			}
			if scalars {
				parts := make([]string, len(x))
				for i, e := range x {
					parts[i] = scalar(e)
				}
				out = append(out, kv{CleanLine(prefix), CleanLine(strings.Join(parts, ", "))})
				return
			}
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", prefix, i), e)
			}
		default:
			out = append(out, kv{CleanLine(prefix), CleanLine(scalar(x))})
		}
	}
	walk("", v)
	if len(out) >= maxFlatLines {
		out = append(out, kv{"…", "(truncated)"})
	}
	return out
}

func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	b, _ := json.Marshal(v)
	return string(b)
}
