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

// The duty leader's 安全稳定 attestation at the report's submission (§13).
func init() {
	for k, v := range map[string][2]string{
		"dm.sec.state":   {"安全稳定", "Security"},
		"dm.sec.none":    {"无脱逃、自杀自残、行凶伤害、打架斗殴、所内案件", "no escape, self-harm, assault, fight or case"},
		"dm.sec.event":   {"有事件", "an event"},
		"dm.sec.type":    {"事件类别", "Event"},
		"dm.sec.time":    {"发生时间", "Time"},
		"dm.sec.what":    {"简要经过", "What"},
		"dm.sec.done":    {"处置情况", "Done"},
		"dm.sec.counts":  {"疑似/确诊/密接", "Susp/conf/cont"},
		"err.sec.time":   {"时间格式不对：%q（例：10:20）", "Time not understood: %q (e.g. 10:20)"},
		"err.sec.counts": {"疑似/确诊/密接人数写作 0/0/0：%q", "Write suspected/confirmed/contacts as 0/0/0: %q"},
	} {
		messages[k] = v
	}
}
