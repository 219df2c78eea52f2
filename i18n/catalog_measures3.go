package i18n

// The daily measures, third pass (issue 11): a screening session that is
// due and not complete is a problem of the day, and staff at home who
// report symptoms by phone are abnormal persons until cleared.
func init() {
	for k, v := range map[string][2]string{
		"gw.session.open":       {"（正在进行）", " (under way)"},
		"dm.abn.session_missed": {"戒毒人员晨晚检未全覆盖", "detainees missing from a screening round"},
		"dm.abn.symptoms":       {"居家民警职工报告有症状", "staff at home reported symptoms"},
		"dm.gap.sessions":       {"晨检晚检未测戒毒人员", "Detainees missing from a round"},
		"dm.gap.symptoms":       {"居家报告有症状未排除", "Symptoms at home not cleared"},
		"gw.session.missed":     {"%s未测%d人", "%[2]d not screened in the %[1]s round"},
		"gw.p.session_missed":   {"%d.戒毒人员晨晚检未全覆盖：%s，责成相关大队立即补测并加强点名测温督查。", "%d. Detainees missing from a screening round: %s; the units concerned are to screen them at once."},
		"gw.symptom":            {"%d.%s，%s（居家办公）电话报告体温%s℃，有发热、咳嗽等症状，%s。", "%d. %s, %s, working from home, reported %s °C by phone with symptoms; %s."},
		"gw.symptom.open":       {"已登记上报，待就医排查", "recorded and reported, awaiting a medical check"},
		"gw.symptom.cleared":    {"经%s，已解除", "cleared: %s"},
		"gw.p.symptoms":         {"%d.居家办公民警职工%d人电话报告有发热、咳嗽等症状，其中%d人尚未排除，下步督促其及时就医排查，排除前不得返岗。", "%d. %d staff member{|s} working from home reported symptoms by phone, %d not yet cleared: they are to see a doctor and stay away until cleared."},
		"gw.p.symptoms.open":    {"%d.居家办公民警职工%d人电话报告有发热、咳嗽等症状，尚未排除，下步督促其及时就医排查，排除前不得返岗。", "%d. %d staff member{|s} working from home reported symptoms by phone, not yet cleared: they are to see a doctor and stay away until cleared."},
		"gw.p.symptoms.cleared": {"%d.居家办公民警职工%d人电话报告有发热、咳嗽等症状，经排查均已排除，下步继续跟踪其健康状况。", "%d. %d staff member{|s} working from home reported symptoms by phone, all cleared since; their health is followed up."},
		"dm.phone.done.sym":     {"有症状，待排查", "symptoms: to be checked"},
		"dm.gp.session":         {"%s %s", "%s round: %s"},
	} {
		messages[k] = v
	}
}
