package hub

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"gatepost/record"
)

// BenchmarkDecodeCheck: what the hub does to each pushed record before the
// database sees it — decode, then the checks that need no database —
// one core, per record:
//
//	go test -run '^$' -bench DecodeCheck -benchmem ./hub
func BenchmarkDecodeCheck(b *testing.B) {
	const n = 1000
	raws := make([]json.RawMessage, n)
	prev := ""
	at := time.Date(2026, 11, 30, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for i := range raws {
		temp := record.Tenths(360 + i%10)
		body, err := record.EncodeBody(record.PassageBody{Subject: record.SubjectStaff, Direction: record.In,
			Badge: fmt.Sprintf("S%04d", i%300), Temp: &temp, Allowed: true, Reason: "staff", Purpose: "duty"})
		if err != nil {
			b.Fatal(err)
		}
		r := record.Record{ID: record.NewID(), Terminal: "gate1-pc", Facility: "qs01", Seq: int64(i + 1), Kind: record.Passage,
			Gate: 1, Guard: "1001", At: at.Add(time.Duration(i) * time.Second), Body: body}
		r.Seal(prev)
		prev = r.Hash
		if raws[i], err = r.AppendJSON(nil); err != nil {
			b.Fatal(err)
		}
	}
	out := make([]Pushed, n)
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			decodeRecords(raws, out)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
	})
	decodeRecords(raws, out)
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			for i := range out {
				if _, ok, _ := checkOne(out[i], nil); !ok {
					b.Fatal("refused")
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
	})
}
