package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"gatepost/record"
)

// TestGroupCommitFailedPush: pushes committed together (runGroup) are
// first run without savepoints; a push that fails there rolls the group back
// and the group runs again, each push in its savepoint. Whatever the path,
// the failed push leaves nothing, the others are all stored, and each caller
// gets its own answer.
func TestGroupCommitFailedPush(t *testing.T) {
	ctx := context.Background()
	st, names := groupHub(t)
	boom := errors.New("boom")
	for _, c := range []struct {
		name     string
		fail     map[string]bool
		wantRuns map[string]int // how often each push's fn ran: the run without savepoints stops at the first failure
	}{
		{"all succeed", nil, map[string]int{"t1": 1, "t2": 1, "t3": 1}},
		{"one fails", map[string]bool{"t2": true}, map[string]int{"t1": 2, "t2": 2, "t3": 1}},
		{"all fail", map[string]bool{"t1": true, "t2": true, "t3": true}, map[string]int{"t1": 2, "t2": 1, "t3": 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := counts(t, st, names)
			runs := map[string]int{}
			var batch []*ingestReq
			for _, n := range names {
				from := before[n] + 1
				batch = append(batch, &ingestReq{ctx: ctx, key: TerminalKey{Facility: "F1", Name: n}, done: make(chan error, 1),
					fn: func(tx IngestTx) error {
						runs[n]++
						if _, err := tx.Insert(ctx, groupRecords(n, from, 5), time.Now()); err != nil {
							return err
						}
						if c.fail[n] {
							return boom
						}
						return nil
					}})
			}
			st.runGroup(batch)
			after := counts(t, st, names)
			for i, n := range names {
				err := <-batch[i].done
				want, wantErr := int64(5), error(nil)
				if c.fail[n] {
					want, wantErr = 0, boom
				}
				if !errors.Is(err, wantErr) || (wantErr == nil && err != nil) {
					t.Errorf("%s: error %v, want %v", n, err, wantErr)
				}
				if got := after[n] - before[n]; got != want {
					t.Errorf("%s: %d records stored, want %d", n, got, want)
				}
				if runs[n] != c.wantRuns[n] {
					t.Errorf("%s: fn ran %d times, want %d", n, runs[n], c.wantRuns[n])
				}
			}
		})
	}

	// A group of one needs no savepoint: its failure rolls its own
	// transaction back, and it runs once.
	runs := 0
	req := &ingestReq{ctx: ctx, key: TerminalKey{Facility: "F1", Name: "t1"}, done: make(chan error, 1),
		fn: func(tx IngestTx) error {
			runs++
			if _, err := tx.Insert(ctx, groupRecords("t1", 1000, 5), time.Now()); err != nil {
				return err
			}
			return boom
		}}
	before := counts(t, st, names)
	st.runGroup([]*ingestReq{req})
	if err := <-req.done; !errors.Is(err, boom) {
		t.Errorf("a group of one failing: error %v, want boom", err)
	}
	if after := counts(t, st, names); after["t1"] != before["t1"] || runs != 1 {
		t.Errorf("a group of one failing: %d records stored, fn ran %d times; want 0 and 1", after["t1"]-before["t1"], runs)
	}
}

