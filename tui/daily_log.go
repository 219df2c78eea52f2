package tui

import (
	"strings"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/report"
	"gatepost/store"
)

// dailyKindDetail is the log column of the kinds screen 0 writes: enough to
// read the row without opening it. It returns "" for other kinds.
func dailyKindDetail(m *Model, r store.Row) string {
	c := m.cat
	switch r.Kind {
	case record.Temperature:
		var b record.TemperatureBody
		_ = r.Decode(&b)
		parts := []string{b.Badge, b.Name, b.Temp.String()}
		switch {
		case b.Recheck && b.Fever:
			parts = append(parts, c.T("dm.st.fever"))
		case b.Recheck:
			parts = append(parts, c.T("dm.st.cleared"))
		case b.Fever:
			parts = append(parts, c.T("dm.st.pending"))
		}
		return strings.Join(append(parts, b.Group), " ")
	case record.Disinfection:
		var b record.DisinfectionBody
		_ = r.Decode(&b)
		return strings.Join(nonEmpty(zoneName(c, gate.Zone(b.Zone)), report.AreaName(c, b.Area), word(c, string(b.Method), "method."), b.Agent, b.Concentration, b.Operator), " ")
	case record.ReportDaily:
		var b record.ReportDailyBody
		_ = r.Decode(&b)
		verdict := c.T("dm.r.zero")
		if !b.Zero {
			verdict = c.T("dm.rv.abnormal", len(b.Abnormal))
		}
		return strings.Join(nonEmpty(dayText(c, b.Day), verdict, b.Supervisor, b.Reason), " ")
	case record.SecurityDaily:
		// The supervisor who attested, from the body, as the report's row:
		// the record's guard is the signed-in guard who prepared it (§4),
		// which is what the row showed.
		var b record.SecurityDailyBody
		_ = r.Decode(&b)
		what := c.T("log.sec.none")
		if !b.NoEvents {
			var types []string
			for _, e := range b.Events {
				types = append(types, word(c, string(e.Type), "sec."))
			}
			what = strings.Join(types, c.T("list.sep"))
		}
		return strings.Join(nonEmpty(dayText(c, b.Day), what, b.Supervisor, c.T("log.sec.counts", b.Suspected, b.Confirmed, b.CloseContacts)), " ")
	case record.NoticeAck:
		var b record.NoticeAckBody
		_ = r.Decode(&b)
		return strings.Join(nonEmpty(r.Guard, b.Name, b.Title), " ")
	}
	return ""
}
