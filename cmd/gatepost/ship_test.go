package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gatepost/hub"
	"gatepost/internal/buildinfo"
	"gatepost/record"
	"gatepost/store"
	"gatepost/tui"
)

// bare runs gatepost with exactly the environment given: no --data.
func bare(t *testing.T, envv map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return envv[k] },
		now: time.Now, console: func(*store.Store, tui.Options) error { return nil }}
	code := run(context.Background(), args, e)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

func TestVersion(t *testing.T) {
	bi := buildinfo.Get()
	// Neither needs a data directory: an empty environment has none.
	r := bare(t, nil, "--version")
	if r.code != 0 || r.stdout != bi.String()+"\n" {
		t.Fatalf("--version: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = bare(t, nil, "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "gatepost "+bi.Version+"\n") || !strings.Contains(r.stdout, bi.GoVersion) ||
		!strings.Contains(r.stdout, "commit: "+bi.ShortCommit()) {
		t.Fatalf("version: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = bare(t, map[string]string{"LANG": "zh_CN.UTF-8"}, "version")
	if !strings.Contains(r.stdout, "Go 版本: "+bi.GoVersion) {
		t.Fatalf("version in Chinese: %q", r.stdout)
	}
	// A GBK terminal gets the English labels, not UTF-8 it cannot show.
	r = bare(t, map[string]string{"LANG": "zh_CN.GBK"}, "version")
	if !strings.Contains(r.stdout, "platform: ") {
		t.Fatalf("version on a GBK terminal: %q", r.stdout)
	}
}

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := bare(t, nil, "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, "gatepost") || len(r.stdout) < 500 {
			t.Errorf("completion %s: exit %d, %d bytes, %s", shell, r.code, len(r.stdout), r.stderr)
		}
	}
	// What the scripts call back: subcommands of hub, without a data dir.
	r := bare(t, nil, "__complete", "hub", "")
	for _, want := range []string{"serve", "backup", "verify"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("__complete hub: %q lacks %s", r.stdout, want)
		}
	}
}

func TestConsoleRefusesNonUTF8Terminal(t *testing.T) {
	h := newHarness(t)
	h.ok(initArgs...)
	for _, loc := range []string{"zh_CN.GBK", "zh_CN", "zh_CN.GB18030"} {
		h.envv = map[string]string{"LANG": loc}
		r := h.fail(1)
		if r.opts != nil {
			t.Fatalf("%s: the console started", loc)
		}
		// The message is written in the terminal's own character set, so
		// a Chinese guard reads it there.
		msg, err := simplifiedchinese.GB18030.NewDecoder().String(r.stderr)
		if err != nil || !strings.Contains(msg, "本程序只支持 UTF-8") || !strings.Contains(msg, "export LANG=zh_CN.UTF-8") ||
			!strings.Contains(msg, "LANG="+loc) {
			t.Errorf("%s: message %q (%v)", loc, msg, err)
		}
		if strings.Contains(r.stderr, "本程序") {
			t.Errorf("%s: the message went out in UTF-8", loc)
		}
	}
	// LC_ALL decides over LANG; a Latin-1 terminal gets the English words.
	h.envv = map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.ISO-8859-1"}
	r := h.fail(1)
	if !strings.Contains(r.stderr, "needs UTF-8") || !strings.Contains(r.stderr, "LC_ALL=en_US.ISO-8859-1") || r.opts != nil {
		t.Errorf("Latin-1: %q", r.stderr)
	}
	// And LC_ALL set to UTF-8 rescues a GBK LANG.
	h.envv = map[string]string{"LANG": "zh_CN.GBK", "LC_ALL": "zh_CN.UTF-8"}
	if r := h.ok(); r.opts == nil || r.opts.Lang != "en" { // init stored lang en
		t.Errorf("UTF-8 LC_ALL: %+v %s", r.opts, r.stderr)
	}
}

