package post

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// AttendanceInput is a change to a day's on-site / work-from-home list
// (gate 4), decided by a supervisor.
type AttendanceInput struct {
	Day         string       // "2006-01-02"; empty: today
	Entries     []gate.Entry // the people whose status is set
	CarriedFrom string       // the day copied, when carried over (gate.CarryOver)
	Note        string       // what the supervisor wrote when confirming
}

// SetAttendance writes one attendance record per entry, in one
// transaction, on the supervisor's checked authority (the signed-in
// guard's own, through SignedInSupervisor, when they may supervise).
func (s *Service) SetAttendance(ctx context.Context, guard gate.Guard, a Authority, in AttendanceInput) (Saved, error) {
	if len(in.Entries) == 0 {
		return Saved{}, inputErr("Entries", CodeRequired, "")
	}
	for _, e := range in.Entries {
		if e.Badge == "" || (e.Status != record.OnSite && e.Status != record.WFH) {
			return Saved{}, inputErr("Entries", CodeBadChoice, e.Badge+" "+string(e.Status))
		}
	}
	sup, err := a.supervisor(ctx, s, freeText{"Note", in.Note})
	if err != nil {
		return Saved{}, err
	}
	at := s.now()
	day := in.Day
	if day == "" {
		day = store.Day(at)
	}
	ds := make([]store.Draft, len(in.Entries))
	for i, e := range in.Entries {
		ds[i] = draft(record.Attendance, 4, at, "", record.AttendanceBody{Day: day, Badge: e.Badge, Name: e.Name, Status: e.Status,
			Supervisor: sup.Badge, CarriedFrom: in.CarriedFrom, Note: strings.TrimSpace(in.Note)})
	}
	return s.write(ctx, guard, Saved{Kind: record.Attendance, Gate: 4, Allowed: true}, ds)
}

// DisinfectionInput is a zone disinfected (§3 daily screening).
type DisinfectionInput struct {
	Zone          gate.Zone
	Area          string
	Method        record.DisinfectMethod
	Agent         string
	Concentration string
	ContactMin    int
	Operator      string    // who did it (a name), required
	At            time.Time // when; zero: now; never after now
}

// Disinfect writes a zone's disinfection at gate 0.
func (s *Service) Disinfect(ctx context.Context, guard gate.Guard, in DisinfectionInput) (Saved, error) {
	now := s.now()
	at := in.At.Truncate(time.Millisecond)
	if at.IsZero() {
		at = now
	}
	switch {
	case in.Zone.Gate() < 1:
		return Saved{}, inputErr("Zone", CodeBadChoice, string(in.Zone))
	case in.Method == "" || !slices.Contains(record.DisinfectMethods, in.Method):
		return Saved{}, inputErr("Method", CodeRequired, string(in.Method))
	case in.ContactMin < 0 || in.ContactMin > gate.MaxContactMin:
		return Saved{}, inputErr("ContactMin", gate.CodeMinutesFormat, "")
	case strings.TrimSpace(in.Operator) == "":
		return Saved{}, inputErr("Operator", CodeRequired, "")
	case at.After(now):
		return Saved{}, inputErr("At", CodeFuture, at.Format("15:04"))
	}
	b := record.DisinfectionBody{Zone: string(in.Zone), Area: strings.TrimSpace(in.Area), Method: in.Method,
		Agent: strings.TrimSpace(in.Agent), Concentration: strings.TrimSpace(in.Concentration), ContactMin: in.ContactMin,
		Operator: strings.TrimSpace(in.Operator)}
	return s.write(ctx, guard, Saved{Kind: record.Disinfection, Allowed: true, Who: Who{Name: b.Operator}},
		[]store.Draft{draft(record.Disinfection, 0, at, "", b)})
}

// NoticeRef is a notice the guard acknowledges.
type NoticeRef struct {
	ID, Day, Title string
}

// AckNotice writes the signed-in guard's acknowledgement of a notice (§3
// 日部署).
func (s *Service) AckNotice(ctx context.Context, guard gate.Guard, n NoticeRef) (Saved, error) {
	if n.ID == "" {
		return Saved{}, inputErr("Notice", CodeRequired, "")
	}
	return s.write(ctx, guard, Saved{Kind: record.NoticeAck, Allowed: true, Who: Who{Badge: guard.Badge, Name: guard.Name}},
		[]store.Draft{draft(record.NoticeAck, 0, s.now(), "", record.NoticeAckBody{Notice: n.ID, Day: n.Day, Title: n.Title, Name: guard.Name})})
}

// SubmitInput is a day's report submitted by a supervisor.
type SubmitInput struct {
	Day string // "2006-01-02"; empty: today
	// Supersedes is the report.daily this one replaces (a day submitted
	// again); Reason, required with it, says why.
	Supersedes string
	Reason     string
	// Security is the duty leader's attestation of the day's 安全稳定
	// (§13), written as a security.daily with the report and read by it;
	// nil submits without one (the report then says it is not attested).
	Security *SecurityInput
}

// SecurityInput is what the supervisor attests at submission: no event
// (Events empty), or the events; and the day's epidemic counts, which only
// the health authorities establish.
type SecurityInput struct {
	Events                        []record.SecurityEvent
	Suspected, Confirmed, Contact int
}

