package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/internal/storagetest"
	"gatepost/hub/wire"
	"gatepost/record"
)

// TestStrictRecordChecks: what record.Check let through — one id in four
// spellings, a seq past 2^53, a megabyte guard, a null report body — is
// refused with a reason that names the field, and a good record beside them
// is stored.
func TestStrictRecordChecks(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	h.Provision(t, "F1", "gate1")
	ts, err := h.Storage.Terminals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	term := ts[0]
	base := storagetest.Chain("F1", "gate1", 1, 1, "")[0]
	mut := func(f func(r *record.Record)) record.Record {
		r := base
		f(&r)
		r.Seal(r.Prev)
		return r
	}
	cases := []struct {
		name, want string
		r          record.Record
	}{
		{"upper-case id", "id is not a UUID", mut(func(r *record.Record) { r.ID = strings.ToUpper(r.ID) })},
		{"braced id", "id is not a UUID", mut(func(r *record.Record) { r.ID = "{" + r.ID + "}" })},
		{"urn id", "id is not a UUID", mut(func(r *record.Record) { r.ID = "urn:uuid:" + r.ID })},
		{"id without hyphens", "id is not a UUID", mut(func(r *record.Record) { r.ID = strings.ReplaceAll(r.ID, "-", "") })},
		{"seq 2^63-1", "seq is out of range", mut(func(r *record.Record) { r.Seq = 1<<63 - 1; r.Prev = strings.Repeat("a", 64) })},
		{"seq 2^53+1", "seq is out of range", mut(func(r *record.Record) { r.Seq = 1<<53 + 1; r.Prev = strings.Repeat("a", 64) })},
		{"1 MB guard", "guard is longer than 64", mut(func(r *record.Record) { r.Guard = strings.Repeat("G", 1<<20) })},
		{"guard with an escape", "guard holds a control character", mut(func(r *record.Record) { r.Guard = "G1\x1b[2J" })},
		{"null report body", "body is not a JSON object", mut(func(r *record.Record) { r.Kind, r.Body = record.ReportDaily, json.RawMessage("null") })},
		{"report without a day", "report.daily has no valid day", mut(func(r *record.Record) { r.Kind, r.Body = record.ReportDaily, json.RawMessage(`{"zero":true}`) })},
		{"array body", "body is not a JSON object", mut(func(r *record.Record) { r.Body = json.RawMessage(`[1]`) })},
		{"wrongly typed body", "body is not a passage body", mut(func(r *record.Record) {
			r.Body = json.RawMessage(`{"allowed":"yes","direction":"in","subject":"staff"}`)
		})},
		{"passage without direction", "passage has no subject or direction", mut(func(r *record.Record) { r.Body = json.RawMessage(`{"allowed":true,"subject":"staff"}`) })},
		{"seq 6 without prev", "prev is empty", mut(func(r *record.Record) { r.Seq = 6 })},
		{"an escape as a visitor's reference", "ident is not a registry reference", mut(func(r *record.Record) {
			r.Body = json.RawMessage(`{"allowed":true,"commit":"` + strings.Repeat("c", 64) + `","direction":"in","ident":"\u001b[2Jzz","subject":"visitor"}`)
		})},
		{"a reference without its commitment", "the commitment of ident", mut(func(r *record.Record) {
			r.Body = json.RawMessage(`{"allowed":true,"direction":"in","ident":"` + strings.Repeat("ab", 16) + `","subject":"visitor"}`)
		})},
		{"a name as a reading's health reference", "health is not a registry reference", mut(func(r *record.Record) {
			r.Kind, r.Body = record.Temperature, json.RawMessage(`{"health":"王芳","health_commit":"`+strings.Repeat("c", 64)+`","temp":36.5}`)
		})},
		{"an incident's reference", "ident is not a registry reference", mut(func(r *record.Record) {
			r.Kind, r.Body = record.Incident, json.RawMessage(`{"commit":"`+strings.Repeat("c", 64)+`","ident":"<script>","type":"fever"}`)
		})},
		{"a check-in's health reference", "the commitment of health", mut(func(r *record.Record) {
			r.Kind, r.Body = record.StandbyCheckin, json.RawMessage(`{"health":"`+strings.Repeat("ab", 16)+`","health_commit":"x","ready":true,"start":"s","temp":36.5}`)
		})},
		{"upper-case hash", "hash is not lower-case hex", mut(func(r *record.Record) {})},
	}
	cases[len(cases)-1].r.Hash = strings.ToUpper(cases[len(cases)-1].r.Hash)
	var rs []record.Record
	for _, c := range cases {
		rs = append(rs, c.r)
	}
	rs = append(rs, base)
	resp, _, err := hub.Ingest(ctx, h.Storage, term, storagetest.Raw(rs...), hub.Seen{At: time.Now(), Pending: -1})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		got := resp.Results[i]
		if got.Status != wire.Rejected || got.Code != wire.CodeInvalid || !strings.Contains(got.Reason, c.want) {
			t.Errorf("%s: %s %s %q, want rejected/invalid %q", c.name, got.Status, got.Code, got.Reason, c.want)
		}
		if len(got.Reason) > 200 {
			t.Errorf("%s: the reason echoes the content (%d bytes)", c.name, len(got.Reason))
		}
	}
	if last := resp.Results[len(cases)]; last.Status != wire.Stored {
		t.Errorf("the good record beside them: %+v", last)
	}
}

