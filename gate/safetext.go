package gate

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text from outside — a form, a CSV file, a notice or a roster pulled from
// the hub — may carry characters a terminal obeys rather than shows: C0 and
// C1 control characters, whole escape sequences (ESC [ 2 J clears a guard's
// screen; OSC 52 writes the clipboard; OSC 8 hides a link) and the Unicode
// bidirectional controls that make "PASS 伪造" read backwards. They are
// stripped where text comes in (CleanText, CleanLine) and escaped, visibly,
// where text goes out (EscapeControls). Only tab and newline pass, and only
// where a field may hold several lines.

// UnsafeRune reports whether r must not reach a terminal as it is: C0
// controls (tab and newline are judged by the caller), DEL, C1 controls,
// the bidi embeddings, overrides, isolates and marks, the line and
// paragraph separators, and U+FFFD's cause (invalid UTF-8 is decoded as
// RuneError by the callers and replaced). It is exported for writers that
// escape in their own syntax, such as JSON's \u escapes.
func UnsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // ALM, LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separator
		return true
	}
	return false
}

// HasControls reports whether s holds anything CleanText would remove
// (tab and newline included when multiline is false), or invalid UTF-8.
func HasControls(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if (r == '\n' || r == '\t') && multiline {
			continue
		}
		if UnsafeRune(r) {
			return true
		}
	}
	return false
}

// LineProblem is why s cannot be a one-line field of at most maxRunes
// characters taken from outside (a CSV import's cell, an identity row from
// the hub): too long, or holding what HasControls finds. "" when it can.
// The words name no value, so a caller may report them as they are.
func LineProblem(s string, maxRunes int) string {
	switch {
	case utf8.RuneCountInString(s) > maxRunes:
		return fmt.Sprintf("longer than %d characters", maxRunes)
	case HasControls(s, false):
		return "contains a control character or a text-direction mark"
	}
	return ""
}

// CleanText strips from s every control character, escape sequence and
// bidi control; tab and newline stay (a notice's body, a handover note),
// a carriage return before a newline goes. Invalid UTF-8 becomes U+FFFD.
func CleanText(s string) string { return clean(s, true) }

// CleanLine is CleanText for a one-line field (a name, a reason, a plate):
// a tab or a newline becomes a space.
func CleanLine(s string) string { return clean(s, false) }

func clean(s string, multiline bool) string {
	if !HasControls(s, multiline) {
		return s // the common case costs one scan and no allocation
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x1b || r == 0x9b || r == 0x9d || r == 0x90 || r == 0x9e || r == 0x9f:
			i += skipSequence(s[i:])
			continue
		case r == '\n' || r == '\t':
			if multiline {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case UnsafeRune(r):
			// dropped
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// skipSequence returns the length of the escape sequence at the start of s
// (which starts with ESC or a C1 introducer), so that it goes whole: a
// stripped ESC would otherwise leave "[2J" behind as text. CSI runs to its
// final byte (0x40–0x7E); OSC, DCS, PM and APC run to BEL or ST (ESC \ or
// U+009C); ESC and one more character is any other sequence. An unfinished
// sequence runs to the end of s.
func skipSequence(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	kind := r // 0x9b CSI, 0x9d OSC, 0x90 DCS, 0x9e PM, 0x9f APC
	if r == 0x1b {
		if len(s) < 2 {
			return n
		}
		switch s[1] {
		case '[':
			kind = 0x9b
		case ']':
			kind = 0x9d
		case 'P':
			kind = 0x90
		case '^':
			kind = 0x9e
		case '_':
			kind = 0x9f
		default: // ESC and one character (ESC c resets the terminal)
			_, m := utf8.DecodeRuneInString(s[1:])
			return n + m
		}
		n++
	}
	for i := n; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case kind == 0x9b:
			if c >= 0x40 && c <= 0x7e {
				return i + size
			}
			if c < 0x20 || c >= 0x7f { // not a CSI byte: the sequence is broken off here
				return i
			}
		case c == 0x07 || c == 0x9c:
			return i + size
		case c == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		}
		i += size
	}
	return len(s)
}

// EscapeControls makes s safe to print on a terminal without losing what
// it holds: each control character, bidi control and invalid byte is
// written as a visible escape (\x1b, \u202e); tab and newline stay. Text
// already clean comes back unchanged.
func EscapeControls(s string) string {
	if !HasControls(s, true) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x80 && UnsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case UnsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
