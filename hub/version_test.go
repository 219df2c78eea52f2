package hub_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/internal/storagetest"
	"gatepost/hub/pgtest"
	"gatepost/hub/wire"
	"gatepost/internal/buildinfo"
	"gatepost/syncer"
)

// versionCell reads the version column of a terminal's row on the dashboard.
func versionCell(t *testing.T, url, terminal string) string {
	t.Helper()
	a := call(t, "GET", url+"/?lang=en", "", nil, nil)
	if a.status != 200 {
		t.Fatalf("dashboard: %d", a.status)
	}
	re := regexp.MustCompile(`(?s)<tr data-terminal="` + regexp.QuoteMeta(terminal) + `">.*?<td data-fig="version">([^<]*)</td>`)
	m := re.FindStringSubmatch(string(a.body))
	if m == nil {
		t.Fatalf("no version cell for %s on the dashboard", terminal)
	}
	return m[1]
}

// TestTerminalVersion follows a terminal's version from its User-Agent to
// the hub's database and dashboard, on both backends: a real terminal
// syncing with the syncer, then calls from other builds and other clients.
func TestTerminalVersion(t *testing.T) {
	backends := map[string]func(t *testing.T) hub.Storage{
		"sqlite": func(t *testing.T) hub.Storage {
			st, err := hub.OpenSQLite(filepath.Join(t.TempDir(), "hub.db"))
			if err != nil {
				t.Fatal(err)
			}
			return st
		},
		"postgres": func(t *testing.T) hub.Storage {
			st, err := hub.OpenStorage(context.Background(), pgtest.Schema(t))
			if err != nil {
				t.Fatal(err)
			}
			return st
		},
	}
	for name, open := range backends {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := open(t)
			srv := httptest.NewServer(hub.NewServer(st, hub.Options{Logger: hubtest.Quiet()}))
			t.Cleanup(func() { srv.Close(); st.Close() })
			token, err := hub.Provision(ctx, st, "F1", "Facility F1", "gate1")
			if err != nil {
				t.Fatal(err)
			}
			if got := versionCell(t, srv.URL, "F1/gate1"); got != "—" {
				t.Fatalf("before any call the version reads %q, want —", got)
			}

			term := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
			defer term.Close()
			hubtest.Join(t, term, srv.URL, token)
			hubtest.Fill(t, term, time.Now(), 3)
			if _, err := syncer.Once(ctx, term); err != nil {
				t.Fatal(err)
			}
			want := buildinfo.Get().Version
			ts, err := st.Terminals(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if ts[0].Version != want || ts[0].Chain.Stored != 3 {
				t.Fatalf("after a sync: version %q, %d records; want %q, 3", ts[0].Version, ts[0].Chain.Stored, want)
			}

			// A push from another build (the version moves with SetState
			// inside the ingest transaction) …
			rs := storagetest.Chain("F1", "gate1", 4, 1, ts[0].Chain.HeadHash)
			a := call(t, "POST", srv.URL+wire.PathPush, token, bytes.NewReader(pushBody(rs...)),
				map[string]string{"Content-Type": "application/json", "User-Agent": "gatepost/v1.4.0"})
			if a.status != 200 {
				t.Fatalf("push: %d %s", a.status, a.body)
			}
			if got := versionCell(t, srv.URL, "F1/gate1"); got != "v1.4.0" {
				t.Fatalf("dashboard version %q, want v1.4.0", got)
			}
			// … and a call from a client that says no version (an old
			// terminal, curl) leaves the last known one.
			call(t, "GET", srv.URL+wire.PathWhoami, token, nil, map[string]string{"User-Agent": "gatepost-terminal"})
			ts, _ = st.Terminals(ctx)
			if ts[0].Version != "v1.4.0" || ts[0].LastSeen.IsZero() {
				t.Fatalf("after an unversioned call: %q", ts[0].Version)
			}
			// A touch alone (whoami) records a new version too.
			call(t, "GET", srv.URL+wire.PathWhoami, token, nil, map[string]string{"User-Agent": "gatepost/v1.5.0"})
			ts, _ = st.Terminals(ctx)
			if ts[0].Version != "v1.5.0" {
				t.Fatalf("after whoami from v1.5.0: %q", ts[0].Version)
			}
		})
	}
}

func TestBuildInfoMetric(t *testing.T) {
	h := hubtest.NewHub(t)
	a := call(t, "GET", h.URL+"/metrics", "", nil, nil)
	bi := buildinfo.Get()
	want := `gatepost_build_info{commit="` + bi.ShortCommit() + `",goversion="` + bi.GoVersion + `",version="` + bi.Version + `"} 1`
	if !strings.Contains(string(a.body), want) {
		t.Fatalf("metrics lack %s", want)
	}
}
