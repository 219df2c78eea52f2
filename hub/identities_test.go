package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/wire"
	"gatepost/identity"
	"gatepost/syncer"
)

// Both backends keep the identity registry alike: a row stored, its later
// details taken, an erasure kept whatever arrives after it, a purge by day
// counted by category.
func TestIdentityRegistryOnBothBackends(t *testing.T) {
	for _, b := range []struct {
		name string
		open func(testing.TB) hub.IdentityStorage
	}{
		{"sqlite", func(t testing.TB) hub.IdentityStorage { return openSQLiteTemp(t) }},
		{"postgres", func(t testing.TB) hub.IdentityStorage { return openPG(t) }},
	} {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st := b.open(t)
			if c, ok := st.(interface{ Close() error }); ok {
				defer c.Close()
			}
			key := hub.TerminalKey{Facility: "F1", Name: "gate1"}
			row, c, err := identity.New(identity.Visitor, identity.Fields{IDNumber: "320102199001010016", Name: "王芳"}, "2026-11-01")
			if err != nil {
				t.Fatal(err)
			}
			car, _, _ := identity.New(identity.Vehicle, identity.Fields{Plate: "京A12345"}, "2026-11-20")
			w := syncer.WireIdentity
			if n, err := st.PutIdentities(ctx, key, []wire.Identity{w(row), w(car)}); err != nil || n != 2 {
				t.Fatalf("put: %d %v", n, err)
			}
			later := w(row)
			later.Phone, later.LastSeen = "13800138000", "2026-11-05"
			if n, err := st.PutIdentities(ctx, key, []wire.Identity{later}); err != nil || n != 1 {
				t.Fatalf("later visit: %d %v", n, err)
			}
			got, ok, err := st.Identity(ctx, "F1", row.Ref)
			if err != nil || !ok || got.Phone != "13800138000" || got.LastSeen != "2026-11-05" ||
				!(identity.Row{Salt: got.Salt, Fields: identity.Fields{IDNumber: got.IDNumber}}).Matches(c) {
				t.Fatalf("row %+v %v %v", got, ok, err)
			}
			done, err := st.PurgeIdentities(ctx, "2026-11-10", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
			if err != nil || len(done) != 1 || done["visitor"] != 1 {
				t.Fatalf("purge %v %v", done, err)
			}
			if n, err := st.PutIdentities(ctx, key, []wire.Identity{later}); err != nil || n != 0 {
				t.Fatalf("an erased row taken again: %d %v", n, err)
			}
			got, _, _ = st.Identity(ctx, "F1", row.Ref)
			kept, _, _ := st.Identity(ctx, "F1", car.Ref)
			if got.Erased == "" || got.IDNumber != "" || got.Phone != "" || len(got.Salt) != 0 || kept.Plate != "京A12345" || kept.Erased != "" {
				t.Fatalf("after the purge: %+v, car %+v", got, kept)
			}
		})
	}
}

// The hub's daily retention erases what is past it and says so in the
// audit log, by category and count.
func TestHubRetention(t *testing.T) {
	ctx := context.Background()
	st := openSQLiteTemp(t)
	defer st.Close()
	key := hub.TerminalKey{Facility: "F1", Name: "gate1"}
	old, _, _ := identity.New(identity.Visitor, identity.Fields{IDNumber: "320102199001010016"}, "2026-10-01")
	recent, _, _ := identity.New(identity.Visitor, identity.Fields{IDNumber: "110105194912310029"}, "2026-11-20")
	var rows []wire.Identity
	for _, r := range []identity.Row{old, recent} {
		rows = append(rows, syncer.WireIdentity(r))
	}
	if _, err := st.PutIdentities(ctx, key, rows); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC)
	done, err := hub.EnforceRetention(ctx, st, 30, now)
	if err != nil || done["visitor"] != 1 {
		t.Fatalf("retention %v %v", done, err)
	}
	a, _, _ := st.Identity(ctx, "F1", old.Ref)
	b, _, _ := st.Identity(ctx, "F1", recent.Ref)
	if a.Erased == "" || b.Erased != "" {
		t.Fatalf("old %+v, recent %+v", a, b)
	}
	audit, err := st.Audit(ctx, 5)
	if err != nil || len(audit) != 1 || audit[0].Action != "identity.purge" || audit[0].Detail != "erased 1 visitor identities last seen before 2026-10-31 (retention 30 days)" {
		t.Fatalf("audit %+v %v", audit, err)
	}
	if done, err := hub.EnforceRetention(ctx, st, 30, now); err != nil || len(done) != 0 {
		t.Fatalf("again: %v %v", done, err)
	}
	if audit, _ := st.Audit(ctx, 5); len(audit) != 1 {
		t.Fatalf("a purge of nothing was audited: %+v", audit)
	}
}

