package i18n

// Strings of the ship branch: version, terminal check, backups.
func init() {
	for k, v := range map[string][2]string{
		"version.commit":   {"提交", "commit"},
		"version.built":    {"构建时间", "built"},
		"version.go":       {"Go 版本", "Go"},
		"version.platform": {"平台", "platform"},
		"version.unknown":  {"未知", "unknown"},

		"term.charset.refuse": {
			"此终端的字符集是 %s（%s=%s），本程序只支持 UTF-8：在其他字符集下，中文、箭头和表格线都会显示为乱码，录入的姓名也会以乱码存入不可修改的记录。\n" +
				"请把终端设为 UTF-8 后再启动，例如 export LANG=zh_CN.UTF-8，并把终端软件的编码也设为 UTF-8。",
			"This terminal's character set is %s (%s=%s); gatepost needs UTF-8: in any other character set Chinese text, arrows and table lines show as garbage, and names typed in would be saved garbled into records that are never edited.\n" +
				"Set the terminal to UTF-8 and start again, e.g. export LANG=zh_CN.UTF-8 (or en_US.UTF-8), with the terminal program's encoding set to UTF-8 too."},
		"term.nocjk.note": {
			"注意：此终端（TERM=%s）无法显示中文，界面改用英文。要用中文界面，请在图形桌面的终端或 Windows Terminal 中运行。",
			"Note: this terminal (TERM=%s) cannot draw Chinese, so the console speaks English. For the Chinese console, run it in a terminal of a graphical desktop or in Windows Terminal."},

		"backup.done": {
			"备份已写入 %s：%d 条记录（最后序号 %d），%s。恢复方法见 README“备份与恢复”。",
			"Backup written to %s: %d records (last seq %d), %s. To restore it, see the README, \"Backups and restore\"."},
		"backup.hub.done": {
			"市局平台数据库备份已写入 %s：%d 个终端，%d 条记录，%s。恢复方法见 README“备份与恢复”。",
			"Hub backup written to %s: %d terminals, %d records, %s. To restore it, see the README, \"Backups and restore\"."},
		"backup.hub.pg": {
			"市局平台的数据在 PostgreSQL 中，请用 PostgreSQL 自带的 pg_dump 备份（平台运行时也能取得一致的快照）：\n" +
				"  pg_dump --format=custom%s --file=%s '%s'\n" +
				"恢复到一个新建的空数据库：\n" +
				"  pg_restore --no-owner --dbname='postgres://…/新库名' %s",
			"This hub keeps its data in PostgreSQL: back it up with PostgreSQL's own pg_dump, which takes a consistent snapshot while the hub serves:\n" +
				"  pg_dump --format=custom%s --file=%s '%s'\n" +
				"Restore it into a new, empty database with:\n" +
				"  pg_restore --no-owner --dbname='postgres://…/NEWDB' %s"},
	} {
		messages[k] = v
	}
}
