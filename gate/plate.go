package gate

import (
	"strings"
	"unicode"
)

// plateProvinces are the one-character abbreviations a Chinese plate starts
// with: the 31 mainland provincial divisions, plus 使 (embassy) and 领
// (consulate).
const plateProvinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"

// plateSuffixes end special plates: trailer, driving school, police,
// Hong Kong and Macau cross-border, consulate.
const plateSuffixes = "挂学警港澳领"

// plateSeparators are what guards and printed passes put between the parts
// of a plate: "京A·12345", "京A-12345", "京A.12345", "京A・12345".
const plateSeparators = "·•-.・"

// NormalizePlate returns a vehicle plate in the one form the console stores
// and compares: full-width folded, upper case, without spaces or separators.
// It checks the shape of a mainland plate: a province character, the letter
// of the issuing office, then 5 alphanumerics (6 for new-energy vehicles).
// A special plate ends in 挂/学/警/港/澳/领 after 4 alphanumerics (the real
// format, "粤Z1234港"); 5 or 6 before the suffix are tolerated. Embassy plates
// "使" + 6 digits are accepted too. The province character is required:
// without it two cities' plates would compare equal.
//
// Errors are *InputError with code plate.empty or plate.format.
func NormalizePlate(s string) (string, error) {
	c := plateFold(s)
	if c == "" {
		return "", inputErr(CodePlateEmpty, s)
	}
	if !validPlate(c) {
		return "", inputErr(CodePlateFormat, s)
	}
	return c, nil
}

// LooksLikePlate reports whether s begins as a plate does, with a
// province's character ("苏 a·1234", complete or not): no badge or resident
// ID number does, so the console reads such text typed where a badge goes
// as a plate, which must not reach the log as a badge (§6, §15).
func LooksLikePlate(s string) bool {
	r := []rune(plateFold(s))
	return len(r) > 0 && strings.ContainsRune(plateProvinces, r[0])
}

// plateFold does NormalizePlate's cleaning without the shape check, so rules
// can compare plates from reference data that was imported without checks.
func plateFold(s string) string {
	c := stripRunes(s, plateSeparators)
	// unicode.ToUpper maps one rune to one rune, unlike strings.ToUpper's
	// special cases, so folding stays idempotent.
	return strings.Map(unicode.ToUpper, c)
}

func validPlate(c string) bool {
	r := []rune(c)
	if len(r) < 2 || !strings.ContainsRune(plateProvinces, r[0]) {
		return false
	}
	if r[0] == '使' && len(r) == 7 && allDigits(string(r[1:])) {
		return true
	}
	if r[1] < 'A' || r[1] > 'Z' {
		return false
	}
	body := r[2:]
	minN, maxN := 5, 6
	if n := len(body); n > 0 && strings.ContainsRune(plateSuffixes, body[n-1]) {
		body = body[:n-1]
		minN = 4
	}
	if len(body) < minN || len(body) > maxN {
		return false
	}
	for _, x := range body {
		if !isUpperAlnum(x) {
			return false
		}
	}
	return true
}

// samePlate compares two plates after cleaning both, so a pass imported as
// "京a 12345" still matches the normalised "京A12345".
func samePlate(a, b string) bool {
	fa := plateFold(a)
	return fa != "" && fa == plateFold(b)
}
