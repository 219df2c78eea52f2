package i18n

// Messages of the identity registry (§15) and the main gate's health
// questions (§11 point 4).
func init() {
	for k, v := range map[string][2]string{
		"ident.erased": {"（已按规定删除）", "(erased per policy)"},
	} {
		messages[k] = v
	}
}
