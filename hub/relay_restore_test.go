package hub_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/wire"
	"gatepost/record"
	"gatepost/store"
	"gatepost/store/storetest"
	"gatepost/syncer"
)

// relayedFacility is a bureau hub (restartable, its log kept) and a
// facility hub relaying to it, with two posts syncing to the facility hub.
type relayedFacility struct {
	bureau    *hubtest.Restartable
	bureauLog *lockedBuffer
	fac       *hub.SQLite
	facURL    string
	token     string
	posts     map[string]*store.Store
	relayLog  *lockedBuffer
	relay     *hub.Relayer
}

func newRelayedFacility(t *testing.T, posts ...string) *relayedFacility {
	t.Helper()
	ctx := context.Background()
	f := &relayedFacility{bureauLog: &lockedBuffer{}, relayLog: &lockedBuffer{}, posts: map[string]*store.Store{}}
	f.bureau = hubtest.NewRestartable(t, slog.New(slog.NewTextHandler(f.bureauLog, nil)))
	var err error
	if f.token, err = hub.ProvisionRelay(ctx, f.bureau.Storage(), "fac9", "", "fac9-hub"); err != nil {
		t.Fatal(err)
	}
	if f.fac, err = hub.OpenSQLite(filepath.Join(t.TempDir(), "facility-hub.db")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.fac.Close() })
	facSrv := httptest.NewServer(hub.NewServer(f.fac, hub.Options{Logger: hubtest.Quiet()}))
	t.Cleanup(facSrv.Close)
	f.facURL = facSrv.URL
	for _, name := range posts {
		token, err := hub.Provision(ctx, f.fac, "fac9", "", name)
		if err != nil {
			t.Fatal(err)
		}
		st := hubtest.NewTerminal(t, t.TempDir(), "fac9", name)
		t.Cleanup(func() { st.Close() })
		hubtest.Join(t, st, f.facURL, token)
		f.posts[name] = st
	}
	f.restartRelay(t, f.bureau.URL)
	return f
}

// checkAlways makes the relay compare the bureau's heads every round.
var checkAlways = hub.RelayerOptions{CheckEvery: time.Nanosecond}

// restartRelay starts the facility hub's relay to upstream afresh, as when
// the facility hub restarts: what it knew in memory is gone, its cursors
// stay.
func (f *relayedFacility) restartRelay(t *testing.T, upstream string, opts ...hub.RelayerOptions) {
	t.Helper()
	o := hub.RelayerOptions{}
	if len(opts) > 0 {
		o = opts[0]
	}
	o.Logger, o.Client = slog.New(slog.NewTextHandler(f.relayLog, nil)), syncer.ClientOptions{Timeout: 5 * time.Second}
	r, err := hub.NewRelayer(f.fac, upstream, f.token, o)
	if err != nil {
		t.Fatal(err)
	}
	f.relay = r
}

