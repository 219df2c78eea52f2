package gate

import (
	"errors"
	"testing"

	"gatepost/record"
)

// code returns the InputError code of err, "" for nil, and fails the test for
// any other error type: the UI relies on every rejection carrying a code.
func code(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *InputError", err, err)
	}
	return ie.Code
}

func TestInputErrorKeepsInput(t *testing.T) {
	_, err := ParseTemperature(" ３６．５x ")
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v", err)
	}
	if ie.Input != " ３６．５x " || ie.Code != CodeTempFormat {
		t.Errorf("got %+v", ie)
	}
	if got, want := ie.Error(), "temp.format:  ３６．５x "; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestParseTemperature(t *testing.T) {
	tests := []struct {
		in   string
		want record.Tenths
		code string
	}{
		{"36.5", 365, ""},
		{"365", 365, ""},
		{"36", 360, ""},
		{"37", 370, ""},
		{"36,5", 365, ""},
		{"３６．５", 365, ""},
		{"３６５", 365, ""},
		{"３６，５", 365, ""},
		{"36.5℃", 365, ""},
		{"36.5C", 365, ""},
		{"36.5c", 365, ""},
		{"36.5°C", 365, ""},
		{"36.5°c", 365, ""},
		{"36.5 ℃", 365, ""},
		{"３６．５℃", 365, ""},
		{"３６．５Ｃ", 365, ""},
		{"  36.5  ", 365, ""},
		{"\u300036.5\u3000", 365, ""}, // ideographic spaces
		{"\t37.3\n", 373, ""},
		{"37.30", 373, ""},
		{"036.5", 365, ""},
		{"36.55", 366, ""},  // half up
		{"36.54", 365, ""},  // down
		{"36.549", 365, ""}, // below the half
		{"36.95", 370, ""},  // carries into the degree
		{"37.25", 373, ""},  // a float would say 37.2499…
		{"36.5999999999999999999", 366, ""},
		{"34.0", 340, ""},
		{"42.5", 425, ""},
		{"34", 340, ""},
		{"340", 340, ""},
		{"425", 425, ""},
		{"98.6F", 370, ""},
		{"98.6°F", 370, ""},
		{"98.6℉", 370, ""},
		{"98.6f", 370, ""},
		{"９８．６Ｆ", 370, ""},
		{"100.4F", 380, ""},
		{"100F", 378, ""},
		{"99.5F", 375, ""},  // 37.5
		{"97.7F", 365, ""},  // 36.5 exactly
		{"99.23F", 374, ""}, // exactly 37.35 → half up
		{"99.22F", 373, ""}, // 37.344…
		{"93.2F", 340, ""},
		{"108.5F", 425, ""},

		{"", 0, CodeTempEmpty},
		{"   ", 0, CodeTempEmpty},
		{"\u3000", 0, CodeTempEmpty},

		{"33.9", 339, CodeTempImplausible},
		{"42.6", 426, CodeTempImplausible},
		{"42.55", 426, CodeTempImplausible},
		{"33.95", 340, ""},
		{"42.54", 425, ""},
		{"339", 339, CodeTempImplausible},
		{"100", 100, CodeTempImplausible},
		{"10", 100, CodeTempImplausible},
		{"0.0", 0, CodeTempImplausible},
		{"999.9", 9999, CodeTempImplausible},
		{"98.6", 986, CodeTempImplausible}, // Fahrenheit without a unit is not guessed
		{"37F", 28, CodeTempImplausible},
		{"0.0F", -178, CodeTempImplausible},
		{"0F", 0, CodeTempFormat},
		{"986F", 5300, CodeTempImplausible},

		{"3", 0, CodeTempFormat},
		{"3655", 0, CodeTempFormat},
		{"36.", 0, CodeTempFormat},
		{".5", 0, CodeTempFormat},
		{"36..5", 0, CodeTempFormat},
		{"36.5.1", 0, CodeTempFormat},
		{"36,5.1", 0, CodeTempFormat},
		{"-36.5", 0, CodeTempFormat},
		{"+36.5", 0, CodeTempFormat},
		{"36 .5", 0, CodeTempFormat},
		{"3 6.5", 0, CodeTempFormat},
		{"36.5K", 0, CodeTempFormat},
		{"36.5CC", 0, CodeTempFormat},
		{"36.5°", 0, CodeTempFormat},
		{"36.5度", 0, CodeTempFormat},
		{"C", 0, CodeTempFormat},
		{"°C", 0, CodeTempFormat},
		{"F", 0, CodeTempFormat},
		{"1e2", 0, CodeTempFormat},
		{"0x24", 0, CodeTempFormat},
		{"3F", 0, CodeTempFormat},
		{"1000F", 0, CodeTempFormat},
		{"1234.5", 0, CodeTempFormat},
		{"三十六点五", 0, CodeTempFormat},
		{"٣٦.٥", 0, CodeTempFormat}, // Arabic-Indic digits are not folded
		{"36.5\xff", 0, CodeTempFormat},
		{"\xff", 0, CodeTempFormat},
		{"NaN", 0, CodeTempFormat},
		{"36.50000000000000000000000000000000000000000", 0, CodeTempFormat}, // absurdly long
	}
	for _, tt := range tests {
		got, err := ParseTemperature(tt.in)
		if c := code(t, err); c != tt.code || got != tt.want {
			t.Errorf("ParseTemperature(%q) = %d, %q; want %d, %q", tt.in, got, c, tt.want, tt.code)
		}
	}
}

