package hub_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/internal/storagetest"
	"gatepost/hub/wire"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// TestPostgresInsertPathsConform holds each insert path, forced, to the
// suite (TestConformance runs the default: small pushes, so unnest, plain
// insert first).
func TestPostgresInsertPathsConform(t *testing.T) {
	pgServer(t)
	for _, p := range []struct {
		path string
		safe bool
	}{{"copy", false}, {"copy", true}, {"unnest", true}} {
		t.Run(fmt.Sprintf("%s-safe=%v", p.path, p.safe), func(t *testing.T) {
			storagetest.Run(t, func(t *testing.T) hub.Storage {
				st := openPG(t)
				hub.UsePostgresInsert(st, p.path, p.safe)
				return st
			})
		})
	}
}

// TestPostgresOneTerminalTwoStores pushes one terminal's batches through two
// stores on one database — two pools, as two hub processes have — many at
// once and in every order, one store inserting by plain COPY and the other
// by unnest with ON CONFLICT. The terminal's row lock makes them take turns: every record is
// stored exactly once in all, and the chain ends intact.
func TestPostgresOneTerminalTwoStores(t *testing.T) {
	dsn := pgSchema(t)
	ctx := context.Background()
	var sts [2]*hub.Postgres
	for i := range sts {
		st, err := hub.OpenPostgres(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		sts[i] = st
	}
	hub.UsePostgresInsert(sts[0], "copy", false)
	hub.UsePostgresInsert(sts[1], "unnest", true)
	if _, err := hub.Provision(ctx, sts[0], "F1", "", "gate1"); err != nil {
		t.Fatal(err)
	}
	term := hub.Terminal{TerminalKey: hub.TerminalKey{Facility: "F1", Name: "gate1"}}
	rs := storagetest.Chain("F1", "gate1", 1, 800, "")
	var stored, dup atomic.Int64
	var wg sync.WaitGroup
	for g := 0; g < 12; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := sts[g%2]
			for b := 0; b < 8; b++ {
				k := (b*3 + g) % 8 // each goroutine in its own order
				_, tally, err := hub.Ingest(ctx, st, term, storagetest.Raw(rs[k*100:(k+1)*100]...), hub.Seen{At: time.Now(), Pending: -1})
				if err != nil {
					t.Error(err)
					return
				}
				if tally.Conflict+tally.Rejected != 0 {
					t.Errorf("unexpected answers %+v", tally)
				}
				stored.Add(int64(tally.Stored))
				dup.Add(int64(tally.Duplicate))
			}
		}()
	}
	wg.Wait()
	if stored.Load() != 800 || dup.Load() != 12*800-800 {
		t.Fatalf("stored %d, duplicate %d; want 800 and %d", stored.Load(), dup.Load(), 12*800-800)
	}
	ts, err := sts[1].Terminals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c := ts[0].Chain; !c.Intact() || c.Stored != 800 || c.HeadSeq != 800 || c.HeadHash != rs[799].Hash {
		t.Fatalf("chain %+v", c)
	}
	var n int
	if err := sts[0].Pool().QueryRow(ctx, `SELECT count(*) FROM records`).Scan(&n); err != nil || n != 800 {
		t.Fatalf("%d rows %v", n, err)
	}
}

