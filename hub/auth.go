package hub

import (
	"bytes"
	"context"
	"crypto/subtle"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/crypto/bcrypt"

	"gatepost/hub/wire"
	"gatepost/i18n"
)

// The dashboard's sign-in (§14) is written here rather than taken from
// alexedwards/scs: scs's stores each bring their own driver and table
// layout, while the hub's two backends already share one Storage; a
// session here is one row, one cookie and one CSRF token, on both backends
// through the same migrations as everything else.

const (
	// SessionCookie holds the session id; the hub keeps only its SHA-256.
	SessionCookie = "gatepost_session"
	// loginCSRFCookie carries the sign-in form's token before there is a
	// session: the form's hidden field must match it (double submit).
	loginCSRFCookie = "gatepost_login"
	// DefaultSessionTTL is how long a sign-in lasts: one working day.
	DefaultSessionTTL = 12 * time.Hour
	// MinPassword and MaxPassword bound a password's length in bytes;
	// bcrypt reads no further than 72.
	MinPassword = 8
	MaxPassword = 72
	maxUserName = 64
)

// HashPassword hashes a password with bcrypt.
func HashPassword(password string) ([]byte, error) {
	if len(password) < MinPassword || len(password) > MaxPassword {
		return nil, fmt.Errorf("a password has %d to %d bytes", MinPassword, MaxPassword)
	}
	return bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
}

// CheckUserName says what is wrong with an account's name, or nil.
func CheckUserName(name string) error {
	if name == "" || len(name) > maxUserName || !utf8.ValidString(name) || CleanLine(name) != name || strings.TrimSpace(name) != name {
		return fmt.Errorf("a user name is 1 to %d bytes of printable text without leading or trailing spaces", maxUserName)
	}
	return nil
}

// AddUser creates a dashboard account with a bcrypt hash of its password,
// and notes it in the audit log as done by actor.
func AddUser(ctx context.Context, st Storage, name string, role Role, password, actor string, now time.Time) error {
	return addUser(ctx, st, name, role, password, actor, "", now)
}

// addUser is AddUser by an actor at a remote address ("" on the hub's host).
func addUser(ctx context.Context, st Storage, name string, role Role, password, actor, remote string, now time.Time) error {
	if err := CheckUserName(name); err != nil {
		return err
	}
	if _, err := ParseRole(string(role)); err != nil {
		return err
	}
	h, err := HashPassword(password)
	if err != nil {
		return err
	}
	if err := st.AddUser(ctx, User{Name: name, Role: role, PasswordHash: h, CreatedAt: now}); err != nil {
		return err
	}
	return st.AddAudit(ctx, AuditEntry{At: now, User: actor, Action: "user.add", Detail: name + " (" + string(role) + ")", Remote: remote})
}

// dummyHash is compared against when the user is unknown, so that an
// unknown name costs the same bcrypt time as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a password of anyone"), bcrypt.DefaultCost)

// StartSession opens a session of user lasting ttl from now and returns its
// id, the value of the session cookie. Only its hash is stored.
func StartSession(ctx context.Context, st Storage, user string, now time.Time, ttl time.Duration) (string, error) {
	id, idHash := NewToken()
	csrf, _ := NewToken()
	err := st.AddSession(ctx, Session{IDHash: idHash, User: user, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(ttl)})
	return id, err
}

//go:embed login.html
var loginHTML string

var loginTpl = template.Must(template.New("login").Parse(loginHTML))

type loginView struct {
	Lang, Other, OtherName string
	T                      map[string]string
	Name, CSRF, Message    string
	Bad                    bool
}

// auditRemote is the client's address for the audit log.
func auditRemote(r *http.Request) string { return r.RemoteAddr }

func (s *Server) audit(r *http.Request, user, action, detail string) {
	e := AuditEntry{At: s.now(), User: CleanLine(user), Action: action, Detail: CleanLine(detail), Remote: auditRemote(r)}
	if err := s.st.AddAudit(r.Context(), e); err != nil {
		s.log.Error("audit log write failed", "action", action, "user", e.User, "err", err.Error())
	}
}

// session finds the request's session: ErrNotFound without a valid one.
func (s *Server) session(r *http.Request) (Session, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 128 {
		return Session{}, ErrNotFound
	}
	return s.st.SessionByHash(r.Context(), HashToken(c.Value), s.now())
}

// secure reports whether cookies must be Secure: the hub serves TLS.
func (s *Server) secure(r *http.Request) bool { return r.TLS != nil || s.secureCookies }

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
}

