package hub

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"gatepost/hub/wire"
	"gatepost/i18n"
)

//go:embed dashboard.html
var dashboardHTML string

//go:embed dash.js
var dashJS string

// dashCSP lets the page run its one inline script, by its hash, and fetch
// its live part from the hub; nothing else.
var dashCSP = func() string {
	sum := sha256.Sum256([]byte(dashJS))
	return "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}()

// RefreshSeconds is how often the dashboard's figures are fetched again.
const RefreshSeconds = 30

// dashboard renders GET /: a page rendered on the server. A small script
// (dash.js) fetches its live part again every RefreshSeconds and puts it in
// place, without reloading the page (WCAG 2.2.1), and can be paused from the
// keyboard; without the script the page is complete and simply stays as it
// was loaded.
type dashboard struct {
	st     Storage
	now    func() time.Time
	tpl    *template.Template
	rounds *rounds
}

func newDashboard(st Storage, now func() time.Time, gap time.Duration) *dashboard {
	if gap <= 0 {
		gap = DefaultDashboardGap
	}
	return &dashboard{st: st, now: now, rounds: newRounds(gap), tpl: template.Must(template.New("dash").Funcs(dashFuncs).Parse(dashboardHTML))}
}

var langMatcher = language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English})

// pickLang chooses the page language: ?lang= first, then Accept-Language,
// then Chinese, the language of the bureau that runs the hub.
func pickLang(r *http.Request) string {
	q := r.URL.Query().Get("lang")
	for _, s := range []string{q, r.Header.Get("Accept-Language")} {
		if s == "" {
			continue
		}
		tags, _, err := language.ParseAcceptLanguage(s)
		if err != nil || len(tags) == 0 {
			continue
		}
		_, i, conf := langMatcher.Match(tags...)
		if conf == language.No {
			continue
		}
		if i == 1 {
			return "en"
		}
		return "zh-CN"
	}
	return "zh-CN"
}

type dashView struct {
	Lang, Other, OtherName string
	T                      map[string]string
	Day, Prev, Next        string
	Generated, RefreshText string
	Refresh                int
	Stats                  Stats
	Facilities             []dashFacility
	Terminals              []dashTerminal
	Relays                 []dashRelay
	Conflicts              []dashConflict
	Silent                 int
	// The signed-in account: its name, its role in words, whether it may
	// read the audit log, and the CSRF token of its sign-out form.
	User, RoleName, CSRF string
	Admin                bool
	Script               template.JS
	// Live is the live part as its round rendered it, shared by the
	// viewers of the round.
	Live template.HTML
}

type dashFacility struct {
	ID, Name                   string
	Status, StatusText         string // StatusOnTime… and its words
	Deadline, Received, Due    string
	Reported                   bool
	ReportAt, ReportState      string
	Screened, Roster           int
	Coverage                   string
	Fevers, Denials, Incidents int
	Records                    int
	DenialReasons              string
	FeverAlert, IncidentAlert  bool
}

type dashTerminal struct {
	Facility, Name          string
	Version                 string
	LastSeen, LastSeenTitle string
	Pending                 string
	Skew                    string
	SkewBad                 bool
	Chain                   string
	ChainBad                bool
	Held                    int64
	Head                    int64
	Revoked                 bool
	Stale                   bool
}

// dashRelay is a facility hub relaying to this hub (§12): when it last
// called and how many records it said it still had to forward.
type dashRelay struct {
	Facility, Name          string
	LastSeen, LastSeenTitle string
	Behind                  string
	BehindBad, Stale        bool
	Revoked                 bool
}

type dashConflict struct {
	Received, Terminal, ID, Code string
	Seq                          int64
}

