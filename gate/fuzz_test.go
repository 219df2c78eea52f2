package gate

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gatepost/record"
)

// fuzzCode checks that err is nil or an *InputError with one of the listed
// codes, and returns the code.
func fuzzCode(t *testing.T, err error, allowed ...string) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *InputError", err, err)
	}
	if !slices.Contains(allowed, ie.Code) {
		t.Fatalf("unexpected code %q", ie.Code)
	}
	return ie.Code
}

func FuzzParseTemperature(f *testing.F) {
	for _, s := range []string{"36.5", "365", "36", "36,5", "３６．５", "36.5℃", "36.5°C", "98.6F", "98.6℉", "36.55", "", "x", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseTemperature(s)
		switch fuzzCode(t, err, CodeTempEmpty, CodeTempFormat, CodeTempImplausible) {
		case "":
			if v < MinPlausible || v > MaxPlausible {
				t.Fatalf("accepted %q as %v, outside the plausible range", s, v)
			}
			// What the console shows must read back as the same value.
			back, err := ParseTemperature(v.String())
			if err != nil || back != v {
				t.Fatalf("%q → %v → %v, %v", s, v, back, err)
			}
		case CodeTempImplausible:
			if v >= MinPlausible && v <= MaxPlausible {
				t.Fatalf("%q: implausible but %v is in range", s, v)
			}
		default:
			if v != 0 {
				t.Fatalf("%q: rejected with value %v", s, v)
			}
		}
	})
}

func FuzzParseResidentID(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "11010519491231002x", "１１０１０５１９４９１２３１００２Ｘ", "110105 19491231 002X", "440524188001010014", "110105194912310021", "", "X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseResidentID(s)
		if fuzzCode(t, err, CodeIDLength, CodeIDFormat, CodeIDChecksum, CodeIDDate) != "" {
			if id != "" {
				t.Fatalf("%q rejected but returned %q", s, id)
			}
			return
		}
		if len(id) != 18 || strings.ContainsRune(id[:17], 'X') || !LooksLikeResidentID(id) || !LooksLikeResidentID(s) {
			t.Fatalf("%q accepted as malformed %q", s, id)
		}
		again, err := ParseResidentID(id)
		if err != nil || again != id {
			t.Fatalf("%q → %q → %q, %v", s, id, again, err)
		}
	})
}

func FuzzNormalizePlate(f *testing.F) {
	for _, s := range []string{"京A12345", "京a·12345", "粤B·D12345", "粤Z1234港", "使014578", " 沪 Ａ-１２３４５ ", "", "A12345", "京A1234ß"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := NormalizePlate(s)
		if fuzzCode(t, err, CodePlateEmpty, CodePlateFormat) != "" {
			if p != "" {
				t.Fatalf("%q rejected but returned %q", s, p)
			}
			return
		}
		if !utf8.ValidString(p) || strings.ContainsAny(p, " ·•-.") || p != strings.ToUpper(p) {
			t.Fatalf("%q normalised to unclean %q", s, p)
		}
		if n := utf8.RuneCountInString(p); n < 7 || n > 9 {
			t.Fatalf("%q normalised to %q of %d characters", s, p, n)
		}
		again, err := NormalizePlate(p)
		if err != nil || again != p {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, p, again, err)
		}
		if !samePlate(s, p) {
			t.Fatalf("%q does not match its own normal form %q", s, p)
		}
	})
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"13800138000", "138-0013-8000", "+86 138 0013 8000", "0086 13800138000", "１３８００１３８０００", "", "+86", "010-12345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePhone(s)
		if fuzzCode(t, err, CodePhoneFormat) != "" {
			if p != "" {
				t.Fatalf("%q rejected but returned %q", s, p)
			}
			return
		}
		if len(p) != 11 || p[0] != '1' || !allDigits(p) {
			t.Fatalf("%q accepted as %q", s, p)
		}
		again, err := ParsePhone(p)
		if err != nil || again != p {
			t.Fatalf("%q → %q → %q, %v", s, p, again, err)
		}
	})
}

// FuzzEvaluateGate1 drives the gate 1 rule with arbitrary combinations of
// subject, direction, roster entry, passes and temperature. Whatever comes in,
// the decision must be consistent: Allowed agrees with ReasonAllows, a pass
// decision names its pass, and a recheck is only asked for a fever.
func FuzzEvaluateGate1(f *testing.F) {
	f.Add("staff", "in", uint8(1), true, "S001", uint8(0), int64(0), int64(3600), 365, false, "", uint16(0))
	f.Add("visitor", "in", uint8(0), false, "", uint8(1), int64(-3600), int64(3600), 380, false, "", uint16(0))
	f.Add("vehicle", "in", uint8(0), false, "", uint8(2), int64(-3600), int64(0), 0, false, "京A12345", uint16(0))
	f.Add("delivery", "in", uint8(1), true, "S001", uint8(3), int64(-60), int64(60), 375, true, "京A12345", uint16(0))
	f.Add("detainee", "out", uint8(2), true, "D1", uint8(1), int64(0), int64(1), 365, false, "", uint16(0))
	f.Fuzz(func(t *testing.T, subject, direction string, kind uint8, active bool, badge string,
		passKind uint8, fromSec, toSec int64, tempv int, rechecked bool, plate string, fever uint16) {
		in := Gate1Input{
			Subject: record.Subject(subject), Direction: record.Direction(direction),
			Badge: badge, Plate: plate, Rechecked: rechecked, Now: now,
		}
		switch kind % 4 {
		case 1:
			in.Person = &Person{Badge: badge, Kind: Staff, Active: active}
		case 2:
			in.Person = &Person{Badge: badge, Kind: Detainee, Active: active}
		case 3:
			in.Person = &Person{Badge: badge, Kind: PersonKind(subject), Active: active}
		}
		p := Pass{ID: "P", ValidFrom: now.Add(time.Duration(fromSec%(1<<31)) * time.Second), ValidTo: now.Add(time.Duration(toSec%(1<<31)) * time.Second)}
		if passKind&1 != 0 {
			p.Badge = "B"
		}
		if passKind&2 != 0 {
			p.Plate = plate
		}
		if passKind != 0 {
			in.Passes = []Pass{p}
		}
		if tempv != 0 {
			v := record.Tenths(tempv)
			in.Temp = &v
		}
		d := EvaluateGate1(Config{Fever: record.Tenths(fever)}, in)
		if d.Allowed != ReasonAllows(d.Reason) || !slices.Contains(Reasons, d.Reason) {
			t.Fatalf("inconsistent decision %+v", d)
		}
		if d.Reason == ReasonPass && d.PassID == "" {
			t.Fatalf("pass decision without a pass: %+v", d)
		}
		if !d.Allowed && d.PassID != "" {
			t.Fatalf("denial names a pass: %+v", d)
		}
		if d.NeedsRecheck && (d.Reason != ReasonFever || rechecked) {
			t.Fatalf("recheck asked wrongly: %+v", d)
		}
		feverish := in.Temp != nil && IsFever(*in.Temp, Config{Fever: record.Tenths(fever)}.FeverAt())
		person := in.Subject != record.SubjectVehicle && in.Subject != record.SubjectDelivery
		if d.Allowed && in.Direction != record.Out && person && feverish {
			t.Fatalf("a person with fever was admitted: %+v", d)
		}
	})
}
