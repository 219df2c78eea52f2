package i18n

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gatepost/record"
)

// verb matches a format verb, with its explicit argument index if any.
var verb = regexp.MustCompile(`%[-+# 0-9.]*(?:\[(\d+)\])?[-+# 0-9.]*([a-zA-Z%])`)

// argVerbs lists the verb each argument is printed with, in argument order,
// following fmt's rule that %[n] moves on to argument n: "%[2]d of %[1]d"
// takes the same arguments as "%d … %d".
func argVerbs(s string) []string {
	var out []string
	next := 0
	for _, m := range verb.FindAllStringSubmatch(s, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			n, _ := strconv.Atoi(m[1])
			next = n - 1
		}
		for len(out) <= next {
			out = append(out, "")
		}
		v := strings.Replace(m[0], "["+m[1]+"]", "", 1)
		if out[next] != "" && out[next] != v {
			out[next] += "|" + v
		}
		if out[next] == "" {
			out[next] = v
		}
		next++
	}
	return out
}

// Both columns of every message exist and take the same arguments with the
// same verbs, so no translation can drop or garble a value.
func TestCatalogComplete(t *testing.T) {
	if len(messages) < 400 {
		t.Fatalf("only %d messages: the catalogue did not load", len(messages))
	}
	for key, m := range messages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: empty translation %q", key, m)
		}
		zh, en := argVerbs(m[0]), argVerbs(m[1])
		if !slices.Equal(zh, en) {
			t.Errorf("%s: arguments differ: zh %v, en %v", key, zh, en)
		}
		for _, a := range zh {
			if a == "" || strings.Contains(a, "|") {
				t.Errorf("%s: an argument is skipped or printed two ways: %v", key, zh)
			}
		}
	}
}

func TestArgVerbs(t *testing.T) {
	for s, want := range map[string][]string{
		"%d of %d (%d%%)":       {"%d", "%d", "%d"},
		"%[2]d of %[1]d, %[3]d": {"%d", "%d", "%d"},
		"%[2]d of %[1]d, %d":    {"%d", "%d"},
		"%s: %q":                {"%s", "%q"},
		"%[3]s %[1]d %[2]d":     {"%d", "%d", "%s"},
		"no verbs, 100%% sure":  nil,
	} {
		if got := argVerbs(s); !slices.Equal(got, want) {
			t.Errorf("argVerbs(%q) = %v, want %v", s, got, want)
		}
	}
	// The check catches a translation that swaps two arguments' kinds.
	if slices.Equal(argVerbs("%s %d"), argVerbs("%d %s")) {
		t.Error("swapped verbs compare equal")
	}
}

func TestCatalogLanguage(t *testing.T) {
	for lang, zh := range map[string]bool{"zh-CN": true, "zh_CN.UTF-8": true, "zh": true, "en": false, "en_US.UTF-8": false, "C": false, "": false, "fr": false} {
		if got := NewCatalog(lang).Chinese(); got != zh {
			t.Errorf("%q: Chinese() = %v", lang, got)
		}
	}
	if got := NewCatalog("en").T("form.saved", 3002); got != "Saved: record 3002" {
		t.Errorf("got %q", got)
	}
	if got := NewCatalog("zh-CN").T("no.such.key"); got != "[no.such.key]" {
		t.Errorf("got %q", got)
	}
}

// An input error passes what was typed even to a message with no place for
// it (err.temp.empty): the message reads whole, with no %!(EXTRA …) tail.
func TestCatalogIgnoresSurplusArgs(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		c := NewCatalog(lang)
		for _, key := range []string{"err.temp.empty", "err.plate.empty"} {
			if got, want := c.T(key, ""), c.T(key); got != want {
				t.Errorf("%s %s: T with a surplus arg = %q, want %q", lang, key, got, want)
			}
		}
	}
}

type count int16

