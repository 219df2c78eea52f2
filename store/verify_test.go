package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"gatepost/record"
	"gatepost/store"
)

// tamper closes nothing: it drops the append-only triggers through a raw
// connection and runs fn on it, as someone with the file and a sqlite shell could.
func tamper(t *testing.T, path string, fn func(db *sql.DB) error) {
	t.Helper()
	db := rawDB(t, path)
	for _, tr := range []string{"records_no_update", "records_no_delete", "records_no_replace"} {
		if _, err := db.Exec("DROP TRIGGER IF EXISTS " + tr); err != nil {
			t.Fatal(err)
		}
	}
	if err := fn(db); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func execSQL(stmts ...string) func(*sql.DB) error {
	return func(db *sql.DB) error {
		for _, s := range stmts {
			if _, err := db.Exec(s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	const n = 50
	tests := []struct {
		name     string
		fn       func(*sql.DB) error
		wantSeq  int64
		wantGot  int64
		wantKind record.BreakKind
	}{
		{
			name:    "altered body",
			fn:      execSQL(`UPDATE records SET body = replace(body, '"fever":false', '"fever":true') WHERE seq = 20`),
			wantSeq: 20, wantGot: 20, wantKind: record.BreakHash,
		},
		{
			name: "two altered bodies: the first is reported",
			fn: execSQL(`UPDATE records SET body = '{"badge":"S0","fever":false,"temp":36.0}' WHERE seq IN (35, 20)`,
				`UPDATE records SET guard = 'G999' WHERE seq = 42`),
			wantSeq: 20, wantGot: 20, wantKind: record.BreakHash,
		},
		{
			name:    "altered time",
			fn:      execSQL(`UPDATE records SET at = replace(at, '+08:00', 'Z') WHERE seq = 7`),
			wantSeq: 7, wantGot: 7, wantKind: record.BreakHash,
		},
		{
			name:    "deleted record",
			fn:      execSQL(`DELETE FROM records WHERE seq = 10`),
			wantSeq: 10, wantGot: 11, wantKind: record.BreakGap,
		},
		{
			name:    "deleted first record",
			fn:      execSQL(`DELETE FROM records WHERE seq = 1`),
			wantSeq: 1, wantGot: 2, wantKind: record.BreakGap,
		},
		{
			name: "swapped pair",
			fn: execSQL(`UPDATE records SET seq = -5 WHERE seq = 5`, `UPDATE records SET seq = 5 WHERE seq = 6`,
				`UPDATE records SET seq = 6 WHERE seq = -5`),
			wantSeq: 5, wantGot: 5, wantKind: record.BreakPrev,
		},
		{
			name:    "altered prev",
			fn:      execSQL(`UPDATE records SET prev = (SELECT prev FROM records WHERE seq = 29) WHERE seq = 30`),
			wantSeq: 30, wantGot: 30, wantKind: record.BreakPrev,
		},
		{
			name:    "record of another terminal",
			fn:      execSQL(`UPDATE records SET terminal = 'T-OTHER' WHERE seq = 40`),
			wantSeq: 40, wantGot: 40, wantKind: record.BreakTerminal,
		},
		{
			// A forger who rewrites the whole log consistently for another
			// terminal makes a valid chain, but not this terminal's.
			name:    "whole log resealed as another terminal",
			fn:      reseal(func(r *record.Record) { r.Terminal = "T-OTHER" }),
			wantSeq: 1, wantGot: 1, wantKind: record.BreakTerminal,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, path := newStore(t)
			ds := make([]store.Draft, n)
			at := time.Date(2020, 1, 29, 6, 0, 0, 0, cst)
			for i := range ds {
				ds[i] = store.Draft{Kind: record.Temperature, Gate: 1, At: at.Add(time.Duration(i) * time.Minute), Guard: "G1", Body: temp(fmt.Sprintf("S%d", i), 360)}
			}
			if _, err := s.AppendBatch(ctx, ds); err != nil {
				t.Fatal(err)
			}
			if c, err := s.Verify(ctx); err != nil || c != n {
				t.Fatalf("before tampering Verify = %d, %v", c, err)
			}
			s.Close()

			tamper(t, path, tt.fn)

			s2, err := store.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Close()
			c, err := s2.Verify(ctx)
			var be *record.BreakError
			if !errors.As(err, &be) {
				t.Fatalf("Verify after tampering = %d, %v; want a *record.BreakError", c, err)
			}
			if be.Seq != tt.wantSeq || be.Got != tt.wantGot || be.Kind != tt.wantKind {
				t.Fatalf("Verify = {Seq:%d Got:%d Kind:%s}, want {Seq:%d Got:%d Kind:%s}",
					be.Seq, be.Got, be.Kind, tt.wantSeq, tt.wantGot, tt.wantKind)
			}
			if c != tt.wantSeq-1 {
				t.Fatalf("Verify counted %d good records, want %d", c, tt.wantSeq-1)
			}
		})
	}
}

// reseal rewrites every record with mut applied and the whole chain
// recomputed, as a forger with the file and the source code could.
func reseal(mut func(*record.Record)) func(*sql.DB) error {
	return func(db *sql.DB) error {
		rows, err := db.Query(`SELECT seq, id, terminal, facility, kind, gate, guard, at, body FROM records ORDER BY seq`)
		if err != nil {
			return err
		}
		var rs []record.Record
		for rows.Next() {
			var r record.Record
			var at, body string
			if err := rows.Scan(&r.Seq, &r.ID, &r.Terminal, &r.Facility, &r.Kind, &r.Gate, &r.Guard, &at, &body); err != nil {
				return err
			}
			if r.At, err = record.ParseAt(at); err != nil {
				return err
			}
			r.Body = []byte(body)
			rs = append(rs, r)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		prev := ""
		for _, r := range rs {
			mut(&r)
			r.Seal(prev)
			prev = r.Hash
			if _, err := db.Exec(`UPDATE records SET terminal = ?, facility = ?, guard = ?, body = ?, prev = ?, hash = ? WHERE seq = ?`,
				r.Terminal, r.Facility, r.Guard, string(r.Body), r.Prev, r.Hash, r.Seq); err != nil {
				return err
			}
		}
		return nil
	}
}

// A resealed log that keeps everything the identity names is, by design,
// indistinguishable locally: the hub's copy is what catches it. This test pins
// that Verify does not report false breaks on a consistent chain.
func TestVerifyAcceptsConsistentReseal(t *testing.T) {
	ctx := context.Background()
	s, path := newStore(t)
	for i := 0; i < 5; i++ {
		mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 1, Body: temp("S1", 365)})
	}
	s.Close()
	tamper(t, path, reseal(func(r *record.Record) { r.Guard = "G-FORGED" }))
	s2, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if c, err := s2.Verify(ctx); err != nil || c != 5 {
		t.Fatalf("Verify = %d, %v", c, err)
	}
}

func TestConcurrentAppend(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	const workers, each = 8, 40
	var wg sync.WaitGroup
	got := make([][]record.Record, workers)
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				d := store.Draft{Kind: record.Passage, Gate: 1 + w%5, Guard: fmt.Sprintf("G%d", w), Body: passage(fmt.Sprintf("S%d-%d", w, i), true)}
				if i%10 == 9 { // some batches among the singles
					rs, err := s.AppendBatch(ctx, []store.Draft{d, d})
					if err != nil {
						errs <- err
						return
					}
					got[w] = append(got[w], rs...)
					continue
				}
				r, err := s.Append(ctx, d)
				if err != nil {
					errs <- err
					return
				}
				got[w] = append(got[w], r)
			}
			// Readers run alongside the writers.
			if _, err := s.Page(ctx, store.PageQuery{Gate: 1, Day: store.Day(time.Now()), Limit: 20}); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	var all []int64
	for w, rs := range got {
		for i, r := range rs {
			if i > 0 && r.Seq <= rs[i-1].Seq {
				t.Fatalf("worker %d got seq %d after %d", w, r.Seq, rs[i-1].Seq)
			}
			all = append(all, r.Seq)
		}
	}
	slices.Sort(all)
	total := workers * (each + each/10)
	if len(all) != total {
		t.Fatalf("%d records returned, want %d", len(all), total)
	}
	for i, seq := range all {
		if seq != int64(i+1) {
			t.Fatalf("seqs not 1..%d without gaps or repeats: position %d has %d", total, i, seq)
		}
	}
	if c, err := s.Verify(ctx); err != nil || c != int64(total) {
		t.Fatalf("Verify = %d, %v", c, err)
	}
	if n, _ := s.LastSeq(ctx); n != int64(total) {
		t.Fatalf("LastSeq = %d", n)
	}
}
