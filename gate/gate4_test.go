package gate

import (
	"reflect"
	"testing"

	"gatepost/record"
)

func TestEvaluateGate4(t *testing.T) {
	in, out := record.In, record.Out
	tests := []struct {
		name string
		in   StaffCrossing
		want Reason
	}{
		{"on site", StaffCrossing{Direction: in, Badge: "2002", Person: officeP, Status: record.OnSite}, ReasonOnSite},
		{"wfh denied", StaffCrossing{Direction: in, Badge: "2004", Person: wfhP, Status: record.WFH}, ReasonWFH},
		{"office staff set to wfh today", StaffCrossing{Direction: in, Badge: "2002", Person: officeP, Status: record.WFH}, ReasonWFH},
		{"wfh-assigned staff on site today", StaffCrossing{Direction: in, Badge: "2004", Person: wfhP, Status: record.OnSite}, ReasonOnSite},
		{"not on today's list", StaffCrossing{Direction: in, Badge: "2002", Person: officeP}, ReasonNotOnList},
		{"unassigned, on site", StaffCrossing{Direction: in, Badge: "2005", Person: unassignedP, Status: record.OnSite}, ReasonOnSite},
		{"custody staff: no contact even if listed", StaffCrossing{Direction: in, Badge: "2001", Person: custodyP, Status: record.OnSite}, ReasonNoContact},
		{"in standby: contact violation", StaffCrossing{Direction: in, Badge: "2003", Person: standbyP, Standby: stint(standbyP), Status: record.OnSite}, ReasonStandbyContact},
		{"in standby leaving: contact violation", StaffCrossing{Direction: out, Badge: "2003", Person: standbyP, Standby: stint(standbyP)}, ReasonStandbyContact},
		{"leaving", StaffCrossing{Direction: out, Badge: "2004", Person: wfhP, Status: record.WFH}, ReasonExit},
		{"custody leaving", StaffCrossing{Direction: out, Badge: "2001", Person: custodyP}, ReasonExit},
		{"inactive", StaffCrossing{Direction: in, Badge: "2009", Person: retiredP, Status: record.OnSite}, ReasonInactive},
		{"detainee", StaffCrossing{Direction: in, Badge: "D0001", Person: detaineeP}, ReasonNotStaff},
		{"unknown", StaffCrossing{Direction: in, Badge: "X"}, ReasonNotOnRoster},
		{"nobody", StaffCrossing{Direction: in}, ReasonNeedIdentity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EvaluateGate4(tt.in)
			if got.Reason != tt.want || got.Allowed != ReasonAllows(got.Reason) {
				t.Fatalf("got %+v, want %q", got, tt.want)
			}
		})
	}
}

