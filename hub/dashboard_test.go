package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gatepost/gate"
	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/wire"
	"gatepost/i18n"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// dayScene is a hub with three facilities and a known day, 2025-03-01:
//
//	F1 (two terminals): roster of 10 active people; 5 staff admitted with a
//	temperature (S1–S5), 2 denied as not on the roster (one of them then
//	overridden by a supervisor), 1 denied for fever (S6), 1 admitted then
//	voided (S9); temperature readings for S7 (fever) and S8; 1 incident; a
//	report.daily. So: screened 8/10, fevers 2, denials 2, incidents 1,
//	reported.
//	F2: one passage, no report: silent.
//	F3: a terminal that never synced: silent.
type dayScene struct {
	h      *hubtest.Hub
	want   map[string]map[string]string // facility → data-fig → text
	status map[string]string            // report status → its words
}

func newDayScene(t *testing.T) *dayScene {
	t.Helper()
	ctx := context.Background()
	h := hubtest.NewHub(t)
	at := func(hh, mm int) time.Time { return time.Date(2025, 3, 1, hh, mm, 0, 0, day.Location()) }
	temp := func(v record.Tenths) *record.Tenths { return &v }
	pass := func(badge string, allowed bool, reason string, t *record.Tenths) record.PassageBody {
		return record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: badge, Temp: t, Allowed: allowed, Reason: reason}
	}
	sync := func(name string, facility string, ds []store.Draft) *store.Store {
		token := h.Provision(t, facility, name)
		st := hubtest.NewTerminal(t, t.TempDir(), facility, name)
		t.Cleanup(func() { st.Close() })
		hubtest.Join(t, st, h.URL, token)
		if len(ds) > 0 {
			if _, err := st.AppendBatch(ctx, ds); err != nil {
				t.Fatal(err)
			}
			if res, err := syncer.Once(ctx, st); err != nil || res.Pending != 0 {
				t.Fatalf("sync %s: %+v %v", name, res, err)
			}
		}
		return st
	}
	denied1, denied2, voided := record.NewID(), record.NewID(), record.NewID()
	var ds1 []store.Draft
	for i, b := range []string{"S1", "S2", "S3", "S4", "S5"} {
		ds1 = append(ds1, store.Draft{Kind: record.Passage, Gate: 1, Guard: "G1", At: at(7, i), Body: pass(b, true, "staff", temp(364))})
	}
	ds1 = append(ds1,
		store.Draft{ID: denied1, Kind: record.Passage, Gate: 1, Guard: "G1", At: at(8, 0), Body: record.PassageBody{Subject: record.SubjectVisitor, Direction: record.In, Name: "访客甲", Temp: temp(365), Allowed: false, Reason: "not_on_roster"}},
		store.Draft{ID: denied2, Kind: record.Passage, Gate: 1, Guard: "G1", At: at(8, 5), Body: record.PassageBody{Subject: record.SubjectVisitor, Direction: record.In, Name: "访客乙", Allowed: false, Reason: "not_on_roster"}},
		store.Draft{Kind: record.Override, Gate: 1, Guard: "SUP", At: at(8, 10), Body: record.OverrideBody{Target: denied2, Supervisor: "SUP", Reason: "局领导批准"}},
		store.Draft{Kind: record.Passage, Gate: 1, Guard: "G1", At: at(9, 0), Body: pass("S6", false, "fever", temp(381))},
		store.Draft{ID: voided, Kind: record.Passage, Gate: 1, Guard: "G1", At: at(9, 30), Body: pass("S9", true, "staff", temp(363))},
		store.Draft{Kind: record.Void, Gate: 1, Guard: "SUP", At: at(9, 31), Body: record.VoidBody{Target: voided, TargetSeq: 10, Supervisor: "SUP", Reason: "录入错误"}},
	)
	ds2 := []store.Draft{
		{Kind: record.Temperature, Gate: 0, Guard: "G2", At: at(10, 0), Body: record.TemperatureBody{Badge: "S7", Temp: 382, Fever: true}},
		{Kind: record.Temperature, Gate: 0, Guard: "G2", At: at(10, 1), Body: record.TemperatureBody{Badge: "S8", Temp: 365}},
		{Kind: record.Incident, Gate: 0, Guard: "G2", At: at(10, 2), Body: record.IncidentBody{Type: "fever", Badge: "S7"}},
		{Kind: record.ReportDaily, Gate: 0, Guard: "SUP", At: at(18, 0), Body: map[string]any{
			"day": "2025-03-01", "nothing_abnormal": false, "fevers": 2, "screening": map[string]int{"screened": 8, "roster": 10}}},
		{Kind: record.Temperature, Gate: 0, Guard: "G2", At: at(10, 3).AddDate(0, 0, 1), Body: record.TemperatureBody{Badge: "S1", Temp: 390, Fever: true}}, // the next day
	}
	var roster []gate.Person
	for _, b := range []string{"S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S11"} {
		roster = append(roster, gate.Person{Badge: b, Name: "员工" + b, Kind: gate.Staff, Assignment: gate.AssignOffice, Active: b != "S11"})
	}
	// The roster is published before the day's records arrive: the figures
	// the keeper computes after a push keep the roster of that moment, and
	// a roster published after the pushes raced the keeper (8/— or 8/10).
	// The facilities are on the hub from the morning of the day (a facility
	// provisioned after a day has no report to miss for it).
	for _, f := range []string{"F1", "F2", "F3"} {
		if err := h.Storage.PutFacility(ctx, hub.Facility{ID: f, CreatedAt: at(12, 0)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Storage.PutPeople(ctx, "F1", roster); err != nil {
		t.Fatal(err)
	}
	sync("gate1", "F1", ds1)
	st2 := sync("office", "F1", ds2)
	sync("gate1", "F2", []store.Draft{{Kind: record.Passage, Gate: 1, Guard: "G1", At: at(12, 0), Body: pass("X1", true, "staff", temp(366))}})
	sync("gate1", "F3", nil)
	_ = st2

	// F1/office's clock is 9 minutes behind: the dashboard must flag it.
	token := h.Provision(t, "F1", "skewed")
	a := call(t, "GET", h.URL+wire.PathWhoami, token, nil, map[string]string{wire.HeaderClock: time.Now().Add(-9 * time.Minute).Format(time.RFC3339Nano)})
	if a.status != 200 {
		t.Fatal(a.status)
	}
	return &dayScene{h: h, status: statusWords("en"), want: map[string]map[string]string{
		"F1": {"screening": "8/10 (80%)", "fevers": "2", "denials": "2", "incidents": "1", "records": "15"},
		"F2": {"screening": "1/—", "fevers": "0", "denials": "0", "incidents": "0", "records": "1"},
		"F3": {"screening": "0/—", "fevers": "0", "denials": "0", "incidents": "0", "records": "0"},
	}}
}

// inChinese is the scene's figures as the Chinese page shows them: the
// coverage with full-width brackets.
func (s *dayScene) inChinese() *dayScene {
	zh := &dayScene{h: s.h, status: statusWords("zh-CN"), want: map[string]map[string]string{}}
	for f, figs := range s.want {
		zh.want[f] = map[string]string{}
		for k, v := range figs {
			zh.want[f][k] = strings.NewReplacer(" (", "（", ")", "）").Replace(v)
		}
	}
	return zh
}

func statusWords(lang string) map[string]string {
	c := i18n.NewCatalog(lang)
	m := map[string]string{}
	for _, st := range []string{hub.StatusOnTime, hub.StatusLate, hub.StatusMissing, hub.StatusPending} {
		m[st] = c.T("hub.st." + st)
	}
	return m
}

func TestComputeDay(t *testing.T) {
	s := newDayScene(t)
	days, err := hub.ComputeDays(context.Background(), s.h.Storage, "2025-03-01")
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 3 {
		t.Fatalf("%d facilities", len(days))
	}
	f1 := days[0]
	if f1.Screened != 8 || f1.Roster != 10 || f1.Fevers != 2 || f1.Denials != 2 || f1.Incidents != 1 || f1.Records != 15 ||
		f1.DenialsByReason["fever"] != 1 || f1.DenialsByReason["not_on_roster"] != 1 || f1.Report == nil || f1.Report.Terminal != "office" {
		t.Fatalf("F1 %+v", f1)
	}
	if days[1].Report != nil || days[2].Report != nil || days[1].Records != 1 {
		t.Fatalf("F2 %+v F3 %+v", days[1], days[2])
	}
}

var (
	rowRE = regexp.MustCompile(`(?s)<tr data-(?:facility|terminal)="([^"]+)">(.*?)</tr>`)
	figRE = regexp.MustCompile(`(?s)<td[^>]*data-fig="([a-z-]+)"[^>]*>(.*?)</td>`)
	tagRE = regexp.MustCompile(`<[^>]*>`)
)

// figures reads the data-fig cells of every facility and terminal row of a
// rendered dashboard.
func figures(page string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, row := range rowRE.FindAllStringSubmatch(page, -1) {
		m := map[string]string{}
		for _, c := range figRE.FindAllStringSubmatch(row[2], -1) {
			m[c[1]] = strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(c[2], "")))
		}
		out[row[1]] = m
	}
	return out
}

