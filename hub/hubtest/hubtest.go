// Package hubtest holds what the hub's and the syncer's tests share: a real
// hub on a real SQLite file behind httptest, real terminal stores on disk,
// and a proxy that injects network faults. Nothing here is a mock.
package hubtest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/record"
	"gatepost/store"
)

// Hub is a hub serving over loopback.
type Hub struct {
	Path    string
	Storage *hub.SQLite
	Server  *httptest.Server
	URL     string
}

// NewHub opens a hub database in a temporary directory and serves it.
func NewHub(t testing.TB) *Hub {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hub.db")
	st, err := hub.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(hub.NewServer(st, hub.Options{Logger: Quiet(), MetricsToken: MetricsToken}))
	h := &Hub{Path: path, Storage: st, Server: srv, URL: srv.URL}
	t.Cleanup(func() {
		srv.Close()
		st.Close()
	})
	return h
}

// MetricsToken is the metrics bearer token of the hubs NewHub serves.
const MetricsToken = "test-metrics-token"

// SignIn creates a dashboard account of the role (once per name) and a
// session for it, and returns the session cookie to send: the way tests
// reach the dashboard without driving the sign-in form.
func (h *Hub) SignIn(t testing.TB, name string, role hub.Role) *http.Cookie {
	t.Helper()
	return SignIn(t, h.Storage, name, role)
}

// SignIn is Hub.SignIn on any hub storage.
func SignIn(t testing.TB, st hub.Storage, name string, role hub.Role) *http.Cookie {
	t.Helper()
	ctx := context.Background()
	if _, err := st.UserByName(ctx, name); err != nil {
		if err := hub.AddUser(ctx, st, name, role, "password-of-"+name, "test", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	id, err := hub.StartSession(ctx, st, name, time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Cookie{Name: hub.SessionCookie, Value: id}
}

// Quiet is a logger that drops everything, for tests that do not read logs.
func Quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Provision adds a terminal on the hub and returns its token.
func (h *Hub) Provision(t testing.TB, facility, name string) string {
	t.Helper()
	token, err := hub.Provision(context.Background(), h.Storage, facility, "Facility "+facility, name)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// NewTerminal creates an initialised terminal store in dir.
func NewTerminal(t testing.TB, dir, facility, name string) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "terminal.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Init(context.Background(), store.Identity{FacilityID: facility, FacilityName: "Facility " + facility,
		Terminal: name, HomeGate: 1}); err != nil {
		t.Fatal(err)
	}
	return st
}

// Drafts returns n varied record drafts: mostly passages (some denied, some
// for fever), temperatures, an incident now and then. Deterministic in
// (offset, n), spread over the given day from 06:00.
func Drafts(day time.Time, offset, n int) []store.Draft {
	ds := make([]store.Draft, n)
	base := time.Date(day.Year(), day.Month(), day.Day(), 6, 0, 0, 0, day.Location())
	for i := range ds {
		k := offset + i
		at := base.Add(time.Duration(k%50000) * time.Second)
		badge := fmt.Sprintf("S%04d", k%300)
		switch {
		case k%97 == 13:
			ds[i] = store.Draft{Kind: record.Incident, Gate: 1, Guard: "G001", At: at,
				Body: record.IncidentBody{Type: "fever", Badge: badge, Detail: "test incident"}}
		case k%10 == 3:
			temp := record.Tenths(362 + k%8)
			ds[i] = store.Draft{Kind: record.Temperature, Gate: 0, Guard: "G001", At: at,
				Body: record.TemperatureBody{Badge: badge, Temp: temp, Fever: k%50 == 3}}
		default:
			temp := record.Tenths(360 + k%10)
			body := record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: badge, Temp: &temp,
				Allowed: true, Reason: "staff", Purpose: "duty"}
			if k%31 == 7 {
				body.Allowed, body.Reason = false, "not_on_roster"
			}
			if k%53 == 9 {
				f := record.Tenths(381)
				body.Temp, body.Recheck, body.Allowed, body.Reason = &f, &f, false, "fever"
			}
			ds[i] = store.Draft{Kind: record.Passage, Gate: 1, Guard: "G001", At: at, Body: body}
		}
	}
	return ds
}

// Fill appends n records to a terminal store, in batches.
func Fill(t testing.TB, st *store.Store, day time.Time, n int) {
	t.Helper()
	have, err := st.LastSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for done := 0; done < n; {
		k := min(n-done, 1000)
		if _, err := st.AppendBatch(context.Background(), Drafts(day, int(have)+done, k)); err != nil {
			t.Fatal(err)
		}
		done += k
	}
}

// Join stores hub settings on a terminal without asking the hub (the
// settings are known good in tests that go through a proxy).
func Join(t testing.TB, st *store.Store, url, token string) {
	t.Helper()
	if err := st.SetHubSettings(context.Background(), store.HubSettings{URL: url, Token: token}); err != nil {
		t.Fatal(err)
	}
}

// Restartable is a hub that can be stopped and started again on the same
// address and database, as when the hub process dies and comes back.
type Restartable struct {
	Path string
	Addr string
	URL  string

	t   testing.TB
	st  *hub.SQLite
	srv *http.Server
	log *slog.Logger
}

// NewRestartable starts a hub on a fresh loopback port. Its log goes to
// the logger given, if any, and is dropped otherwise.
func NewRestartable(t testing.TB, log ...*slog.Logger) *Restartable {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &Restartable{t: t, Path: filepath.Join(t.TempDir(), "hub.db"), Addr: ln.Addr().String(), log: Quiet()}
	if len(log) > 0 && log[0] != nil {
		h.log = log[0]
	}
	h.URL = "http://" + h.Addr
	h.serve(ln)
	t.Cleanup(h.Stop)
	return h
}

// Storage is the running hub's storage (nil while stopped).
func (h *Restartable) Storage() *hub.SQLite { return h.st }

func (h *Restartable) serve(ln net.Listener) {
	st, err := hub.OpenSQLite(h.Path)
	if err != nil {
		h.t.Fatal(err)
	}
	h.st = st
	h.srv = &http.Server{Handler: hub.NewServer(st, hub.Options{Logger: h.log})}
	go h.srv.Serve(ln)
}

// Stop kills the hub abruptly: connections are cut and the database closed
// with whatever was in flight.
func (h *Restartable) Stop() {
	if h.srv == nil {
		return
	}
	h.srv.Close()
	h.st.Close()
	h.srv, h.st = nil, nil
}

// Start brings the hub back on the same address and database.
func (h *Restartable) Start() {
	h.t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port may take a moment to be free again
		if ln, err = net.Listen("tcp", h.Addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		h.t.Fatal(err)
	}
	h.serve(ln)
}
