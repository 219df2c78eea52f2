package identity

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestHealthCanonicalTellsAnswersApart(t *testing.T) {
	yes, no := true, false
	cases := []struct {
		name string
		a, b HealthDetail
		same bool
	}{
		{"not asked vs no", HealthDetail{}, HealthDetail{Symptoms: &no}, false},
		{"no vs yes", HealthDetail{Symptoms: &no}, HealthDetail{Symptoms: &yes}, false},
		{"symptoms vs travel", HealthDetail{Symptoms: &yes}, HealthDetail{RiskArea: &yes}, false},
		{"colour", HealthDetail{Code: "green"}, HealthDetail{Code: "yellow"}, false},
		{"colour vs note", HealthDetail{Code: "green"}, HealthDetail{Note: "green"}, false},
		{"note's surrounding space", HealthDetail{Note: " 咳嗽 "}, HealthDetail{Note: "咳嗽"}, true},
	}
	for _, c := range cases {
		a, err := CanonicalHealth(c.a)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := CanonicalHealth(c.b)
		if bytes.Equal(a, b) != c.same {
			t.Errorf("%s: same=%v, want %v", c.name, bytes.Equal(a, b), c.same)
		}
	}
	// Never the encoding of an identity, whatever the fields.
	id, _ := Canonical(Fields{})
	h, _ := CanonicalHealth(HealthDetail{})
	if id[0] == h[0] {
		t.Error("a health detail's encoding starts like an identity's")
	}
	if _, err := CanonicalHealth(HealthDetail{Note: "\xff"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("invalid UTF-8: %v", err)
	}
}

func TestHealthCommitmentChecksTheRow(t *testing.T) {
	yes, no := true, false
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	r, c, err := NewHealth(nil, HealthDetail{Code: "green", NATAt: "2026-10-31T08:00:00Z", RiskArea: &no}, at)
	if err != nil {
		t.Fatal(err)
	}
	other, c2, _ := NewHealth(nil, HealthDetail{Code: "green", NATAt: "2026-10-31T08:00:00Z", RiskArea: &no}, at)
	if !r.Matches(c) || !other.Matches(c2) {
		t.Fatal("a row does not match its own commitment")
	}
	if r.Ref == other.Ref || c == c2 {
		t.Fatal("two rows share a reference or a commitment: the salt is not random")
	}
	swapped := r
	swapped.Detail.RiskArea = &yes
	for name, row := range map[string]HealthRow{
		"another row's salt":   {Ref: r.Ref, Salt: other.Salt, Detail: r.Detail},
		"an answer changed":    swapped,
		"erased":               {Ref: r.Ref, Erased: "2026-12-01T00:00:00Z"},
		"erased, salt left in": {Ref: r.Ref, Salt: r.Salt, Detail: r.Detail, Erased: "2026-12-01T00:00:00Z"},
	} {
		if row.Matches(c) {
			t.Errorf("%s: matches", name)
		}
	}
	if r.Matches("zz") || r.Matches("") {
		t.Error("a malformed commitment matches")
	}
}

func TestHealthCutoff(t *testing.T) {
	d := func(m, day int) time.Time { return time.Date(2026, time.Month(m), day, 12, 0, 0, 0, time.UTC) }
	now := d(6, 1)
	cases := []struct {
		name     string
		switches []ProfileSwitch
		days     int
		want     time.Time // zero: ErrNoCutoff
	}{
		{"never switched", nil, 30, time.Time{}},
		{"only switched on", []ProfileSwitch{{At: d(1, 1)}}, 30, time.Time{}},
		{"off too recently", []ProfileSwitch{{At: d(5, 10), Off: true}}, 30, time.Time{}},
		{"off exactly days ago", []ProfileSwitch{{At: d(5, 2), Off: true}}, 30, d(5, 2)},
		{"off long ago", []ProfileSwitch{{At: d(1, 1), Off: true}}, 30, d(1, 1)},
		{"the latest old enough", []ProfileSwitch{{At: d(1, 1), Off: true}, {At: d(2, 1)}, {At: d(3, 1), Off: true}, {At: d(3, 5)}, {At: d(5, 20), Off: true}}, 30, d(3, 1)},
		{"out of order", []ProfileSwitch{{At: d(3, 1), Off: true}, {At: d(1, 1), Off: true}}, 30, d(3, 1)},
	}
	for _, c := range cases {
		got, err := HealthCutoff(c.switches, c.days, now)
		if c.want.IsZero() {
			if !errors.Is(err, ErrNoCutoff) {
				t.Errorf("%s: %v, %v; want ErrNoCutoff", c.name, got, err)
			}
			continue
		}
		if err != nil || !got.Equal(c.want) {
			t.Errorf("%s: %v, %v; want %v", c.name, got, err, c.want)
		}
	}
}

func FuzzCanonicalHealth(f *testing.F) {
	f.Add("green", "2026-10-31T08:00:00Z", "咳嗽", uint8(0))
	f.Add("", "", "", uint8(9))
	f.Fuzz(func(t *testing.T, code, nat, note string, bits uint8) {
		b := func(i uint8) *bool {
			switch bits >> (2 * i) & 3 {
			case 0:
				return nil
			case 1:
				v := false
				return &v
			}
			v := true
			return &v
		}
		d := HealthDetail{Code: code, NATAt: nat, Note: note, RiskArea: b(0), Symptoms: b(1)}
		r, c, err := NewHealth(nil, d, time.Time{})
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatal(err)
			}
			return
		}
		if !r.Matches(c) {
			t.Fatal("a new row does not match its commitment")
		}
	})
}
