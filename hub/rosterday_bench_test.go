package hub_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/hub"
	"gatepost/hub/internal/storagetest"
	"gatepost/record"
)

// BenchmarkDayRoster puts what the day's roster adds to a recompute beside
// the recompute itself, on each backend: a facility of 60 staff and 300
// detainees, a day of 2,000 records (two screenings and the rest), an
// admission or a release on each of the 62 days around it. "recompute" is
// a day's whole recompute (records, reports of the days after, roster,
// stored row); "roster" is RosterOn alone.
func BenchmarkDayRoster(b *testing.B) {
	for _, be := range backends() {
		b.Run(be.name, func(b *testing.B) {
			ctx := context.Background()
			st := be.provisioned(b)
			var people []gate.Person
			for i := range 60 {
				people = append(people, gate.Person{Badge: fmt.Sprintf("S%03d", i), Name: "民警", Kind: gate.Staff, Unit: "一大队", Active: true})
			}
			for i := range 300 {
				people = append(people, gate.Person{Badge: fmt.Sprintf("D%04d", i), Name: "学员", Kind: gate.Detainee, Unit: "一大队/宿舍1", Active: true})
			}
			if err := st.PutPeople(ctx, "F1", people); err != nil {
				b.Fatal(err)
			}
			ts, err := st.FacilityTerminals(ctx, "F1")
			if err != nil || len(ts) != 1 {
				b.Fatalf("%+v %v", ts, err)
			}
			cst := time.FixedZone("CST", 8*3600)
			day := time.Date(2025, 3, 1, 0, 0, 0, 0, cst)
			var ds []draft
			for d := -31; d <= 31; d++ {
				at := day.AddDate(0, 0, d).Add(10 * time.Hour)
				if d%2 == 0 {
					ds = append(ds, draft{kind: record.Admission, at: at, body: record.AdmissionBody{Badge: fmt.Sprintf("N%03d", d+31), Unit: "新收隔离区",
						Source: record.AdmitDecision, Temp: 365, Supervisor: "9001", Basis: "决定书"}})
				} else {
					ds = append(ds, draft{kind: record.Release, at: at, body: record.ReleaseBody{Badge: fmt.Sprintf("D%04d", d+31), Type: record.ReleaseExpiry,
						Supervisor: "9001", Basis: "证明书"}})
				}
				if d == 0 {
					for i := range 2000 {
						ds = append(ds, draft{kind: record.Temperature, at: at.Add(time.Duration(i) * time.Second),
							body: record.TemperatureBody{Badge: people[i%len(people)].Badge, Temp: 365}})
					}
				}
			}
			rs := seal(b, "F1", "gate1", 1, "", ds...)
			for i := 0; i < len(rs); i += 500 {
				ts, _ := st.FacilityTerminals(ctx, "F1")
				if _, _, err := hub.Ingest(ctx, st, ts[0], storagetest.Raw(rs[i:min(i+500, len(rs))]...), hub.Seen{At: time.Now(), Pending: -1}); err != nil {
					b.Fatal(err)
				}
			}
			d := day.Format(hub.DayLayout)
			b.Run("recompute", func(b *testing.B) {
				for b.Loop() {
					if _, err := hub.DayFiguresRebuild(ctx, st, d, d); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("roster", func(b *testing.B) {
				for b.Loop() {
					if _, err := hub.RosterOn(ctx, st, "F1", d, "2025-04-30"); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