func TestAttendanceListAndCarryOver(t *testing.T) {
	people := []Person{*custodyP, *officeP, *wfhP, *standbyP, *unassignedP, *retiredP, *detaineeP,
		{Badge: "2006", Name: "新人", Kind: Staff, Unit: "办公室", Assignment: AssignOffice, Active: true}}
	listed := ListPeople(people)
	var badges []string
	for _, p := range listed {
		badges = append(badges, p.Badge)
	}
	// custody, standby, inactive and detainees are not on the office list;
	// ordered by unit (办公室 before 后勤科 in code-point order) then badge
	if want := []string{"2002", "2004", "2006", "2005"}; !reflect.DeepEqual(badges, want) {
		t.Fatalf("list %v, want %v", badges, want)
	}

	y := &evb{t: t}
	y.add(record.Attendance, now, record.AttendanceBody{Day: "2020-02-09", Badge: "2002", Name: "王芳", Status: record.OnSite})
	y.add(record.Attendance, now, record.AttendanceBody{Day: "2020-02-09", Badge: "2002", Name: "王芳", Status: record.WFH}) // changed later
	y.add(record.Attendance, now, record.AttendanceBody{Day: "2020-02-09", Badge: "2005", Name: "陈静", Status: record.WFH})
	v := y.add(record.Attendance, now, record.AttendanceBody{Day: "2020-02-09", Badge: "2004", Name: "刘洋", Status: record.OnSite})
	y.void(v)
	prev := AttendanceOf(y.out)
	if prev["2002"].Status != record.WFH || prev["2005"].Status != record.WFH || len(prev) != 2 {
		t.Fatalf("yesterday %v", prev)
	}

	td := &evb{t: t}
	td.add(record.Attendance, now, record.AttendanceBody{Day: "2020-02-10", Badge: "2005", Name: "陈静", Status: record.OnSite})
	today := AttendanceOf(td.out)

	got := CarryOver(listed, prev, today)
	want := []Entry{
		{Badge: "2002", Name: "王芳", Status: record.WFH},    // from yesterday
		{Badge: "2004", Name: "刘洋", Status: record.WFH},    // voided yesterday: roster says wfh
		{Badge: "2006", Name: "新人", Status: record.OnSite}, // new: roster says office
	} // 2005 already set today keeps it
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("carry over %v, want %v", got, want)
	}
	if c := CountAttendance(people, today); c != (AttendanceCounts{OnSite: 1, Unset: 3}) {
		t.Fatalf("counts %+v", c)
	}
	for _, e := range got {
		today[e.Badge] = e
	}
	if c := CountAttendance(people, today); c != (AttendanceCounts{OnSite: 2, WFH: 2}) {
		t.Fatalf("counts after carry over %+v", c)
	}
	if len(CarryOver(listed, prev, today)) != 0 {
		t.Fatal("carrying over twice adds nothing")
	}
	if first := CarryOver(listed, nil, nil); len(first) != 4 || first[1].Status != record.WFH {
		t.Fatalf("first list from the roster %v", first)
	}
}

// TestAttendanceOfOverriddenWFH: an override of a work-from-home denial at
// the main gate or the office puts the person on site for the day, so that
// the list, the gate-4 panel and the 日报 say what the status says; other
// overrides, voided ones and a later list entry are told apart.
func TestAttendanceOfOverriddenWFH(t *testing.T) {
	seq := int64(0)
	rec := func(kind record.Kind, gateNo int, body any) Event {
		seq++
		raw, err := record.EncodeBody(body)
		if err != nil {
			t.Fatal(err)
		}
		return Event{Record: record.Record{ID: record.NewID(), Seq: seq, Kind: kind, Gate: gateNo, Body: raw}}
	}
	list := func(badge string, st record.AttendanceStatus) Event {
		return rec(record.Attendance, 4, record.AttendanceBody{Badge: badge, Name: "徐慧敏", Status: st})
	}
	denial := func(gateNo int, reason Reason) Event {
		return rec(record.Passage, gateNo, record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2049", Reason: string(reason)})
	}
	override := func(target Event) Event {
		return rec(record.Override, target.Gate, record.OverrideBody{Target: target.ID, Supervisor: "9001", Reason: "急需到岗"})
	}
	for _, c := range []struct {
		name string
		evs  func() []Event
		want record.AttendanceStatus
	}{
		{"at home, no override", func() []Event { return []Event{list("2049", record.WFH), denial(1, ReasonWFH)} }, record.WFH},
		{"overridden at the main gate", func() []Event {
			d := denial(1, ReasonWFH)
			return []Event{list("2049", record.WFH), d, override(d)}
		}, record.OnSite},
		{"overridden at the office", func() []Event {
			d := denial(4, ReasonWFH)
			return []Event{list("2049", record.WFH), d, override(d)}
		}, record.OnSite},
		{"the override voided", func() []Event {
			d := denial(1, ReasonWFH)
			o := override(d)
			o.Voided = true
			return []Event{list("2049", record.WFH), d, o}
		}, record.WFH},
		{"another denial overridden", func() []Event {
			d := denial(1, ReasonNotOnList)
			return []Event{list("2049", record.WFH), d, override(d)}
		}, record.WFH},
		{"the list set again after the override", func() []Event {
			d := denial(1, ReasonWFH)
			return []Event{list("2049", record.WFH), d, override(d), list("2049", record.WFH)}
		}, record.WFH},
	} {
		got := AttendanceOf(c.evs())["2049"]
		if got.Status != c.want || got.Name != "徐慧敏" {
			t.Errorf("%s: %+v, want %s", c.name, got, c.want)
		}
	}
}
