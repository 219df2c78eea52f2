// Package storetest builds the large databases the benchmarks of several
// packages share, so that each measures against the same data.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"gatepost/record"
	"gatepost/store"
)

// CST is the zone the benchmark data lives in (China Standard Time).
var CST = time.FixedZone("CST", 8*3600)

// Identity is the terminal the benchmark databases belong to.
var Identity = store.Identity{
	FacilityID: "FAC-001", FacilityName: "市戒毒所", Terminal: "T-GATE1-01", HomeGate: 1,
	CreatedAt: time.Date(2020, 1, 20, 8, 0, 0, 0, CST),
}

// The 1M-record database. version1M changes whenever what is generated
// does, so an old cached file is rebuilt rather than trusted.
const (
	Size1M    = 1_000_000
	Days1M    = 30
	version1M = "1"
	batch1M   = 10_000
)

var (
	once1M  sync.Once
	path1M  string
	today1M string
	err1M   error
)

// DB1M returns the path of the 1M-record database and the day its
// newest records are on ("today" for the benchmark), building it once per
// `go test` run unless a complete one is cached.
func DB1M(b testing.TB) (string, string, error) {
	once1M.Do(func() {
		path, err := CachePath("GATEPOST_BENCH_DB", "records-1m-v"+version1M+".db")
		if err != nil {
			err1M = err
			return
		}
		if today, ok := cached1M(path); ok {
			path1M, today1M = path, today
			b.Logf("using the 1M-record database at %s (today = %s)", path, today)
			return
		}
		t0 := time.Now()
		today, err := Build(path, Size1M, Days1M)
		if err != nil {
			err1M = err
			return
		}
		path1M, today1M = path, today
		msg := fmt.Sprintf("built %d records in %s into %s", Size1M, time.Since(t0).Round(time.Millisecond), path)
		b.Log(msg)
		fmt.Fprintln(os.Stderr, "gatepost bench:", msg)
	})
	return path1M, today1M, err1M
}

// cached1M reports whether path holds a complete database of this version.
func cached1M(path string) (string, bool) {
	if _, err := os.Stat(path); err != nil {
		return "", false
	}
	s, err := store.Open(path)
	if err != nil {
		return "", false
	}
	defer s.Close()
	ctx := context.Background()
	v, _ := s.Setting(ctx, "bench.version")
	today, _ := s.Setting(ctx, "bench.today")
	last, _ := s.LastSeq(ctx)
	return today, v == version1M && today != "" && last == Size1M
}

// Build writes total records through AppendBatch, in batches of 10,000,
// spread evenly over the given number of days ending today (+08:00) and gates
// 0–5. For the 1M database that is about 33,000 a day, 3,000 of them at gate 1
// (mostly passages, with temperatures, and now and then an override or a void
// of one of them). It builds into a temporary file and renames it into place
// only when complete.
func Build(path string, total, days int) (string, error) {
	var today string
	err := BuildFile(path, func(ctx context.Context, s *store.Store) (err error) {
		today, err = generate(ctx, s, total, days)
		return err
	})
	return today, err
}

// CachePath is where a benchmark database kept between runs lives: the
// file named by the environment variable env, else name in
// os.UserCacheDir()/gatepost-bench.
func CachePath(env, name string) (string, error) {
	if path := os.Getenv(env); path != "" {
		return path, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "gatepost-bench", name), nil
}