func TestIsFever(t *testing.T) {
	tests := []struct {
		t, threshold record.Tenths
		want         bool
	}{
		{372, DefaultFever, false},
		{373, DefaultFever, true}, // the threshold itself is a fever (≥)
		{374, DefaultFever, true},
		{374, 375, false},
		{375, 375, true},
	}
	for _, tt := range tests {
		if got := IsFever(tt.t, tt.threshold); got != tt.want {
			t.Errorf("IsFever(%v, %v) = %v", tt.t, tt.threshold, got)
		}
	}
}

func TestIDCheckDigitKnownExamples(t *testing.T) {
	// Published examples of GB 11643: the standard's own 1880 sample and the
	// widely quoted 1949 one, whose check character is X.
	for _, id := range []string{"11010519491231002X", "440524188001010014"} {
		if got := idCheckDigit(id); got != id[17] {
			t.Errorf("check digit of %s = %c", id, got)
		}
	}
}

func TestParseResidentID(t *testing.T) {
	tests := []struct {
		in, want, code string
	}{
		{"11010519491231002X", "11010519491231002X", ""},
		{"11010519491231002x", "11010519491231002X", ""},
		{"110105 19491231 002X", "11010519491231002X", ""},
		{" 110105194912310038 ", "110105194912310038", ""},
		{"１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", ""},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X", ""},
		{"110105\u300019491231\u3000002X", "11010519491231002X", ""},
		{"310104198506121230", "310104198506121230", ""},
		{"510107200002294564", "510107200002294564", ""}, // 29 Feb of a leap year
		{"320583199001017810", "320583199001017810", ""},
		{"440306200811303383", "440306200811303383", ""},
		{"650102199912313334", "650102199912313334", ""},
		{"33010619770707070X", "33010619770707070X", ""},
		{"370202196808155465", "370202196808155465", ""},
		{"420104199503300217", "420104199503300217", ""},
		{"610113198709090988", "610113198709090988", ""},
		{"210204209912310005", "210204209912310005", ""}, // 2099: within 1900–2100

		{"", "", CodeIDLength},
		{"11010519491231002", "", CodeIDLength},
		{"11010519491231002X1", "", CodeIDLength},
		{"110105491231002", "", CodeIDLength}, // old 15-digit numbers are not accepted
		{"11010519491231002Y", "", CodeIDFormat},
		{"1101051949123100X2", "", CodeIDFormat},
		{"x1010519491231002X", "", CodeIDFormat},
		{"11010519491231002中", "", CodeIDFormat},
		{"A10105194912310021", "", CodeIDFormat},
		{"11010519491231002\xff", "", CodeIDFormat},
		{"110105194912310021", "", CodeIDChecksum},
		{"110105194912310020", "", CodeIDChecksum},
		{"101105194912310020", "", CodeIDChecksum}, // swapped neighbours
		{"11010519491231002X", "11010519491231002X", ""},
		{"11010519491321002X", "", CodeIDChecksum},
		{"440524188001010014", "", CodeIDDate}, // valid check, born 1880
		{"530102199902290012", "", CodeIDDate}, // 29 Feb 1999
		{"110101200013010018", "", CodeIDDate}, // month 13
		{"110101200000000013", "", CodeIDDate}, // zero month and day
		{"110101210101010017", "", CodeIDDate}, // 2101
		{"110101199904310019", "", CodeIDDate}, // 31 April
	}
	for _, tt := range tests {
		got, err := ParseResidentID(tt.in)
		if c := code(t, err); c != tt.code || got != tt.want {
			t.Errorf("ParseResidentID(%q) = %q, %q; want %q, %q", tt.in, got, c, tt.want, tt.code)
		}
	}
}

