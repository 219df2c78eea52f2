package i18n

// Messages of the identity registry (§15) and the main gate's health
// questions (§11 point 4).
func init() {
	for k, v := range map[string][2]string{
		"kind.identity.export": {"导出身份信息（未脱敏）", "identity export (unmasked)"},
		"kind.identity.purge":  {"按规定删除身份信息", "identities erased per policy"},
		"ident.purge.failed":   {"按规定删除身份信息未完成：%s", "Erasing identities per policy failed: %s"},
		"gw.erased":            {"本期记录所涉%d名来访人员等的身份信息已按规定删除，上述数字不受影响。", "The identities of %d visitors and others named in this period's records were erased per the retention policy; the figures above still count them."},
		"ident.erased":         {"（已按规定删除）", "(erased per policy)"},

		"f.hcode":      {"健康码", "Health code"},
		"f.nat":        {"核酸采样", "Sampled"},
		"f.risk":       {"旅居史", "Travel"},
		"f.phone":      {"联系电话", "Phone"},
		"f.workunit":   {"工作单位", "Work unit"},
		"f.visiting":   {"被访人", "Visiting"},
		"hcode.green":  {"绿码", "Green"},
		"hcode.yellow": {"黄码", "Yellow"},
		"hcode.red":    {"红码", "Red"},
		// Travel from a listed risk area in the days the profile asks about.
		"risk.no":  {"无", "No"},
		"risk.yes": {"有", "Yes"},

		"err.nat.format": {"核酸采样时间看不懂：%q（例：8:30、11-28 8:30 或 24h）", "Sampling time not understood: %q (e.g. 8:30, 11-28 8:30 or 24h)"},
		"err.nat.future": {"核酸采样时间晚于现在：%q", "Sampling time is after now: %q"},
	} {
		messages[k] = v
	}
}
