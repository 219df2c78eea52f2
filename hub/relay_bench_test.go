package hub_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/syncer"
)

// BenchmarkRelay100k: a facility hub relays 100,000 records of one
// terminal (already pushed to it over the LAN) to a fresh bureau hub over
// loopback. Compare records/s with BenchmarkPush100k (the terminal pushing
// straight to the bureau): the relay's cost per record against a
// terminal's.
//
//	go test -run '^$' -bench 'Relay100k|Push100k' -benchtime 3x ./hub
func BenchmarkRelay100k(b *testing.B) {
	ctx := context.Background()
	ts := benchTerminal(b, benchRecords)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		fac, doneFac := benchHub(b, ts) // a fresh facility hub, the terminal pushed to it
		if res, err := syncer.Once(ctx, ts); err != nil || res.Stored != benchRecords {
			b.Fatalf("push to the facility hub: %+v %v", res, err)
		}
		bureau, err := hub.OpenSQLite(filepath.Join(b.TempDir(), "bureau.db"))
		if err != nil {
			b.Fatal(err)
		}
		srv := httptest.NewServer(hub.NewServer(bureau, hub.Options{Logger: hubtest.Quiet(), MaxConcurrentPushes: 16}))
		token, err := hub.ProvisionRelay(ctx, bureau, "F1", "", "f1-hub")
		if err != nil {
			b.Fatal(err)
		}
		r, err := hub.NewRelayer(fac, srv.URL, token, hub.RelayerOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := r.Round(ctx)
		b.StopTimer()
		srv.Close()
		bureau.Close()
		doneFac()
		if err != nil || res.Stored != benchRecords {
			b.Fatalf("%+v %v", res, err)
		}
		b.StartTimer()
	}
	rate(b, benchRecords)
}