// BuildFile creates a database at path, filled by fill. Every cached
// benchmark database is built this way so that an interrupted build is never
// taken for a complete one: fill writes into a temporary file, renamed into
// place only when fill and the close (which checkpoints the WAL) succeed.
func BuildFile(path string, fill func(ctx context.Context, s *store.Store) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".building"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	s, err := store.Open(tmp)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := fill(context.Background(), s); err != nil {
		return err
	}
	if err := s.Close(); err != nil { // checkpoints and removes the WAL
		return err
	}
	// A stale WAL beside the final name would be replayed into the new file.
	for _, p := range []string{path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if _, err := os.Stat(tmp + "-wal"); err == nil {
		return errors.New("WAL left behind after close")
	}
	return os.Rename(tmp, path)
}

// generate writes Build's records into s and returns their "today".
func generate(ctx context.Context, s *store.Store, total, days int) (string, error) {
	id := Identity
	id.CreatedAt = time.Now().In(CST).AddDate(0, 0, -days)
	if err := s.Init(ctx, id); err != nil {
		return "", err
	}

	now := time.Now().In(CST)
	first := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, CST).AddDate(0, 0, -(days - 1))
	perDay := (total + days - 1) / days
	step := 24 * time.Hour / time.Duration(perDay)
	otherGates := []int{0, 2, 3, 4, 5}
	otherKinds := []record.Kind{
		record.Temperature, record.SupplyReceived, record.SupplyDisinfected, record.SupplyStored,
		record.StandbyCheckin, record.Attendance, record.FoodInspection, record.FoodSample, record.Disinfection,
	}
	var recent []string // recent gate-1 passage ids, for overrides and voids to point at
	ds := make([]store.Draft, 0, batch1M)
	for n := 0; n < total; n++ {
		dayN, i := n/perDay, n%perDay
		at := first.AddDate(0, 0, dayN).Add(time.Duration(i) * step)
		var d store.Draft
		switch {
		case i%11 == 0 && len(recent) > 0 && i%(11*50) == 0: // ~1 in 550: a correction
			target := recent[len(recent)-1]
			recent = recent[:len(recent)-1]
			if i%2 == 0 {
				d = store.Draft{Kind: record.Override, Gate: 1, Body: record.OverrideBody{Target: target, Supervisor: "SUP1", Reason: "持纸质通行证"}}
			} else {
				d = store.Draft{Kind: record.Void, Gate: 1, Body: record.VoidBody{Target: target, Supervisor: "SUP1", Reason: "录错"}}
			}
		case i%11 == 0: // 1 in 11 ≈ 3,000 a day at gate 1
			if i%5 == 0 {
				d = store.Draft{Kind: record.Temperature, Gate: 1, Body: temp(fmt.Sprintf("S%04d", i%2000), 360+i%15)}
			} else {
				d = store.Draft{Kind: record.Passage, Gate: 1, ID: record.NewID(), Body: passage(fmt.Sprintf("S%04d", i%2000), i%17 != 0)}
				if len(recent) < 64 {
					recent = append(recent, d.ID)
				}
			}
		default:
			g := otherGates[i%len(otherGates)]
			k := otherKinds[i%len(otherKinds)]
			if g == 0 {
				k = record.Attendance
			}
			d = store.Draft{Kind: k, Gate: g, Body: map[string]any{"badge": fmt.Sprintf("S%04d", i%2000), "item": "口罩", "qty": i % 50, "note": "正常"}}
		}
		d.Guard = fmt.Sprintf("G%03d", 1+dayN%6)
		d.At = at
		ds = append(ds, d)
		if len(ds) == batch1M {
			if _, err := s.AppendBatch(ctx, ds); err != nil {
				return "", err
			}
			ds = ds[:0]
		}
	}
	if len(ds) > 0 {
		if _, err := s.AppendBatch(ctx, ds); err != nil {
			return "", err
		}
	}
	today := store.Day(now)
	for k, v := range map[string]string{"bench.version": version1M, "bench.today": today} {
		if err := s.SetSetting(ctx, k, v); err != nil {
			return "", err
		}
	}
	return today, nil
}

func temp(badge string, tenths int) record.TemperatureBody {
	return record.TemperatureBody{Badge: badge, Temp: record.Tenths(tenths), Fever: tenths >= 373}
}

func passage(badge string, allowed bool) record.PassageBody {
	reason := "staff"
	if !allowed {
		reason = "not_on_roster"
	}
	return record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: badge, Allowed: allowed, Reason: reason}
}
