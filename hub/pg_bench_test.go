package hub_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"gatepost/hub"
	"gatepost/hub/internal/storagetest"
	"gatepost/hub/wire"
	"gatepost/record"
)

// Ingest benchmarks on both backends (§10: "the hub keeps up with many
// terminals pushing at shift change"), and PostgreSQL's ingest against a
// plain COPY of the same rows, the most the server can take. Run with a
// server (make bench-pg starts one):
//
//	GATEPOST_TEST_PG=postgres://… go test -run '^$' \
//	  -bench 'BenchmarkBackendIngest|BenchmarkPostgresIngestVsCopy|BenchmarkPostgresInsertPaths' -benchtime 3x ./hub
//
// Without GATEPOST_TEST_PG the PostgreSQL cases skip. Records are made and
// encoded before the clock starts: what is timed is hub.Ingest, everything a
// push costs the hub but HTTP and gzip (decode, check every hash, the
// database work, the chain).

// pgBenchBatch is the records of one push, the syncer's default batch.
const pgBenchBatch = 1000

// shift is the records of n terminals, encoded as they travel.
type shift struct {
	terms []hub.Terminal
	raws  [][]json.RawMessage // per terminal
	recs  [][]record.Record
	total int
}

// makeShift builds n terminals' logs of each records, once per benchmark.
func makeShift(n, each int) *shift {
	s := &shift{}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("t%03d", i)
		rs := storagetest.Chain("F1", name, 1, each, "")
		s.terms = append(s.terms, hub.Terminal{TerminalKey: hub.TerminalKey{Facility: "F1", Name: name}})
		s.recs = append(s.recs, rs)
		s.raws = append(s.raws, storagetest.Raw(rs...))
		s.total += each
	}
	return s
}

func (s *shift) provision(tb testing.TB, st hub.Storage) {
	tb.Helper()
	ctx := context.Background()
	if err := st.PutFacility(ctx, hub.Facility{ID: "F1", Name: "F1"}); err != nil {
		tb.Fatal(err)
	}
	for _, t := range s.terms {
		_, hash := hub.NewToken()
		if err := st.AddTerminal(ctx, t.TerminalKey, hash, time.Now()); err != nil {
			tb.Fatal(err)
		}
	}
}

