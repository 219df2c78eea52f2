package tui

import (
	"context"
	"strings"
	"testing"

	"gatepost/record"
	"gatepost/store"
)

// The log names what a purge erased — the category, how many, up to when —
// in the terminal's language, and never who.
func TestPurgeRowSaysWhatWasErased(t *testing.T) {
	for _, c := range []struct {
		lang string
		body record.IdentityPurgeBody
		want string
	}{
		{"zh-CN", record.IdentityPurgeBody{Category: "health", Count: 41, Before: "2026-10-03"}, "健康状况信息41条（截至2026-10-03）"},
		{"en", record.IdentityPurgeBody{Category: "health", Count: 41, Before: "2026-10-03"}, "41 health details (up to 2026-10-03)"},
		{"zh-CN", record.IdentityPurgeBody{Category: "visitor", Count: 2, Before: "2026-10-03"}, "来访人员身份信息2条（末次来访早于2026-10-03）"},
	} {
		d, st := newDriver(t, c.lang)
		ctx := context.Background()
		r, err := st.Append(ctx, store.Draft{Kind: record.IdentityPurge, At: fixedNow, Body: c.body})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := st.Page(ctx, store.PageQuery{Gate: 0, Day: store.Day(r.At), Limit: 10})
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows %v %v", rows, err)
		}
		if got := rowLine(d.m, rows[0], 6); !strings.Contains(got, c.want) {
			t.Errorf("%s: %q lacks %q", c.lang, got, c.want)
		}
	}
}
