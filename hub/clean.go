package hub

import (
	"fmt"
	"strings"

	"gatepost/gate"
)

// The hub prints and hands on text that came from terminals and operators
// (a reason, a notice, a guard's note, a roster name). What counts as
// unsafe, and how it is removed or escaped, is gate/safetext.go's single
// rule; these are the hub's uses of it.

// Clean makes text safe to print on a terminal or in a report: every
// control character except newline and tab is written as a visible escape
// (\x1b, \u009b), so an escape sequence in pushed content cannot drive the
// reader's terminal, and what was sent can still be read.
func Clean(s string) string { return gate.EscapeControls(s) }

var lineEscapes = strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`)

// CleanLine is Clean for text shown on one line: newlines and tabs are
// escaped too.
func CleanLine(s string) string { return lineEscapes.Replace(gate.EscapeControls(s)) }

// Strip removes what Clean would escape (whole escape sequences included),
// for text the hub hands on to terminals (a notice's title and body, roster
// names): there it is shown to a guard, and an escape there is no help to
// anyone. Newlines and tabs stay when multiline is set; otherwise they
// become spaces.
func Strip(s string, multiline bool) string {
	if multiline {
		return gate.CleanText(s)
	}
	return gate.CleanLine(s)
}

// jsonEscapeUnsafe writes the characters Clean escapes, left raw by
// encoding/json, as JSON \u escapes: the same JSON value, safe on a terminal.
func jsonEscapeUnsafe(s string) string {
	if strings.IndexFunc(s, jsonUnsafe) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if jsonUnsafe(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// jsonUnsafe leaves newline and tab alone: outside strings they are the
// indentation of the JSON text, and inside them encoding/json has already
// escaped them.
func jsonUnsafe(r rune) bool { return r != '\n' && r != '\t' && gate.UnsafeRune(r) }
