package hub

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"gatepost/i18n"
	"gatepost/record"
	"gatepost/report"
)

//go:embed dashday.html
var dashDayHTML string

var dashFuncs = template.FuncMap{}

var dayTpl = template.Must(template.New("day").Funcs(dashFuncs).Parse(dashDayHTML))

// HistoryDays is how many days a facility's history shows.
const HistoryDays = 30

type pageBase struct {
	Lang, Other, OtherName string
	T                      map[string]string
	ID, Name, Day          string
	Prev, Next             string
	first                  string // the earliest day a page may show (pageDays)
}

type dayView struct {
	pageBase
	Title      string
	Status     string
	StatusText string
	Deadline   string
	Due        string
	Received   string
	Content    string
	Report     *ReportReceived
	ReportText string // the report as the facility's own report reads, when its body is one
	ReportKV   []dayKV
	Figures    dashFacility
	Incidents  []dayIncident
	Gaps       []dayGap
	Terminals  []dashTerminal
}

type dayKV struct{ Key, Val string }

type dayIncident struct{ At, Terminal, Type, Detail string }

type dayGap struct {
	Terminal, Text string
}

type historyView struct {
	pageBase
	Title, From string
	Charts      []chart
	Rows        []historyRow
}

type historyRow struct {
	Day, Coverage, StatusText, Status string
	Linked                            bool // the day has a page (pageDays)
	Fevers, Denials, Incidents        int
}

// facilityPage reads the facility and day of a drill-down or history
// request, or answers the error.
func (s *Server) facilityPage(w http.ResponseWriter, r *http.Request) (pageBase, Facility, *i18n.Catalog, bool) {
	var pb pageBase
	if !allow(w, r, http.MethodGet) {
		return pb, Facility{}, nil, false
	}
	if _, ok := s.requireSession(w, r); !ok {
		return pb, Facility{}, nil, false
	}
	lang := pickLang(r)
	c := i18n.NewCatalog(lang)
	pb.Lang, pb.T = lang, dashWords(c)
	pb.Other, pb.OtherName = otherLang(lang)
	nav, ok := s.pageDay(w, r, c, lang)
	if !ok {
		return pb, Facility{}, nil, false
	}
	fs, err := s.st.Facilities(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return pb, Facility{}, nil, false
	}
	pb.Day, pb.Prev, pb.Next, pb.first = nav.day, nav.prev, nav.next, nav.first
	id := r.URL.Query().Get("id")
	for _, f := range fs {
		if f.ID == id {
			pb.ID, pb.Name = f.ID, CleanLine(f.Name)
			return pb, f, c, true
		}
	}
	s.pageProblem(w, c, lang, http.StatusNotFound, c.T("hub.f.unknown"))
	return pb, Facility{}, nil, false
}

// pageDays is the span of days a page of the dashboard may show: from the
// earliest day the hub knows of (the first day it holds figures for, which
// every day pushed has, or the day the first facility was provisioned) to
// the latest (the hub's tomorrow, since a facility east of the hub is there
// already, or a later day a terminal whose clock runs ahead pushed
// records of). Outside it there is nothing to show, and a page of such a
// day would store a row of figures for it: a viewer walking the calendar,
// or a script, must not fill the table with centuries of empty days. A
// page shows no more than it stores, so no page moves either end.
func pageDays(ctx context.Context, st Storage, now time.Time) (first, last string, err error) {
	fs, err := st.Facilities(ctx)
	if err != nil {
		return "", "", err
	}
	first, latest, err := st.FiguresSpan(ctx)
	if err != nil {
		return "", "", err
	}
	today, last := now.Format(DayLayout), now.AddDate(0, 0, 1).Format(DayLayout)
	if first == "" || first > today {
		first = today
	}
	for _, f := range fs {
		if d := f.CreatedAt.In(now.Location()).Format(DayLayout); !f.CreatedAt.IsZero() && d < first {
			first = d
		}
	}
	return first, max(last, latest), nil
}

