package hub_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/hub"
	"gatepost/hub/internal/storagetest"
	"gatepost/hub/pgtest"
	"gatepost/record"
)

// pgServer and pgSchema: see package pgtest (skips without a server, and
// fails instead when CI is set).
func pgServer(t testing.TB) string { t.Helper(); return pgtest.Server(t) }
func pgSchema(t testing.TB) string { t.Helper(); return pgtest.Schema(t) }

func withParam(t testing.TB, dsn, key, value string) string {
	t.Helper()
	return pgtest.WithParam(t, dsn, key, value)
}

func openPG(t testing.TB) *hub.Postgres {
	t.Helper()
	st, err := hub.OpenPostgres(context.Background(), pgSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func openSQLiteTemp(t testing.TB) *hub.SQLite {
	t.Helper()
	st, err := hub.OpenSQLite(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// backend is a storage the conformance tests run against.
type backend struct {
	name string
	open func(t testing.TB) hub.Storage
}

// backends lists SQLite, always, and PostgreSQL; the PostgreSQL entry skips
// or fails in its own subtest, through pgServer.
func backends() []backend {
	return []backend{
		{"sqlite", func(t testing.TB) hub.Storage { return openSQLiteTemp(t) }},
		{"postgres", func(t testing.TB) hub.Storage { return openPG(t) }},
	}
}

// provisioned opens b for one test, closed after it, with facility F1
// (一所) and its terminal gate1 provisioned.
func (b backend) provisioned(tb testing.TB) hub.Storage {
	tb.Helper()
	st := b.open(tb)
	tb.Cleanup(func() { st.Close() })
	if _, err := hub.Provision(context.Background(), st, "F1", "一所", "gate1"); err != nil {
		tb.Fatal(err)
	}
	return st
}

// TestConformance runs the one conformance suite of hub.Storage
// (hub/internal/storagetest) against every backend.
func TestConformance(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			if b.name == "postgres" {
				pgServer(t) // one skip or failure here, not one per subtest
			}
			storagetest.Run(t, func(t *testing.T) hub.Storage { return b.open(t) })
		})
	}
}

// TestBackendsAnswerAlike drives both backends through the same long,
// randomised sequence of pushes — duplicates, conflicts of both kinds,
// forged links, gaps, reordering, repeats within a push, ids shared between
// terminals, malformed records — and of reference-data changes and pulls,
// and requires every answer, every chain state and everything held to be the
// same, byte for byte, on PostgreSQL as on SQLite. The suite above checks
// each backend against expectations written by hand; this checks them
// against each other where nobody wrote the expectation.
func TestBackendsAnswerAlike(t *testing.T) {
	pgServer(t)
	defer hub.CountChangesFromZero()() // pulls compare change values
	// Each seed on another of PostgreSQL's insert paths (see pgIngest.Insert).
	paths := []struct {
		path string
		safe bool
	}{{"auto", false}, {"copy", true}, {"unnest", true}, {"copy", false}}
	for i, p := range paths {
		seed := uint64(i + 1)
		t.Run(fmt.Sprintf("seed%d-%s-safe=%v", seed, p.path, p.safe), func(t *testing.T) {
			sl, pg := openSQLiteTemp(t), openPG(t)
			hub.UsePostgresInsert(pg, p.path, p.safe)
			defer sl.Close()
			defer pg.Close()
			script := newScript(t, seed)
			for step := 0; step < 300; step++ {
				a := script.step(t, sl, step)
				b := script.step(t, pg, step)
				if a != b {
					t.Fatalf("seed %d step %d (%s): the backends differ\nsqlite:   %s\npostgres: %s", seed, step, script.last, a, b)
				}
			}
			for _, want := range []string{"stored:", "duplicate:", "conflict:id_conflict", "conflict:seq_conflict",
				"conflict:fork", "rejected:invalid", "rejected:bad_hash", "rejected:malformed"} {
				if script.answers[want] == 0 {
					t.Errorf("the walk never got the answer %s: %v", want, script.answers)
				}
			}
			t.Logf("answers (both backends): %v", script.answers)
			if a, b := dump(t, sl), dump(t, pg); a != b {
				t.Fatalf("final state differs\nsqlite:\n%s\npostgres:\n%s", a, b)
			}
		})
	}
}

// script is a deterministic random walk over pushes and pulls, replayed on
// each backend. The records are made once, so both backends see the same ids.
type script struct {
	rng   *rand.Rand
	hubAt time.Time
	terms []string
	// chains[i] is terminal i's true log; variants hold forged and
	// conflicting records made from it.
	chains   [][]record.Record
	variants [][]record.Record
	last     string
	// answers counts the answers given (status:code), to show that the walk
	// reached every kind of answer.
	answers map[string]int
}

func newScript(t *testing.T, seed uint64) *script {
	s := &script{rng: rand.New(rand.NewPCG(seed, 99)), hubAt: time.Date(2025, 3, 1, 9, 0, 0, 123456000, time.UTC),
		terms: []string{"g1", "g2", "g3"}, answers: map[string]int{}}
	for ti, name := range s.terms {
		rs := storagetest.Chain("F1", name, 1, 120, "")
		if ti == 2 {
			// U+0000 in a guard: refused by the hub's checks (a control
			// character) on both backends alike, and the records after it
			// wait above the gap it leaves.
			rs[49].Guard = "G\x00Z"
			rs[49].Seal(rs[48].Hash)
			for i := 50; i < len(rs); i++ {
				rs[i].Seal(rs[i-1].Hash)
			}
		}
		s.chains = append(s.chains, rs)
		var vs []record.Record
		for i := 0; i < 40; i++ {
			r := rs[s.rng.IntN(len(rs))]
			switch i % 5 {
			case 0: // same id, other content
				r.Guard = fmt.Sprintf("G%d", i)
				r.Seal(r.Prev)
			case 1: // another id at a held seq
				r.ID = record.NewID()
				r.Seal(r.Prev)
			case 2: // a forged link: a second chain
				r.Seal(strings.Repeat("f0", 32))
			case 3: // the id of another terminal's record
				o := s.chains[(ti+len(s.chains)-1)%len(s.chains)]
				r.ID = o[s.rng.IntN(len(o))].ID
				r.Seal(r.Prev)
			case 4: // a broken hash
				r.Hash = rs[0].Hash
			}
			if i%7 == 6 { // U+0000 in prev: refused
				r.Seal("\x00")
			}
			vs = append(vs, r)
		}
		s.variants = append(s.variants, vs)
	}
	return s
}

// step performs one action on st and returns its outcome as text.
func (s *script) step(t *testing.T, st hub.Storage, step int) string {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(uint64(step), 7)) // per step: both backends draw alike
	at := s.hubAt.Add(time.Duration(step) * time.Second)
	if step == 0 {
		var out []string
		for _, name := range s.terms {
			_, hash := hub.NewToken()
			if err := st.PutFacility(ctx, hub.Facility{ID: "F1", Name: "一所", CreatedAt: s.hubAt}); err != nil {
				t.Fatal(err)
			}
			err := st.AddTerminal(ctx, hub.TerminalKey{Facility: "F1", Name: name}, hash, s.hubAt)
			out = append(out, fmt.Sprint(err))
		}
		s.last = "provision"
		return fmt.Sprint(out)
	}
	switch k := rng.IntN(10); {
	case k < 7: // a push
		ti := rng.IntN(len(s.terms))
		term := hub.Terminal{TerminalKey: hub.TerminalKey{Facility: "F1", Name: s.terms[ti]}}
		rs := s.chains[ti]
		var raws []json.RawMessage
		lo := rng.IntN(len(rs))
		n := 1 + rng.IntN(25)
		for i := lo; i < min(lo+n, len(rs)); i++ {
			raws = append(raws, storagetest.Raw(rs[i])...)
		}
		for range rng.IntN(3) { // variants, repeats, garbage
			switch rng.IntN(4) {
			case 0, 1:
				raws = append(raws, storagetest.Raw(s.variants[ti][rng.IntN(len(s.variants[ti]))])...)
			case 2:
				if len(raws) > 0 {
					raws = append(raws, raws[rng.IntN(len(raws))])
				}
			case 3:
				raws = append(raws, json.RawMessage(`{"id":"x","seq":"one"}`))
			}
		}
		rng.Shuffle(len(raws), func(i, j int) { raws[i], raws[j] = raws[j], raws[i] })
		s.last = fmt.Sprintf("push %s %d records", s.terms[ti], len(raws))
		resp, tally, err := hub.Ingest(ctx, st, term, raws, hub.Seen{At: at, Pending: int64(step), HasClock: true, ClockSkew: time.Duration(step) * time.Millisecond})
		if err != nil {
			t.Fatalf("%s: %v", s.last, err)
		}
		for _, r := range resp.Results {
			s.answers[string(r.Status)+":"+r.Code]++
		}
		b, _ := json.Marshal(resp)
		return fmt.Sprintf("%s %+v", b, tally)
	case k < 8: // reference data
		people := []gate.Person{{Badge: fmt.Sprintf("S%d", rng.IntN(20)), Name: fmt.Sprintf("人%d", step), Kind: gate.Staff,
			Assignment: gate.AssignCustody, Active: rng.IntN(2) == 0}}
		if rng.IntN(3) == 0 {
			people = append(people, people[0]) // the same badge twice: the last wins
			people[1].Name += "bis"
		}
		s.last = "people"
		return fmt.Sprint(st.PutPeople(ctx, "F1", people))
	case k < 9:
		s.last = "notice"
		n := hub.Notice{ID: fmt.Sprintf("N%d", step), Title: "t", Body: "b", Day: "2025-03-01", PublishedAt: at}
		return fmt.Sprint(st.AddNotice(ctx, n))
	default:
		s.last = "pull"
		after := int64(rng.IntN(10))
		ch, err := st.Changes(ctx, "F1", after, 1+rng.IntN(5))
		b, _ := json.Marshal(ch)
		return fmt.Sprintf("%s %v", b, err)
	}
}

