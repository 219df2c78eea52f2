package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestReportCommand(t *testing.T) {
	h := newHarness(t)
	h.ok("demo", "--records", "3000")
	out := h.ok("report", "--lang", "zh-CN").stdout
	for _, want := range []string{"青山强制隔离戒毒所疫情防控和安全稳定情况日报", "（2026年3月18日）", "一、日筛查情况", "四、研判意见及下步措施"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	md := h.ok("report", "--format", "md", "--lang", "en", "--date", "2026-03-17").stdout
	if !strings.HasPrefix(md, "# Daily report") || !strings.Contains(md, "| Gate | In |") || !strings.Contains(md, "Period: 2026-03-17, 00:00 to 24:00") {
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
	if rep.Version != 1 || rep.Day != "2026-03-17" || len(rep.Gates) != 5 || rep.ZeroReport == nil || rep.Screening.Total.Expected == 0 {
		t.Errorf("json report %+v", rep)
	}
	h.fail(2, "report", "--format", "pdf")
	h.fail(2, "report", "--date", "17/03/2026")
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
