package identity

import (
	"bytes"
	"strings"
	"testing"
)

func TestCanonicalIsUnambiguous(t *testing.T) {
	cases := []struct {
		name string
		a, b Fields
		same bool
	}{
		{"field boundary moved", Fields{Name: "ab", Phone: "c"}, Fields{Name: "a", Phone: "bc"}, false},
		{"value in another field", Fields{Name: "张三"}, Fields{Unit: "张三"}, false},
		{"surrounding space", Fields{Name: " 张三 ", IDNumber: "110105194912310029"}, Fields{Name: "张三", IDNumber: "110105194912310029"}, true},
		{"inner space counts", Fields{Name: "张 三"}, Fields{Name: "张三"}, false},
		{"empty vs plate", Fields{}, Fields{Plate: "京A12345"}, false},
		{"ID number vs the same text as a plate", Fields{IDNumber: "京A12345"}, Fields{Plate: "京A12345"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ea, err := Canonical(c.a)
			if err != nil {
				t.Fatal(err)
			}
			eb, err := Canonical(c.b)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(ea, eb) != c.same {
				t.Errorf("Canonical(%+v) == Canonical(%+v) is %v, want %v", c.a, c.b, !c.same, c.same)
			}
		})
	}
}

func TestCanonicalRefusesInvalidUTF8(t *testing.T) {
	if _, err := Canonical(Fields{Name: "\xff"}); err == nil {
		t.Fatal("invalid UTF-8 was encoded")
	}
	if _, _, err := New(Visitor, Fields{Name: "\xff"}, "2026-11-29"); err == nil {
		t.Fatal("New made a row for invalid UTF-8")
	}
}

func TestCommitmentTellsTheRowItWasMadeFor(t *testing.T) {
	who := Fields{IDNumber: "110105194912310029", Name: "王芳", Phone: "13800138000", Unit: "市卫健委", Visiting: "李四"}
	row, c, err := New(Visitor, who, "2026-11-29")
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := New(Visitor, Fields{IDNumber: "110105194912310037", Name: "王芳"}, "2026-11-29")
	if err != nil {
		t.Fatal(err)
	}
	swappedSalt := row
	swappedSalt.Salt = other.Salt
	sameIDOtherDetails := row
	sameIDOtherDetails.Fields = Fields{IDNumber: who.IDNumber, Phone: "13900139000"}
	oneDigit := row
	oneDigit.Fields.IDNumber = "110105194912310028"
	erased := Row{Ref: row.Ref, Category: Visitor, Erased: "2026-12-31T00:00:00+08:00"}
	cases := []struct {
		name string
		row  Row
		c    string
		want bool
	}{
		{"the row it was made for", row, c, true},
		{"another person's row", other, c, false},
		{"the same fields under another salt", swappedSalt, c, false},
		{"one digit of the ID number changed", oneDigit, c, false},
		{"an erased row", erased, c, false},
		{"the same ID number, details from a later visit", sameIDOtherDetails, c, true},
		{"a truncated commitment", row, c[:62], false},
		{"not hex", row, strings.Repeat("zz", 32), false},
		{"empty commitment", row, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.row.Matches(tc.c); got != tc.want {
				t.Errorf("Matches = %v, want %v", got, tc.want)
			}
		})
	}
	if row.Commitment() != c {
		t.Error("Row.Commitment differs from the commitment New returned")
	}
	if erased.Commitment() != "" {
		t.Error("an erased row still has a commitment")
	}
}

func TestFreshSaltAndRefEachTime(t *testing.T) {
	who := Fields{IDNumber: "110105194912310029"}
	a, ca, _ := New(Visitor, who, "2026-11-29")
	b, cb, _ := New(Visitor, who, "2026-11-29")
	if a.Ref == b.Ref || bytes.Equal(a.Salt, b.Salt) || ca == cb {
		t.Fatal("two rows for the same person share a reference, salt or commitment: records would link them after erasure")
	}
	if len(a.Salt) != SaltSize || len(a.Ref) != 32 {
		t.Fatalf("salt %d bytes, ref %q", len(a.Salt), a.Ref)
	}
}

func TestKeyAndMasked(t *testing.T) {
	cases := []struct {
		f      Fields
		key    string
		masked Fields
	}{
		{Fields{IDNumber: "110105194912310029", Name: "王芳", Phone: "13800138000"}, "i:110105194912310029",
			Fields{IDNumber: "110105********0029", Name: "王芳", Phone: "138****8000"}},
		{Fields{Plate: "京A12345"}, "p:京A12345", Fields{Plate: "京A12345"}},
		{Fields{IDNumber: "110105194912310029", Plate: "京A12345"}, "i:110105194912310029", Fields{IDNumber: "110105********0029", Plate: "京A12345"}},
		{Fields{Name: "王芳", Phone: "12345"}, "", Fields{Name: "王芳", Phone: "*****"}},
		{Fields{}, "", Fields{}},
	}
	for _, c := range cases {
		if got := c.f.Key(); got != c.key {
			t.Errorf("%+v Key = %q, want %q", c.f, got, c.key)
		}
		if got := c.f.Masked(); got != c.masked {
			t.Errorf("%+v Masked = %+v, want %+v", c.f, got, c.masked)
		}
	}
}

func FuzzCanonical(f *testing.F) {
	f.Add("110105194912310029", "王芳", "13800138000", "", "", "")
	f.Add("", "", "", "", "", "京A12345")
	f.Fuzz(func(t *testing.T, id, name, phone, unit, visiting, plate string) {
		x := Fields{IDNumber: id, Name: name, Phone: phone, Unit: unit, Visiting: visiting, Plate: plate}
		salt := []byte("0123456789abcdef0123456789abcdef")
		c, err := Commit(salt, x)
		if err != nil {
			return
		}
		if !Check(salt, x, c) {
			t.Fatalf("commitment does not check for %+v", x)
		}
	})
}

func TestPlateCommitsWhenThereIsNoIDNumber(t *testing.T) {
	row, c, err := New(Vehicle, Fields{Plate: "京A12345"}, "2026-11-29")
	if err != nil {
		t.Fatal(err)
	}
	other := row
	other.Fields.Plate = "京A12346"
	if !row.Matches(c) || other.Matches(c) {
		t.Fatalf("plate commitment: own row %v, other plate %v", row.Matches(c), other.Matches(c))
	}
}
