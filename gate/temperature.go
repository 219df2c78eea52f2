package gate

import (
	"strings"

	"gatepost/record"
)

// Plausible body temperatures (§6). A reading outside this range is a failed
// measurement (forehead thermometer in the cold, a typo), not a patient: the
// guard is asked to measure again and nothing is saved.
const (
	MinPlausible = record.MinPlausible // 34.0 °C
	MaxPlausible = record.MaxPlausible // 42.5 °C
)

// DefaultFever is the fever threshold of §6 (37.3 °C) used when the facility
// configures none.
const DefaultFever record.Tenths = 373

// maxTempLen bounds the input a parser will look at. Nobody types a
// temperature longer than this; the bound keeps pathological input cheap.
const maxTempLen = 40

// Units a reading may end with. Longer spellings come first so that "°C" is
// not mistaken for a bare "C" with a stray degree sign in the number.
var (
	celsiusUnits    = []string{"°C", "°c", "℃", "C", "c"}
	fahrenheitUnits = []string{"°F", "°f", "℉", "F", "f"}
)

// ParseTemperature reads a temperature the way guards type it and returns it
// in tenths of a degree Celsius.
//
// Accepted: "36.5", "36,5" (decimal comma), "365" (exactly three digits mean
// 36.5, saving a keystroke in roll-call), "36"/"37" (two digits are whole
// degrees), full-width "３６．５", an optional unit "℃", "C", "c" or "°C", and
// surrounding spaces. A reading marked Fahrenheit ("98.6F", "98.6°F",
// "98.6℉") is converted to Celsius. Extra fractional digits are rounded to the
// nearest tenth, halves up (36.55 → 36.6), in exact integer arithmetic so no
// float rounding can push a reading across the fever threshold. A Fahrenheit
// reading without a decimal point is whole degrees ("100F"), since the
// three-digit shorthand only makes sense for Celsius.
//
// Errors are *InputError with code temp.empty, temp.format or
// temp.implausible. For temp.implausible the parsed value is returned too, so
// the UI can show what it understood.
func ParseTemperature(s string) (record.Tenths, error) {
	t := strings.TrimSpace(fold(s))
	if t == "" {
		return 0, inputErr(CodeTempEmpty, s)
	}
	if len(t) > maxTempLen {
		return 0, inputErr(CodeTempFormat, s)
	}
	num, fahrenheit := t, false
	if u, ok := cutSuffix(t, celsiusUnits); ok {
		num = u
	} else if u, ok := cutSuffix(t, fahrenheitUnits); ok {
		num, fahrenheit = u, true
	}
	num = strings.TrimSpace(num) // "36.5 ℃" is fine
	milli, ok := parseMilli(num, fahrenheit)
	if !ok {
		return 0, inputErr(CodeTempFormat, s)
	}
	var v record.Tenths
	if fahrenheit {
		// C×10 = (F − 32)·50/9 = (milliF − 32000)/180; rounded half up.
		v = record.Tenths(floorDiv(2*(milli-32000)+180, 360))
	} else {
		v = record.Tenths(floorDiv(milli+50, 100))
	}
	if v < MinPlausible || v > MaxPlausible {
		return v, inputErr(CodeTempImplausible, s)
	}
	return v, nil
}

// IsNumber reports whether s is a number and nothing else, however a guard
// typed it: full-width (３６．６), with points or commas, spaces, or a
// temperature's unit (36.6℃). Typed as a person's name it is never one: a
// temperature typed one field too early.
func IsNumber(s string) bool {
	t := stripRunes(s, ".,")
	if u, ok := cutSuffix(t, celsiusUnits); ok {
		t = u
	} else if u, ok := cutSuffix(t, fahrenheitUnits); ok {
		t = u
	}
	t = strings.TrimPrefix(t, "°")
	return t != "" && allDigits(t)
}

func cutSuffix(s string, units []string) (string, bool) {
	for _, u := range units {
		if rest, ok := strings.CutSuffix(s, u); ok {
			return rest, true
		}
	}
	return s, false
}

// parseMilli parses the number part in thousandths of a degree. Keeping three
// fractional digits and dropping the rest loses nothing: every rounding tie,
// in Celsius and after the Fahrenheit conversion alike, has at most two
// decimals, so truncation can never move a value across one.
func parseMilli(num string, fahrenheit bool) (int64, bool) {
	intPart, frac, hasSep := strings.Cut(num, ".")
	if !hasSep {
		intPart, frac, hasSep = strings.Cut(num, ",")
	}
	if intPart == "" || len(intPart) > 3 || !allDigits(intPart) {
		return 0, false
	}
	var n int64
	for _, r := range intPart {
		n = n*10 + int64(r-'0')
	}
	if !hasSep {
		switch {
		case fahrenheit && len(intPart) >= 2:
			return n * 1000, true
		case len(intPart) == 2:
			return n * 1000, true
		case len(intPart) == 3:
			return n * 100, true // "365" is 36.5
		}
		return 0, false
	}
	if frac == "" || !allDigits(frac) {
		return 0, false
	}
	m := n * 1000
	scale := int64(100)
	for i := 0; i < len(frac) && i < 3; i++ {
		m += int64(frac[i]-'0') * scale
		scale /= 10
	}
	return m, true
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// IsFever reports whether t is at or above the fever threshold: the rule of §6
// is "≥ 37.3 °C", so the threshold itself is a fever.
func IsFever(t, threshold record.Tenths) bool { return t >= threshold }
