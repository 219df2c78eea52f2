package syncer_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"gatepost/hub/hubtest"
	"gatepost/internal/sqlitedb"
	"gatepost/record"
	"gatepost/syncer"
)

// TestForeignRecordIsParkedNotSent: a record in the terminal's log that is
// another terminal's (its log restored over this one's, then written on) is
// parked with whose it is, and this terminal's records go to the hub.
func TestForeignRecordIsParkedNotSent(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()
	hubtest.Join(t, st, h.URL, h.Provision(t, "F1", "gate1"))
	hubtest.Fill(t, st, day, 3)
	rs, err := st.RecordsAfter(ctx, 0, 10)
	if err != nil || len(rs) != 3 {
		t.Fatal(len(rs), err)
	}
	db, err := sql.Open("sqlite", sqlitedb.DSN(st.Path(), false, 5000))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	last := rs[2]
	if _, err := db.ExecContext(ctx, `INSERT INTO records (seq, id, terminal, facility, kind, gate, guard, at, day, body, prev, hash)
		VALUES (4, ?, 'gate9', 'F9', 'incident', 0, 'G1', ?, ?, '{"type":"other"}', ?, ?)`,
		record.NewID(), last.AtString(), last.AtString()[:10], last.Hash, strings.Repeat("0", 64)); err != nil {
		t.Fatal(err)
	}
	res, err := syncer.Once(ctx, st)
	if err != nil || res.Stored != 3 || res.Pending != 0 || res.Parked != 1 {
		t.Fatalf("%+v %v: want 3 stored, 1 parked, none pending", res, err)
	}
	parked, err := st.ParkedRecords(ctx, 0)
	if err != nil || len(parked) != 1 || parked[0].Seq != 4 || parked[0].Code != syncer.CodeForeign || !strings.Contains(parked[0].Reason, "F9/gate9") {
		t.Fatalf("parked %+v %v: want seq 4, %q, naming F9/gate9", parked, err, syncer.CodeForeign)
	}
}
