package tui

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/record"
	"gatepost/store"
)

// A detainee admitted since the roster was published is known at the main
// gate's crossing form (issue 13): the badge finds the unit they were
// placed in, and an outside medical visit without its approval is the
// escort denial, not a stranger's (before: 名册中无此人, and out as staff).
func TestCrossingKnowsTodaysAdmission(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	if _, err := st.Append(context.Background(), store.Draft{Kind: record.Admission, Gate: 1, Guard: "1001", At: fixedNow.Add(-time.Hour),
		Body: record.AdmissionBody{Badge: "D0501", Unit: "新收隔离区", Source: record.AdmitDecision, Temp: 365, Supervisor: "9001", Basis: "决定书"}}); err != nil {
		t.Fatal(err)
	}
	d.signIn("1001", "1234")
	d.key(tea.KeyShiftTab) // the direction
	d.key(tea.KeyRight)    // out
	d.key(tea.KeyTab)
	d.typ("D0501")
	d.want("新收隔离区")
	d.lacks("名册中无此人")
	d.key(tea.KeyEnter)
	d.want("不予通行")
	d.want("戒毒人员出所须凭所外就医")
	d.key(tea.KeyEnter)
	ps := allRecords(t, st, record.Passage)
	if len(ps) != 1 {
		t.Fatalf("%d passages", len(ps))
	}
	if b := decode[record.PassageBody](t, ps[0]); b.Subject != record.SubjectDetainee || b.Allowed {
		t.Fatalf("passage %+v: want a detainee denied", b)
	}
}
