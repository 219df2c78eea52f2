package i18n

// Strings of the second closed-management pass (issue 10): a sign-in refused
// on a terminal restored from an older backup, the rotation plan at gate 3,
// the negative nucleic-acid result that ends standby or observation.
func init() {
	for k, v := range map[string][2]string{
		"signin.hubahead": {"未签到：本机数据旧于市局平台（平台已有至第%d条，本机仅至第%d条），\n可能是用旧备份恢复的。请勿在本机登记，请立即联系管理员。",
			"Not signed in: this terminal is older than the hub's copy (hub at %d, here %d),\nprobably restored from an old backup. Do not record here; call the operator."},
		"f.rotation":            {"轮岗", "Rotation"},
		"g3.rot.period":         {"%s %s至%s", "%s %s to %s"},
		"g3.rot.none":           {"未列入轮岗计划", "not in the rotation plan"},
		"g3.rot.change":         {"下次轮换 %s", "change-over %s"},
		"g3.rot.today":          {"今日轮换", "change-over today"},
		"g3.rot.nochange":       {"计划内无轮换日", "no change-over planned"},
		"g3.rot.then":           {"之后%s（%s起）", "next %s %s"},
		"g3.rot.sep":            {"；", "; "},
		"reason.release_nat":    {"解除隔离须有时限内核酸阴性结果（领导按 c 录入）", "needs a recent negative NAT to leave (supervisor: c)"},
		"rs.release_nat":        {"解除隔离无核酸", "release: no NAT"},
		"clr.subject.isolation": {"解除隔离", "release"},
		"clr.cannot.any": {"只能对发热异常或因发热、密接、无解除隔离核酸被拒绝的记录录入",
			"Only a fever incident or a crossing denied for fever, contact or release NAT"},
		"st.leaving.standby":     {"备勤期满待核酸", "standby over, NAT due"},
		"st.leaving.observation": {"观察期满待核酸", "observation over, NAT due"},
	} {
		messages[k] = v
	}
}
