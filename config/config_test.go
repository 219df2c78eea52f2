package config

import (
	"strings"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/record"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestLangFromEnv(t *testing.T) {
	tests := []struct {
		name string
		env  func(string) string
		want string
	}{
		{"unset", env(), LangEN},
		{"C", env("LANG", "C"), LangEN},
		{"POSIX", env("LANG", "POSIX"), LangEN},
		{"C.UTF-8", env("LANG", "C.UTF-8"), LangEN},
		{"zh_CN.UTF-8", env("LANG", "zh_CN.UTF-8"), LangZH},
		{"zh_CN.GB18030", env("LANG", "zh_CN.GB18030"), LangZH},
		{"zh_TW", env("LANG", "zh_TW.UTF-8"), LangZH},
		{"zh bare", env("LANG", "zh"), LangZH},
		{"zh-Hans-CN", env("LANG", "zh-Hans-CN"), LangZH},
		{"en_US", env("LANG", "en_US.UTF-8"), LangEN},
		{"de_DE", env("LANG", "de_DE.UTF-8"), LangEN},
		{"garbage", env("LANG", "!!!"), LangEN},
		{"modifier", env("LANG", "zh_CN.UTF-8@pinyin"), LangZH},
		{"LC_ALL wins", env("LANG", "en_US.UTF-8", "LC_MESSAGES", "en_GB", "LC_ALL", "zh_CN.UTF-8"), LangZH},
		{"LC_ALL C wins over zh LANG", env("LANG", "zh_CN.UTF-8", "LC_ALL", "C"), LangEN},
		{"LC_MESSAGES over LANG", env("LANG", "en_US.UTF-8", "LC_MESSAGES", "zh_CN.UTF-8"), LangZH},
		{"empty LC_ALL skipped", env("LANG", "zh_CN.UTF-8", "LC_ALL", ""), LangZH},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LangFromEnv(tt.env); got != tt.want {
				t.Errorf("LangFromEnv = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseLang(t *testing.T) {
	ok := map[string]string{
		"zh-CN": LangZH, "zh": LangZH, "zh_CN.UTF-8": LangZH, "ZH-cn": LangZH, "zh-Hans": LangZH, "zh-TW": LangZH,
		"en": LangEN, "en-US": LangEN, "en_GB.UTF-8": LangEN, " en ": LangEN,
	}
	for in, want := range ok {
		got, err := ParseLang(in)
		if err != nil || got != want {
			t.Errorf("ParseLang(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "C", "POSIX", "fr", "de-DE", "x", "zh-CN-", "中文"} {
		if got, err := ParseLang(in); err == nil {
			t.Errorf("ParseLang(%q) = %q, want error", in, got)
		}
	}
}

func TestParseFever(t *testing.T) {
	ok := map[string]record.Tenths{"37.3": 373, "37,5": 375, "373": 373, "37": 370, "39.0": 390, "３７．３": 373, "37.3℃": 373}
	for in, want := range ok {
		got, err := ParseFever(in)
		if err != nil || got != want {
			t.Errorf("ParseFever(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "36.9", "39.1", "45", "3.73", "-37"} {
		if got, err := ParseFever(in); err == nil {
			t.Errorf("ParseFever(%q) = %v, want error", in, got)
		}
	}
}

func TestParseIdleLock(t *testing.T) {
	ok := map[string]time.Duration{
		"5m": 5 * time.Minute, "90s": 90 * time.Second, "1h30m": 90 * time.Minute, "5": 5 * time.Minute,
		"0": 0, "off": 0, "OFF": 0, "0s": 0, "12h": 12 * time.Hour, "0.5": 30 * time.Second,
	}
	for in, want := range ok {
		got, err := ParseIdleLock(in)
		if err != nil || got != want {
			t.Errorf("ParseIdleLock(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "soon", "10s", "13h", "-5m", "NaN", "1e9", "Inf"} {
		if got, err := ParseIdleLock(in); err == nil {
			t.Errorf("ParseIdleLock(%q) = %v, want error", in, got)
		}
	}
}

func TestFormatIdleLockRoundTrip(t *testing.T) {
	for _, d := range []time.Duration{0, 30 * time.Second, 90 * time.Second, 5 * time.Minute, 10 * time.Minute,
		time.Hour, 90 * time.Minute, 12 * time.Hour} {
		s := FormatIdleLock(d)
		back, err := ParseIdleLock(s)
		if err != nil || back != d {
			t.Errorf("FormatIdleLock(%v) = %q, parses back to %v, %v", d, s, back, err)
		}
	}
	if s := FormatIdleLock(10 * time.Minute); s != "10m" {
		t.Errorf("FormatIdleLock(10m) = %q", s)
	}
	if s := FormatIdleLock(time.Hour); s != "1h" {
		t.Errorf("FormatIdleLock(1h) = %q", s)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ key, in, want string }{
		{KeyLang, "zh_CN.UTF-8", "zh-CN"},
		{KeyLang, "en-US", "en"},
		{KeyFever, "373", "37.3"},
		{KeyFever, "37.50", "37.5"},
		{KeyIdleLock, "300s", "5m"},
		{KeyIdleLock, "0", "off"},
		{KeySampleGrams, " 150 ", "150"},
		{KeySampleGrams, "125", "125"},
		{KeySampleHours, "72", "72"},
		{KeyReportTo, " 市司法局 ", "市司法局"},
		{KeyReportUnit, "江苏省青山强制隔离戒毒所", "江苏省青山强制隔离戒毒所"},
		{KeyReportPhone, " 0512-66880000 ", "0512-66880000"},
		{KeyReportPhone, "(0512) 6688 0000-801", "(0512) 6688 0000-801"},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.key, tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Normalize(%s, %q) = %q, %v; want %q", tt.key, tt.in, got, err, tt.want)
		}
	}
	if _, err := Normalize("colour", "red"); err == nil || !strings.Contains(err.Error(), "unknown setting") {
		t.Errorf("unknown key: %v", err)
	}
	if _, err := Normalize(KeyFever, "50"); err == nil {
		t.Error("fever 50 accepted")
	}
	// The sample rules may be stricter than the regulation, never looser.
	for _, bad := range []struct{ key, in string }{
		{KeySampleGrams, "100"}, {KeySampleGrams, "12.5"}, {KeySampleGrams, ""}, {KeySampleHours, "24"}, {KeySampleHours, "x"},
		{KeyReportTo, ""}, {KeyReportTo, "市司法局\n抄送"}, {KeyReportUnit, strings.Repeat("所", 41)},
		{KeyReportPhone, "1234"}, {KeyReportPhone, "call 0512-66880000"}, {KeyReportPhone, "0512+6688"},
	} {
		if got, err := Normalize(bad.key, bad.in); err == nil {
			t.Errorf("Normalize(%s, %q) = %q, accepted", bad.key, bad.in, got)
		}
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name    string
		in      Inputs
		want    Console
		wantErr string
	}{
		{"defaults, no env", Inputs{}, Console{LangEN, 373, 5 * time.Minute}, ""},
		{"env zh", Inputs{Getenv: env("LANG", "zh_CN.UTF-8")}, Console{LangZH, 373, 5 * time.Minute}, ""},
		{"setting beats env", Inputs{Getenv: env("LANG", "zh_CN.UTF-8"), Settings: map[string]string{"lang": "en"}},
			Console{LangEN, 373, 5 * time.Minute}, ""},
		{"flag beats setting", Inputs{Lang: "zh-CN", Settings: map[string]string{"lang": "en", "fever": "37.5", "idle_lock": "10m"}, Fever: "38"},
			Console{LangZH, 380, 10 * time.Minute}, ""},
		{"settings", Inputs{Settings: map[string]string{"fever": "37.5", "idle_lock": "off"}},
			Console{LangEN, 375, 0}, ""},
		{"idle flag", Inputs{IdleLock: "2m"}, Console{LangEN, 373, 2 * time.Minute}, ""},
		{"blank setting ignored", Inputs{Settings: map[string]string{"fever": " "}}, Console{LangEN, 373, 5 * time.Minute}, ""},
		{"bad flag", Inputs{Lang: "fr"}, Console{}, "--lang"},
		{"bad setting", Inputs{Settings: map[string]string{"fever": "99"}}, Console{}, "setting fever"},
		{"bad idle flag", Inputs{IdleLock: "soon"}, Console{}, "--idle-lock"},
		{"bad setting hidden by good flag", Inputs{Fever: "37.3", Settings: map[string]string{"fever": "99"}},
			Console{LangEN, 373, 5 * time.Minute}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Resolve error = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Resolve = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDataDir(t *testing.T) {
	tests := []struct {
		name string
		env  func(string) string
		want string
		err  bool
	}{
		{"GATEPOST_DATA", env("GATEPOST_DATA", "/srv/gp", "XDG_DATA_HOME", "/x", "HOME", "/home/a"), "/srv/gp", false},
		{"XDG", env("XDG_DATA_HOME", "/x", "HOME", "/home/a"), "/x/gatepost", false},
		{"relative XDG ignored", env("XDG_DATA_HOME", "rel", "HOME", "/home/a"), "/home/a/.local/share/gatepost", false},
		{"HOME", env("HOME", "/home/a"), "/home/a/.local/share/gatepost", false},
		{"nothing", env(), "", true},
	}
	for _, tt := range tests {
		got, err := DataDir(tt.env)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("%s: DataDir = %q, %v; want %q (err %v)", tt.name, got, err, tt.want, tt.err)
		}
	}
	if DBPath("/d") != "/d/terminal.db" {
		t.Error(DBPath("/d"))
	}
}

func TestResolveClosed(t *testing.T) {
	c, err := ResolveClosed(nil)
	if err != nil || c.Health.Profile != gate.ProfileEpidemic || c.Health.NATHours != 48 || c.Rotation != gate.DefaultRotation {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = ResolveClosed(map[string]string{KeyProfile: "normal", KeyNATHours: "72", KeyRotCustodyDays: "21"})
	if err != nil || c.Health.Profile != gate.ProfileNormal || c.Health.NATHours != 72 || c.Rotation.Custody != 21 || c.Rotation.Observation != 7 {
		t.Fatalf("set: %+v %v", c, err)
	}
	if _, err := ResolveClosed(map[string]string{KeyProfile: "lockdown", KeyRotRestDays: "0"}); err == nil ||
		!strings.Contains(err.Error(), "setting profile") || !strings.Contains(err.Error(), "setting rotation.rest_days") {
		t.Fatalf("bad settings: %v", err)
	}
	for key, bad := range map[string]string{KeyProfile: "", KeyNATHours: "6", KeyRotStandbyDays: "91"} {
		if _, err := Normalize(key, bad); err == nil {
			t.Errorf("Normalize(%s, %q) accepted", key, bad)
		}
	}
	if v, err := Normalize(KeyProfile, " Epidemic "); err != nil || v != "epidemic" {
		t.Errorf("Normalize profile: %q %v", v, err)
	}
}

// Every decision setting is one `gatepost config` manages and validates;
// the language and the report's heading and signature settings change no
// decision.
func TestDecisionSettings(t *testing.T) {
	for _, k := range Keys {
		if Decision(k) == (k == KeyLang || strings.HasPrefix(k, "report.")) {
			t.Errorf("Decision(%q) = %v", k, Decision(k))
		}
	}
	for _, k := range record.DecisionSettings {
		if !ValidKey(k) {
			t.Errorf("decision setting %q is not a config key", k)
		}
	}
	for _, c := range []struct {
		v  string
		ok bool
	}{{"6", true}, {"8", true}, {"12", true}, {"4", false}, {"5", false}, {"13", false}, {"six", false}} {
		_, err := Normalize(KeySupervisorPINDigits, c.v)
		if (err == nil) != c.ok {
			t.Errorf("Normalize(pin digits, %q) = %v", c.v, err)
		}
	}
}

// FuzzReportSettings checks that the report settings never panic and that
// what Normalize stores it accepts again unchanged. The seed corpus is in
// testdata/fuzz/FuzzReportSettings.
func FuzzReportSettings(f *testing.F) {
	for _, s := range []string{"0512-66880000", "(0512) 6688 0000-801", "+86 512 6688 0000", "市司法局", " 江苏省青山强制隔离戒毒所 ", "a\u2028b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, key := range []string{KeyReportTo, KeyReportUnit, KeyReportPhone} {
			v, err := Normalize(key, in)
			if err != nil {
				continue
			}
			if again, err := Normalize(key, v); err != nil || again != v {
				t.Fatalf("%s: %q stored as %q, read back as %q (%v)", key, in, v, again, err)
			}
		}
	})
}

// The report's heading names are printed at the top of a 公文 and on
// terminals: one line, no control, escape or bidi characters, 1–40
// characters counted as characters, not bytes.
func TestNormalizeReportNames(t *testing.T) {
	long := strings.Repeat("司", 40)
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{" 市司法局 ", "市司法局", true},
		{long, long, true},
		{long + "局", "", false},
		{"", "", false},
		{"市司法局\n办公室", "", false},
		{"市司法局\x1b[2J", "", false},
		{"市司法\u202e局", "", false},
		{"市司法\u200f局", "", false},
		{"\xff市司法局", "", false},
	} {
		got, err := Normalize(KeyReportTo, tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("Normalize(report.to, %q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
