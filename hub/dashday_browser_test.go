package hub_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gatepost/hub"
	"gatepost/hub/internal/storagetest"
	"gatepost/i18n"
)

// TestDrillDownInBrowser, in a real headless Chromium, in each language:
// from the dashboard, the keyboard follows a facility's link to its day
// (status, report, incidents) and from there to its 30-day history (four
// charts, each an image with its title, and the table beside them); on a
// phone's width no page is wider than the screen.
func TestDrillDownInBrowser(t *testing.T) {
	b := headless(t)
	s := newDayScene(t)
	if err := hub.AddUser(context.Background(), s.h.Storage, "李警官", hub.RoleViewer, "correct horse", "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	id := func(s string) chromedp.ID { return chromedp.ID(s) }
	b.lang = "zh-CN"
	b.do("sign in", chromedp.Navigate(s.h.URL+"/login?lang=zh-CN"), chromedp.WaitVisible(id("password")),
		chromedp.SetValue(id("name"), "李警官"), chromedp.SetValue(id("password"), "correct horse"),
		chromedp.Click(id("signin")), chromedp.WaitVisible(id("user")))
	shots := os.Getenv("GATEPOST_SCREENSHOTS") // a directory to keep the pages' pictures in, to look at
	for _, lang := range []string{"zh-CN", "en"} {
		b.lang = lang
		c := i18n.NewCatalog(lang)
		b.do("the dashboard", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(s.h.URL+"/?date=2025-03-01&lang="+lang),
			chromedp.WaitVisible(id("facilities")))
		// The keyboard: focus F1's link and press Enter.
		b.do("drill down", chromedp.Focus(chromedp.CSS(`a[data-drill="F1"]`)), chromedp.KeyEvent("\r"), chromedp.WaitVisible(id("status")))
		if st := run(b, "status", chromedp.AttributeValue(id("status"), "data-status")); st.Value != hub.StatusLate {
			t.Errorf("%s: F1's day status %q", lang, st.Value)
		}
		if txt := run(b, "status text", chromedp.Text(id("status"))); !strings.HasPrefix(txt, c.T("hub.st.late")) {
			t.Errorf("%s: F1's status reads %q", lang, txt)
		}
		if txt := run(b, "incidents", chromedp.Text(id("incidents"))); !strings.Contains(txt, c.T("incident.fever")) || !strings.Contains(txt, "S7") {
			t.Errorf("%s: incidents %q", lang, txt)
		}
		if txt := run(b, "report", chromedp.Text(id("report"))); !strings.Contains(txt, "nothing_abnormal") {
			t.Errorf("%s: the report %q", lang, txt)
		}
		shot(t, b, shots, "day-"+lang)

		b.do("history", chromedp.Click(id("history-link")), chromedp.WaitVisible(id("chart-fevers")))
		charts := run(b, "charts", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('svg.chart')).map(s =>
			s.getAttribute('role') + '|' + document.getElementById(s.getAttribute('aria-labelledby').split(' ')[0]).textContent + '|' +
			s.querySelector('desc').textContent + '|' + s.getBoundingClientRect().height)`))
		if len(charts) != 4 {
			t.Fatalf("%s: charts %v", lang, charts)
		}
		for i, title := range []string{c.T("hub.h.cov"), c.T("hub.d.fevers"), c.T("hub.d.denials"), c.T("hub.h.reports")} {
			p := strings.Split(charts[i], "|")
			if len(p) != 4 || p[0] != "img" || p[1] != title || p[2] == "" || p[3] == "0" {
				t.Errorf("%s: chart %d is %q, want an img titled %q, described and drawn", lang, i, charts[i], title)
			}
		}
		if n := run(b, "rows", chromedp.Evaluate[int](`document.querySelectorAll('#history tbody tr').length`)); n != hub.HistoryDays {
			t.Errorf("%s: %d rows in the history table", lang, n)
		}
		shot(t, b, shots, "history-"+lang)

		// A phone: the page is no wider than the screen (wide tables
		// scroll in their own box).
		for _, page := range []string{"/?date=2025-03-01", "/facility?id=F1&date=2025-03-01", "/history?id=F1&date=2025-03-01"} {
			b.do("on a phone", chromedp.EmulateViewport(375, 740, chromedp.EmulateScale(2)), chromedp.Navigate(s.h.URL+page+"&lang="+lang),
				chromedp.WaitVisible(chromedp.CSS("h1")))
			if w := run(b, "width", chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`)); w > 0 {
				t.Errorf("%s: %s is %d px wider than a phone's screen", lang, page, w)
			}
			shot(t, b, shots, "phone-"+lang+strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "_").Replace(page))
		}
	}
}

