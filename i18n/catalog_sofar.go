package i18n

// A 日报 of a day not over (drawn up before midnight): a problem short of
// what the whole day asks is short "so far", to be made good today, not
// "tomorrow" (report.soFar takes a key's ".sofar" wording, where there is
// one, when the report is partial).
func init() {
	for k, v := range map[string][2]string{
		"gw.p.unscreened.sofar":     {"%d.截至统计时点尚有%d人未测温，责成相关单位当日完成。", "%d. %d {person|people} not screened so far: the units concerned are to screen them today."},
		"gw.p.zone_missed.sofar":    {"%d.截至统计时点%s未消杀，责成相关部门立即补做并加强督查。", "%d. %s not disinfected so far: to be done at once and checked."},
		"gw.p.zone_short.sofar":     {"%d.截至统计时点%s未完成到期频次，责成相关部门立即补做并加强督查。", "%d. Short of the rounds due by now: %s; to be done at once and checked."},
		"gw.p.standby_missed.sofar": {"%d.截至统计时点隔离备勤民警职工%d人尚未做健康监测，责成隔离备勤区当日完成。", "%d. %d standby staff member{|s} without a health check so far: the standby area is to complete them today."},
		// The disinfection paragraph: zones judged by the rounds due so far
		// (round k of n is due at k/n of the day).
		"gw.disinf.areas.sofar":   {"应消杀区域%d个、必消部位%d处，截至统计时点已完成到期频次的区域%d个，共消杀%d次。", "%d zone{|s} with %d required area{|s}; %d zone{|s} with every round due so far done; %d round{|s} so far. "},
		"gw.disinf.alldone.sofar": {"截至统计时点，各区域必消部位均已完成到期频次。", "So far every required area has had the rounds due by now. "},
		"gw.disinf.short.sofar":   {"截至统计时点未完成到期频次：%s。", "Short of the rounds due by now: %s. "},
	} {
		messages[k] = v
	}
}
