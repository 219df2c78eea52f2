package i18n

// Strings of the hub dashboard's sign-in, sign-out and audit log (issue 14).
// hub.d. keys reach the dashboard template by the name after the prefix.
func init() {
	for k, v := range map[string][2]string{
		"hub.auth.title":     {"登录 · 市局监管平台", "Sign in · bureau hub"},
		"hub.auth.heading":   {"登录市局监管平台", "Sign in to the bureau hub"},
		"hub.auth.name":      {"用户名", "User name"},
		"hub.auth.password":  {"密码", "Password"},
		"hub.auth.submit":    {"登录", "Sign in"},
		"hub.auth.bad":       {"用户名或密码不正确。", "The user name or password is wrong."},
		"hub.auth.missing":   {"请填写用户名和密码。", "Enter your user name and password."},
		"hub.auth.expired":   {"页面已过期，请重新登录。", "The page expired; sign in again."},
		"hub.auth.signedout": {"已退出登录。", "You have signed out."},
		"hub.auth.throttled": {"登录失败次数过多，请15分钟后再试。", "Too many failed sign-ins: try again in 15 minutes."},
		"hub.auth.forbidden": {"无权访问此页面。", "You may not open this page."},

		"hub.d.signed_in": {"当前用户：", "Signed in as "},
		"hub.d.signout":   {"退出登录", "Sign out"},
		"hub.d.audit":     {"审计日志", "Audit log"},

		"hub.role_of":       {"（%s）", " (%s)"},
		"hub.role.viewer":   {"查看员", "viewer"},
		"hub.role.operator": {"操作员", "operator"},
		"hub.role.admin":    {"管理员", "admin"},

		"hub.audit.title":  {"审计日志 · 市局监管平台", "Audit log · bureau hub"},
		"hub.audit.at":     {"时间", "When"},
		"hub.audit.user":   {"用户", "Who"},
		"hub.audit.action": {"操作", "What"},
		"hub.audit.detail": {"详情", "Detail"},
		"hub.audit.remote": {"来源地址", "From"},
		"hub.audit.back":   {"返回总览", "Back to the dashboard"},
		"hub.audit.none":   {"暂无记录。", "Nothing yet."},

		"hub.audit.login":           {"登录", "signed in"},
		"hub.audit.login.failed":    {"登录失败", "failed sign-in"},
		"hub.audit.login.throttled": {"登录被暂停（失败次数过多）", "sign-in held back (too many failures)"},
		"hub.audit.logout":          {"退出登录", "signed out"},
		"hub.audit.user.add":        {"添加用户", "added an account"},
		"hub.audit.notice.add":      {"发布通知", "published a notice"},
		"hub.audit.terminal.add":    {"开通终端", "provisioned a terminal"},
		"hub.audit.terminal.revoke": {"吊销终端", "revoked a terminal"},
		"hub.audit.terminal.rotate": {"更换终端令牌", "rotated a terminal's token"},
		"hub.audit.relay.add":       {"开通单位中继", "provisioned a relay"},
		"hub.audit.import.people":   {"导入人员名册", "imported people"},
		"hub.audit.import.passes":   {"导入通行证", "imported passes"},
		"hub.audit.import.rotation": {"导入轮换计划", "imported rotation plans"},

		"hub.d.users": {"账户管理", "Accounts"},

		"hub.u.title":        {"账户管理 · 市局监管平台", "Accounts · bureau hub"},
		"hub.u.back":         {"返回总览", "Back to the dashboard"},
		"hub.u.name":         {"用户名", "User name"},
		"hub.u.role":         {"角色", "Role"},
		"hub.u.created":      {"创建时间", "Created"},
		"hub.u.password":     {"初始密码", "Initial password"},
		"hub.u.add":          {"添加账户", "Add an account"},
		"hub.u.submit":       {"添加", "Add"},
		"hub.u.exists":       {"该用户名已存在。", "An account of that name exists already."},
		"hub.u.bad_name":     {"用户名须为1至64字节的可打印文字，首尾不得有空格。", "A user name is 1 to 64 bytes of printable text, without leading or trailing spaces."},
		"hub.u.bad_role":     {"请选择角色。", "Choose a role."},
		"hub.u.bad_password": {"密码须为%d至%d字节。", "A password has %d to %d bytes."},

		"hub.d.notices": {"当日通知", "Notices"},

		"hub.n.title":            {"当日通知 · 市局监管平台", "Notices · bureau hub"},
		"hub.n.back":             {"返回总览", "Back to the dashboard"},
		"hub.n.day":              {"日期：", "Day: "},
		"hub.n.write":            {"发布通知", "Publish a notice"},
		"hub.n.facility":         {"单位", "Facility"},
		"hub.n.all":              {"全部单位", "All facilities"},
		"hub.n.n_title":          {"标题", "Title"},
		"hub.n.n_body":           {"内容", "Text"},
		"hub.n.submit":           {"发布", "Publish"},
		"hub.n.list":             {"当日通知及确认情况", "The day's notices and their acknowledgements"},
		"hub.n.published":        {"发布于", "published"},
		"hub.n.acks":             {"确认情况", "Acknowledged"},
		"hub.n.not_acked":        {"未确认", "not yet"},
		"hub.n.none":             {"当日没有通知。", "No notices for this day."},
		"hub.n.need_title":       {"请填写标题。", "Enter a title."},
		"hub.n.too_long":         {"通知过长（标题不超过200字，内容不超过64 KiB）。", "The notice is too long (title up to 200 characters, text up to 64 KiB)."},
		"hub.n.unknown_facility": {"没有该单位。", "No such facility."},
	} {
		messages[k] = v
	}
}
