package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

func TestReportCommand(t *testing.T) {
	h := newHarness(t)
	h.ok("demo", "--records", "3000")
	out := h.ok("report", "--lang", "zh-CN").stdout
	for _, want := range []string{"青山强制隔离戒毒所疫情防控和安全稳定情况日报", "（2026年3月18日）", "市司法局：", "一、疫情防控", "二、安全稳定", "四、研判意见及下步措施", "特此报告。"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	md := h.ok("report", "--format", "md", "--lang", "en", "--date", "2026-03-17").stdout
	if !strings.HasPrefix(md, "# Daily report") || !strings.Contains(md, "| Gate | In |") || !strings.Contains(md, "To: the Municipal Bureau of Justice") {
		t.Errorf("markdown report:\n%s", md)
	}
	var rep struct {
		Version   int    `json:"version"`
		Day       string `json:"day"`
		Screening struct {
			Total struct{ Expected, Checked int } `json:"total"`
		} `json:"screening"`
		Gates      []struct{ Gate, In int } `json:"gates"`
		Abnormal   []string                 `json:"abnormal"`
		ZeroReport *bool                    `json:"zero_report"`
	}
	js := h.ok("report", "--format", "json", "--date", "2026-03-17").stdout
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Version != 3 || rep.Day != "2026-03-17" || len(rep.Gates) != 5 || rep.ZeroReport == nil || rep.Screening.Total.Expected == 0 {
		t.Errorf("json report %+v", rep)
	}
	h.fail(2, "report", "--format", "pdf")
	h.fail(2, "report", "--format", "docx") // a docx goes to a file

	// The heading settings, and the docx and html written to files.
	h.ok("config", "set", "report.to", "省戒毒管理局")
	h.ok("config", "set", "report.phone", "0512-66880000")
	docx := filepath.Join(t.TempDir(), "日报.docx")
	h.ok("report", "--format", "docx", "-o", docx, "--lang", "zh-CN", "--date", "2026-03-17")
	raw, err := os.ReadFile(docx)
	if err != nil {
		t.Fatal(err)
	}
	if z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw))); err != nil || len(z.File) < 4 {
		t.Fatalf("the docx is no zip: %v", err)
	}
	page := filepath.Join(t.TempDir(), "r.html")
	h.ok("report", "--format", "html", "-o", page, "--lang", "zh-CN", "--date", "2026-03-17")
	if b, _ := os.ReadFile(page); !strings.Contains(string(b), "省戒毒管理局：") || !strings.Contains(string(b), "联系电话：0512-66880000") {
		t.Errorf("html report without the settings:\n%.600s", b)
	}
	h.fail(2, "config", "set", "report.phone", "call me")
	h.fail(2, "report", "--date", "17/03/2026")
	if r := h.fail(2, "report", "--date", "2027-03-18"); !strings.Contains(r.stderr, "after today") {
		t.Errorf("a day not begun: %q", r.stderr)
	}
	r := h.fail(1, "report", "--submitted")
	if !strings.Contains(r.stderr, "no report of 2026-03-18 has been submitted") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestNoticeImportAndList(t *testing.T) {
	h := newHarness(t)
	h.ok("demo")
	csvText := "id,day,title,body\n" +
		"N-1,2026-03-18,加强夜间巡查,\"各岗位夜间每两小时巡查一次。\n发现异常立即报告。\"\n" +
		",2026-03-18,物资车改为14时到达,请大门岗做好准备。\n"
	r := h.runIn(csvText, "notice", "import", "-")
	if r.code != 0 || !strings.Contains(r.stdout, "imported 2 notices") {
		t.Fatalf("import: %d %s %s", r.code, r.stdout, r.stderr)
	}
	// The same file again changes nothing: the id-less notice gets the same id.
	h.runIn(csvText, "notice", "import", "-")
	list := h.ok("notice", "list").stdout
	if strings.Count(list, "NOT ACKNOWLEDGED") != 2 || !strings.Contains(list, "发现异常立即报告") {
		t.Errorf("list:\n%s", list)
	}
	bad := "id,day,title,body\nX,2026-3-18,,正文\n"
	r = h.runIn(bad, "notice", "import", "-")
	if r.code != 1 || !strings.Contains(r.stderr, "row 2: title is empty; day \"2026-3-18\" is not YYYY-MM-DD") {
		t.Errorf("bad import: %d %q", r.code, r.stderr)
	}
	js := `[{"id":"N-9","day":"2026-03-19","title":"明日起恢复会见","body":"…"}]`
	if r := h.runIn(js, "notice", "import", "-"); r.code != 0 {
		t.Errorf("json import: %s", r.stderr)
	}
	if out := h.ok("notice", "list", "--date", "2026-03-19").stdout; !strings.Contains(out, "明日起恢复会见") {
		t.Errorf("list of the 19th:\n%s", out)
	}
}

