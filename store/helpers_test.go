package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"gatepost/record"
	"gatepost/store"
)

var cst = time.FixedZone("CST", 8*3600)

var testIdentity = store.Identity{
	FacilityID: "FAC-001", FacilityName: "市戒毒所", Terminal: "T-GATE1-01", HomeGate: 1,
	CreatedAt: time.Date(2020, 1, 20, 8, 0, 0, 0, cst),
}

// newStore opens a fresh, initialised store in a temporary directory.
func newStore(t testing.TB) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gatepost.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Init(context.Background(), testIdentity); err != nil {
		t.Fatal(err)
	}
	return s, path
}

// rawDB opens the same file with the plain driver, bypassing the store.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func temp(badge string, tenths int) record.TemperatureBody {
	return record.TemperatureBody{Badge: badge, Temp: record.Tenths(tenths), Fever: tenths >= 373}
}

func passage(badge string, allowed bool) record.PassageBody {
	reason := "ok"
	if !allowed {
		reason = "no_pass"
	}
	return record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: badge, Allowed: allowed, Reason: reason}
}

func mustAppend(t testing.TB, s *store.Store, d store.Draft) record.Record {
	t.Helper()
	if d.Guard == "" {
		d.Guard = "G001"
	}
	r, err := s.Append(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func seqs(rows []store.Row) []int64 {
	out := make([]int64, len(rows))
	for i, r := range rows {
		out[i] = r.Seq
	}
	return out
}

// queryPlan is SQLite's plan for q, its steps joined by "; ".
func queryPlan(t testing.TB, db *sql.DB, q string) string {
	t.Helper()
	rows, err := db.Query(`EXPLAIN QUERY PLAN ` + q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}
