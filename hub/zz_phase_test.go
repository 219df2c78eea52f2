package hub_test

import (
	"context"
	"testing"

	"gatepost/syncer"
)

func BenchmarkZZPushOnly(b *testing.B) {
	one := benchTerminal(b, benchRecords)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		_, done := benchHub(b, one)
		b.StartTimer()
		res, err := syncer.Once(context.Background(), one, syncer.WithSyncOptions(syncer.SyncOptions{NoFeed: true}))
		b.StopTimer()
		done()
		if err != nil || res.Stored != benchRecords {
			b.Fatal(res, err)
		}
		b.StartTimer()
	}
}