// The export for Excel: CSV with a byte order mark, and a workbook with one
// sheet per kind and a column per field, headed in Chinese.
func TestExportForExcel(t *testing.T) {
	h := newHarness(t)
	h.ok("demo", "--records", "600")
	plain := h.ok("export", "--format", "csv").stdout
	withBOM := h.ok("export", "--format", "csv", "--bom").stdout
	if withBOM != "\uFEFF"+plain || strings.HasPrefix(plain, "\uFEFF") {
		t.Errorf("--bom: the CSV must be the same after a byte order mark")
	}
	h.fail(2, "export", "--format", "xlsx") // a workbook goes to a file
	h.fail(2, "export", "--bom")            // a BOM is for CSV
	path := filepath.Join(t.TempDir(), "记录.xlsx")
	h.ok("export", "--format", "xlsx", "-o", path, "--lang", "zh-CN")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) < 5 || !slices.Contains(sheets, "通行") || !slices.Contains(sheets, "测温") {
		t.Fatalf("sheets %q", sheets)
	}
	rows, err := f.GetRows("通行")
	if err != nil || len(rows) < 2 {
		t.Fatalf("passage sheet: %v %d rows", err, len(rows))
	}
	head := rows[0]
	for _, want := range []string{"序号", "时间", "终端", "关口", "方向", "放行", "原因"} {
		if !slices.Contains(head, want) {
			t.Errorf("passage header %q lacks %q", head, want)
		}
	}
	// Every record is in some sheet, once.
	total := 0
	for _, s := range sheets {
		rs, _ := f.GetRows(s)
		total += len(rs) - 1
	}
	lines := strings.Count(h.ok("export").stdout, "\n")
	if total != lines {
		t.Errorf("the workbook holds %d records, the log %d", total, lines)
	}
	en := filepath.Join(t.TempDir(), "records.xlsx")
	h.ok("export", "--format", "xlsx", "-o", en, "--lang", "en")
	g, err := excelize.OpenFile(en)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if !slices.Contains(g.GetSheetList(), "passage") {
		t.Errorf("English sheets %q", g.GetSheetList())
	}
}

// The attestation written at submission reaches the report through the
// store: written the morning after, it attests the day it names, and the
// signature note names the duty leader and the preparer from the guards
// table.
func TestReportAttested(t *testing.T) {
	h := newHarness(t)
	h.ok("demo") // without records: the demo's duty leader attests each day it generates
	before := h.ok("report", "--lang", "zh-CN", "--date", "2026-03-17").stdout
	if !strings.Contains(before, "当日安全稳定情况尚未经值班领导确认。") || strings.Contains(before, "（零报告）") {
		t.Fatalf("before the attestation:\n%s", before)
	}
	body, err := gate.SecurityDraft("2026-03-17", "9001", "1001", nil, 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	st := h.openStore()
	if _, err := st.Append(t.Context(), store.Draft{Kind: record.SecurityDaily, Guard: "9001",
		At: time.Date(2026, 3, 18, 8, 30, 0, 0, time.Local), Body: body}); err != nil {
		t.Fatal(err)
	}
	// An invalid attestation is refused by the store, not sealed.
	if _, err := st.Append(t.Context(), store.Draft{Kind: record.SecurityDaily, Guard: "9001",
		Body: record.SecurityDailyBody{Day: "2026-03-17", Supervisor: "9001"}}); err == nil {
		t.Error("an attestation with neither no_events nor an event was sealed")
	}
	st.Close()
	after := h.ok("report", "--lang", "zh-CN", "--date", "2026-03-17").stdout
	for _, want := range []string{"当日无脱逃、无自杀自残、无行凶伤害、无打架斗殴、无所内案件", "当日无疑似病例、无确诊病例、无密切接触者",
		"审核人（值班领导）：钱振华"} {
		if !strings.Contains(after, want) {
			t.Errorf("attested report lacks %q:\n%s", want, after)
		}
	}
	if strings.Contains(after, "填报人：（待填）") {
		t.Errorf("the preparer 1001 is not named:\n%s", after)
	}
}

// 报送时间 is when the report was submitted: left blank before the first
// submission, and the latest submission's time after it, whether the
// report is printed as submitted or computed again (it printed the time
// it was computed: 11:23 for a report submitted at 11:20).
func TestReportSubmittedAt(t *testing.T) {
	h := newHarness(t)
	h.ok("demo", "--records", "600")
	signers := func(args ...string) string {
		t.Helper()
		out := h.ok(append([]string{"report", "--lang", "zh-CN"}, args...)...).stdout
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "报送时间") {
				return l[strings.Index(l, "报送时间"):]
			}
		}
		t.Fatalf("no 报送时间:\n%s", out)
		return ""
	}
	if got := signers(); got != "报送时间：（待填）" {
		t.Errorf("before any submission: %q", got)
	}
	st, err := store.Open(filepath.Join(h.dir, "terminal.db"))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 18, 11, 20, 0, 0, time.Local) // the harness's clock is 14:30
	svc := post.New(st, post.Options{Clock: func() time.Time { return at }})
	_, err = svc.SubmitReport(context.Background(), gate.Guard{Badge: "1001", Name: "周海涛"}, post.Credentials{Badge: "9001", PIN: "999999"},
		post.SubmitInput{Day: "2026-03-18", Security: &post.SecurityInput{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{nil, {"--submitted"}} {
		if got := signers(args...); got != "报送时间：2026年3月18日11:20" {
			t.Errorf("report %v: %q", args, got)
		}
	}
}
