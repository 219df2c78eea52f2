package i18n

// Messages of the health details and the purge of personal data (§15).
func init() {
	for k, v := range map[string][2]string{
		// The log's detail of an identity.purge record: what, how many, up
		// to when; never who.
		"purge.detail.visitor": {"来访人员身份信息%d条（末次来访早于%s）", "%d visitors' identities (last seen before %s)"},
		"purge.detail.vehicle": {"外来车辆信息%d条（末次来访早于%s）", "%d vehicles (last seen before %s)"},
		// A health purge counts up to the moment the epidemic profile was
		// switched off (or the day purge --before named).
		"purge.detail.health": {"健康状况信息%d条（截至%s）", "%d health details (up to %s)"},
	} {
		messages[k] = v
	}
}
