package hub

import (
	"context"
	"sync"
	"testing"
	"time"

	"gatepost/record"
)

// FuzzFactsFromCheck: what the figures take from a body the push's check
// decoded (factsFrom, handed to the keeper) is what they would take from
// the stored body (factsOf), for every passage and temperature the check
// lets through.
func FuzzFactsFromCheck(f *testing.F) {
	for _, s := range []string{
		`{"allowed":true,"badge":"S1","direction":"in","reason":"staff","subject":"staff","temp":365}`,
		`{"allowed":false,"direction":"in","name":"访客","reason":"not_on_roster","subject":"visitor"}`,
		`{"allowed":false,"badge":"S6","direction":"in","reason":"fever","recheck":380,"subject":"staff","temp":381}`,
		`{"allowed":true,"direction":"out","ident":"r-1","subject":"visitor","temp":362}`,
		`{"badge":"S1","fever":true,"temp":381}`,
		`{"fever":false,"ident":"r-9","method":"phone","temp":365}`,
		`{"BADGE":"S1","Fever":true,"temp":381}`,
		`{"badge":"S1","badge":"S2","fever":true}`,
		`{"badge":"S1","temp":"x"}`,
		`{"allowed":"yes","direction":"in","subject":"staff"}`,
		`{}`, `[]`, `null`,
	} {
		f.Add(false, []byte(s))
		f.Add(true, []byte(s))
	}
	f.Fuzz(func(t *testing.T, temperature bool, body []byte) {
		k := record.Passage
		if temperature {
			k = record.Temperature
		}
		v, why := checkBody(k, body)
		if why != "" {
			return
		}
		if got, want := factsFrom(v), factsOf(k, body); got != want {
			t.Fatalf("%s %q: from the check %+v, from the body %+v", k, body, got, want)
		}
	})
}

// putCounter is a hub store that counts its day-figure writes.
type putCounter struct {
	Storage
	mu   sync.Mutex
	puts [][]DayFigures
}

func (p *putCounter) PutDayFigures(ctx context.Context, fs ...DayFigures) error {
	p.mu.Lock()
	p.puts = append(p.puts, fs)
	p.mu.Unlock()
	return p.Storage.PutDayFigures(ctx, fs...)
}

// TestKeeperRound: the days a push changed at once (a terminal's backlog)
// are recomputed in one round and written together, and the
// facts of the records stored are taken from the push's checks rather
// than decoded again from the bodies.
func TestKeeperRound(t *testing.T) {
	sq := tempSQLite(t)
	ctx := context.Background()
	if _, err := Provision(ctx, sq, "F1", "", "gate1"); err != nil {
		t.Fatal(err)
	}
	// Ten days, a reading a day, stored; then the keeper told of them all.
	cst := time.FixedZone("CST", 8*3600)
	var days []string
	seeds := map[string][]factSeed{}
	prev := ""
	var rs []record.Record
	for i := range 10 {
		at := time.Date(2025, 3, 1+i, 8, 0, 0, 0, cst)
		body, err := record.EncodeBody(record.TemperatureBody{Badge: "S1", Temp: 365})
		if err != nil {
			t.Fatal(err)
		}
		r := record.Record{ID: record.NewID(), Terminal: "gate1", Facility: "F1", Seq: int64(i + 1), Kind: record.Temperature,
			Gate: 1, Guard: "G1", At: at, Body: body}
		r.Seal(prev)
		prev = r.Hash
		rs = append(rs, r)
		days = append(days, r.AtString()[:10])
		f := factsOf(r.Kind, r.Body)
		if i == 3 {
			// A seed that says otherwise than the body (a fever): the
			// figures follow the seed, which shows that they took it.
			f.fever = true
		}
		seeds[days[i]] = append(seeds[days[i]], factSeed{id: r.ID, facts: f})
	}
	if err := sq.Ingest(ctx, TerminalKey{Facility: "F1", Name: "gate1"}, func(tx IngestTx) error {
		_, err := tx.Insert(ctx, rs, time.Now())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	st := &putCounter{Storage: sq}
	dayFiguresChanged(st, "F1", days, seeds)
	if lag := settle(ctx, st, func(dayKey) bool { return true }); len(lag) != 0 {
		t.Fatalf("lagging: %v", lag)
	}
	st.mu.Lock()
	puts := st.puts
	st.mu.Unlock()
	// In one write, unless the machine is so slow that the round flushed
	// (every flushEvery) on the way: then still fewer writes than days.
	var all []DayFigures
	for _, p := range puts {
		all = append(all, p...)
	}
	if len(puts) >= len(days) || len(all) != len(days) {
		t.Fatalf("%d writes of %d days (%v), want the %d days in fewer writes than days", len(puts), len(all), puts, len(days))
	}
	for _, f := range all {
		want := 0
		if f.Day == days[3] {
			want = 1
		}
		if f.Records != 1 || f.Screened != 1 || f.Fevers != want {
			t.Errorf("%s: %+v, want 1 record, 1 screened, %d fevers", f.Day, f, want)
		}
	}
}

// slowDays is a hub store whose every read of a day's records takes a
// while, as on a busy database.
type slowDays struct {
	*putCounter
	delay time.Duration
}

func (s *slowDays) DayRecords(ctx context.Context, facility, day string, kinds []record.Kind, fn func(StoredRecord) error) error {
	if kinds == nil { // the day's own records, not a lookup of some kinds
		time.Sleep(s.delay)
	}
	return s.putCounter.DayRecords(ctx, facility, day, kinds, fn)
}

// TestKeeperRoundTellsAsItGoes: a long round (many days, each slow to
// read) computes the latest day first and stores and announces what it
// has computed every flushEvery, so a page waiting for that day does not
// wait for the whole round.
func TestKeeperRoundTellsAsItGoes(t *testing.T) {
	sq := tempSQLite(t)
	// 8 days of 400 ms is well over the 2 s a page waits; a flush every
	// 250 ms settles the first within it.
	st := &slowDays{putCounter: &putCounter{Storage: sq}, delay: 400 * time.Millisecond}
	var days []string
	for i := range 8 {
		days = append(days, time.Date(2025, 3, 1+i, 0, 0, 0, 0, time.UTC).Format(DayLayout))
	}
	dayFiguresChanged(st, "F1", days, nil)
	ctx := context.Background()
	latest := days[len(days)-1]
	if lag := settle(ctx, st, func(k dayKey) bool { return k.day == latest }); len(lag) != 0 {
		t.Fatalf("the latest day still lags after a page's wait: %v", lag)
	}
	// Then the whole round: a page's wait at a time.
	for tries := 0; ; tries++ {
		lag := settle(ctx, st, func(dayKey) bool { return true })
		if len(lag) == 0 {
			break
		}
		if tries == 10 {
			t.Fatalf("lagging: %v", lag)
		}
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	n := 0
	for _, p := range st.puts {
		n += len(p)
	}
	if len(st.puts) < 2 || n != len(days) {
		t.Fatalf("%d writes of %d days in all, want the round's %d days in more than one", len(st.puts), n, len(days))
	}
}
