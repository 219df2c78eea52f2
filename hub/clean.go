package hub

import (
	"fmt"
	"strings"
	"unicode"
)

// Clean makes text that came from a terminal or an operator (a reason, a
// notice, a guard's note) safe to print on a terminal or in a report: every
// control character except newline and tab is written as a visible escape
// (\x1b, \u009b), so an escape sequence in pushed content cannot drive the
// reader's terminal, and what was sent can still be read.
func Clean(s string) string {
	if strings.IndexFunc(s, isUnsafe) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !isUnsafe(r):
			b.WriteRune(r)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// CleanLine is Clean for text shown on one line: newlines and tabs are
// escaped too.
func CleanLine(s string) string {
	s = Clean(s)
	return strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(s)
}

// isUnsafe reports whether r may change how a terminal shows what follows:
// C0 and C1 controls and DEL, but newline and tab, and the bidirectional
// overrides that reorder the text around them.
func isUnsafe(r rune) bool {
	switch r {
	case '\n', '\t':
		return false
	case '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069':
		return true
	}
	return unicode.IsControl(r)
}

// Strip removes the characters Clean would escape, for text the hub hands
// on to terminals (a notice's title and body, roster names): there it is
// shown to a guard, and an escape there is no help to anyone. Newlines and
// tabs stay when multiline is set; otherwise they become spaces.
func Strip(s string, multiline bool) string {
	if strings.IndexFunc(s, func(r rune) bool { return isUnsafe(r) || !multiline && (r == '\n' || r == '\t') }) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case (r == '\n' || r == '\t') && !multiline:
			b.WriteByte(' ')
		case isUnsafe(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// jsonEscapeUnsafe writes the characters Clean escapes, left raw by
// encoding/json, as JSON \u escapes: the same JSON value, safe on a terminal.
func jsonEscapeUnsafe(s string) string {
	if strings.IndexFunc(s, isUnsafe) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isUnsafe(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
