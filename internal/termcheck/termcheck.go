// Package termcheck decides, before the console starts, whether the
// terminal it would draw on can show it: the character set the locale
// announces, and whether the terminal can draw Chinese at all.
//
// The console writes UTF-8 and nothing else. A terminal set to another
// character set (LANG=zh_CN.GBK, a bare zh_CN, which glibc defines as
// GB2312) shows every Chinese word, arrow, degree sign and frame line as
// garbage — and, worse, sends the names a guard types in that character set,
// so they would be sealed garbled into a log that is never edited. So the
// console refuses to start there, with a message in the terminal's own
// character set telling how to switch it to UTF-8 (Check, Decision.Refuse).
//
// A terminal that speaks UTF-8 but has no CJK glyphs — the Linux text
// console, TERM=linux, whose fonts hold at most 512 characters — can still
// draw the English console: there the console falls back to English with a
// note (Decision.Lang).
//
// Everything here reads the environment through a getenv function, so every
// rule is table-tested.
package termcheck

import (
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// UTF8 is the only character set the console draws in.
const UTF8 = "UTF-8"

// Decision is what the terminal check found.
type Decision struct {
	// LocaleVar names the variable that sets the character set (LC_ALL,
	// LC_CTYPE or LANG) and Locale its value; both "" when none is set.
	LocaleVar, Locale string
	// Charset is the locale's character set, normalised (UTF-8, GBK,
	// GB2312, BIG5 …); "" when the locale does not say (C, POSIX, unset,
	// or a locale without a code set that has no known default).
	Charset string
	// Refuse is set when the terminal is known not to use UTF-8: the
	// console must not start.
	Refuse bool
	// Term is $TERM; NoCJK is set when that terminal cannot draw Chinese.
	Term  string
	NoCJK bool
}

// Check reads the locale and TERM from the environment. The variable that
// sets the character set is the first one set of LC_ALL, LC_CTYPE and
// LANG, as POSIX orders them (LC_MESSAGES, which picks the language, does
// not choose the character set).
func Check(getenv func(string) string) Decision {
	var d Decision
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			d.LocaleVar, d.Locale = k, v
			break
		}
	}
	d.Charset = Charset(d.Locale)
	d.Refuse = d.Charset != "" && d.Charset != UTF8
	d.Term = strings.TrimSpace(getenv("TERM"))
	d.NoCJK = noCJK(d.Term)
	return d
}

// legacyDefault is glibc's character set for CJK locales named without a
// code set: LANG=zh_CN means GB2312 there, not UTF-8.
var legacyDefault = map[string]string{
	"zh_cn": "GB2312", "zh_sg": "GB2312", "zh_tw": "BIG5", "zh_hk": "BIG5-HKSCS",
	"ja_jp": "EUC-JP", "ko_kr": "EUC-KR",
}

// Charset returns the character set a POSIX locale name announces
// ("zh_CN.UTF-8" → UTF-8, "zh_CN.gbk" → GBK, "zh_CN" → GB2312, "C" → "").
func Charset(locale string) string {
	l := strings.TrimSpace(locale)
	if i := strings.IndexByte(l, '@'); i >= 0 {
		l = l[:i]
	}
	name, cs, ok := strings.Cut(l, ".")
	if !ok {
		return legacyDefault[strings.ToLower(name)]
	}
	cs = strings.ToUpper(cs)
	switch strings.NewReplacer("-", "", "_", "").Replace(cs) {
	case "UTF8":
		return UTF8
	case "GBK", "CP936":
		return "GBK"
	case "GB18030":
		return "GB18030"
	case "GB2312", "EUCCN":
		return "GB2312"
	case "BIG5":
		return "BIG5"
	case "":
		return ""
	}
	return cs
}

// noCJK reports whether terminal type term cannot draw Chinese: the Linux
// and BSD text consoles, serial terminals, and "dumb".
func noCJK(term string) bool {
	t := strings.ToLower(term)
	switch {
	case t == "linux", strings.HasPrefix(t, "linux-"), t == "cons25", t == "dumb",
		strings.HasPrefix(t, "vt1"), strings.HasPrefix(t, "vt2"), t == "vt52":
		return true
	}
	return false
}

// Lang is the console's language on this terminal: want (zh-CN or en), or
// en with fellBack set when want is Chinese and the terminal cannot draw
// it.
func (d Decision) Lang(want string) (lang string, fellBack bool) {
	if d.NoCJK && strings.HasPrefix(want, "zh") {
		return "en", true
	}
	return want, false
}

// Chinese reports whether the refusal should be worded in Chinese: the
// locale is Chinese and its character set is one Encode can write (the GB
// family; a Big5 terminal gets English, since the catalogue's simplified
// characters are not all in Big5).
func (d Decision) Chinese() bool {
	return strings.HasPrefix(strings.ToLower(d.Locale), "zh") && d.encoder() != nil
}

// Encode converts UTF-8 text into the terminal's character set, so that a
// refusal can be read where UTF-8 cannot. A character the set lacks becomes
// its substitute; text for a character set without an encoder here is
// returned as it is (word it in ASCII then).
func (d Decision) Encode(s string) []byte {
	enc := d.encoder()
	if enc == nil {
		return []byte(s)
	}
	b, err := encoding.ReplaceUnsupported(enc).Bytes([]byte(s))
	if err != nil {
		return []byte(s)
	}
	return b
}

func (d Decision) encoder() *encoding.Encoder {
	switch d.Charset {
	case "GBK", "GB2312":
		// GB2312's characters are all in GBK: the message's common words
		// encode the same in both.
		return simplifiedchinese.GBK.NewEncoder()
	case "GB18030":
		return simplifiedchinese.GB18030.NewEncoder()
	}
	return nil
}
