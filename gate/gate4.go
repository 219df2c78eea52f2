package gate

import (
	"sort"

	"gatepost/record"
)

// EvaluateGate4 decides a staff crossing at the office (§2 gate 4): only
// those on today's on-site list come in; work-from-home staff and anyone the
// list does not name are denied (a supervisor may override). Custody-duty
// staff are denied no_contact: they are isolated with the detainees and must
// not meet office staff. Someone in standby is a contact violation, as at
// gate 2. Leaving is allowed for known, active staff not in standby.
func EvaluateGate4(in StaffCrossing) Decision {
	if d, ok := staffFirst(in); !ok {
		return d
	}
	if d, ok := closedDecision(in, 4); ok {
		return d
	}
	if in.Direction == record.Out {
		return Decision{Allowed: true, Reason: ReasonExit}
	}
	switch {
	case in.Person.Assignment == AssignCustody:
		return deny(ReasonNoContact)
	case in.Status == record.OnSite:
		return Decision{Allowed: true, Reason: ReasonOnSite}
	case in.Status == record.WFH:
		return deny(ReasonWFH)
	}
	return deny(ReasonNotOnList)
}

// OnList reports whether a staff member belongs on the office's daily
// on-site/work-from-home list: active staff who are not isolated on custody
// duty or in the standby pool (those are managed at gates 2 and 3).
func OnList(p Person) bool {
	if p.Kind != Staff || !p.Active {
		return false
	}
	switch p.Assignment {
	case AssignCustody, AssignStandby:
		return false
	}
	return true
}

// Entry is one person's status on a day's list.
type Entry struct {
	Badge  string
	Name   string
	Status record.AttendanceStatus
}

// AttendanceOf folds a day's records (seq order) into the list: the
// latest not-voided attendance record per badge wins, and a supervisor's
// override of a work-from-home denial at the main gate or the office puts
// the person on site for the day, as the status does (§11: overridable,
// "then on site today") — a list that still said "at home" made the 日报
// count them both ways. The denied passage must be among evs for its
// override to count; a later list entry for the badge wins over it.
func AttendanceOf(evs []Event) map[string]Entry {
	out := map[string]Entry{}
	denied := map[string]record.PassageBody{} // WFH denials by record id
	for _, e := range evs {
		if e.Voided {
			continue
		}
		switch e.Kind {
		case record.Attendance:
			var b record.AttendanceBody
			if e.Decode(&b) != nil || b.Badge == "" {
				continue
			}
			switch b.Status {
			case record.OnSite, record.WFH:
				out[b.Badge] = Entry{Badge: b.Badge, Name: b.Name, Status: b.Status}
			}
		case record.Passage:
			if b, ok := wfhDenial(e.Record); ok {
				denied[e.ID] = b
			}
		case record.Override:
			var b record.OverrideBody
			if e.Decode(&b) != nil {
				continue
			}
			if p, ok := denied[b.Target]; ok {
				name := p.Name
				if name == "" {
					name = out[p.Badge].Name
				}
				out[p.Badge] = Entry{Badge: p.Badge, Name: name, Status: record.OnSite}
			}
		}
	}
	return out
}

// wfhDenial reports whether r is a crossing into the main gate or the
// office denied because the person works from home today: the one denial
// whose override puts the person on site for the day (§11), for the list
// (AttendanceOf) and the status (StatusOf) alike.
func wfhDenial(r record.Record) (record.PassageBody, bool) {
	var b record.PassageBody
	if r.Kind != record.Passage || (r.Gate != 1 && r.Gate != 4) || r.Decode(&b) != nil {
		return b, false
	}
	return b, !b.Allowed && b.Reason == string(ReasonWFH) && b.Direction == record.In && b.Badge != ""
}

// CarryOver proposes today's list from the last one set: every person on
// the office list (people filtered by OnList) not yet set today gets the
// status they had on the previous list. Someone the previous list does not
// name (new on the roster, or no list was ever set) gets the status their
// roster assignment implies: work-from-home staff at home, everyone else on
// site. People already set today keep what the supervisor chose. The result
// is ordered like people.
func CarryOver(people []Person, prev, today map[string]Entry) []Entry {
	var out []Entry
	for _, p := range people {
		if !OnList(p) {
			continue
		}
		if _, set := today[p.Badge]; set {
			continue
		}
		st := record.OnSite
		if e, ok := prev[p.Badge]; ok {
			st = e.Status
		} else if p.Assignment == AssignWFH {
			st = record.WFH
		}
		out = append(out, Entry{Badge: p.Badge, Name: p.Name, Status: st})
	}
	return out
}

// AttendanceCounts are the figures of a day's list over the office list.
type AttendanceCounts struct {
	OnSite, WFH, Unset int
}

// CountAttendance counts the office list's people by today's status.
func CountAttendance(people []Person, today map[string]Entry) AttendanceCounts {
	var c AttendanceCounts
	for _, p := range people {
		if !OnList(p) {
			continue
		}
		switch today[p.Badge].Status {
		case record.OnSite:
			c.OnSite++
		case record.WFH:
			c.WFH++
		default:
			c.Unset++
		}
	}
	return c
}

// ListPeople returns the people on the office list, ordered by unit and
// badge, the order supervisors read a duty roster in.
func ListPeople(people []Person) []Person {
	var out []Person
	for _, p := range people {
		if OnList(p) {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Unit != out[j].Unit {
			return out[i].Unit < out[j].Unit
		}
		return out[i].Badge < out[j].Badge
	})
	return out
}

func isWFHDenial(r record.Record) bool {
	_, ok := wfhDenial(r)
	return ok
}
