package hub_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/i18n"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// signedIn is a browser holding a session of a new account of the role.
func signedIn(t *testing.T, h *hubtest.Hub, name string, role hub.Role) *browser {
	b := newBrowser(t, h.URL, nil)
	u, _ := url.Parse(h.URL)
	b.c.Jar.SetCookies(u, []*http.Cookie{h.SignIn(t, name, role)})
	return b
}

// TestNoticesInThePage publishes a notice from the page as an operator and
// sees one facility's guard acknowledge it (a notice.ack pushed by the
// terminal) while the other facility has not.
func TestNoticesInThePage(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	tok1 := h.Provision(t, "F1", "gate1")
	h.Provision(t, "F2", "gate1")
	day := time.Now().Format(hub.DayLayout)

	op := signedIn(t, h, "王敏", hub.RoleOperator)
	form := op.do("GET", "/notices?lang=en", nil)
	if form.status != 200 || !strings.Contains(form.body, `id="publish"`) || !strings.Contains(form.body, "No notices for this day.") {
		t.Fatalf("the operator's notices page: %d\n%s", form.status, form.body)
	}
	csrf := csrfOf(t, form)
	post := func(b *browser, v url.Values) page { return b.do("POST", "/notices?date="+day+"&lang=en", v) }

	// Refused: no token; a viewer; an empty title (the text typed is kept).
	if p := post(op, url.Values{"facility": {"all"}, "title": {"今日加强体温检测"}}); p.status != http.StatusForbidden {
		t.Errorf("a notice without CSRF: %d, want 403", p.status)
	}
	viewer := signedIn(t, h, "viewer1", hub.RoleViewer)
	vp := viewer.do("GET", "/notices?lang=en", nil)
	if strings.Contains(vp.body, `id="publish"`) {
		t.Error("a viewer is offered the notice form")
	}
	if p := post(viewer, url.Values{"csrf": {"x"}, "facility": {"all"}, "title": {"t"}}); p.status != http.StatusForbidden {
		t.Errorf("a viewer's notice with a wrong token: %d", p.status)
	}
	bad := post(op, url.Values{"csrf": {csrf}, "facility": {"F1"}, "title": {"  "}, "body": {"留着的内容"}})
	if bad.status != http.StatusBadRequest || !strings.Contains(bad.body, "Enter a title.") || !strings.Contains(bad.body, "留着的内容") {
		t.Errorf("an empty title: %d\n%s", bad.status, bad.body)
	}
	ns, _ := h.Storage.NoticesOn(ctx, day)
	if len(ns) != 0 {
		t.Fatalf("a refused notice was published: %+v", ns)
	}

	p := post(op, url.Values{"csrf": {csrf}, "facility": {"all"}, "title": {"今日加强体温检测"}, "body": {"各所门岗\n逐人测温"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", p.status, p.body)
	}
	ns, err := h.Storage.NoticesOn(ctx, day)
	if err != nil || len(ns) != 1 || ns[0].Facility != "" || ns[0].Body != "各所门岗\n逐人测温" {
		t.Fatalf("published: %+v %v", ns, err)
	}

	// F1's terminal pulls it and its guard acknowledges it.
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	t.Cleanup(func() { st.Close() })
	hubtest.Join(t, st, h.URL, tok1)
	if _, err := st.AppendBatch(ctx, []store.Draft{{Kind: record.NoticeAck, Gate: 0, Guard: "J1001", At: time.Now(),
		Body: record.NoticeAckBody{Notice: ns[0].ID, Day: day, Title: ns[0].Title, Name: "张伟"}}}); err != nil {
		t.Fatal(err)
	}
	if res, err := syncer.Once(ctx, st); err != nil || res.Pending != 0 {
		t.Fatalf("sync: %+v %v", res, err)
	}

	for _, b := range []*browser{op, viewer} {
		pg := b.do("GET", "/notices?date="+day+"&lang=en", nil)
		f1, f2 := rowOf(pg.body, "F1"), rowOf(pg.body, "F2")
		if pg.status != 200 || !strings.Contains(pg.body, "今日加强体温检测") || !strings.Contains(f1, "张伟 J1001") ||
			!strings.Contains(f2, "not yet") || strings.Contains(f2, "张伟") {
			t.Fatalf("the notice's acknowledgements: F1 %q, F2 %q\n%s", f1, f2, pg.body)
		}
	}
	// A date that is not one: a page that says so, in the viewer's language.
	for _, lang := range []string{"zh-CN", "en"} {
		pg := viewer.do("GET", "/notices?date=2025-02-30&lang="+lang, nil)
		want := html.EscapeString(i18n.NewCatalog(lang).T("hub.day.bad", time.Now().Format(hub.DayLayout)))
		if pg.status != 400 || !strings.Contains(pg.body, want) {
			t.Errorf("%s: a bad date: %d\n%s", lang, pg.status, pg.body)
		}
	}
	es, _ := h.Storage.Audit(ctx, 1)
	if len(es) != 1 || es[0].User != "王敏" || es[0].Action != "notice.add" || !strings.Contains(es[0].Detail, "今日加强体温检测") {
		t.Errorf("audit: %+v", es)
	}
}

// rowOf is the table row of a facility in the notices page.
func rowOf(body, facility string) string {
	i := strings.Index(body, `data-facility="`+facility+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</tr>")
	return body[i : i+j]
}

// TestNoticesInBrowser: an operator signs in in headless Chromium, writes
// a notice in the page for every facility, and, once F1's guard has
// acknowledged it on the terminal, sees who and when beside F1 while F2 is
// shown as not yet, in both languages.
func TestNoticesInBrowser(t *testing.T) {
	b := headless(t)
	ctx := context.Background()
	h := hubtest.NewHub(t)
	tok1 := h.Provision(t, "F1", "gate1")
	h.Provision(t, "F2", "gate1")
	addUser(t, h, "王敏", hub.RoleOperator, "correct horse")
	day := time.Now().Format(hub.DayLayout)
	id := func(s string) chromedp.ID { return chromedp.ID(s) }

	b.lang = "zh-CN"
	b.do("sign in", chromedp.Navigate(h.URL+"/login?lang=zh-CN"), chromedp.WaitVisible(id("password")),
		chromedp.SetValue(id("name"), "王敏"), chromedp.SetValue(id("password"), "correct horse"),
		chromedp.Click(id("signin")), chromedp.WaitVisible(id("notices-link")))
	b.do("write a notice", chromedp.Click(id("notices-link")), chromedp.WaitVisible(id("publish")),
		chromedp.SetValue(id("title"), "今日加强体温检测"), chromedp.SetValue(id("body"), "各所门岗逐人测温。"),
		chromedp.Click(id("publish-button")), chromedp.WaitVisible(chromedp.CSS("table.notice")))
	ns, err := h.Storage.NoticesOn(ctx, day)
	if err != nil || len(ns) != 1 || ns[0].Title != "今日加强体温检测" || ns[0].Facility != "" {
		t.Fatalf("the notice written in the page: %+v %v", ns, err)
	}

	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	t.Cleanup(func() { st.Close() })
	hubtest.Join(t, st, h.URL, tok1)
	if _, err := st.AppendBatch(ctx, []store.Draft{{Kind: record.NoticeAck, Gate: 0, Guard: "J1001", At: time.Now(),
		Body: record.NoticeAckBody{Notice: ns[0].ID, Day: day, Title: ns[0].Title, Name: "张伟"}}}); err != nil {
		t.Fatal(err)
	}
	if res, err := syncer.Once(ctx, st); err != nil || res.Pending != 0 {
		t.Fatalf("sync: %+v %v", res, err)
	}
	for _, c := range []struct{ lang, notYet string }{{"zh-CN", "未确认"}, {"en", "not yet"}} {
		b.lang = c.lang
		b.do("the acknowledgements", chromedp.Navigate(h.URL+"/notices?lang="+c.lang), chromedp.WaitVisible(chromedp.CSS("table.notice")))
		f1 := run(b, "F1", chromedp.Text(chromedp.CSS(`tr[data-facility="F1"] td[data-fig="acks"]`)))
		f2 := run(b, "F2", chromedp.Text(chromedp.CSS(`tr[data-facility="F2"] td[data-fig="acks"]`)))
		if !strings.HasPrefix(f1, "张伟 J1001 ") || f2 != c.notYet {
			t.Errorf("%s: F1 %q, F2 %q", c.lang, f1, f2)
		}
	}
}