func TestConsoleLinuxTextConsoleFallsBackToEnglish(t *testing.T) {
	h := newHarness(t)
	h.ok(initArgs[:len(initArgs)-2]...) // no stored lang: LANG decides
	h.envv = map[string]string{"LANG": "zh_CN.UTF-8", "TERM": "linux"}
	r := h.ok()
	if r.opts == nil || r.opts.Lang != "en" || !strings.Contains(r.stderr, "TERM=linux") || !strings.Contains(r.stderr, "cannot draw Chinese") {
		t.Fatalf("TERM=linux: %+v %q", r.opts, r.stderr)
	}
	// Even asked for by flag: the text console cannot draw it.
	if r := h.ok("--lang", "zh-CN"); r.opts.Lang != "en" {
		t.Fatalf("--lang zh-CN on TERM=linux: %s", r.opts.Lang)
	}
	h.envv["TERM"] = "xterm-256color"
	if r := h.ok(); r.opts.Lang != "zh-CN" || r.stderr != "" {
		t.Fatalf("xterm: %+v %q", r.opts, r.stderr)
	}
	// English asked for: no note.
	h.envv = map[string]string{"LANG": "en_US.UTF-8", "TERM": "linux"}
	if r := h.ok(); r.opts.Lang != "en" || r.stderr != "" {
		t.Fatalf("English on TERM=linux: %q", r.stderr)
	}
}

// TestBackupCommandWhileConsoleSaves runs `gatepost backup` while another
// store on the same database — the console — saves records, then restores
// the backup into a fresh data directory and runs `gatepost verify` there.
func TestBackupCommandWhileConsoleSaves(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	h.ok(initArgs...)
	console := h.openStore()
	var saved atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := console.Append(ctx, store.Draft{Kind: record.ShiftOpen, Gate: 1, Guard: "9000",
				Body: record.ShiftOpenBody{Name: "管理员", Gate: 1}}); err != nil {
				t.Error(err)
				return
			}
			saved.Add(1)
		}
	}()
	for saved.Load() < 20 {
		time.Sleep(time.Millisecond)
	}
	dest := filepath.Join(t.TempDir(), "terminal-backup.db")
	r := h.ok("backup", dest)
	close(stop)
	wg.Wait()
	if !strings.Contains(r.stdout, "Backup written to "+dest) {
		t.Fatalf("backup output: %q", r.stdout)
	}
	var n int64
	if _, err := fmtSscanRecords(r.stdout, &n); err != nil || n < 20 || n > saved.Load() {
		t.Fatalf("backup reports %d records (%v); %d saved in all", n, err, saved.Load())
	}
	h.fail(1, "backup", dest) // never over an existing file

	// Restore into a fresh data directory, as the README says.
	h2 := newHarness(t)
	if err := os.MkdirAll(h2.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h2.dir, "terminal.db"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	if v := h2.ok("verify"); v.stdout != "chain intact: "+itoa(n)+" records\n" {
		t.Fatalf("verify after restore: %q", v.stdout)
	}
}

func TestHubBackupCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hub.db")
	h := newHarness(t)
	h.ok("hub", "--db", db, "terminal", "add", "--facility", "qs01", "--name", "gate1-pc")
	dest := filepath.Join(dir, "hub-backup.db")
	r := h.ok("hub", "--db", db, "backup", dest)
	if !strings.Contains(r.stdout, "Hub backup written to "+dest+": 1 terminals, 0 records") {
		t.Fatalf("hub backup: %q", r.stdout)
	}
	st, err := hub.OpenSQLite(dest)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := st.Terminals(context.Background())
	st.Close()
	if err != nil || len(ts) != 1 || ts[0].Name != "gate1-pc" {
		t.Fatalf("restored hub: %+v %v", ts, err)
	}

	// PostgreSQL: advice, exit 1, nothing written, no connection tried.
	pg := "postgres://gatepost:s3cret@db.example:5432/gatepost?sslmode=verify-full&search_path=city&pool_max_conns=8"
	r = h.fail(1, "hub", "--db", pg, "backup", filepath.Join(dir, "pg.dump"))
	for _, want := range []string{"pg_dump --format=custom --schema=city --file=" + filepath.Join(dir, "pg.dump"),
		"'postgres://gatepost@db.example:5432/gatepost?sslmode=verify-full'", "pg_restore"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("PostgreSQL advice lacks %q: %s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "s3cret") || strings.Contains(r.stderr, "pool_max_conns") {
		t.Errorf("advice leaks the password or a driver-only parameter: %s", r.stderr)
	}
}

// fmtSscanRecords reads N out of "Backup written to F: N records …".
func fmtSscanRecords(s string, n *int64) (int, error) {
	_, rest, _ := strings.Cut(s, ": ")
	return fmt.Sscan(rest, n)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