// pushAll pushes every terminal's log in batches, the terminals all at
// once, each terminal's batches in order as the syncer sends them: with
// inFlight 2 (the syncer's default) a push is decoded and checked while the
// one before it is stored, as the server does with two pushes of one
// terminal on the wire; with 1, one push at a time.
func (s *shift) pushAll(tb testing.TB, st hub.Storage, batch, inFlight int) {
	var wg sync.WaitGroup
	errs := make(chan error, len(s.terms))
	for i, t := range s.terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			raws := s.raws[i]
			store := func(k int, run func(context.Context, hub.Seen) (wire.PushResponse, hub.Tally, error)) error {
				_, tally, err := run(context.Background(), hub.Seen{At: time.Now(), Pending: -1})
				if err == nil && tally.Stored != min(batch, len(raws)-k) {
					err = fmt.Errorf("%s: %+v", t.TerminalKey, tally)
				}
				return err
			}
			var prev chan error // the previous push's storing, when in flight
			for k := 0; k < len(raws); k += batch {
				run := hub.StartIngest(st, t, raws[k:min(k+batch, len(raws))])
				if prev != nil {
					if err := <-prev; err != nil {
						errs <- err
						return
					}
					prev = nil
				}
				if inFlight < 2 {
					if err := store(k, run); err != nil {
						errs <- err
						return
					}
					continue
				}
				prev = make(chan error, 1)
				go func(k int, done chan error) { done <- store(k, run) }(k, prev)
			}
			if prev != nil {
				if err := <-prev; err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
}

func perSecond(b *testing.B, records int, d time.Duration) float64 {
	return float64(records) * float64(b.N) / d.Seconds()
}

// BenchmarkBackendIngest: records/s stored by each backend, for one terminal
// pushing 100,000 records in batches of 1,000, and for 200 terminals
// pushing 500 records each at the same moment (a shift change: batches of
// 250, two pushes per terminal, 200 pushes in flight).
func BenchmarkBackendIngest(b *testing.B) {
	cases := []struct {
		name        string
		terms, each int
		batch       int
	}{
		{"one-terminal", 1, 100_000, pgBenchBatch},
		{"200-terminals", 200, 500, 250},
	}
	for _, c := range cases {
		s := makeShift(c.terms, c.each)
		for _, be := range []struct {
			name string
			open func(testing.TB) hub.Storage
		}{
			{"sqlite", func(tb testing.TB) hub.Storage { return openSQLiteTemp(tb) }},
			{"postgres", func(tb testing.TB) hub.Storage { return openPG(tb) }},
		} {
			b.Run(c.name+"/"+be.name, func(b *testing.B) {
				var d time.Duration
				for i := 0; i < b.N; i++ {
					st := be.open(b)
					s.provision(b, st)
					start := time.Now()
					s.pushAll(b, st, c.batch, 2)
					d += time.Since(start)
					st.Close()
				}
				b.ReportMetric(0, "ns/op")
				b.ReportMetric(perSecond(b, s.total, d), "records/s")
			})
		}
	}
}

// BenchmarkPostgresIngestVsCopy: one terminal's 100,000 records three ways,
// each into a fresh schema:
//
//   - ingest: pushes of 1,000 as the syncer sends them, two on the wire
//     (the second decoded and checked while the first is stored) — decode,
//     check every hash and canonical body, lock the terminal, insert, move
//     the chain head, commit; ingest-serial: the same, one push at a time
//     (how the figure was first measured, before the syncer sent two);
//   - insert: IngestTx.Insert alone in the same transactions of 1,000, the
//     records decoded and checked already: the database's share of ingest;
//   - copy: one plain COPY of all the rows into an empty records table with
//     the same indexes, one transaction, nothing checked: the limit.
//
// ratio = ingest ÷ copy; serial-ratio = ingest-serial ÷ copy; insert-ratio
// = insert ÷ copy.
func BenchmarkPostgresIngestVsCopy(b *testing.B) {
	s := makeShift(1, 100_000)
	rs := s.recs[0]
	var ingest, serial, insert, copyd time.Duration
	for i := 0; i < b.N; i++ {
		for _, c := range []struct {
			inFlight int
			d        *time.Duration
		}{{2, &ingest}, {1, &serial}} {
			st := openPG(b)
			s.provision(b, st)
			start := time.Now()
			s.pushAll(b, st, pgBenchBatch, c.inFlight)
			*c.d += time.Since(start)
			st.Close()
		}

		st := openPG(b)
		s.provision(b, st)
		start := time.Now()
		for k := 0; k < len(rs); k += pgBenchBatch {
			if err := st.Ingest(context.Background(), s.terms[0].TerminalKey, func(tx hub.IngestTx) error {
				_, err := tx.Insert(context.Background(), rs[k:k+pgBenchBatch], time.Now())
				return err
			}); err != nil {
				b.Fatal(err)
			}
		}
		insert += time.Since(start)
		st.Close()

		lim := openPG(b)
		recv := time.Now()
		start = time.Now()
		err := pgx.BeginFunc(context.Background(), lim.Pool(), func(tx pgx.Tx) error {
			k := 0
			n, err := tx.CopyFrom(context.Background(), pgx.Identifier{"records"},
				[]string{"id", "facility", "terminal", "seq", "kind", "gate", "guard", "at", "day", "body", "prev", "hash", "received_at"},
				pgx.CopyFromFunc(func() ([]any, error) {
					if k == len(rs) {
						return nil, nil
					}
					r := rs[k]
					k++
					at := r.AtString()
					return []any{r.ID, r.Facility, r.Terminal, r.Seq, string(r.Kind), int16(r.Gate), []byte(r.Guard), at, at[:10],
						string(r.Body), []byte(r.Prev), r.Hash, recv}, nil
				}))
			if err == nil && n != int64(len(rs)) {
				err = fmt.Errorf("copied %d", n)
			}
			return err
		})
		copyd += time.Since(start)
		lim.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	in, ins, cp := perSecond(b, s.total, ingest), perSecond(b, s.total, insert), perSecond(b, s.total, copyd)
	se := perSecond(b, s.total, serial)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(in, "ingest-records/s")
	b.ReportMetric(se, "ingest-serial-records/s")
	b.ReportMetric(se/cp, "serial-ratio")
	b.ReportMetric(ins, "insert-records/s")
	b.ReportMetric(cp, "copy-records/s")
	b.ReportMetric(in/cp, "ratio")
	b.ReportMetric(ins/cp, "insert-ratio")
}

// BenchmarkPostgresInsertPaths: the bare insert of one terminal's 20,000
// new records (IngestTx.Insert in pushes of 50 to 5,000, one transaction
// each) by each path — COPY or unnest, plain or with ON CONFLICT DO NOTHING
// (the "safe" path a push falls back to after a clash) — to place copyFrom
// and to show what the optimistic plain insert saves.
func BenchmarkPostgresInsertPaths(b *testing.B) {
	s := makeShift(1, 20_000)
	rs := s.recs[0]
	for _, batch := range []int{50, 250, 1000, 5000} {
		for _, path := range []string{"unnest", "copy"} {
			for _, safe := range []bool{false, true} {
				name := fmt.Sprintf("push%d/%s", batch, path)
				if safe {
					name += "-on-conflict"
				}
				b.Run(name, func(b *testing.B) {
					var d time.Duration
					for i := 0; i < b.N; i++ {
						st := openPG(b)
						hub.UsePostgresInsert(st, path, safe)
						s.provision(b, st)
						start := time.Now()
						for k := 0; k < len(rs); k += batch {
							err := st.Ingest(context.Background(), s.terms[0].TerminalKey, func(tx hub.IngestTx) error {
								got, err := tx.Insert(context.Background(), rs[k:k+batch], time.Now())
								if err == nil && len(got) != batch {
									err = fmt.Errorf("inserted %d of %d", len(got), batch)
								}
								return err
							})
							if err != nil {
								b.Fatal(err)
							}
						}
						d += time.Since(start)
						st.Close()
					}
					b.ReportMetric(0, "ns/op")
					b.ReportMetric(perSecond(b, len(rs), d), "records/s")
				})
			}
		}
	}
}
