package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"gatepost/hub"
)

// TestHubUserAndAudit adds dashboard accounts from the command line (the
// password on standard input), lists them and reads the audit log.
func TestHubUserAndAudit(t *testing.T) {
	h := newHarness(t)
	db := filepath.Join(t.TempDir(), "hub.db")
	hubRun := func(args ...string) []string { return append([]string{"hub", "--db", db}, args...) }
	in := func(stdin string, code int, args ...string) result {
		t.Helper()
		r := h.runIn(stdin, hubRun(args...)...)
		if r.code != code {
			t.Fatalf("hub %s: exit %d, want %d\n%s%s", strings.Join(args, " "), r.code, code, r.stdout, r.stderr)
		}
		return r
	}
	r := in("correct horse battery\n", 0, "user", "add", "--name", "王敏", "--role", "operator", "--password-stdin")
	if !strings.Contains(r.stdout, `account "王敏" (operator) added`) {
		t.Errorf("user add: %s", r.stdout)
	}
	in("admin password\r\n", 0, "user", "add", "--name", "admin", "--role", "admin", "--password-stdin")

	// Refused, each with a clear message.
	for _, c := range []struct {
		stdin, want string
		args        []string
	}{
		{"correct horse battery\n", "--password-stdin", []string{"--name", "x", "--role", "viewer"}},
		{"short\n", "8 to 72 bytes", []string{"--name", "x", "--role", "viewer", "--password-stdin"}},
		{"long enough password\n", "unknown role", []string{"--name", "x", "--role", "root", "--password-stdin"}},
		{"long enough password\n", "--name", []string{"--name", " x", "--role", "viewer", "--password-stdin"}},
		{"", "--name NAME and --role", []string{"--role", "viewer"}},
	} {
		r := in(c.stdin, 2, append([]string{"user", "add"}, c.args...)...)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("user add %v: %q lacks %q", c.args, r.stderr, c.want)
		}
	}
	if r := in("another password\n", 1, "user", "add", "--name", "王敏", "--role", "admin", "--password-stdin"); !strings.Contains(r.stderr, "exists already") {
		t.Errorf("a second 王敏: %s", r.stderr)
	}

	r = in("", 0, "user", "list")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "admin ") || !strings.Contains(lines[1], "admin") ||
		!strings.HasPrefix(lines[2], "王敏") || !strings.Contains(lines[2], "operator") {
		t.Fatalf("user list:\n%s", r.stdout)
	}

	// The password is stored as a bcrypt hash of the line, without its line ending.
	st, err := hub.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.UserByName(context.Background(), "admin")
	st.Close()
	if err != nil || bcrypt.CompareHashAndPassword(u.PasswordHash, []byte("admin password")) != nil {
		t.Fatalf("admin's stored hash does not match the password typed: %v", err)
	}

	r = in("", 0, "audit")
	if !strings.Contains(r.stdout, "cli") || !strings.Contains(r.stdout, "user.add") || !strings.Contains(r.stdout, "王敏 (operator)") {
		t.Errorf("audit:\n%s", r.stdout)
	}
	if r := in("", 0, "audit", "--limit", "1"); strings.Count(strings.TrimSpace(r.stdout), "\n") != 1 || !strings.Contains(r.stdout, "admin (admin)") {
		t.Errorf("audit --limit 1 (newest only):\n%s", r.stdout)
	}
	in("", 2, "audit", "--limit", "0")

	// The administrative commands are in the log too.
	in("", 0, "terminal", "add", "--facility", "qs01", "--facility-name", "青山所", "--name", "gate1-pc")
	in("", 0, "notice", "add", "--facility", "all", "--title", "今日加强体温检测", "--body", "逐人测温", "--date", "2026-03-18")
	in("", 0, "terminal", "revoke", "--facility", "qs01", "--name", "gate1-pc")
	r = in("", 0, "audit", "--limit", "3")
	lines = strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 4 || !strings.Contains(lines[1], "terminal.revoke") || !strings.Contains(lines[1], "qs01/gate1-pc") ||
		!strings.Contains(lines[2], "notice.add") || !strings.Contains(lines[2], "all 2026-03-18: 今日加强体温检测") ||
		!strings.Contains(lines[3], "terminal.add") || !strings.Contains(lines[3], "cli") {
		t.Errorf("audit of the administrative commands:\n%s", r.stdout)
	}
}

func TestHubServeMetricsFlags(t *testing.T) {
	h := newHarness(t)
	db := filepath.Join(t.TempDir(), "hub.db")
	empty := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(short, []byte("abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--metrics-addr", "nope"}, "--metrics-addr"},
		{[]string{"--metrics-token-file", filepath.Join(t.TempDir(), "missing")}, "--metrics-token-file"},
		{[]string{"--metrics-token-file", empty}, "is empty"},
		{[]string{"--metrics-token-file", short}, "too short"},
	} {
		r := h.fail(2, append([]string{"hub", "--db", db, "serve", "--addr", "127.0.0.1:0"}, c.args...)...)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("serve %v: %q lacks %q", c.args, r.stderr, c.want)
		}
	}
}
