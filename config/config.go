// Package config resolves where a terminal keeps its data and the console's
// settings (language, fever threshold, idle lock) from command-line flags,
// the settings stored in the terminal database and the environment.
//
// Precedence, highest first: a flag given on the command line, the setting
// stored with `gatepost config set` (or `gatepost init --lang`), the
// environment (for the language only), the built-in default.
//
// Everything here is pure: the environment is read through a getenv function
// and stored settings through a map, so every rule is table-tested.
package config

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"gatepost/gate"
	"gatepost/identity"
	"gatepost/record"
)

// Languages the console speaks.
const (
	LangZH = "zh-CN"
	LangEN = "en"
)

// Setting keys stored in the terminal database.
const (
	KeyLang     = "lang"
	KeyFever    = "fever"
	KeyIdleLock = "idle_lock"
	// Gate 5's meal-sample rules (§2: at least 125 g of each dish, kept at
	// least 48 h); a facility may be stricter.
	KeySampleGrams = "food.sample_min_grams"
	KeySampleHours = "food.sample_retain_hours"
	// Closed management (§11): the facility's epidemic profile, how recent a
	// nucleic-acid result must be at the main gate, and the default lengths
	// of rotation periods in days.
	KeyProfile          = "profile"
	KeyNATHours         = "nat_hours"
	KeyRotCustodyDays   = "rotation.custody_days"
	KeyRotObservingDays = "rotation.observation_days"
	KeyRotRestDays      = "rotation.rest_days"
	KeyRotStandbyDays   = "rotation.standby_days"
	// KeyScreeningSessions is how many times a day detainees are screened
	// (1 or 2: morning and evening, each with its own coverage).
	KeyScreeningSessions = "screening.sessions"
	// The shortest PIN a supervisor or an admin may be given (at least
	// auth's default of 6 digits; a facility may ask for more).
	KeySupervisorPINDigits = "pin.supervisor_min_digits"
	// The daily report as a 公文 (§13): to whom it goes (主送, default
	// 市司法局), the issuing unit's full name when it is not the facility's
	// name, and the contact phone of its signature block.
	KeyReportTo    = "report.to"
	KeyReportUnit  = "report.unit"
	KeyReportPhone = "report.phone"
	// Retention of the identity registry (§15): a visitor's (or a
	// vehicle's) identity is erased this many days after the last record
	// that named it.
	KeyRetentionVisitorDays = "retention.visitor_days"
	KeyRetentionVehicleDays = "retention.vehicle_days"
	// KeyRetentionHealthDays: health details tied to a person (symptoms
	// answers, the epidemic profile's questions at the main gate) are
	// erased this many days after the epidemic profile was switched off.
	KeyRetentionHealthDays = "retention.health_days"
)

// DefaultRetentionDays is how long an identity is kept after its last
// visit when the facility has not set it.
const DefaultRetentionDays = 30

// Retention is the retention of each identity category in days, from the
// stored settings.
func Retention(settings map[string]string) map[identity.Category]int {
	return map[identity.Category]int{
		identity.Visitor: RetentionDays(settings, KeyRetentionVisitorDays),
		identity.Vehicle: RetentionDays(settings, KeyRetentionVehicleDays),
		identity.Health:  RetentionDays(settings, KeyRetentionHealthDays),
	}
}

// RetentionDays reads a category's retention setting (KeyRetention…Days)
// from the stored settings, DefaultRetentionDays when unset or unreadable.
func RetentionDays(settings map[string]string, key string) int {
	if v, err := Normalize(key, settings[key]); err == nil && strings.TrimSpace(settings[key]) != "" {
		n, _ := strconv.Atoi(v)
		return n
	}
	return DefaultRetentionDays
}

// Keys lists every setting key `gatepost config` accepts.
var Keys = []string{KeyLang, KeyFever, KeyIdleLock, KeySampleGrams, KeySampleHours, KeySupervisorPINDigits,
	KeyProfile, KeyNATHours, KeyRotCustodyDays, KeyRotObservingDays, KeyRotRestDays, KeyRotStandbyDays,
	KeyScreeningSessions, KeyReportTo, KeyReportUnit, KeyReportPhone, KeyRetentionVisitorDays, KeyRetentionVehicleDays,
	KeyRetentionHealthDays}

