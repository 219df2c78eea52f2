package hub_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/i18n"
)

// browser is an HTTP client that keeps cookies and does not follow
// redirects, so that a test sees each answer as a browser receives it.
type browser struct {
	t   *testing.T
	c   *http.Client
	url string
}

func newBrowser(t *testing.T, base string, tr http.RoundTripper) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, url: base, c: &http.Client{Jar: jar, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	status int
	header http.Header
	body   string
}

func (b *browser) do(method, path string, form url.Values) page {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.url+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return page{resp.StatusCode, resp.Header, string(raw)}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, p page) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no CSRF field in the page:\n%s", p.body)
	}
	return m[1]
}

// signIn fetches the form and posts it; it returns the answer to the post.
func (b *browser) signIn(name, password, lang string) page {
	b.t.Helper()
	form := b.do("GET", "/login?lang="+lang, nil)
	if form.status != 200 {
		b.t.Fatalf("GET /login: %d", form.status)
	}
	return b.do("POST", "/login?lang="+lang, url.Values{"csrf": {csrfOf(b.t, form)}, "name": {name}, "password": {password}})
}

func addUser(t *testing.T, h *hubtest.Hub, name string, role hub.Role, password string) {
	t.Helper()
	if err := hub.AddUser(context.Background(), h.Storage, name, role, password, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
}

func TestDashboardRedirectsToSignIn(t *testing.T) {
	h := hubtest.NewHub(t)
	b := newBrowser(t, h.URL, nil)
	for path, want := range map[string]string{"/": "/login", "/?lang=en&date=2025-03-01": "/login?lang=en", "/audit": "/login"} {
		p := b.do("GET", path, nil)
		if p.status != http.StatusSeeOther || p.header.Get("Location") != want {
			t.Errorf("GET %s without a session: %d to %q, want 303 to %q", path, p.status, p.header.Get("Location"), want)
		}
		if strings.Contains(p.body, "stat-records") {
			t.Errorf("GET %s without a session shows the dashboard", path)
		}
	}
	// A made-up session cookie is no session.
	u, _ := url.Parse(h.URL)
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: hub.SessionCookie, Value: "forged"}})
	if p := b.do("GET", "/", nil); p.status != http.StatusSeeOther {
		t.Errorf("a forged session cookie: %d", p.status)
	}
}

