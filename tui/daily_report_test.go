package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapChinese(t *testing.T) {
	text := "（一）体温监测。应测 93 人，已测 60 人，覆盖率 64%。Temperatures screened (64%), staff 33."
	for _, w := range []int{10, 17, 23, 40} {
		lines := wrapLines(text, w)
		joined := strings.ReplaceAll(strings.Join(lines, ""), " ", "")
		if joined != strings.ReplaceAll(text, " ", "") {
			t.Errorf("w=%d: text lost: %q", w, lines)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Errorf("w=%d: %q is wider", w, l)
			}
			if r := []rune(l); len(r) > 0 && closing(r[0]) {
				t.Errorf("w=%d: %q starts with closing punctuation", w, l)
			}
			if strings.HasSuffix(l, "9") || strings.HasPrefix(l, "3 ") {
				t.Errorf("w=%d: a number was split: %q", w, lines)
			}
		}
	}
}
