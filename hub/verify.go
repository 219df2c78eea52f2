package hub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"gatepost/record"
)

// SeqRange is an inclusive range of seqs.
type SeqRange struct{ From, To int64 }

func (r SeqRange) String() string {
	if r.From == r.To {
		return fmt.Sprint(r.From)
	}
	return fmt.Sprintf("%d–%d", r.From, r.To)
}

// maxGapsListed bounds the gaps a ChainReport lists; Missing still counts all.
const maxGapsListed = 50

// ChainReport is the result of verifying one terminal's records on the hub.
type ChainReport struct {
	TerminalKey
	Revoked  bool
	Records  int64
	MaxSeq   int64
	Gaps     []SeqRange // the first maxGapsListed runs of missing seqs
	Missing  int64      // every seq below MaxSeq that the hub does not hold
	BreakSeq int64      // first seq where the chain breaks; 0 if none
	Break    string
	// ForkSeq is where a second chain of the terminal was pushed (its
	// records are kept aside, see Chain.ForkSeq); 0 if none.
	ForkSeq int64
	Fork    string
	// Waiting counts records held above a gap, not yet in the chain.
	Waiting int64
}

// Intact reports whether the seqs are contiguous from 1 and the chain unbroken.
func (c ChainReport) Intact() bool {
	return c.Missing == 0 && c.BreakSeq == 0 && c.ForkSeq == 0 && c.Waiting == 0
}

// VerifyChain re-reads every record the hub holds for a terminal, in seq
// order, and checks that seq runs 1, 2, 3 … with no gap and that every hash
// and every prev link holds. It does not trust the chain state kept on
// ingest: this is the independent check. A gap is listed and the walk goes
// on after it (the link across a gap cannot be checked); the first break is
// reported.
func VerifyChain(ctx context.Context, st Storage, t Terminal) (ChainReport, error) {
	c := ChainReport{TerminalKey: t.TerminalKey, Revoked: t.Revoked(), ForkSeq: t.Chain.ForkSeq, Fork: t.Chain.ForkReason}
	v := record.ResumeVerifier(t.Name, 0, "")
	expected := int64(1)
	err := st.EachRecord(ctx, t.TerminalKey, 0, func(r StoredRecord) error {
		c.Records++
		c.MaxSeq = r.Seq
		if r.Seq > expected {
			if len(c.Gaps) < maxGapsListed {
				c.Gaps = append(c.Gaps, SeqRange{expected, r.Seq - 1})
			}
			c.Missing += r.Seq - expected
			v = record.ResumeVerifier(t.Name, r.Seq-1, r.Prev)
		}
		if err := v.Next(r.Record); err != nil {
			var be *record.BreakError
			if !errors.As(err, &be) {
				return err
			}
			if c.BreakSeq == 0 {
				c.BreakSeq, c.Break = r.Seq, be.Error()
			}
			v = record.ResumeVerifier(t.Name, r.Seq, r.Hash)
		}
		expected = r.Seq + 1
		return nil
	})
	// What the walk cannot see: records waiting above a gap (counted in the
	// chain state with the chain's own).
	c.Waiting = max(t.Chain.Stored-c.Records, 0)
	return c, err
}

// VerifyAll verifies every terminal's chain, ordered by facility and name.
func VerifyAll(ctx context.Context, st Storage) ([]ChainReport, error) {
	ts, err := st.Terminals(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ChainReport, 0, len(ts))
	for _, t := range ts {
		c, err := VerifyChain(ctx, st, t)
		if err != nil {
			return nil, fmt.Errorf("verify %s: %w", t.TerminalKey, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// WriteVerify prints one line per terminal and a summary, and reports
// whether every chain is intact.
func WriteVerify(w io.Writer, cs []ChainReport) (bool, error) {
	all := true
	bad := 0
	for _, c := range cs {
		state := "intact"
		if !c.Intact() {
			all = false
			bad++
			var parts []string
			if c.Missing > 0 {
				gaps := make([]string, len(c.Gaps))
				for i, g := range c.Gaps {
					gaps[i] = g.String()
				}
				more := ""
				if len(c.Gaps) == maxGapsListed {
					more = ", …"
				}
				parts = append(parts, fmt.Sprintf("%d missing (seq %s%s)", c.Missing, strings.Join(gaps, ", "), more))
			}
			if c.BreakSeq != 0 {
				parts = append(parts, c.Break)
			}
			if c.ForkSeq != 0 {
				parts = append(parts, fmt.Sprintf("FORK at seq %d: %s; the other chain is kept aside (re-provision the copy under a new terminal name)",
					c.ForkSeq, Clean(c.Fork)))
			}
			if c.Waiting > 0 {
				parts = append(parts, fmt.Sprintf("%d records wait above a gap (seq %d missing)", c.Waiting, c.MaxSeq+1))
			}
			state = "NOT INTACT: " + strings.Join(parts, "; ")
		}
		rev := ""
		if c.Revoked {
			rev = " (revoked)"
		}
		var err error
		if c.Records == 0 {
			_, err = fmt.Fprintf(w, "%s%s: no records\n", c.TerminalKey, rev)
		} else {
			_, err = fmt.Fprintf(w, "%s%s: %d records, seq 1–%d: %s\n", c.TerminalKey, rev, c.Records, c.MaxSeq, state)
		}
		if err != nil {
			return all, err
		}
	}
	_, err := fmt.Fprintf(w, "%d terminals, %d intact, %d not intact\n", len(cs), len(cs)-bad, bad)
	return all, err
}
