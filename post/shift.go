package post

import (
	"context"
	"strings"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// ShiftRef is an open shift: its shift.open record.
type ShiftRef struct {
	ID  string
	Seq int64
}

// ShiftOf is the reference to the shift a shift.open record opened.
func ShiftOf(r record.Record) ShiftRef { return ShiftRef{ID: r.ID, Seq: r.Seq} }

// OpenShift writes the shift.open of a guard who signed in, at the
// terminal's home gate. ShiftOf(saved.Main()) is the shift to close.
func (s *Service) OpenShift(ctx context.Context, guard gate.Guard) (Saved, error) {
	id, err := s.st.Identity(ctx)
	if err != nil {
		return Saved{}, err
	}
	return s.write(ctx, guard, Saved{Kind: record.ShiftOpen, Gate: id.HomeGate, Allowed: true, Who: Who{Badge: guard.Badge, Name: guard.Name}},
		[]store.Draft{draft(record.ShiftOpen, id.HomeGate, s.now(), "", record.ShiftOpenBody{Name: guard.Name, Gate: id.HomeGate})})
}

// ShiftReport computes the report of a shift so far, with the same
// computation as the daily report (§3), over the records from its
// shift.open on: what the close-shift dialog shows.
func (s *Service) ShiftReport(ctx context.Context, open ShiftRef) (gate.Report, error) {
	in, err := s.st.ShiftReportInput(ctx, open.Seq-1, s.now(), s.cfg.FeverAt())
	if err != nil {
		return gate.Report{}, err
	}
	return gate.ComputeReport(in), nil
}

// CloseShiftInput closes a shift.
type CloseShiftInput struct {
	Open     ShiftRef
	Handover string // the handover note, required
}

// CloseShift writes the shift.close with the handover note and the shift's
// summary, computed now from its records (Saved.Report is the shift's
// report).
func (s *Service) CloseShift(ctx context.Context, guard gate.Guard, in CloseShiftInput) (Saved, error) {
	note := strings.TrimSpace(in.Handover)
	switch {
	case note == "":
		return Saved{}, inputErr("Handover", CodeRequired, "")
	case in.Open.ID == "" || in.Open.Seq < 1:
		return Saved{}, inputErr("Open", CodeRequired, "")
	}
	id, err := s.st.Identity(ctx)
	if err != nil {
		return Saved{}, err
	}
	rep, err := s.ShiftReport(ctx, in.Open)
	if err != nil {
		return Saved{}, err
	}
	out := Saved{Kind: record.ShiftClose, Gate: id.HomeGate, Allowed: true, Who: Who{Badge: guard.Badge, Name: guard.Name}, Report: &rep}
	return s.write(ctx, guard, out, []store.Draft{draft(record.ShiftClose, id.HomeGate, s.now(), "",
		record.ShiftCloseBody{Opened: in.Open.ID, Handover: note, Summary: rep.Summary()})})
}