func (h *dashboard) view(ctx context.Context, lang, day string) (dashView, error) {
	c := i18n.NewCatalog(lang)
	now := h.now()
	v := dashView{Lang: lang, T: dashWords(c), Day: day, Refresh: RefreshSeconds, Generated: now.Format("2006-01-02 15:04:05"),
		RefreshText: c.T("hub.d.refresh", RefreshSeconds)}
	if lang == "en" {
		v.Other, v.OtherName = "zh-CN", "中文"
	} else {
		v.Other, v.OtherName = "en", "English"
	}
	var err error
	if v.Stats, err = h.st.Stats(ctx); err != nil {
		return v, err
	}
	fs, err := h.st.Facilities(ctx)
	if err != nil {
		return v, err
	}
	days, err := StoredDays(ctx, h.st, fs, day)
	if err != nil {
		return v, err
	}
	rep := reportOf(days, day, now)
	for i, d := range days {
		rf := rep.Facilities[i]
		f := dashFacility{ID: d.Facility.ID, Name: CleanLine(d.Facility.Name), Reported: d.Report != nil, Screened: d.Screened,
			Roster: d.Roster, Fevers: d.Fevers, Denials: d.Denials, Incidents: d.Incidents, Records: d.Records,
			FeverAlert: d.Fevers > 0, IncidentAlert: d.Incidents > 0,
			Status: rf.Status, StatusText: c.T("hub.st." + rf.Status), Deadline: rf.Deadline, Due: c.T("hub.d.due", rf.Deadline)}
		if d.Report != nil {
			f.ReportAt = d.Report.ReceivedAt.In(now.Location()).Format("15:04")
			f.ReportState = reportState(c, d.Report.Body)
			f.Received = clock(c, d.Report.FirstReceivedAt, day, rf.loc())
		} else if rf.Status != StatusNotYet {
			v.Silent++
		}
		f.Coverage = coverageText(c, d)
		var reasons []string
		for r, n := range d.DenialsByReason {
			reasons = append(reasons, c.T("hub.d.reason", CleanLine(c.Reason(r)), n))
		}
		sort.Strings(reasons)
		f.DenialReasons = strings.Join(reasons, c.T("list.sep"))
		v.Facilities = append(v.Facilities, f)
	}
	ts, err := h.st.Terminals(ctx)
	if err != nil {
		return v, err
	}
	for _, t := range ts {
		v.Terminals = append(v.Terminals, terminalRow(c, now, t))
	}
	rs, err := h.st.Relays(ctx)
	if err != nil {
		return v, err
	}
	for _, r := range rs {
		dr := dashRelay{Facility: r.Facility, Name: r.Name, Revoked: r.Revoked(), Behind: "—"}
		if r.LastSeen.IsZero() {
			dr.LastSeen, dr.Stale = c.T("hub.d.never"), true
		} else {
			dr.LastSeen = ago(c, now.Sub(r.LastSeen))
			dr.LastSeenTitle = r.LastSeen.In(now.Location()).Format("2006-01-02 15:04:05")
			dr.Stale = now.Sub(r.LastSeen) > time.Hour
		}
		if r.Pending >= 0 {
			dr.Behind, dr.BehindBad = fmt.Sprint(r.Pending), r.Pending > 0
		}
		v.Relays = append(v.Relays, dr)
	}
	cs, err := h.st.Conflicts(ctx, 20)
	if err != nil {
		return v, err
	}
	for _, x := range cs {
		v.Conflicts = append(v.Conflicts, dashConflict{Received: x.ReceivedAt.In(now.Location()).Format("01-02 15:04:05"),
			Terminal: x.Record.Facility + "/" + x.Record.Terminal, ID: x.Record.ID, Code: c.Reason(x.Code), Seq: x.Record.Seq})
	}
	return v, nil
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet) {
		return
	}
	ss, ok := s.requireSession(w, r)
	if !ok {
		return
	}
	lang := pickLang(r)
	c := i18n.NewCatalog(lang)
	nav, ok := s.pageDay(w, r, c, lang)
	if !ok {
		return
	}
	rd, err := s.dash.rounds.get(r.Context(), s.dash, lang, nav.day)
	if err != nil {
		if r.Context().Err() == nil {
			s.internal(w, r, err)
		}
		return
	}
	v := rd.v // a copy: the account's fields are this request's own
	v.Live = rd.live
	v.User, v.CSRF, v.Admin = ss.User, ss.CSRF, ss.Role.Allows(RoleAdmin)
	v.Prev, v.Next = nav.prev, nav.next
	v.RoleName = c.T("hub.role_of", c.T("hub.role."+string(ss.Role)))
	v.Script = template.JS(dashJS)
	if n, err := strconv.Atoi(r.URL.Query().Get("every")); err == nil && n >= 1 && n <= 3600 {
		v.Refresh = n // how often the page's script fetches the figures (tests ask for less than the default)
	}
	pageHeaders(w, lang)
	if r.URL.Query().Get("part") == "live" {
		// The live part alone, for the page's script.
		w.Header().Set("Content-Security-Policy", dashCSP)
		w.Write([]byte(v.Live))
		return
	}
	var b bytes.Buffer
	if err := s.dash.tpl.ExecuteTemplate(&b, "dash", v); err != nil {
		s.internal(w, r, err)
		return
	}
	w.Header().Set("Content-Security-Policy", dashCSP)
	w.Write(b.Bytes())
}

