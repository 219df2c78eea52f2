package i18n

// Strings of the third closed-management pass (issues 10 and 13): gate 3
// refusing to end standby with no negative nucleic-acid result on record,
// the key that records one from there, and the result's time in the
// clearance dialog.
func init() {
	for k, v := range map[string][2]string{
		"reason.g3.release_nat": {"结束备勤须有时限内核酸阴性结果（领导按 %s 录入）", "ending standby needs a recent negative NAT (supervisor: %s)"},
		"key.natresult":         {"录入核酸结果", "record NAT result"},
		"clr.resultat":          {"结果时间", "Result at"},
		"clr.resultat.hint":     {"核酸填采样时间，留空为当前时间", "NAT: when sampled; empty = now"},
		"err.clr.at.format":     {"结果时间看不懂：%q（例：8:30、11-28 8:30 或 24h）", "Result time not understood: %q (e.g. 8:30, 11-28 8:30 or 24h)"},
		"err.clr.at.future":     {"结果时间晚于现在：%q", "Result time is after now: %q"},
	} {
		messages[k] = v
	}
}