func shot(t *testing.T, b *chrome, dir, name string) {
	t.Helper()
	if dir == "" {
		return
	}
	png := run(b, "screenshot", chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLiveRefreshInBrowser: the dashboard does not reload itself; its
// script fetches the live part and puts it in place (a value set on the
// page survives, the new figures appear), and the pause button, worked
// from the keyboard, stops and resumes it.
func TestLiveRefreshInBrowser(t *testing.T) {
	b := headless(t)
	s := newDayScene(t)
	ctx := context.Background()
	if err := hub.AddUser(ctx, s.h.Storage, "李警官", hub.RoleViewer, "correct horse", "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	token := s.h.Provision(t, "F2", "extra")
	rs := storagetest.Chain("F2", "extra", 1, 2, "") // passages of 2025-03-01
	push := func(i int) {
		t.Helper()
		term, err := s.h.Storage.TerminalByToken(ctx, hub.HashToken(token))
		if err != nil {
			t.Fatal(err)
		}
		if _, tally, err := hub.Ingest(ctx, s.h.Storage, term, storagetest.Raw(rs[i]), hub.Seen{At: time.Now(), Pending: -1}); err != nil || tally.Stored != 1 {
			t.Fatalf("%+v %v", tally, err)
		}
	}
	id := func(s string) chromedp.ID { return chromedp.ID(s) }
	for i, lang := range []string{"zh-CN", "en"} {
		b.lang = lang
		c := i18n.NewCatalog(lang)
		if i == 0 {
			b.do("sign in", chromedp.Navigate(s.h.URL+"/login?lang="+lang), chromedp.WaitVisible(id("password")),
				chromedp.SetValue(id("name"), "李警官"), chromedp.SetValue(id("password"), "correct horse"),
				chromedp.Click(id("signin")), chromedp.WaitVisible(id("user")))
		}
		b.do("the dashboard, fetching every second", chromedp.Navigate(s.h.URL+"/?date=2025-03-01&every=1&lang="+lang),
			chromedp.WaitVisible(id("facilities")))
		run(b, "mark the page", chromedp.Evaluate[bool](`(window.notReloaded = true)`))
		records := func() string {
			return run(b, "F2's records", chromedp.Text(chromedp.CSS(`tr[data-facility="F2"] td[data-fig="records"]`)))
		}
		before := records()
		if i == 0 {
			push(0)
		} else {
			push(1)
		}
		want := map[string]string{"1": "2", "2": "3"}[before]
		if want == "" {
			t.Fatalf("%s: F2 shows %q records", lang, before)
		}
		run(b, "the new figure", chromedp.Poll[bool](`document.querySelector('tr[data-facility="F2"] td[data-fig="records"]').textContent.trim() === "`+want+`"`,
			chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(100*time.Millisecond)))
		if !run(b, "not reloaded", chromedp.Evaluate[bool](`window.notReloaded === true`)) {
			t.Errorf("%s: the page was reloaded", lang)
		}
		if st := run(b, "status", chromedp.Text(id("live-status"))); !strings.HasPrefix(st, c.T("hub.d.live_updated")) {
			t.Errorf("%s: the status line says %q", lang, st)
		}
		// Pause from the keyboard, and resume.
		b.do("pause", chromedp.Focus(id("live-pause")), chromedp.KeyEvent("\r"))
		if p := run(b, "pressed", chromedp.AttributeValue(id("live-pause"), "aria-pressed")); p.Value != "true" {
			t.Errorf("%s: pause button aria-pressed %q", lang, p.Value)
		}
		if txt := run(b, "button", chromedp.Text(id("live-pause"))); txt != c.T("hub.d.live_resume") {
			t.Errorf("%s: the paused button reads %q", lang, txt)
		}
		n := run(b, "refreshes", chromedp.Evaluate[string](`document.getElementById('live').dataset.refreshed`))
		time.Sleep(2500 * time.Millisecond) // two and a half periods
		if m := run(b, "refreshes", chromedp.Evaluate[string](`document.getElementById('live').dataset.refreshed`)); m != n {
			t.Errorf("%s: paused, yet refreshed (%s → %s)", lang, n, m)
		}
		b.do("resume", chromedp.KeyEvent("\r"))
		run(b, "refreshed again", chromedp.Poll[bool](`document.getElementById('live').dataset.refreshed !== "`+n+`"`,
			chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(100*time.Millisecond)))
		if p := run(b, "pressed", chromedp.AttributeValue(id("live-pause"), "aria-pressed")); p.Value != "false" {
			t.Errorf("%s: resumed button aria-pressed %q", lang, p.Value)
		}
	}
}