// dump is everything a backend holds, as text.
func dump(t *testing.T, st hub.Storage) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	ts, err := st.Terminals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range ts {
		fmt.Fprintf(&b, "terminal %s seen=%s push=%s skew=%v pending=%d chain=%+v\n", term.TerminalKey,
			term.LastSeen.Format(time.RFC3339Nano), term.LastPush.Format(time.RFC3339Nano), term.ClockSkew, term.Pending, term.Chain)
		if err := st.EachRecord(ctx, term.TerminalKey, 0, func(r hub.StoredRecord) error {
			j, _ := json.Marshal(r.Record)
			fmt.Fprintf(&b, "  %s recv=%s\n", j, r.ReceivedAt.Format(time.RFC3339Nano))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		rep, err := hub.VerifyChain(ctx, st, term)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "  verify %+v\n", rep)
	}
	cs, err := st.Conflicts(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		j, _ := json.Marshal(c.Record)
		fmt.Fprintf(&b, "conflict %s %s %s %s %s\n", c.Code, c.ExistingID, c.ExistingHash, j, c.ReceivedAt.Format(time.RFC3339Nano))
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "stats %+v\n", stats)
	if err := st.DayRecords(ctx, "F1", "2025-03-01", nil, func(r hub.StoredRecord) error {
		fmt.Fprintf(&b, "day %s/%d\n", r.Terminal, r.Seq)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ch, err := st.Changes(ctx, "F1", 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(ch)
	fmt.Fprintf(&b, "changes %s\n", j)
	n, err := st.RosterSize(ctx, "F1")
	fmt.Fprintf(&b, "roster %d %v\n", n, err)
	return b.String()
}
