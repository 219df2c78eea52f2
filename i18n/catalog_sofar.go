package i18n

// A 日报 of a day not over (drawn up before midnight): a problem short of
// what the whole day asks is short "so far", to be made good today, not
// "tomorrow" (report.problemText takes a key's ".sofar" wording when the
// report is partial).
func init() {
	for k, v := range map[string][2]string{
		"gw.p.unscreened.sofar":     {"%d.截至统计时点尚有%d人未测温，责成相关单位当日完成。", "%d. %d {person|people} not screened so far: the units concerned are to screen them today."},
		"gw.p.zone_missed.sofar":    {"%d.截至统计时点%s未消杀，责成相关部门立即补做并加强督查。", "%d. %s not disinfected so far: to be done at once and checked."},
		"gw.p.zone_short.sofar":     {"%d.截至统计时点%s未完成到期频次，责成相关部门立即补做并加强督查。", "%d. Short of the rounds due by now: %s; to be done at once and checked."},
		"gw.p.standby_missed.sofar": {"%d.截至统计时点隔离备勤民警职工%d人尚未做健康监测，责成隔离备勤区当日完成。", "%d. %d standby staff member{|s} without a health check so far: the standby area is to complete them today."},
	} {
		messages[k] = v
	}
}
