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
	} {
		messages[k] = v
	}
}
