package tui

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"gatepost/store"
)

// Golden screens of the F6 parts at 80×24 in both languages, through a real
// Bubble Tea program. Regenerate with: go test ./tui -run GoldenDaily -update
func runDailyGolden(t *testing.T, lang string, steps func(*teatest.TestModel, func(...string)), waitFor ...string) {
	t.Helper()
	st, ident := testStore(t)
	addDetainees(t, st, 8, "一大队/宿舍1")
	addDetaineesFrom(t, st, 2001, 4, "一大队/宿舍2")
	if err := st.PutNotices(context.Background(), []store.Notice{{ID: "N-1", Title: "今晚加强夜间巡查",
		Body: "各岗位夜间每两小时巡查一次，重点检查戒毒管理区入口和备勤区，发现异常立即报告值班领导。", Day: "2026-11-28",
		PublishedAt: fixedNow.Add(-time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	m := New(st, ident, Options{Lang: lang, Now: func() time.Time { return fixedNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	w := waiter(t, tm)
	signInAs(tm, w, "1001", "1234")
	keys(tm, tea.KeyF6)
	w("D1008") // the roll-call's group is loaded
	steps(tm, w)
	requireGoldenScreen(t, tm, waitFor...)
}

func rollSteps(tm *teatest.TestModel, _ func(...string)) { typeKeys(tm, "365⏎366⏎378⏎") }

func disinfectSteps(tm *teatest.TestModel, _ func(...string)) { keys(tm, tea.KeyF8, tea.KeyEnter) }

func reportSteps(tm *teatest.TestModel, w func(...string)) {
	typeKeys(tm, "365⏎")
	w("#2 ")
	keys(tm, tea.KeyF8, tea.KeyF8)
}

func gapsSteps(tm *teatest.TestModel, _ func(...string)) {
	keys(tm, tea.KeyF7, tea.KeyF7, tea.KeyEnter)
}

func noticesSteps(tm *teatest.TestModel, _ func(...string)) { keys(tm, tea.KeyF7) }

func TestGoldenDailyRollZH(t *testing.T) {
	// The assessment tab's count is reloaded after the save: wait for it too.
	runDailyGolden(t, "zh-CN", rollSteps, "第 4 条记录", "#4 ", "3/14", "研判(4)")
}
func TestGoldenDailyRollEN(t *testing.T) {
	runDailyGolden(t, "en", rollSteps, "record 4", "#4 ", "3/14", "Assessment(4)")
}
func TestGoldenDailyDisinfectZH(t *testing.T) {
	runDailyGolden(t, "zh-CN", disinfectSteps, "第 2 条记录", "#2 ", "门岗值班室 1/1", "研判(3)")
}
func TestGoldenDailyDisinfectEN(t *testing.T) {
	runDailyGolden(t, "en", disinfectSteps, "record 2", "#2 ", "gatehouse 1/1", "Assessment(3)")
}
func TestGoldenDailyReportZH(t *testing.T)  { runDailyGolden(t, "zh-CN", reportSteps, "统计时段") }
func TestGoldenDailyReportEN(t *testing.T)  { runDailyGolden(t, "en", reportSteps, "Period:") }
func TestGoldenDailyGapsZH(t *testing.T)    { runDailyGolden(t, "zh-CN", gapsSteps, "学员01") }
func TestGoldenDailyGapsEN(t *testing.T)    { runDailyGolden(t, "en", gapsSteps, "学员01") }
func TestGoldenDailyNoticesZH(t *testing.T) { runDailyGolden(t, "zh-CN", noticesSteps, "重点检查") }
func TestGoldenDailyNoticesEN(t *testing.T) { runDailyGolden(t, "en", noticesSteps, "重点检查") }