func TestLooksLikeResidentID(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"11010519491231002X", true},
		{"11010519491231002x", true},
		{"110105194912310021", true}, // bad check digit, still the shape
		{"110105 19491231 002X", true},
		{"１１０１０５１９４９１２３１００２Ｘ", true},
		{"", false},
		{"A0123", false},
		{"004512", false},
		{"11010519491231002", false},
		{"1101051949123100X2", false},
		{"11010519491231002X0", false},
		{"S-000123", false},
	}
	for _, tt := range tests {
		if got := LooksLikeResidentID(tt.in); got != tt.want {
			t.Errorf("LooksLikeResidentID(%q) = %v", tt.in, got)
		}
	}
}

func TestNormalizePlate(t *testing.T) {
	tests := []struct {
		in, want, code string
	}{
		{"京A12345", "京A12345", ""},
		{"京a12345", "京A12345", ""},
		{"京A·12345", "京A12345", ""},
		{"京A•12345", "京A12345", ""},
		{"京A-12345", "京A12345", ""},
		{"京A.12345", "京A12345", ""},
		{"京A・12345", "京A12345", ""},
		{" 京 A 123 45 ", "京A12345", ""},
		{"京Ａ１２３４５", "京A12345", ""},
		{"京ａ．１２３４５", "京A12345", ""},
		{"沪B·C8K21", "沪BC8K21", ""},
		{"粤B·D12345", "粤BD12345", ""}, // new energy, 6 characters
		{"粤B12345F", "粤B12345F", ""},  // new energy, large vehicle
		{"川A·F0A12", "川AF0A12", ""},
		{"浙A\u3000AB123", "浙AAB123", ""},
		{"新A12345", "新A12345", ""},
		{"藏A12345", "藏A12345", ""},
		{"琼A12345", "琼A12345", ""},
		{"蒙A12345", "蒙A12345", ""},
		{"粤Z·1234港", "粤Z1234港", ""},
		{"粤Z1234澳", "粤Z1234澳", ""},
		{"京A1234学", "京A1234学", ""},
		{"京A0001警", "京A0001警", ""},
		{"鲁A1234挂", "鲁A1234挂", ""},
		{"沪A1234领", "沪A1234领", ""},
		{"京A12345挂", "京A12345挂", ""},
		{"使014578", "使014578", ""},
		{"领A12345", "领A12345", ""},

		{"", "", CodePlateEmpty},
		{"   ", "", CodePlateEmpty},
		{"·-.", "", CodePlateEmpty},
		{"A12345", "", CodePlateFormat},    // no province
		{"12345", "", CodePlateFormat},     // no province
		{"台A12345", "", CodePlateFormat},   // not a mainland province
		{"港A12345", "", CodePlateFormat},   // 港 only as a suffix
		{"京12345", "", CodePlateFormat},    // no office letter
		{"京A1234", "", CodePlateFormat},    // too short
		{"京A1234567", "", CodePlateFormat}, // too long
		{"京A123学", "", CodePlateFormat},
		{"京A1234567学", "", CodePlateFormat},
		{"京A12学45", "", CodePlateFormat},
		{"京A12_45", "", CodePlateFormat},
		{"京A1234ß", "", CodePlateFormat},
		{"京", "", CodePlateFormat},
		{"使01457", "", CodePlateFormat},
		{"京京A12345", "", CodePlateFormat},
		{"京A12345\xff", "", CodePlateFormat},
	}
	for _, tt := range tests {
		got, err := NormalizePlate(tt.in)
		if c := code(t, err); c != tt.code || got != tt.want {
			t.Errorf("NormalizePlate(%q) = %q, %q; want %q, %q", tt.in, got, c, tt.want, tt.code)
		}
	}
}

