package i18n

// The facility hub that relays (§12), on the bureau's dashboard.
func init() {
	for k, v := range map[string][2]string{
		"hub.d.relays":       {"场所前置平台（中继）", "Facility hubs (relays)"},
		"hub.d.relay":        {"前置平台", "Relay"},
		"hub.d.relay_behind": {"待转发记录", "Records to forward"},
	} {
		messages[k] = v
	}
}
