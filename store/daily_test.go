package store_test

import (
	"context"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

func TestReportInputReadsTheDayAndWhatCarriesOver(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	day := time.Date(2026, 11, 28, 0, 0, 0, 0, cst)
	if err := s.PutPeople(ctx, []gate.Person{
		{Badge: "S001", Name: "甲", Kind: gate.Staff, Unit: "一大队", Assignment: gate.AssignCustody, Active: true},
		{Badge: "D001", Name: "乙", Kind: gate.Detainee, Unit: "一大队/宿舍1", Active: true},
	}); err != nil {
		t.Fatal(err)
	}
	// Yesterday: a supply still waiting, and a standby stint; today: a reading.
	rice := mustAppend(t, s, store.Draft{Kind: record.SupplyReceived, Gate: 2, At: day.Add(-2 * time.Hour),
		Body: record.SupplyReceivedBody{Item: "大米", Quantity: 1, Unit: "袋"}})
	mustAppend(t, s, store.Draft{Kind: record.StandbyStart, Gate: 3, At: day.AddDate(0, 0, -5),
		Body: record.StandbyStartBody{Badge: "S001", Name: "甲", PlannedEnd: "2026-12-05"}})
	r := mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 0, At: day.Add(9 * time.Hour), Body: temp("D001", 365)})
	mustAppend(t, s, store.Draft{Kind: record.Void, Gate: 0, At: day.Add(9*time.Hour + time.Minute),
		Body: record.VoidBody{Target: r.ID, TargetSeq: r.Seq, Supervisor: "9001", Reason: "录错"}})
	mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 0, At: day.Add(9*time.Hour + 2*time.Minute), Body: temp("D001", 366)})
	mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 0, At: day.AddDate(0, 0, 1).Add(time.Hour), Body: temp("S001", 366)})

	in, err := s.ReportInput(ctx, "2026-11-28", day.Add(10*time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Records) != 3 || !in.Records[0].Voided || len(in.Supplies) != 1 || len(in.Standby) != 1 || len(in.People) != 2 {
		t.Fatalf("records %d (first voided %v), supplies %d, standby %d, people %d",
			len(in.Records), len(in.Records) > 0 && in.Records[0].Voided, len(in.Supplies), len(in.Standby), len(in.People))
	}
	if !in.AsOf.Equal(day.Add(10 * time.Hour)) {
		t.Errorf("today is reported as of now, got %v", in.AsOf)
	}
	rep := gate.ComputeReport(in)
	if rep.Screening.Detainees.Checked != 1 || rep.Screening.Staff.Checked != 0 || len(rep.Supplies.Pending) != 1 || rep.Standby.InStandby != 1 {
		t.Errorf("report %+v %+v %+v", rep.Screening, rep.Supplies, rep.Standby)
	}
	if rice.Seq != rep.Supplies.Pending[0].Seq {
		t.Errorf("pending supply %+v", rep.Supplies.Pending)
	}
	if _, err := s.ReportInput(ctx, "28/11/2026", day, 0); err == nil {
		t.Error("a malformed day was accepted")
	}
}

func TestLatestReportAndNotices(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	day := time.Date(2026, 11, 28, 0, 0, 0, 0, cst)
	if _, ok, err := s.LatestReport(ctx, "2026-11-28"); err != nil || ok {
		t.Fatalf("no report yet: ok=%v err=%v", ok, err)
	}
	first := mustAppend(t, s, store.Draft{Kind: record.ReportDaily, At: day.Add(20 * time.Hour),
		Body: record.ReportDailyBody{Day: "2026-11-28", Supervisor: "9001", Zero: true, Abnormal: []string{}, Report: []byte(`{}`)}})
	// Resubmitted after midnight, with a reason: the latest counts.
	second := mustAppend(t, s, store.Draft{Kind: record.ReportDaily, At: day.Add(25 * time.Hour),
		Body: record.ReportDailyBody{Day: "2026-11-28", Supervisor: "9001", Abnormal: []string{"fever"}, Report: []byte(`{}`), Supersedes: first.ID, Reason: "补报发热"}})
	sub, ok, err := s.LatestReport(ctx, "2026-11-28")
	if err != nil || !ok || sub.ID != second.ID || sub.Count != 2 || sub.Body.Reason != "补报发热" {
		t.Fatalf("latest: %+v ok=%v err=%v", sub, ok, err)
	}
	mustAppend(t, s, store.Draft{Kind: record.Void, At: day.Add(26 * time.Hour),
		Body: record.VoidBody{Target: second.ID, TargetSeq: second.Seq, Supervisor: "9001", Reason: "重复"}})
	if sub, _, _ := s.LatestReport(ctx, "2026-11-28"); sub.ID != first.ID || sub.Count != 1 {
		t.Errorf("after voiding the resubmission the first counts again: %+v", sub)
	}

	ns := []store.Notice{
		{ID: "N1", Title: "加强夜间巡查", Body: "各岗位夜间每两小时巡查一次。", Day: "2026-11-28", PublishedAt: day.Add(7 * time.Hour)},
		{ID: "N2", Title: "物资车改为14时到达", Body: "请大门岗做好准备。", Day: "2026-11-28", PublishedAt: day.Add(8 * time.Hour)},
	}
	if err := s.PutNotices(ctx, ns); err != nil {
		t.Fatal(err)
	}
	if err := s.PutNotices(ctx, ns); err != nil { // importing again changes nothing
		t.Fatal(err)
	}
	if err := s.PutNotices(ctx, []store.Notice{{ID: "N3", Title: "x", Day: "tomorrow"}}); err == nil {
		t.Error("a notice with a bad day was stored")
	}
	ack := mustAppend(t, s, store.Draft{Kind: record.NoticeAck, At: day.Add(9 * time.Hour), Guard: "1001",
		Body: record.NoticeAckBody{Notice: "N1", Day: "2026-11-28", Title: "加强夜间巡查", Name: "陈警官"}})
	got, err := s.DayNotices(ctx, "2026-11-28")
	if err != nil || len(got) != 2 || !got[0].Acked || got[0].AckedBy != "1001" || got[1].Acked {
		t.Fatalf("notices %+v err %v", got, err)
	}
	mustAppend(t, s, store.Draft{Kind: record.Void, At: day.Add(9 * time.Hour),
		Body: record.VoidBody{Target: ack.ID, TargetSeq: ack.Seq, Supervisor: "9001", Reason: "误确认"}})
	if got, _ := s.DayNotices(ctx, "2026-11-28"); got[0].Acked {
		t.Error("a voided acknowledgement still counts")
	}
}

