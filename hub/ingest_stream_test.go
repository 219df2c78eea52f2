package hub_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/internal/storagetest"
	"gatepost/record"
)

// streamPush is one push of a streaming scenario, and which way PostgreSQL
// must answer it: "stream" (the records went to the server as they were
// checked), "fallback" (a streamed attempt was abandoned and the general
// algorithm answered), or "" (not attempted: too small to be copied).
type streamPush struct {
	what string
	term string
	rs   []json.RawMessage
	way  string
	// stale, when above 0, pushes with the terminal as read before push
	// number stale-1 (a push that raced another of the same terminal).
	stale int
}

// TestStreamedPushAnswersAsSQLite: pushes of 500 records and more go to
// PostgreSQL by one COPY fed as the records are checked (see
// hub.ingestStream). Every way such a push can leave the common case — a
// rejected record mid-push, a gap at the start or in the middle, records
// out of order, a seq twice, another terminal's id, records already held,
// records waiting above a gap, another terminal's record — is answered by
// the general algorithm, and every answer, chain state and record held is,
// on PostgreSQL and on SQLite (which streams into its one writer), the same
// as the general algorithm's alone, byte for byte.
func TestStreamedPushAnswersAsTheGeneralAlgorithm(t *testing.T) {
	pgServer(t)
	const n = 600
	g1 := storagetest.Chain("F1", "g1", 1, 4*n, "")
	g2 := storagetest.Chain("F1", "g2", 1, n, "")
	raw := func(rs []record.Record) []json.RawMessage { return storagetest.Raw(rs...) }
	reseal := func(rs []record.Record, from int) []record.Record {
		rs = append([]record.Record(nil), rs...)
		for i := from; i < len(rs); i++ {
			prev := ""
			if i > 0 {
				prev = rs[i-1].Hash
			}
			rs[i].Seal(prev)
		}
		return rs
	}
	badHash := append([]record.Record(nil), g1[n:2*n]...)
	badHash[n/2].Hash = g1[0].Hash
	swapped := append([]record.Record(nil), g1[2*n:3*n]...)
	swapped[100], swapped[101] = swapped[101], swapped[100]
	twice := append(append([]record.Record(nil), g1[2*n:2*n+300]...), g1[2*n+299:3*n]...)
	holed := append(append([]record.Record(nil), g1[2*n:2*n+250]...), g1[2*n+251:3*n]...)
	clash := append([]record.Record(nil), g1[:n]...)
	clash[400].ID = g2[7].ID
	clash = reseal(clash, 400)
	foreign := append([]record.Record(nil), g1[3*n:4*n]...)
	foreign[300] = g2[300]
	// Fields off the common values, for the COPY's encoding of each column
	// (see copyStream): a guard in Chinese, other gates, a received_at
	// before 2000 (negative in timestamptz's binary form) and off a whole
	// microsecond.
	odd := storagetest.Chain("F1", "g2", n+1, n, g2[n-1].Hash)
	for i := range odd {
		odd[i].Guard, odd[i].Gate = "张三", 3+i%2
		prev := g2[n-1].Hash
		if i > 0 {
			prev = odd[i-1].Hash
		}
		odd[i].Seal(prev)
	}

	scenarios := []struct {
		name   string
		pushes []streamPush
	}{
		{"clean", []streamPush{
			{"seq 1–600", "g1", raw(g1[:n]), "stream", 0},
			{"seq 601–1200", "g1", raw(g1[n : 2*n]), "stream", 0},
			{"a small push", "g1", raw(g1[2*n : 2*n+10]), "", 0},
		}},
		{"rejected mid-push", []streamPush{
			{"seq 1–600", "g1", raw(g1[:n]), "stream", 0},
			{"seq 601–1200 with 901's hash broken", "g1", raw(badHash), "fallback", 0},
			{"seq 901 again, right", "g1", raw(g1[n+n/2 : n+n/2+1]), "", 0},
			{"seq 1201–1800", "g1", raw(g1[2*n : 3*n]), "stream", 0},
		}},
		{"gap at the start", []streamPush{
			{"seq 601–1200, before 1–600", "g1", raw(g1[n : 2*n]), "fallback", 0},
			{"seq 1–600: the gap closes", "g1", raw(g1[:n]), "fallback", 0},
			{"seq 1201–1800", "g1", raw(g1[2*n : 3*n]), "stream", 0},
		}},
		{"gap, out of order, a seq twice", []streamPush{
			{"seq 1–1200", "g1", raw(g1[:2*n]), "stream", 0},
			{"seq 1201–1800 with 1451 missing", "g1", raw(holed), "fallback", 0},
			{"seq 1201–1800 with 1301 and 1302 swapped", "g1", raw(swapped), "fallback", 0},
			{"seq 1201–1800 with 1500 twice", "g1", raw(twice), "fallback", 0},
		}},
		{"out of order on a fresh chain", []streamPush{
			{"seq 1201–1800 with 1301 and 1302 swapped", "g1", raw(swapped), "fallback", 0},
			{"seq 1–1200", "g1", raw(g1[:2*n]), "fallback", 0},
		}},
		{"another terminal's id", []streamPush{
			{"g2 seq 1–600", "g2", raw(g2), "stream", 0},
			{"g1 seq 1–600 with g2's id at 401", "g1", raw(clash), "fallback", 0},
			// 402–600 of the push above wait above 401, a second chain
			// of g1 (resealed from 401): the true records are its fork.
			{"g1 seq 1–600, right", "g1", raw(g1[:n]), "fallback", 0},
			{"g1 seq 601–1200", "g1", raw(g1[n : 2*n]), "fallback", 0},
		}},
		{"records held already", []streamPush{
			{"seq 1–600", "g1", raw(g1[:n]), "stream", 0},
			{"seq 1–600 again", "g1", raw(g1[:n]), "fallback", 0},
			{"seq 301–900", "g1", raw(g1[n/2 : n+n/2]), "fallback", 0},
			{"seq 901–1500", "g1", raw(g1[n+n/2 : 2*n+n/2]), "stream", 0},
		}},
		{"fields off the common values", []streamPush{
			{"g2 seq 1–600", "g2", raw(g2), "stream", 0},
			{"g2 seq 601–1200, guard 张三, gates 3 and 4", "g2", raw(odd), "stream", 0},
		}},
		{"another push of the terminal in between", []streamPush{
			{"seq 1–600", "g1", raw(g1[:n]), "stream", 0},
			{"seq 601–1200", "g1", raw(g1[n : 2*n]), "stream", 0},
			// As read before the push above: the chain's head at 600,
			// which the locked row no longer holds.
			{"seq 601–1200 again, the terminal read before it was stored", "g1", raw(g1[n : 2*n]), "fallback", 2},
			// The push needs nothing of the terminal as read: the state it
			// streams against is the one its records imply.
			{"seq 1201–1800, the terminal read before 601–1200 was stored", "g1", raw(g1[2*n : 3*n]), "stream", 2},
			{"seq 1801–2400", "g1", raw(g1[3*n:]), "stream", 0},
		}},
		{"another terminal's record", []streamPush{
			{"seq 1–1800", "g1", raw(g1[:3*n]), "stream", 0},
			{"seq 1801–2400 with g2's 301 at 2101", "g1", raw(foreign), "fallback", 0},
			{"seq 1801–2400", "g1", raw(g1[3*n:]), "stream", 0},
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			sl, pg, ref := openSQLiteTemp(t), openPG(t), openSQLiteTemp(t)
			defer sl.Close()
			defer pg.Close()
			defer ref.Close()
			hub.GeneralOnly(ref)
			at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
			if sc.name == "fields off the common values" {
				at = time.Date(1999, 12, 31, 23, 59, 58, 999_999_000, time.UTC)
			}
			for _, st := range []hub.Storage{sl, pg, ref} {
				for _, name := range []string{"g1", "g2"} {
					if _, err := hub.Provision(context.Background(), st, "F1", "一所", name); err != nil {
						t.Fatal(err)
					}
				}
			}
			var terms [3][]hub.Terminal // per store, the terminal as read before each push
			for i, p := range sc.pushes {
				seen := hub.Seen{At: at.Add(time.Duration(i) * time.Second), Pending: int64(i)}
				for k, st := range []hub.Storage{sl, pg, ref} {
					terms[k] = append(terms[k], terminalNamed(t, st, p.term))
				}
				term := func(k int) hub.Terminal {
					if p.stale > 0 {
						return terms[k][p.stale-1]
					}
					return terms[k][i]
				}
				want := pushOutcome(t, ref, term(2), p, seen)
				a := pushOutcome(t, sl, term(0), p, seen)
				s0, a0 := hub.StreamCounts()
				b := pushOutcome(t, pg, term(1), p, seen)
				s1, a1 := hub.StreamCounts()
				way := ""
				switch {
				case s1 == s0+1 && a1 == a0:
					way = "stream"
				case s1 == s0 && a1 == a0+1:
					way = "fallback"
				case s1 != s0 || a1 != a0:
					way = fmt.Sprintf("streamed %d, abandoned %d", s1-s0, a1-a0)
				}
				if way != p.way {
					t.Errorf("%s: PostgreSQL answered it by %q, want %q", p.what, way, p.way)
				}
				if a != want || b != want {
					t.Fatalf("%s: answered otherwise than by the general algorithm\ngeneral:  %.2000s\nsqlite:   %.2000s\npostgres: %.2000s", p.what, want, a, b)
				}
			}
			want := dump(t, ref)
			if a, b := dump(t, sl), dump(t, pg); a != want || b != want {
				t.Fatalf("final state differs\ngeneral:\n%.4000s\nsqlite:\n%.4000s\npostgres:\n%.4000s", want, a, b)
			}
		})
	}
}

