package i18n

// The daily measures, second pass (§11, issue 11): the required
// disinfection areas by code, per-area rounds in the report, staff working
// from home in the screening coverage, the screening sessions.
func init() {
	for k, v := range map[string][2]string{
		"area.gatehouse":        {"门岗值班室", "gatehouse"},
		"area.inspection_lane":  {"检查通道", "inspection lane"},
		"area.duty_area":        {"值勤区", "duty area"},
		"area.supply_room":      {"物资暂存间", "supply holding room"},
		"area.custody_public":   {"监区公共区域", "custody public areas"},
		"area.standby_area":     {"备勤区", "standby quarters"},
		"area.office_public":    {"办公区公共区域", "office public areas"},
		"area.office_washrooms": {"卫生间", "washrooms"},
		"area.kitchen_room":     {"伙房操作间", "kitchen work room"},
		"area.tableware":        {"餐具", "tableware"},
		"dm.dis.complete":       {"全天频次已完成的区域：%d/%d，今日共消杀 %d 次", "Zones with the whole day's rounds done: %d of %d; %d round{|s} today"},
		"session.morning":       {"晨检", "morning"},
		"session.evening":       {"晚检", "evening"},
		"gw.wfh.all":            {"居家办公民警职工%d人均已电话问询体温及有无发热、咳嗽等症状。", "Staff working from home: %d, all asked by phone for temperature and symptoms. "},
		"gw.wfh.part":           {"居家办公民警职工%d人，已电话问询%d人。", "Staff working from home: %d, %d asked by phone. "},
		"gw.sessions":           {"戒毒人员每日两次测温：%s。", "Detainees, screened twice a day: %s. "},
		"gw.session":            {"%s应测%d人、实测%d人", "%s %[3]d of %[2]d"},
		"gw.disinf.areas":       {"应消杀区域%d个、必消部位%d处，已按规定频次完成的区域%d个，共消杀%d次。", "%d zone{|s} with %d required area{|s}; %d zone{|s} done as often as required; %d round{|s} in all. "},
		"gw.disinf.alldone":     {"各区域必消部位均已按规定频次消杀。", "Every required area was disinfected as often as required. "},
		"gw.disinf.short":       {"未按规定频次完成：%s。", "Not done as often as required: %s. "},
		"gw.zone.short":         {"%s（%s）", "%s (%s)"},
		"gw.area.short":         {"%s%d/%d次", "%s %d of %d"},
		"gw.p.zone_short":       {"%d.%s未按规定频次消杀，责成相关部门次日补做并加强督查。", "%d. Not disinfected as often as required: %s; to be done tomorrow and checked."},
	} {
		messages[k] = v
	}
}