// coverageText is a day's screening against the roster as the dashboard
// and a facility's day show it: "screened/roster" and the share, or only
// the screened where the roster is unknown.
func coverageText(c *i18n.Catalog, d FacilityDay) string {
	if cov, ok := d.Coverage(); ok {
		return c.T("hub.d.coverage", d.Screened, d.Roster, int(math.Round(cov*100)))
	}
	return fmt.Sprintf("%d/—", d.Screened)
}

// terminalRow is a terminal as the dashboard and a facility's day show it.
func terminalRow(c *i18n.Catalog, now time.Time, t Terminal) dashTerminal {
	dt := dashTerminal{Facility: t.Facility, Name: t.Name, Held: t.Chain.Stored, Head: t.Chain.HeadSeq, Revoked: t.Revoked(),
		Version: cmp.Or(t.Version, "—")}
	if t.LastSeen.IsZero() {
		dt.LastSeen = c.T("hub.d.never")
		dt.Stale = true
	} else {
		dt.LastSeen = ago(c, now.Sub(t.LastSeen))
		dt.LastSeenTitle = t.LastSeen.In(now.Location()).Format("2006-01-02 15:04:05")
		dt.Stale = now.Sub(t.LastSeen) > time.Hour
	}
	if t.Pending < 0 {
		dt.Pending = "—"
	} else {
		dt.Pending = fmt.Sprint(t.Pending)
	}
	if t.LastSeen.IsZero() {
		dt.Skew = "—"
	} else {
		dt.Skew = fmtSkew(t.ClockSkew)
		dt.SkewBad = t.SkewFlagged(wire.ClockSkewLimit)
	}
	ch := t.Chain
	switch {
	case ch.ForkSeq != 0:
		dt.Chain, dt.ChainBad = c.T("hub.d.chain_fork", ch.ForkSeq), true
	case ch.BreakSeq != 0:
		dt.Chain, dt.ChainBad = c.T("hub.d.chain_broken", ch.BreakSeq), true
	case ch.Missing() > 0:
		dt.Chain, dt.ChainBad = c.T("hub.d.chain_gap", ch.Missing(), ch.HeadSeq+1), true
	default:
		dt.Chain = c.T("hub.d.chain_ok")
	}
	return dt
}

func ago(c *i18n.Catalog, d time.Duration) string {
	switch {
	case d < time.Minute:
		return c.T("hub.d.just_now")
	case d < time.Hour:
		return c.T("hub.d.min_ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return c.T("hub.d.h_ago", int(d.Hours()))
	default:
		return c.T("hub.d.d_ago", int(d.Hours()/24))
	}
}

// dashWords is the page's words for the template ({{.T.title}}): the
// catalogue's hub.d. messages in one language, by the name after the prefix.
func dashWords(c *i18n.Catalog) map[string]string {
	T := map[string]string{}
	for _, k := range i18n.Keys() {
		if name, ok := strings.CutPrefix(k, "hub.d."); ok {
			T[name] = c.T(k)
		}
	}
	return T
}

// reportState is the daily-report cell: received and what it says (nothing
// abnormal, or how many findings), read from the report.daily body; a body
// that does not say is shown as received only.
func reportState(c *i18n.Catalog, body []byte) string {
	var b struct {
		Zero     *bool    `json:"zero"`
		Abnormal []string `json:"abnormal"`
	}
	switch {
	case json.Unmarshal(body, &b) != nil || b.Zero == nil:
		return c.T("hub.d.reported")
	case *b.Zero:
		return c.T("hub.d.reported.zero")
	}
	return c.T("hub.d.reported.abn", len(b.Abnormal))
}

func fmtSkew(d time.Duration) string {
	d = d.Round(time.Second)
	if d == 0 {
		return "0s"
	}
	if d > 0 {
		return "+" + d.String()
	}
	return d.String()
}
