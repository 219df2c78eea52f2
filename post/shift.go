package post

import (
	"context"
	"strings"
	"time"

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
	// Supplies in their contact time are the post's, not the shift's: the
	// input carries the facility's supply log of the last days
	// (gate.ReportInput.Supplies), so the pending list has those received
	// by whichever shift, and the next shift knows of them.
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

// LastShift is how the terminal's shifts were left, for sign-in: a shift
// still open (a guard who never closed it, a console that was killed) and
// the last handover note.
type LastShift struct {
	// Open is the last shift opened and never closed; nil when it was
	// closed (or there was none).
	Open     *ShiftRef
	OpenedBy Who
	OpenedAt time.Time
	// Handover is the last shift.close's note, "" when there is none.
	Handover   string
	HandedBy   Who
	HandedOver time.Time
}

// LastShift reads how the shifts before this one were left: the last shift
// opened and not closed (a close names the shift it closes; a voided close
// closes nothing, a voided open opened nothing) and the last handover note
// that stands. except is the shift the sign-in just opened, which is not a
// previous one left open ("" for none). Shifts are few: the last month's
// shift records are read.
func (s *Service) LastShift(ctx context.Context, except string) (LastShift, error) {
	var out LastShift
	rows, err := s.st.KindRows(ctx, store.KindQuery{Kinds: []record.Kind{record.ShiftOpen, record.ShiftClose},
		From: store.Day(s.now().AddDate(0, -1, 0))})
	if err != nil {
		return out, err
	}
	var open *store.Row
	var openName string
	for i, r := range rows {
		if r.ID == except || r.Voided {
			continue
		}
		switch r.Kind {
		case record.ShiftOpen:
			var ob record.ShiftOpenBody
			_ = r.Decode(&ob)
			open, openName = &rows[i], ob.Name
		case record.ShiftClose:
			var cb record.ShiftCloseBody
			if r.Decode(&cb) != nil {
				continue
			}
			out.Handover, out.HandedBy, out.HandedOver = cb.Handover, Who{Badge: r.Guard}, r.At
			if open != nil && cb.Opened == open.ID {
				// The close has only the badge; its shift's open has the name.
				out.HandedBy.Name = openName
				open = nil
			}
		}
	}
	if open != nil {
		out.Open = &ShiftRef{ID: open.ID, Seq: open.Seq}
		out.OpenedBy, out.OpenedAt = Who{Badge: open.Guard, Name: openName}, open.At
	}
	return out, nil
}
