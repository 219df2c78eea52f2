package record

import "fmt"

// BreakKind says how a chain is broken.
type BreakKind string

// Ways a chain can break.
const (
	BreakGap      BreakKind = "gap"      // seq is not the previous seq + 1
	BreakPrev     BreakKind = "prev"     // prev is not the previous record's hash
	BreakHash     BreakKind = "hash"     // hash does not match the record's fields
	BreakTerminal BreakKind = "terminal" // the record belongs to another terminal
)

// BreakError names the first record at which a chain stops being intact.
type BreakError struct {
	Seq  int64 // the seq the verifier expected at that point
	Got  int64 // the seq it found
	Kind BreakKind
}

func (e *BreakError) Error() string {
	switch e.Kind {
	case BreakGap:
		return fmt.Sprintf("chain broken at seq %d: expected seq %d, found %d", e.Seq, e.Seq, e.Got)
	case BreakPrev:
		return fmt.Sprintf("chain broken at seq %d: prev does not match the hash of seq %d", e.Seq, e.Seq-1)
	case BreakTerminal:
		return fmt.Sprintf("chain broken at seq %d: record of another terminal", e.Seq)
	default:
		return fmt.Sprintf("chain broken at seq %d: hash does not match the record", e.Seq)
	}
}

// Verifier checks one terminal's records in seq order, one at a time, so a
// chain of any length is verified in constant memory.
type Verifier struct {
	terminal string
	next     int64
	prev     string
	n        int64
}

// NewVerifier starts a chain at seq 1.
func NewVerifier() *Verifier { return &Verifier{next: 1} }

// ResumeVerifier continues a chain after a record already verified (lastSeq,
// lastHash), e.g. the last record a hub holds for a terminal.
func ResumeVerifier(terminal string, lastSeq int64, lastHash string) *Verifier {
	return &Verifier{terminal: terminal, next: lastSeq + 1, prev: lastHash}
}

// Next checks r against the chain so far. It returns a *BreakError for the
// first record that does not follow; the verifier should not be used after.
func (v *Verifier) Next(r Record) error {
	if v.terminal == "" {
		v.terminal = r.Terminal
	}
	switch {
	case r.Terminal != v.terminal:
		return &BreakError{Seq: v.next, Got: r.Seq, Kind: BreakTerminal}
	case r.Seq != v.next:
		return &BreakError{Seq: v.next, Got: r.Seq, Kind: BreakGap}
	case r.Prev != v.prev:
		return &BreakError{Seq: v.next, Got: r.Seq, Kind: BreakPrev}
	case r.ComputeHash() != r.Hash:
		return &BreakError{Seq: v.next, Got: r.Seq, Kind: BreakHash}
	}
	v.prev, v.next = r.Hash, r.Seq+1
	v.n++
	return nil
}

// Count is how many records verified so far.
func (v *Verifier) Count() int64 { return v.n }

// LastHash is the hash of the last verified record ("" before any).
func (v *Verifier) LastHash() string { return v.prev }

// Verify checks a whole chain held in memory and returns the first break, or nil.
func Verify(rs []Record) error {
	v := NewVerifier()
	for _, r := range rs {
		if err := v.Next(r); err != nil {
			return err
		}
	}
	return nil
}
