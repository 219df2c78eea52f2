package hub_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/wire"
)

// A relay's pushes take the per-token slots as a terminal's do: one relay
// token trickling pushes on more connections than it is allowed gets 429
// with Retry-After for the rest at once, while those it is allowed wait on
// their own connections.
func TestRelayPushTakesSlots(t *testing.T) {
	ctx := context.Background()
	st, err := hub.OpenSQLite(t.TempDir() + "/hub.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const slots = 2
	srv := httptest.NewServer(hub.NewServer(st, hub.Options{Logger: hubtest.Quiet(), MaxConcurrentPushes: slots, MaxPushesPerToken: slots}))
	defer srv.Close()
	token, err := hub.ProvisionRelay(ctx, st, "qs01", "青山所", "qs01-hub")
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(srv.URL, "http://")
	codes := make(chan int, 3*slots)
	for i := 0; i < 3*slots; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{\"records\":[",
			wire.PathRelayPush, token)
		go func() {
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				codes <- 0
				return
			}
			resp.Body.Close()
			if resp.Header.Get("Retry-After") == "" {
				resp.StatusCode = -resp.StatusCode
			}
			codes <- resp.StatusCode
		}()
	}
	guard := time.After(20 * time.Second) // a guard against a hang, not a measurement
	for refused := 0; refused < 2*slots; refused++ {
		select {
		case code := <-codes:
			if code != http.StatusTooManyRequests {
				t.Fatalf("a relay push beyond its allowance: %d, want 429 with Retry-After", code)
			}
		case <-guard:
			t.Fatalf("%d of the %d relay pushes beyond the allowance were refused: the relay takes no per-token slots", refused, 2*slots)
		}
	}
	select {
	case code := <-codes:
		t.Fatalf("a relay push was answered (%d) before its body was sent", code)
	case <-time.After(100 * time.Millisecond):
	}
}
