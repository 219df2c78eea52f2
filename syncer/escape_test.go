package syncer_test

import (
	"context"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// A guard's words may hold &, < and > (a work unit "公安局&看守所", a note
// "体温<37"). JSON encoders escape them as \u0026, \u003c, \u003e by
// default, which changes a body's bytes but not its meaning; the hash
// covers the canonical bytes. Such a record is stored by the hub, verifies
// there, and reaches another post of the facility intact.
func TestBodyWithHTMLCharactersTravels(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	join := func(name string) *store.Store {
		t.Helper()
		token := h.Provision(t, "F1", name)
		st := hubtest.NewTerminal(t, t.TempDir(), "F1", name)
		t.Cleanup(func() { st.Close() })
		if _, err := syncer.Join(ctx, st, h.URL, token, nil, syncer.ClientOptions{}); err != nil {
			t.Fatal(err)
		}
		return st
	}
	a, b := join("gate1-pc"), join("gate2-pc")
	detail := `来访单位：公安局&看守所 <二监区> 体温<37 "复测"`
	if _, err := a.AppendBatch(ctx, []store.Draft{{Kind: record.Incident, Gate: 1, Guard: "1001", At: time.Now().Add(-time.Minute),
		Body: record.IncidentBody{Type: "other", Detail: detail}}}); err != nil {
		t.Fatal(err)
	}
	res, err := syncer.Once(ctx, a)
	if err != nil || res.Stored != 1 || res.Rejected != 0 || res.Pending != 0 {
		t.Fatalf("push: %+v %v", res, err)
	}
	reps, err := hub.VerifyAll(ctx, h.Storage)
	if err != nil || len(reps) != 2 || !reps[0].Intact() || reps[0].Records != 1 {
		t.Fatalf("hub verify: %+v %v", reps, err)
	}
	if res, err := syncer.Once(ctx, b); err != nil || res.PeerRecords != 1 || len(res.PeerRefused) != 0 {
		t.Fatalf("pull: %+v %v", res, err)
	}
	rows, err := b.FacilityDay(ctx, store.Day(time.Now().Add(-time.Minute)))
	if err != nil || len(rows) != 1 {
		t.Fatalf("the facility's day at the other post: %d rows, %v", len(rows), err)
	}
	var body record.IncidentBody
	if err := rows[0].Check(); err != nil || rows[0].Decode(&body) != nil || body.Detail != detail {
		t.Fatalf("the record at the other post: %v %+v %s", err, body, rows[0].Body)
	}
}
