package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gatepost/hub/hubtest"
	"gatepost/syncer"
)

// A facility hub run as the operator would: `hub relay add` on the bureau's
// database, `hub serve --upstream URL` at the facility with the token in
// GATEPOST_UPSTREAM_TOKEN, a post joined to the facility hub. The post's
// records reach the bureau by themselves, and `hub relay list` on the
// bureau shows the relay with nothing behind.
func TestFacilityHubCommands(t *testing.T) {
	h := newHarness(t)
	bureauDB := filepath.Join(t.TempDir(), "bureau.db")
	facDB := filepath.Join(t.TempDir(), "facility.db")
	last := func(r result) string {
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		return lines[len(lines)-1]
	}

	relayToken := last(h.ok("hub", "--db", bureauDB, "relay", "add", "--facility", "qs01", "--facility-name", "青山所", "--name", "qs01-hub"))
	h.fail(2, "hub", "--db", bureauDB, "relay", "add", "--facility", "qs01")
	bureau := serveInProcess(t, bureauDB)
	h.fail(2, "hub", "--db", facDB, "serve", "--upstream", bureau) // no token
	facility := serveWith(t, facDB, map[string]string{"GATEPOST_UPSTREAM_TOKEN": relayToken}, "--upstream", bureau)

	token := last(h.ok("hub", "--db", facDB, "terminal", "add", "--facility", "qs01", "--facility-name", "青山所", "--name", "gate1-pc"))
	h.ok(initArgs...)
	h.ok("join", "--hub", facility, "--token", token)
	hubtest.Fill(t, h.openStore(), time.Date(2025, 3, 1, 0, 0, 0, 0, time.Local), 300)
	if r := h.ok("sync"); !strings.Contains(r.stdout, "300 stored") {
		t.Fatalf("sync with the facility hub: %s", r.stdout)
	}

	deadline := time.Now().Add(30 * time.Second)
	for {
		r := h.run("hub", "--db", bureauDB, "verify")
		if r.code == 0 && strings.Contains(r.stdout, "qs01/gate1-pc: 300 records, seq 1–300: intact") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the bureau never got the post's records: %s %s", r.stdout, r.stderr)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		r := h.ok("hub", "--db", bureauDB, "relay", "list")
		if regexp.MustCompile(`(?m)^qs01\s+qs01-hub\s+active\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+0$`).MatchString(r.stdout) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("relay list: %s", r.stdout)
		}
	}
	// A leaked relay token is withdrawn: revoked, it is refused.
	h.ok("hub", "--db", bureauDB, "relay", "revoke", "--facility", "qs01", "--name", "qs01-hub")
	h.fail(1, "hub", "--db", bureauDB, "relay", "revoke", "--facility", "qs01", "--name", "nobody")
	if r := h.ok("hub", "--db", bureauDB, "relay", "list"); !regexp.MustCompile(`(?m)^qs01\s+qs01-hub\s+revoked\s`).MatchString(r.stdout) {
		t.Errorf("relay list after the revoke: %s", r.stdout)
	}
	if r := h.ok("hub", "--db", bureauDB, "audit"); !strings.Contains(r.stdout, "relay.revoke") || !strings.Contains(r.stdout, "qs01/qs01-hub") {
		t.Errorf("the relay's revocation is not in the audit log: %s", r.stdout)
	}
	c, err := syncer.NewClient(bureau, relayToken, syncer.ClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.RelayChanges(t.Context(), 0, 0, -1); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("a revoked relay token was answered: %v", err)
	}
}
