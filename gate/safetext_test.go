package gate

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	for _, c := range []struct {
		name, in, text, line string
	}{
		{"plain Chinese", "张三 持纸质通行证", "张三 持纸质通行证", "张三 持纸质通行证"},
		{"clear screen", "抢修\x1b[2J\x1b[H急需", "抢修急需", "抢修急需"},
		{"colour", "\x1b[31;1m红色\x1b[0m", "红色", "红色"},
		{"OSC 52 clipboard, BEL", "a\x1b]52;c;ZWNobyBoaQ==\x07b", "ab", "ab"},
		{"OSC 8 link, ST", "\x1b]8;;http://x\x1b\\点此\x1b]8;;\x1b\\", "点此", "点此"},
		{"reset", "x\x1bcy", "xy", "xy"},
		{"C1 CSI", "a\u009b2Jb", "ab", "ab"},
		{"C1 OSC to ST", "a\u009d0;title\u009cb", "ab", "ab"},
		{"other C1", "a\u0085b\u0084", "ab", "ab"},
		{"bidi override", "通行证\u202e伪造\u202c", "通行证伪造", "通行证伪造"},
		{"bidi isolates and marks", "\u2067a\u2069\u200f\u061c", "a", "a"},
		{"C0 and DEL", "a\x00b\x07c\x08d\x7f", "abcd", "abcd"},
		{"lines", "第一行\r\n第二行\t完", "第一行\n第二行\t完", "第一行 第二行 完"},
		{"line separator", "a\u2028b", "ab", "ab"},
		{"invalid UTF-8", "a\xffb", "a\ufffdb", "a\ufffdb"},
		{"unfinished sequence", "ok\x1b[12", "ok", "ok"},
		{"broken CSI", "a\x1b[1\nb", "a\nb", "a b"},
		{"lone ESC at end", "a\x1b", "a", "a"},
	} {
		if got := CleanText(c.in); got != c.text {
			t.Errorf("%s: CleanText(%q) = %q, want %q", c.name, c.in, got, c.text)
		}
		if got := CleanLine(c.in); got != c.line {
			t.Errorf("%s: CleanLine(%q) = %q, want %q", c.name, c.in, got, c.line)
		}
	}
}

func TestEscapeControls(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"张三", "张三"},
		{"a\x1b[2Jb", `a\x1b[2Jb`},
		{"通行证\u202e伪造", `通行证\u202e伪造`},
		{"a\u009bb", `a\u009bb`},
		{"两行\n\t缩进", "两行\n\t缩进"},
		{"bad\xff", `bad\xff`},
		{"del\x7f", `del\x7f`},
	} {
		if got := EscapeControls(c.in); got != c.want {
			t.Errorf("EscapeControls(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// checkSafe fails when s could still drive a terminal.
func checkSafe(t *testing.T, what, s string, multiline bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s: not UTF-8: %q", what, s)
	}
	for _, r := range s {
		if (r == '\n' || r == '\t') && multiline {
			continue
		}
		if UnsafeRune(r) {
			t.Fatalf("%s: %U left in %q", what, r, s)
		}
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"张三", "\x1b[2J", "\x1b]52;c;aGk=\x07", "\u202e", "a\u009b31mb", "\x1b", "\r\n", "\xff\xfe", "\x1b]8;;u\x1b\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, line, esc := CleanText(s), CleanLine(s), EscapeControls(s)
		checkSafe(t, "CleanText", text, true)
		checkSafe(t, "CleanLine", line, false)
		checkSafe(t, "EscapeControls", esc, true)
		if CleanText(text) != text || CleanLine(line) != line {
			t.Fatalf("cleaning is not idempotent on %q", s)
		}
		if HasControls(text, true) || HasControls(line, false) {
			t.Fatalf("HasControls disagrees with Clean on %q", s)
		}
		if !HasControls(s, true) && (text != s || esc != s) {
			t.Fatalf("clean text %q was changed", s)
		}
		if len(line) > len(s)+3*strings.Count(s, "\xff") {
			// only invalid bytes may grow (to U+FFFD)
			for i := 0; i < len(s); i++ {
				if s[i] >= 0x80 {
					return
				}
			}
			t.Fatalf("CleanLine grew ASCII %q to %q", s, line)
		}
	})
}