// The probe of issue 15: POST /api/v1/identities took in whatever came (a
// name of markup and escapes, 300,000 bytes of name, a ref that clears the
// screen, last_seen 9999-12-31) and answered a 65-character ref by echoing
// it whole as "no reference". Each bad row is now refused on its own with
// the field named and no value echoed, and the good rows of the request
// are stored.
func TestIdentitiesEndpointRefusesBadRows(t *testing.T) {
	ctx := context.Background()
	st := openSQLiteTemp(t)
	defer st.Close()
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(hub.NewServer(st, hub.Options{Logger: hubtest.Quiet(), Now: func() time.Time { return now }}))
	defer srv.Close()
	token, err := hub.Provision(ctx, st, "F1", "Facility F1", "gate1")
	if err != nil {
		t.Fatal(err)
	}
	good, _, err := identity.New(identity.Visitor, identity.Fields{IDNumber: "320102199001010010", Name: "王芳",
		Phone: "13800138000", Unit: "市卫健委", Visiting: "李四"}, "2026-11-30")
	if err != nil {
		t.Fatal(err)
	}
	car, _, _ := identity.New(identity.Vehicle, identity.Fields{Plate: "苏A12345"}, "2026-12-01") // the hub's tomorrow
	row := func(change func(*wire.Identity)) wire.Identity {
		r, _, _ := identity.New(identity.Visitor, identity.Fields{IDNumber: "11010519491231002X", Name: "李四"}, "2026-11-30")
		x := syncer.WireIdentity(r)
		change(&x)
		return x
	}
	huge := strings.Repeat("c", 100_000)
	bad := []struct {
		x    wire.Identity
		want string
	}{
		{row(func(x *wire.Identity) { x.Name = "<img src=x onerror=alert(1)>\x1b[31m" }), "name contains a control character"},
		{row(func(x *wire.Identity) { x.Name = strings.Repeat("名", 100_000) }), "name longer than 64 characters"},
		{row(func(x *wire.Identity) { x.Ref = "\x1b[2Jzz" }), "ref is not 32 lower-case hex digits"},
		{row(func(x *wire.Identity) { x.Ref = "<script>alert(1)</script>" }), "ref is not 32 lower-case hex digits"},
		{row(func(x *wire.Identity) { x.Ref = strings.Repeat("c", 65) }), "ref too long"},
		{row(func(x *wire.Identity) { x.Ref = huge }), "ref too long"},
		{row(func(x *wire.Identity) { x.Ref = "" }), "ref missing"},
		{row(func(x *wire.Identity) { x.LastSeen = "9999-12-31" }), "last_seen is later than 2026-12-01"},
		{row(func(x *wire.Identity) { x.LastSeen = "2026-02-30" }), "last_seen is not a day"},
		{row(func(x *wire.Identity) { x.Category = "health" }), "category is not visitor or vehicle"},
		{row(func(x *wire.Identity) { x.Salt = x.Salt[:8] }), "salt is not 32 bytes"},
		{row(func(x *wire.Identity) { x.IDNumber = "110105194912310028" }), "id_number is not a resident ID number"},
		{row(func(x *wire.Identity) { x.IDNumber = "1101051949123100\u202e" }), "id_number contains a control character"},
		{row(func(x *wire.Identity) { x.IDNumber = "11010519491231002XX" }), "id_number longer than 18 characters"},
		{row(func(x *wire.Identity) { x.Phone = "1380013800\x07" }), "phone contains a control character"},
		{row(func(x *wire.Identity) { x.Unit = "市卫健委\u202e" }), "unit contains a control character"},
		{row(func(x *wire.Identity) { x.Visiting = "李\n四" }), "visiting contains a control character"},
		{row(func(x *wire.Identity) { x.Plate = "DROP TABLE" }), "plate is not a plate"},
		{row(func(x *wire.Identity) { x.IDNumber = "" }), "id_number and plate both missing"},
		{row(func(x *wire.Identity) {
			x.Salt, x.Erased = nil, "2026-11-29T03:00:00Z"
		}), "erased row still carries personal fields"},
		{row(func(x *wire.Identity) {
			x.Salt, x.IDNumber, x.Name, x.Erased = nil, "", "", "yesterday"
		}), "erased is not a time"},
	}
	req := wire.IdentitiesRequest{Identities: []wire.Identity{syncer.WireIdentity(good)}}
	for _, b := range bad {
		req.Identities = append(req.Identities, b.x)
	}
	req.Identities = append(req.Identities, syncer.WireIdentity(car))
	body, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	hreq, _ := http.NewRequest(http.MethodPost, srv.URL+wire.PathIdentities, bytes.NewReader(body))
	hreq.Header.Set("Authorization", "Bearer "+token)
	hreq.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(hreq)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("answer %d %s", resp.StatusCode, raw)
	}
	if len(raw) > 8<<10 || bytes.Contains(raw, []byte("ccccccccccccccccccccccccccccccc")) || bytes.Contains(raw, []byte("名名名")) {
		t.Fatalf("the answer echoes what it refused (%d bytes)", len(raw))
	}
	for _, s := range []string{"\\u001b", "\x1b", "<img", "<script", "\\u003cscript", "\\u003cimg", "\\u202e", "\u202e", "\\u0007"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("the answer holds %q: %s", s, raw)
		}
	}
	var got wire.IdentitiesResponse
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.Stored != 2 || len(got.Refused) != len(bad) {
		t.Fatalf("stored %d, refused %d of %d: %s", got.Stored, len(got.Refused), len(bad), raw)
	}
	for i, r := range got.Refused {
		if r.Index != i+1 || !strings.HasPrefix(r.Reason, bad[i].want) {
			t.Errorf("row %d: refused as %d %q, want %q", i+1, r.Index, r.Reason, bad[i].want)
		}
	}
	for i, r := range got.Refused {
		if want := bad[i].x.Ref; (identity.ValidRef(want) && r.Ref != want) || (!identity.ValidRef(want) && r.Ref != "") {
			t.Errorf("row %d's ref given back as %q", r.Index, r.Ref)
		}
	}
	for _, x := range []wire.Identity{syncer.WireIdentity(good), syncer.WireIdentity(car)} {
		if r, ok, err := st.Identity(ctx, "F1", x.Ref); err != nil || !ok || r.IDNumber != x.IDNumber || r.Plate != x.Plate {
			t.Errorf("good row %s not stored: %+v %v %v", x.Ref, r, ok, err)
		}
	}
	for _, b := range bad {
		if _, ok, _ := st.Identity(ctx, "F1", b.x.Ref); ok {
			t.Errorf("refused row %q stored", identity.ShortRef(b.x.Ref))
		}
	}
}
