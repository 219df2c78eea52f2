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

	scenarios := []struct {
		name   string
		pushes []streamPush
	}{
		{"clean", []streamPush{
			{"seq 1–600", "g1", raw(g1[:n]), "stream"},
			{"seq 601–1200", "g1", raw(g1[n : 2*n]), "stream"},
			{"a small push", "g1", raw(g1[2*n : 2*n+10]), ""},
		}},
		{"rejected mid-push", []streamPush{
			{"seq 1–600", "g1", raw(g1[:n]), "stream"},
			{"seq 601–1200 with 901's hash broken", "g1", raw(badHash), "fallback"},
			{"seq 901 again, right", "g1", raw(g1[n+n/2 : n+n/2+1]), ""},
			{"seq 1201–1800", "g1", raw(g1[2*n : 3*n]), "stream"},
		}},
		{"gap at the start", []streamPush{
			{"seq 601–1200, before 1–600", "g1", raw(g1[n : 2*n]), "fallback"},
			{"seq 1–600: the gap closes", "g1", raw(g1[:n]), "fallback"},
			{"seq 1201–1800", "g1", raw(g1[2*n : 3*n]), "stream"},
		}},
		{"gap, out of order, a seq twice", []streamPush{
			{"seq 1–1200", "g1", raw(g1[:2*n]), "stream"},
			{"seq 1201–1800 with 1451 missing", "g1", raw(holed), "fallback"},
			{"seq 1201–1800 with 1301 and 1302 swapped", "g1", raw(swapped), "fallback"},
			{"seq 1201–1800 with 1500 twice", "g1", raw(twice), "fallback"},
		}},
		{"out of order on a fresh chain", []streamPush{
			{"seq 1201–1800 with 1301 and 1302 swapped", "g1", raw(swapped), "fallback"},
			{"seq 1–1200", "g1", raw(g1[:2*n]), "fallback"},
		}},
		{"another terminal's id", []streamPush{
			{"g2 seq 1–600", "g2", raw(g2), "stream"},
			{"g1 seq 1–600 with g2's id at 401", "g1", raw(clash), "fallback"},
			// 402–600 of the push above wait above 401, a second chain
			// of g1 (resealed from 401): the true records are its fork.
			{"g1 seq 1–600, right", "g1", raw(g1[:n]), "fallback"},
			{"g1 seq 601–1200", "g1", raw(g1[n : 2*n]), "fallback"},
		}},
		{"records held already", []streamPush{
			{"seq 1–600", "g1", raw(g1[:n]), "stream"},
			{"seq 1–600 again", "g1", raw(g1[:n]), "fallback"},
			{"seq 301–900", "g1", raw(g1[n/2 : n+n/2]), "fallback"},
			{"seq 901–1500", "g1", raw(g1[n+n/2 : 2*n+n/2]), "stream"},
		}},
		{"another terminal's record", []streamPush{
			{"seq 1–1800", "g1", raw(g1[:3*n]), "stream"},
			{"seq 1801–2400 with g2's 301 at 2101", "g1", raw(foreign), "fallback"},
			{"seq 1801–2400", "g1", raw(g1[3*n:]), "stream"},
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
			for _, st := range []hub.Storage{sl, pg, ref} {
				for _, name := range []string{"g1", "g2"} {
					if _, err := hub.Provision(context.Background(), st, "F1", "一所", name); err != nil {
						t.Fatal(err)
					}
				}
			}
			for i, p := range sc.pushes {
				seen := hub.Seen{At: at.Add(time.Duration(i) * time.Second), Pending: int64(i)}
				want := pushOutcome(t, ref, p, seen)
				a := pushOutcome(t, sl, p, seen)
				s0, a0 := hub.StreamCounts()
				b := pushOutcome(t, pg, p, seen)
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

// pushOutcome pushes p to st and returns the answer as text.
func pushOutcome(t *testing.T, st hub.Storage, p streamPush, seen hub.Seen) string {
	t.Helper()
	ctx := context.Background()
	ts, err := st.FacilityTerminals(ctx, "F1")
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range ts {
		if term.Name != p.term {
			continue
		}
		resp, tally, err := hub.Ingest(ctx, st, term, p.rs, seen)
		if errors.Is(err, hub.ErrForeignRecord) {
			return "foreign: " + err.Error()
		}
		if err != nil {
			t.Fatalf("%s: %v", p.what, err)
		}
		b, _ := json.Marshal(resp)
		return fmt.Sprintf("%s %+v", b, tally)
	}
	t.Fatalf("no terminal %s", p.term)
	return ""
}
