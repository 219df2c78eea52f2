package i18n

// Strings of the admissions branch: detainees admitted (新收入所) and
// released (解除出所) at the main gate, on the duty leader's authority, and
// the report's issue number (第×期).
func init() {
	for k, v := range map[string][2]string{
		"kind.detainee.admission": {"新收入所", "admitted"},
		"kind.detainee.release":   {"解除出所", "released"},
		"xk.detainee.admission":   {"新收入所", "detainee.admission"},
		"xk.detainee.release":     {"解除出所", "detainee.release"},
		"xf.basis":                {"依据", "basis"},

		// The gate-1 mode.
		"key.moves":             {"新收/出所", "admit/release"},
		"key.crossing":          {"返回通行登记", "back to crossings"},
		"mv.head":               {"新收入所、解除出所（值班领导确认）  当日新收%d人，出所%d人", "Admissions and releases (duty leader) — today: admitted %d, released %d"},
		"mv.hint":               {"Ctrl+N 返回通行登记", "Ctrl+N: back to crossings"},
		"f.move":                {"办理", "Action"},
		"mv.admit":              {"新收入所", "Admit"},
		"mv.release":            {"解除出所", "Release"},
		"f.mvbadge":             {"所内编号", "Badge"},
		"f.mvunit":              {"安置", "Placed in"},
		"f.mvsource":            {"来源", "Ground"},
		"f.mvtype":              {"类型", "Type"},
		"f.mvtemp":              {"入所体温", "Temp"},
		"mv.src.decision":       {"决定收治", "committal"},
		"mv.src.transfer":       {"转所调入", "transfer in"},
		"mv.src.other":          {"其他", "other"},
		"mv.type.expiry":        {"期满解除", "term ended"},
		"mv.type.early":         {"提前解除", "early release"},
		"mv.type.transfer":      {"转所调出", "transfer out"},
		"mv.type.other":         {"其他", "other"},
		"mv.new":                {"名册中尚无此编号：按新收人员登记（姓名随名册下发）", "not on the roster yet: admitted under this badge (the name comes with the roster)"},
		"mv.ready.admit":        {">> 新收入所  %s  %s  %s℃  按Enter请值班领导确认", ">> Admit  %s  %s  %s °C  Enter: duty leader confirms"},
		"mv.ready.release":      {">> 解除出所  %s  %s  按Enter请值班领导确认", ">> Release  %s  %s  Enter: duty leader confirms"},
		"mv.checking":           {"正在核对名册……", "Checking the roster…"},
		"mv.basis":              {"依据", "Basis"},
		"sup.admission.title":   {"新收入所（值班领导确认）", "Admission (duty leader)"},
		"sup.release.title":     {"解除出所（值班领导确认）", "Release (duty leader)"},
		"mv.done.admission":     {"已登记新收入所：%s", "Admitted: %s"},
		"mv.done.release":       {"已登记解除出所：%s", "Released: %s"},
		"err.badge.format":      {"“%s”不是所内编号（字母、数字、-，14位以内），请核对", "“%s” is not a badge (letters, digits, -; under 15): check it"},
		"err.unit.invalid":      {"安置单位不超过20字，且不得含控制字符", "The unit must be short, without control characters"},
		"err.basis.invalid":     {"依据不超过200字节，且不得含控制字符", "The basis must be under 200 bytes, without control characters"},
		"refuse.admit.fever":    {"入所测温发热，不予收治：请送押民警带至发热门诊排查，排除后再办理", "Fever at admission: not admitted. The escort takes them to the fever clinic; admit once it is excluded"},
		"refuse.admit.present":  {"该编号的戒毒人员已在所，不能重复收治", "That badge is a detainee already in the facility"},
		"refuse.admit.staff":    {"该编号是民警职工，不是戒毒人员", "That badge is a staff member's"},
		"refuse.release.absent": {"该编号不是在所戒毒人员，不能办理出所", "That badge is no detainee in the facility"},

		// The report.
		"gw.issue":      {"第%d期", "No. %d"},
		"gw.moves.in":   {"新收%d人，无出所人员。", "Admitted %d, none released. "},
		"gw.moves.out":  {"无新收人员，出所%d人。", "None admitted, released %d. "},
		"gw.moves.none": {"当日无新收、出所人员。", "No admission or release. "},
		"gw.moves.v2":   {"新收、出所情况未含（旧版终端报送）。", "Admissions and releases: not included (an older terminal). "},
	} {
		messages[k] = v
	}
}