func TestSignInAndOut(t *testing.T) {
	h := hubtest.NewHub(t)
	addUser(t, h, "王敏", hub.RoleViewer, "correct horse")
	for _, lang := range []string{"zh-CN", "en"} {
		c := i18n.NewCatalog(lang)
		b := newBrowser(t, h.URL, nil)
		// An unknown name and a wrong password get the same answer.
		wrong := b.signIn("王敏", "wrong password", lang)
		unknown := b.signIn("nobody", "correct horse", lang)
		for _, p := range []page{wrong, unknown} {
			if p.status != http.StatusUnauthorized || !strings.Contains(p.body, c.T("hub.auth.bad")) {
				t.Fatalf("%s: bad sign-in: %d\n%s", lang, p.status, p.body)
			}
		}
		if !strings.Contains(wrong.body, `value="王敏"`) || strings.Contains(wrong.body, "wrong password") {
			t.Errorf("%s: the refused form does not keep the name, or keeps the password", lang)
		}
		if p := b.signIn("王敏", "", lang); p.status != http.StatusBadRequest || !strings.Contains(p.body, c.T("hub.auth.missing")) {
			t.Errorf("%s: empty password: %d", lang, p.status)
		}

		p := b.signIn("王敏", "correct horse", lang)
		if p.status != http.StatusSeeOther || p.header.Get("Location") != "/?lang="+lang {
			t.Fatalf("%s: good sign-in: %d to %q", lang, p.status, p.header.Get("Location"))
		}
		var sc *http.Cookie
		for _, ck := range (&http.Response{Header: p.header}).Cookies() {
			if ck.Name == hub.SessionCookie {
				sc = ck
			}
		}
		if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteStrictMode || sc.Secure || sc.Path != "/" {
			t.Fatalf("%s: session cookie %+v: want HttpOnly, SameSite=Strict, not Secure on plain HTTP", lang, sc)
		}
		dash := b.do("GET", "/?lang="+lang, nil)
		if dash.status != 200 || !strings.Contains(dash.body, `<b id="user">王敏</b>`) || !strings.Contains(dash.body, c.T("hub.d.signout")) {
			t.Fatalf("%s: dashboard after sign-in: %d\n%s", lang, dash.status, dash.body)
		}
		if strings.Contains(dash.body, `id="audit-link"`) {
			t.Errorf("%s: a viewer is offered the audit log", lang)
		}
		// Signed in, /login leads to the dashboard.
		if p := b.do("GET", "/login?lang="+lang, nil); p.status != http.StatusSeeOther {
			t.Errorf("%s: /login while signed in: %d", lang, p.status)
		}

		// Sign-out without the token is refused and the session lives on.
		if p := b.do("POST", "/logout?lang="+lang, url.Values{}); p.status != http.StatusForbidden {
			t.Errorf("%s: logout without CSRF: %d, want 403", lang, p.status)
		}
		if p := b.do("POST", "/logout?lang="+lang, url.Values{"csrf": {"guess"}}); p.status != http.StatusForbidden {
			t.Errorf("%s: logout with a wrong CSRF token: %d, want 403", lang, p.status)
		}
		if p := b.do("GET", "/?lang="+lang, nil); p.status != 200 {
			t.Fatalf("%s: the refused logout ended the session: %d", lang, p.status)
		}
		out := b.do("POST", "/logout?lang="+lang, url.Values{"csrf": {csrfOf(t, dash)}})
		if out.status != http.StatusSeeOther || !strings.HasPrefix(out.header.Get("Location"), "/login?out=1") {
			t.Fatalf("%s: logout: %d to %q", lang, out.status, out.header.Get("Location"))
		}
		if p := b.do("GET", "/?lang="+lang, nil); p.status != http.StatusSeeOther {
			t.Errorf("%s: after logout the dashboard answers %d", lang, p.status)
		}
		// The old cookie is worthless on the hub, not only gone from the browser.
		replay := newBrowser(t, h.URL, nil)
		u, _ := url.Parse(h.URL)
		replay.c.Jar.SetCookies(u, []*http.Cookie{{Name: hub.SessionCookie, Value: sc.Value}})
		if p := replay.do("GET", "/", nil); p.status != http.StatusSeeOther {
			t.Errorf("%s: the signed-out session id still opens the dashboard: %d", lang, p.status)
		}
		if p := b.do("GET", "/login?out=1&lang="+lang, nil); !strings.Contains(p.body, c.T("hub.auth.signedout")) {
			t.Errorf("%s: no signed-out message", lang)
		}
	}
}

func TestPostsWithoutCSRFAreRefused(t *testing.T) {
	h := hubtest.NewHub(t)
	addUser(t, h, "admin", hub.RoleAdmin, "correct horse")
	b := newBrowser(t, h.URL, nil)
	// A sign-in form posted from elsewhere: right password, no token.
	p := b.do("POST", "/login", url.Values{"name": {"admin"}, "password": {"correct horse"}})
	if p.status != http.StatusForbidden {
		t.Fatalf("sign-in without CSRF: %d, want 403", p.status)
	}
	// The token of the form, but not the cookie that goes with it.
	form := b.do("GET", "/login", nil)
	other := newBrowser(t, h.URL, nil)
	if p := other.do("POST", "/login", url.Values{"csrf": {csrfOf(t, form)}, "name": {"admin"}, "password": {"correct horse"}}); p.status != http.StatusForbidden {
		t.Fatalf("sign-in with another browser's token: %d, want 403", p.status)
	}
	if p := b.do("GET", "/", nil); p.status != http.StatusSeeOther {
		t.Fatalf("a refused sign-in opened a session: %d", p.status)
	}
	es, _ := h.Storage.Audit(context.Background(), 10)
	for _, e := range es {
		if e.Action == "login" {
			t.Errorf("a refused sign-in is logged as a sign-in: %+v", e)
		}
	}
}

