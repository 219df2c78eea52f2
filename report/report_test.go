package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"gatepost/gate"
)

// The text and Markdown reports, in both languages, of the two fixed days
// whose JSON gate's TestReportGoldenJSON pins down: a clean day (the zero
// report) and a day with a fever, a rejected delivery, an unscreened
// detainee and more. Regenerate with: go test ./report -run ReportGolden -update
func loadReport(t *testing.T, name string) gate.Report {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "gate", "testdata", "TestReportGoldenJSON", name+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	var r gate.Report
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	// The JSON of the report must round-trip: it is what report.daily carries.
	again, _ := Render(r, "en", FormatJSON)
	if again != string(raw) {
		t.Fatalf("%s: the report's JSON does not round-trip", name)
	}
	return r
}

func TestReportGolden(t *testing.T) {
	for _, day := range []string{"clean", "abnormal"} {
		r := loadReport(t, day)
		for _, lang := range []string{"zh-CN", "en"} {
			for _, format := range []string{FormatText, FormatMarkdown} {
				t.Run(day+"_"+lang+"_"+format, func(t *testing.T) {
					out, err := Render(r, lang, format)
					if err != nil {
						t.Fatal(err)
					}
					zero := map[string]string{"zh-CN": "当日无异常情况（零报告）。", "en": "Nothing abnormal (zero report)."}[lang]
					if has := strings.Contains(out, zero); has != (day == "clean") {
						t.Errorf("%s day: zero-report line present = %v", day, has)
					}
					if strings.Contains(out, "[dm.") || strings.Contains(out, "%!") {
						t.Errorf("a missing key or a bad format in:\n%s", out)
					}
					golden.RequireEqual(t, []byte(out))
				})
			}
		}
	}
	if _, err := Render(gate.Report{}, "en", "pdf"); err == nil {
		t.Error("an unknown format was accepted")
	}
}

// The abnormal day lists what is abnormal, in words, in both languages.
func TestReportListsWhatIsAbnormal(t *testing.T) {
	r := loadReport(t, "abnormal")
	zh, _ := Render(r, "zh-CN", FormatText)
	for _, want := range []string{"11:00，点名测温：孙某（D0003，一大队/宿舍2）体温37.8℃，复测37.6℃，确认发热", "未测：戒毒人员 二大队/宿舍3（1人）：李某 D0004",
		"拒收冻带鱼", "未消杀：办公区", "未留样：晚餐", "当日存在问题6项"} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh report lacks %q", want)
		}
	}
	en, _ := Render(r, "en", FormatText)
	for _, want := range []string{"fever confirmed", "Not screened: Detainee 二大队/宿舍3 (1): 李某 D0004", "6 abnormal findings today", "6 of 7 screened (85%): staff 3 of 3, detainees 3 of 4"} {
		if !strings.Contains(en, want) {
			t.Errorf("en report lacks %q", want)
		}
	}
}

// A gate's fevers are counted only when there are some, in the plural form
// the count takes; a gate with no fever does not say "0 fevers".
func TestReportGateFevers(t *testing.T) {
	r := loadReport(t, "clean")
	for n, want := range map[int]string{0: "overridden.", 1: "overridden, 1 fever.", 2: "overridden, 2 fevers."} {
		r.Gates[0].Fevers = n
		en, _ := Render(r, "en", FormatText)
		zh, _ := Render(r, "zh-CN", FormatText)
		if !strings.Contains(en, want) {
			t.Errorf("%d fevers: en lacks %q", n, want)
		}
		if has := strings.Contains(zh, "发热"+strconv.Itoa(n)+"人次"); has != (n > 0) {
			t.Errorf("%d fevers: zh says 发热%d人次 = %v", n, n, has)
		}
	}
}
