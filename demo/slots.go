package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// hourWeights is the daily rhythm of a closed facility's records: quiet at
// night, busiest with the screenings of every dormitory from 07:00 and
// 15:00 (600 readings a day), busy at the shift changes, a lunch bump.
var hourWeights = [24]float64{
	0.25, 0.2, 0.2, 0.2, 0.25, 0.4, 1.0, 6.0, 5.0, 3.0, 1.2, 1.2,
	1.5, 1.4, 1.1, 6.0, 4.0, 2.8, 2.8, 1.3, 0.8, 0.6, 0.4, 0.3,
}

// weight is how busy the hour starting at t is. Under lockdown every day's
// routines are the same, weekends included (a quieter weekend left the
// screenings running into the night).
func weight(t time.Time) float64 { return hourWeights[t.Hour()] }

// slots hands out n times between start and end, in order, distributed by
// the daily rhythm. Times are produced one clock hour at a time, so memory
// stays small for any n.
type slots struct {
	rng        *rand.Rand
	start, end time.Time
	n          int
	total, cum float64
	given      int
	cur        time.Time // start of the next hour to fill
	buf        []time.Time
	pos        int
}

func nextHour(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour()+1, 0, 0, 0, t.Location())
}

// bucket is the part of the hour starting at a that lies before end.
func (s *slots) bucket(a time.Time) (time.Time, float64) {
	b := nextHour(a)
	if b.After(s.end) {
		b = s.end
	}
	return b, weight(a) * float64(b.Sub(a)) / float64(time.Hour)
}

func newSlots(rng *rand.Rand, start, end time.Time, n int) *slots {
	s := &slots{rng: rng, start: start, end: end, n: n, cur: start}
	for a := start; a.Before(end); {
		b, w := s.bucket(a)
		s.total += w
		a = b
	}
	return s
}

// next returns the next time. Past the last slot it keeps returning end.
func (s *slots) next() time.Time {
	for s.pos == len(s.buf) {
		if !s.cur.Before(s.end) {
			return s.end
		}
		b, w := s.bucket(s.cur)
		s.cum += w
		target := s.n
		if b.Before(s.end) && s.total > 0 {
			target = min(s.n, int(math.Round(float64(s.n)*s.cum/s.total)))
		}
		count := target - s.given
		s.given = target
		span := int64(b.Sub(s.cur))
		s.buf = s.buf[:0]
		for i := 0; i < count; i++ {
			s.buf = append(s.buf, s.cur.Add(time.Duration(s.rng.Int64N(max(span, 1)))))
		}
		slices.SortFunc(s.buf, func(x, y time.Time) int { return x.Compare(y) })
		s.pos = 0
		s.cur = b
	}
	t := s.buf[s.pos]
	s.pos++
	return t
}
