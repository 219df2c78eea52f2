package tui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
)

// The gate-1 health answers reach the service's plan (issue 10 point 4),
// to be stored beside the log, never in the passage's body.
func TestHealthAnswersReachThePlan(t *testing.T) {
	d, _, _ := profileDriver(t, "zh-CN", epidemic)
	d.typ("2001")
	d.key(tea.KeyEnter)
	d.typ("365")
	d.key(tea.KeyEnter)
	answerHealth(d, 2, "8:30", 1) // yellow, sampled at 08:30 today, no travel
	d.key(tea.KeyEnter)
	d.want("健康码非绿码")
	h := d.m.g1().plan.Health
	sampled := time.Date(2026, 11, 28, 8, 30, 0, 0, fixedNow.Location())
	if h == nil || h.Code != gate.CodeYellow || !h.NATAt.Equal(sampled) || h.RiskArea == nil || *h.RiskArea {
		t.Fatalf("plan's health %+v", h)
	}
}
