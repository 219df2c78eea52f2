package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/width"

	"gatepost/gate"
	"gatepost/i18n"
	"gatepost/record"
	"gatepost/report"
	"gatepost/report/sheet"
)

// ReportVersion is the version of the consolidated report's JSON
// (docs/REPORT.md). Version 2 added each facility's deadline, status and
// content.
const ReportVersion = 2

// DefaultDeadline is a facility's daily-report deadline until one is set.
const DefaultDeadline = "16:00"

// Report statuses of a facility (§14).
const (
	StatusOnTime  = "on_time" // received by the deadline
	StatusLate    = "late"    // received after it
	StatusMissing = "missing" // not received, and the deadline has passed
	StatusPending = "pending" // not received, the deadline is still ahead
	// StatusNotYet: the facility was not on this hub yet — provisioned
	// after the day, and nothing of the day received — so there was no
	// report to miss. The consolidated report leaves it out.
	StatusNotYet = "not_yet"
)

// notYet reports whether d's facility was not on the hub on d's day: it
// was provisioned on a later day (in now's zone) and the hub holds nothing
// of that day from it (a terminal that worked offline before it was
// joined brings days older than its facility's provisioning: those count).
func notYet(d FacilityDay, now time.Time) bool {
	return d.Report == nil && d.Records == 0 && !d.Facility.CreatedAt.IsZero() &&
		d.Facility.CreatedAt.In(now.Location()).Format(DayLayout) > d.Day
}

// ParseDeadline reads a deadline "HH:MM" (00:00–23:59; digits and colon
// typed full-width, as a Chinese input method gives them, too) and returns
// it in that form.
func ParseDeadline(s string) (string, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(width.Fold.String(s)))
	if err != nil {
		return "", fmt.Errorf("deadline %q: want HH:MM, e.g. 16:00", s)
	}
	return t.Format("15:04"), nil
}

// Report is the consolidated daily report of every facility (§3 日报告, §14):
// who reported on time, late or not at all, what each reported — zero or
// abnormal with what — the hub's own figures from the records it received,
// and each facility's report as it sent it.
type Report struct {
	Version    int              `json:"version"`
	Day        string           `json:"day"`
	Generated  time.Time        `json:"generated"`
	Facilities []ReportFacility `json:"facilities"`
	Silent     []string         `json:"silent"` // ids of the facilities with no report.daily for the day
	OnTime     int              `json:"on_time"`
	Late       int              `json:"late"`
	Missing    int              `json:"missing"`
	Pending    int              `json:"pending"`
}

// ReportFacility is one facility in the consolidated report.
type ReportFacility struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Deadline string `json:"deadline"` // "HH:MM" of the day covered
	Status   string `json:"status"`   // StatusOnTime, StatusLate, StatusMissing, StatusPending (or StatusNotYet, never in BuildReport's)
	Reported bool   `json:"reported"`
	// Zero is the facility's zero report, Abnormal what it reported
	// abnormal, as its report.daily says; Zero is null when it did not
	// report or its body does not say.
	Zero     *bool           `json:"zero"`
	Abnormal []string        `json:"abnormal"`
	Report   *ReportReceived `json:"report,omitempty"`
	Hub      HubFigures      `json:"hub_figures"`
}