// pageSpan keeps pageDays' answer for spanFresh, so that fifty viewers
// reloading the overview (whose figures they share, see rounds) do not each
// read the facilities and the earliest day too. A day pushed older than the
// earliest becomes a page that much later.
type pageSpan struct {
	mu          sync.Mutex
	at          time.Time
	first, last string
}

// spanFresh is how long pageSpan keeps an answer.
const spanFresh = 5 * time.Second

// get is pageDays as of now, read again when the kept answer is older
// than spanFresh or of another day.
func (p *pageSpan) get(ctx context.Context, st Storage, now time.Time) (first, last string, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.at.IsZero() && !now.Before(p.at) && now.Sub(p.at) < spanFresh && p.at.Format(DayLayout) == now.Format(DayLayout) {
		return p.first, p.last, nil
	}
	if first, last, err = pageDays(ctx, st, now); err == nil {
		p.at, p.first, p.last = now, first, last
	}
	return first, last, err
}

// dayNav is the day a page shows, the days before and after it to link to
// ("" where the span of pageDays ends), and the span's first day.
type dayNav struct{ day, prev, next, first string }

// pageDay reads a page's ?date= (pageDate) and checks it against pageDays.
// A day outside the span is answered here with a page that says so (ok
// false).
func (s *Server) pageDay(w http.ResponseWriter, r *http.Request, c *i18n.Catalog, lang string) (dayNav, bool) {
	now := s.now()
	today := now.Format(DayLayout)
	day, ok := s.pageDate(w, r, c, lang, today)
	if !ok {
		return dayNav{}, false
	}
	first, last, err := s.span.get(r.Context(), s.st, now)
	if err != nil {
		s.internal(w, r, err)
		return dayNav{}, false
	}
	switch {
	case day < first:
		s.pageProblem(w, c, lang, http.StatusNotFound, c.T("hub.day.early", day, first))
		return dayNav{}, false
	case day > last:
		s.pageProblem(w, c, lang, http.StatusNotFound, c.T("hub.day.late", day, today))
		return dayNav{}, false
	}
	return dayNav{day: day, prev: dayStep(day, -1, first, last), next: dayStep(day, 1, first, last), first: first}, true
}

// pageDate reads a page's ?date=, today when absent. A date that is not
// one is answered here with a page that says so (ok false).
func (s *Server) pageDate(w http.ResponseWriter, r *http.Request, c *i18n.Catalog, lang, today string) (string, bool) {
	day := r.URL.Query().Get("date")
	if day == "" {
		return today, true
	}
	if _, err := time.Parse(DayLayout, day); err != nil {
		s.pageProblem(w, c, lang, http.StatusBadRequest, c.T("hub.day.bad", today))
		return "", false
	}
	return day, true
}

// dayStep is the day n days from day for a page's link, or "" (no link)
// when it falls outside first..last.
func dayStep(day string, n int, first, last string) string {
	d, err := time.Parse(DayLayout, day)
	if err != nil {
		return ""
	}
	if to := d.AddDate(0, 0, n).Format(DayLayout); to >= first && to <= last {
		return to
	}
	return ""
}

// pageProblem answers a dashboard page that cannot be shown: what is wrong,
// in the viewer's language, and the way back to the overview.
func (s *Server) pageProblem(w http.ResponseWriter, c *i18n.Catalog, lang string, status int, msg string) {
	pageHeaders(w, lang)
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!DOCTYPE html><html lang=\"%s\"><meta charset=\"utf-8\"><title>%s</title><p>%s</p><p><a href=\"/?lang=%s\">%s</a></p></html>",
		lang, html.EscapeString(msg), html.EscapeString(msg), lang, html.EscapeString(c.T("hub.f.back")))
}

