package hub_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"gatepost/gate"
	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// A facility hub on the facility's LAN, relaying to the bureau's hub
// through a WAN that is cut for the whole working day and then comes back
// faulty: the three posts keep sharing through the facility hub (a standby
// start at the standby post denies the person as a contact at the custody
// entrance's PC; a reading at the main gate counts in the custody
// entrance's daily report); when the WAN returns, the bureau holds every
// record exactly once, every chain verifies, the relay reports nothing
// behind, and a notice published at the bureau reaches the posts. A record
// tampered with on the facility hub is refused by the posts.
func TestFacilityHubRelays(t *testing.T) {
	ctx := context.Background()
	bureau := hubtest.NewHub(t)
	relayToken, err := hub.ProvisionRelay(ctx, bureau.Storage, "qs01", "青山所", "qs01-hub")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hub.ProvisionRelay(ctx, bureau.Storage, "qs01", "", "qs01-hub"); err == nil {
		t.Fatal("a second relay of the same name was provisioned")
	}
	wan := hubtest.NewFaultProxy(t, bureau.URL, hubtest.Faults{Drop: 1}, 7) // the WAN is down

	facDB := filepath.Join(t.TempDir(), "facility-hub.db")
	fac, err := hub.OpenSQLite(facDB)
	if err != nil {
		t.Fatal(err)
	}
	defer fac.Close()
	facSrv := httptest.NewServer(hub.NewServer(fac, hub.Options{Logger: hubtest.Quiet()}))
	defer facSrv.Close()
	relay, err := hub.NewRelayer(fac, wan.URL(), relayToken, hub.RelayerOptions{Batch: 300,
		Client: syncer.ClientOptions{Timeout: 5 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}

	posts := map[string]*store.Store{}
	for _, name := range []string{"gate1-pc", "gate2-pc", "gate3-pc"} {
		token, err := hub.Provision(ctx, fac, "qs01", "青山所", name)
		if err != nil {
			t.Fatal(err)
		}
		st := hubtest.NewTerminal(t, t.TempDir(), "qs01", name)
		defer st.Close()
		if _, err := syncer.Join(ctx, st, facSrv.URL, token, nil, syncer.ClientOptions{}); err != nil {
			t.Fatal(err)
		}
		posts[name] = st
	}
	syncAll := func() {
		t.Helper()
		for _, name := range []string{"gate1-pc", "gate2-pc", "gate3-pc"} {
			if _, err := syncer.Once(ctx, posts[name]); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}

	// The working day, WAN down.
	now := time.Now()
	if _, err := posts["gate3-pc"].AppendBatch(ctx, []store.Draft{{Kind: record.StandbyStart, Gate: 3, Guard: "1003", At: now.Add(-time.Hour),
		Body: record.StandbyStartBody{Badge: "2003", Name: "李娜", PlannedEnd: gate.Day(now.AddDate(0, 0, 13))}}}); err != nil {
		t.Fatal(err)
	}
	// Earlier today: half an hour ago, but not before midnight (the test
	// failed in the first half hour of a day, the reading in yesterday's).
	earlier := now.Add(-30 * time.Minute)
	if midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location()); earlier.Before(midnight) {
		earlier = midnight
	}
	if _, err := posts["gate1-pc"].AppendBatch(ctx, []store.Draft{{Kind: record.Temperature, Gate: 1, Guard: "1001", At: earlier,
		Body: record.TemperatureBody{Badge: "2007", Temp: 364}}}); err != nil {
		t.Fatal(err)
	}
	hubtest.Fill(t, posts["gate1-pc"], now, 700)
	hubtest.Fill(t, posts["gate2-pc"], now, 400)
	for round := 0; round < 2; round++ {
		syncAll()
		if _, err := relay.Round(ctx); err == nil {
			t.Fatal("a relay round worked with the WAN down")
		}
	}
	staff := gate.Person{Badge: "2003", Kind: gate.Staff, Active: true, Assignment: gate.AssignStandby}
	s, err := posts["gate2-pc"].StatusOf(ctx, staff, now, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v := gate.MayCross(s, 2, record.In); v.Allowed || !v.ContactIncident {
		t.Fatalf("custody entrance, WAN down: %+v %+v", s, v)
	}
	in, err := posts["gate2-pc"].ReportInput(ctx, store.Day(now), now, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, r := range in.Records {
		var b record.TemperatureBody
		if r.Kind == record.Temperature && r.Decode(&b) == nil && b.Badge == "2007" {
			seen = true
		}
	}
	if !seen {
		t.Fatal("the main gate's reading is not in the custody entrance's day")
	}
	if n, err := relay.Pending(ctx); err != nil || n != 1102 {
		t.Fatalf("relay pending with the WAN down: %d %v", n, err)
	}

	// The WAN comes back, faulty at first: requests dropped, answers lost,
	// requests duplicated. Rounds until nothing is pending.
	wan.SetFaults(hubtest.Faults{Drop: 0.2, DropAnswer: 0.2, Duplicate: 0.2})
	for i := 0; i < 100; i++ {
		if res, err := relay.Round(ctx); err == nil && res.Pending == 0 {
			break
		}
	}
	wan.SetFaults(hubtest.Faults{})
	res, err := relay.Round(ctx)
	if err != nil || res.Pending != 0 {
		t.Fatalf("final round: %+v %v", res, err)
	}
	reports, err := hub.VerifyAll(ctx, bureau.Storage)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"gate1-pc": 701, "gate2-pc": 400, "gate3-pc": 1}
	if len(reports) != 3 {
		t.Fatalf("the bureau holds %d terminals: %+v", len(reports), reports)
	}
	for _, r := range reports {
		if r.Facility != "qs01" || r.Records != want[r.Name] || r.MaxSeq != want[r.Name] || r.Missing != 0 || r.BreakSeq != 0 || r.ForkSeq != 0 {
			t.Errorf("bureau's %s: %+v", r.TerminalKey, r)
		}
	}
	rs, err := bureau.Storage.Relays(ctx)
	if err != nil || len(rs) != 1 || rs[0].Pending != 0 || rs[0].LastSeen.IsZero() {
		t.Fatalf("the bureau's view of the relay: %+v %v", rs, err)
	}

	// Down the other way: a notice and a rotation plan from the bureau.
	if _, err := hub.PublishNotice(ctx, bureau.Storage, "qs01", "今日部署", "加强消毒", store.Day(now)); err != nil {
		t.Fatal(err)
	}
	if err := bureau.Storage.PutRotation(ctx, "qs01", []gate.Plan{{Badge: "2001", Periods: []gate.Period{
		{Badge: "2001", Kind: gate.PeriodCustody, Start: "2026-12-01", End: "2026-12-14"}}}}); err != nil {
		t.Fatal(err)
	}
	if res, err := relay.Round(ctx); err != nil || res.Pulled != 2 {
		t.Fatalf("pull round: %+v %v", res, err)
	}
	if res, err := relay.Round(ctx); err != nil || res.Pulled != 0 || res.Sent != 0 {
		t.Fatalf("an idle round: %+v %v", res, err)
	}
	syncAll()
	for name, st := range posts {
		if ns, err := st.Notices(ctx, store.Day(now)); err != nil || len(ns) != 1 || ns[0].Title != "今日部署" {
			t.Errorf("%s's notices: %+v %v", name, ns, err)
		}
		if p, err := st.RotationOf(ctx, "2001"); err != nil || len(p) != 1 {
			t.Errorf("%s's rotation: %+v %v", name, p, err)
		}
	}

	// Someone with the facility hub's disk rewrites a record of gate1-pc
	// that a new post has not pulled yet: the post refuses it.
	raw, err := sql.Open("sqlite", "file:"+facDB)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`DROP TRIGGER records_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE records SET body = '{"badge":"2007","temp":390}' WHERE terminal = 'gate1-pc' AND seq = 1`); err != nil {
		t.Fatal(err)
	}
	token, err := hub.Provision(ctx, fac, "qs01", "", "gate4-pc")
	if err != nil {
		t.Fatal(err)
	}
	late := hubtest.NewTerminal(t, t.TempDir(), "qs01", "gate4-pc")
	defer late.Close()
	if _, err := syncer.Join(ctx, late, facSrv.URL, token, nil, syncer.ClientOptions{}); err != nil {
		t.Fatal(err)
	}
	got, err := syncer.Once(ctx, late)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.PeerRefused) != 1 || got.PeerRefused[0].Terminal != "gate1-pc" || got.PeerRefused[0].Seq != 1 {
		t.Fatalf("the tampered record: %+v", got.PeerRefused)
	}
	peers, _ := late.Peers(ctx)
	for _, p := range peers {
		if p.Terminal == "gate1-pc" && (p.HeadSeq != 0 || p.RefusedSeq != 1) {
			t.Errorf("gate1-pc at the late post: %+v", p)
		}
	}
}

// The bureau's dashboard lists the relay with how far behind it is.
func TestDashboardShowsRelays(t *testing.T) {
	ctx := context.Background()
	bureau := hubtest.NewHub(t)
	token, err := hub.ProvisionRelay(ctx, bureau.Storage, "qs01", "青山所", "qs01-hub")
	if err != nil {
		t.Fatal(err)
	}
	c, err := syncer.NewClient(bureau.URL, token, syncer.ClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.RelayChanges(ctx, 0, 0, 42); err != nil { // reports 42 to forward
		t.Fatal(err)
	}
	session := bureau.SignIn(t, "viewer", hub.RoleViewer)
	for _, lang := range []string{"zh-CN", "en"} {
		req, _ := http.NewRequest("GET", bureau.URL+"/?lang="+lang, nil)
		req.AddCookie(session)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(body)
		if !strings.Contains(page, `data-relay="qs01/qs01-hub"`) || !strings.Contains(page, `data-fig="behind">42<`) {
			t.Errorf("%s dashboard lacks the relay:\n%s", lang, page)
		}
	}
	// A relay token is not a terminal's: it cannot push as one.
	if _, err := syncer.Join(ctx, hubtest.NewTerminal(t, t.TempDir(), "qs01", "gate1-pc"), bureau.URL, token, nil, syncer.ClientOptions{}); err == nil {
		t.Error("a terminal joined with a relay's token")
	}
}
