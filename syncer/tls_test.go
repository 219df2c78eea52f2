package syncer_test

import (
	"context"
	"encoding/pem"
	"net/http/httptest"
	"testing"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/syncer"
)

// HTTPS with the operator's own CA: the terminal trusts exactly the CA it
// was given at join, and the CA travels with the settings (not as a path).
func TestJoinAndSyncOverHTTPSWithOwnCA(t *testing.T) {
	ctx := context.Background()
	plain := hubtest.NewHub(t) // for its storage
	srv := httptest.NewTLSServer(hub.NewServer(plain.Storage, hub.Options{Logger: hubtest.Quiet()}))
	defer srv.Close()
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	token := plain.Provision(t, "F1", "gate1")
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()

	if _, err := syncer.Join(ctx, st, srv.URL, token, nil, syncer.ClientOptions{}); err == nil {
		t.Fatal("joined an HTTPS hub whose CA the terminal does not trust")
	}
	if _, err := syncer.Join(ctx, st, srv.URL, token, []byte("not a certificate"), syncer.ClientOptions{}); err == nil {
		t.Fatal("joined with a CA file holding no certificate")
	}
	if _, err := syncer.Join(ctx, st, srv.URL, token, ca, syncer.ClientOptions{}); err != nil {
		t.Fatal(err)
	}
	hubtest.Fill(t, st, day, 30)
	res, err := syncer.Once(ctx, st)
	if err != nil || res.Stored != 30 || res.Pending != 0 {
		t.Fatalf("%+v %v", res, err)
	}
}