// terminalNamed is the terminal of F1 named name, as st holds it now.
func terminalNamed(t *testing.T, st hub.Storage, name string) hub.Terminal {
	t.Helper()
	ts, err := st.FacilityTerminals(context.Background(), "F1")
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range ts {
		if term.Name == name {
			return term
		}
	}
	t.Fatalf("no terminal %s", name)
	return hub.Terminal{}
}

// pushOutcome pushes p to st as term and returns the answer as text.
func pushOutcome(t *testing.T, st hub.Storage, term hub.Terminal, p streamPush, seen hub.Seen) string {
	t.Helper()
	resp, tally, err := hub.Ingest(context.Background(), st, term, p.rs, seen)
	if errors.Is(err, hub.ErrForeignRecord) {
		return "foreign: " + err.Error()
	}
	if err != nil {
		t.Fatalf("%s: %v", p.what, err)
	}
	b, _ := json.Marshal(resp)
	return fmt.Sprintf("%s %+v", b, tally)
}

// TestStreamedPushQuotes: a streamed push writes the facility, the terminal
// and the version the terminal reported into its one query string (see
// hub.streamPushSQL). Names with quotes, backslashes and Chinese, and such
// a version, are stored and answered as on SQLite.
func TestStreamedPushQuotes(t *testing.T) {
	pgServer(t)
	ctx := context.Background()
	const facility, name = `F'1\`, `门'岗\'; DROP TABLE records; --`
	rs := storagetest.Chain(facility, name, 1, 600, "")
	sl, pg := openSQLiteTemp(t), openPG(t)
	defer sl.Close()
	defer pg.Close()
	var out []string
	for _, st := range []hub.Storage{sl, pg} {
		if _, err := hub.Provision(ctx, st, facility, "一所", name); err != nil {
			t.Fatal(err)
		}
		ts, err := st.FacilityTerminals(ctx, facility)
		if err != nil || len(ts) != 1 {
			t.Fatalf("%+v %v", ts, err)
		}
		s0, _ := hub.StreamCounts()
		seen := hub.Seen{At: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), Pending: 3, HasClock: true, ClockSkew: -1500 * time.Millisecond,
			Version: `gatepost/1.2 (it's \ "quoted")`}
		resp, tally, err := hub.Ingest(ctx, st, ts[0], storagetest.Raw(rs...), seen)
		if err != nil || tally.Stored != len(rs) {
			t.Fatalf("%+v %v", tally, err)
		}
		if s1, _ := hub.StreamCounts(); st == hub.Storage(pg) && s1 != s0+1 {
			t.Error("the push did not stream")
		}
		b, _ := json.Marshal(resp)
		out = append(out, string(b)+"\n"+dump(t, st))
		ts, err = st.FacilityTerminals(ctx, facility)
		if err != nil || ts[0].Version != seen.Version || ts[0].Chain.HeadSeq != 600 || ts[0].ClockSkew != seen.ClockSkew {
			t.Errorf("%+v %v", ts, err)
		}
	}
	if out[0] != out[1] {
		t.Fatalf("the backends differ\nsqlite:\n%.3000s\npostgres:\n%.3000s", out[0], out[1])
	}
}
