package hub_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gatepost/hub"
	"gatepost/record"
)

// The consolidated report's statuses (§14) on both backends: a facility
// that reported by its deadline is on time, one that reported after it is
// late, one with no report is missing once its deadline has passed and
// pending before; a report submitted after midnight is filed under the day
// it covers. Receive times are set through the storage's own ingest.
func TestReportDeadlines(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			if b.name == "postgres" {
				pgServer(t)
			}
			st := b.open(t)
			defer st.Close()
			reportDeadlines(t, st)
		})
	}
}

func reportDeadlines(t *testing.T, st hub.Storage) {
	ctx := context.Background()
	cst := time.FixedZone("CST", 8*3600)
	day := "2026-11-28"
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, cst) }
	// put stores one report.daily of facility f, written at w and received at r.
	put := func(f string, w, r time.Time, zero bool, abnormal []string) {
		t.Helper()
		if err := st.PutFacility(ctx, hub.Facility{ID: f, Name: f + "所", CreatedAt: at(1, 8, 0)}); err != nil {
			t.Fatal(err)
		}
		key := hub.TerminalKey{Facility: f, Name: "gate1"}
		if err := st.AddTerminal(ctx, key, []byte("token-"+f), w); err != nil {
			t.Fatal(err)
		}
		body, _ := record.EncodeBody(record.ReportDailyBody{Day: day, Supervisor: "9001", Zero: zero, Abnormal: abnormal})
		rec := record.Record{ID: record.NewID(), Terminal: "gate1", Facility: f, Seq: 1, Kind: record.ReportDaily, At: w, Body: body}
		rec.Seal("")
		if err := st.Ingest(ctx, key, func(tx hub.IngestTx) error {
			_, err := tx.Insert(ctx, []record.Record{rec}, r)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	put("A", at(28, 14, 50), at(28, 15, 0), true, []string{})          // on time
	put("B", at(28, 17, 20), at(28, 17, 30), false, []string{"fever"}) // late
	put("C", at(28, 17, 20), at(28, 17, 30), true, []string{})         // on time: C's deadline is 18:00
	put("E", at(29, 0, 30), at(29, 0, 31), true, []string{})           // the day after midnight: late, and the 28th's
	for _, f := range []string{"D", "F"} {                             // no report
		if err := st.PutFacility(ctx, hub.Facility{ID: f, Name: f + "所", CreatedAt: at(1, 8, 0)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetDeadline(ctx, "C", "18:00"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetDeadline(ctx, "F", "23:30"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetDeadline(ctx, "nowhere", "18:00"); !errors.Is(err, hub.ErrNotFound) {
		t.Errorf("deadline of an unknown facility: %v", err)
	}
	fs, err := st.Facilities(ctx)
	if err != nil || len(fs) != 6 || fs[0].Deadline != hub.DefaultDeadline || fs[2].Deadline != "18:00" {
		t.Fatalf("facilities %+v %v", fs, err)
	}

	rep, err := hub.BuildReport(ctx, st, day, at(28, 20, 0))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"A": hub.StatusOnTime, "B": hub.StatusLate, "C": hub.StatusOnTime, "D": hub.StatusMissing,
		"E": hub.StatusLate, "F": hub.StatusPending}
	for _, f := range rep.Facilities {
		if f.Status != want[f.ID] {
			t.Errorf("%s: status %s, want %s", f.ID, f.Status, want[f.ID])
		}
	}
	if rep.OnTime != 2 || rep.Late != 2 || rep.Missing != 1 || rep.Pending != 1 {
		t.Errorf("counts %d on time, %d late, %d missing, %d pending", rep.OnTime, rep.Late, rep.Missing, rep.Pending)
	}
	// The next day holds E's record but not its report.
	next, err := hub.BuildReport(ctx, st, "2026-11-29", at(29, 20, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range next.Facilities {
		if f.Reported {
			t.Errorf("29th: %s reported, but its only report covers the 28th", f.ID)
		}
	}

	var b bytes.Buffer
	if err := hub.WriteReport(&b, rep, hub.FormatText, "zh-CN"); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"应报6个，已报4个（其中按时2个、逾期2个），未报1个，另有1个尚未到截止时间。",
		"1.A所：16:00前按时报送（15:00收到），零报告。", "2.B所：逾期报送（截止16:00，17:30收到），存在问题1项：确认发热。",
		"3.C所：18:00前按时报送（17:30收到），零报告。", "4.D所：未报送（截止16:00）。",
		"5.E所：逾期报送（截止16:00，2026年11月29日00:31收到），零报告。", "6.F所：尚未报送（截止23:30）。"} {
		if !bytes.Contains(b.Bytes(), []byte(w)) {
			t.Errorf("zh report lacks %q:\n%s", w, b.String())
		}
	}

	// The workbook: one row per facility under a Chinese header.
	b.Reset()
	if err := hub.WriteReport(&b, rep, hub.FormatXLSX, "zh-CN"); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("汇总2026-11-28")
	if err != nil || len(rows) != 7 || rows[0][1] != "场所" || rows[0][3] != "报送情况" || rows[2][3] != "逾期报送" || rows[4][3] != "未报" {
		t.Errorf("workbook rows %q %v", rows, err)
	}
	b.Reset()
	if err := hub.WriteReport(&b, rep, hub.FormatDocx, "en"); err != nil {
		t.Fatalf("docx: %v", err)
	}
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var doc []byte
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			doc, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	for _, w := range []string{"Consolidated daily report on epidemic prevention and security", "D所: MISSING (deadline 16:00).", "6 facilities: 4 reported (2 on time, 2 late), 1 missing"} {
		if !bytes.Contains(doc, []byte(w)) {
			t.Errorf("docx lacks %q", w)
		}
	}
}

// TestParseDeadline: HH:MM from 00:00 to 23:59, typed half- or full-width
// (a Chinese input method's １６：３０), given back as HH:MM; anything else
// is refused saying what is wanted.
func TestParseDeadline(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"16:00", "16:00"},
		{" 9:30 ", "09:30"},
		{"１６：３０", "16:30"},
		{"00:00", "00:00"},
		{"23:59", "23:59"},
		{"24:00", ""},
		{"9:5", ""},
		{"16点", ""},
		{"", ""},
	} {
		got, err := hub.ParseDeadline(tc.in)
		if got != tc.want || (err != nil) != (tc.want == "") {
			t.Errorf("%q: %q %v, want %q", tc.in, got, err, tc.want)
		}
		if err != nil && !strings.Contains(err.Error(), "want HH:MM") {
			t.Errorf("%q: the error %q does not say what is wanted", tc.in, err)
		}
	}
}
