package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/wire"
	"gatepost/record"
)

// A relay's push whose records name a terminal no terminal could be
// provisioned under (a control character, over 64 characters, a space at
// an end, empty) answers those records rejected/invalid, each on its own,
// naming the field without echoing it, and registers no terminal for them;
// the good records beside them are stored, whichever comes first. Before,
// the push was answered 500 "the hub failed" after the good records before
// the bad name had been stored.
func TestRelayPushRefusesBadTerminalNames(t *testing.T) {
	ctx := context.Background()
	bureau := hubtest.NewHub(t)
	token, err := hub.ProvisionRelay(ctx, bureau.Storage, "fac9", "", "fac9-hub")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	rec := func(name string) record.Record {
		return seal(t, "fac9", name, 1, "", draft{kind: record.Temperature, at: at, body: record.TemperatureBody{Badge: "2007", Temp: 364}})[0]
	}
	bads := []string{"evil\x1b[31m", strings.Repeat("x", 100), " padded", ""}
	for i, bad := range bads {
		for _, badFirst := range []bool{false, true} {
			good := fmt.Sprintf("good%d-%v", i, badFirst)
			rs := []record.Record{rec(good), rec(bad)}
			if badFirst {
				rs[0], rs[1] = rs[1], rs[0]
			}
			a := call(t, "POST", bureau.URL+wire.PathRelayPush, token, bytes.NewReader(pushBody(rs...)), jsonCT)
			if a.status != http.StatusUnprocessableEntity {
				t.Fatalf("%q: %d %s", bad, a.status, a.body)
			}
			noLeak(t, a)
			var resp wire.PushResponse
			if err := json.Unmarshal(a.body, &resp); err != nil || len(resp.Results) != 2 {
				t.Fatalf("%q: %s %v", bad, a.body, err)
			}
			g, b := resp.Results[0], resp.Results[1]
			if badFirst {
				g, b = b, g
			}
			if g.Status != wire.Stored || g.ID != rs[0].ID && g.ID != rs[1].ID {
				t.Errorf("%q: the good record: %+v", bad, g)
			}
			if b.Status != wire.Rejected || b.Code != wire.CodeInvalid || !strings.Contains(b.Reason, "terminal") ||
				(bad != "" && strings.Contains(b.Reason, strings.TrimSpace(bad))) {
				t.Errorf("%q: the bad record: %+v", bad, b)
			}
		}
	}
	ts, err := bureau.Storage.Terminals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2*len(bads) {
		t.Errorf("the bureau registered %d terminals, want the %d good ones: %+v", len(ts), 2*len(bads), ts)
	}
	for _, x := range ts {
		if !strings.HasPrefix(x.Name, "good") || x.Chain.HeadSeq != 1 {
			t.Errorf("terminal %q at the bureau: %+v", x.Name, x.Chain)
		}
	}
}
