package hub_test

import (
	"context"
	"html"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/internal/storagetest"
	"gatepost/i18n"
	"gatepost/record"
)

// withGap gives F2 a terminal whose seq 3 never arrived: records 1, 2 and 4
// are held, 4 waits above the gap.
func withGap(t *testing.T, s *dayScene) {
	t.Helper()
	ctx := context.Background()
	s.h.Provision(t, "F2", "gappy")
	ts, err := s.h.Storage.FacilityTerminals(ctx, "F2")
	if err != nil {
		t.Fatal(err)
	}
	var term hub.Terminal
	for _, x := range ts {
		if x.Name == "gappy" {
			term = x
		}
	}
	rs := storagetest.Chain("F2", "gappy", 1, 4, "")
	if _, tally, err := hub.Ingest(ctx, s.h.Storage, term, storagetest.Raw(rs[0], rs[1], rs[3]), hub.Seen{At: time.Now(), Pending: -1}); err != nil || tally.Stored != 3 {
		t.Fatalf("%+v %v", tally, err)
	}
}

func (s *dayScene) get(t *testing.T, path string) answer {
	t.Helper()
	ck := s.h.SignIn(t, "王警官", hub.RoleViewer)
	return call(t, "GET", s.h.URL+path, "", nil, map[string]string{"Cookie": ck.String()})
}

