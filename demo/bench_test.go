package demo

import (
	"context"
	"testing"
)

// BenchmarkGenerate is the cost of generating records through the
// console's service, a fresh demo terminal each time: ns/op over 20,000
// records, reported per record too.
func BenchmarkGenerate(b *testing.B) {
	const n = 20_000
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		st := setup(b)
		b.StartTimer()
		if _, err := Generate(ctx, st, Options{Records: n, Seed: 7, Now: testNow}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
}
