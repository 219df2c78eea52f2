package i18n

// Messages of the identity registry (§15) and the main gate's health
// questions (§11 point 4).
func init() {
	for k, v := range map[string][2]string{
		"ident.erased": {"（已按规定删除）", "(erased per policy)"},

		"err.nat.format": {"核酸采样时间看不懂：%q（例：8:30、11-28 8:30 或 24h）", "Sampling time not understood: %q (e.g. 8:30, 11-28 8:30 or 24h)"},
		"err.nat.future": {"核酸采样时间晚于现在：%q", "Sampling time is after now: %q"},
	} {
		messages[k] = v
	}
}