func checkDashboard(t *testing.T, s *dayScene, page, missing, intact string) {
	t.Helper()
	figs := figures(page)
	for f, want := range s.want {
		for k, v := range want {
			if figs[f][k] != v {
				t.Errorf("%s %s: page shows %q, want %q", f, k, figs[f][k], v)
			}
		}
	}
	if r := figs["F1"]["report"]; r == "" || strings.Contains(r, missing) {
		t.Errorf("F1 zero report: %q", r)
	}
	for _, f := range []string{"F2", "F3"} {
		if r := figs[f]["report"]; r != missing {
			t.Errorf("%s zero report: %q, want %q", f, r, missing)
		}
	}
	if g := figs["F1/gate1"]; g["held"] != "11" || g["pending"] != "0" || g["chain"] != intact {
		t.Errorf("F1/gate1 row %v", g)
	}
	if g := figs["F3/gate1"]; g["held"] != "0" {
		t.Errorf("F3/gate1 row %v", g)
	}
	if !regexp.MustCompile(`class="num bad" data-fig="skew">-9m`).MatchString(page) {
		t.Errorf("the skewed terminal is not flagged")
	}
	if strings.Contains(page, `http-equiv="refresh"`) {
		t.Error("the page reloads itself (WCAG 2.2.1): its live part is fetched by its script instead")
	}
	if !strings.Contains(page, `<div id="live" data-src="/?date=`) || !strings.Contains(page, `id="live-pause"`) {
		t.Error("no live part or no pause button")
	}
	// Reported after the deadline of the day (the scene's records are of
	// 2025), or not at all: the status column judges as the consolidated
	// report does.
	if st := figs["F1"]["status"]; !strings.HasPrefix(st, s.status["late"]) {
		t.Errorf("F1 status %q, want late", st)
	}
	for _, f := range []string{"F2", "F3"} {
		if st := figs[f]["status"]; !strings.HasPrefix(st, s.status["missing"]) {
			t.Errorf("%s status %q, want missing", f, st)
		}
	}
	if !strings.Contains(page, `id="stat-silent" class="bad">2<`) {
		t.Error("the count of silent facilities is not 2")
	}
}

