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
		"sup.clearance.title":              {"值班领导解除发热、密接或隔离状态", "Supervisor: clear a fever, contact or isolation status"},
		"clr.badge":                        {"人员警号", "Badge"},
		"clr.subject":                      {"解除事项", "Clears"},
		"clr.subject.fever":                {"发热", "fever"},
		"clr.subject.contact":              {"密接", "contact"},
		"clr.result":                       {"排查结果", "Result"},
		"clr.result.fever_clinic_excluded": {"发热门诊排除", "fever clinic: excluded"},
		"clr.result.nat_negative":          {"核酸阴性", "NAT negative"},
		"clr.result.observation_done":      {"观察期满无异常", "observation over, well"},
		"clr.result.other":                 {"其他", "other"},
		"clr.summary":                      {"解除后，%s 在各关口按其他状态判定", "Once cleared, the gates judge %s by their other status"},
		"clr.summary.none":                 {"请输入人员警号", "type the person's badge"},
		"clr.done":                         {"已解除：%s", "Cleared: %s"},

		// Gate 5: the cold-chain origin, the sample's taker and fridge, the
		// discard, the cooks' morning check.
		"f.origin":         {"产地", "Origin"},
		"origin.domestic":  {"国产", "domestic"},
		"origin.imported":  {"进口", "imported"},
		"f.animalq":        {"动物检疫", "Animal Q."},
		"g5.origin.first":  {"请先选择产地：进口须入境货物检验检疫证明，国产肉品须动物检疫合格证明", "Choose the origin first: imports need the entry certificate, domestic meat the animal-quarantine one"},
		"f.taker":          {"留样人", "Taker"},
		"f.fridge":         {"冰箱", "Fridge"},
		"err.fridge":       {"冰箱温度“%s”无法识别，请输入如 4 或 3.5", "Fridge reading \"%s\" not understood: type e.g. 4 or 3.5"},
		"key.discard":      {"处理到期留样", "discard sample"},
		"g5.discarded":     {"已处理到期留样：第 %d 条记录", "Sample discarded: record %d"},
		"g5.discard.none":  {"没有在存留样", "No samples held"},
		"g5.discard.early": {"留样未满留存时间，最早 %s 可处理", "No sample's time is over: the first may go at %s"},
		"g5.mode.cook":     {"厨师晨检", "Cook check"},
		"f.cook":           {"厨师警号", "Cook"},
		"f.symptoms":       {"症状", "Symptoms"},
		"f.handwound":      {"手部伤口", "Wound"},
		"f.healthcert":     {"健康证", "Cert."},
		"g5.rule.cook":     {"体温正常、无发热咳嗽腹泻等症状、手部无伤口、健康证有效方可上岗", "Fit only with a normal temperature, no symptoms, no hand wound and a valid health certificate"},
		"cook.fit":         {"晨检合格，可以上岗", "FIT for work"},
		"cook.unfit":       {"晨检不合格，不得上岗", "NOT FIT"},

		// F6 roll-call: staff working from home, reported by phone.
		"dm.phone.group":    {"居家办公民警职工（电话报告）", "Staff working from home (by phone)"},
		"dm.phone.cov":      {"居家电话报告 %s", "home, by phone %s"},
		"dm.phone.sym":      {"症状", "Symptoms"},
		"dm.phone.sym.no":   {"无", "none"},
		"dm.phone.sym.yes":  {"有", "yes"},
		"dm.phone.hint":     {"电话询问体温和有无发热、咳嗽、乏力等症状：输入体温，空格选择症状，Enter 保存", "Ask by phone for the temperature and any symptoms: type it, Space for symptoms, Enter saves"},
		"dm.phone.needsym":  {"请询问有无症状（空格选择）", "Ask about symptoms (Space)"},
		"dm.phone.abnormal": {"%s 电话报告体温 %s℃，有异常：请通知其就医并上报值班领导", "%s reports %s °C by phone, not normal: tell them to see a doctor and tell the supervisor"},
		"dm.phone.none":     {"未报告", "not reported"},
		"dm.phone.done":     {"电话报告", "by phone"},
		"dm.phone.missing":  {"居家未报告 %d 人", "%d at home not reported"},
		"dm.phone.alldone":  {"居家办公民警职工均已电话报告", "Everyone at home has reported"},
	} {
		messages[k] = v
	}
}
