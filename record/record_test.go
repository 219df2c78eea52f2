package record_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"gatepost/record"
)

// The golden record. Its canonical encoding and hash were computed outside Go
// (printf | sha256sum) from the format documented in the package comment, so
// a change to the encoding — which would orphan every chain already written —
// fails here.
const (
	goldenBody      = `{"allowed":true,"direction":"in","name":"张三","reason":"ok","subject":"staff","temp":36.5}`
	goldenPrev      = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	goldenCanonical = `36:018f3a2c-7b1e-7c3d-9a4b-1234567890ab,10:T-GATE1-01,7:FAC-001,1:7,7:passage,1:1,4:G001,` +
		`29:2020-01-29T08:30:15.123+08:00,93:` + goldenBody + `,64:` + goldenPrev + `,`
	goldenHash = "c0c5620e2168bf446925e7bdcf691d038d7cd6b816975b1fefe856040c4da3eb"
)

var cst = time.FixedZone("CST", 8*3600)

func goldenRecord(t *testing.T) record.Record {
	t.Helper()
	temp := record.Tenths(365)
	body, err := record.EncodeBody(record.PassageBody{
		Subject: record.SubjectStaff, Direction: record.In, Name: "张三", Temp: &temp, Allowed: true, Reason: "ok",
	})
	if err != nil {
		t.Fatal(err)
	}
	r := record.Record{
		ID: "018f3a2c-7b1e-7c3d-9a4b-1234567890ab", Terminal: "T-GATE1-01", Facility: "FAC-001", Seq: 7,
		Kind: record.Passage, Gate: 1, Guard: "G001",
		// Nanoseconds beyond the millisecond are not part of the encoding.
		At:   time.Date(2020, 1, 29, 8, 30, 15, 123_456_789, cst),
		Body: body,
	}
	r.Seal(goldenPrev)
	return r
}

func TestCanonicalGolden(t *testing.T) {
	r := goldenRecord(t)
	if string(r.Body) != goldenBody {
		t.Fatalf("body\n got %s\nwant %s", r.Body, goldenBody)
	}
	if got := string(r.Canonical()); got != goldenCanonical {
		t.Fatalf("canonical encoding\n got %s\nwant %s", got, goldenCanonical)
	}
	if r.Hash != goldenHash {
		t.Fatalf("hash = %s, want %s", r.Hash, goldenHash)
	}
	if err := r.Check(); err != nil {
		t.Fatalf("golden record does not pass Check: %v", err)
	}
}

func TestCanonicalStable(t *testing.T) {
	a, b := goldenRecord(t), goldenRecord(t)
	if string(a.Canonical()) != string(b.Canonical()) {
		t.Fatal("the same record encoded to different bytes")
	}
	for i := 0; i < 10; i++ {
		if h := a.ComputeHash(); h != goldenHash {
			t.Fatalf("call %d: hash %s", i, h)
		}
	}

	// The same instant written in another zone is a different record: the
	// terminal's offset is part of what was attested.
	utc := goldenRecord(t)
	utc.At = utc.At.UTC()
	if utc.ComputeHash() == goldenHash {
		t.Fatal("changing the offset of at did not change the hash")
	}

	// Every field is covered by the hash.
	mutations := map[string]func(*record.Record){
		"id":       func(r *record.Record) { r.ID = "018f3a2c-7b1e-7c3d-9a4b-1234567890ac" },
		"terminal": func(r *record.Record) { r.Terminal += "x" },
		"facility": func(r *record.Record) { r.Facility += "x" },
		"seq":      func(r *record.Record) { r.Seq++ },
		"kind":     func(r *record.Record) { r.Kind = record.Temperature },
		"gate":     func(r *record.Record) { r.Gate = 2 },
		"guard":    func(r *record.Record) { r.Guard = "G002" },
		"at":       func(r *record.Record) { r.At = r.At.Add(time.Millisecond) },
		"body":     func(r *record.Record) { r.Body = json.RawMessage(`{}`) },
		"prev":     func(r *record.Record) { r.Prev = "" },
		// Moving a byte across a field boundary keeps the concatenation but
		// not the netstrings.
		"boundary": func(r *record.Record) { r.Terminal, r.Facility = "T-GATE1-0", "1FAC-001" },
	}
	for name, mut := range mutations {
		t.Run(name, func(t *testing.T) {
			r := goldenRecord(t)
			mut(&r)
			if r.ComputeHash() == goldenHash {
				t.Fatalf("changing %s did not change the hash", name)
			}
		})
	}
}