// ReportReceived is the facility's report.daily as received.
type ReportReceived struct {
	Terminal        string          `json:"terminal"`
	Seq             int64           `json:"seq"`
	ID              string          `json:"id"`
	At              string          `json:"at"`
	ReceivedAt      time.Time       `json:"received_at"`
	FirstReceivedAt time.Time       `json:"first_received_at"`
	Submissions     int             `json:"submissions"`
	Body            json.RawMessage `json:"body"`
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

// deadlineAt is the deadline on the day covered, in loc.
func deadlineAt(day, hhmm string, loc *time.Location) time.Time {
	t, err := time.ParseInLocation(DayLayout+" 15:04", day+" "+hhmm, loc)
	if err != nil {
		t, _ = time.ParseInLocation(DayLayout+" 15:04", day+" "+DefaultDeadline, loc)
	}
	return t
}

// BuildReport assembles the consolidated report of a day (YYYY-MM-DD). A
// facility's report is the one whose body names the day, whenever it came;
// it is on time when the hub received its first submission by the
// facility's deadline on that day, in the facility's own offset (the
// report's), or the hub's zone (now's) for a facility that has not
// reported.
func BuildReport(ctx context.Context, st Storage, day string, now time.Time) (Report, error) {
	if _, err := time.Parse(DayLayout, day); err != nil {
		return Report{}, fmt.Errorf("date %q: want YYYY-MM-DD", day)
	}
	days, err := ComputeDays(ctx, st, day)
	if err != nil {
		return Report{}, err
	}
	rep := reportOf(days, day, now)
	rep.Facilities = slices.DeleteFunc(rep.Facilities, func(f ReportFacility) bool { return f.Status == StatusNotYet })
	return rep, nil
}

// reportOf is the consolidated report of a day from each facility's
// figures: the one judgement of on time, late, missing and pending, shared
// by the report, the dashboard and the metrics.
func reportOf(days []FacilityDay, day string, now time.Time) Report {
	rep := Report{Version: ReportVersion, Day: day, Generated: now, Facilities: []ReportFacility{}, Silent: []string{}}
	for _, d := range days {
		dl := d.Facility.Deadline
		if dl == "" {
			dl = DefaultDeadline
		}
		f := ReportFacility{ID: d.Facility.ID, Name: d.Facility.Name, Deadline: dl, Reported: d.Report != nil, Abnormal: []string{},
			Hub: HubFigures{Records: d.Records, Screened: d.Screened, Roster: d.Roster, Fevers: d.Fevers,
				Denials: d.Denials, DenialsByReason: d.DenialsByReason, Incidents: d.Incidents}}
		if notYet(d, now) {
			f.Status = StatusNotYet
			rep.Facilities = append(rep.Facilities, f)
			continue
		}
		if d.Report != nil {
			f.Report = &ReportReceived{Terminal: d.Report.Terminal, Seq: d.Report.Seq, ID: d.Report.ID,
				At: d.Report.At.Format(time.RFC3339), ReceivedAt: d.Report.ReceivedAt, FirstReceivedAt: d.Report.FirstReceivedAt,
				Submissions: d.Report.Count, Body: d.Report.Body}
			if d.Report.FirstReceivedAt.After(deadlineAt(day, dl, d.Report.At.Location())) {
				f.Status = StatusLate
				rep.Late++
			} else {
				f.Status = StatusOnTime
				rep.OnTime++
			}
			var b struct {
				Zero     *bool    `json:"zero"`
				Abnormal []string `json:"abnormal"`
			}
			if json.Unmarshal(d.Report.Body, &b) == nil {
				f.Zero = b.Zero
				for _, a := range b.Abnormal {
					f.Abnormal = append(f.Abnormal, CleanLine(a))
				}
			}
		} else {
			rep.Silent = append(rep.Silent, d.Facility.ID)
			if now.Before(deadlineAt(day, dl, now.Location())) {
				f.Status = StatusPending
				rep.Pending++
			} else {
				f.Status = StatusMissing
				rep.Missing++
			}
		}
		rep.Facilities = append(rep.Facilities, f)
	}
	return rep
}

// Formats of WriteReport.
const (
	FormatText     = "text"
	FormatMarkdown = "md"
	FormatJSON     = "json"
	FormatHTML     = "html"
	FormatDocx     = "docx"
	FormatXLSX     = "xlsx"
)

// ReportFormats lists every format WriteReport takes.
var ReportFormats = []string{FormatText, FormatMarkdown, FormatJSON, FormatHTML, FormatDocx, FormatXLSX}

// WriteReport writes the report in one of ReportFormats. Every format but
// JSON is in one language, lang ("zh-CN", "en", a LANG value), from the
// shared catalogue, in the 公文 form of the facilities' own reports; JSON
// has the stable field names in every language.
func WriteReport(w io.Writer, rep Report, format, lang string) error {
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
	case FormatXLSX:
		return sheet.Write(w, []sheet.Sheet{reportSheet(i18n.NewCatalog(lang), rep)})
	case FormatText, "", FormatMarkdown, FormatHTML, FormatDocx:
		d := reportDoc(lang, rep)
		if format == FormatText || format == "" || format == FormatMarkdown {
			// Whatever came from a terminal or an operator is in it: no
			// control character reaches the reader's terminal.
			var b bytes.Buffer
			if err := d.Write(&b, format); err != nil {
				return err
			}
			_, err := io.WriteString(w, Clean(b.String()))
			return err
		}
		return d.Write(w, format)
	}
	return fmt.Errorf("format %q: want text, md, json, html, docx or xlsx", format)
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

// clock is a received time as the report writes it: the time alone on the
// day covered, else the date and time, in the zone of the deadline.
func clock(c *i18n.Catalog, t time.Time, day string, loc *time.Location) string {
	t = t.In(loc)
	if t.Format(DayLayout) == day {
		return t.Format("15:04")
	}
	return report.StampText(c, t.Format(record.TimeLayout))
}

// content is what a facility reported, in words: zero, or abnormal with
// what, or that the body does not say.
func (f ReportFacility) content(c *i18n.Catalog) string {
	switch {
	case f.Report == nil:
		return ""
	case f.Zero != nil && *f.Zero:
		return c.T("hub.c.zero")
	case len(f.Abnormal) > 0:
		var ws []string
		for _, a := range f.Abnormal {
			ws = append(ws, CleanLine(c.Word(a, "dm.abn.")))
		}
		return c.T("hub.c.abnormal", len(f.Abnormal), strings.Join(ws, c.T("list.sep")))
	}
	return c.T("hub.c.unknown")
}

func (f ReportFacility) loc() *time.Location {
	if f.Report != nil {
		if t, err := time.Parse(time.RFC3339, f.Report.At); err == nil {
			return t.Location()
		}
	}
	return time.Local
}

// statusText is a facility's line of 一、报送情况.
func (f ReportFacility) statusText(c *i18n.Catalog, day string) string {
	name := CleanLine(f.Name)
	switch f.Status {
	case StatusOnTime:
		return c.T("hub.s.on_time", name, f.Deadline, clock(c, f.Report.FirstReceivedAt, day, f.loc()), f.content(c))
	case StatusLate:
		return c.T("hub.s.late", name, f.Deadline, clock(c, f.Report.FirstReceivedAt, day, f.loc()), f.content(c))
	case StatusPending:
		return c.T("hub.s.pending", name, f.Deadline)
	}
	return c.T("hub.s.missing", name, f.Deadline)
}

func reportDoc(lang string, rep Report) *report.Doc {
	d := report.NewDoc(lang)
	c := d.Catalog()
	n := len(rep.Facilities)
	d.Title(c.T("hub.g.title")).Sub(c.T("gw.date", report.DayText(c, rep.Day)))
	sum := c.T("hub.g.summary", n, rep.OnTime+rep.Late, rep.OnTime, rep.Late, rep.Missing)
	if rep.Pending > 0 {
		sum += c.T("hub.g.pending", rep.Pending)
	}
	d.Para(sum + c.T("gw.end"))

	d.Heading(c.T("hub.g.s1"))
	rows := [][]string{{c.T("hub.r.md.facility"), c.T("hub.g.deadline"), c.T("hub.r.md.status"), c.T("hub.g.received"), c.T("hub.g.content")}}
	for i, f := range rep.Facilities {
		d.Para(fmt.Sprintf(c.T("hub.g.no"), i+1) + f.statusText(c, rep.Day))
		received := ""
		if f.Report != nil {
			received = clock(c, f.Report.FirstReceivedAt, rep.Day, f.loc())
		}
		rows = append(rows, []string{CleanLine(f.Name), f.Deadline, c.T("hub.st." + f.Status), received, f.content(c)})
	}
	if n > 0 {
		d.Table(rows)
	}
	if rep.Missing == 0 && rep.Pending == 0 && n > 0 {
		d.Para(c.T("hub.r.all"))
	}

	d.Heading(c.T("hub.g.s2"))
	for i, f := range rep.Facilities {
		h := f.Hub
		d.Para(fmt.Sprintf(c.T("hub.g.no"), i+1) + c.T("hub.g.figures", CleanLine(f.Name),
			c.T("hub.r.figures", h.Records, h.screening(c), h.Fevers, h.denials(c), h.Incidents)))
	}

	d.Heading(c.T("hub.g.s3"))
	any := false
	for _, f := range rep.Facilities {
		if f.Report == nil {
			continue
		}
		any = true
		if r, ok := f.Report.received(); ok {
			if r.FacilityName == "" {
				r.FacilityName = f.Name
			}
			d.Report(r)
			continue
		}
		// A body the hub cannot read as a report (an older terminal, a
		// hand-made record) is shown field by field under the facility.
		d.Para(c.T("hub.g.raw", CleanLine(f.Name)))
		for _, l := range flatten(f.Report.Body) {
			if l.key == "…" {
				l.val = c.T("hub.r.truncated")
			}
			d.Para(l.key + c.T("hub.g.colon") + l.val)
		}
	}
	if !any {
		d.Para(c.T("hub.g.none"))
	}
	return d
}

// reportSheet is the consolidated report as one worksheet, a row per
// facility.
func reportSheet(c *i18n.Catalog, rep Report) sheet.Sheet {
	sh := sheet.Sheet{Name: c.T("hub.x.sheet", rep.Day), Header: []string{
		c.T("hub.x.id"), c.T("hub.r.md.facility"), c.T("hub.g.deadline"), c.T("hub.r.md.status"), c.T("hub.g.received"),
		c.T("hub.x.submissions"), c.T("hub.g.content"), c.T("hub.r.md.records"), c.T("hub.x.screened"), c.T("hub.x.roster"),
		c.T("hub.r.md.fevers"), c.T("hub.r.md.denials"), c.T("hub.r.md.incidents")}}
	for _, f := range rep.Facilities {
		received, subs := "", 0
		if f.Report != nil {
			received, subs = f.Report.FirstReceivedAt.In(f.loc()).Format("2006-01-02 15:04"), f.Report.Submissions
		}
		h := f.Hub
		sh.Rows = append(sh.Rows, []any{CleanLine(f.ID), CleanLine(f.Name), f.Deadline, c.T("hub.st." + f.Status), received, subs,
			f.content(c), h.Records, h.Screened, h.Roster, h.Fevers, h.Denials, h.Incidents})
	}
	return sh
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
