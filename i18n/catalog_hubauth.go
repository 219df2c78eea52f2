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
		"hub.auth.forbidden": {"无权访问此页面。", "You may not open this page."},

		"hub.d.signed_in": {"当前用户：", "Signed in as "},
		"hub.d.signout":   {"退出登录", "Sign out"},
		"hub.d.audit":     {"审计日志", "Audit log"},
		"hub.d.role":      {"角色", "Role"},

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

		"hub.audit.login":        {"登录", "signed in"},
		"hub.audit.login.failed": {"登录失败", "failed sign-in"},
		"hub.audit.logout":       {"退出登录", "signed out"},
		"hub.audit.user.add":     {"添加用户", "added an account"},
	} {
		messages[k] = v
	}
}
