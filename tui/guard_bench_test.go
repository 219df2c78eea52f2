package tui

import (
	"context"
	"testing"
	"time"

	"gatepost/record"
	"gatepost/store"
)

// The common case through the whole console — 2001⏎365⏎ into the root
// model: the roster lookup, the service's decision, the durable save, the
// log and counters reloaded — against appending the same passage straight
// to the store. The difference is what the console costs a guard per
// entry on top of the fsync:
//
//	go test -run='^$' -bench=CommonCase -benchtime=300x ./tui
func BenchmarkCommonCaseConsole(b *testing.B) {
	st, ident := testStore(b)
	m := New(st, ident, Options{Lang: "zh-CN", Now: func() time.Time { return fixedNow }})
	d := drive(b, m)
	d.signIn("1001", "1234")
	keys := typed("2001⏎365⏎")
	b.ResetTimer()
	for range b.N {
		for _, k := range keys {
			d.send(k)
		}
	}
	b.StopTimer()
	if n := len(d.m.logs[1].rows); n == 0 {
		b.Fatal("nothing saved")
	}
}

func BenchmarkCommonCaseStoreAppend(b *testing.B) {
	st, _ := testStore(b)
	t := record.Tenths(365)
	draft := store.Draft{Kind: record.Passage, Gate: 1, Guard: "1001", At: fixedNow,
		Body: record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2001", Name: "张伟", Temp: &t, Allowed: true, Reason: "staff"}}
	b.ResetTimer()
	for range b.N {
		if _, err := st.Append(context.Background(), draft); err != nil {
			b.Fatal(err)
		}
	}
}