func (s *Server) renderDay(w http.ResponseWriter, r *http.Request, name string, v any, lang string) {
	var b bytes.Buffer
	if err := dayTpl.ExecuteTemplate(&b, name, v); err != nil {
		s.internal(w, r, err)
		return
	}
	pageHeaders(w, lang)
	w.Write(b.Bytes())
}

// facilityDay renders GET /facility?id=&date=: a facility's day — its
// report status and the report as submitted, its figures, the day's
// incidents, the gaps in its terminals' records and its terminals.
func (s *Server) facilityDay(w http.ResponseWriter, r *http.Request) {
	pb, f, c, ok := s.facilityPage(w, r)
	if !ok {
		return
	}
	ctx, now := r.Context(), s.now()
	days, err := StoredDays(ctx, s.st, []Facility{f}, pb.Day)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	d := days[0]
	rf := reportOf(days, pb.Day, now).Facilities[0]
	v := dayView{pageBase: pb, Title: c.T("hub.f.title", pb.Name, pb.Day), Status: rf.Status, StatusText: c.T("hub.st." + rf.Status),
		Deadline: rf.Deadline, Due: c.T("hub.d.due", rf.Deadline), Content: rf.content(c), Report: rf.Report}
	v.Figures = dashFacility{Screened: d.Screened, Roster: d.Roster, Fevers: d.Fevers, Denials: d.Denials, Incidents: d.Incidents,
		Records: d.Records}
	v.Figures.Coverage = coverageText(c, d)
	v.Figures.DenialReasons = rf.Hub.denials(c)
	if rf.Report != nil {
		v.Received = clock(c, rf.Report.FirstReceivedAt, pb.Day, rf.loc())
		if gr, ok := rf.Report.received(); ok {
			if gr.FacilityName == "" {
				gr.FacilityName = f.Name
			}
			v.ReportText = Clean(report.Text(c, gr))
		} else {
			for _, l := range flatten(rf.Report.Body) {
				if l.key == "…" {
					l.val = c.T("hub.r.truncated")
				}
				v.ReportKV = append(v.ReportKV, dayKV{l.key, l.val})
			}
		}
	}
	// The day's incidents: the records of one kind of one facility's day,
	// a handful.
	if err := s.st.DayRecords(ctx, f.ID, pb.Day, []record.Kind{record.Incident}, func(x StoredRecord) error {
		var b record.IncidentBody
		_ = json.Unmarshal(x.Body, &b)
		said := b.Detail
		if b.StandbyDay > 0 { // in the viewer's language, not the terminal's
			said = c.T("incident.contact.at", c.GateTag(x.Gate), b.StandbyDay)
		}
		detail := strings.TrimSpace(strings.Join([]string{b.Name, b.Badge, said}, " "))
		v.Incidents = append(v.Incidents, dayIncident{At: x.At.Format("15:04"), Terminal: x.Terminal,
			Type: CleanLine(c.Word(b.Type, "incident.")), Detail: CleanLine(detail)})
		return nil
	}); err != nil {
		s.internal(w, r, err)
		return
	}
	ts, err := s.st.FacilityTerminals(ctx, f.ID)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	for _, t := range ts {
		v.Terminals = append(v.Terminals, terminalRow(c, now, t))
		if m := t.Chain.Missing(); m > 0 {
			v.Gaps = append(v.Gaps, dayGap{Terminal: t.Name, Text: c.T("hub.d.gap", t.Name, c.T("hub.d.chain_gap", m, t.Chain.HeadSeq+1))})
		}
	}
	s.renderDay(w, r, "facility", v, pb.Lang)
}

