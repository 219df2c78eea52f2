package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"

	"gatepost/internal/sqlitedb"
	"gatepost/record"
	"gatepost/store"
)

// outgoingTexts are texts a guard's records hold, and some they should not
// but might: Chinese, quotes, backslashes, what HTML escapes, line and
// paragraph separators, control characters, emoji.
var outgoingTexts = []string{
	"", "G1", "王警官", `say "stop"`, `C:\temp\x`, "<b>&amp;</b>", "a\u2028b\u2029c",
	"tab\there", "line\nbreak", "\x01\x1f\x7f", "😷 发热", `"\"\\/`,
}

// TestOutgoingIsWhatAppendJSONWrites: the push's JSON that SQLite builds
// for a record is byte for byte what record.Record.AppendJSON writes for it
// (so the hub reads the same record, with the same hash), whatever its
// texts hold; a record not of this terminal comes back with whose it is,
// and one holding text that is not UTF-8 is an error naming it.
func TestOutgoingIsWhatAppendJSONWrites(t *testing.T) {
	s, path := newStore(t)
	ctx := context.Background()
	var ds []store.Draft
	for _, x := range outgoingTexts {
		ds = append(ds, store.Draft{Kind: record.Incident, Guard: x, Body: record.IncidentBody{Type: "other", Name: x, Detail: x + x}})
	}
	if _, err := s.AppendBatch(ctx, ds); err != nil {
		t.Fatal(err)
	}
	rs, err := s.RecordsAfter(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.Identity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.OutgoingAfter(ctx, 0, 100, id.FacilityID, id.Terminal)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(rs) || len(rs) != len(outgoingTexts) {
		t.Fatalf("%d outgoing, %d records, want %d", len(out), len(rs), len(outgoingTexts))
	}
	for i, r := range rs {
		want, err := r.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		o := out[i]
		if o.Seq != r.Seq || o.ID != r.ID || o.Of != "" {
			t.Errorf("record %d: outgoing seq %d id %s of %q", r.Seq, o.Seq, o.ID, o.Of)
		}
		if !bytes.Equal(o.JSON, want) {
			t.Errorf("guard %q:\n got %s\nwant %s", outgoingTexts[i], o.JSON, want)
		}
		var back record.Record
		if err := back.UnmarshalJSON(o.JSON); err != nil || back.ComputeHash() != r.Hash {
			t.Errorf("guard %q: read back %v, hash %s, want %s", outgoingTexts[i], err, back.ComputeHash(), r.Hash)
		}
	}

	// Rows a terminal's own store may hold that were not written here: one
	// of another terminal (restored from its backup), and one whose guard
	// is not UTF-8 (no Append writes that).
	db, err := sql.Open("sqlite", sqlitedb.DSN(path, false, 5000))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	last := rs[len(rs)-1]
	insert := func(seq int64, id, facility, terminal, guard string) {
		t.Helper()
		if _, err := db.ExecContext(ctx, `INSERT INTO records (seq, id, terminal, facility, kind, gate, guard, at, day, body, prev, hash)
			VALUES (?, ?, ?, ?, 'incident', 0, ?, ?, ?, '{"type":"other"}', ?, ?)`,
			seq, id, terminal, facility, guard, last.AtString(), last.AtString()[:10], last.Hash, strings.Repeat("0", 64)); err != nil {
			t.Fatal(err)
		}
	}
	insert(last.Seq+1, record.NewID(), "F9", "gate9", "G1")
	out, err = s.OutgoingAfter(ctx, last.Seq, 100, id.FacilityID, id.Terminal)
	if err != nil || len(out) != 1 || out[0].Of != "F9/gate9" {
		t.Fatalf("a record of another terminal: %+v %v, want it of F9/gate9", out, err)
	}
	bad := record.NewID()
	insert(last.Seq+2, bad, id.FacilityID, id.Terminal, "G\xff")
	if _, err := s.OutgoingAfter(ctx, last.Seq, 100, id.FacilityID, id.Terminal); err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("a guard that is not UTF-8: %v, want an error naming %s", err, bad)
	}
}

// FuzzOutgoing: for any text a record's guard and body hold, the JSON
// SQLite builds is AppendJSON's, byte for byte, or both refuse it.
func FuzzOutgoing(f *testing.F) {
	for _, x := range outgoingTexts {
		f.Add(x)
	}
	s, _ := newStore(f)
	ctx := context.Background()
	id, err := s.Identity(ctx)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, x string) {
		rs, err := s.AppendBatch(ctx, []store.Draft{{Kind: record.Incident, Guard: x, Body: record.IncidentBody{Type: "other", Detail: x}}})
		if err != nil {
			return // refused as a draft: nothing to send
		}
		r := rs[0]
		want, werr := r.MarshalJSON()
		out, err := s.OutgoingAfter(ctx, r.Seq-1, 1, id.FacilityID, id.Terminal)
		switch {
		case werr != nil:
			if err == nil {
				t.Fatalf("guard %q: AppendJSON refused it (%v), SQLite built %s", x, werr, out[0].JSON)
			}
		case err != nil:
			t.Fatalf("guard %q: %v", x, err)
		case len(out) != 1 || !bytes.Equal(out[0].JSON, want):
			t.Fatalf("guard %q:\n got %s\nwant %s", x, out[0].JSON, want)
		}
	})
}
