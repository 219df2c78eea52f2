package i18n

// The closed management and the daily measures on the console's screens
// (issues 10 and 11): the status on the decision line, the supervisor's
// clearance, gate 5's cold-chain origin, sample taker, fridge and discard,
// the cooks' morning check, and the roll-call's home-working staff.
func init() {
	for k, v := range map[string][2]string{
		// The status on a decision line.
		"st.line":        {"状态：%s", "Status: %s"},
		"st.changeover":  {"%s（轮换日）", "%s (change-over day)"},
		"st.standby.day": {"%s 第%d天", "%s day %d"},
		"st.overridden":  {"%s（特批）", "%s (overridden)"},

		// The clearance dialog.
		"key.clearance":                    {"解除", "clear"},
		"sup.clearance.title":              {"值班领导解除发热（密接）状态", "Supervisor: clear a fever or contact"},
		"clr.badge":                        {"人员警号", "Badge"},
		"clr.subject":                      {"解除事项", "Clears"},
		"clr.subject.fever":                {"发热", "fever"},
		"clr.subject.contact":              {"密接", "contact"},
		"clr.result":                       {"排查结果", "Result"},
		"clr.result.fever_clinic_excluded": {"发热门诊排除", "excluded at fever clinic"},
		"clr.result.nat_negative":          {"核酸阴性", "NAT negative"},
		"clr.result.observation_done":      {"观察期满无异常", "observation ended, no symptoms"},
		"clr.result.other":                 {"其他", "other"},
		"clr.summary":                      {"%s 的发热（密接）状态", "the fever or contact status of %s"},
		"clr.summary.none":                 {"请输入人员警号", "type the person's badge"},
		"clr.cannot":                       {"只能对发热异常或因发热、密接被拒绝的通行记录解除", "Only a fever incident or a crossing denied for a fever or contact can be cleared"},
		"clr.done":                         {"已解除：%s", "Cleared: %s"},
	} {
		messages[k] = v
	}
}
