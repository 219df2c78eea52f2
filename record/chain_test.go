package record_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"gatepost/record"
)

// chain builds n sealed records of one terminal, seq 1..n.
func chain(t *testing.T, terminal string, n int) []record.Record {
	t.Helper()
	at := time.Date(2020, 2, 1, 7, 0, 0, 0, cst)
	rs := make([]record.Record, n)
	prev := ""
	for i := range rs {
		body, err := record.EncodeBody(record.TemperatureBody{Badge: fmt.Sprintf("S%03d", i), Temp: record.Tenths(360 + i%10)})
		if err != nil {
			t.Fatal(err)
		}
		rs[i] = record.Record{
			ID: record.NewID(), Terminal: terminal, Facility: "FAC-001", Seq: int64(i + 1),
			Kind: record.Temperature, Gate: 1, Guard: "G001", At: at.Add(time.Duration(i) * time.Minute), Body: body,
		}
		rs[i].Seal(prev)
		prev = rs[i].Hash
	}
	return rs
}

func TestVerify(t *testing.T) {
	const n = 6
	tests := []struct {
		name     string
		tamper   func(rs []record.Record) []record.Record
		wantSeq  int64 // 0: intact
		wantGot  int64
		wantKind record.BreakKind
	}{
		{name: "intact", tamper: func(rs []record.Record) []record.Record { return rs }},
		{name: "empty", tamper: func([]record.Record) []record.Record { return nil }},
		{
			name: "altered body",
			tamper: func(rs []record.Record) []record.Record {
				rs[3].Body = json.RawMessage(`{"badge":"S999","fever":false,"temp":36.0}`)
				return rs
			},
			wantSeq: 4, wantGot: 4, wantKind: record.BreakHash,
		},
		{
			name: "altered body, resealed", // a forger who recomputes the hash breaks the next link
			tamper: func(rs []record.Record) []record.Record {
				rs[3].Body = json.RawMessage(`{"badge":"S999","fever":false,"temp":36.0}`)
				rs[3].Seal(rs[3].Prev)
				return rs
			},
			wantSeq: 5, wantGot: 5, wantKind: record.BreakPrev,
		},
		{
			name:    "removed record",
			tamper:  func(rs []record.Record) []record.Record { return append(rs[:2:2], rs[3:]...) },
			wantSeq: 3, wantGot: 4, wantKind: record.BreakGap,
		},
		{
			name:    "removed first record",
			tamper:  func(rs []record.Record) []record.Record { return rs[1:] },
			wantSeq: 1, wantGot: 2, wantKind: record.BreakGap,
		},
		{
			name: "swapped pair",
			tamper: func(rs []record.Record) []record.Record {
				rs[2], rs[3] = rs[3], rs[2]
				return rs
			},
			wantSeq: 3, wantGot: 4, wantKind: record.BreakGap,
		},
		{
			name: "swapped pair, renumbered and resealed",
			tamper: func(rs []record.Record) []record.Record {
				rs[2], rs[3] = rs[3], rs[2]
				rs[2].Seq, rs[3].Seq = 3, 4
				rs[2].Seal(rs[2].Prev)
				rs[3].Seal(rs[3].Prev)
				return rs
			},
			wantSeq: 3, wantGot: 3, wantKind: record.BreakPrev,
		},
		{
			name: "duplicated record",
			tamper: func(rs []record.Record) []record.Record {
				return append(rs[:3:3], rs[2:]...)
			},
			wantSeq: 4, wantGot: 3, wantKind: record.BreakGap,
		},
		{
			name: "altered prev",
			tamper: func(rs []record.Record) []record.Record {
				rs[4].Prev = rs[2].Hash
				return rs
			},
			wantSeq: 5, wantGot: 5, wantKind: record.BreakPrev,
		},
		{
			name: "altered prev, resealed",
			tamper: func(rs []record.Record) []record.Record {
				rs[4].Seal(rs[2].Hash)
				return rs
			},
			wantSeq: 5, wantGot: 5, wantKind: record.BreakPrev,
		},
		{
			name: "first record with a prev",
			tamper: func(rs []record.Record) []record.Record {
				rs[0].Seal(rs[1].Hash)
				return rs
			},
			wantSeq: 1, wantGot: 1, wantKind: record.BreakPrev,
		},
		{
			name: "altered hash",
			tamper: func(rs []record.Record) []record.Record {
				rs[5].Hash = rs[4].Hash
				return rs
			},
			wantSeq: 6, wantGot: 6, wantKind: record.BreakHash,
		},
		{
			name: "record of another terminal",
			tamper: func(rs []record.Record) []record.Record {
				other := chain(t, "T-OTHER", n)
				rs[2] = other[2]
				return rs
			},
			wantSeq: 3, wantGot: 3, wantKind: record.BreakTerminal,
		},
		{
			name: "record relabelled to another terminal, resealed",
			tamper: func(rs []record.Record) []record.Record {
				rs[1].Terminal = "T-OTHER"
				rs[1].Seal(rs[1].Prev)
				return rs
			},
			wantSeq: 2, wantGot: 2, wantKind: record.BreakTerminal,
		},
		{
			name: "first break wins",
			tamper: func(rs []record.Record) []record.Record {
				rs[1].Body = json.RawMessage(`{}`)
				rs[4].Prev = ""
				return rs
			},
			wantSeq: 2, wantGot: 2, wantKind: record.BreakHash,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := tt.tamper(chain(t, "T-GATE1-01", n))
			err := record.Verify(rs)
			if tt.wantSeq == 0 {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				return
			}
			be := errorsAsBreak(t, err)
			if be.Seq != tt.wantSeq || be.Got != tt.wantGot || be.Kind != tt.wantKind {
				t.Fatalf("Verify = {Seq:%d Got:%d Kind:%s}, want {Seq:%d Got:%d Kind:%s}",
					be.Seq, be.Got, be.Kind, tt.wantSeq, tt.wantGot, tt.wantKind)
			}
			if be.Error() == "" {
				t.Fatal("empty error message")
			}
		})
	}
}