func TestRolesAndAuditLog(t *testing.T) {
	h := hubtest.NewHub(t)
	addUser(t, h, "viewer1", hub.RoleViewer, "viewer password")
	addUser(t, h, "admin1", hub.RoleAdmin, "admin password")
	v := newBrowser(t, h.URL, nil)
	v.signIn("viewer1", "oops oops", "en")
	v.signIn("viewer1", "viewer password", "en")
	if p := v.do("GET", "/audit?lang=en", nil); p.status != http.StatusForbidden {
		t.Errorf("a viewer reads the audit log: %d", p.status)
	}
	dash := v.do("GET", "/", nil)
	v.do("POST", "/logout", url.Values{"csrf": {csrfOf(t, dash)}})

	a := newBrowser(t, h.URL, nil)
	a.signIn("ghost", "whatever1", "en")
	a.signIn("admin1", "admin password", "en")
	if p := a.do("GET", "/?lang=en", nil); !strings.Contains(p.body, `id="audit-link"`) {
		t.Error("an admin is not offered the audit log")
	}
	p := a.do("GET", "/audit?lang=en", nil)
	if p.status != 200 {
		t.Fatalf("admin /audit: %d", p.status)
	}
	es, err := h.Storage.Audit(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.User+" "+e.Action)
		if e.At.IsZero() || (e.Remote == "") != (e.Action == "user.add") { // user add runs on the hub's host, not over HTTP
			t.Errorf("audit entry without time or address: %+v", e)
		}
	}
	want := []string{"admin1 login", "ghost login.failed", "viewer1 logout", "viewer1 login", "viewer1 login.failed",
		"test user.add", "test user.add"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Fatalf("audit log (newest first):\n got %v\nwant %v", got, want)
	}
	for _, w := range []string{"failed sign-in", "signed out", "ghost", "viewer1", "<caption>"} {
		if !strings.Contains(p.body, w) {
			t.Errorf("the audit page lacks %q", w)
		}
	}
}