func TestShiftReportInput(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 28, 8, 0, 0, 0, cst)
	mustAppend(t, s, store.Draft{Kind: record.Passage, Gate: 1, At: at.Add(-time.Hour), Body: passage("S1", true)})
	open := mustAppend(t, s, store.Draft{Kind: record.ShiftOpen, Gate: 1, At: at, Body: record.ShiftOpenBody{Name: "甲", Gate: 1}})
	mustAppend(t, s, store.Draft{Kind: record.Passage, Gate: 1, At: at.Add(time.Hour), Body: passage("S2", false)})
	in, err := s.ShiftReportInput(ctx, open.Seq-1, at.Add(2*time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	sum := gate.ComputeReport(in).Summary()
	if sum["records"] != 2 || sum["denied"] != 1 || sum["in"] != 0 {
		t.Errorf("shift summary %v", sum)
	}
}

// A report asked for from a clock in another zone (a server in UTC, an
// operator's laptop) covers the terminal's whole day: the bounds are taken
// in the records' own offset, the one their day column was computed in.
func TestReportInputDayInTheRecordsZone(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	day := time.Date(2026, 11, 28, 0, 0, 0, 0, cst)
	if err := s.PutPeople(ctx, []gate.Person{{Badge: "D001", Name: "乙", Kind: gate.Detainee, Unit: "一大队/宿舍1", Active: true}}); err != nil {
		t.Fatal(err)
	}
	// 06:30 in Beijing is 22:30 the day before in UTC.
	mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 0, At: day.Add(6*time.Hour + 30*time.Minute), Body: temp("D001", 365)})
	nowUTC := day.Add(10 * time.Hour).UTC()
	in, err := s.ReportInput(ctx, "2026-11-28", nowUTC, 0)
	if err != nil {
		t.Fatal(err)
	}
	rep := gate.ComputeReport(in)
	if rep.Screening.Readings != 1 || len(rep.Screening.Unchecked) != 0 {
		t.Fatalf("the 06:30 reading was cut off: readings %d, unchecked %d", rep.Screening.Readings, len(rep.Screening.Unchecked))
	}
	if _, off := in.From.Zone(); off != 8*3600 {
		t.Errorf("day starts in offset %d, want +08:00", off)
	}
}

// A day whose records change offset (summer time ending in the night) is
// reported whole: the day column puts a record written at 23:30 after the
// change on that day, so the report's bounds reach its last midnight too.
func TestReportInputDayAcrossAnOffsetChange(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	summer, winter := time.FixedZone("CEST", 2*3600), time.FixedZone("CET", 3600)
	mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 0, At: time.Date(2026, 10, 25, 0, 30, 0, 0, summer), Body: temp("D001", 365)})
	mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 0, At: time.Date(2026, 10, 25, 23, 30, 0, 0, winter), Body: temp("D001", 366)})
	in, err := s.ReportInput(ctx, "2026-10-25", time.Date(2026, 10, 26, 12, 0, 0, 0, winter), 0)
	if err != nil {
		t.Fatal(err)
	}
	if rep := gate.ComputeReport(in); rep.Records != 2 || rep.Screening.Readings != 2 {
		t.Fatalf("records %d, readings %d: want both of the day's records", rep.Records, rep.Screening.Readings)
	}
	if want := time.Date(2026, 10, 25, 0, 0, 0, 0, summer); !in.From.Equal(want) {
		t.Errorf("from %v, want %v", in.From, want)
	}
	if want := time.Date(2026, 10, 26, 0, 0, 0, 0, winter); !in.To.Equal(want) {
		t.Errorf("to %v, want %v", in.To, want)
	}
}