// add saves n records at each named post and syncs them to the facility hub.
func (f *relayedFacility) add(t *testing.T, n int, posts ...string) {
	t.Helper()
	for _, name := range posts {
		hubtest.Fill(t, f.posts[name], time.Now(), n)
		if _, err := syncer.Once(context.Background(), f.posts[name]); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// verify checks that the bureau holds every post's chain whole, with want
// records each.
func (f *relayedFacility) verify(t *testing.T, want map[string]int64) {
	t.Helper()
	reps, err := hub.VerifyAll(context.Background(), f.bureau.Storage())
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != len(want) {
		t.Fatalf("the bureau holds %d terminals: %+v", len(reps), reps)
	}
	for _, r := range reps {
		if !r.Intact() || r.Records != want[r.Name] || r.MaxSeq != want[r.Name] {
			t.Errorf("the bureau's %s: %+v, want %d records intact", r.TerminalKey, r, want[r.Name])
		}
	}
}

// restore stops the bureau, puts the backup in place of its database, and
// starts it again, as README's "Restoring a SQLite hub" says.
func (f *relayedFacility) restore(t *testing.T, backup string) {
	t.Helper()
	f.bureau.Stop()
	for _, ext := range []string{"-wal", "-shm"} {
		os.Remove(f.bureau.Path + ext)
	}
	storetest.CopyFile(t, backup, f.bureau.Path)
	f.bureau.Start()
}

// The bureau's hub is restored from its own backup (hub.Backup, while it
// serves) after the facility hub relayed more records: the facility hub
// finds out, moves its cursors back to the bureau's heads and sends the
// rest again, and the bureau's chains are whole with every record. Both
// hubs say so in their logs, and the relay's behind at the bureau counts
// what the bureau lost until it is sent again. Once when the bureau was
// down while the relay ran (a round failed), once found by a facility hub
// just restarted. Before, the bureau kept the gap for good (a record
// waiting above it, "NOT INTACT"), or, where nothing came after, said
// "intact" with records lost, and the relay's behind said 0.
func TestRestoredBureauIsRefilledByTheRelay(t *testing.T) {
	ctx := context.Background()
	f := newRelayedFacility(t, "p1", "p2")
	round := func() hub.RelayResult {
		t.Helper()
		res, err := f.relay.Round(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	f.add(t, 9, "p1", "p2")
	if res := round(); res.Stored != 18 {
		t.Fatalf("first round: %+v", res)
	}
	backup := filepath.Join(t.TempDir(), "bk.db")
	if _, err := hub.Backup(ctx, f.bureau.Storage(), backup); err != nil {
		t.Fatal(err)
	}
	f.add(t, 3, "p1", "p2")
	if res := round(); res.Stored != 6 || res.Refilled != 0 {
		t.Fatalf("round after the backup: %+v", res)
	}

	// The bureau goes down while the relay runs; it comes back restored.
	f.bureau.Stop()
	if _, err := f.relay.Round(ctx); err == nil {
		t.Fatal("a round worked with the bureau down")
	}
	f.restore(t, backup)
	// What the relay tells the bureau at its check: behind counts the lost.
	c, err := syncer.NewClient(f.bureau.URL, f.token, syncer.ClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	heads, err := c.RelayHeads(ctx, []wire.RelayPushed{{Facility: "fac9", Terminal: "p1", Seq: 12}, {Facility: "fac9", Terminal: "p2", Seq: 12},
		{Facility: "other", Terminal: "p1", Seq: 50}}, 0)
	if err != nil || heads.Facility != "fac9" || len(heads.Terminals) != 2 || heads.Terminals[0].HeadSeq != 9 || heads.Terminals[1].HeadSeq != 9 {
		t.Fatalf("the restored bureau's heads: %+v %v", heads, err)
	}
	if rs, err := f.bureau.Storage().Relays(ctx); err != nil || len(rs) != 1 || rs[0].Pending != 6 {
		t.Fatalf("the relay's behind at the bureau after the check: %+v %v", rs, err)
	}
	if l := f.bureauLog.String(); !strings.Contains(l, "restored from a backup") || strings.Count(l, "missing=3") != 2 {
		t.Errorf("the bureau's log does not say it lost p1's and p2's records:\n%s", l)
	}
	f.add(t, 2, "p1")
	if res := round(); res.Refilled != 6 || res.Stored != 8 || res.Pending != 0 {
		t.Fatalf("round after the restore: %+v", res)
	}
	f.verify(t, map[string]int64{"p1": 14, "p2": 12})
	if rs, err := f.bureau.Storage().Relays(ctx); err != nil || rs[0].Pending != 0 {
		t.Fatalf("the relay's behind at the bureau after the refill: %+v %v", rs, err)
	}
	if l := f.relayLog.String(); strings.Count(l, "restored from a backup") != 2 {
		t.Errorf("the facility hub's log does not say the bureau lost p1's and p2's records:\n%s", l)
	}
	if res := round(); res.Sent != 0 || res.Refilled != 0 {
		t.Fatalf("a round after the refill: %+v", res)
	}

	// Restored again, while the relay did not call: the facility hub,
	// restarted, finds out at its first round.
	if _, err := hub.Backup(ctx, f.bureau.Storage(), filepath.Join(t.TempDir(), "bk2.db")); err != nil {
		t.Fatal(err)
	}
	backup = filepath.Join(t.TempDir(), "bk3.db")
	if _, err := hub.Backup(ctx, f.bureau.Storage(), backup); err != nil {
		t.Fatal(err)
	}
	f.add(t, 4, "p2")
	if res := round(); res.Stored != 4 {
		t.Fatalf("round after the second backup: %+v", res)
	}
	f.restore(t, backup)
	f.restartRelay(t, f.bureau.URL)
	if res := round(); res.Refilled != 4 || res.Stored != 4 || res.Pending != 0 {
		t.Fatalf("the restarted relay's first round: %+v", res)
	}
	f.verify(t, map[string]int64{"p1": 14, "p2": 16})
}

// A facility hub that holds a terminal of another facility (provisioned
// there with the wrong --facility) relays its own facility's terminals and
// not that one, said once in its log, round after round. Before, the
// bureau's 403 for it failed every round, and no terminal was relayed.
func TestRelaySkipsAnotherFacilitysTerminal(t *testing.T) {
	ctx := context.Background()
	f := newRelayedFacility(t, "p1")
	token, err := hub.Provision(ctx, f.fac, "fac8", "", "stray")
	if err != nil {
		t.Fatal(err)
	}
	stray := hubtest.NewTerminal(t, t.TempDir(), "fac8", "stray")
	defer stray.Close()
	hubtest.Join(t, stray, f.facURL, token)
	hubtest.Fill(t, stray, time.Now(), 5)
	if _, err := syncer.Once(ctx, stray); err != nil {
		t.Fatal(err)
	}
	f.add(t, 3, "p1")
	for i := 0; i < 3; i++ {
		res, err := f.relay.Round(ctx)
		if err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		if i == 0 && res.Stored != 3 {
			t.Fatalf("round %d: %+v", i, res)
		}
	}
	f.verify(t, map[string]int64{"p1": 3})
	if n := strings.Count(f.relayLog.String(), "another facility"); n != 1 {
		t.Errorf("the stray terminal is said %d times:\n%s", n, f.relayLog.String())
	}

	// A bureau older than the heads request (404: no facility named)
	// refuses the stray terminal's push 403: the relay goes on with the
	// others, and says so once.
	old := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == wire.PathRelayHeads {
			http.NotFound(w, r)
			return
		}
		httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: f.bureau.Addr}).ServeHTTP(w, r)
	}))
	defer old.Close()
	f.restartRelay(t, old.URL)
	f.add(t, 2, "p1")
	for i := 0; i < 3; i++ {
		res, err := f.relay.Round(ctx)
		if err != nil {
			t.Fatalf("old bureau, round %d: %v", i, err)
		}
		if i == 0 && res.Stored != 2 {
			t.Fatalf("old bureau, round %d: %+v", i, res)
		}
	}
	f.verify(t, map[string]int64{"p1": 5})
	if n := strings.Count(f.relayLog.String(), "refuses this terminal's records"); n != 1 {
		t.Errorf("the 403 is said %d times:\n%s", n, f.relayLog.String())
	}
	if n := strings.Count(f.relayLog.String(), "older than this hub"); n != 1 {
		t.Errorf("the old bureau is said %d times:\n%s", n, f.relayLog.String())
	}
}