func TestDashboard(t *testing.T) {
	s := newDayScene(t)
	cookie := s.h.SignIn(t, "李警官", hub.RoleViewer)
	get := func(url, lang string) string {
		req, _ := http.NewRequest("GET", url, nil)
		req.AddCookie(cookie)
		if lang != "" {
			req.Header.Set("Accept-Language", lang)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s: %d %s", url, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		return b.String()
	}
	zh := get(s.h.URL+"/?date=2025-03-01", "")
	checkDashboard(t, s.inChinese(), zh, "未报", "完整")
	if !strings.Contains(zh, `<html lang="zh-CN">`) {
		t.Error("default language is not Chinese")
	}
	en := get(s.h.URL+"/?date=2025-03-01", "en-US,en;q=0.9")
	checkDashboard(t, s, en, "MISSING", "intact")
	if got := get(s.h.URL+"/?date=2025-03-01&lang=en", "zh-CN"); !strings.Contains(got, `<html lang="en">`) {
		t.Error("?lang=en does not win over Accept-Language")
	}
	// Another day: nobody reported, no figures.
	other := figures(get(s.h.URL+"/?date=2025-03-02&lang=en", ""))
	if other["F1"]["report"] != "MISSING" || other["F1"]["fevers"] != "1" {
		t.Errorf("next day %v", other["F1"])
	}
	if a := call(t, "GET", s.h.URL+"/?date=yesterday", "", nil, map[string]string{"Cookie": cookie.String()}); a.status != 400 {
		t.Errorf("bad date: %d", a.status)
	}
}

// chromiumPath finds a Chromium to drive; it skips the test when there is
// none, and fails it in CI, where .ci/run installs one.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, b := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(b); err == nil {
			return b
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed: .ci/run must apt-get install -y chromium")
	}
	t.Skip("chromium not installed")
	return ""
}

