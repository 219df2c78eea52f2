package termcheck

import (
	"bytes"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name              string
		env               func(string) string
		variable, charset string
		refuse, noCJK     bool
	}{
		{"UTF-8 Chinese", env("LANG", "zh_CN.UTF-8", "TERM", "xterm-256color"), "LANG", "UTF-8", false, false},
		{"utf8 spelled small", env("LANG", "zh_CN.utf8"), "LANG", "UTF-8", false, false},
		{"GBK", env("LANG", "zh_CN.GBK"), "LANG", "GBK", true, false},
		{"gbk small", env("LANG", "zh_CN.gbk"), "LANG", "GBK", true, false},
		{"GB18030", env("LANG", "zh_CN.GB18030"), "LANG", "GB18030", true, false},
		{"bare zh_CN is GB2312 on glibc", env("LANG", "zh_CN"), "LANG", "GB2312", true, false},
		{"bare zh_TW is Big5", env("LANG", "zh_TW"), "LANG", "BIG5", true, false},
		{"Latin-1", env("LANG", "en_US.ISO-8859-1"), "LANG", "ISO-8859-1", true, false},
		{"euro modifier", env("LANG", "de_DE.UTF-8@euro"), "LANG", "UTF-8", false, false},
		// LC_ALL overrides LC_CTYPE, which overrides LANG; LC_MESSAGES only
		// picks the language.
		{"LC_ALL wins", env("LC_ALL", "zh_CN.GBK", "LC_CTYPE", "C.UTF-8", "LANG", "zh_CN.UTF-8"), "LC_ALL", "GBK", true, false},
		{"LC_ALL UTF-8 rescues", env("LC_ALL", "C.UTF-8", "LANG", "zh_CN.GBK"), "LC_ALL", "UTF-8", false, false},
		{"LC_CTYPE over LANG", env("LC_CTYPE", "zh_CN.UTF-8", "LANG", "zh_CN.GBK"), "LC_CTYPE", "UTF-8", false, false},
		{"LC_MESSAGES is not the charset", env("LC_MESSAGES", "zh_CN.GBK", "LANG", "en_US.UTF-8"), "LANG", "UTF-8", false, false},
		// Unknown: no locale at all (a Windows console, a systemd unit,
		// many SSH sessions): the console starts.
		{"no locale", env(), "", "", false, false},
		{"C", env("LANG", "C"), "LANG", "", false, false},
		{"POSIX", env("LC_ALL", "POSIX"), "LC_ALL", "", false, false},
		{"bare en_US unknown", env("LANG", "en_US"), "LANG", "", false, false},
		{"BCP 47 tag", env("LANG", "zh-Hans-CN"), "LANG", "", false, false},
		{"Linux console", env("LANG", "zh_CN.UTF-8", "TERM", "linux"), "LANG", "UTF-8", false, true},
		{"Linux console 16 colours", env("LANG", "zh_CN.UTF-8", "TERM", "linux-16color"), "LANG", "UTF-8", false, true},
		{"serial vt220", env("TERM", "vt220"), "", "", false, true},
		{"FreeBSD console", env("TERM", "cons25"), "", "", false, true},
		{"tmux", env("TERM", "tmux-256color"), "", "", false, false},
		{"screen", env("TERM", "screen"), "", "", false, false},
	}
	for _, tc := range tests {
		d := Check(tc.env)
		if d.LocaleVar != tc.variable || d.Charset != tc.charset || d.Refuse != tc.refuse || d.NoCJK != tc.noCJK {
			t.Errorf("%s: %+v; want var %q charset %q refuse %v noCJK %v", tc.name, d, tc.variable, tc.charset, tc.refuse, tc.noCJK)
		}
	}
}

func TestLang(t *testing.T) {
	linux := Check(env("LANG", "zh_CN.UTF-8", "TERM", "linux"))
	xterm := Check(env("LANG", "zh_CN.UTF-8", "TERM", "xterm"))
	for _, tc := range []struct {
		d        Decision
		want     string
		lang     string
		fellBack bool
	}{
		{linux, "zh-CN", "en", true},
		{linux, "en", "en", false},
		{xterm, "zh-CN", "zh-CN", false},
		{xterm, "en", "en", false},
	} {
		if lang, fb := tc.d.Lang(tc.want); lang != tc.lang || fb != tc.fellBack {
			t.Errorf("TERM=%s Lang(%s) = %s %v; want %s %v", tc.d.Term, tc.want, lang, fb, tc.lang, tc.fellBack)
		}
	}
}

func TestEncode(t *testing.T) {
	msg := "终端字符集为 GBK，请设为 UTF-8。"
	gbk := Check(env("LANG", "zh_CN.GBK"))
	if !gbk.Chinese() {
		t.Fatal("a GBK Chinese terminal should get the Chinese message")
	}
	b := gbk.Encode(msg)
	if bytes.Equal(b, []byte(msg)) {
		t.Fatal("not encoded")
	}
	back, err := simplifiedchinese.GBK.NewDecoder().Bytes(b)
	if err != nil || string(back) != msg {
		t.Fatalf("GBK round trip: %q %v", back, err)
	}
	if b := Check(env("LANG", "zh_CN")).Encode(msg); bytes.Equal(b, []byte(msg)) {
		t.Fatal("bare zh_CN (GB2312) not encoded")
	}
	// Big5 and Latin-1 terminals get the English (ASCII) message, as is.
	for _, loc := range []string{"zh_TW.BIG5", "en_US.ISO-8859-1"} {
		d := Check(env("LANG", loc))
		if d.Chinese() {
			t.Errorf("%s: Chinese message on a terminal that cannot show it all", loc)
		}
		if got := d.Encode("plain"); string(got) != "plain" {
			t.Errorf("%s: %q", loc, got)
		}
	}
	// A character GBK lacks becomes a substitute, never an error or a
	// dropped message.
	if b := gbk.Encode("a\U0001F600b"); len(b) < 3 || b[0] != 'a' || b[len(b)-1] != 'b' {
		t.Fatalf("unencodable: %q", b)
	}
}

func FuzzCharset(f *testing.F) {
	for _, s := range []string{"zh_CN.UTF-8", "zh_CN.GBK", "zh_CN", "C", "", ".", "@", "zh_CN.@x", "a.b.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cs := Charset(s)
		d := Check(env("LANG", s))
		if d.Charset != cs || d.Refuse != (cs != "" && cs != UTF8) {
			t.Fatalf("%q: Check %+v, Charset %q", s, d, cs)
		}
	})
}
