package tui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"gatepost/config"
)

// Golden screens of the assessment (日研判) of a facility screening its
// detainees twice a day, at 80×24 in both languages: the checklist with
// the morning session's line, and that line opened on who the session
// misses. Regenerate with: go test ./tui -run GoldenDailySessions -update
func runSessionsGolden(t *testing.T, lang string, open bool, waitFor ...string) {
	t.Helper()
	st, ident := testStore(t)
	addDetainees(t, st, 8, "一大队/宿舍1")
	addDetaineesFrom(t, st, 2001, 4, "一大队/宿舍2")
	if err := st.SetSetting(context.Background(), config.KeyScreeningSessions, "2"); err != nil {
		t.Fatal(err)
	}
	// The morning round is taken at 09:30 and the assessment read at 13:30,
	// once the round is over: only then has anyone missed it.
	now := fixedNow
	var mu sync.Mutex
	m := New(st, ident, Options{Lang: lang, Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	w := waiter(t, tm)
	signInAs(tm, w, "1001", "1234")
	keys(tm, tea.KeyF6)
	w("D1008")
	typeKeys(tm, "365⏎366⏎")
	w("#3 ")
	mu.Lock()
	now = fixedNow.Add(4 * time.Hour)
	mu.Unlock()
	keys(tm, tea.KeyF7, tea.KeyF7)
	if open {
		keys(tm, tea.KeyDown, tea.KeyEnter)
	}
	requireGoldenScreen(t, tm, waitFor...)
}

// The counts are waited for as the checklist shows them (label padded,
// count right-aligned): the report is reloaded after each save.
func TestGoldenDailySessionsZH(t *testing.T) {
	runSessionsGolden(t, "zh-CN", false, "戒毒人员"+strings.Repeat(" ", 15)+"10", "研判(4)")
}
func TestGoldenDailySessionsEN(t *testing.T) {
	runSessionsGolden(t, "en", false, "round     10", "Assessment(4)")
}
func TestGoldenDailySessionsOpenZH(t *testing.T) {
	runSessionsGolden(t, "zh-CN", true, "晨检晚检未测戒毒人员 10", "晨检 学员03", "晨检 学员04（D2004")
}
func TestGoldenDailySessionsOpenEN(t *testing.T) {
	runSessionsGolden(t, "en", true, "Detainees missing from a round 10", "morning round: 学员03", "学员04 (D2004")
}
