package i18n

// The console's own strings added with the rebuilt console (issue 9): kept
// apart from the big table so that the catalogue's other editors and this
// branch do not edit the same lines.
func init() {
	for k, v := range map[string][2]string{
		"saved.who":        {"已保存：%s", "Saved: %s"},
		"saved.denied":     {"已保存不予通行记录：%s", "Denial saved: %s"},
		"form.saving":      {"正在保存…", "Saving…"},
		"form.noidentity":  {"请填写警号或身份证号", "Enter a badge or resident ID"},
		"dec.waitdeny":     {"Enter 保存拒绝记录 · Ctrl+O 领导特批 · Esc 返回修改 · 直接输入下一条也会先保存", "Enter save denial · Ctrl+O override · Esc edit · typing on saves it too"},
		"lookup.mismatch":  {"名册为%s", "roster: %s"},
		"pass.label":       {"通行证：%s", "Pass: %s"},
		"pass.valid":       {"有效至 %s", "valid until %s"},
		"pass.notyet":      {"自 %s 起有效", "valid from %s"},
		"pass.expired":     {"已于 %s 过期", "expired since %s"},
		"saved.firstfever": {"首次体温已保存（发热待复测）：%s，请复测", "First reading saved (fever, recheck due): %s; recheck now"},
		"saved.fever":      {"已保存，确认发热并已上报：%s", "Saved, fever confirmed and reported: %s"},
		"recheck.later":    {"首次体温已保存，复测留待稍后（研判清单可查）：%s", "First reading kept; recheck later (on the Assessment list): %s"},
		"shift.dirty":      {"有未保存的输入，交班将清空表单。仍要交班吗？（y/n）", "Unsaved input will be cleared by closing the shift. Close it anyway? (y/n)"},
		"shift.unclosed":   {"注意：%s %s 上岗的一班未办交班", "Note: the shift %s opened at %s was never closed"},
		"shift.lastnote":   {"上次交班（%s %s）：%s", "Last handover (%s %s): %s"},
		"signin.wrong":     {"警号或密码错误", "Wrong badge or PIN"},
		"shift.denials":    {"不予通行 %d 人次：%s", "Denied %d: %s"},
		"shift.fevers":     {"发热：%s", "Fevers: %s"},
		"shift.contact":    {"消毒作用时间未到的物资：%s", "Supplies still in contact time: %s"},
		"shift.notices":    {"未确认的通知：%s", "Notices not acknowledged: %s"},
		"shift.nosync":     {"未接入市局平台：本班记录只保存在本机，未上传", "No hub: this shift's records stay on this terminal, nothing was synced"},
		"key.close":        {"关闭（任意键）", "close (any key)"},
		"key.save":         {"保存", "save"},
		"key.back":         {"返回修改", "back to edit"},
		"key.older":        {"上一页（更早）", "older page"},
		"key.newer":        {"下一页（更新）", "newer page"},
		"key.newest":       {"最新一页", "newest page"},
		"key.toform":       {"回到表单", "back to the form"},
		"key.confirm":      {"确认", "confirm"},
		"key.cancel":       {"取消", "cancel"},
		"key.yes":          {"是", "yes"},
		"key.no":           {"否", "no"},
		"key.up":           {"上移", "up"},
		"key.down":         {"下移", "down"},
		"key.home":         {"第一项", "first"},
		"key.end":          {"最后一项", "last"},
		"key.left":         {"上一组（日）", "previous group/day"},
		"key.right":        {"下一组（日）", "next group/day"},
		"key.open":         {"打开 / 保存", "open / save"},
		"key.tolog":        {"到记录", "to the log"},
		"key.later":        {"稍后复测", "recheck later"},
		"key.prevpart":     {"上一项措施", "previous part"},
		"key.nextpart":     {"下一项措施", "next part"},
		"key.signin":       {"下一项 / 签到", "next / sign in"},
		"key.takeover":     {"换人接班", "another guard takes over"},
	} {
		messages[k] = v
	}
}
