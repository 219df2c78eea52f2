package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// squeeze drops every space and row break, so a text wrapped over rows
// (a Chinese run broken anywhere, English at a space) reads as one.
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// TestGate4FeverBarWholeAt80Columns: at 80 columns gate 4's denial of a
// fever-barred person keeps its whole reason and its keys (the keys read
// "不可特批：Enter 保存拒绝记录 · Esc 返回修改 · 直接…", seen in tmux), the
// screen still 24 rows; the help bar does not offer Ctrl+O, and Ctrl+O
// pressed anyway says the denial cannot be overridden.
func TestGate4FeverBarWholeAt80Columns(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) {
			d, _, _ := clockDriver(t, lang)
			cat := d.m.cat
			d.signIn("1001", "1234")
			d.burst(typed("2001⏎385⏎384⏎")...)
			d.key(tea.KeyEnter) // the confirmed fever saved
			d.key(tea.KeyF4)
			d.crossing("2001")
			scr := d.screen()
			for _, k := range []string{"reason.fever_barred", "dec.waitdeny.final"} {
				if !strings.Contains(squeeze(scr), squeeze(cat.T(k))) {
					t.Fatalf("%s is cut:\n%s", k, scr)
				}
			}
			if n := strings.Count(scr, "\n") + 1; n != 24 {
				t.Fatalf("%d rows:\n%s", n, scr)
			}
			rows := strings.Split(scr, "\n")
			if help := rows[len(rows)-2]; strings.Contains(help, "Ctrl+O") {
				t.Fatalf("the help bar offers an override of a fever bar: %q", help)
			}
			d.ctrl(tea.KeyCtrlO)
			if d.m.modal != nil {
				t.Fatal("a fever bar offered an override")
			}
			d.want(cat.T("dec.nooverride"))
		})
	}
}

// TestGate2OverridableDenialOffersCtrlO: a denial a supervisor may
// override still offers Ctrl+O on the help bar; typing does not.
func TestGate2OverridableDenialOffersCtrlO(t *testing.T) {
	d, _, _ := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF2)
	help := func() string { rows := strings.Split(d.screen(), "\n"); return rows[len(rows)-2] }
	if strings.Contains(help(), "Ctrl+O") {
		t.Fatalf("the form offers Ctrl+O while typing: %q", help())
	}
	d.crossing("2005") // office staff: denied at the custody zone
	d.want("不予通行")
	if !strings.Contains(help(), "Ctrl+O") {
		t.Fatalf("an overridable denial does not offer Ctrl+O: %q", help())
	}
}