func TestParsePhone(t *testing.T) {
	tests := []struct {
		in, want, code string
	}{
		{"13800138000", "13800138000", ""},
		{"138 0013 8000", "13800138000", ""},
		{"138-0013-8000", "13800138000", ""},
		{"+86 138 0013 8000", "13800138000", ""},
		{"+86-13800138000", "13800138000", ""},
		{"0086 13800138000", "13800138000", ""},
		{"１３８００１３８０００", "13800138000", ""},
		{"１３８－００１３－８０００", "13800138000", ""},
		{"＋８６１３８００１３８０００", "13800138000", ""},
		{" 19912345678 ", "19912345678", ""},

		{"", "", CodePhoneFormat},
		{"1380013800", "", CodePhoneFormat},
		{"138001380001", "", CodePhoneFormat},
		{"23800138000", "", CodePhoneFormat},
		{"010-12345678", "", CodePhoneFormat}, // a landline
		{"8613800138000", "", CodePhoneFormat},
		{"+8613800138000x", "", CodePhoneFormat},
		{"+1 13800138000", "", CodePhoneFormat},
		{"1380O138000", "", CodePhoneFormat},
		{"(138)00138000", "", CodePhoneFormat},
		{"+86+8613800138000", "", CodePhoneFormat},
	}
	for _, tt := range tests {
		got, err := ParsePhone(tt.in)
		if c := code(t, err); c != tt.code || got != tt.want {
			t.Errorf("ParsePhone(%q) = %q, %q; want %q, %q", tt.in, got, c, tt.want, tt.code)
		}
	}
}

func TestIsNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"36.6", true}, {"366", true}, {"３６．６", true}, {"36.6℃", true}, {"36,6", true}, {" 36.6 ", true},
		{"97.9F", true}, {"36.6°C", true},
		{"", false}, {".", false}, {"℃", false}, {"张伟", false}, {"Li Wei", false}, {"张伟2", false}, {"C", false},
	} {
		if got := IsNumber(c.in); got != c.want {
			t.Errorf("IsNumber(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// A plate begins with a province's character, complete or not; no badge
// or resident ID number does.
func TestLooksLikePlate(t *testing.T) {
	for in, want := range map[string]bool{
		"苏 a·12345": true, "苏A1": true, " 京A12345": true, "使123456": true,
		"2001": false, "D0001": false, "X999": false, "11010519491231002X": false, "": false, "王五": false,
	} {
		if got := LooksLikePlate(in); got != want {
			t.Errorf("LooksLikePlate(%q) = %v, want %v", in, got, want)
		}
	}
}
