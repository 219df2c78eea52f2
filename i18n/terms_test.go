package i18n

import (
	"regexp"
	"testing"
)

// One term for each thing, everywhere (SPEC §11, WORDING.md): the catalogue
// never says a thing a second way. Each rule is a pattern no message may
// match, in the column it applies to, and why.
func TestOneRenderingPerTerm(t *testing.T) {
	rules := []struct {
		col  int // 0 zh-CN, 1 en
		bad  string
		want string
	}{
		{0, `(^|[^警])职工`, "民警职工, not 职工 alone"},
		{0, `验收`, "进货查验, the statutory term, not 验收"},
		{0, `批次`, "批号 for a batch number, 批 to count deliveries"},
		{0, `号门`, "第一关…第五关, the source's 五道关口, not 1号门"},
		{0, `报到`, "每日健康监测 for standby check-ins: 报到 is reporting for arrival"},
		{0, `工号`, "警号, the police badge number"},
		{0, `未定`, "未安排 for an office day not yet set"},
		{0, `空着`, "留空为当前时间"},
		{0, `食品安全|每日措施`, "伙房 for the fifth zone, 四项措施 for the daily measures"},
		{0, `今日名单`, "今日到岗名单, the list's one name"},
		{0, `中心`, "市局平台 for the hub: 中心 is vague"},
		{0, `押解证|押解程序`, "出所审批: 押解证 is not a document"},
		{1, `(?i)food safety`, "Kitchen for the fifth zone"},
		{1, `(?i)\bgaps\b`, "Assessment, the source's 日研判"},
		{1, `(?i)check-in`, "health check for standby (每日健康监测)"},
		{1, `(?i)\bunset\b`, "not set"},
		{1, `(?i)\bno pass\b`, "without pass"},
	}
	for _, r := range rules {
		re := regexp.MustCompile(r.bad)
		for key, m := range messages {
			if re.MatchString(m[r.col]) {
				t.Errorf("%s: %q — want %s", key, m[r.col], r.want)
			}
		}
	}
}

// The terms are rendered: the gates' titles name the pass and the zone.
func TestGateTitles(t *testing.T) {
	zh, en := NewCatalog("zh-CN"), NewCatalog("en")
	for g, want := range map[int][2]string{
		0: {"四项措施", "Daily measures"},
		1: {"第一关 场所大门", "Gate 1 · Main gate"},
		5: {"第五关 伙房", "Gate 5 · Kitchen"},
	} {
		if got := zh.GateTitle(g); got != want[0] {
			t.Errorf("zh gate %d: %q, want %q", g, got, want[0])
		}
		if got := en.GateTitle(g); got != want[1] {
			t.Errorf("en gate %d: %q, want %q", g, got, want[1])
		}
	}
	if got := zh.GateTag(3); got != "第三关" {
		t.Errorf("zh tag 3: %q", got)
	}
	if got := en.GateTag(3); got != "Gate 3" {
		t.Errorf("en tag 3: %q", got)
	}
}
