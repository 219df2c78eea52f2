package gate

import "strings"

// ParsePhone checks a mainland mobile number and returns its 11 digits.
// Full-width characters are folded, spaces and dashes removed ("138-0013-8000",
// "138 0013 8000"), and an international prefix "+86" or "0086" is dropped,
// because numbers are copied from business cards and delivery notes in every
// one of these forms. What remains must be 11 digits starting with 1.
//
// Errors are *InputError with code phone.format (an empty field is a format
// error too: a phone number is never required by a rule).
func ParsePhone(s string) (string, error) {
	c := stripRunes(s, "-")
	if rest, ok := strings.CutPrefix(c, "+86"); ok {
		c = rest
	} else if rest, ok := strings.CutPrefix(c, "0086"); ok {
		c = rest
	}
	if len(c) != 11 || c[0] != '1' || !allDigits(c) {
		return "", inputErr(CodePhoneFormat, s)
	}
	return c, nil
}