// chrome drives a headless Chromium with a fresh profile, closed when the
// test ends; each step gets its own time limit (a limit on the first call
// would stop the whole browser).
type chrome struct {
	t    *testing.T
	ctx  context.Context
	lang string
}

func headless(t *testing.T) *chrome {
	t.Helper()
	bin := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("no-zygote", true), chromedp.UserDataDir(t.TempDir())}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// Start the browser without a time limit, as chromedp asks.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	return &chrome{t: t, ctx: ctx}
}

func run[T any](c *chrome, what string, a chromedp.Action[T]) T {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 90*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		c.t.Fatalf("%s: %s: %v", c.lang, what, err)
	}
	return v
}

func (c *chrome) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	run(c, what, chromedp.Steps(steps...))
}

// TestDashboardInBrowser signs in to the dashboard in a real headless
// Chromium, in each language: the dashboard first sends it to the sign-in
// page, a wrong password is refused, the right one opens the dashboard
// (whose figures are checked against the hub's data), a sign-out posted
// without its CSRF token is refused and leaves the session, and the real
// sign-out ends it.
func TestDashboardInBrowser(t *testing.T) {
	b := headless(t)
	s := newDayScene(t)
	if err := hub.AddUser(context.Background(), s.h.Storage, "李警官", hub.RoleAdmin, "correct horse", "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	id := func(s string) chromedp.ID { return chromedp.ID(s) }
	for _, c := range []struct{ lang, missing, intact string }{{"zh-CN", "未报", "完整"}, {"en", "MISSING", "intact"}} {
		s := s
		if c.lang == "zh-CN" {
			s = s.inChinese()
		}
		b.lang = c.lang
		cat := i18n.NewCatalog(c.lang)
		dashURL := s.h.URL + "/?date=2025-03-01&lang=" + c.lang

		b.do("open the dashboard", chromedp.Navigate(dashURL), chromedp.WaitVisible(id("password")))
		if loc := run(b, "location", chromedp.Location()); !strings.HasPrefix(loc, s.h.URL+"/login?lang="+c.lang) {
			t.Fatalf("%s: without a session the browser is at %s, want the sign-in page", c.lang, loc)
		}
		b.do("a wrong password", chromedp.SetValue(id("name"), "李警官"), chromedp.SetValue(id("password"), "wrong horse"),
			chromedp.Click(id("signin")), chromedp.WaitVisible(id("message")))
		if msg := run(b, "message", chromedp.Text(id("message"))); msg != cat.T("hub.auth.bad") {
			t.Errorf("%s: a wrong password says %q", c.lang, msg)
		}
		b.do("sign in", chromedp.SetValue(id("password"), "correct horse"), chromedp.Click(id("signin")), chromedp.WaitVisible(id("user")))
		if user := run(b, "user", chromedp.Text(id("user"))); user != "李警官" {
			t.Errorf("%s: signed in as %q", c.lang, user)
		}
		b.do("the day's figures", chromedp.Navigate(dashURL), chromedp.WaitVisible(id("facilities")))
		dom := run(b, "the page", chromedp.OuterHTML(chromedp.CSS("html")))
		if !strings.Contains(dom, `lang="`+c.lang+`"`) {
			t.Fatalf("%s: the browser did not render the dashboard:\n%s", c.lang, dom)
		}
		checkDashboard(t, s, dom, c.missing, c.intact)

		// A sign-out posted without its token, as a forged form would be.
		run(b, "remove the token", chromedp.Evaluate[bool](`document.querySelector('#account input[name=csrf]').remove() === undefined`))
		b.do("a sign-out without CSRF", chromedp.Click(id("signout")), chromedp.WaitVisible(id("message")))
		if msg := run(b, "message", chromedp.Text(id("message"))); msg != cat.T("hub.auth.expired") {
			t.Errorf("%s: a sign-out without CSRF says %q", c.lang, msg)
		}
		b.do("still signed in", chromedp.Navigate(dashURL), chromedp.WaitVisible(id("user")))

		b.do("sign out", chromedp.Click(id("signout")), chromedp.WaitVisible(id("message")))
		msg, loc := run(b, "message", chromedp.Text(id("message"))), run(b, "location", chromedp.Location())
		if msg != cat.T("hub.auth.signedout") || !strings.HasPrefix(loc, s.h.URL+"/login?out=1") {
			t.Errorf("%s: after sign-out at %s saying %q", c.lang, loc, msg)
		}
		b.do("the dashboard after sign-out", chromedp.Navigate(dashURL), chromedp.WaitVisible(id("password")))
		if loc := run(b, "location", chromedp.Location()); !strings.HasPrefix(loc, s.h.URL+"/login") {
			t.Errorf("%s: after sign-out the dashboard opens at %s", c.lang, loc)
		}
	}
	es, err := s.h.Storage.Audit(context.Background(), 20)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Action)
	}
	if want := "logout login login.failed logout login login.failed user.add"; strings.Join(got, " ") != want {
		t.Errorf("audit log after the browser's visits: %v, want %s", got, want)
	}
}