func counts(t *testing.T, st *SQLite, names []string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, n := range names {
		if err := st.EachRecord(context.Background(), TerminalKey{Facility: "F1", Name: n}, 0, func(StoredRecord) error {
			out[n]++
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// groupRecords makes n records of terminal from seq from on; the storage
// insert checks nothing, so only ids and seqs need to be right.
func groupRecords(terminal string, from int64, n int) []record.Record {
	rs := make([]record.Record, n)
	at := time.Date(2025, 3, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for i := range rs {
		seq := from + int64(i)
		r := record.Record{ID: fmt.Sprintf("00000000-0000-4000-8000-%02s%010d", terminal[1:], seq), Terminal: terminal, Facility: "F1",
			Seq: seq, Kind: record.Passage, At: at.Add(time.Duration(seq) * time.Minute),
			Body: json.RawMessage(`{"subject":"s","direction":"in"}`)}
		r.Hash = r.ComputeHash()
		rs[i] = r
	}
	return rs
}

// TestGroupCommitStreamedPushes: streamed pushes share the group's
// transaction. One that stops before anything of it is written (a record
// that does not extend the chain) leaves the others alone: the group runs
// once and commits them. One whose records clash with held ones after it
// wrote some is rolled back alone, by the group's run with savepoints.
func TestGroupCommitStreamedPushes(t *testing.T) {
	ctx := context.Background()
	st, names := groupHub(t)
	for _, c := range []struct {
		name        string
		clash       bool  // t2 sends t1's seq 1 id at its 4th record (a clash once written); otherwise t2 stops before writing
		wantErr     error // t2's answer from the group
		wantAbandon error // t2's abandon
		wantRuns    int   // how often t1's push ran
	}{
		{"stops before writing", false, nil, errNoStream, 1},
		{"clashes after writing", true, errStreamClash, nil, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := counts(t, st, names)
			runs := map[string]int{}
			abandons := make([]error, len(names))
			var batch []*ingestReq
			for i, n := range names {
				rs := groupRecords(n, before[n]+1, 5)
				stop := n == "t2" && !c.clash
				if n == "t2" && c.clash {
					rs[3].ID = groupRecords("t1", 1, 1)[0].ID
				}
				fill := func(chain Chain, insert func(next func() (*record.Record, error)) error) (Chain, error) {
					runs[n]++
					if stop {
						return chain, errNoStream
					}
					k := 0
					err := insert(func() (*record.Record, error) {
						if k == len(rs) {
							return nil, nil
						}
						k++
						return &rs[k-1], nil
					})
					chain.HeadSeq, chain.MaxSeq = rs[len(rs)-1].Seq, rs[len(rs)-1].Seq
					return chain, err
				}
				batch = append(batch, &ingestReq{ctx: ctx, key: TerminalKey{Facility: "F1", Name: n}, done: make(chan error, 1),
					fn: streamFn(ctx, Seen{At: time.Now()}, fill, &abandons[i])})
			}
			st.runGroup(batch)
			after := counts(t, st, names)
			for i, n := range names {
				err := <-batch[i].done
				want, wantErr := int64(5), error(nil)
				if n == "t2" {
					want, wantErr = 0, c.wantErr
				}
				if !errors.Is(err, wantErr) || (wantErr == nil && err != nil) {
					t.Errorf("%s: error %v, want %v", n, err, wantErr)
				}
				if got := after[n] - before[n]; got != want {
					t.Errorf("%s: %d records stored, want %d", n, got, want)
				}
			}
			if !errors.Is(abandons[1], c.wantAbandon) || (c.wantAbandon == nil && abandons[1] != nil) {
				t.Errorf("t2 abandoned with %v, want %v", abandons[1], c.wantAbandon)
			}
			if runs["t1"] != c.wantRuns {
				t.Errorf("t1's push ran %d times, want %d", runs["t1"], c.wantRuns)
			}
		})
	}
}

// groupHub is a SQLite hub, closed after the test, with facility F1 and
// its terminals t1, t2 and t3.
func groupHub(t *testing.T) (*SQLite, []string) {
	t.Helper()
	ctx := context.Background()
	st := tempSQLite(t)
	if err := st.PutFacility(ctx, Facility{ID: "F1", Name: "F1"}); err != nil {
		t.Fatal(err)
	}
	names := []string{"t1", "t2", "t3"}
	for i, n := range names {
		if err := st.AddTerminal(ctx, TerminalKey{Facility: "F1", Name: n}, []byte{byte(i)}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return st, names
}

// quietLog is a logger that writes nothing, for the package's own tests.
var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// tempSQLite is a SQLite hub in a temporary directory, closed after the
// test (the package's own tests; hub_test's have openSQLiteTemp).
func tempSQLite(t testing.TB) *SQLite {
	t.Helper()
	st, err := OpenSQLite(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