func TestCanonicalJSON(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantErr        bool
	}{
		{name: "sorted already", in: `{"a":1,"b":2}`, want: `{"a":1,"b":2}`},
		{name: "key order", in: `{"b":2,"a":1}`, want: `{"a":1,"b":2}`},
		{name: "nested key order", in: `{"z":{"y":1,"x":[{"d":1,"c":2}]},"a":null}`, want: `{"a":null,"z":{"x":[{"c":2,"d":1}],"y":1}}`},
		{name: "whitespace", in: " {\n\t\"a\" : [ 1 , 2 ] ,\r\n \"b\":true }\n", want: `{"a":[1,2],"b":true}`},
		{name: "numbers kept as written", in: `{"t":36.50,"e":1E5,"n":-0,"big":123456789012345678901234567890}`, want: `{"big":123456789012345678901234567890,"e":1E5,"n":-0,"t":36.50}`},
		{name: "no HTML escaping", in: `{"s":"<a&b>"}`, want: `{"s":"<a&b>"}`},
		{name: "unicode escapes decoded", in: `{"name":"\u5f20\u4e09"}`, want: `{"name":"张三"}`},
		{name: "chinese kept", in: `{"名":"张三"}`, want: `{"名":"张三"}`},
		{name: "scalar", in: ` 42 `, want: `42`},
		{name: "empty object", in: `{}`, want: `{}`},
		{name: "empty", in: ``, wantErr: true},
		{name: "not json", in: `{a:1}`, wantErr: true},
		{name: "truncated", in: `{"a":`, wantErr: true},
		{name: "trailing value", in: `{} {}`, wantErr: true},
		{name: "trailing garbage", in: `{"a":1}x`, wantErr: true},
		{name: "trailing close brace", in: `{"a":1}}`, wantErr: true},
		{name: "trailing close bracket", in: `[1]]`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := record.CanonicalJSON([]byte(tt.in))
			if tt.wantErr {
				if err == nil {
					t.Fatalf("CanonicalJSON(%q) = %s, want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("CanonicalJSON(%q): %v", tt.in, err)
			}
			if string(got) != tt.want {
				t.Fatalf("CanonicalJSON(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
			again, err := record.CanonicalJSON(got)
			if err != nil || string(again) != string(got) {
				t.Fatalf("not idempotent: %s -> %s (%v)", got, again, err)
			}
		})
	}
}

// Two bodies that differ only in key order hash the same once canonical.
func TestBodyKeyOrderDoesNotMatter(t *testing.T) {
	a, err := record.CanonicalJSON([]byte(`{"subject":"staff","temp":36.5,"reason":"ok","direction":"in","name":"张三","allowed":true}`))
	if err != nil {
		t.Fatal(err)
	}
	r := goldenRecord(t)
	r.Body = a
	if h := r.ComputeHash(); h != goldenHash {
		t.Fatalf("reordered body hashes to %s, want %s", h, goldenHash)
	}
}

func TestRecordJSONRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
	}{
		{"+08:00", time.Date(2020, 1, 29, 8, 30, 15, 123_000_000, cst)},
		{"UTC", time.Date(2020, 1, 29, 0, 30, 15, 0, time.UTC)},
		{"-05:30 with sub-ms", time.Date(2021, 12, 31, 23, 59, 59, 999_999_999, time.FixedZone("", -(5*3600+1800)))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := goldenRecord(t)
			r.At = tt.at
			r.Seal("")
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var w map[string]any
			if err := json.Unmarshal(b, &w); err != nil {
				t.Fatal(err)
			}
			if w["at"] != r.AtString() {
				t.Fatalf("at on the wire = %v, want %s", w["at"], r.AtString())
			}
			var back record.Record
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if back.ComputeHash() != r.Hash || back.Hash != r.Hash {
				t.Fatalf("hash changed across JSON: %s -> %s (stored %s)", r.Hash, back.ComputeHash(), back.Hash)
			}
			if back.AtString() != r.AtString() {
				t.Fatalf("at changed: %s -> %s", r.AtString(), back.AtString())
			}
			if !back.At.Equal(r.At.Truncate(time.Millisecond)) {
				t.Fatalf("at instant changed: %v -> %v", r.At, back.At)
			}
			if err := back.Check(); err != nil {
				t.Fatalf("round-tripped record fails Check: %v", err)
			}
		})
	}
	var bad record.Record
	if err := json.Unmarshal([]byte(`{"id":"x","at":"yesterday"}`), &bad); err == nil {
		t.Fatal("a record with an unparsable at was accepted")
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		mut     func(*record.Record)
		reseal  bool   // recompute the hash after mutating, so only the mutation is wrong
		wantErr string // "" means valid
	}{
		{name: "valid", mut: func(*record.Record) {}},
		{name: "every kind is valid", mut: func(r *record.Record) { r.Kind = record.NoticeAck }, reseal: true},
		{name: "gate 0 facility-wide", mut: func(r *record.Record) { r.Gate = 0 }, reseal: true},
		{name: "gate 5", mut: func(r *record.Record) { r.Gate = 5 }, reseal: true},
		{name: "unknown kind", mut: func(r *record.Record) { r.Kind = "passage.v2" }, reseal: true, wantErr: "unknown kind"},
		{name: "empty kind", mut: func(r *record.Record) { r.Kind = "" }, reseal: true, wantErr: "unknown kind"},
		{name: "gate 6", mut: func(r *record.Record) { r.Gate = 6 }, reseal: true, wantErr: "gate 6"},
		{name: "gate -1", mut: func(r *record.Record) { r.Gate = -1 }, reseal: true, wantErr: "gate -1"},
		{name: "seq 0", mut: func(r *record.Record) { r.Seq = 0 }, reseal: true, wantErr: "seq 0"},
		{name: "empty id", mut: func(r *record.Record) { r.ID = "" }, reseal: true, wantErr: "id is empty"},
		{name: "id not a uuid", mut: func(r *record.Record) { r.ID = "rec-1" }, reseal: true, wantErr: "id:"},
		{name: "empty terminal", mut: func(r *record.Record) { r.Terminal = "" }, reseal: true, wantErr: "terminal"},
		{name: "unsorted body", mut: func(r *record.Record) { r.Body = json.RawMessage(`{"b":1,"a":2}`) }, reseal: true, wantErr: "not canonical"},
		{name: "body with spaces", mut: func(r *record.Record) { r.Body = json.RawMessage(`{"a": 1}`) }, reseal: true, wantErr: "not canonical"},
		{name: "body not json", mut: func(r *record.Record) { r.Body = json.RawMessage(`{"a":`) }, reseal: true, wantErr: "body"},
		{name: "altered body", mut: func(r *record.Record) { r.Body = json.RawMessage(`{"allowed":false}`) }, wantErr: "hash mismatch"},
		{name: "bad hash", mut: func(r *record.Record) { r.Hash = strings.Repeat("0", 64) }, wantErr: "hash mismatch"},
		{name: "no hash", mut: func(r *record.Record) { r.Hash = "" }, wantErr: "hash mismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := goldenRecord(t)
			tt.mut(&r)
			if tt.reseal {
				r.Seal(r.Prev)
			}
			err := r.Check()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Check = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestKinds(t *testing.T) {
	// §5's twenty, then those added since: §11's clearance, config.change
	// (a change of a decision setting is a record), the daily measures'
	// sample discard and cook's check, §13's security.daily, §13's
	// admissions and releases, and §15's identity export and purge.
	if len(record.Kinds) != 29 || record.Kinds[20] != record.Clearance || record.Kinds[21] != record.ConfigChange ||
		record.Kinds[22] != record.SampleDiscard || record.Kinds[23] != record.KitchenCheck || record.Kinds[24] != record.SecurityDaily ||
		record.Kinds[25] != record.Admission || record.Kinds[26] != record.Release ||
		record.Kinds[27] != record.IdentityExport || record.Kinds[28] != record.IdentityPurge {
		t.Fatalf("%d kinds, want §5's 20, clearance, config.change, food.sample.discard, kitchen.check, security.daily, detainee.admission, detainee.release, identity.export and identity.purge", len(record.Kinds))
	}
	seen := map[record.Kind]bool{}
	for _, k := range record.Kinds {
		if !k.Valid() || seen[k] {
			t.Fatalf("kind %q invalid or listed twice", k)
		}
		seen[k] = true
	}
	for _, k := range []record.Kind{"", "Passage", "passage ", "shift"} {
		if k.Valid() {
			t.Fatalf("kind %q reported valid", k)
		}
	}
}

func TestNewIDIsUUIDv7AndOrdered(t *testing.T) {
	prev := ""
	for i := 0; i < 100; i++ {
		id := record.NewID()
		if len(id) != 36 || id[14] != '7' {
			t.Fatalf("NewID() = %q, not a UUIDv7", id)
		}
		if prev != "" && id <= prev {
			t.Fatalf("ids not increasing: %s then %s", prev, id)
		}
		prev = id
	}
}

func TestParseAt(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{in: "2020-01-29T08:30:15.123+08:00", want: "2020-01-29T08:30:15.123+08:00"},
		{in: "2020-01-29T08:30:15+08:00", want: "2020-01-29T08:30:15.000+08:00"},
		{in: "2020-01-29T08:30:15.123987654+08:00", want: "2020-01-29T08:30:15.123+08:00"},
		{in: "2020-01-29T00:30:15.5Z", want: "2020-01-29T00:30:15.500Z"},
		{in: "2020-01-29 08:30:15", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		got, err := record.ParseAt(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("ParseAt(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseAt(%q): %v", tt.in, err)
			continue
		}
		if s := got.Format(record.TimeLayout); s != tt.want {
			t.Errorf("ParseAt(%q) = %s, want %s", tt.in, s, tt.want)
		}
	}
}

func TestDecode(t *testing.T) {
	r := goldenRecord(t)
	var b record.PassageBody
	if err := r.Decode(&b); err != nil {
		t.Fatal(err)
	}
	if b.Name != "张三" || b.Temp == nil || *b.Temp != 365 || !b.Allowed || b.Subject != record.SubjectStaff {
		t.Fatalf("decoded body %+v", b)
	}
}

func TestTenths(t *testing.T) {
	tests := []struct {
		t    record.Tenths
		json string
	}{
		{365, "36.5"},
		{370, "37.0"},
		{0, "0.0"},
		{7, "0.7"},
		{-5, "-0.5"},
		{-12, "-1.2"},
		{421, "42.1"},
		{1000, "100.0"},
		{9999, "999.9"},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			if s := tt.t.String(); s != tt.json {
				t.Fatalf("String() = %q, want %q", s, tt.json)
			}
			b, err := json.Marshal(tt.t)
			if err != nil || string(b) != tt.json {
				t.Fatalf("Marshal = %s, %v; want %s", b, err, tt.json)
			}
			var back record.Tenths
			if err := json.Unmarshal(b, &back); err != nil || back != tt.t {
				t.Fatalf("round trip %d -> %s -> %d (%v)", tt.t, b, back, err)
			}
			// Inside a body, through the canonical encoding, too.
			body, err := record.EncodeBody(record.TemperatureBody{Badge: "S1", Temp: tt.t})
			if err != nil {
				t.Fatal(err)
			}
			var tb record.TemperatureBody
			if err := json.Unmarshal(body, &tb); err != nil || tb.Temp != tt.t {
				t.Fatalf("body round trip %s -> %d (%v)", body, tb.Temp, err)
			}
		})
	}

	parse := []struct {
		in      string
		want    record.Tenths
		wantErr bool
	}{
		{in: "37", want: 370},
		{in: "36.6", want: 366}, // 36.6*10 is 365.99999… in float64
		{in: "35.1", want: 351},
		{in: "-0.3", want: -3},
		{in: "-0.0", want: 0},
		{in: "3.65e1", want: 365},
		{in: `"36.5"`, wantErr: true},
		{in: "1e9", wantErr: true},
		{in: "-1001", wantErr: true},
	}
	for _, tt := range parse {
		var got record.Tenths
		err := json.Unmarshal([]byte(tt.in), &got)
		switch {
		case tt.wantErr && err == nil:
			t.Errorf("Unmarshal(%s) = %d, want an error", tt.in, got)
		case !tt.wantErr && err != nil:
			t.Errorf("Unmarshal(%s): %v", tt.in, err)
		case !tt.wantErr && got != tt.want:
			t.Errorf("Unmarshal(%s) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// errorsAsBreak is a helper shared by the chain tests.
func errorsAsBreak(t *testing.T, err error) *record.BreakError {
	t.Helper()
	var be *record.BreakError
	if !errors.As(err, &be) {
		t.Fatalf("error %v (%T) is not a *record.BreakError", err, err)
	}
	return be
}
