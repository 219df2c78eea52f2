package gate

import (
	"testing"
	"time"

	"gatepost/record"
)

// TestReadingsFirstSavedAlone: a first fever reading saved on its own and
// the passage that carries its recheck give one case, answered once, of
// the subject the passage names.
func TestReadingsFirstSavedAlone(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	mk := func(id string, seq int64, kind record.Kind, body any, voided bool) DayRecord {
		raw, err := record.EncodeBody(body)
		if err != nil {
			t.Fatal(err)
		}
		return DayRecord{Record: record.Record{ID: id, Seq: seq, Kind: kind, Gate: 1, At: at.Add(time.Duration(seq) * time.Minute), Body: raw}, Voided: voided}
	}
	t38, t36, t39 := record.Tenths(380), record.Tenths(366), record.Tenths(390)
	first := record.TemperatureBody{Badge: "", Name: "某人", Temp: t38, Fever: true}
	passage := func(recheck *record.Tenths, firstID string) record.PassageBody {
		return record.PassageBody{Subject: record.SubjectVisitor, Direction: record.In, Ident: "r-110101199003070012", Name: "某人",
			Temp: &t38, Recheck: recheck, First: firstID, Reason: "fever"}
	}
	for _, c := range []struct {
		name     string
		recs     []DayRecord
		readings int
		statuses []FeverStatus
	}{
		{"cleared", []DayRecord{mk("a", 1, record.Temperature, first, false), mk("b", 2, record.Passage, passage(&t36, "a"), false)},
			2, []FeverStatus{FeverCleared}},
		{"confirmed", []DayRecord{mk("a", 1, record.Temperature, first, false), mk("b", 2, record.Passage, passage(&t39, "a"), false)},
			2, []FeverStatus{FeverConfirmed}},
		{"the first reading voided: the passage keeps both", []DayRecord{mk("a", 1, record.Temperature, first, true),
			mk("b", 2, record.Passage, passage(&t36, "a"), false)}, 2, []FeverStatus{FeverCleared}},
		{"no first: both readings from the passage", []DayRecord{mk("b", 2, record.Passage, passage(&t39, ""), false)},
			2, []FeverStatus{FeverConfirmed}},
		{"first names another record", []DayRecord{mk("a", 1, record.Temperature, first, false), mk("b", 2, record.Passage, passage(&t39, "zz"), false)},
			3, []FeverStatus{FeverPending, FeverConfirmed}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rs := Readings(c.recs)
			if len(rs) != c.readings {
				t.Fatalf("%d readings: %+v", len(rs), rs)
			}
			fs := Fevers(rs, DefaultFever)
			if len(fs) != len(c.statuses) {
				t.Fatalf("fevers %+v", fs)
			}
			for i, f := range fs {
				if f.Status != c.statuses[i] {
					t.Errorf("case %d: %s", i, f.Status)
				}
			}
			// The case the passage answered or opened is of a visitor, as
			// the guard chose at the gate (the report says 来访人员).
			if last := fs[len(fs)-1]; last.Subject != record.SubjectVisitor {
				t.Errorf("the passage's case: subject %q, want visitor", last.Subject)
			}
		})
	}
}

// TestReadingsCookCheck: a cook's morning check is a reading of the cook;
// a fever there awaits its recheck, which any later reading of the cook
// answers (the roll-call's).
func TestReadingsCookCheck(t *testing.T) {
	at := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	mk := func(seq int64, kind record.Kind, body any) DayRecord {
		raw, err := record.EncodeBody(body)
		if err != nil {
			t.Fatal(err)
		}
		return DayRecord{Record: record.Record{ID: string(rune('a' + seq)), Seq: seq, Kind: kind, Gate: 5, At: at.Add(time.Duration(seq) * time.Minute), Body: raw}}
	}
	cook := mk(1, record.KitchenCheck, record.KitchenCheckBody{Badge: "2057", Temp: 382, HealthCert: true, Reasons: []string{string(ReasonCookFever)}})
	rs := Readings([]DayRecord{cook})
	if len(rs) != 1 || rs[0].Badge != "2057" || rs[0].Temp != 382 {
		t.Fatalf("readings %+v", rs)
	}
	if fs := Fevers(rs, DefaultFever); len(fs) != 1 || fs[0].Status != FeverPending {
		t.Fatalf("a cook's fever: %+v", fs)
	}
	again := mk(2, record.Temperature, record.TemperatureBody{Badge: "2057", Temp: 384, Fever: true, Recheck: true})
	if fs := Fevers(Readings([]DayRecord{cook, again}), DefaultFever); len(fs) != 1 || fs[0].Status != FeverConfirmed {
		t.Fatalf("the cook's fever rechecked: %+v", fs)
	}
	fine := mk(1, record.KitchenCheck, record.KitchenCheckBody{Badge: "2057", Temp: 365, Fit: true, HealthCert: true})
	if fs := Fevers(Readings([]DayRecord{fine}), DefaultFever); len(fs) != 0 {
		t.Fatalf("a well cook: %+v", fs)
	}
}
