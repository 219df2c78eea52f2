package i18n

// Strings of the trust-under-faults work on the terminal (issue 15): sign-in
// that fails with its shift.open, the demo's six-digit supervisor PIN.
func init() {
	for k, v := range map[string][2]string{
		"signin.shiftfail": {"未能签到：上岗记录未保存，请检查磁盘后重试（%s）", "Not signed in: shift not recorded; check the disk (%s)"},
		"signin.damaged": {"数据库已损坏，未写入任何内容：请报告管理员从备份恢复（gatepost verify）",
			"The database is damaged; nothing was written. Tell the admin to restore a backup (gatepost verify)"},
		"signin.demo": {"演示账号：民警 1001 / 1234，值班领导 9001 / 999999", "Demo: guard 1001 / 1234, supervisor 9001 / 999999"},
	} {
		messages[k] = v
	}
}
