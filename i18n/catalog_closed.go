package i18n

// Closed management (§11): the status reasons of every gate, the health
// checks of the main gate, and the statuses themselves.
func init() {
	for k, v := range map[string][2]string{
		"rs.fever_barred":        {"发热未解除", "fever, not cleared"},
		"rs.recheck_pending":     {"待复测", "awaiting recheck"},
		"rs.observation":         {"隔离观察期", "in observation"},
		"rs.rest":                {"轮休在外", "resting off site"},
		"rs.not_changeover":      {"非轮换日", "not their change-over"},
		"rs.contact":             {"密接未解除", "contact"},
		"rs.called_up":           {"紧急调用", "called up"},
		"rs.changeover":          {"轮换进出", "change-over"},
		"rs.health_code":         {"健康码非绿码", "health code not green"},
		"rs.no_nat":              {"无有效核酸证明", "no recent negative NAT"},
		"rs.risk_area":           {"来自风险地区", "from a risk area"},
		"rs.visitor_info":        {"来访信息不全", "visitor details missing"},
		"rs.health_unread":       {"未核验健康信息", "health checks not asked"},
		"reason.fever_barred":    {"发热确诊后尚未解除（须值班领导录入排查结果），任何关口不得进入，不可特批", "a confirmed fever not yet cleared by a supervisor: no entry at any gate, no override"},
		"reason.recheck_pending": {"首次测温发热，待复测：复测前不得进入，不可特批", "a first fever reading awaits its recheck: no entry until then, no override"},
		"reason.observation":     {"执勤期满隔离观察中，观察期结束前不得出入", "in post-duty observation: no crossing until it ends"},
		"reason.rest":            {"轮休在外，仅在本人轮换日经场所大门进入", "resting off site: enters the main gate only on their change-over day"},
		"reason.not_changeover":  {"执勤（备勤）期间仅在本人轮换日经场所大门进出", "on duty or standby: crosses the main gate only on their change-over day"},
		"reason.contact":         {"密切接触者，状态解除前不得进入办公区", "a contact: kept out of the office until cleared"},
		"reason.called_up":       {"备勤人员已被紧急调用，准予进入戒毒管理区", "called up from standby: may enter the custody zone"},
		"reason.changeover":      {"本人轮换日，准予经场所大门进出", "their change-over day: may cross the main gate"},
		"reason.health_code":     {"健康码非绿码，不得进入", "health code not green: no entry"},
		"reason.no_nat":          {"无规定时限内核酸阴性证明，不得进入", "no negative nucleic-acid result recent enough: no entry"},
		"reason.risk_area":       {"有风险地区旅居史，不得进入", "travelled from a risk area: no entry"},
		"reason.visitor_info":    {"来访人员须登记联系电话、工作单位和被访人", "a visitor gives phone, work unit and the person visited"},
		"reason.health_unread":   {"请核验健康码、核酸证明和旅居史", "ask for the health code, the nucleic-acid result and travel"},
		"incident.contact.at":    {"%s，备勤第%d天", "%s, standby day %d"},
		"status.custody":         {"执勤", "custody duty"},
		"status.called_up":       {"紧急调用", "called up"},
		"status.observation":     {"隔离观察", "observation"},
		"status.rest":            {"轮休", "rest"},
		"status.standby":         {"隔离备勤", "standby"},
		"status.office":          {"在岗办公", "on site"},
		"status.wfh":             {"居家办公", "working from home"},
		"status.unlisted":        {"未列入到岗名单", "not on today's list"},
		"status.staff":           {"在册民警职工", "staff"},
		"status.detainee":        {"戒毒人员", "detainee"},

		// The words of a reason whose rule differs from gate to gate, at
		// gate N ("reason.gN.code"); reason.rest and reason.wfh are the
		// rules of the gates not named here (the main gate's, the office's).
		"reason.g2.rest": {"轮休在外，不得进入戒毒管理区", "resting off site: never into the custody zone"},
		"reason.g4.rest": {"轮休在外，不得进入办公区", "resting off site: no entry to the office"},
		"reason.g1.wfh":  {"今日居家办公，不得进入场所", "works from home today: no entry to the facility"},
	} {
		messages[k] = v
	}
}
