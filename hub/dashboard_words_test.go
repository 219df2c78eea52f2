package hub

import (
	"regexp"
	"strings"
	"testing"

	"gatepost/i18n"
)

// Every word the dashboard's template asks for ({{.T.name}}) is in the
// shared catalogue under hub.d.name, in both languages; a missing one would
// render as an empty cell.
func TestDashboardWordsAreInTheCatalogue(t *testing.T) {
	used := regexp.MustCompile(`\.T\.([a-z_]+)`).FindAllStringSubmatch(dashboardHTML, -1)
	if len(used) < 30 {
		t.Fatalf("only %d words found in the template: the pattern is broken", len(used))
	}
	for _, lang := range []string{"zh-CN", "en"} {
		T := dashWords(i18n.NewCatalog(lang))
		for _, u := range used {
			if T[u[1]] == "" {
				t.Errorf("%s: {{.T.%s}} has no hub.d.%s", lang, u[1], u[1])
			}
		}
		// The Chinese page uses full-width punctuation throughout.
		if lang == "zh-CN" {
			for name, w := range T {
				if strings.ContainsAny(w, "():;") {
					t.Errorf("hub.d.%s has half-width punctuation: %q", name, w)
				}
			}
		}
	}
}

func TestReportState(t *testing.T) {
	zh, en := i18n.NewCatalog("zh-CN"), i18n.NewCatalog("en")
	for _, c := range []struct {
		body, zh, en string
	}{
		{`{"day":"2026-11-28","zero":true,"abnormal":[]}`, "已报（无异常）", "received (nothing abnormal)"},
		{`{"day":"2026-11-28","zero":false,"abnormal":["fever","unscreened"]}`, "已报（异常2项）", "received (2 abnormal findings)"},
		{`{"day":"2026-11-28","zero":false,"abnormal":["fever"]}`, "已报（异常1项）", "received (1 abnormal finding)"},
		{`{"nothing_abnormal":false}`, "已报", "received"},
		{`not json`, "已报", "received"},
	} {
		if got := reportState(zh, []byte(c.body)); got != c.zh {
			t.Errorf("%s: zh %q, want %q", c.body, got, c.zh)
		}
		if got := reportState(en, []byte(c.body)); got != c.en {
			t.Errorf("%s: en %q, want %q", c.body, got, c.en)
		}
	}
}
