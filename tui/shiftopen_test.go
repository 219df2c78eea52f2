package tui

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/store"
	"gatepost/store/storetest"
)

// Finding 7: on a full disk the guard was signed in although the shift.open
// was not saved. Sign-in and shift.open are one operation: the screen stays
// on sign-in and says why; with the disk back, the same sign-in works.
func TestSignInFailsWhenShiftOpenIsNotSaved(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) {
			d, st := newDriver(t, lang)
			diskBack := diskFull(t, st)
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

			diskBack()
			d.signIn("1001", "1234")
			if d.m.shiftAt != 1 || d.m.shiftID == "" {
				t.Fatalf("shift.open not taken as the shift's start: %d %q", d.m.shiftAt, d.m.shiftID)
			}
		})
	}
}

// A database found damaged when it opened refuses the sign-in (its
// shift.open would be a write) and says so plainly.
func TestSignInOnDamagedDatabase(t *testing.T) {
	st, ident := testStore(t)
	path := st.Path()
	st.Close()
	if _, err := storetest.CorruptIndex(path, "people_unit"); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d := drive(t, New(st, ident, Options{Lang: "en", Now: func() time.Time { return fixedNow }}))
	d.typ("1001")
	d.key(tea.KeyEnter)
	d.typ("1234")
	d.key(tea.KeyEnter)
	if d.m.guard != nil {
		t.Fatal("signed in on a damaged database")
	}
	d.want("The database is damaged; nothing was written.")
}

// diskFull makes every insert into st's records fail as a full disk does
// (a trigger, from a connection of its own); the function it returns makes
// room again.
func diskFull(t *testing.T, st *store.Store) (back func()) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+st.Path()+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	if _, err := raw.Exec(`CREATE TRIGGER disk_full BEFORE INSERT ON records BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		if _, err := raw.Exec(`DROP TRIGGER disk_full`); err != nil {
			t.Fatal(err)
		}
	}
}
