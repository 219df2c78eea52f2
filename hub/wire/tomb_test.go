package wire

import "testing"

// FuzzParseTomb: a cursor the hub reads from a query string either is
// refused or reads back to the same text.
func FuzzParseTomb(f *testing.F) {
	for _, s := range []string{"", "3:abc", "0:", "12:h0d3c", "x:1", "-1:a", ":", "9223372036854775808:a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tb, ok := ParseTomb(s)
		if !ok {
			return
		}
		if tb.N < 0 || len(tb.Ref) > 64 {
			t.Fatalf("%q read as %+v", s, tb)
		}
		if s != "" {
			back, ok := ParseTomb(tb.String())
			if !ok || back != tb {
				t.Fatalf("%q → %+v → %q → %+v", s, tb, tb.String(), back)
			}
		}
	})
}
