package gate

import (
	"strconv"
	"strings"
	"time"
)

// Input error codes of ParseNATTime.
const (
	CodeNATFormat = "nat.format" // not a time the parser understands
	CodeNATFuture = "nat.future" // a sampling date after now
)

func init() { InputErrorCodes = append(InputErrorCodes, CodeNATFormat, CodeNATFuture) }

// ParseNATTime reads when the latest nucleic-acid sample was taken, as a
// guard types it off a phone's screen or a paper, relative to now (local
// time of now's location):
//
//   - "8:30", "08:30", "0830": that time today, or yesterday when today's
//     is still ahead (a sample yesterday evening is the common case);
//   - "11-28 8:30", "11/28 08:30", "11.28 0830": that day this year;
//   - "11-28": that day at 00:00, the earliest it can have been;
//   - "24", "24h", "24小时": that many hours ago (at most 999).
//
// Full-width digits and punctuation are folded first. A date after now is
// refused (CodeNATFuture) rather than taken for last year: it is far more
// likely a typo. Anything else is CodeNATFormat.
func ParseNATTime(s string, now time.Time) (time.Time, error) {
	c := strings.TrimSpace(fold(s))
	if c == "" {
		return time.Time{}, inputErr(CodeNATFormat, s)
	}
	loc := now.Location()
	if h, ok := strings.CutSuffix(c, "小时"); ok {
		c = strings.TrimSpace(h) + "h"
	}
	if h, ok := strings.CutSuffix(strings.ToLower(c), "h"); ok || (allDigits(c) && len(c) <= 3) {
		if !ok {
			h = c
		}
		n, err := strconv.Atoi(strings.TrimSpace(h))
		if err != nil || n < 0 || n > 999 || !allDigits(strings.TrimSpace(h)) {
			return time.Time{}, inputErr(CodeNATFormat, s)
		}
		return now.Add(-time.Duration(n) * time.Hour), nil
	}
	day, clock, hasDay := strings.Cut(c, " ")
	if !hasDay {
		if strings.ContainsAny(c, "-/.") {
			day, clock, hasDay = c, "", true
		} else {
			day, clock = "", c
		}
	}
	hh, mm := 0, 0
	if clock = strings.TrimSpace(clock); clock != "" {
		var ok bool
		if hh, mm, ok = parseClock(clock); !ok {
			return time.Time{}, inputErr(CodeNATFormat, s)
		}
	}
	if !hasDay {
		t := time.Date(now.Year(), now.Month(), now.Day(), hh, mm, 0, 0, loc)
		if t.After(now) {
			t = t.AddDate(0, 0, -1)
		}
		return t, nil
	}
	parts := strings.FieldsFunc(day, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(parts) != 2 || !allDigits(parts[0]) || !allDigits(parts[1]) || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return time.Time{}, inputErr(CodeNATFormat, s)
	}
	mo, _ := strconv.Atoi(parts[0])
	d, _ := strconv.Atoi(parts[1])
	t := time.Date(now.Year(), time.Month(mo), d, hh, mm, 0, 0, loc)
	if mo < 1 || mo > 12 || d < 1 || t.Day() != d {
		return time.Time{}, inputErr(CodeNATFormat, s) // 02-30 would roll over into March
	}
	if t.After(now) {
		return time.Time{}, inputErr(CodeNATFuture, s)
	}
	return t, nil
}

// parseClock reads "8:30", "08:30" or "0830".
func parseClock(s string) (h, m int, ok bool) {
	var hs, ms string
	switch {
	case strings.Contains(s, ":"):
		hs, ms, _ = strings.Cut(s, ":")
	case len(s) == 4:
		hs, ms = s[:2], s[2:]
	default:
		return 0, 0, false
	}
	if !allDigits(hs) || !allDigits(ms) || len(hs) < 1 || len(hs) > 2 || len(ms) != 2 {
		return 0, 0, false
	}
	h, _ = strconv.Atoi(hs)
	m, _ = strconv.Atoi(ms)
	return h, m, h < 24 && m < 60
}
