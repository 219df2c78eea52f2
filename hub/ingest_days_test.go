package hub

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"gatepost/record"
)

func TestDays(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	at := func(s string) record.Record {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, cst)
		if err != nil {
			t.Fatal(err)
		}
		return record.Record{At: tm}
	}
	report := func(at1, day string) record.Record {
		r := at(at1)
		r.Kind, r.Body = record.ReportDaily, json.RawMessage(`{"day":"`+day+`"}`)
		return r
	}
	for _, c := range []struct {
		rs   []record.Record
		want []string
	}{
		{nil, nil},
		{[]record.Record{at("2025-03-01 08:00")}, []string{"2025-03-01"}},
		// the terminal's own day, not UTC's: 07:30 in +08:00 is the day before in UTC
		{[]record.Record{at("2025-03-02 07:30"), at("2025-03-01 23:59"), at("2025-03-02 00:00"), at("2025-03-01 08:00")},
			[]string{"2025-03-01", "2025-03-02"}},
		// a report written the morning after changes the day it covers too
		{[]record.Record{report("2025-03-02 08:10", "2025-03-01")}, []string{"2025-03-01", "2025-03-02"}},
		{[]record.Record{at("2025-03-01 20:00"), report("2025-03-01 21:00", "2025-03-01")}, []string{"2025-03-01"}},
	} {
		if got := days(c.rs); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("days(%v) = %v, want %v", c.rs, got, c.want)
		}
	}
}
