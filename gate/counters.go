package gate

import "gatepost/record"

// Crossing is one passage as the counters see it: its body and whether a
// later record voided it or a supervisor overrode its denial.
type Crossing struct {
	Body       record.PassageBody
	Voided     bool
	Overridden bool
}

// Counts are a gate's figures for a day (§2, gate 1 header).
type Counts struct {
	In, Out, Denied, Fevers, Inside int
}

// Admitted reports whether a crossing let someone through: allowed by the
// rule, or denied and then overridden by a supervisor.
func (c Crossing) Admitted() bool { return c.Body.Allowed || c.Overridden }

// identity is the key a subject is tracked by for "inside now".
func (c Crossing) identity() string {
	b := c.Body
	switch {
	case b.Badge != "":
		return "b:" + b.Badge
	case b.Ident != "":
		return "r:" + b.Ident
	}
	return "n:" + b.Name
}

// Count computes the day's figures from its crossings in time order. Voided
// crossings do not count. Inside is who came in today and has not left since;
// people already inside before the day are not known from one day's log.
func Count(cs []Crossing, fever record.Tenths) Counts {
	var n Counts
	inside := map[string]bool{}
	for _, c := range cs {
		if c.Voided {
			continue
		}
		b := c.Body
		if t := b.Final(); t != nil && IsFever(*t, fever) {
			n.Fevers++
		}
		if !c.Admitted() {
			n.Denied++
			continue
		}
		if b.Direction == record.Out {
			n.Out++
			delete(inside, c.identity())
		} else {
			n.In++
			inside[c.identity()] = true
		}
	}
	n.Inside = len(inside)
	return n
}