// A plural choice {one|other} in an English message follows the count
// printed just before it.
func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		f    string
		args []any
		want string
	}{
		{"%d fever{|s}", []any{1}, "1 fever"},
		{"%d fever{|s}", []any{2}, "2 fevers"},
		{"%d fever{|s}", []any{0}, "0 fevers"},
		{"%d facilit{y|ies}", []any{1}, "1 facility"},
		{"%d facilit{y|ies}", []any{21}, "21 facilities"},
		{"%d {person|people}", []any{1}, "1 person"},
		{"%d of %d zone{|s}, %d time{|s}", []any{1, 1, 3}, "1 of 1 zone, 3 times"},
		{"%d%% of %d fever{|s}", []any{50, 1}, "50% of 1 fever"},
		{"%s: %d abnormal finding{|s}", []any{"x", 1}, "x: 1 abnormal finding"},
		{"%[2]d of %[1]d {person|people} screened", []any{1, 1}, "1 of 1 person screened"},
		{"%[2]d of %[1]d {person|people}, %d fever{|s}", []any{2, 1, 1}, "1 of 2 people, 1 fever"},
		{"%d record{|s}", []any{int64(1)}, "1 record"},
		{"%d record{|s}", []any{uint8(1)}, "1 record"},
		{"%d record{|s}", []any{count(1)}, "1 record"},
		{"%d record{|s}", []any{count(3)}, "3 records"},
		{"no count {a|b}", nil, "no count b"},
		{"a brace { alone", nil, "a brace { alone"},
	} {
		got := fmt.Sprintf(plural(tc.f, tc.args), tc.args...)
		if got != tc.want {
			t.Errorf("%q %v = %q, want %q", tc.f, tc.args, got, tc.want)
		}
	}
}

// Every plural choice is well formed, in the English column only, and
// follows an integer: a choice after %s would never be "one".
func TestCatalogPluralChoices(t *testing.T) {
	choice := regexp.MustCompile(`\{[^{}|]*\|[^{}|]*\}`)
	seen := 0
	for key, m := range messages {
		if strings.ContainsAny(m[0], "{}") {
			t.Errorf("%s: a plural choice in Chinese: %q", key, m[0])
		}
		rest := choice.ReplaceAllString(m[1], "")
		if strings.ContainsAny(rest, "{}") {
			t.Errorf("%s: a malformed plural choice: %q", key, m[1])
		}
		for _, loc := range choice.FindAllStringIndex(m[1], -1) {
			seen++
			vs := verb.FindAllStringSubmatch(m[1][:loc[0]], -1)
			if len(vs) == 0 || vs[len(vs)-1][2] != "d" {
				t.Errorf("%s: the plural choice at %d does not follow a %%d: %q", key, loc[0], m[1])
			}
		}
	}
	if seen < 10 {
		t.Errorf("only %d plural choices: the English counts are not inflected", seen)
	}
	en := NewCatalog("en")
	for _, tc := range []struct {
		key  string
		args []any
		want string
	}{
		{"dm.r.abnormal", []any{1, "x"}, "1 abnormal finding today"},
		{"dm.r.abnormal", []any{2, "x"}, "2 abnormal findings today"},
		{"g4.list.page", []any{1, 1, 1}, "1 person"},
		{"g4.list.page", []any{1, 1, 7}, "7 people"},
	} {
		if got := en.T(tc.key, tc.args...); !strings.Contains(got, tc.want) {
			t.Errorf("%s %v = %q, want it to contain %q", tc.key, tc.args, got, tc.want)
		}
	}
	// Chinese takes the same arguments and has no plural.
	if got := NewCatalog("zh-CN").T("dm.r.abnormal", 1, "发热"); strings.ContainsAny(got, "{}|") {
		t.Errorf("zh: %q", got)
	}
}

// Every record kind has its name for the log (a passage's row reads its
// direction and who crossed instead).
func TestEveryKindNamed(t *testing.T) {
	for _, k := range record.Kinds {
		if _, ok := messages["kind."+string(k)]; !ok && k != record.Passage {
			t.Errorf("record kind %q has no kind.%s", k, k)
		}
	}
}