func TestVerifierCountAndResume(t *testing.T) {
	rs := chain(t, "T1", 10)
	v := record.NewVerifier()
	if v.LastHash() != "" || v.Count() != 0 {
		t.Fatal("a new verifier is not empty")
	}
	for _, r := range rs[:4] {
		if err := v.Next(r); err != nil {
			t.Fatal(err)
		}
	}
	if v.Count() != 4 || v.LastHash() != rs[3].Hash {
		t.Fatalf("after 4: count %d, last hash %s", v.Count(), v.LastHash())
	}

	// A hub that holds seq 1..4 resumes from the last hash it has.
	r := record.ResumeVerifier("T1", 4, rs[3].Hash)
	for _, x := range rs[4:] {
		if err := r.Next(x); err != nil {
			t.Fatalf("resumed verifier at seq %d: %v", x.Seq, err)
		}
	}
	if r.Count() != 6 {
		t.Fatalf("resumed count %d, want 6", r.Count())
	}

	// Resuming with the wrong hash, or for the wrong terminal, fails at once.
	bad := record.ResumeVerifier("T1", 4, rs[2].Hash)
	if be := errorsAsBreak(t, bad.Next(rs[4])); be.Kind != record.BreakPrev || be.Seq != 5 {
		t.Fatalf("wrong resume hash: %+v", be)
	}
	other := record.ResumeVerifier("T2", 4, rs[3].Hash)
	if be := errorsAsBreak(t, other.Next(rs[4])); be.Kind != record.BreakTerminal || be.Seq != 5 {
		t.Fatalf("wrong resume terminal: %+v", be)
	}
	skip := record.ResumeVerifier("T1", 3, rs[2].Hash)
	if be := errorsAsBreak(t, skip.Next(rs[4])); be.Kind != record.BreakGap || be.Seq != 4 || be.Got != 5 {
		t.Fatalf("resume gap: %+v", be)
	}
}

func TestBreakErrorMessages(t *testing.T) {
	tests := []struct {
		err  record.BreakError
		want string
	}{
		{record.BreakError{Seq: 3, Got: 4, Kind: record.BreakGap}, "chain broken at seq 3: expected seq 3, found 4"},
		{record.BreakError{Seq: 5, Got: 5, Kind: record.BreakPrev}, "chain broken at seq 5: prev does not match the hash of seq 4"},
		{record.BreakError{Seq: 2, Got: 2, Kind: record.BreakTerminal}, "chain broken at seq 2: record of another terminal"},
		{record.BreakError{Seq: 9, Got: 9, Kind: record.BreakHash}, "chain broken at seq 9: hash does not match the record"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.err.Kind, got, tt.want)
		}
	}
}
