package syncer_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/hub/hubtest"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// Three terminals of one facility and one of another, on a real hub: a
// standby start at the standby post reaches the custody entrance's PC, whose
// rule then denies the person as a contact; each terminal holds the others'
// records apart from its own chain and never pushes them; the other
// facility's terminal sees none of them.
func TestFacilityFeed(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	join := func(facility, name string) *store.Store {
		t.Helper()
		token := h.Provision(t, facility, name)
		st := hubtest.NewTerminal(t, t.TempDir(), facility, name)
		t.Cleanup(func() { st.Close() })
		if _, err := syncer.Join(ctx, st, h.URL, token, nil, syncer.ClientOptions{}); err != nil {
			t.Fatal(err)
		}
		return st
	}
	gate1, gate2, gate3 := join("F1", "gate1-pc"), join("F1", "gate2-pc"), join("F1", "gate3-pc")
	other := join("F2", "gate1-pc")

	now := time.Now()
	// Earlier today, in this order, however soon after midnight the test
	// runs (at -50 min it failed in the first 50 minutes of a day: the
	// office list fell in yesterday's).
	span := min(time.Hour, now.Sub(time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())))
	ago := func(sixths int) time.Time { return now.Add(-span * time.Duration(sixths) / 6) }
	if _, err := gate3.AppendBatch(ctx, []store.Draft{{Kind: record.StandbyStart, Gate: 3, Guard: "1003", At: ago(6),
		Body: record.StandbyStartBody{Badge: "2003", Name: "李娜", PlannedEnd: gate.Day(now.AddDate(0, 0, 13))}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := gate3.AppendBatch(ctx, []store.Draft{
		{Kind: record.Attendance, Gate: 4, Guard: "1003", At: ago(5),
			Body: record.AttendanceBody{Day: gate.Day(now), Badge: "2005", Status: record.WFH}},
		{Kind: record.Incident, Gate: 4, Guard: "1003", At: ago(4),
			Body: record.IncidentBody{Type: gate.IncidentContact, Badge: "2003"}},
	}); err != nil {
		t.Fatal(err)
	}
	hubtest.Fill(t, gate1, now, 1500) // more than a feed page
	for _, st := range []*store.Store{gate3, gate1} {
		if _, err := syncer.Once(ctx, st); err != nil {
			t.Fatal(err)
		}
	}

	// A sync told to leave the feed out (a benchmark of the push alone, a
	// console whose long poll brings the peers) takes none of it.
	if res, err := syncer.Once(ctx, gate2, syncer.WithSyncOptions(syncer.SyncOptions{NoFeed: true})); err != nil || res.PeerRecords != 0 {
		t.Fatalf("a sync without the feed: %+v %v", res, err)
	}
	res, err := syncer.Once(ctx, gate2, syncer.WithSyncOptions(syncer.SyncOptions{PullPageSize: 400}))
	if err != nil {
		t.Fatal(err)
	}
	if res.PeerRecords != 1503 || len(res.PeerRefused) != 0 || res.Sent != 0 {
		t.Fatalf("gate2's sync: %+v", res)
	}
	p := gate.Person{Badge: "2003", Name: "李娜", Kind: gate.Staff, Active: true, Assignment: gate.AssignStandby}
	s, err := gate2.StatusOf(ctx, p, now, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v := gate.MayCross(s, 2, record.In); v.Allowed || !v.ContactIncident {
		t.Fatalf("the standby member at the custody entrance of another PC: status %+v, verdict %+v", s, v)
	}

	// The day's list made at another post, and its contact incidents, are
	// the facility's: seen here.
	if rows, err := gate2.LatestPerBadge(ctx, record.Attendance, gate.Day(now)); err != nil || len(rows) != 1 {
		t.Fatalf("the office list from another post: %d rows, %v", len(rows), err)
	}
	if n, err := gate2.CountIncidents(ctx, gate.Day(now), gate.IncidentContact); err != nil || n < 1 {
		t.Fatalf("contact incidents from another post: %d, %v", n, err)
	}

	// Peers are apart from the own chain: gate2's log is still empty, its
	// chain verifies, and it has nothing to push.
	if n, err := gate2.LastSeq(ctx); err != nil || n != 0 {
		t.Fatalf("gate2's own log: %d %v", n, err)
	}
	if c, err := gate2.SyncCounts(ctx); err != nil || c.Pending != 0 {
		t.Fatalf("gate2 pending: %+v %v", c, err)
	}
	peers, err := gate2.Peers(ctx)
	if err != nil || len(peers) != 2 || peers[0].Terminal != "gate1-pc" || peers[0].HeadSeq != 1500 || peers[0].HubHeadSeq != 1500 ||
		peers[1].HeadSeq != 3 || peers[0].LastPush.IsZero() {
		t.Fatalf("gate2's peers: %+v %v", peers, err)
	}
	// Pulling again brings nothing new.
	if res, err := syncer.Once(ctx, gate2); err != nil || res.PeerRecords != 0 {
		t.Fatalf("second pull: %+v %v", res, err)
	}
	// Once every post has pulled, the facility's day reads the same
	// everywhere: the same records, the same screening, every post covered
	// and none behind.
	for _, st := range []*store.Store{gate1, gate3} {
		if _, err := syncer.Once(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	var reports []gate.Report
	for _, st := range []*store.Store{gate1, gate2, gate3} {
		in, err := st.ReportInput(ctx, store.Day(now), now, 0)
		if err != nil {
			t.Fatal(err)
		}
		r := gate.ComputeReport(in)
		if len(r.Posts) != 3 {
			t.Fatalf("%s covers %+v", r.Terminal, r.Posts)
		}
		for _, p := range r.Posts {
			if p.Behind {
				t.Errorf("%s: %s behind", r.Terminal, p.Terminal)
			}
		}
		reports = append(reports, r)
	}
	if reports[0].Records < 1503 {
		t.Fatalf("the day holds %d records, want the 1,503 written", reports[0].Records)
	}
	for _, r := range reports[1:] {
		a, _ := json.Marshal(r.Screening)
		b, _ := json.Marshal(reports[0].Screening)
		if r.Records != reports[0].Records || string(a) != string(b) {
			t.Errorf("%s's day differs from %s's: %d records %s, %d records %s",
				r.Terminal, reports[0].Terminal, r.Records, a, reports[0].Records, b)
		}
	}

	// The other facility sees none of it.
	if res, err := syncer.Once(ctx, other); err != nil || res.PeerRecords != 0 {
		t.Fatalf("another facility's terminal: %+v %v", res, err)
	}
	if ps, err := other.Peers(ctx); err != nil || len(ps) != 0 {
		t.Fatalf("another facility's peers: %+v %v", ps, err)
	}
}
