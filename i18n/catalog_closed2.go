package i18n

// Strings of the second closed-management pass (issue 10): a sign-in refused
// on a terminal restored from an older backup, the rotation plan at gate 3,
// the negative nucleic-acid result that ends standby or observation.
func init() {
	for k, v := range map[string][2]string{
		"signin.hubahead": {"未签到：本机数据旧于市局平台（平台已有至第%d条，本机仅至第%d条），\n可能是用旧备份恢复的。请勿在本机登记，请立即联系管理员。",
			"Not signed in: this terminal is older than the hub's copy (hub at %d, here %d),\nprobably restored from an old backup. Do not record here; call the operator."},
	} {
		messages[k] = v
	}
}