// facilityHistory renders GET /history?id=&date=: a facility's last
// HistoryDays days up to date, as charts drawn on the server (SVG, each
// with a title and a description) and as a table.
func (s *Server) facilityHistory(w http.ResponseWriter, r *http.Request) {
	pb, f, c, ok := s.facilityPage(w, r)
	if !ok {
		return
	}
	to, _ := time.Parse(DayLayout, pb.Day)
	start := to.AddDate(0, 0, -(HistoryDays - 1))
	from := start.Format(DayLayout)
	// The days before the earliest a page may show are computed (empty:
	// the hub holds nothing of them) but not stored, or each page would
	// move that earliest day back a month (pageDays).
	var days []FacilityDay
	kept := max(from, pb.first)
	for t := start; t.Format(DayLayout) < kept; t = t.AddDate(0, 0, 1) {
		d, err := ComputeDay(r.Context(), s.st, f, t.Format(DayLayout))
		if err != nil {
			s.internal(w, r, err)
			return
		}
		days = append(days, d)
	}
	rest, err := FacilityHistory(r.Context(), s.st, f, kept, pb.Day)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	days = append(days, rest...)
	now := s.now()
	v := historyView{pageBase: pb, From: from, Title: c.T("hub.h.title", pb.Name)}
	cov := make([]float64, len(days))
	fev, den := make([]float64, len(days)), make([]float64, len(days))
	status := make([]string, len(days))
	labels := make([]string, len(days))
	covKnown := 0
	covSum := 0.0
	for i, d := range days {
		rf := reportOf([]FacilityDay{d}, d.Day, now).Facilities[0]
		row := historyRow{Day: d.Day, Linked: d.Day >= pb.first, Fevers: d.Fevers, Denials: d.Denials, Incidents: d.Incidents, Status: rf.Status,
			StatusText: c.T("hub.st." + rf.Status)}
		// As the day's page says it: more screened than the roster (people
		// beyond it screened too) is over 100%, not capped to it.
		row.Coverage = coverageText(c, d)
		if x, ok := d.Coverage(); ok {
			cov[i] = math.Round(x * 100)
			covKnown++
			covSum += cov[i]
		} else {
			cov[i] = -1
		}
		fev[i], den[i] = float64(d.Fevers), float64(d.Denials)
		status[i], labels[i] = rf.Status, d.Day
		v.Rows = append(v.Rows, row)
	}
	span := c.T("hub.h.span", from, pb.Day)
	covDesc := c.T("hub.h.cov.none")
	if covKnown > 0 {
		covDesc = c.T("hub.h.cov.desc", int(math.Round(covSum/float64(covKnown))), covKnown)
	}
	v.Charts = []chart{
		barChart("coverage", c.T("hub.h.cov"), span+covDesc, labels, cov, 100, "%"),
		barChart("fevers", c.T("hub.d.fevers"), span+countDesc(c, labels, fev), labels, fev, 0, ""),
		barChart("denials", c.T("hub.d.denials"), span+countDesc(c, labels, den), labels, den, 0, ""),
		statusChart(c, span, labels, status),
	}
	s.renderDay(w, r, "history", v, pb.Lang)
}

// chart is one chart of the history: drawn, and its title and description
// also as a visible caption.
type chart struct {
	Title, Desc string
	SVG         template.HTML
}

// countDesc describes a count over the days: the total and the highest day.
func countDesc(c *i18n.Catalog, labels []string, vs []float64) string {
	total, top := 0.0, 0
	for i, v := range vs {
		total += v
		if v > vs[top] {
			top = i
		}
	}
	if total == 0 {
		return c.T("hub.h.none")
	}
	return c.T("hub.h.count.desc", int(total), int(vs[top]), labels[top])
}

const (
	chartW, chartH = 600, 160
	chartTop       = 10
	chartBase      = 130 // the bars' baseline
	chartLeft      = 46  // room for the scale's labels
)