// A relay cursor moves forward only with SetRelayCursor and back only with
// LowerRelayCursor, on both backends; LowerRelayCursor sets one not set.
func TestRelayCursorsBothWays(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			st := b.provisioned(t)
			step := func(what string, do func() error, want int64) {
				t.Helper()
				if err := do(); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				if v, err := st.RelayCursor(ctx, "push:F1/gate1"); err != nil || v != want {
					t.Fatalf("%s: cursor %d %v, want %d", what, v, err, want)
				}
			}
			step("lower an unset cursor", func() error { return st.LowerRelayCursor(ctx, "push:F1/gate1", 7) }, 7)
			step("set forward", func() error { return st.SetRelayCursor(ctx, "push:F1/gate1", 16) }, 16)
			step("set back", func() error { return st.SetRelayCursor(ctx, "push:F1/gate1", 12) }, 16)
			step("lower", func() error { return st.LowerRelayCursor(ctx, "push:F1/gate1", 12) }, 12)
			step("lower upward", func() error { return st.LowerRelayCursor(ctx, "push:F1/gate1", 14) }, 12)
		})
	}
}

// A record the bureau refused (here an id another terminal's record holds
// there) stops the terminal's chain at the bureau below it for good: the
// relay, comparing heads every round, does not take that for records the
// bureau lost, and sends nothing again. When the bureau is restored from
// further back (below the refused record, here before anything came), the
// relay sends again, and the bureau, which no longer holds the other
// record, stores them all.
func TestRelayDoesNotResendBelowARefusal(t *testing.T) {
	ctx := context.Background()
	f := newRelayedFacility(t, "p1")
	f.restartRelay(t, f.bureau.URL, checkAlways)
	f.add(t, 5, "p1")
	var id3 string
	if err := f.fac.EachRecord(ctx, hub.TerminalKey{Facility: "fac9", Name: "p1"}, 2, func(sr hub.StoredRecord) error {
		id3 = sr.Record.ID
		return errors.New("enough")
	}); id3 == "" {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "bk.db")
	if _, err := hub.Backup(ctx, f.bureau.Storage(), backup); err != nil {
		t.Fatal(err)
	}
	token, err := hub.Provision(ctx, f.bureau.Storage(), "fac9", "", "x")
	if err != nil {
		t.Fatal(err)
	}
	c, err := syncer.NewClient(f.bureau.URL, token, syncer.ClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	x := seal(t, "fac9", "x", 1, "", draft{id: id3, kind: record.Temperature, at: time.Now(), body: record.TemperatureBody{Badge: "2007", Temp: 364}})[0]
	raw, _ := x.MarshalJSON()
	if resp, err := c.PushEncoded(ctx, []json.RawMessage{raw}, 0); err != nil || resp.Results[0].Status != wire.Stored {
		t.Fatalf("x's record: %+v %v", resp, err)
	}
	if res, err := f.relay.Round(ctx); err != nil || res.Sent != 5 || res.Refused != 1 {
		t.Fatalf("first round: %+v %v", res, err)
	}
	for i := 0; i < 3; i++ {
		if res, err := f.relay.Round(ctx); err != nil || res.Sent != 0 || res.Refilled != 0 {
			t.Fatalf("round %d: %+v %v", i, res, err)
		}
	}
	f.restore(t, backup)
	if res, err := f.relay.Round(ctx); err != nil || res.Refilled != 5 || res.Sent != 5 || res.Stored != 5 {
		t.Fatalf("round after the restore: %+v %v", res, err)
	}
	f.verify(t, map[string]int64{"p1": 5})
}

// Records of large bodies go up in pushes the bureau takes: 250 incidents
// of 40 KB each are 10 MB, and one push of them all (a batch is up to
// 1,000 records) was refused 413, over wire.MaxBody, at every round.
func TestRelayBatchesByBytes(t *testing.T) {
	ctx := context.Background()
	f := newRelayedFacility(t, "p1")
	detail := strings.Repeat("该员工情况说明。", 1700) // 40.8 KB
	var ds []store.Draft
	for i := 0; i < 250; i++ {
		ds = append(ds, store.Draft{Kind: record.Incident, Gate: 1, Guard: "1001", At: time.Now(),
			Body: record.IncidentBody{Type: "other", Detail: detail}})
	}
	if _, err := f.posts["p1"].AppendBatch(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if _, err := syncer.Once(ctx, f.posts["p1"]); err != nil {
		t.Fatal(err)
	}
	if res, err := f.relay.Round(ctx); err != nil || res.Stored != 250 || res.Pending != 0 {
		t.Fatalf("round: %+v %v", res, err)
	}
	f.verify(t, map[string]int64{"p1": 250})
}
