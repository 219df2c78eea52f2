package hub

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"gatepost/i18n"
)

// usersPage serves /users to admins: the accounts, and a form to add one
// (POST with CSRF), written to the audit log as done by the admin.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	ss, ok := s.requireSession(w, r)
	if !ok {
		return
	}
	lang := pickLang(r)
	c := i18n.NewCatalog(lang)
	if !ss.Role.Allows(RoleAdmin) {
		http.Error(w, c.T("hub.auth.forbidden"), http.StatusForbidden)
		return
	}
	v := usersView{Lang: lang, CSRF: ss.CSRF, T: map[string]string{}, Role: string(RoleViewer)}
	for _, k := range i18n.Keys() {
		if name, ok := strings.CutPrefix(k, "hub.u."); ok {
			v.T[name] = c.T(k)
		}
	}
	code := http.StatusOK
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodPost:
		r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
		if err := r.ParseForm(); err != nil || !checkCSRF(r, ss.CSRF) {
			s.refuse(w, r)
			return
		}
		name, role := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("role")
		err := addUser(r.Context(), s.st, name, Role(role), r.PostFormValue("password"), ss.User, auditRemote(r), s.now())
		if err == nil {
			http.Redirect(w, r, "/users?lang="+url.QueryEscape(lang), http.StatusSeeOther)
			return
		}
		code, v.Name, v.Role = http.StatusBadRequest, name, role
		switch {
		case errors.Is(err, ErrExists):
			v.Message = c.T("hub.u.exists")
		case CheckUserName(name) != nil:
			v.Message = c.T("hub.u.bad_name")
		default:
			if _, perr := ParseRole(role); perr != nil {
				v.Message = c.T("hub.u.bad_role")
			} else {
				v.Message = c.T("hub.u.bad_password", MinPassword, MaxPassword)
			}
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "use GET or POST", http.StatusMethodNotAllowed)
		return
	}
	us, err := s.st.Users(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	for _, u := range us {
		v.Users = append(v.Users, userRow{Name: u.Name, Role: c.T("hub.role." + string(u.Role)),
			Created: u.CreatedAt.In(s.now().Location()).Format("2006-01-02 15:04")})
	}
	for _, rl := range []Role{RoleViewer, RoleOperator, RoleAdmin} {
		v.Roles = append(v.Roles, roleOption{Value: string(rl), Name: c.T("hub.role." + string(rl))})
	}
	var b bytes.Buffer
	if err := usersTpl.Execute(&b, v); err != nil {
		s.internal(w, r, err)
		return
	}
	pageHeaders(w, lang)
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

type usersView struct {
	Lang, CSRF, Message, Name, Role string
	T                               map[string]string
	Users                           []userRow
	Roles                           []roleOption
}

type userRow struct{ Name, Role, Created string }

type roleOption struct{ Value, Name string }

var usersTpl = template.Must(template.New("users").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.title}}</title>
<style>
body { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; width: 100%; max-width: 40em; font-size: .92em; }
th, td { border-bottom: 1px solid #ddd; padding: .35em .6em; text-align: left; }
th { background: #f3f3f3; }
label { display: block; margin: .6em 0 .2em; }
input, select { width: 100%; max-width: 24em; box-sizing: border-box; padding: .4em; font-size: 1em; }
button { margin-top: 1em; padding: .4em 1.2em; font-size: 1em; }
.bad { color: #b00020; font-weight: bold; }
</style></head>
<body>
<h1>{{.T.title}}</h1>
<p><a href="/?lang={{.Lang}}">{{.T.back}}</a></p>
<table id="users">
<caption>{{.T.title}}</caption>
<thead><tr><th scope="col">{{.T.name}}</th><th scope="col">{{.T.role}}</th><th scope="col">{{.T.created}}</th></tr></thead>
<tbody>
{{range .Users}}<tr data-user="{{.Name}}"><td>{{.Name}}</td><td>{{.Role}}</td><td>{{.Created}}</td></tr>
{{end}}</tbody>
</table>
<form id="add-user" method="post" action="/users?lang={{.Lang}}">
<h2>{{.T.add}}</h2>
{{if .Message}}<p id="message" class="bad" role="alert">{{.Message}}</p>{{end}}
<input type="hidden" name="csrf" value="{{.CSRF}}">
<label for="name">{{.T.name}}</label>
<input type="text" id="name" name="name" value="{{.Name}}" required autocomplete="off">
<label for="role">{{.T.role}}</label>
<select id="role" name="role">{{range .Roles}}<option value="{{.Value}}"{{if eq .Value $.Role}} selected{{end}}>{{.Name}}</option>{{end}}</select>
<label for="password">{{.T.password}}</label>
<input type="password" id="password" name="password" required autocomplete="new-password">
<button type="submit" id="add">{{.T.submit}}</button>
</form>
</body>
</html>
`))