// TestHealthAndReadiness: /healthz says the process lives, /readyz that the
// database answers too, and 503 when it does not.
func TestHealthAndReadiness(t *testing.T) {
	h := hubtest.NewHub(t)
	if a := call(t, "GET", h.URL+"/healthz", "", nil, nil); a.status != 200 {
		t.Fatalf("healthz %d", a.status)
	}
	if a := call(t, "GET", h.URL+"/readyz", "", nil, nil); a.status != 200 || !bytes.Contains(a.body, []byte("ready")) {
		t.Fatalf("readyz %d %s", a.status, a.body)
	}
	h.Storage.Close()
	if a := call(t, "GET", h.URL+"/healthz", "", nil, nil); a.status != 200 {
		t.Fatalf("healthz with the database gone: %d", a.status)
	}
	a := call(t, "GET", h.URL+"/readyz", "", nil, nil)
	if a.status != 503 || a.errCode(t) != wire.ErrUnavailable {
		t.Fatalf("readyz with the database gone: %d %s", a.status, a.body)
	}
	noLeak(t, a)
}

// TestControlCharactersNeverReachAReader: an escape sequence in a pushed
// reason, in a report's body and in a notice reaches neither the
// consolidated report, nor the dashboard, nor a terminal pulling the notice.
func TestControlCharactersNeverReachAReader(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	const evil = "\x1b[2J\x1b]0;pwned\x07\u009b31m\u202e"
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	mk := func(seq int64, prev string, kind record.Kind, body any) record.Record {
		b, err := record.EncodeBody(body)
		if err != nil {
			t.Fatal(err)
		}
		r := record.Record{ID: record.NewID(), Terminal: "gate1", Facility: "F1", Seq: seq, Kind: kind, Gate: 1, Guard: "G1",
			At: at.Add(time.Duration(seq) * time.Minute), Body: b}
		r.Seal(prev)
		return r
	}
	r1 := mk(1, "", record.Passage, record.PassageBody{Subject: record.SubjectVisitor, Direction: record.In, Name: "访客" + evil,
		Allowed: false, Reason: "not_on_roster" + evil})
	r2 := mk(2, r1.Hash, record.ReportDaily, map[string]any{"day": "2025-03-01", "zero": false, "note": "情况" + evil, evil: 1})
	a := call(t, "POST", h.URL+wire.PathPush, token, bytes.NewReader(pushBody(r1, r2)), jsonCT)
	if a.status != 200 {
		t.Fatalf("push %d %s", a.status, a.body)
	}
	if _, err := hub.PublishNotice(ctx, h.Storage, "F1", "通知"+evil, "第一行\n第二行"+evil, "2025-03-01"); err != nil {
		t.Fatal(err)
	}
	raw := func(what string, s []byte) {
		t.Helper()
		for _, bad := range []string{"\x1b", "\x07", "\u009b", "\u202e"} {
			if bytes.Contains(s, []byte(bad)) {
				t.Errorf("%s carries %q raw", what, bad)
			}
		}
	}
	rep, err := hub.BuildReport(ctx, h.Storage, "2025-03-01", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{hub.FormatText, hub.FormatMarkdown, hub.FormatJSON} {
		var b bytes.Buffer
		if err := hub.WriteReport(&b, rep, format, "zh-CN"); err != nil {
			t.Fatal(err)
		}
		raw("report "+format, b.Bytes())
		if format == hub.FormatText && !bytes.Contains(b.Bytes(), []byte(`情况\x1b[2J`)) {
			t.Errorf("the text report does not show the escaped content:\n%s", b.String())
		}
	}
	cookie := h.SignIn(t, "viewer", hub.RoleViewer)
	for _, lang := range []string{"zh-CN", "en"} {
		d := call(t, "GET", h.URL+"/?date=2025-03-01&lang="+lang, "", nil, map[string]string{"Cookie": cookie.String()})
		if d.status != 200 {
			t.Fatalf("dashboard %d", d.status)
		}
		raw("dashboard "+lang, d.body)
	}
	ch := call(t, "GET", h.URL+wire.PathChanges+"?after=0", token, nil, nil)
	var pulled wire.Changes
	if err := json.Unmarshal(ch.body, &pulled); err != nil || len(pulled.Notices) != 1 {
		t.Fatalf("pull %v %s", err, ch.body)
	}
	n := pulled.Notices[0]
	raw("pulled notice", []byte(n.Title+n.Body))
	// Whole escape sequences go, not just their ESC: "[2J" left behind
	// would still be noise on a guard's screen.
	if n.Title != "通知" || n.Body != "第一行\n第二行" {
		t.Errorf("notice %q / %q: want the text without its escape sequences, lines kept", n.Title, n.Body)
	}
}
