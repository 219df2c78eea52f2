package hub

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// panicStats is a hub store whose Stats panics the first time: the
// dashboard's reading fails in the worst way once.
type panicStats struct {
	*SQLite
	calls atomic.Int32
}

func (p *panicStats) Stats(ctx context.Context) (Stats, error) {
	if p.calls.Add(1) == 1 {
		panic("the store failed")
	}
	return p.SQLite.Stats(ctx)
}

// TestRoundPanicEndsRound: a round whose reading panics still ends: its
// viewers get an error, and the next round of the same day reads the store
// again rather than waiting for ever on the round that never finished.
func TestRoundPanicEndsRound(t *testing.T) {
	sq := tempSQLite(t)
	st := &panicStats{SQLite: sq}
	h := newDashboard(st, time.Now, time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	day := time.Now().Format(DayLayout)
	if _, err := h.rounds.get(ctx, h, "en", day); err == nil {
		t.Fatal("the round whose reading panicked answered without an error")
	}
	rd, err := h.rounds.get(ctx, h, "en", day)
	if err != nil {
		t.Fatalf("the round after a panicked one: %v", err)
	}
	if rd.live == "" {
		t.Fatal("the round after a panicked one rendered no live part")
	}
	if n := st.calls.Load(); n != 2 {
		t.Fatalf("the store's Stats was read %d times, want 2 (one per round)", n)
	}
}