// langQuery keeps the page language across a redirect.
func langQuery(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l != "" {
		return "?lang=" + url.QueryEscape(pickLang(r))
	}
	return ""
}

// requireSession answers a request without a session with a redirect to
// /login (a page) and returns ok false.
func (s *Server) requireSession(w http.ResponseWriter, r *http.Request) (Session, bool) {
	ss, err := s.session(r)
	switch {
	case errors.Is(err, ErrNotFound):
		http.Redirect(w, r, "/login"+langQuery(r), http.StatusSeeOther)
		return ss, false
	case err != nil:
		// The storage failed: sending the user to sign in again would not help.
		s.internal(w, r, err)
		return ss, false
	}
	return ss, true
}

// checkCSRF compares a form's token with the expected one in constant time.
func checkCSRF(r *http.Request, want string) bool {
	got := r.PostFormValue("csrf")
	return want != "" && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func pageHeaders(w http.ResponseWriter, lang string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", lang)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("Vary", "Accept-Language")
}

func otherLang(lang string) (string, string) {
	if lang == "en" {
		return "zh-CN", "中文"
	}
	return "en", "English"
}

// authWords is the sign-in page's words, by the name after "hub.auth.".
func authWords(c *i18n.Catalog) map[string]string {
	T := map[string]string{}
	for _, k := range i18n.Keys() {
		if name, ok := strings.CutPrefix(k, "hub.auth."); ok {
			T[name] = c.T(k)
		}
	}
	return T
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, code int, name, msgKey string, bad bool) {
	lang := pickLang(r)
	c := i18n.NewCatalog(lang)
	v := loginView{Lang: lang, T: authWords(c), Name: name, Bad: bad}
	v.Other, v.OtherName = otherLang(lang)
	if msgKey != "" {
		v.Message = c.T(msgKey)
	}
	// A fresh token per form: the cookie and the hidden field travel
	// together, and a cross-site form can read neither.
	v.CSRF, _ = NewToken()
	s.setCookie(w, r, loginCSRFCookie, v.CSRF, 3600)
	var b bytes.Buffer
	if err := loginTpl.Execute(&b, v); err != nil {
		s.internal(w, r, err)
		return
	}
	pageHeaders(w, lang)
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

// login serves GET /login (the form) and POST /login (signing in).
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		if _, err := s.session(r); err == nil {
			http.Redirect(w, r, "/"+langQuery(r), http.StatusSeeOther)
			return
		}
		msg := ""
		if r.URL.Query().Get("out") == "1" {
			msg = "hub.auth.signedout"
		}
		s.renderLogin(w, r, http.StatusOK, "", msg, false)
		return
	case http.MethodPost:
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "use GET or POST", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || !checkCSRF(r, c.Value) {
		s.refuse(w, r)
		return
	}
	password := r.PostFormValue("password")
	if name == "" || password == "" {
		s.renderLogin(w, r, http.StatusBadRequest, name, "hub.auth.missing", true)
		return
	}
	if len(name) > maxUserName {
		name = strings.ToValidUTF8(name[:maxUserName], "") // what is kept (in the form, the log) is bounded
	}
	key := throttleKey(r, name)
	if s.throttle.blocked(r.Context(), key, s.now()) {
		s.audit(r, name, "login.throttled", "")
		s.renderLogin(w, r, http.StatusTooManyRequests, name, "hub.auth.throttled", true)
		return
	}
	u, err := s.st.UserByName(r.Context(), name)
	switch {
	case errors.Is(err, ErrNotFound) || CheckUserName(name) != nil:
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		u = User{}
	case err != nil:
		s.internal(w, r, err)
		return
	}
	if u.Name == "" || bcrypt.CompareHashAndPassword(u.PasswordHash, []byte(password)) != nil {
		s.throttle.fail(r.Context(), key, s.now())
		s.audit(r, name, "login.failed", "")
		s.renderLogin(w, r, http.StatusUnauthorized, name, "hub.auth.bad", true)
		return
	}
	id, err := StartSession(r.Context(), s.st, u.Name, s.now(), s.sessionTTL)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, u.Name, "login", string(u.Role))
	s.setCookie(w, r, loginCSRFCookie, "", -1)
	s.setCookie(w, r, SessionCookie, id, int(s.sessionTTL.Seconds()))
	http.Redirect(w, r, "/"+langQuery(r), http.StatusSeeOther)
}

// refuse answers a POST whose CSRF token is missing or wrong: 403, with a
// page that leads back to the sign-in.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request) {
	s.log.Warn("post refused: missing or wrong CSRF token", "path", r.URL.Path, "remote", r.RemoteAddr)
	s.renderLogin(w, r, http.StatusForbidden, "", "hub.auth.expired", true)
}

