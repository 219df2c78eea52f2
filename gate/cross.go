package gate

import "gatepost/record"

// Reasons of the closed-management status (§11). They join the gate reasons
// in one namespace: a passage's reason is one code whatever decided it.
const (
	ReasonFeverBarred    Reason = "fever_barred"    // a confirmed fever not yet cleared
	ReasonRecheckPending Reason = "recheck_pending" // a first fever reading awaits its recheck
	ReasonObservation    Reason = "observation"     // in post-duty observation (隔离观察)
	ReasonRest           Reason = "rest"            // resting off site: not inside the closed zone
	ReasonNotChangeOver  Reason = "not_changeover"  // on custody duty or standby: crosses the main gate only at change-over
	ReasonContact        Reason = "contact"         // a contact: kept out of the office until the status ends
	ReasonCalledUp       Reason = "called_up"       // admitted at gate 2: called up from standby
	ReasonChangeOver     Reason = "changeover"      // admitted at the main gate: their change-over day
	// ReasonReleaseNAT keeps in someone leaving standby or observation
	// under the epidemic profile without a recent negative nucleic-acid
	// result on record (Status.NATRequired). Never overridable: the result
	// is the medical ground for ending isolation (解除隔离), as a normal
	// temperature is for entering, and no authority stands in for it; a
	// supervisor who holds the result records it (a clearance), which
	// lets the person out with the result on record rather than a waiver.
	ReasonReleaseNAT Reason = "release_nat"
)

// StatusReasons lists every reason MayCross can give.
var StatusReasons = []Reason{
	ReasonFeverBarred, ReasonRecheckPending, ReasonObservation, ReasonRest,
	ReasonNotChangeOver, ReasonContact, ReasonCalledUp, ReasonChangeOver, ReasonReleaseNAT,
	ReasonStandbyContact, ReasonNoContact, ReasonWFH, ReasonNotOnList,
	ReasonStaff, ReasonCustody, ReasonOnSite, ReasonExit,
}

// Overridable reports whether a supervisor may override a denial with reason
// r (§2, §11): never a fever, a fever bar, a pending recheck or a missing
// temperature — health is not a matter of authority — and never a missing
// identity, which is an input error, not a decision.
func Overridable(r Reason) bool {
	switch r {
	case ReasonFever, ReasonFeverBarred, ReasonRecheckPending, ReasonNeedTemp, ReasonNeedIdentity, ReasonReleaseNAT:
		return false
	}
	return !ReasonAllows(r)
}

// Verdict is the status rule's answer for one crossing.
type Verdict struct {
	Allowed     bool
	Reason      Reason
	Overridable bool
	// ContactIncident asks the caller to write a contact incident with the
	// passage: a standby member was where they must not be.
	ContactIncident bool
}

func allow(r Reason) Verdict { return Verdict{Allowed: true, Reason: r} }

func refuse(r Reason) Verdict { return Verdict{Reason: r, Overridable: Overridable(r)} }

func contact() Verdict {
	v := refuse(ReasonStandbyContact)
	v.ContactIncident = true
	return v
}

// MayCross answers the question every gate asks (§11): may a staff member
// with status s cross gate g (1 main gate, 2 custody entrance, 3 standby, 4
// office) in direction dir now? Identity (on the roster, active, staff) and
// the temperature are the gates' own checks, made before this; a detainee's
// movement is the escort rule's. Gate 5 is not a crossing and gate 3 asks
// only whether the person may be taken into standby.
//
// The table, entering (leaving in the notes):
//
//	status        main gate           custody (2)        standby (3)  office (4)
//	custody       change-over only    yes                —            no_contact
//	called up     yes                 yes (called_up)    —            no_contact
//	observation   no                  no                 —            no
//	rest          no (rest)           no                 —            no
//	standby       contact incident    contact incident   yes          contact incident
//	office        yes                 no_contact         —            yes (contact: no)
//	wfh           no (overridable)    no_contact         —            no (overridable)
//	unlisted      yes                 no_contact         —            not_on_list
//	fever-barred  no, never overridable, at every gate
//
// Leaving standby or observation (Status.Leaving) through the main gate
// under the epidemic profile needs a recent negative nucleic-acid result on
// record (Status.NATRequired): without one, release_nat, never overridable.
//
// Leaving: the main gate is left freely except by custody-duty staff outside
// their change-over, observation (isolated until it ends) and standby
// members (contact incident); gates 2 and 4 are left freely except by a
// standby member, who must not be there at all. A fever-barred person may
// leave (to the fever clinic) but never enter.
func MayCross(s Status, g int, dir record.Direction) Verdict {
	out := dir == record.Out
	if !out {
		switch {
		case s.FeverBarred:
			return refuse(ReasonFeverBarred)
		case s.RecheckPending:
			return refuse(ReasonRecheckPending)
		}
	}
	switch g {
	case 1:
		v := mainGate(s, out)
		if out && v.Allowed && s.NATRequired && !s.FeverBarred {
			// Leaving isolation: out only with a negative result on record.
			// A fever-barred person leaves for the fever clinic, which is
			// where the result would come from.
			return refuse(ReasonReleaseNAT)
		}
		return v
	case 2:
		return custodyGate(s, out)
	case 3:
		if s.FeverBarred {
			return refuse(ReasonFeverBarred)
		}
		return allow(ReasonStaff)
	case 4:
		return officeGate(s, out)
	}
	return allow(ReasonStaff)
}

func mainGate(s Status, out bool) Verdict {
	switch s.Base {
	case BaseCustody:
		if s.ChangeOver {
			return allow(ReasonChangeOver)
		}
		return refuse(ReasonNotChangeOver)
	case BaseCalledUp:
		return allow(ReasonChangeOver)
	case BaseStandby:
		if s.ChangeOver {
			return allow(ReasonChangeOver)
		}
		return contact()
	case BaseObservation:
		return refuse(ReasonObservation)
	}
	if out {
		return allow(ReasonExit)
	}
	switch s.Base {
	case BaseRest:
		if s.ChangeOver {
			return allow(ReasonChangeOver)
		}
		return refuse(ReasonRest)
	case BaseWFH:
		return refuse(ReasonWFH)
	}
	return allow(ReasonStaff)
}

func custodyGate(s Status, out bool) Verdict {
	if s.Base == BaseStandby {
		return contact()
	}
	if out {
		return allow(ReasonExit)
	}
	switch s.Base {
	case BaseCustody:
		return allow(ReasonCustody)
	case BaseCalledUp:
		return allow(ReasonCalledUp)
	case BaseObservation:
		return refuse(ReasonObservation)
	case BaseRest:
		return refuse(ReasonRest)
	}
	return refuse(ReasonNoContact)
}

func officeGate(s Status, out bool) Verdict {
	if s.Base == BaseStandby {
		return contact()
	}
	if out {
		return allow(ReasonExit)
	}
	switch s.Base {
	case BaseCustody, BaseCalledUp:
		return refuse(ReasonNoContact)
	case BaseObservation:
		return refuse(ReasonObservation)
	case BaseRest:
		return refuse(ReasonRest)
	case BaseWFH:
		return refuse(ReasonWFH)
	case BaseOffice:
		if s.Contact {
			return refuse(ReasonContact)
		}
		return allow(ReasonOnSite)
	}
	if s.Contact {
		return refuse(ReasonContact)
	}
	return refuse(ReasonNotOnList)
}