// Decision reports whether a change of key changes what the console
// decides or demands, and so is written to the log as a config.change
// record (record.DecisionSettings).
func Decision(key string) bool { return slices.Contains(record.DecisionSettings, key) }

// Defaults.
const (
	DefaultFever    = gate.DefaultFever // 37.3 °C
	DefaultIdleLock = 5 * time.Minute
)

// Bounds of the settings. A fever threshold outside 37.0–39.0 °C is a typo
// (it would make everyone, or nobody, a fever case); an idle lock longer than
// a shift is no lock at all.
const (
	MinFever    record.Tenths = 370
	MaxFever    record.Tenths = 390
	MinIdleLock               = 30 * time.Second
	MaxIdleLock               = 12 * time.Hour
)

// EnvData is the environment variable that names the data directory.
const EnvData = "GATEPOST_DATA"

// DBName is the terminal database's file name inside the data directory.
const DBName = "terminal.db"

// DBPath is the terminal database inside data directory dir.
func DBPath(dir string) string { return filepath.Join(dir, DBName) }

// ParseLang reads a language the user chose (flag or setting): "zh-CN",
// "zh", "zh_CN.UTF-8", "en", "en-GB", … It returns LangZH or LangEN, or an
// error for any other language, since the console has no other catalogue.
func ParseLang(s string) (string, error) {
	tag, ok := parseLocale(s)
	if !ok {
		return "", fmt.Errorf("language %q: use zh-CN or en", s)
	}
	switch base(tag) {
	case "zh":
		return LangZH, nil
	case "en":
		return LangEN, nil
	}
	return "", fmt.Errorf("language %q is not available: use zh-CN or en", s)
}

// LangFromEnv picks the language from the POSIX locale variables, in their
// order of precedence LC_ALL, LC_MESSAGES, LANG (the first one set wins).
// A Chinese locale (zh, zh_CN.UTF-8, zh_TW, …) gives zh-CN; anything else,
// including C, POSIX and no locale at all, gives en: a terminal whose
// operator set no Chinese locale is usually one where Chinese glyphs would
// not render.
func LangFromEnv(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(k)
		if v == "" {
			continue
		}
		if tag, ok := parseLocale(v); ok && base(tag) == "zh" {
			return LangZH
		}
		return LangEN
	}
	return LangEN
}

// parseLocale turns a POSIX locale ("zh_CN.UTF-8@euro") or a BCP 47 tag
// ("zh-Hans-CN") into a language tag.
func parseLocale(s string) (language.Tag, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	s = strings.ReplaceAll(s, "_", "-")
	if s == "" || s == "C" || s == "POSIX" {
		return language.Und, false
	}
	tag, err := language.Parse(s)
	if err != nil || tag == language.Und {
		return language.Und, false
	}
	return tag, true
}

func base(t language.Tag) string {
	b, _ := t.Base()
	return b.String()
}

// ParseFever reads a fever threshold in °C ("37.3", "37,3", "373"), using
// the console's own temperature parser, and checks it lies in 37.0–39.0.
func ParseFever(s string) (record.Tenths, error) {
	t, err := gate.ParseTemperature(s)
	if err != nil && !isImplausible(err) {
		return 0, fmt.Errorf("fever threshold %q: not a temperature (e.g. 37.3)", s)
	}
	if t < MinFever || t > MaxFever {
		return 0, fmt.Errorf("fever threshold %q: must be %s–%s °C", s, MinFever, MaxFever)
	}
	return t, nil
}

func isImplausible(err error) bool {
	var ie *gate.InputError
	return errors.As(err, &ie) && ie.Code == gate.CodeTempImplausible
}

