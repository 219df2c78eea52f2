package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/store"
)

// Switching to each of gates 2–5 on the 1M-record database (§10): the key,
// the log page and the screen's panel loads, and the draw.
//
//	go test -run='^$' -bench=GateSwitch -benchtime=20x ./tui
func BenchmarkGateSwitch1M(b *testing.B) {
	path, now := db1MEvening(b)
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ident, err := st.Identity(contextBG())
	if err != nil {
		b.Fatal(err)
	}
	for g, want := range map[int]string{1: "场所大门", 2: "戒毒管理区", 3: "隔离备勤区", 4: "办公区", 5: "伙房"} {
		b.Run(fmt.Sprintf("gate%d", g), func(b *testing.B) {
			d := benchDriver(b, st, ident, now)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				d.key(tea.KeyF1)
				b.StartTimer()
				d.key([...]tea.KeyType{1: tea.KeyF1, 2: tea.KeyF2, 3: tea.KeyF3, 4: tea.KeyF4, 5: tea.KeyF5}[g])
				if v := d.m.View(); !strings.Contains(v, want) {
					b.Fatalf("gate %d not drawn:\n%s", g, v)
				}
			}
		})
	}
}
