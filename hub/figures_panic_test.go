package hub

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"gatepost/record"
)

// panicDayRecords is a hub store (its Storage methods only, so the day is
// read through DayRecords) whose reading of a day's records panics.
type panicDayRecords struct {
	Storage
	calls atomic.Int32
}

func (p *panicDayRecords) DayRecords(context.Context, string, string, []record.Kind, func(StoredRecord) error) error {
	p.calls.Add(1)
	panic("the store failed")
}

// TestKeeperPanicIsFailure: a recompute that panics is a failed recompute
// (the page computes the day itself meanwhile), not the end of the hub:
// the keeper runs outside the HTTP server's recovery.
func TestKeeperPanicIsFailure(t *testing.T) {
	sq := tempSQLite(t)
	st := &panicDayRecords{Storage: sq}
	day := time.Now().Format(DayLayout)
	dayFiguresChanged(st, "F1", []string{day}, nil)
	lag := settle(context.Background(), st, func(dayKey) bool { return true })
	if !lag[dayKey{"F1", day}] {
		t.Fatalf("the pair whose recompute panicked is not reported as lagging: %v", lag)
	}
	if st.calls.Load() == 0 {
		t.Fatal("the keeper never read the day's records")
	}
}