// TestFacilityDay: a facility's day in each language — its report status by
// its deadline, the report as submitted, its figures, its incidents, the
// gaps in its terminals' records and its terminals — and an unknown
// facility is a 404.
func TestFacilityDay(t *testing.T) {
	s := newDayScene(t)
	withGap(t, s)
	for _, lang := range []string{"zh-CN", "en"} {
		c := i18n.NewCatalog(lang)
		a := s.get(t, "/facility?id=F1&date=2025-03-01&lang="+lang)
		page := string(a.body)
		if a.status != 200 || !strings.Contains(page, `<html lang="`+lang+`">`) {
			t.Fatalf("%s: %d\n%s", lang, a.status, page)
		}
		for what, want := range map[string]string{
			"status":       `id="status" data-status="late" class="bad">` + c.T("hub.st.late"),
			"the report":   `<th scope="row">nothing_abnormal</th><td>false</td>`,
			"the figures":  `data-fig="fevers">2<`,
			"the incident": `<td>office</td><td>` + c.T("incident.fever") + `</td><td>S7</td>`,
			"no gaps":      `id="no-gaps"`,
			"a terminal":   `data-terminal="F1/skewed"`,
			"history link": `href="/history?id=F1&amp;date=2025-03-01&amp;lang=` + lang + `"`,
			"the title":    `<h1 id="title">Facility F1 · 2025-03-01</h1>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: %s: no %q in\n%s", lang, what, want, page)
			}
		}
		if !strings.Contains(page, `data-fig="screening">`+s.want["F1"]["screening"]) && !strings.Contains(page, `data-fig="screening">`+s.inChinese().want["F1"]["screening"]) {
			t.Errorf("%s: screening not shown", lang)
		}

		gap := string(s.get(t, "/facility?id=F2&date=2025-03-01&lang="+lang).body)
		if want := c.T("hub.d.gap", "gappy", c.T("hub.d.chain_gap", 1, 3)); !strings.Contains(gap, want) {
			t.Errorf("%s: F2's gap: no %q in\n%s", lang, want, gap)
		}
		if !strings.Contains(gap, `id="no-report"`) || !strings.Contains(gap, `data-status="missing"`) || !strings.Contains(gap, `id="no-incidents"`) {
			t.Errorf("%s: F2 has no report and no incident:\n%s", lang, gap)
		}
		if a := s.get(t, "/facility?id=F9&lang="+lang); a.status != 404 || !strings.Contains(string(a.body), c.T("hub.f.unknown")) {
			t.Errorf("%s: unknown facility: %d %s", lang, a.status, a.body)
		}
	}
	if a := s.get(t, "/facility?id=F1&date=March"); a.status != 400 {
		t.Errorf("bad date: %d", a.status)
	}
	if a := call(t, "GET", s.h.URL+"/facility?id=F1", "", nil, nil); a.status != 303 && a.status != 200 {
		t.Errorf("without a session: %d", a.status)
	} else if strings.Contains(string(a.body), "F1 ·") {
		t.Error("a facility's day is shown without a session")
	}
}

var svgRE = regexp.MustCompile(`(?s)<svg id="chart-([a-z]+)" class="chart" viewBox="[^"]+" role="img" aria-labelledby="chart-([a-z]+)-title chart-([a-z]+)-desc"[^>]*><title id="chart-[a-z]+-title">([^<]+)</title><desc id="chart-[a-z]+-desc">([^<]+)</desc>(.*?)</svg>`)

// TestFacilityHistory: a facility's 30 days as four SVG charts, each with
// a title and a description a screen reader reads, and the same figures in
// a table, in each language.
func TestFacilityHistory(t *testing.T) {
	s := newDayScene(t)
	for _, lang := range []string{"zh-CN", "en"} {
		c := i18n.NewCatalog(lang)
		a := s.get(t, "/history?id=F1&date=2025-03-01&lang="+lang)
		page := string(a.body)
		if a.status != 200 {
			t.Fatalf("%s: %d %s", lang, a.status, page)
		}
		charts := svgRE.FindAllStringSubmatch(page, -1)
		if len(charts) != 4 {
			t.Fatalf("%s: %d charts in\n%s", lang, len(charts), page)
		}
		span := c.T("hub.h.span", "2025-01-31", "2025-03-01")
		want := map[string][2]string{
			"coverage": {c.T("hub.h.cov"), span + c.T("hub.h.cov.desc", 3, 30)},
			"fevers":   {c.T("hub.d.fevers"), span + c.T("hub.h.count.desc", 2, 2, "2025-03-01")},
			"denials":  {c.T("hub.d.denials"), span + c.T("hub.h.count.desc", 2, 2, "2025-03-01")},
			// The 29 days before F1 was on the hub are not missed reports.
			"reports": {c.T("hub.h.reports"), span + c.T("hub.h.reports.desc", 0, 1, 0)},
		}
		if n := strings.Count(page, `data-fig="status" data-status="not_yet"`); n != 29 {
			t.Errorf("%s: %d days of the table are before F1 was on the hub, want 29", lang, n)
		}
		for _, m := range charts {
			id := m[1]
			if m[2] != id || m[3] != id {
				t.Errorf("%s: chart %s labelled by %s/%s", lang, id, m[2], m[3])
			}
			w, ok := want[id]
			if !ok {
				t.Errorf("%s: unexpected chart %s", lang, id)
				continue
			}
			if m[4] != w[0] || m[5] != w[1] {
				t.Errorf("%s: chart %s: title %q desc %q, want %q %q", lang, id, m[4], m[5], w[0], w[1])
			}
			if !strings.Contains(m[6], "<rect") && !strings.Contains(m[6], "<line x1=\"") {
				t.Errorf("%s: chart %s draws nothing", lang, id)
			}
		}
		rows := regexp.MustCompile(`<tr data-day="([0-9-]+)">`).FindAllStringSubmatch(page, -1)
		if len(rows) != hub.HistoryDays || rows[0][1] != "2025-01-31" || rows[len(rows)-1][1] != "2025-03-01" {
			t.Fatalf("%s: table rows %v", lang, rows)
		}
		last := page[strings.Index(page, `<tr data-day="2025-03-01">`):]
		last = last[:strings.Index(last, "</tr>")]
		for _, w := range []string{`data-fig="fevers">2<`, `data-fig="denials">2<`, `data-fig="incidents">1<`, `data-status="late"`} {
			if !strings.Contains(last, w) {
				t.Errorf("%s: the last day's row %s has no %s", lang, last, w)
			}
		}
		if !strings.Contains(page, `<caption>`+c.T("hub.d.day_by_day")+`</caption>`) {
			t.Errorf("%s: the table has no caption", lang)
		}
	}
}

// TestFacilityGauges scrapes /metrics at 17:00 on the scene's day: F1
// reported after its deadline (late), F2 and F3 not at all (missing), F3's
// deadline moved to 18:00 (not yet due, so not missing); fevers, incidents,
// the day's records and F2's gap are exported per facility.
func TestFacilityGauges(t *testing.T) {
	s := newDayScene(t)
	withGap(t, s)
	ctx := context.Background()
	if err := s.h.Storage.SetDeadline(ctx, "F3", "18:00"); err != nil {
		t.Fatal(err)
	}
	cst := time.FixedZone("CST", 8*3600)
	at := time.Date(2025, 3, 1, 17, 0, 0, 0, cst)
	srv := httptest.NewServer(hub.NewServer(s.h.Storage, hub.Options{Logger: hubtest.Quiet(), MetricsToken: hubtest.MetricsToken,
		Now: func() time.Time { return at }}))
	defer srv.Close()
	// F4 reported at 15:00, before its deadline: on time.
	s.h.Provision(t, "F4", "office")
	f4, err := s.h.Storage.FacilityTerminals(ctx, "F4")
	if err != nil || len(f4) != 1 {
		t.Fatalf("%+v %v", f4, err)
	}
	rep := seal(t, "F4", "office", 1, "", draft{kind: record.ReportDaily, at: time.Date(2025, 3, 1, 14, 50, 0, 0, cst),
		body: map[string]any{"day": "2025-03-01", "zero": true}})
	if _, tally, err := hub.Ingest(ctx, s.h.Storage, f4[0], storagetest.Raw(rep...), hub.Seen{At: time.Date(2025, 3, 1, 15, 0, 0, 0, cst), Pending: -1}); err != nil || tally.Stored != 1 {
		t.Fatalf("%+v %v", tally, err)
	}
	a := call(t, "GET", srv.URL+"/metrics", hubtest.MetricsToken, nil, nil)
	if a.status != 200 {
		t.Fatalf("%d %s", a.status, a.body)
	}
	got := map[string]float64{}
	for _, m := range regexp.MustCompile(`(?m)^(gatepost_hub_facility_[a-z_]+)\{facility="(F[0-9])"\} (\S+)$`).FindAllStringSubmatch(string(a.body), -1) {
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			t.Fatal(err)
		}
		got[m[1]+"/"+m[2]] = v
	}
	deadline := float64(time.Date(2025, 3, 1, 16, 0, 0, 0, cst).Unix())
	for k, want := range map[string]float64{
		"gatepost_hub_facility_report_submitted/F1": 1, "gatepost_hub_facility_report_on_time/F1": 0, "gatepost_hub_facility_report_missing/F1": 0,
		"gatepost_hub_facility_report_submitted/F2": 0, "gatepost_hub_facility_report_on_time/F2": 0, "gatepost_hub_facility_report_missing/F2": 1,
		"gatepost_hub_facility_report_submitted/F3": 0, "gatepost_hub_facility_report_missing/F3": 0,
		"gatepost_hub_facility_report_deadline_timestamp_seconds/F1": deadline,
		"gatepost_hub_facility_report_deadline_timestamp_seconds/F3": deadline + 7200,
		"gatepost_hub_facility_fevers/F1":                            2, "gatepost_hub_facility_fevers/F2": 0,
		"gatepost_hub_facility_incidents/F1": 1, "gatepost_hub_facility_incidents/F3": 0,
		"gatepost_hub_facility_missing_records/F2": 1, "gatepost_hub_facility_missing_records/F1": 0,
		"gatepost_hub_facility_records_today/F1": 15, "gatepost_hub_facility_records_today/F2": 3, // seq 4 waits above the gap
		"gatepost_hub_facility_report_submitted/F4": 1, "gatepost_hub_facility_report_on_time/F4": 1, "gatepost_hub_facility_report_missing/F4": 0,
	} {
		v, ok := got[k]
		if !ok || v != want {
			t.Errorf("%s = %v (exported: %v), want %v", k, v, ok, want)
		}
	}

}

// TestHistoryCoverageAsTheDaySaysIt: more screened than the roster (people
// beyond it screened too) reads the same on a facility's day and in its
// history: over 100%, not capped to it in one place only.
func TestHistoryCoverageAsTheDaySaysIt(t *testing.T) {
	s := newDayScene(t)
	// A day of F1's with 9 people screened against a roster of 6, as the
	// keeper stores it.
	if err := s.h.Storage.PutDayFigures(context.Background(), hub.DayFigures{Facility: "F1", Day: "2025-02-28", Screened: 9,
		Roster: 6, DenialsByReason: map[string]int{}, ComputedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	fig := regexp.MustCompile(`data-fig="screening">([^<]*)<`)
	day := fig.FindStringSubmatch(string(s.get(t, "/facility?id=F1&date=2025-02-28&lang=en").body))
	page := string(s.get(t, "/history?id=F1&date=2025-03-01&lang=en").body)
	at := strings.Index(page, `<tr data-day="2025-02-28">`)
	if at < 0 {
		t.Fatalf("the history has no row for 2025-02-28:\n%s", page)
	}
	hist := fig.FindStringSubmatch(page[at:])
	if day == nil || hist == nil || day[1] != "9/6 (150%)" || hist[1] != day[1] {
		t.Fatalf("the day says %q, its history %q; want both 9/6 (150%%)", day, hist)
	}
}

// TestPageDaysBounded: the dashboard's pages show the days from the
// earliest the hub holds to the latest: the hub's tomorrow, or a later day
// a terminal whose clock runs ahead pushed records of. A day outside is a
// page that says so in the viewer's language, a date that is not one
// likewise, and neither stores figures: a viewer (or a script) walking the
// calendar back a month at a time through the history cannot fill the
// table, because the days before the earliest are shown without being
// stored. The links stop at both ends.
func TestPageDaysBounded(t *testing.T) {
	s := newDayScene(t)
	ctx := context.Background()
	st := s.h.Storage
	const first = "2025-03-01" // the scene's records' day; its facilities are provisioned today
	// A terminal of F1 whose clock is 40 days ahead pushes a crossing.
	s.h.Provision(t, "F1", "ahead")
	ts, err := st.FacilityTerminals(ctx, "F1")
	if err != nil {
		t.Fatal(err)
	}
	ahead := time.Now().AddDate(0, 0, 40)
	for _, term := range ts {
		if term.Name == "ahead" {
			rs := seal(t, "F1", "ahead", 1, "", draft{kind: record.Passage, at: ahead,
				body: record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "S1", Allowed: true, Reason: "staff"}})
			if _, tally, err := hub.Ingest(ctx, st, term, storagetest.Raw(rs...), hub.Seen{At: time.Now(), Pending: -1}); err != nil || tally.Stored != 1 {
				t.Fatalf("%+v %v", tally, err)
			}
		}
	}
	last := ahead.Format(hub.DayLayout)
	beyond := ahead.AddDate(0, 0, 1).Format(hub.DayLayout)
	today := time.Now().Format(hub.DayLayout)
	// The day's page settles its figures (the keeper stores them after
	// the pushes, meanwhile).
	for _, day := range []string{first, last} {
		if a := s.get(t, "/facility?id=F1&date="+day); a.status != 200 {
			t.Fatalf("%s: %d", day, a.status)
		}
	}
	if f, l, err := st.FiguresSpan(ctx); err != nil || f != first || l != last {
		t.Fatalf("the scene's span: %q %q %v", f, l, err)
	}
	for _, lang := range []string{"zh-CN", "en"} {
		c := i18n.NewCatalog(lang)
		for _, tc := range []struct {
			path   string
			status int
			want   string
		}{
			{"/facility?id=F1&date=1900-01-01", 404, c.T("hub.day.early", "1900-01-01", first)},
			{"/history?id=F1&date=2025-02-28", 404, c.T("hub.day.early", "2025-02-28", first)},
			{"/?date=0001-01-01", 404, c.T("hub.day.early", "0001-01-01", first)},
			{"/facility?id=F1&date=" + beyond, 404, c.T("hub.day.late", beyond, today)},
			{"/history?id=F1&date=9999-12-31", 404, c.T("hub.day.late", "9999-12-31", today)},
			{"/?date=2025-13-01", 400, c.T("hub.day.bad", today)},
			{"/facility?id=F1&date=yesterday", 400, c.T("hub.day.bad", today)},
		} {
			a := s.get(t, tc.path+"&lang="+lang)
			page := string(a.body)
			if a.status != tc.status || !strings.Contains(page, html.EscapeString(tc.want)) || !strings.Contains(page, `<html lang="`+lang+`">`) {
				t.Errorf("%s %s: %d, want %d and %q:\n%s", lang, tc.path, a.status, tc.status, tc.want, page)
			}
		}
		// The earliest day: shown, its history a full month (the days
		// before computed, empty, and not linked), and no link further
		// back.
		for _, path := range []string{"/facility?id=F1&date=" + first, "/history?id=F1&date=" + first, "/?date=" + first} {
			a := s.get(t, path+"&lang="+lang)
			page := string(a.body)
			if a.status != 200 || strings.Contains(page, "date=2025-02-28") || !strings.Contains(page, "date=2025-03-02") {
				t.Errorf("%s %s: %d, a link before %s or none after it:\n%s", lang, path, a.status, first, page)
			}
			if strings.HasPrefix(path, "/history") {
				if rows := regexp.MustCompile(`<tr data-day="([0-9-]+)">`).FindAllStringSubmatch(page, -1); len(rows) != hub.HistoryDays || rows[0][1] != "2025-01-31" {
					t.Errorf("%s: the history of %s: %v", lang, first, rows)
				}
			}
		}
		// The ahead terminal's day: shown with its crossing, and no link
		// further on; the days up to it too.
		for _, path := range []string{"/facility?id=F1&date=" + last, "/?date=" + last} {
			a := s.get(t, path+"&lang="+lang)
			if page := string(a.body); a.status != 200 || strings.Contains(page, "date="+beyond) || !strings.Contains(page, `data-fig="records">1<`) {
				t.Errorf("%s %s: %d, no crossing, or a link to %s:\n%s", lang, path, a.status, beyond, page)
			}
		}
		if a := s.get(t, "/?date="+time.Now().AddDate(0, 0, 2).Format(hub.DayLayout)+"&lang="+lang); a.status != 200 {
			t.Errorf("%s: the day after tomorrow, before the ahead terminal's: %d", lang, a.status)
		}
	}
	if f, l, err := st.FiguresSpan(ctx); err != nil || f != first || l != last {
		t.Errorf("after the pages, the span stored is %q..%q (%v), want %s..%s: the history's empty month was stored", f, l, err, first, last)
	}
	rows, err := st.FacilityDayFigures(ctx, "F1", "0000-01-01", "9999-12-31")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Day < first || r.Day > last {
			t.Errorf("a row stored for %s, outside %s..%s", r.Day, first, last)
		}
	}
}
