package gate

import (
	"time"

	"gatepost/record"
)

// Profile is a facility's epidemic profile (§11): what the main gate asks of
// a person entering besides who they are and their temperature.
type Profile string

// Profiles. Epidemic (the default) asks for a green health code, a
// negative nucleic-acid result within NATHours and no travel from a listed
// risk area; normal asks for none of these.
const (
	ProfileEpidemic Profile = "epidemic"
	ProfileNormal   Profile = "normal"
)

// DefaultNATHours is how recent a nucleic-acid result must be by default.
const DefaultNATHours = 48

// ParseProfile reads a profile setting; "" is the default, epidemic.
func ParseProfile(s string) (Profile, bool) {
	switch Profile(s) {
	case "", ProfileEpidemic:
		return ProfileEpidemic, true
	case ProfileNormal:
		return ProfileNormal, true
	}
	return "", false
}

// HealthCode is the colour of a health code (健康码).
type HealthCode string

// Health-code colours. Unset means the guard has not asked yet.
const (
	CodeUnset  HealthCode = ""
	CodeGreen  HealthCode = "green"
	CodeYellow HealthCode = "yellow"
	CodeRed    HealthCode = "red"
)

// Health checks' reasons at the main gate.
const (
	ReasonHealthCode   Reason = "health_code"   // the health code is not green
	ReasonNoNAT        Reason = "no_nat"        // no negative nucleic-acid result within the hours required
	ReasonRiskArea     Reason = "risk_area"     // travelled from a listed risk area
	ReasonVisitorInfo  Reason = "visitor_info"  // a visitor without phone, work unit or the person visited
	ReasonHealthUnread Reason = "health_unread" // the epidemic checks were not asked
)

// HealthReasons lists every reason CheckHealth gives.
var HealthReasons = []Reason{ReasonHealthCode, ReasonNoNAT, ReasonRiskArea, ReasonVisitorInfo, ReasonHealthUnread}

// Health is what the guard asked a person entering under the epidemic
// profile. Unset fields mean "not asked", which the rule refuses rather
// than assumes: the guard must have asked.
type Health struct {
	Code HealthCode
	// NATAt is when the latest negative nucleic-acid sample was taken;
	// zero when none was shown.
	NATAt time.Time
	// RiskArea: nil not asked, false no, true travelled from a risk area.
	RiskArea *bool
}

// Visit is what a visitor must give besides their identity (§2 gate 1). The
// phone is validated by ParsePhone before it reaches the rule.
type Visit struct {
	Phone    string
	WorkUnit string
	Visiting string // the person visited
}

// HealthConfig is the facility's setting for the checks.
type HealthConfig struct {
	Profile  Profile
	NATHours int // zero: DefaultNATHours
}

// CheckHealth applies the profile's checks to a person entering the main
// gate. It returns the first failing reason, or "" when all pass. Under the
// normal profile only a visitor's phone, work unit and the person visited
// are asked. A failure is overridable by a supervisor (the temperature
// being normal): §2 makes only a fever, a fever bar and a missing
// temperature final, and admitting a yellow code is the supervisor's to
// answer for.
func CheckHealth(c HealthConfig, subject record.Subject, h *Health, v *Visit, now time.Time) Reason {
	if subject == record.SubjectVisitor && (v == nil || v.Phone == "" || v.WorkUnit == "" || v.Visiting == "") {
		return ReasonVisitorInfo
	}
	if c.Profile == ProfileNormal {
		return ""
	}
	if h == nil || h.Code == CodeUnset || h.RiskArea == nil {
		return ReasonHealthUnread
	}
	if h.Code != CodeGreen {
		return ReasonHealthCode
	}
	if !natWithin(h.NATAt, c.NATHours, now) {
		return ReasonNoNAT
	}
	if *h.RiskArea {
		return ReasonRiskArea
	}
	return ""
}