// ParseIdleLock reads the idle lock time: a Go duration ("5m", "90s",
// "1h30m"), a bare number of minutes ("5"), or "0"/"off" for never. Other
// values must lie in 30s–12h.
func ParseIdleLock(s string) (time.Duration, error) {
	v := strings.TrimSpace(strings.ToLower(s))
	switch v {
	case "0", "off", "never", "none":
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		m, err2 := strconv.ParseFloat(v, 64)
		if err2 != nil || math.IsNaN(m) || math.IsInf(m, 0) || m > MaxIdleLock.Minutes() || m < 0 {
			return 0, fmt.Errorf("idle lock %q: use a duration such as 5m or 90s, or off", s)
		}
		d = time.Duration(m * float64(time.Minute))
	}
	if d == 0 {
		return 0, nil
	}
	if d < MinIdleLock || d > MaxIdleLock {
		return 0, fmt.Errorf("idle lock %q: must be between %s and %s, or off", s, MinIdleLock, MaxIdleLock)
	}
	return d, nil
}

// FormatIdleLock writes d the way ParseIdleLock reads it back.
func FormatIdleLock(d time.Duration) string {
	if d == 0 {
		return "off"
	}
	s := d.String() // "5m0s", "1h0m0s", "1m30s"
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// Normalize validates a value for setting key and returns the form it is
// stored in ("zh_CN.UTF-8" → "zh-CN", "373" → "37.3", "300s" → "5m").
func Normalize(key, value string) (string, error) {
	switch key {
	case KeyLang:
		return ParseLang(value)
	case KeyFever:
		t, err := ParseFever(value)
		if err != nil {
			return "", err
		}
		return t.String(), nil
	case KeyIdleLock:
		d, err := ParseIdleLock(value)
		if err != nil {
			return "", err
		}
		return FormatIdleLock(d), nil
	case KeySampleGrams:
		return boundedInt(value, "grams per dish", gate.DefaultSampleGrams, 1000)
	case KeySampleHours:
		return boundedInt(value, "hours", gate.DefaultRetainHours, 24*14)
	case KeyProfile:
		p, ok := gate.ParseProfile(strings.ToLower(strings.TrimSpace(value)))
		if !ok || strings.TrimSpace(value) == "" {
			return "", fmt.Errorf("%q: the profile is epidemic or normal", value)
		}
		return string(p), nil
	case KeyNATHours:
		return boundedInt(value, "hours", 12, 24*14)
	case KeyRotCustodyDays, KeyRotObservingDays, KeyRotRestDays, KeyRotStandbyDays:
		return boundedInt(value, "days", 1, 90)
	case KeyScreeningSessions:
		return boundedInt(value, "screening sessions a day", 1, 2)
	case KeyRetentionVisitorDays, KeyRetentionVehicleDays, KeyRetentionHealthDays:
		return boundedInt(value, "days", 1, 3650)
	case KeySupervisorPINDigits:
		return boundedInt(value, "digits of a supervisor's PIN", 6, 12)
	case KeyReportTo, KeyReportUnit:
		return docText(value, 40)
	case KeyReportPhone:
		return reportPhone(value)
	}
	return "", fmt.Errorf("unknown setting %q: use one of %s", key, strings.Join(Keys, ", "))
}

// ValidKey reports whether key is a setting `gatepost config` manages.
func ValidKey(key string) bool { return slices.Contains(Keys, key) }

// Console is the console's resolved settings.
type Console struct {
	Lang     string        // LangZH or LangEN
	Fever    record.Tenths // fever threshold
	IdleLock time.Duration // 0: never lock
}

// Inputs are the sources Resolve reads.
type Inputs struct {
	// Flags given on the command line; "" means not given.
	Lang, Fever, IdleLock string
	// Settings stored in the terminal database, by key; missing or "" means unset.
	Settings map[string]string
	// Getenv reads the environment (os.Getenv); nil means an empty environment.
	Getenv func(string) string
}

// Resolve applies the precedence flag > stored setting > environment (lang
// only) > default. A bad flag or a bad stored setting is an error that names
// where the value came from, so the user knows what to fix.
func Resolve(in Inputs) (Console, error) {
	getenv := in.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	c := Console{Lang: LangFromEnv(getenv), Fever: DefaultFever, IdleLock: DefaultIdleLock}
	var errs []error

	pick := func(key, flag string) (value, from string) {
		if flag != "" {
			return flag, "--" + strings.ReplaceAll(key, "_", "-")
		}
		if v := strings.TrimSpace(in.Settings[key]); v != "" {
			return v, "setting " + key
		}
		return "", ""
	}
	if v, from := pick(KeyLang, in.Lang); v != "" {
		l, err := ParseLang(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", from, err))
		}
		c.Lang = l
	}
	if v, from := pick(KeyFever, in.Fever); v != "" {
		t, err := ParseFever(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", from, err))
		}
		c.Fever = t
	}
	if v, from := pick(KeyIdleLock, in.IdleLock); v != "" {
		d, err := ParseIdleLock(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", from, err))
		}
		c.IdleLock = d
	}
	if err := errors.Join(errs...); err != nil {
		return Console{}, err
	}
	return c, nil
}

// boundedInt accepts a whole number from lo to hi. The lower bound of the
// sample rules is the regulation's own minimum: a setting may be stricter,
// never looser.
func boundedInt(value, what string, lo, hi int) (string, error) {
	n, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil || n < lo || n > hi {
		return "", fmt.Errorf("%q: %s must be a whole number from %d to %d", value, what, lo, hi)
	}
	return strconv.Itoa(n), nil
}

// Closed is a facility's closed-management settings (§11), resolved from the
// stored settings with their defaults.
type Closed struct {
	Health   gate.HealthConfig
	Rotation gate.RotationDefaults
}

// ResolveClosed reads the closed-management settings. A stored value that
// does not parse (written by hand into the database) is an error naming the
// key, as Resolve does for the console's settings.
func ResolveClosed(settings map[string]string) (Closed, error) {
	c := Closed{Health: gate.HealthConfig{Profile: gate.ProfileEpidemic, NATHours: gate.DefaultNATHours}, Rotation: gate.DefaultRotation}
	var errs []error
	get := func(key string) (string, bool) {
		v := strings.TrimSpace(settings[key])
		if v == "" {
			return "", false
		}
		n, err := Normalize(key, v)
		if err != nil {
			errs = append(errs, fmt.Errorf("setting %s: %w", key, err))
			return "", false
		}
		return n, true
	}
	if v, ok := get(KeyProfile); ok {
		c.Health.Profile = gate.Profile(v)
	}
	for _, x := range []struct {
		key string
		dst *int
	}{
		{KeyNATHours, &c.Health.NATHours},
		{KeyRotCustodyDays, &c.Rotation.Custody},
		{KeyRotObservingDays, &c.Rotation.Observation},
		{KeyRotRestDays, &c.Rotation.Rest},
		{KeyRotStandbyDays, &c.Rotation.Standby},
	} {
		if v, ok := get(x.key); ok {
			*x.dst, _ = strconv.Atoi(v) // Normalize returned a whole number
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Closed{}, err
	}
	return c, nil
}

// docText accepts a name for the report's heading: one line of printable
// text, at most max characters (a unit's full name, "市司法局").
func docText(value string, limit int) (string, error) {
	v := strings.TrimSpace(value)
	if gate.HasControls(v, false) {
		return "", fmt.Errorf("%q: one line of text, without control characters", value)
	}
	if n := utf8.RuneCountInString(v); n == 0 || n > limit {
		return "", fmt.Errorf("%q: give a name of 1 to %d characters", value, limit)
	}
	return v, nil
}

// reportPhone accepts a contact phone as offices write it: digits with
// hyphens, spaces, parentheses or a leading +, 5 to 20 digits in all
// ("0512-66880000", "(0512) 6688 0000-801").
func reportPhone(value string) (string, error) {
	v := strings.TrimSpace(value)
	digits := 0
	for i, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '-' || r == ' ' || r == '(' || r == ')' || (r == '+' && i == 0):
		default:
			return "", fmt.Errorf("%q: a phone number has digits, hyphens, spaces and parentheses only", value)
		}
	}
	if digits < 5 || digits > 20 {
		return "", fmt.Errorf("%q: a phone number has 5 to 20 digits", value)
	}
	return v, nil
}
