package hub

import (
	"bytes"
	"cmp"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/language"

	"gatepost/hub/wire"
)

//go:embed dashboard.html
var dashboardHTML string

// RefreshSeconds is how often the dashboard page reloads itself.
const RefreshSeconds = 30

// dashboard renders GET /: a read-only page, rendered on the server and
// refreshed by a meta tag, so it works in any browser with no JavaScript.
type dashboard struct {
	st  Storage
	now func() time.Time
	tpl *template.Template
}

func newDashboard(st Storage, now func() time.Time) *dashboard {
	return &dashboard{st: st, now: now, tpl: template.Must(template.New("dash").Parse(dashboardHTML))}
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
	Conflicts              []dashConflict
	Silent                 int
}

type dashFacility struct {
	ID, Name                   string
	Reported                   bool
	ReportAt                   string
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

type dashConflict struct {
	Received, Terminal, ID, Code string
	Seq                          int64
}

func (h *dashboard) view(ctx context.Context, lang, day string) (dashView, error) {
	T := messages[lang]
	now := h.now()
	v := dashView{Lang: lang, T: T, Day: day, Refresh: RefreshSeconds, Generated: now.Format("2006-01-02 15:04:05"),
		RefreshText: fmt.Sprintf(T["refresh"], RefreshSeconds)}
	if lang == "en" {
		v.Other, v.OtherName = "zh-CN", "中文"
	} else {
		v.Other, v.OtherName = "en", "English"
	}
	if d, err := time.Parse(DayLayout, day); err == nil {
		v.Prev, v.Next = d.AddDate(0, 0, -1).Format(DayLayout), d.AddDate(0, 0, 1).Format(DayLayout)
	}
	var err error
	if v.Stats, err = h.st.Stats(ctx); err != nil {
		return v, err
	}
	days, err := ComputeDays(ctx, h.st, day)
	if err != nil {
		return v, err
	}
	for _, d := range days {
		f := dashFacility{ID: d.Facility.ID, Name: CleanLine(d.Facility.Name), Reported: d.Report != nil, Screened: d.Screened,
			Roster: d.Roster, Fevers: d.Fevers, Denials: d.Denials, Incidents: d.Incidents, Records: d.Records,
			FeverAlert: d.Fevers > 0, IncidentAlert: d.Incidents > 0}
		if d.Report != nil {
			f.ReportAt = d.Report.ReceivedAt.In(now.Location()).Format("15:04")
		} else {
			v.Silent++
		}
		if c, ok := d.Coverage(); ok {
			f.Coverage = fmt.Sprintf("%d/%d (%.0f%%)", d.Screened, d.Roster, c*100)
		} else {
			f.Coverage = fmt.Sprintf("%d/—", d.Screened)
		}
		var reasons []string
		for r, n := range d.DenialsByReason {
			reasons = append(reasons, fmt.Sprintf("%s %d", CleanLine(reasonName(lang, r)), n))
		}
		sort.Strings(reasons)
		f.DenialReasons = strings.Join(reasons, ", ")
		v.Facilities = append(v.Facilities, f)
	}
	ts, err := h.st.Terminals(ctx)
	if err != nil {
		return v, err
	}
	for _, t := range ts {
		dt := dashTerminal{Facility: t.Facility, Name: t.Name, Held: t.Chain.Stored, Head: t.Chain.HeadSeq, Revoked: t.Revoked(),
			Version: cmp.Or(t.Version, "—")}
		if t.LastSeen.IsZero() {
			dt.LastSeen = T["never"]
			dt.Stale = true
		} else {
			dt.LastSeen = ago(lang, now.Sub(t.LastSeen))
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
		c := t.Chain
		switch {
		case c.ForkSeq != 0:
			dt.Chain, dt.ChainBad = fmt.Sprintf(T["chain_fork"], c.ForkSeq), true
		case c.BreakSeq != 0:
			dt.Chain, dt.ChainBad = fmt.Sprintf(T["chain_broken"], c.BreakSeq), true
		case c.Missing() > 0:
			dt.Chain, dt.ChainBad = fmt.Sprintf(T["chain_gap"], c.Missing(), c.HeadSeq+1), true
		default:
			dt.Chain = T["chain_ok"]
		}
		v.Terminals = append(v.Terminals, dt)
	}
	cs, err := h.st.Conflicts(ctx, 20)
	if err != nil {
		return v, err
	}
	for _, c := range cs {
		v.Conflicts = append(v.Conflicts, dashConflict{Received: c.ReceivedAt.In(now.Location()).Format("01-02 15:04:05"),
			Terminal: c.Record.Facility + "/" + c.Record.Terminal, ID: c.Record.ID, Code: c.Code, Seq: c.Record.Seq})
	}
	return v, nil
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet) {
		return
	}
	lang := pickLang(r)
	day := r.URL.Query().Get("date")
	if day == "" {
		day = s.now().Format(DayLayout)
	} else if _, err := time.Parse(DayLayout, day); err != nil {
		writeError(w, http.StatusBadRequest, wire.ErrBadRequest, "date must be YYYY-MM-DD")
		return
	}
	v, err := s.dash.view(r.Context(), lang, day)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := s.dash.tpl.Execute(&b, v); err != nil {
		s.internal(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", lang)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")
	h.Set("Vary", "Accept-Language")
	w.Write(b.Bytes())
}

func ago(lang string, d time.Duration) string {
	T := messages[lang]
	switch {
	case d < time.Minute:
		return T["just_now"]
	case d < time.Hour:
		return fmt.Sprintf(T["min_ago"], int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf(T["h_ago"], int(d.Hours()))
	default:
		return fmt.Sprintf(T["d_ago"], int(d.Hours()/24))
	}
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

func reasonName(lang, code string) string {
	if n, ok := messages[lang]["reason_"+code]; ok {
		return n
	}
	return code
}

// messages is the dashboard's catalogue, zh-CN and en.
var messages = map[string]map[string]string{
	"zh-CN": {
		"title": "门岗值守 · 中心", "day": "日期", "prev": "前一天", "next": "后一天", "today": "今天",
		"refresh": "每 %d 秒自动刷新", "generated": "生成于",
		"facilities": "场所", "terminals": "终端", "records": "记录", "conflicts": "冲突",
		"silent":   "未报告场所",
		"facility": "场所", "zero_report": "零报告", "reported": "已报告", "missing": "未报告",
		"screening": "筛查覆盖", "fevers": "发热", "denials": "拒绝", "incidents": "事件", "records_day": "当日记录",
		"terminal": "终端", "last_sync": "最近同步", "pending": "待传(上报)", "skew": "时钟偏差", "chain": "链状态",
		"held": "已收记录", "revoked": "已吊销",
		"chain_ok": "完整", "chain_gap": "缺 %d 条(自序号 %d)", "chain_broken": "断裂于序号 %d", "chain_fork": "自序号 %d 出现第二条链（终端副本），已隔离，请为副本重新开通终端名",
		"never": "从未", "just_now": "刚刚", "min_ago": "%d 分钟前", "h_ago": "%d 小时前", "d_ago": "%d 天前",
		"received": "接收时间", "seq": "序号", "code": "原因", "no_conflicts": "无冲突",
		"no_facilities":        "尚无场所:先用 gatepost hub terminal add 开通终端。",
		"reason_not_on_roster": "不在名册", "reason_inactive": "已停用", "reason_pass_expired": "通行证过期",
		"reason_vehicle_no_pass": "车辆无通行证", "reason_need_temp": "未测体温", "reason_fever": "发热",
		"reason_detainee_escort": "无押解凭证", "reason_need_identity": "未识别身份",
	},
	"en": {
		"title": "gatepost hub", "day": "Day", "prev": "previous day", "next": "next day", "today": "today",
		"refresh": "refreshes every %d s", "generated": "generated",
		"facilities": "Facilities", "terminals": "Terminals", "records": "Records", "conflicts": "Conflicts",
		"silent":   "Facilities silent",
		"facility": "Facility", "zero_report": "Zero report", "reported": "received", "missing": "MISSING",
		"screening": "Screening", "fevers": "Fevers", "denials": "Denials", "incidents": "Incidents", "records_day": "Records today",
		"terminal": "Terminal", "last_sync": "Last sync", "pending": "Pending (reported)", "skew": "Clock skew", "chain": "Chain",
		"held": "Records held", "revoked": "revoked",
		"chain_ok": "intact", "chain_gap": "%d missing (from seq %d)", "chain_broken": "broken at seq %d", "chain_fork": "second chain from seq %d (a copy of the terminal): kept aside; re-provision the copy under a new name",
		"never": "never", "just_now": "just now", "min_ago": "%d min ago", "h_ago": "%d h ago", "d_ago": "%d days ago",
		"received": "Received", "seq": "Seq", "code": "Reason", "no_conflicts": "No conflicts",
		"no_facilities":        "No facility yet: provision a terminal with gatepost hub terminal add.",
		"reason_not_on_roster": "not on roster", "reason_inactive": "inactive", "reason_pass_expired": "pass expired",
		"reason_vehicle_no_pass": "vehicle without pass", "reason_need_temp": "no temperature", "reason_fever": "fever",
		"reason_detainee_escort": "no escort pass", "reason_need_identity": "no identity",
	},
}
