package hub

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"time"

	"gatepost/hub/wire"
	"gatepost/record"
)

// StreamCounts returns how many pushes so far were answered by streaming
// them into the store, and how many streamed attempts were handed to the
// general algorithm (see ingestStream).
func StreamCounts() (streamedPushes, abandonedPushes int64) { return streamed.Load(), abandoned.Load() }

// GeneralOnly makes st answer every push by the general algorithm, never
// streamed: the reference the streamed way is held to.
func GeneralOnly(st *SQLite) { st.generalOnly = true }

// StartIngest starts a push as the server does once its body is read:
// decoded, and its checks started on the cores. The function it returns
// stores it; the caller calls it when the terminal's previous push has been
// answered, as the server's waitTurn does, so that a terminal with two
// pushes on the wire (the syncer's InFlight) has the second checked while
// the first is stored.
func StartIngest(st Storage, t Terminal, raws []json.RawMessage) func(context.Context, Seen) (wire.PushResponse, Tally, error) {
	items := DecodeRecords(raws)
	p := startPush(st, t, items)
	return func(ctx context.Context, seen Seen) (wire.PushResponse, Tally, error) {
		return ingestStarted(ctx, st, t, items, p, seen)
	}
}

// PanicOnCheck makes the hub's check of the record with this id panic, as
// a fault of the hub would, until the returned function is called.
func PanicOnCheck(id string) (restore func()) {
	testHookCheck = func(r record.Record) {
		if r.ID == id {
			panic("a fault of the hub")
		}
	}
	return func() { testHookCheck = nil }
}

// CountChangesFromZero makes the change counter count 1, 2, 3 … without
// the clock's floor, as two backends compared change by change need, until
// the returned function is called.
func CountChangesFromZero() (restore func()) {
	testChangeFloor = func(time.Time) int64 { return 0 }
	return func() { testChangeFloor = nil }
}

// DayMemo is what the figures' keeper keeps of a facility's day between
// its recomputes.
type DayMemo = dayMemo

// NewDayMemo is an empty DayMemo.
func NewDayMemo() *DayMemo { return &dayMemo{facts: factCache{}} }

// ComputeDayKept computes a facility's day as the keeper does, with m,
// which it brings up to date.
func ComputeDayKept(ctx context.Context, st Storage, f Facility, day string, m *DayMemo) (FacilityDay, error) {
	return computeDay(ctx, st, f, day, time.Now(), m)
}

// DayMemoRows is how many records m's tail holds (none on a store that
// keeps no tail).
func DayMemoRows(m *DayMemo) int { return len(m.tail.rows) }

// CloneDayMemo is a copy of m that recomputing with does not change m.
func CloneDayMemo(m *DayMemo) *DayMemo {
	c := &dayMemo{facts: maps.Clone(m.facts), tail: m.tail}
	c.tail.rows = slices.Clone(m.tail.rows)
	return c
}
