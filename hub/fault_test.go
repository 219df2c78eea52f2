package hub_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/record"
	"gatepost/syncer"
)

// TestCheckPanicRefusesOneRecord: a panic while the hub checks a pushed
// record (a fault of the hub, on a worker goroutine out of reach of the
// HTTP server's recovery) refuses that record with a reason that says so,
// where it ended the hub; the hub goes on serving, and once mended the
// parked record goes again and the chain is whole.
func TestCheckPanicRefusesOneRecord(t *testing.T) {
	h := hubtest.NewHub(t)
	ts := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	t.Cleanup(func() { ts.Close() })
	hubtest.Join(t, ts, h.URL, h.Provision(t, "F1", "gate1"))
	// Enough records that the checks run on several goroutines.
	hubtest.Fill(t, ts, time.Date(2025, 3, 1, 0, 0, 0, 0, time.Local), 600)
	ctx := context.Background()
	var victim string
	if err := ts.Each(ctx, 0, func(r record.Record) error {
		if r.Seq == 300 {
			victim = r.ID
		}
		return nil
	}); err != nil || victim == "" {
		t.Fatalf("no seq 300: %v", err)
	}

	restore := hub.PanicOnCheck(victim)
	res, err := syncer.Once(ctx, ts, syncer.WithSyncOptions(syncer.SyncOptions{NoFeed: true}))
	restore()
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if res.Rejected != 1 {
		t.Fatalf("%+v: want the one record the hub failed on refused", res)
	}
	parked, err := ts.ParkedRecords(ctx, 10)
	if err != nil || len(parked) != 1 || parked[0].ID != victim || !strings.Contains(parked[0].Reason, "fault of the hub") {
		t.Fatalf("parked %+v %v", parked, err)
	}

	// Mended: the parked record goes again, and what waited above it is
	// linked.
	if _, err := ts.RetryParked(ctx); err != nil {
		t.Fatal(err)
	}
	if res, err = syncer.Once(ctx, ts, syncer.WithSyncOptions(syncer.SyncOptions{NoFeed: true})); err != nil || res.Rejected != 0 {
		t.Fatalf("after mending: %+v %v", res, err)
	}
	terms, err := h.Storage.FacilityTerminals(ctx, "F1")
	if err != nil || len(terms) != 1 || terms[0].Chain.HeadSeq != 600 {
		t.Fatalf("the hub's chain %+v %v, want its head at 600", terms, err)
	}
}
