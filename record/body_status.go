package record

// ClearanceBody is the body of a `clearance`: a supervisor lifts a
// confirmed fever's bar (after, say, the fever clinic excluded infection) or
// a contact status (§11). It names the person by badge only (§15): the result
// is a code, and the reason is the supervisor's, not a health narrative.
type ClearanceBody struct {
	Badge      string `json:"badge"`
	Subject    string `json:"subject"` // "fever" or "contact"
	Result     string `json:"result"`  // a ClearanceResult code
	ResultAt   string `json:"result_at,omitempty"`
	Supervisor string `json:"supervisor"`
	Reason     string `json:"reason"`
	Related    string `json:"related,omitempty"` // id of the incident or override it clears
}

// Clearance results: what the clearance rests on.
const (
	ResultFeverClinic = "fever_clinic_excluded" // 发热门诊排除
	ResultNATNegative = "nat_negative"          // 核酸阴性
	ResultObservation = "observation_done"      // 观察期满无异常
	ResultOther       = "other"
)

// ClearanceResults lists every result, in the order a form offers them.
var ClearanceResults = []string{ResultFeverClinic, ResultNATNegative, ResultObservation, ResultOther}
