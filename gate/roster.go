// Package gate holds the domain of the five gates: the rules each checkpoint
// enforces, the normalisation of what guards type, and the reference data the
// rules read. It does no I/O: callers load what a rule needs and pass it in.
package gate

import "time"

// PersonKind says whether a person on the roster is staff or a detainee.
type PersonKind string

// Person kinds.
const (
	Staff    PersonKind = "staff"
	Detainee PersonKind = "detainee"
)

// Assignment is where a staff member works during the lockdown (§2). It decides
// which gates they may cross. Detainees carry AssignNone.
type Assignment string

// Assignments. Custody-duty staff work isolated inside the custody zone; standby
// staff stay in the standby quarantine area; office staff come to the office;
// work-from-home staff do not come in at all.
const (
	AssignNone    Assignment = ""
	AssignCustody Assignment = "custody"
	AssignStandby Assignment = "standby"
	AssignOffice  Assignment = "office"
	AssignWFH     Assignment = "wfh"
)

// Assignments lists every valid staff assignment, in display order.
var Assignments = []Assignment{AssignCustody, AssignStandby, AssignOffice, AssignWFH}

// Person is one entry of the facility roster. Badge is the key guards type.
type Person struct {
	Badge      string
	Name       string
	IDNumber   string // resident ID, may be empty
	Kind       PersonKind
	Unit       string // department for staff, unit or dormitory for detainees
	Assignment Assignment
	Active     bool
	// Since is when a detainee was admitted (a detainee.admission, see
	// RosterAsOf); zero for a person the roster had before. A detainee is
	// screened from the first screening period that begins after it.
	Since time.Time
}

// Pass admits a named person (by badge or ID number) or a vehicle (by plate)
// that is not on the staff roster, within a validity window.
type Pass struct {
	ID        string
	Holder    string // name shown to the guard
	Badge     string // set for a person pass with a badge
	IDNumber  string // set for a person pass keyed by resident ID
	Plate     string // set for a vehicle pass, normalised
	ValidFrom time.Time
	ValidTo   time.Time
	Note      string
}

// ValidAt reports whether the pass admits at t (inclusive from, exclusive to).
func (p Pass) ValidAt(t time.Time) bool {
	return !t.Before(p.ValidFrom) && t.Before(p.ValidTo)
}

// Role is what a signed-in guard may do (§4).
type Role string

// Roles, in increasing power.
const (
	RoleGuard      Role = "guard"
	RoleSupervisor Role = "supervisor"
	RoleAdmin      Role = "admin"
)

// CanSupervise reports whether the role may override denials and void records.
func (r Role) CanSupervise() bool { return r == RoleSupervisor || r == RoleAdmin }

// Guard is a console user. The PIN hash never leaves the store.
type Guard struct {
	Badge string
	Name  string
	Role  Role
}
