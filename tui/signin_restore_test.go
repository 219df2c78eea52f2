package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"gatepost/hub/hubtest"
	"gatepost/store"
	"gatepost/syncer"
)

// A terminal restored from a backup older than its last sync: signing in
// asks the hub first, and the hub holding more of this terminal's chain
// refuses the sign-in with nothing written, in plain words on the sign-in
// screen (the shift.open would have forked the chain before the first sync
// could warn). With the hub unreachable the guard signs in as before: the
// post works offline. The question runs in a command, never in Update.
func TestSignInOnARestoredTerminalIsRefused(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"zh-CN", "请勿在本机登记，请立即联系管理员"},
		{"en", "Do not record here; call the operator"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			ctx := context.Background()
			h := hubtest.NewHub(t)
			st, ident := testStore(t)
			token := h.Provision(t, ident.FacilityID, ident.Terminal)
			hubtest.Join(t, st, h.URL, token)
			hubtest.Fill(t, st, fixedNow, 5)
			if _, err := syncer.Once(ctx, st); err != nil {
				t.Fatal(err)
			}
			backup := filepath.Join(t.TempDir(), "terminal.db")
			if _, err := st.Backup(ctx, backup); err != nil {
				t.Fatal(err)
			}
			hubtest.Fill(t, st, fixedNow, 3)
			if _, err := syncer.Once(ctx, st); err != nil {
				t.Fatal(err)
			}
			st.Close()

			restored, err := store.OpenExisting(backup)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { restored.Close() })
			loop, err := syncer.NewLoop(restored, syncer.WithLogger(hubtest.Quiet()))
			if err != nil {
				t.Fatal(err)
			}
			d := drive(t, New(restored, ident, Options{Lang: tc.lang, Now: func() time.Time { return fixedNow }, Sync: loop}))
			d.typ("1001")
			d.key(tea.KeyEnter)
			d.typ("1234")
			// Update hands the question to a command and returns at once.
			d.hold = true
			d.key(tea.KeyEnter)
			d.hold = false
			if len(d.held) != 1 || d.m.guard != nil {
				t.Fatalf("Enter did not leave the check to a command: %d held, guard %v", len(d.held), d.m.guard)
			}
			d.want(map[string]string{"zh-CN": "正在核验", "en": "Checking"}[tc.lang])
			cmd := d.held[0]
			d.held = nil
			d.run(cmd)

			if d.m.guard != nil {
				t.Fatalf("signed in on a restored terminal:\n%s", d.screen())
			}
			d.want(tc.want)
			for _, l := range strings.Split(d.screen(), "\n") {
				if w := ansi.StringWidth(l); w > 80 {
					t.Fatalf("line of %d cells: %q", w, l)
				}
			}
			if n, _ := restored.LastSeq(ctx); n != 5 {
				t.Fatalf("restored terminal holds %d records, want the backup's 5 and nothing more", n)
			}
			if s := loop.Status(); s.HubAhead != 8 {
				t.Fatalf("status bar's sync status: %+v", s)
			}

			// The hub unreachable: nothing can be checked, and the post
			// works offline.
			h.Server.Close()
			d.typ("1234")
			d.key(tea.KeyEnter)
			if d.m.guard == nil {
				t.Fatalf("not signed in with the hub unreachable:\n%s", d.screen())
			}
			if n, _ := restored.LastSeq(ctx); n != 6 {
				t.Fatalf("%d records after an offline sign-in, want the shift.open as 6", n)
			}
		})
	}
}