func TestSessionCookieIsSecureOverTLS(t *testing.T) {
	st, err := hub.OpenSQLite(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := hub.AddUser(context.Background(), st, "admin", hub.RoleAdmin, "correct horse", "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewTLSServer(hub.NewServer(st, hub.Options{Logger: hubtest.Quiet()}))
	defer srv.Close()
	b := newBrowser(t, srv.URL, srv.Client().Transport)
	p := b.signIn("admin", "correct horse", "en")
	if p.status != http.StatusSeeOther {
		t.Fatalf("sign-in over TLS: %d", p.status)
	}
	for _, ck := range (&http.Response{Header: p.header}).Cookies() {
		if ck.Name == hub.SessionCookie && !ck.Secure {
			t.Fatalf("the session cookie over TLS is not Secure: %+v", ck)
		}
	}
}

func TestMetricsNeedTheToken(t *testing.T) {
	h := hubtest.NewHub(t)
	for token, want := range map[string]int{"": 401, "wrong": 401, hubtest.MetricsToken: 200} {
		if a := call(t, "GET", h.URL+"/metrics", token, nil, nil); a.status != want {
			t.Errorf("metrics with token %q: %d, want %d", token, a.status, want)
		}
	}
	// A session is not a metrics token.
	ck := h.SignIn(t, "admin", hub.RoleAdmin)
	if a := call(t, "GET", h.URL+"/metrics", "", nil, map[string]string{"Cookie": ck.String()}); a.status != 401 {
		t.Errorf("metrics with a session cookie: %d", a.status)
	}

	// Without a token, metrics are served only on their own address.
	st, err := hub.OpenSQLite(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	main, metrics := make(chan net.Addr, 1), make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- hub.ListenAndServe(ctx, st, hub.ServeConfig{Addr: "127.0.0.1:0", MetricsAddr: "127.0.0.1:0", Logger: hubtest.Quiet(),
			Ready: func(a net.Addr) { main <- a }, MetricsReady: func(a net.Addr) { metrics <- a }})
	}()
	defer func() { cancel(); <-done }()
	m, a := <-metrics, <-main
	if r := call(t, "GET", "http://"+a.String()+"/metrics", "", nil, nil); r.status != 404 {
		t.Errorf("metrics on the main address without a token configured: %d, want 404", r.status)
	}
	r := call(t, "GET", "http://"+m.String()+"/metrics", "", nil, nil)
	if r.status != 200 || !strings.Contains(string(r.body), "gatepost_build_info") {
		t.Errorf("metrics on their own address: %d", r.status)
	}
	if r := call(t, "GET", "http://"+m.String()+"/", "", nil, nil); r.status != 404 {
		t.Errorf("the metrics address serves more than /metrics: %d", r.status)
	}
}

// TestFailedSignInsAreThrottled: after ten wrong passwords for one name
// from one address, even the right one is held back for the window, while
// other names sign in; when the window has passed the right one works.
func TestFailedSignInsAreThrottled(t *testing.T) {
	st, err := hub.OpenSQLite(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	for _, n := range []string{"王敏", "李强"} {
		if err := hub.AddUser(context.Background(), st, n, hub.RoleViewer, "correct horse", "test", now); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(hub.NewServer(st, hub.Options{Logger: hubtest.Quiet(), Now: func() time.Time { return now }}))
	defer srv.Close()
	b := newBrowser(t, srv.URL, nil)
	for i := 0; i < 10; i++ {
		if p := b.signIn("王敏", "wrong horse", "en"); p.status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i+1, p.status)
		}
	}
	p := b.signIn("王敏", "correct horse", "en")
	if p.status != http.StatusTooManyRequests || !strings.Contains(p.body, "Too many failed sign-ins") {
		t.Fatalf("the right password after ten wrong ones: %d", p.status)
	}
	if p := newBrowser(t, srv.URL, nil).signIn("李强", "correct horse", "en"); p.status != http.StatusSeeOther {
		t.Fatalf("another account from the same address: %d", p.status)
	}
	now = now.Add(15 * time.Minute)
	if p := b.signIn("王敏", "correct horse", "en"); p.status != http.StatusSeeOther {
		t.Fatalf("the right password once the window passed: %d", p.status)
	}
	es, _ := st.Audit(context.Background(), 3)
	if len(es) != 3 || es[0].Action != "login" || es[1].Action != "login" || es[2].Action != "login.throttled" || es[2].User != "王敏" {
		t.Errorf("audit: %+v", es)
	}
}

// TestAdminAddsAccountsInThePage: an admin adds an operator in /users (a
// post with CSRF; a bad one comes back with what was typed, without the
// password), the new account signs in, and an operator may not open /users.
func TestAdminAddsAccountsInThePage(t *testing.T) {
	h := hubtest.NewHub(t)
	admin := newBrowser(t, h.URL, nil)
	u, _ := url.Parse(h.URL)
	admin.c.Jar.SetCookies(u, []*http.Cookie{h.SignIn(t, "admin1", hub.RoleAdmin)})
	form := admin.do("GET", "/users?lang=en", nil)
	if form.status != 200 || !strings.Contains(form.body, `data-user="admin1"`) {
		t.Fatalf("/users: %d\n%s", form.status, form.body)
	}
	csrf := csrfOf(t, form)
	if p := admin.do("POST", "/users?lang=en", url.Values{"name": {"王敏"}, "role": {"operator"}, "password": {"correct horse"}}); p.status != http.StatusForbidden {
		t.Errorf("add without CSRF: %d, want 403", p.status)
	}
	for _, c := range []struct{ name, role, password, want string }{
		{"王敏", "operator", "short", "A password has 8 to 72 bytes."},
		{"王敏", "root", "correct horse", "Choose a role."},
		{strings.Repeat("x", 65), "operator", "correct horse", "A user name is 1 to 64 bytes"},
		{"admin1", "viewer", "correct horse", "An account of that name exists already."},
	} {
		p := admin.do("POST", "/users?lang=en", url.Values{"csrf": {csrf}, "name": {c.name}, "role": {c.role}, "password": {c.password}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.body, c.want) || strings.Contains(p.body, c.password) && c.password != "short" {
			t.Errorf("add %+v: %d\n%s", c, p.status, p.body)
		}
	}
	if p := admin.do("POST", "/users?lang=en", url.Values{"csrf": {csrf}, "name": {"王敏"}, "role": {"operator"}, "password": {"correct horse"}}); p.status != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", p.status, p.body)
	}
	us, _ := h.Storage.Users(context.Background())
	if len(us) != 2 || us[1].Name != "王敏" || us[1].Role != hub.RoleOperator {
		t.Fatalf("users %+v", us)
	}
	es, _ := h.Storage.Audit(context.Background(), 1)
	if len(es) != 1 || es[0].User != "admin1" || es[0].Action != "user.add" || es[0].Detail != "王敏 (operator)" || es[0].Remote == "" {
		t.Errorf("audit %+v", es)
	}
	op := newBrowser(t, h.URL, nil)
	if p := op.signIn("王敏", "correct horse", "en"); p.status != http.StatusSeeOther {
		t.Fatalf("the new account signs in: %d", p.status)
	}
	if p := op.do("GET", "/users", nil); p.status != http.StatusForbidden {
		t.Errorf("an operator opens /users: %d", p.status)
	}
}
