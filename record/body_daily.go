package record

import "encoding/json"

// Bodies of the records of the daily measures (§3): the submitted daily
// report and the acknowledgement of a notice. Roll-call readings are
// `temperature` records (TemperatureBody) at gate 0; the disinfection log is
// DisinfectionBody.

// ReportDailyBody is the body of a `report.daily`: a supervisor submitted
// the day's report (the zero report when nothing is abnormal). A day may be
// submitted again, with a reason; the latest submission counts.
type ReportDailyBody struct {
	Day        string `json:"day"`        // the day reported, "2006-01-02"
	Supervisor string `json:"supervisor"` // badge of who submitted
	Zero       bool   `json:"zero"`       // nothing abnormal: the report ends with 今日无异常
	// Abnormal repeats the report's abnormal codes, so the hub can show a
	// day's state without decoding the figures.
	Abnormal []string `json:"abnormal"`
	// Report is the computed report (gate.Report) as JSON: the figures as
	// they stood when submitted. It is kept as JSON because record cannot
	// depend on the package that computes it.
	Report     json.RawMessage `json:"report"`
	Supersedes string          `json:"supersedes,omitempty"` // id of the report.daily this replaces
	Reason     string          `json:"reason,omitempty"`     // why it was submitted again
}

// NoticeAckBody is the body of a `notice.ack`: the signed-in guard read a
// notice (a daily instruction from the hub, §3 日部署).
type NoticeAckBody struct {
	Notice string `json:"notice"` // the notice's id
	Day    string `json:"day"`    // the day it is for
	Title  string `json:"title"`
	Name   string `json:"name"` // the guard's name; the badge is the record's guard
}