// logout serves POST /logout: the session ends on the hub, not only in the
// browser.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	ss, ok := s.requireSession(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil || !checkCSRF(r, ss.CSRF) {
		s.refuse(w, r)
		return
	}
	if err := s.st.DeleteSession(r.Context(), ss.IDHash); err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, ss.User, "logout", "")
	s.setCookie(w, r, SessionCookie, "", -1)
	q := "?out=1"
	if l := langQuery(r); l != "" {
		q += "&" + l[1:]
	}
	http.Redirect(w, r, "/login"+q, http.StatusSeeOther)
}

// auditPage serves GET /audit to admins: the newest 200 entries.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet) {
		return
	}
	ss, ok := s.requireSession(w, r)
	if !ok {
		return
	}
	lang := pickLang(r)
	c := i18n.NewCatalog(lang)
	if !ss.Role.Allows(RoleAdmin) {
		pageHeaders(w, lang)
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, "<!DOCTYPE html><html lang=%q><meta charset=utf-8><title>403</title><p>%s <a href=\"/\">%s</a></p></html>\n",
			lang, template.HTMLEscapeString(c.T("hub.auth.forbidden")), template.HTMLEscapeString(c.T("hub.audit.back")))
		return
	}
	es, err := s.st.Audit(r.Context(), 200)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	v := auditView{Lang: lang, T: map[string]string{}}
	for _, k := range i18n.Keys() {
		if name, ok := strings.CutPrefix(k, "hub.audit."); ok {
			v.T[name] = c.T(k)
		}
	}
	for _, e := range es {
		v.Entries = append(v.Entries, auditRow{At: e.At.In(s.now().Location()).Format("2006-01-02 15:04:05"), User: e.User,
			Action: AuditAction(c, e.Action), Detail: e.Detail, Remote: e.Remote})
	}
	var b bytes.Buffer
	if err := auditTpl.Execute(&b, v); err != nil {
		s.internal(w, r, err)
		return
	}
	pageHeaders(w, lang)
	w.Write(b.Bytes())
}

// AuditAction is an audit log action in words, or its code when the
// catalogue has none.
func AuditAction(c *i18n.Catalog, action string) string {
	if k := "hub.audit." + action; c.Has(k) {
		return c.T(k)
	}
	return action
}

type auditView struct {
	Lang    string
	T       map[string]string
	Entries []auditRow
}

type auditRow struct{ At, User, Action, Detail, Remote string }

var auditTpl = template.Must(template.New("audit").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.title}}</title>
<style>
body { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { border-bottom: 1px solid #ddd; padding: .35em .6em; text-align: left; }
th { background: #f3f3f3; }
</style></head>
<body>
<h1>{{.T.title}}</h1>
<p><a href="/?lang={{.Lang}}">{{.T.back}}</a></p>
{{if .Entries}}
<table id="audit">
<caption>{{.T.title}}</caption>
<thead><tr><th scope="col">{{.T.at}}</th><th scope="col">{{.T.user}}</th><th scope="col">{{.T.action}}</th><th scope="col">{{.T.detail}}</th><th scope="col">{{.T.remote}}</th></tr></thead>
<tbody>
{{range .Entries}}<tr><td>{{.At}}</td><td>{{.User}}</td><td>{{.Action}}</td><td>{{.Detail}}</td><td>{{.Remote}}</td></tr>
{{end}}</tbody>
</table>
{{else}}<p>{{.T.none}}</p>{{end}}
</body>
</html>
`))

// Metrics is the Prometheus handler with no guard, for a listener of its
// own (ServeConfig.MetricsAddr) that only the monitoring network reaches.
func (s *Server) Metrics() http.Handler {
	return promhttp.HandlerFor(s.m.reg, promhttp.HandlerOpts{})
}

// guardedMetrics serves /metrics on the main listener to a scraper with
// the metrics token: the figures name every facility and terminal.
func (s *Server) guardedMetrics(w http.ResponseWriter, r *http.Request) {
	if s.metricsToken == "" {
		writeError(w, http.StatusNotFound, wire.ErrNotFound,
			"metrics are served with a token (hub serve --metrics-token-file) or on their own address (--metrics-addr)")
		return
	}
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") ||
		subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.metricsToken)) != 1 {
		writeError(w, http.StatusUnauthorized, wire.ErrUnauthorized, "the metrics token is required")
		return
	}
	s.Metrics().ServeHTTP(w, r)
}
