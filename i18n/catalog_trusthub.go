package i18n

// Strings for what the hub tells a terminal about its chain (issue 15):
// the console's status bar shows sync.fork while syncer.Status.ForkSeq is
// set (its argument is that seq).
func init() {
	for k, v := range map[string][2]string{
		"sync.fork": {"本终端存在副本（自序号%d起市局平台收到第二条链）：请联系市局平台为副本另行开通终端名",
			"A copy of this terminal is syncing (a second chain from seq %d): ask the hub operator to provision the copy under a new name"},
		"sync.fork.short": {"终端副本！序号 %d", "copy! seq %d"},
		// syncer.Status.HubAhead: this database is an older copy than the
		// hub holds (restored from a backup); its argument is the hub's head.
		"sync.behind.short": {"本机为旧备份！平台至 %d", "old copy! hub at %d"},
	} {
		messages[k] = v
	}
}
