package record

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Tenths is a temperature in tenths of a degree Celsius (365 is 36.5 °C).
// Integers avoid float rounding in rules and in the hash; in JSON it is
// written as a decimal number with one fractional digit.
type Tenths int

// The plausible body temperatures (§6; gate.MinPlausible and MaxPlausible
// are these): a body that must hold a reading taken at a gate refuses one
// outside them.
const (
	MinPlausible Tenths = 340 // 34.0 °C
	MaxPlausible Tenths = 425 // 42.5 °C
)

// String formats t as "36.5".
func (t Tenths) String() string {
	sign := ""
	v := int(t)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%d", sign, v/10, v%10)
}

// MarshalJSON writes t as a decimal number.
func (t Tenths) MarshalJSON() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalJSON reads a decimal number with at most one fractional digit.
func (t *Tenths) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("temperature: %w", err)
	}
	if f > 1000 || f < -1000 {
		return fmt.Errorf("temperature %s out of range", b)
	}
	if f < 0 {
		*t = Tenths(f*10 - 0.5)
	} else {
		*t = Tenths(f*10 + 0.5)
	}
	return nil
}

// Subject is who or what crosses a gate.
type Subject string

// Subjects at gate 1.
const (
	SubjectStaff    Subject = "staff"
	SubjectDetainee Subject = "detainee"
	SubjectVisitor  Subject = "visitor"
	SubjectVehicle  Subject = "vehicle"
	SubjectDelivery Subject = "delivery"
)

// Subjects lists the gate-1 subjects in display order.
var Subjects = []Subject{SubjectStaff, SubjectDetainee, SubjectVisitor, SubjectVehicle, SubjectDelivery}

// Direction of a crossing.
type Direction string

// Directions.
const (
	In  Direction = "in"
	Out Direction = "out"
)

// PassageBody is the body of a `passage`: one crossing and its decision.
// A rostered person is named by Badge (and Name, copied from the roster); a
// visitor, a driver or a vehicle by Ident, a reference into the identity
// registry, with Commit, the commitment to that identity (§15, package
// identity): their ID number, name, phone and plate are never in the log.
type PassageBody struct {
	Subject   Subject   `json:"subject"`
	Direction Direction `json:"direction"`
	Badge     string    `json:"badge,omitempty"`
	Ident     string    `json:"ident,omitempty"`
	Commit    string    `json:"commit,omitempty"`
	Name      string    `json:"name,omitempty"`
	Temp      *Tenths   `json:"temp,omitempty"`
	Purpose   string    `json:"purpose,omitempty"`
	Pass      string    `json:"pass,omitempty"` // id of the pass that admitted
	Allowed   bool      `json:"allowed"`
	Reason    string    `json:"reason"` // a gate reason code
	Recheck   *Tenths   `json:"recheck,omitempty"`
	// First is the id of the `temperature` record that saved Temp on its
	// own, as a fever waiting for its recheck, before this passage was
	// decided. Temp then repeats that reading for the log row; only Recheck
	// is a new reading.
	First string `json:"first,omitempty"`
	// Health and HealthCommit name the answers to the epidemic profile's
	// questions (health code, nucleic-acid test, travel) in the erasable
	// health-detail table, by reference and commitment as Ident and Commit
	// name a person (§15, identity.HealthDetail): the record keeps only
	// the decision and its reason.
	Health       string `json:"health,omitempty"`
	HealthCommit string `json:"health_commit,omitempty"`
}

// Final is the reading that decided: the recheck when there was one.
func (b PassageBody) Final() *Tenths {
	if b.Recheck != nil {
		return b.Recheck
	}
	return b.Temp
}

// TemperatureBody is the body of a `temperature` reading outside a passage.
type TemperatureBody struct {
	Badge string `json:"badge"`
	// Ident and Commit name someone without a badge (PassageBody).
	Ident   string `json:"ident,omitempty"`
	Commit  string `json:"commit,omitempty"`
	Name    string `json:"name,omitempty"`
	Temp    Tenths `json:"temp"`
	Fever   bool   `json:"fever"`
	Recheck bool   `json:"recheck,omitempty"` // this reading is a recheck
	Group   string `json:"group,omitempty"`
	// Method is how the reading was taken: "" at the post, ReadingByPhone
	// for a staff member working from home who reports it (§11: every
	// staff member's health daily, those at home included).
	Method string `json:"method,omitempty"`
	// Symptoms: a phone report with symptoms. Like Fever it is a figure
	// the report counts (an abnormal person) and must keep after a purge,
	// so it stays in the record; the answer itself is the health detail.
	Symptoms bool `json:"symptoms,omitempty"`
	// Health and HealthCommit name their answer to the symptoms question
	// in the erasable health-detail table (PassageBody.Health): the answer
	// is a health detail tied to a badge, erased with the epidemic's end.
	Health       string `json:"health,omitempty"`
	HealthCommit string `json:"health_commit,omitempty"`
}

// ReadingByPhone is the method of a reading reported by phone.
const ReadingByPhone = "phone"

// IncidentBody is the body of an `incident`.
type IncidentBody struct {
	Type  string `json:"type"` // e.g. "fever", "contact"
	Badge string `json:"badge,omitempty"`
	// Ident and Commit name someone without a badge (PassageBody).
	Ident   string `json:"ident,omitempty"`
	Commit  string `json:"commit,omitempty"`
	Name    string `json:"name,omitempty"`
	Detail  string `json:"detail,omitempty"`
	Related string `json:"related,omitempty"` // id of the record that raised it
	// StandbyDay is, for a contact incident of a standby member, their day
	// in standby (1 the first). Readers word it in their own language:
	// Detail, free text, stays in the language of the terminal that wrote
	// it, which the other posts and the bureau may not read.
	StandbyDay int `json:"standby_day,omitempty"`
}

// OverrideBody is the body of an `override`: a supervisor admits what a rule denied.
type OverrideBody struct {
	Target     string `json:"target"` // id of the denied record
	Supervisor string `json:"supervisor"`
	Reason     string `json:"reason"`
}

// VoidBody is the body of a `void`: a supervisor cancels a wrong record.
type VoidBody struct {
	Target     string `json:"target"`
	TargetSeq  int64  `json:"target_seq"`
	Supervisor string `json:"supervisor"`
	Reason     string `json:"reason"`
}

// ShiftOpenBody is the body of a `shift.open`.
type ShiftOpenBody struct {
	Name string `json:"name"`
	Gate int    `json:"gate"`
}

// ShiftCloseBody is the body of a `shift.close`: handover note and summary.
type ShiftCloseBody struct {
	Opened   string         `json:"opened"` // id of the shift.open
	Handover string         `json:"handover"`
	Summary  map[string]int `json:"summary"`
}

// Decode unmarshals r's body into v.
func (r Record) Decode(v any) error { return json.Unmarshal(r.Body, v) }
