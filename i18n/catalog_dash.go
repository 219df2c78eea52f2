package i18n

// The bureau's dashboard (§14): the live part, a facility's day, the 30-day
// history.
func init() {
	for k, v := range map[string][2]string{
		"hub.d.status":             {"报送状态", "Report"},
		"hub.d.due":                {"（截止%s）", "(due %s)"},
		"hub.d.gap":                {"%s：%s", "%s: %s"},
		"hub.d.facilities_caption": {"各场所当日情况", "Each facility's day"},
		"hub.d.history":            {"近期情况", "History"},
		"hub.d.history_month":      {"近30天", "30 days"},
		"hub.d.live_pause":         {"暂停自动更新", "Pause updates"},
		"hub.d.live_resume":        {"恢复自动更新", "Resume updates"},
		"hub.d.live_updated":       {"已更新于", "updated"},
		"hub.d.live_failed":        {"更新失败，稍后重试", "update failed; will retry"},
		"hub.d.back":               {"返回总览", "Back to all facilities"},
		"hub.d.submitted_by":       {"提交终端：", "Submitted from "},
		"hub.d.submissions":        {"提交次数：", "submissions: "},
		"hub.d.report_text":        {"日报告内容", "The report as submitted"},
		"hub.d.no_report":          {"当日尚未收到日报告。", "No daily report received for this day."},
		"hub.d.figures":            {"平台统计", "The hub's figures"},
		"hub.d.at":                 {"时间", "Time"},
		"hub.d.type":               {"类型", "Type"},
		"hub.d.detail":             {"详情", "Details"},
		"hub.d.no_incidents":       {"当日无异常事件。", "No incidents this day."},
		"hub.d.gaps":               {"记录缺失", "Missing records"},
		"hub.d.no_gaps":            {"各终端记录完整，无缺失。", "Nothing missing: every terminal's records are complete."},
		"hub.d.this_day":           {"查看当日详情", "This day in detail"},
		"hub.d.day_by_day":         {"逐日数据", "Day by day"},
		"hub.d.date":               {"日期", "Day"},
		"hub.f.unknown":            {"无此场所。", "No such facility."},
		"hub.day.bad":              {"日期应写作“年-月-日”，如 %s。", "Write the date as YYYY-MM-DD, e.g. %s."},
		"hub.day.early":            {"%s 早于本平台所存的记录，可查看的最早日期为 %s。", "%s is before anything the hub holds: the earliest day it shows is %s."},
		"hub.day.late":             {"%s 尚未到来（今天是 %s）。", "%s has not come yet (today is %s)."},
		"hub.f.back":               {"返回总览", "Back to all facilities"},
		"hub.f.title":              {"%s · %s", "%s · %s"},
		"hub.h.title":              {"%s · 近30天情况", "%s · the last 30 days"},
		"hub.h.span":               {"%s至%s：", "%s to %s: "},
		"hub.h.cov":                {"测温覆盖率（%）", "Screening coverage (%)"},
		"hub.h.cov.none":           {"无名册，覆盖率未知。", "no roster, so coverage is unknown."},
		"hub.h.cov.desc":           {"平均覆盖率%d%%（有名册的%d天）。", "average coverage %d%% over %d day{|s} with a roster."},
		"hub.h.none":               {"均为0。", "none."},
		"hub.h.count.desc":         {"合计%d，单日最多%d（%s）。", "%d in all, at most %d on %s."},
		"hub.h.reports":            {"日报告报送", "Daily reports"},
		"hub.h.reports.desc":       {"按时%d天，逾期%d天，未报%d天。", "on time %d, late %d, missing %d (days)."},
	} {
		messages[k] = v
	}
}
