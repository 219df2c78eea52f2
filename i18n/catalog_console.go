package i18n

// The console's own strings added with the rebuilt console (issue 9): kept
// apart from the big table so that the catalogue's other editors and this
// branch do not edit the same lines.
func init() {
	for k, v := range map[string][2]string{
		"key.close":    {"关闭（任意键）", "close (any key)"},
		"key.save":     {"保存", "save"},
		"key.back":     {"返回修改", "back to edit"},
		"key.older":    {"上一页（更早）", "older page"},
		"key.newer":    {"下一页（更新）", "newer page"},
		"key.newest":   {"最新一页", "newest page"},
		"key.toform":   {"回到表单", "back to the form"},
		"key.confirm":  {"确认", "confirm"},
		"key.cancel":   {"取消", "cancel"},
		"key.yes":      {"是", "yes"},
		"key.no":       {"否", "no"},
		"key.up":       {"上移", "up"},
		"key.down":     {"下移", "down"},
		"key.home":     {"第一项", "first"},
		"key.end":      {"最后一项", "last"},
		"key.left":     {"上一组（日）", "previous group/day"},
		"key.right":    {"下一组（日）", "next group/day"},
		"key.open":     {"打开 / 保存", "open / save"},
		"key.tolog":    {"到记录", "to the log"},
		"key.later":    {"稍后复测", "recheck later"},
		"key.prevpart": {"上一项措施", "previous part"},
		"key.nextpart": {"下一项措施", "next part"},
		"key.signin":   {"下一项 / 签到", "next / sign in"},
		"key.takeover": {"换人接班", "another guard takes over"},
	} {
		messages[k] = v
	}
}
