package gate

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// InputError reports input a guard typed that the console cannot accept. It
// carries a stable code, never English text: the UI translates the code into
// the terminal's language (§9) and keeps what was typed on screen (§6), which
// is why the original input travels with the error.
type InputError struct {
	Code  string // one of the Code… constants
	Input string // exactly what the guard typed
}

// Error returns the code and the input, for logs; it is not meant for the
// guard's eyes.
func (e *InputError) Error() string { return e.Code + ": " + e.Input }

// Input error codes. They are part of the message catalogue's keys, so they
// never change once shipped.
const (
	CodeTempEmpty       = "temp.empty"
	CodeTempFormat      = "temp.format"
	CodeTempImplausible = "temp.implausible"
	CodeIDLength        = "id.length"
	CodeIDFormat        = "id.format"
	CodeIDChecksum      = "id.checksum"
	CodeIDDate          = "id.date"
	CodePlateEmpty      = "plate.empty"
	CodePlateFormat     = "plate.format"
	CodePhoneFormat     = "phone.format"
)

// InputErrorCodes lists every input error code, so the UI's catalogue can be
// tested for completeness.
var InputErrorCodes = []string{
	CodeTempEmpty, CodeTempFormat, CodeTempImplausible,
	CodeIDLength, CodeIDFormat, CodeIDChecksum, CodeIDDate,
	CodePlateEmpty, CodePlateFormat, CodePhoneFormat,
}

func inputErr(code, input string) error { return &InputError{Code: code, Input: input} }

// fold turns what a Chinese input method in full-width mode types (３６．５,
// ＡＢＣ, the ideographic space) into its ASCII form, so every parser below
// only has to understand ASCII digits, letters and punctuation. Invalid UTF-8
// is replaced first so that nothing downstream sees broken runes.
func fold(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, string(utf8.RuneError))
	}
	return width.Fold.String(s)
}

// stripRunes folds s and drops spaces (any Unicode space) and every rune in
// drop, the separators guards and printed documents put inside numbers.
func stripRunes(s, drop string) string {
	s = fold(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsSpace(r) || strings.ContainsRune(drop, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isUpperAlnum(r rune) bool { return isDigit(r) || (r >= 'A' && r <= 'Z') }

func allDigits(s string) bool {
	for _, r := range s {
		if !isDigit(r) {
			return false
		}
	}
	return true
}