func TestReport(t *testing.T) {
	s := newDayScene(t)
	rep, err := hub.BuildReport(context.Background(), s.h.Storage, "2025-03-01", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rep.Silent, ",") != "F2,F3" || len(rep.Facilities) != 3 || !rep.Facilities[0].Reported ||
		rep.Facilities[0].Status != hub.StatusLate || rep.Missing != 2 || rep.Late != 1 {
		t.Fatalf("report %+v", rep)
	}
	write := func(format, lang string) string {
		var b bytes.Buffer
		if err := hub.WriteReport(&b, rep, format, lang); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	text := write("text", "en")
	for _, want := range []string{"3 facilities: 1 reported (0 on time, 1 late), 2 missing.", "Facility F1: reported late (deadline 16:00", "8/10 screened (80%)", "2 fevers",
		"denials 2 (fever 1, " + i18n.NewCatalog("en").Reason("not_on_roster") + " 1)",
		"nothing_abnormal: false", "screening.screened: 8", "Facility F2: MISSING (deadline 16:00)."} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
	zh := write("text", "zh-CN")
	for _, want := range []string{"全市戒毒场所疫情防控和安全稳定情况汇总", "（2025年3月1日）", "应报3个，已报1个（其中按时0个、逾期1个），未报2个", "Facility F1：逾期报送（截止16:00，", "测温8/10人（80%）", "发热2人次",
		"拒绝通行2人次（", "Facility F2：未报送（截止16:00）。"} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh text report lacks %q:\n%s", want, zh)
		}
	}
	// One language per report: no "SILENT 未报告".
	for lang, out := range map[string]string{"en": text + write("md", "en") + write("html", "en"), "zh-CN": zh + write("md", "zh-CN") + write("html", "zh-CN")} {
		for _, other := range map[string][]string{"en": {"未报", "已报", "汇总", "测温"}, "zh-CN": {"SILENT", "MISSING", "reported", "Silent", "denials"}}[lang] {
			if strings.Contains(out, other) {
				t.Errorf("%s report has %q:\n%s", lang, other, out)
			}
		}
	}
	md := write("md", "en")
	if !strings.Contains(md, "| Facility | Deadline |") || !strings.Contains(md, "| MISSING |") {
		t.Errorf("markdown report:\n%s", md)
	}
	var back hub.Report
	var body bytes.Buffer
	js := write("json", "zh-CN")
	if err := json.Unmarshal([]byte(js), &back); err != nil || back.Version != 2 || back.Facilities[0].Report == nil ||
		json.Compact(&body, back.Facilities[0].Report.Body) != nil || back.Facilities[1].Status != hub.StatusMissing ||
		!strings.Contains(body.String(), `"fevers":2`) || back.Facilities[0].Hub.Fevers != 2 {
		t.Fatalf("json report %v: %s", err, js)
	}
	if err := hub.WriteReport(&body, rep, "pdf", "en"); err == nil {
		t.Error("unknown format accepted")
	}
}