// SubmitReport checks the supervisor, computes the day's report afresh
// from the records (what is submitted is what they say now, not what a
// preview showed a minute ago) and writes the report.daily carrying its
// figures. Saved.Report is the report submitted.
func (s *Service) SubmitReport(ctx context.Context, guard gate.Guard, a Authority, in SubmitInput) (Saved, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Supersedes != "" && in.Reason == "" {
		return Saved{}, inputErr("Reason", CodeRequired, "")
	}
	texts := []freeText{{"Reason", in.Reason}}
	if in.Security != nil {
		for _, e := range in.Security.Events {
			texts = append(texts, freeText{"Summary", e.Summary}, freeText{"Handling", e.Handling})
		}
	}
	sup, err := a.supervisor(ctx, s, texts...)
	if err != nil {
		return Saved{}, err
	}
	now := s.now()
	day := in.Day
	if day == "" {
		day = store.Day(now)
	}
	ri, err := s.st.ReportInput(ctx, day, now, s.cfg.FeverAt())
	if err != nil {
		return Saved{}, err
	}
	ri.Drawn = now // submitted now, whatever an earlier submission said
	var attest []store.Draft
	if sec := in.Security; sec != nil {
		// The attestation goes in with the report, in one transaction
		// (after it: the report is the main record), and the report reads
		// it as the day's latest.
		body, err := gate.SecurityDraft(day, sup.Badge, guard.Badge, sec.Events, sec.Suspected, sec.Confirmed, sec.Contact)
		if err != nil {
			return Saved{}, inputErr("Security", CodeSecurity, err.Error())
		}
		raw, err := record.EncodeBody(body)
		if err != nil {
			return Saved{}, err
		}
		// The report reads it as the record it will be: this terminal's,
		// written right after the report, so the latest of the day.
		id, err := s.st.Identity(ctx)
		if err != nil {
			return Saved{}, err
		}
		last, err := s.st.LastSeq(ctx)
		if err != nil {
			return Saved{}, err
		}
		ri.Security = append(ri.Security, gate.DayRecord{Record: record.Record{ID: s.newID(now), Terminal: id.Terminal,
			Seq: last + 2, Kind: record.SecurityDaily, At: now, Body: raw}})
		attest = append(attest, draft(record.SecurityDaily, 0, now, ri.Security[len(ri.Security)-1].ID, body))
	}
	// The report goes into the log for good: the people it names by
	// identity reference (§15) are counted, never named, in it.
	for ref, who := range ri.Identities {
		ri.Identities[ref] = gate.Shown{Erased: who.Erased}
	}
	rep := gate.ComputeReport(ri)
	raw, err := json.Marshal(rep)
	if err != nil {
		return Saved{}, err
	}
	out := Saved{Kind: record.ReportDaily, Allowed: true, Who: Who{Badge: sup.Badge, Name: sup.Name}, Report: &rep}
	return s.write(ctx, guard, out, append([]store.Draft{draft(record.ReportDaily, 0, now, "", record.ReportDailyBody{
		Day: day, Supervisor: sup.Badge, Zero: rep.Zero, Abnormal: rep.Abnormal, Report: raw,
		Supersedes: in.Supersedes, Reason: in.Reason})}, attest...))
}

// ClearanceInput lifts a confirmed fever's bar or a contact status, or
// records the negative nucleic-acid result that lets a person leave standby
// or observation (§11).
type ClearanceInput struct {
	Badge    string
	Subject  string    // gate.ClearFever, gate.ClearContact or gate.ClearIsolation
	Result   string    // one of record.ClearanceResults
	ResultAt time.Time // when the result was obtained (for a NAT, the sample); zero: not given
	Reason   string    // the supervisor's, required
	Related  string    // the incident or override it clears, when known
}

// Clear writes a clearance on the supervisor's checked authority: the
// person is no longer barred (or no longer a contact), or may leave
// isolation on the negative result recorded, from the next decision on.
func (s *Service) Clear(ctx context.Context, guard gate.Guard, a Authority, in ClearanceInput) (Saved, error) {
	in.Badge, in.Reason = strings.ToUpper(strings.TrimSpace(in.Badge)), strings.TrimSpace(in.Reason)
	now := s.now()
	switch {
	case in.Badge == "":
		return Saved{}, inputErr("Badge", CodeRequired, "")
	case in.Subject != gate.ClearFever && in.Subject != gate.ClearContact && in.Subject != gate.ClearIsolation:
		return Saved{}, inputErr("Subject", CodeBadChoice, in.Subject)
	case !slices.Contains(record.ClearanceResults, in.Result),
		// Only a negative result ends isolation (gate.Status.NATRequired).
		in.Subject == gate.ClearIsolation && in.Result != record.ResultNATNegative:
		return Saved{}, inputErr("Result", CodeBadChoice, in.Result)
	case in.ResultAt.After(now):
		return Saved{}, inputErr("ResultAt", CodeFuture, in.ResultAt.Format("15:04"))
	case in.Reason == "":
		return Saved{}, inputErr("Reason", CodeRequired, "")
	}
	sup, err := a.supervisor(ctx, s, freeText{"Reason", in.Reason})
	if err != nil {
		return Saved{}, err
	}
	b := record.ClearanceBody{Badge: in.Badge, Subject: in.Subject, Result: in.Result, Supervisor: sup.Badge, Reason: in.Reason,
		Related: in.Related}
	if !in.ResultAt.IsZero() {
		b.ResultAt = in.ResultAt.Truncate(time.Millisecond).Format(record.TimeLayout)
	}
	who := Who{Badge: in.Badge}
	if p, ok, err := s.person(ctx, in.Badge); err == nil && ok {
		who.Name = p.Name
	}
	return s.write(ctx, guard, Saved{Kind: record.Clearance, Allowed: true, Who: who}, []store.Draft{draft(record.Clearance, 0, now, "", b)})
}
