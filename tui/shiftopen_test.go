package tui

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// Finding 7: on a full disk the guard was signed in although the shift.open
// was not saved. Sign-in and shift.open are one operation: the screen stays
// on sign-in and says why; with the disk back, the same sign-in works.
func TestSignInFailsWhenShiftOpenIsNotSaved(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) {
			d, st := newDriver(t, lang)
			raw, err := sql.Open("sqlite", "file:"+st.Path()+"?_pragma=busy_timeout(5000)")
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec(`CREATE TRIGGER disk_full BEFORE INSERT ON records BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
				t.Fatal(err)
			}
			d.typ("1001")
			d.key(tea.KeyEnter)
			d.typ("1234")
			d.key(tea.KeyEnter)
			if d.m.guard != nil {
				t.Fatalf("signed in without a shift.open:\n%s", d.screen())
			}
			d.want(d.m.cat.T("signin.title"))
			// The message's first clause (the cause after it may be cut at 80 columns).
			head, _, _ := strings.Cut(strings.Replace(d.m.cat.T("signin.shiftfail", ""), "，", ";", 1), ";")
			d.want(head)
			if n, _ := st.LastSeq(context.Background()); n != 0 {
				t.Fatalf("%d records saved", n)
			}

			if _, err := raw.Exec(`DROP TRIGGER disk_full`); err != nil {
				t.Fatal(err)
			}
			d.signIn("1001", "1234")
			if d.m.shiftAt != 1 || d.m.shiftID == "" {
				t.Fatalf("shift.open not taken as the shift's start: %d %q", d.m.shiftAt, d.m.shiftID)
			}
		})
	}
}
