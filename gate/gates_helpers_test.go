package gate

import (
	"testing"
	"time"

	"gatepost/record"
)

// People of the gate 2–5 tables: one of each assignment.
var (
	custodyP    = &Person{Badge: "2001", Name: "张伟", Kind: Staff, Unit: "一大队", Assignment: AssignCustody, Active: true}
	officeP     = &Person{Badge: "2002", Name: "王芳", Kind: Staff, Unit: "办公室", Assignment: AssignOffice, Active: true}
	wfhP        = &Person{Badge: "2004", Name: "刘洋", Kind: Staff, Unit: "办公室", Assignment: AssignWFH, Active: true}
	standbyP    = &Person{Badge: "2003", Name: "李娜", Kind: Staff, Unit: "二大队", Assignment: AssignStandby, Active: true}
	unassignedP = &Person{Badge: "2005", Name: "陈静", Kind: Staff, Unit: "后勤科", Active: true}
	retiredP    = &Person{Badge: "2009", Name: "赵停", Kind: Staff, Unit: "办公室", Assignment: AssignOffice, Active: false}
	detaineeP   = &Person{Badge: "D0001", Name: "赵某", Kind: Detainee, Unit: "一大队", Active: true}
)

// evb builds events in seq order, bodies encoded as the store would.
type evb struct {
	t   *testing.T
	seq int64
	out []Event
}

func (b *evb) add(kind record.Kind, at time.Time, body any) string {
	b.t.Helper()
	raw, err := record.EncodeBody(body)
	if err != nil {
		b.t.Fatal(err)
	}
	b.seq++
	id := record.NewID()
	b.out = append(b.out, Event{Record: record.Record{ID: id, Seq: b.seq, Kind: kind, At: at, Body: raw}})
	return id
}

// void marks the event with id as voided.
func (b *evb) void(id string) {
	for i := range b.out {
		if b.out[i].ID == id {
			b.out[i].Voided = true
		}
	}
}
