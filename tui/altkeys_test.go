package tui

import (
	"context"
	"io"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/record"
	"gatepost/store"
)

// alt is the key bubbletea delivers for Esc and the key after it read
// together ("\x1b2" is Alt+2).
func alt(r rune) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: true} }

// gateRecords counts the records of each gate written after seq.
func gateRecords(t *testing.T, st *store.Store, after int64) map[int]int {
	t.Helper()
	n := map[int]int{}
	if err := st.Each(context.Background(), after, func(r record.Record) error { n[r.Gate]++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// Esc then 2001⏎365⏎ typed fast reaches the console as Alt+2, then "001",
// Enter, "365", Enter (what bubbletea v1.3.10 makes of "\x1b2001\r365\r"):
// the guard's entry at gate 1, not a switch to gate 2 where 001⏎ is
// decided and the next digit saves a denial of a badge nobody typed.
func TestEscAndDigitTypedFastIsNotAGateSwitch(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	d.burst(alt('2'), tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("001")}, tea.KeyMsg{Type: tea.KeyEnter},
		tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("365")}, tea.KeyMsg{Type: tea.KeyEnter})
	if d.m.gateNo != 1 {
		t.Fatalf("switched to gate %d", d.m.gateNo)
	}
	if n := gateRecords(t, st, before); n[2] != 0 || n[1] != 1 {
		t.Fatalf("records by gate %v", n)
	}
	if ps := passages(t, st, before); len(ps) != 1 || ps[0].Badge != "2001" || !ps[0].Allowed {
		t.Fatalf("passages %+v", ps)
	}
}

// Over SSH the next key may come a key's gap later, not in the same read:
// anything typed before the switch happens is typing too.
func TestAltDigitFollowedLaterIsTypingToo(t *testing.T) {
	d, _, _ := signedIn(t, "zh-CN")
	d.hold = true
	d.send(alt('2')) // its timer is held, as if it had not fired yet
	d.hold = false
	d.typ("001")
	for _, c := range d.held {
		d.run(c) // the timer fires late: nothing is waiting any more
	}
	d.held = nil
	if d.m.gateNo != 1 || d.m.g1().inputs[fBadge].in.Value() != "2001" {
		t.Fatalf("gate %d, badge %q", d.m.gateNo, d.m.g1().inputs[fBadge].in.Value())
	}
}

// With something on the form or a decision showing, Alt+digit is the Esc
// it most likely was, then the digit: never a switch that leaves the entry
// behind, nor a denial saved by "typing on".
func TestAltDigitOnAFormInUseIsEscThenDigit(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	unknownAtTemp(d, "X999")
	d.want("不予通行")
	d.send(alt('2'))
	if d.m.gateNo != 1 || d.m.g1().phase != editing {
		t.Fatalf("gate %d phase %d:\n%s", d.m.gateNo, d.m.g1().phase, d.screen())
	}
	if n := len(passages(t, st, before)); n != 0 {
		t.Fatalf("Esc+2 saved the denial (%d passages)", n)
	}
	// The form holds input: Esc clears it, and 2 is typed.
	d.key(tea.KeyEsc)
	d.typ("X9")
	d.send(alt('2'))
	if d.m.gateNo != 1 || d.m.g1().inputs[fBadge].in.Value() != "2" {
		t.Fatalf("gate %d, badge %q", d.m.gateNo, d.m.g1().inputs[fBadge].in.Value())
	}
}

// On a clean form, Alt+1…6 still switch (README: keyboards without
// F-keys), after the moment's wait; F-keys at once.
func TestAltDigitOnACleanFormSwitches(t *testing.T) {
	d, _, _ := signedIn(t, "zh-CN")
	d.send(alt('3'))
	if d.m.gateNo != 3 {
		t.Fatalf("Alt+3 on a clean form: gate %d", d.m.gateNo)
	}
	d.key(tea.KeyF1)
	if d.m.gateNo != 1 {
		t.Fatalf("F1: gate %d", d.m.gateNo)
	}
	d.send(alt('6'))
	if d.m.gateNo != 0 {
		t.Fatalf("Alt+6: screen %d", d.m.gateNo)
	}
}

// The real program reading the bytes a terminal sends: Esc and 2001⏎365⏎
// in one write, then Alt+2 alone.
func TestEscAndDigitBytesInTheProgram(t *testing.T) {
	st, ident := testStore(t)
	pr, pw := io.Pipe()
	defer pw.Close()
	p := tea.NewProgram(New(st, ident, Options{Lang: "zh-CN", Now: func() time.Time { return fixedNow }}),
		tea.WithInput(pr), tea.WithOutput(io.Discard))
	final := make(chan tea.Model, 1)
	go func() {
		m, err := p.Run()
		if err != nil {
			t.Error(err)
		}
		final <- m
	}()
	p.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	write := func(s string) {
		t.Helper()
		if _, err := pw.Write([]byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	// waitSeq waits for the store to reach seq n.
	waitSeq := func(n int64) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if last, _ := st.LastSeq(context.Background()); last >= n {
				return
			}
		}
		t.Fatalf("the store did not reach seq %d", n)
	}
	write("1001\t1234\r")
	waitSeq(1) // shift.open
	write("\x1b2001\r365\r")
	waitSeq(2)
	time.Sleep(2 * altWait)
	if n := gateRecords(t, st, 1); n[2] != 0 || n[1] != 1 {
		t.Fatalf("records by gate %v", n)
	}
	if ps := passages(t, st, 1); len(ps) != 1 || ps[0].Badge != "2001" {
		t.Fatalf("passages %+v", ps)
	}
	write("\x1b2")
	time.Sleep(3 * altWait)
	p.Quit()
	m := (<-final).(*Model)
	if m.gateNo != 2 {
		t.Fatalf("Alt+2 alone on a clean form: gate %d", m.gateNo)
	}
}