// A report.daily as a terminal submits it — the computed report inside —
// is printed in words, in the 公文's own sections, not as a field dump.
func TestReportRendersTheFacilityReport(t *testing.T) {
	raw, err := os.ReadFile("../gate/testdata/TestReportGoldenJSON/abnormal.golden")
	if err != nil {
		t.Fatal(err)
	}
	zero := false
	body, _ := json.Marshal(record.ReportDailyBody{Day: "2026-11-28", Supervisor: "9001", Abnormal: []string{"fever", "unscreened"}, Report: raw})
	rep := hub.Report{Day: "2026-11-28", Facilities: []hub.ReportFacility{{ID: "QS", Name: "青山所", Reported: true, Deadline: "16:00",
		Status: hub.StatusOnTime, Zero: &zero, Abnormal: []string{"fever", "unscreened"},
		Report: &hub.ReportReceived{Terminal: "gate1", Seq: 40, Body: body, ReceivedAt: time.Now(), At: "2026-11-28T15:00:00+08:00",
			FirstReceivedAt: time.Date(2026, 11, 28, 15, 2, 0, 0, time.FixedZone("CST", 8*3600))}}}, Silent: []string{}, OnTime: 1}
	for lang, want := range map[string][]string{
		"zh-CN": {"青山所：16:00前按时报送（15:02收到），存在问题2项：确认发热、有人员未测体温。", "一、疫情防控", "二、安全稳定", "应报1个，已报1个（其中按时1个、逾期0个），未报0个", "各场所均已报送。"},
		"en":    {"青山所: reported on time (deadline 16:00, received 15:02), 2 problems: confirmed fever, people not screened.", "1. Epidemic prevention", "2. Security", "1 facility: 1 reported (1 on time, 0 late), 0 missing", "Every facility has reported."},
	} {
		var b bytes.Buffer
		if err := hub.WriteReport(&b, rep, "text", lang); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s: lacks %q:\n%s", lang, w, b.String())
			}
		}
		if strings.Contains(b.String(), "screening.total") || strings.Contains(b.String(), "[dm.") || strings.Contains(b.String(), "[gw.") {
			t.Errorf("%s: the body is dumped, not rendered:\n%s", lang, b.String())
		}
	}
}

func TestVerifyOutput(t *testing.T) {
	s := newDayScene(t)
	ctx := context.Background()
	reps, err := hub.VerifyAll(ctx, s.h.Storage)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	ok, err := hub.WriteVerify(&b, reps)
	if err != nil || !ok {
		t.Fatalf("verify %v %v:\n%s", ok, err, b.String())
	}
	if !strings.Contains(b.String(), "F1/gate1: 11 records, seq 1–11: intact") || !strings.Contains(b.String(), "F3/gate1: no records") {
		t.Fatalf("verify output:\n%s", b.String())
	}
}