// TestPostgresPullNeverSkipsAChange has writers on two stores publish
// people and notices while a reader pulls with a cursor, as terminals do.
// Change values come from a sequence in the order writers take them, but
// transactions commit in their own order; were a pull to see change n+1
// before n committed, the reader's cursor would pass n and n would never
// reach it. The advisory lock around the counter rules that out: the reader
// ends with every item exactly once.
func TestPostgresPullNeverSkipsAChange(t *testing.T) {
	dsn := pgSchema(t)
	ctx := context.Background()
	var sts [2]*hub.Postgres
	for i := range sts {
		st, err := hub.OpenPostgres(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		sts[i] = st
	}
	if _, err := hub.Provision(ctx, sts[0], "F1", "", "gate1"); err != nil {
		t.Fatal(err)
	}
	const writers, each = 6, 40
	got := map[string]int{}
	cursor := int64(0)
	pull := func() {
		for {
			ch, err := sts[1].Changes(ctx, "F1", cursor, 7)
			if err != nil {
				t.Error(err)
				return
			}
			for _, p := range ch.People {
				got[p.Badge]++
			}
			for _, n := range ch.Notices {
				got[n.ID]++
			}
			cursor = ch.Cursor
			if !ch.More {
				return
			}
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := sts[w%2]
			for i := 0; i < each; i++ {
				var err error
				if i%5 == 4 {
					err = st.AddNotice(ctx, hub.Notice{ID: fmt.Sprintf("N%d-%d", w, i), Title: "t", Day: "2025-03-01", PublishedAt: time.Now()})
				} else {
					err = st.PutPeople(ctx, "F1", []gate.Person{{Badge: fmt.Sprintf("B%d-%d", w, i), Name: "x", Kind: gate.Staff, Active: true}})
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	pulls := 0
	for running := true; running; pulls++ {
		select {
		case <-done:
			running = false
		default:
		}
		pull()
	}
	pull()
	if len(got) != writers*each {
		t.Fatalf("the reader got %d distinct items of %d (in %d pulls): a change was skipped", len(got), writers*each, pulls)
	}
	for k, n := range got {
		if n != 1 {
			t.Fatalf("%s pulled %d times", k, n)
		}
	}
	t.Logf("%d items, each pulled once, in %d pulls during the writes", len(got), pulls)
}

// TestPostgresMigrations: processes starting together migrate once; a
// database newer than the program is refused; records are append-only; a
// DSN that does not work says so without quoting its password.
func TestPostgresMigrations(t *testing.T) {
	dsn := pgSchema(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := hub.OpenPostgres(ctx, dsn)
			if err == nil {
				st.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent open: %v", err)
		}
	}
	st, err := hub.OpenPostgres(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var version int
	if err := st.Pool().QueryRow(ctx, `SELECT version FROM gatepost_schema`).Scan(&version); err != nil || version < 1 {
		t.Fatalf("schema version %d %v", version, err)
	}

	if _, err := hub.Provision(ctx, st, "F1", "", "gate1"); err != nil {
		t.Fatal(err)
	}
	rs := storagetest.Chain("F1", "gate1", 1, 2, "")
	if _, _, err := hub.Ingest(ctx, st, hub.Terminal{TerminalKey: hub.TerminalKey{Facility: "F1", Name: "gate1"}},
		storagetest.Raw(rs...), hub.Seen{At: time.Now(), Pending: -1}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE records SET guard = 'x'`, `DELETE FROM records`, `TRUNCATE records`} {
		if _, err := st.Pool().Exec(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Fatalf("%s: %v", q, err)
		}
	}

	if _, err := st.Pool().Exec(ctx, `UPDATE gatepost_schema SET version = 99`); err != nil {
		t.Fatal(err)
	}
	if _, err := hub.OpenPostgres(ctx, dsn); err == nil || !strings.Contains(err.Error(), "newer than this program") {
		t.Fatalf("a newer schema: %v", err)
	}

	if _, err := hub.OpenPostgres(ctx, withParam(t, pgServer(t), "search_path", "no_such_schema")); err == nil ||
		!strings.Contains(err.Error(), "search_path") {
		t.Fatalf("a missing schema: %v", err)
	}
	for _, bad := range []string{"postgres://hub:s3cret@127.0.0.1:1/db?connect_timeout=2", "postgres://hub:s3cret@[::1/db"} {
		_, err := hub.OpenStorage(ctx, bad)
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Fatalf("open %s: %v", hub.RedactDSN(bad), err)
		}
	}
}

func TestOpenStorage(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/hub.db"
	st, err := hub.OpenStorage(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := st.(*hub.SQLite); !ok {
		t.Fatalf("a path opened %T", st)
	}
	st.Close()
	for dsn, want := range map[string]bool{"postgres://h/db": true, "PostgreSQL://h/db": true, "postgresql://h": true,
		"/var/lib/hub.db": false, "hub.db": false, "postgres.db": false, "file:postgres://x": false} {
		if hub.IsPostgresDSN(dsn) != want {
			t.Errorf("IsPostgresDSN(%q) = %v", dsn, !want)
		}
	}
	if r := hub.RedactDSN("postgres://hub:s3cret@db:5432/hub?sslmode=require"); strings.Contains(r, "s3cret") || !strings.Contains(r, "db:5432/hub") {
		t.Errorf("redacted %q", r)
	}
	if r := hub.RedactDSN("/srv/hub.db"); r != "/srv/hub.db" {
		t.Errorf("redacted path %q", r)
	}
	t.Run("postgres", func(t *testing.T) {
		st, err := hub.OpenStorage(ctx, pgSchema(t))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, ok := st.(*hub.Postgres); !ok {
			t.Fatalf("a postgres URL opened %T", st)
		}
	})
}

// The hub processes of TestTwoHubProcesses are this test binary started
// again with these set: TestPostgresHubChild then serves instead of testing.
const (
	envPGChildDB   = "GATEPOST_TEST_PG_CHILD_DB"
	envPGChildAddr = "GATEPOST_TEST_PG_CHILD_ADDR"
)

// TestPostgresHubChild is a hub process: it serves the database named by
// its environment until it is killed. It does nothing in a normal run.
func TestPostgresHubChild(t *testing.T) {
	db := os.Getenv(envPGChildDB)
	if db == "" {
		t.Skip("a hub process for TestTwoHubProcesses; runs only as its child")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	st, err := hub.OpenStorage(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := hub.ListenAndServe(ctx, st, hub.ServeConfig{Addr: os.Getenv(envPGChildAddr), Logger: hubtest.Quiet()}); err != nil {
		t.Fatal(err)
	}
}

// pgHubProcess is a hub serving PostgreSQL in a process of its own.
type pgHubProcess struct {
	cmd *exec.Cmd
	url string
}

func startPGHubProcess(t *testing.T, db string) *pgHubProcess {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPostgresHubChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envPGChildDB+"="+db, envPGChildAddr+"="+addr)
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &pgHubProcess{cmd: cmd, url: "http://" + addr}
	t.Cleanup(h.kill)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(h.url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return h
			}
		}
	}
	t.Fatal("the hub process did not come up")
	return nil
}

// kill ends the process with SIGKILL, as a crash or the OOM killer would:
// its transactions in flight are rolled back by PostgreSQL.
func (h *pgHubProcess) kill() {
	if h.cmd.ProcessState == nil {
		h.cmd.Process.Kill()
		h.cmd.Wait()
	}
}

// pgTerminal is a real terminal store on disk with its token.
type pgTerminal struct {
	name  string
	st    *store.Store
	token string
}

func newPGTerminal(t *testing.T, admin hub.Storage, name string, records int) *pgTerminal {
	t.Helper()
	token, err := hub.Provision(context.Background(), admin, "F1", "一所", name)
	if err != nil {
		t.Fatal(err)
	}
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", name)
	t.Cleanup(func() { st.Close() })
	hubtest.Fill(t, st, time.Date(2025, 3, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)), records)
	return &pgTerminal{name: name, st: st, token: token}
}

// syncFailingOver syncs until nothing is pending, starting with hub first
// and moving to the other hub when a sync fails, as a load balancer whose
// health check has marked a process down would send it. It returns the
// hubs' results in order.
func (p *pgTerminal) syncFailingOver(ctx context.Context, hubs []string, first int) ([]syncer.Result, int, error) {
	var out []syncer.Result
	cur, failovers := first, 0
	var last error
	for attempt := 0; attempt < 10; attempt++ {
		c, err := syncer.NewClient(hubs[cur], p.token, syncer.ClientOptions{Timeout: 30 * time.Second})
		if err != nil {
			return out, failovers, err
		}
		res, err := syncer.Sync(ctx, p.st, c, syncer.SyncOptions{BatchSize: 100})
		c.CloseIdle()
		out = append(out, res)
		if err == nil && res.Pending == 0 {
			return out, failovers, nil
		}
		last = err
		cur = (cur + 1) % len(hubs)
		failovers++
	}
	return out, failovers, fmt.Errorf("%s did not sync: %v", p.name, last)
}

// TestTwoHubProcesses runs two hub processes on one PostgreSQL database, as
// behind a load balancer:
//
//  1. a terminal pushes every batch to both processes at the same moment:
//     for each record one process answers stored and the other duplicate;
//  2. sixteen terminals split between the processes sync at once while a
//     seventeenth, syncing through a proxy to process A, has its fifth push
//     stored by A and then A is killed (SIGKILL) before the answer reaches
//     it. That terminal is switched to hub B, as an operator would re-join
//     it, and finishes its sync there; A's other terminals fail over to B.
//
// At the end every terminal has nothing pending or parked, the hub holds
// each record exactly once — the same ids, in the same order, as each
// terminal's log — and verify finds every chain intact.
func TestTwoHubProcesses(t *testing.T) {
	dsn := pgSchema(t)
	ctx := context.Background()
	admin, err := hub.OpenPostgres(ctx, dsn) // migrates before the processes start
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	a, b := startPGHubProcess(t, dsn), startPGHubProcess(t, dsn)
	hubs := []string{a.url, b.url}

	// 1. The same batches to both processes at once.
	dual := newPGTerminal(t, admin, "dual", 2000)
	var dualRecs []record.Record
	if err := dual.st.Each(ctx, 0, func(r record.Record) error { dualRecs = append(dualRecs, r); return nil }); err != nil {
		t.Fatal(err)
	}
	var clients []*syncer.Client
	for _, u := range hubs {
		c, err := syncer.NewClient(u, dual.token, syncer.ClientOptions{})
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	wins := [2]int{}
	for k := 0; k < len(dualRecs); k += 250 {
		raws := storagetest.Raw(dualRecs[k:min(k+250, len(dualRecs))]...)
		var resps [2]wire.PushResponse
		var errs [2]error
		var wg sync.WaitGroup
		for i, c := range clients {
			wg.Add(1)
			go func() { defer wg.Done(); resps[i], errs[i] = c.PushEncoded(ctx, raws, 0) }()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatal(errs)
		}
		for j := range raws {
			sa, sb := resps[0].Results[j].Status, resps[1].Results[j].Status
			switch {
			case sa == wire.Stored && sb == wire.Duplicate:
				wins[0]++
			case sa == wire.Duplicate && sb == wire.Stored:
				wins[1]++
			default:
				t.Fatalf("record %d answered %s by A and %s by B", k+j, sa, sb)
			}
		}
	}
	t.Logf("pushed to both at once: A stored %d, B stored %d, the other said duplicate", wins[0], wins[1])

	// 2. Split terminals, and one that switches hub midway.
	var fleet []*pgTerminal
	for i := 0; i < 16; i++ {
		fleet = append(fleet, newPGTerminal(t, admin, fmt.Sprintf("t%02d", i), 1500))
	}
	sw := newPGTerminal(t, admin, "switcher", 3000)

	// The switcher reaches A through a proxy that, on the fifth push, lets A
	// answer (so the records are committed), kills A, and cuts the
	// connection before the answer gets out.
	target, _ := url.Parse(a.url)
	rp := httputil.NewSingleHostReverseProxy(target)
	var pushes atomic.Int32
	killed := make(chan struct{})
	proxy := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == wire.PathPush && pushes.Add(1) == 5 {
			rec := &captured{header: http.Header{}}
			rp.ServeHTTP(rec, r)
			a.kill()
			close(killed)
			t.Logf("A answered the fifth push with %d and was killed before the answer got out", rec.code)
			panic(http.ErrAbortHandler)
		}
		rp.ServeHTTP(w, r)
	})}
	pln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go proxy.Serve(pln)
	defer proxy.Close()
	hubtest.Join(t, sw.st, "http://"+pln.Addr().String(), sw.token)

	var wg sync.WaitGroup
	var failovers atomic.Int32
	for i, term := range fleet {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, f, err := term.syncFailingOver(ctx, hubs, i%2)
			failovers.Add(int32(f))
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, err := syncer.Once(ctx, sw.st, syncer.WithSyncOptions(syncer.SyncOptions{BatchSize: 100}))
		if err == nil {
			t.Error("the switcher's sync through the dying hub succeeded")
			return
		}
		<-killed
		hubtest.Join(t, sw.st, b.url, sw.token) // `gatepost join --hub B`
		res, err := syncer.Once(ctx, sw.st, syncer.WithSyncOptions(syncer.SyncOptions{BatchSize: 100}))
		if err != nil {
			t.Error(err)
			return
		}
		t.Logf("the switcher on B: %+v", res)
	}()
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	t.Logf("A's terminals failed over %d times", failovers.Load())

	all := append([]*pgTerminal{dual, sw}, fleet...)
	var total int64
	for _, term := range all {
		c, err := term.st.SyncCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if term != dual && (c.Pending != 0 || c.Parked != 0) {
			t.Errorf("%s: %d pending, %d parked", term.name, c.Pending, c.Parked)
		}
		total += c.LastSeq
		var want, got []string
		term.st.Each(ctx, 0, func(r record.Record) error { want = append(want, r.ID+r.Hash); return nil })
		if err := admin.EachRecord(ctx, hub.TerminalKey{Facility: "F1", Name: term.name}, 0, func(r hub.StoredRecord) error {
			got = append(got, r.ID+r.Hash)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: the hub holds %d records, the terminal wrote %d, or not the same", term.name, len(got), len(want))
		}
	}
	var rows int64
	if err := admin.Pool().QueryRow(ctx, `SELECT count(*) FROM records`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if stats, err := admin.Stats(ctx); err != nil || rows != total || stats.Records != total || stats.Conflicts != 0 {
		t.Fatalf("%d rows, stats %+v %v; the terminals wrote %d", rows, stats, err, total)
	}
	reps, err := hub.VerifyAll(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if ok, err := hub.WriteVerify(&out, reps); err != nil || !ok {
		t.Fatalf("verify: %v\n%s", err, out.String())
	}
	t.Logf("%d records of %d terminals, each stored once; verify: %s", total, len(all), strings.TrimSpace(lastLine(out.String())))
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndexByte(s, '\n')+1:]
}

// captured is a ResponseWriter that keeps the answer instead of sending it.
type captured struct {
	header http.Header
	code   int
}

func (c *captured) Header() http.Header { return c.header }
func (c *captured) Write(b []byte) (int, error) {
	if c.code == 0 {
		c.code = http.StatusOK
	}
	return len(b), nil
}
func (c *captured) WriteHeader(code int) { c.code = code }

// TestPostgresNulInReferenceData: U+0000 in reference data (which SQLite
// would keep) is refused in plain words, and nothing of the call is kept.
func TestPostgresNulInReferenceData(t *testing.T) {
	st := openPG(t)
	defer st.Close()
	ctx := context.Background()
	if _, err := hub.Provision(ctx, st, "F1", "", "gate1"); err != nil {
		t.Fatal(err)
	}
	people := []gate.Person{{Badge: "S1", Name: "ok", Kind: gate.Staff, Active: true}, {Badge: "S2", Name: "a\x00b", Kind: gate.Staff, Active: true}}
	if err := st.PutPeople(ctx, "F1", people); err == nil || !strings.Contains(err.Error(), "U+0000") {
		t.Fatalf("people: %v", err)
	}
	if err := st.AddNotice(ctx, hub.Notice{ID: "n1", Title: "t", Body: "b\x00", Day: "2025-03-01", PublishedAt: time.Now()}); err == nil || !strings.Contains(err.Error(), "U+0000") {
		t.Fatalf("notice: %v", err)
	}
	if ch, err := st.Changes(ctx, "F1", 0, 100); err != nil || len(ch.People)+len(ch.Notices) != 0 {
		t.Fatalf("kept %+v %v", ch, err)
	}
	// Published through the hub, a notice loses its control characters at
	// intake, U+0000 with them.
	if n, err := hub.PublishNotice(ctx, st, "all", "t", "b\x00c", ""); err != nil || n.Body != "bc" {
		t.Fatalf("published notice: %+v %v", n, err)
	}
}

// TestPostgresClashFallsBack: a push whose plain insert meets an id held by
// another terminal is rerun with ON CONFLICT, on both insert paths, and
// answers as SQLite does: the clashing record a conflict, the rest stored.
func TestPostgresClashFallsBack(t *testing.T) {
	pgServer(t)
	ctx := context.Background()
	g1 := storagetest.Chain("F1", "g1", 1, 10, "")
	g2 := storagetest.Chain("F1", "g2", 1, 600, "") // 600: over copyFrom, so "auto" takes COPY
	g2[300].ID = g1[2].ID
	g2[300].Seal(g2[299].Hash)
	for i := 301; i < len(g2); i++ {
		g2[i].Seal(g2[i-1].Hash)
	}
	answers := func(st hub.Storage) string {
		for _, name := range []string{"g1", "g2"} {
			if _, err := hub.Provision(ctx, st, "F1", "", name); err != nil {
				t.Fatal(err)
			}
		}
		var out []string
		for _, push := range []struct {
			term string
			rs   []record.Record
		}{{"g1", g1}, {"g2", g2}, {"g2", g2}} {
			resp, tally, err := hub.Ingest(ctx, st, hub.Terminal{TerminalKey: hub.TerminalKey{Facility: "F1", Name: push.term}},
				storagetest.Raw(push.rs...), hub.Seen{At: time.Now(), Pending: -1})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%+v head %d %v", tally, resp.HeadSeq, resp.Results[min(300, len(resp.Results)-1)]))
		}
		stats, err := st.Stats(ctx)
		return fmt.Sprint(out, stats, err)
	}
	want := answers(openSQLiteTemp(t))
	for _, path := range []string{"auto", "unnest"} {
		st := openPG(t)
		hub.UsePostgresInsert(st, path, false)
		if got := answers(st); got != want {
			t.Errorf("%s: %s\nsqlite: %s", path, got, want)
		}
		st.Close()
	}
	t.Log(want)
}
