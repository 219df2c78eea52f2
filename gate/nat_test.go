package gate

import (
	"errors"
	"testing"
	"time"
)

func TestParseNATTime(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 11, 29, 9, 30, 0, 0, cst)
	at := func(mo time.Month, d, h, m int) time.Time { return time.Date(2026, mo, d, h, m, 0, 0, cst) }
	for _, c := range []struct {
		in   string
		want time.Time
		code string
	}{
		{"8:30", at(11, 29, 8, 30), ""},
		{"08:30", at(11, 29, 8, 30), ""},
		{"0830", at(11, 29, 8, 30), ""},
		{"０８：３０", at(11, 29, 8, 30), ""},  // full-width, as an input method types it
		{"21:15", at(11, 28, 21, 15), ""}, // still ahead today: yesterday evening
		{"11-28 8:30", at(11, 28, 8, 30), ""},
		{"11/28 08:30", at(11, 28, 8, 30), ""},
		{"11.28 0830", at(11, 28, 8, 30), ""},
		{"11-28", at(11, 28, 0, 0), ""},
		{"24", now.Add(-24 * time.Hour), ""},
		{"24h", now.Add(-24 * time.Hour), ""},
		{"36小时", now.Add(-36 * time.Hour), ""},
		{"0", now, ""},
		{"", time.Time{}, CodeNATFormat},
		{"h", time.Time{}, CodeNATFormat},
		{"-5h", time.Time{}, CodeNATFormat},
		{"1000", at(11, 28, 10, 0), ""},      // four digits are a clock, 10:00 still ahead today…
		{"2500", time.Time{}, CodeNATFormat}, // …and 25:00 is none
		{"8:3", time.Time{}, CodeNATFormat},
		{"8:60", time.Time{}, CodeNATFormat},
		{"02-30", time.Time{}, CodeNATFormat},
		{"13-01", time.Time{}, CodeNATFormat},
		{"2026-11-28", time.Time{}, CodeNATFormat},
		{"11-30 08:00", time.Time{}, CodeNATFuture},
		{"昨天", time.Time{}, CodeNATFormat},
	} {
		got, err := ParseNATTime(c.in, now)
		var ie *InputError
		switch {
		case c.code == "" && (err != nil || !got.Equal(c.want)):
			t.Errorf("ParseNATTime(%q) = %v, %v; want %v", c.in, got, err, c.want)
		case c.code != "" && (!errors.As(err, &ie) || ie.Code != c.code || ie.Input != c.in):
			t.Errorf("ParseNATTime(%q) = %v, %v; want code %s keeping the input", c.in, got, err, c.code)
		}
	}
}

func FuzzParseNATTime(f *testing.F) {
	for _, s := range []string{"8:30", "0830", "11-28 8:30", "24h", "36小时", "02-30", "", "１１－２８"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 29, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseNATTime(s, now)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || (ie.Code != CodeNATFormat && ie.Code != CodeNATFuture) {
				t.Fatalf("ParseNATTime(%q): %v is not an input error of its own", s, err)
			}
			return
		}
		if got.After(now) {
			t.Fatalf("ParseNATTime(%q) = %v, after now", s, got)
		}
	})
}
