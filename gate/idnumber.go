package gate

import (
	"strings"
	"time"
	"unicode/utf8"
)

// idWeights are the GB 11643 / ISO 7064 MOD 11-2 weights, 2^(17−i) mod 11,
// for the first 17 digits of a resident ID number.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps (12 − sum mod 11) mod 11 to the check character; 10 is
// written as the Roman numeral X.
const idCheckChars = "0123456789X"

// idCheckDigit computes the check character for the 17 leading digits.
func idCheckDigit(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idCheckChars[(12-sum%11)%11]
}

// ParseResidentID checks a Chinese resident ID number (居民身份证号码,
// GB 11643-1999) and returns it in canonical form: 18 ASCII characters, the
// check character upper case.
//
// Full-width characters are folded and spaces removed first, because ID
// numbers are read off cards in groups and typed with an input method. The
// check character (ISO 7064 MOD 11-2) catches every single-digit typo and
// every swap of neighbouring digits, which is what a guard at a gate in gloves
// produces. The birth date (characters 7–14) must be a real calendar date from
// 1900-01-01 to 2100-12-31; it is not compared with today, because rules never
// read the clock.
//
// Errors are *InputError with code id.length, id.format, id.checksum or
// id.date, checked in that order.
func ParseResidentID(s string) (string, error) {
	c := stripRunes(s, "")
	if utf8.RuneCountInString(c) != 18 {
		return "", inputErr(CodeIDLength, s)
	}
	c = strings.Replace(c, "x", "X", 1) // only the last position may hold it
	if !allDigits(c[:17]) || !(isDigit(rune(c[17])) || c[17] == 'X') {
		return "", inputErr(CodeIDFormat, s)
	}
	if idCheckDigit(c) != c[17] {
		return "", inputErr(CodeIDChecksum, s)
	}
	if !validBirthDate(c[6:14]) {
		return "", inputErr(CodeIDDate, s)
	}
	return c, nil
}

// validBirthDate reports whether yyyymmdd is a real date in 1900–2100.
func validBirthDate(yyyymmdd string) bool {
	n := func(s string) int {
		v := 0
		for i := 0; i < len(s); i++ {
			v = v*10 + int(s[i]-'0')
		}
		return v
	}
	y, m, d := n(yyyymmdd[:4]), n(yyyymmdd[4:6]), n(yyyymmdd[6:8])
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return false
	}
	// time.Date normalises 31 February into March; a real date survives
	// unchanged.
	t := time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC)
	return t.Day() == d && int(t.Month()) == m
}

// LooksLikeResidentID reports whether s has the shape of a resident ID number
// (after folding and removing spaces: 17 digits and a digit or X), without
// checking it. The UI uses it to decide whether the one identity field holds a
// badge or an ID number, so that a mistyped ID number is reported as a bad ID
// number rather than as an unknown badge.
func LooksLikeResidentID(s string) bool {
	c := stripRunes(s, "")
	if len(c) != 18 || !allDigits(c[:17]) {
		return false
	}
	last := c[17]
	return isDigit(rune(last)) || last == 'X' || last == 'x'
}
