package i18n

// The facility's other posts on the status bar (§12).
func init() {
	for k, v := range map[string][2]string{
		"sync.peers":       {"设施同步 %s", "facility %s"},
		"sync.peers.stale": {"设施记录滞后（%s）", "facility behind (%s)"},
	} {
		messages[k] = v
	}
}
