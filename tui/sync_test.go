package tui

import (
	"context"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/syncer"
)

// The console against a real hub over loopback: closing a shift syncs and
// says what it did; with the hub gone the status bar says offline and the
// records stay pending here; Ctrl+S after it returns sends them.
func TestShiftCloseSyncsAndStatusTellsTheTruth(t *testing.T) {
	h := hubtest.NewHub(t)
	st, ident := testStore(t)
	ctx := context.Background()
	token := h.Provision(t, ident.FacilityID, ident.Terminal)
	if _, err := syncer.Join(ctx, st, h.URL, token, nil, syncer.ClientOptions{}); err != nil {
		t.Fatal(err)
	}
	loop, err := syncer.NewLoop(st, syncer.WithLogger(hubtest.Quiet()))
	if err != nil {
		t.Fatal(err)
	}
	m := New(st, ident, Options{Lang: "zh-CN", Now: func() time.Time { return fixedNow }, Sync: loop})
	d := drive(t, m)
	d.signIn("1001", "1234")

	d.typ("2001")
	for range 3 {
		d.key(tea.KeyTab)
	}
	d.typ("36.6")
	d.key(tea.KeyEnter)
	d.key(tea.KeyEnter)
	d.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	d.want("同步完成：上传 2 条")
	d.want("在线")
	d.want("待同步 0")

	// The hub goes away: the next sync fails, the bar says offline, and the
	// new record waits here.
	h.Server.Close()
	d.typ("2002")
	for range 3 {
		d.key(tea.KeyTab)
	}
	d.typ("36.4")
	d.key(tea.KeyEnter)
	d.key(tea.KeyEnter)
	d.send(tea.KeyMsg{Type: tea.KeyCtrlS})
	d.want("无法连接市局平台，记录已保存在本机")
	d.lacks("dial") // no network jargon on the screen
	d.want("离线")
	d.want("待同步 1")

	// The hub comes back at the same address; closing the shift syncs it all.
	hubtestServe(t, h)
	d.key(tea.KeyF9)
	d.typ("交班，无异常")
	d.key(tea.KeyEnter)
	d.want("已交班。 同步完成")
	stats, err := h.Storage.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	last, _ := st.LastSeq(ctx)
	if stats.Records != last {
		t.Fatalf("hub holds %d records, terminal wrote %d", stats.Records, last)
	}
}

// hubtestServe serves the hub's storage again at its old address.
func hubtestServe(t *testing.T, h *hubtest.Hub) {
	t.Helper()
	l, err := net.Listen("tcp", strings.TrimPrefix(h.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(hub.NewServer(h.Storage, hub.Options{Logger: hubtest.Quiet()}))
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
}

// The status bar says how fresh the facility's records from the other
// posts are, that they are behind when the picture is old, and first of
// all that a copy of this terminal pushes beside it (§12, §15 of the trust
// work).
func TestStatusBarShowsTheFacilityAndAFork(t *testing.T) {
	h := hubtest.NewHub(t)
	st, ident := testStore(t)
	token := h.Provision(t, ident.FacilityID, ident.Terminal)
	if _, err := syncer.Join(context.Background(), st, h.URL, token, nil, syncer.ClientOptions{}); err != nil {
		t.Fatal(err)
	}
	loop, err := syncer.NewLoop(st, syncer.WithLogger(hubtest.Quiet()))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang, fresh, stale, fork string
	}{{"zh-CN", "设施同步 09:29", "设施记录滞后（09:20）", "终端副本！序号 41"}, {"en", "facility 09:29", "facility behind (09:20)", "copy! seq 41"}} {
		d := drive(t, New(st, ident, Options{Lang: c.lang, Now: func() time.Time { return fixedNow }, Sync: loop}))
		d.signIn("1001", "1234")
		status := syncer.Status{Configured: true, Online: true, LastOK: fixedNow, PeersAt: fixedNow.Add(-time.Minute)}
		d.send(syncMsg(status))
		d.want(c.fresh)
		status.PeersAt = fixedNow.Add(-10 * time.Minute)
		d.send(syncMsg(status))
		d.want(c.stale)
		status.ForkSeq = 41
		d.send(syncMsg(status))
		d.want(c.fork)
	}
}
