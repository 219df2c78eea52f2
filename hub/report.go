package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
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

// WriteReport writes the report as text, Markdown or JSON.
func WriteReport(w io.Writer, rep Report, format string) error {
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
		return writeReportMarkdown(w, rep)
	case FormatText, "":
		return writeReportText(w, rep)
	}
	return fmt.Errorf("format %q: want text, md or json", format)
}

func (h HubFigures) screening() string {
	if h.Roster == 0 {
		return fmt.Sprintf("%d screened (no roster on the hub)", h.Screened)
	}
	return fmt.Sprintf("%d/%d screened (%.0f%%)", h.Screened, h.Roster, 100*float64(h.Screened)/float64(h.Roster))
}

func (h HubFigures) denials() string {
	if h.Denials == 0 {
		return "0"
	}
	var rs []string
	for r, n := range h.DenialsByReason {
		rs = append(rs, fmt.Sprintf("%s %d", CleanLine(r), n))
	}
	sort.Strings(rs)
	return fmt.Sprintf("%d (%s)", h.Denials, strings.Join(rs, ", "))
}

func writeReportText(w io.Writer, rep Report) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Consolidated daily report 汇总日报 %s — %d facilities, %d reported, %d silent\n",
		rep.Day, len(rep.Facilities), len(rep.Facilities)-len(rep.Silent), len(rep.Silent))
	for _, f := range rep.Facilities {
		b.WriteString("\n")
		if f.Report != nil {
			fmt.Fprintf(&b, "%s  %s  reported 已报告 at %s by %s (seq %d)", f.ID, f.Name,
				f.Report.ReceivedAt.Local().Format("15:04"), f.Report.Terminal, f.Report.Seq)
			if f.Report.Submissions > 1 {
				fmt.Fprintf(&b, ", %d submissions, latest shown", f.Report.Submissions)
			}
			b.WriteString("\n")
		} else {
			fmt.Fprintf(&b, "%s  %s  SILENT 未报告: no report.daily received\n", f.ID, f.Name)
		}
		h := f.Hub
		fmt.Fprintf(&b, "  hub figures: %d records, %s, fevers %d, denials %s, incidents %d\n",
			h.Records, h.screening(), h.Fevers, h.denials(), h.Incidents)
		if f.Report != nil {
			lines := flatten(f.Report.Body)
			if len(lines) == 0 {
				b.WriteString("  report: (empty)\n")
			} else {
				b.WriteString("  report:\n")
			}
			for _, l := range lines {
				fmt.Fprintf(&b, "    %s: %s\n", l.key, l.val)
			}
		}
	}
	if len(rep.Silent) > 0 {
		fmt.Fprintf(&b, "\nSilent 未报告: %s\n", strings.Join(rep.Silent, ", "))
	} else if len(rep.Facilities) > 0 {
		b.WriteString("\nEvery facility has reported. 全部场所已报告。\n")
	}
	// Whatever came from a terminal or an operator is in it: no control
	// character reaches the reader's terminal.
	_, err := io.WriteString(w, Clean(b.String()))
	return err
}

func writeReportMarkdown(w io.Writer, rep Report) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Consolidated daily report 汇总日报 %s\n\n", rep.Day)
	fmt.Fprintf(&b, "%d facilities, %d reported, **%d silent**.\n\n", len(rep.Facilities),
		len(rep.Facilities)-len(rep.Silent), len(rep.Silent))
	b.WriteString("| Facility | Zero report | Screening | Fevers | Denials | Incidents | Records |\n")
	b.WriteString("|---|---|---|---:|---|---:|---:|\n")
	for _, f := range rep.Facilities {
		status := "**SILENT 未报告**"
		if f.Report != nil {
			status = "reported " + f.Report.ReceivedAt.Local().Format("15:04")
		}
		h := f.Hub
		fmt.Fprintf(&b, "| %s %s | %s | %s | %d | %s | %d | %d |\n", mdEscape(f.Name), mdEscape(f.ID), status,
			h.screening(), h.Fevers, h.denials(), h.Incidents, h.Records)
	}
	for _, f := range rep.Facilities {
		if f.Report == nil {
			continue
		}
		fmt.Fprintf(&b, "\n## %s %s\n\nReported by %s (seq %d) at %s.\n\n", mdEscape(f.Name), mdEscape(f.ID),
			mdEscape(f.Report.Terminal), f.Report.Seq, f.Report.At)
		for _, l := range flatten(f.Report.Body) {
			fmt.Fprintf(&b, "- %s: %s\n", mdEscape(l.key), mdEscape(l.val))
		}
	}
	if len(rep.Silent) > 0 {
		fmt.Fprintf(&b, "\n**Silent 未报告:** %s\n", mdEscape(strings.Join(rep.Silent, ", ")))
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
