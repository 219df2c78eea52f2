package hub

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"gatepost/i18n"
	"gatepost/record"
)

// The day's notices in the page (§14, 日部署): an operator publishes one
// for a facility or for all, and every facility's acknowledgements show
// beside it, read from the notice.ack records its guards' terminals
// pushed (who, when).

type noticesView struct {
	Lang, Day, User, CSRF string
	T                     map[string]string
	CanWrite              bool
	Facilities            []Facility
	Notices               []noticeRow
	Message               string
	FormFacility          string
	FormTitle, FormBody   string
}

type noticeRow struct {
	ID, Title, Body, Scope, Published string
	Facilities                        []noticeFacility
}

type noticeFacility struct {
	ID, Name string
	Acks     []noticeAck
}

type noticeAck struct{ Name, Badge, Terminal, At string }

var noticesTpl = template.Must(template.New("notices").Parse(noticesHTML))

func (s *Server) noticesPage(w http.ResponseWriter, r *http.Request) {
	ss, ok := s.requireSession(w, r)
	if !ok {
		return
	}
	lang := pickLang(r)
	// Any day, not only pageDays': notices are published ahead, and kept
	// for the days past.
	day, ok := s.pageDate(w, r, i18n.NewCatalog(lang), lang, s.now().Format(DayLayout))
	if !ok {
		return
	}
	v := noticesView{Lang: lang, Day: day, User: ss.User, CSRF: ss.CSRF, CanWrite: ss.Role.Allows(RoleOperator)}
	code := http.StatusOK
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodPost:
		r.Body = http.MaxBytesReader(w, r.Body, 96<<10)
		if err := r.ParseForm(); err != nil || !checkCSRF(r, ss.CSRF) {
			s.refuse(w, r)
			return
		}
		if !v.CanWrite {
			http.Error(w, i18n.NewCatalog(lang).T("hub.auth.forbidden"), http.StatusForbidden)
			return
		}
		facility, title, body := r.PostFormValue("facility"), r.PostFormValue("title"), r.PostFormValue("body")
		n, err := PublishNotice(r.Context(), s.st, facility, title, body, day)
		if err == nil {
			scope := n.Facility
			if scope == "" {
				scope = "all"
			}
			s.audit(r, ss.User, "notice.add", scope+" "+day+": "+n.Title)
			http.Redirect(w, r, "/notices?date="+day+"&lang="+url.QueryEscape(lang), http.StatusSeeOther)
			return
		}
		// The form comes back with what was typed and what is wrong.
		code, v.FormFacility, v.FormTitle, v.FormBody = http.StatusBadRequest, facility, title, body
		v.Message = noticeProblem(i18n.NewCatalog(lang), err)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "use GET or POST", http.StatusMethodNotAllowed)
		return
	}
	if err := s.noticesView(r, &v); err != nil {
		s.internal(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := noticesTpl.Execute(&b, v); err != nil {
		s.internal(w, r, err)
		return
	}
	pageHeaders(w, lang)
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

// noticeProblem says in the page's language why a notice was refused.
func noticeProblem(c *i18n.Catalog, err error) string {
	switch msg := err.Error(); {
	case strings.Contains(msg, "needs a title"):
		return c.T("hub.n.need_title")
	case strings.Contains(msg, "too long"):
		return c.T("hub.n.too_long")
	case strings.Contains(msg, "unknown facility"):
		return c.T("hub.n.unknown_facility")
	}
	return err.Error()
}

func (s *Server) noticesView(r *http.Request, v *noticesView) error {
	ctx := r.Context()
	c := i18n.NewCatalog(v.Lang)
	v.T = map[string]string{}
	for _, k := range i18n.Keys() {
		if name, ok := strings.CutPrefix(k, "hub.n."); ok {
			v.T[name] = c.T(k)
		}
	}
	fs, err := s.st.Facilities(ctx)
	if err != nil {
		return err
	}
	v.Facilities = fs
	ns, err := s.st.NoticesOn(ctx, v.Day)
	if err != nil {
		return err
	}
	if len(ns) == 0 {
		return nil
	}
	// Each facility's acknowledgements of the day, read once per facility:
	// the page costs O(facilities + acknowledgements), not O(records).
	acks := map[string]map[string][]noticeAck{} // notice → facility → acks
	for _, f := range fs {
		err := s.st.DayRecords(ctx, f.ID, v.Day, []record.Kind{record.NoticeAck}, func(sr StoredRecord) error {
			var b record.NoticeAckBody
			if json.Unmarshal(sr.Body, &b) != nil || b.Notice == "" {
				return nil
			}
			if acks[b.Notice] == nil {
				acks[b.Notice] = map[string][]noticeAck{}
			}
			acks[b.Notice][f.ID] = append(acks[b.Notice][f.ID], noticeAck{Name: CleanLine(b.Name), Badge: sr.Guard,
				Terminal: sr.Terminal, At: sr.At.Format("15:04")})
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, n := range ns {
		row := noticeRow{ID: n.ID, Title: CleanLine(n.Title), Body: n.Body,
			Published: n.PublishedAt.In(s.now().Location()).Format("15:04")}
		for _, f := range fs {
			if n.Facility != "" && n.Facility != f.ID {
				continue
			}
			row.Facilities = append(row.Facilities, noticeFacility{ID: f.ID, Name: CleanLine(f.Name), Acks: acks[n.ID][f.ID]})
		}
		if n.Facility == "" {
			row.Scope = c.T("hub.n.all")
		} else if len(row.Facilities) == 1 {
			row.Scope = row.Facilities[0].Name
		} else {
			row.Scope = n.Facility
		}
		v.Notices = append(v.Notices, row)
	}
	return nil
}

const noticesHTML = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.title}} · {{.Day}}</title>
<style>
body { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; width: 100%; font-size: .92em; margin-bottom: 1.2em; }
th, td { border-bottom: 1px solid #ddd; padding: .35em .6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
caption { text-align: left; font-weight: bold; padding: .4em 0; }
label { display: block; margin: .6em 0 .2em; }
input[type=text], textarea, select { width: 100%; max-width: 40em; box-sizing: border-box; padding: .4em; font-size: 1em; }
.bad { color: #b00020; font-weight: bold; }
.ok { color: #1b5e20; }
.body { white-space: pre-wrap; }
</style></head>
<body>
<h1>{{.T.title}}</h1>
<p><a href="/?date={{.Day}}&amp;lang={{.Lang}}">{{.T.back}}</a> · {{.T.day}}<b id="day">{{.Day}}</b></p>
{{if .CanWrite}}
<form id="publish" method="post" action="/notices?date={{.Day}}&amp;lang={{.Lang}}">
<h2>{{.T.write}}</h2>
{{if .Message}}<p id="message" class="bad" role="alert">{{.Message}}</p>{{end}}
<input type="hidden" name="csrf" value="{{.CSRF}}">
<label for="facility">{{.T.facility}}</label>
<select id="facility" name="facility">
<option value="all">{{.T.all}}</option>
{{range .Facilities}}<option value="{{.ID}}"{{if eq .ID $.FormFacility}} selected{{end}}>{{.Name}} ({{.ID}})</option>
{{end}}</select>
<label for="title">{{.T.n_title}}</label>
<input type="text" id="title" name="title" value="{{.FormTitle}}" required maxlength="200">
<label for="body">{{.T.n_body}}</label>
<textarea id="body" name="body" rows="4">{{.FormBody}}</textarea>
<p><button type="submit" id="publish-button">{{.T.submit}}</button></p>
</form>
{{end}}
<h2>{{.T.list}}</h2>
{{range .Notices}}
<table class="notice" data-notice="{{.ID}}">
<caption>{{.Title}} <small>({{.Scope}} · {{$.T.published}} {{.Published}})</small></caption>
{{if .Body}}<tr><td colspan="2" class="body">{{.Body}}</td></tr>{{end}}
<tr><th scope="col">{{$.T.facility}}</th><th scope="col">{{$.T.acks}}</th></tr>
{{range .Facilities}}<tr data-facility="{{.ID}}"><td>{{.Name}}</td><td data-fig="acks">{{if .Acks}}<span class="ok">{{range $i, $a := .Acks}}{{if $i}}; {{end}}{{$a.Name}} {{$a.Badge}} {{$a.At}}{{end}}</span>{{else}}<span class="bad">{{$.T.not_acked}}</span>{{end}}</td></tr>
{{end}}
</table>
{{else}}<p id="none">{{.T.none}}</p>{{end}}
</body>
</html>
`