// barChart draws one value per day as an SVG bar chart; a negative value
// is unknown and drawn as a grey tick. Every text is escaped here.
func barChart(id, title, desc string, labels []string, vs []float64, top float64, unit string) chart {
	for _, v := range vs {
		top = math.Max(top, v)
	}
	if top == 0 {
		top = 1
	}
	var b strings.Builder
	svgOpen(&b, id, title, desc)
	n := len(vs)
	slot := float64(chartW-chartLeft-10) / float64(max(n, 1))
	for i, v := range vs {
		x := chartLeft + float64(i)*slot
		if v < 0 {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="3" fill="#767676"><title>%s: —</title></rect>`,
				x+slot*0.15, chartBase-3, slot*0.7, html.EscapeString(labels[i]))
			continue
		}
		h := v / top * float64(chartBase-chartTop)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#1a5fb4"><title>%s: %s%s</title></rect>`,
			x+slot*0.15, float64(chartBase)-h, slot*0.7, math.Max(h, 0), html.EscapeString(labels[i]), trimNum(v), unit)
	}
	svgAxis(&b, labels, trimNum(top)+unit)
	b.WriteString(`</svg>`)
	return chart{Title: title, Desc: desc, SVG: template.HTML(b.String())}
}

// statusChart draws each day's report: a full bar on time, a half bar
// late, a cross missing, nothing while pending — shape as well as colour.
func statusChart(c *i18n.Catalog, span string, labels, status []string) chart {
	counts := map[string]int{}
	for _, s := range status {
		counts[s]++
	}
	var b strings.Builder
	title, desc := c.T("hub.h.reports"), span+c.T("hub.h.reports.desc", counts[StatusOnTime], counts[StatusLate], counts[StatusMissing])
	svgOpen(&b, "reports", title, desc)
	slot := float64(chartW-chartLeft-10) / float64(max(len(status), 1))
	for i, s := range status {
		x := chartLeft + float64(i)*slot
		tip := html.EscapeString(labels[i] + ": " + c.T("hub.st."+s))
		switch s {
		case StatusOnTime:
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="#1b5e20"><title>%s</title></rect>`,
				x+slot*0.15, chartTop, slot*0.7, chartBase-chartTop, tip)
		case StatusLate:
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="#8a4b00"><title>%s</title></rect>`,
				x+slot*0.15, (chartBase+chartTop)/2, slot*0.7, (chartBase-chartTop)/2, tip)
		case StatusMissing:
			cx, cy, r := x+slot/2, float64(chartBase-8), math.Min(slot*0.3, 6)
			fmt.Fprintf(&b, `<g stroke="#b00020" stroke-width="2"><title>%s</title><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/></g>`,
				tip, cx-r, cy-r, cx+r, cy+r, cx-r, cy+r, cx+r, cy-r)
		}
	}
	svgAxis(&b, labels, "")
	b.WriteString(`</svg>`)
	return chart{Title: title, Desc: desc, SVG: template.HTML(b.String())}
}

func svgOpen(b *strings.Builder, id, title, desc string) {
	fmt.Fprintf(b, `<svg id="chart-%s" class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-%s-title chart-%s-desc" xmlns="http://www.w3.org/2000/svg">`,
		id, chartW, chartH, id, id)
	fmt.Fprintf(b, `<title id="chart-%s-title">%s</title><desc id="chart-%s-desc">%s</desc>`, id, html.EscapeString(title), id, html.EscapeString(desc))
}

// svgAxis draws the baseline, the first and last day, and the scale's top.
func svgAxis(b *strings.Builder, labels []string, top string) {
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#222"/>`, chartLeft, chartBase, chartW-10, chartBase)
	if len(labels) > 0 {
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="12" fill="#222">%s</text>`, chartLeft, chartBase+18, html.EscapeString(labels[0]))
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="12" fill="#222" text-anchor="end">%s</text>`, chartW-10, chartBase+18, html.EscapeString(labels[len(labels)-1]))
	}
	if top != "" {
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="12" fill="#222" text-anchor="end">%s</text><text x="%d" y="%d" font-size="12" fill="#222" text-anchor="end">0</text>`,
			chartLeft-4, chartTop+10, html.EscapeString(top), chartLeft-4, chartBase)
	}
}

func trimNum(v float64) string { return fmt.Sprintf("%g", v) }
