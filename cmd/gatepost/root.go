package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"gatepost/config"
	"gatepost/gate"
	"gatepost/internal/buildinfo"
	"gatepost/internal/sqlitedb"
	"gatepost/store"
	"gatepost/tui"
)

// env is what the commands take from the process, so tests can supply their own.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	console        func(*store.Store, tui.Options) error
}

// input opens the file a command reads its data from, "-" meaning standard
// input. Every import command (people, passes, guards, notices, on the
// terminal and on the hub) takes its file this way and words a missing file
// alike. The caller closes it.
func (e *env) input(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(e.stdin), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, errors.Unwrap(err))
	}
	return f, nil
}

func newEnv() *env {
	return &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, now: time.Now, console: tui.Run}
}

// exitError ends the program with a code; when silent, the command has
// already said what went wrong.
type exitError struct {
	code   int
	err    error
	silent bool
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks a mistake in how the command was called (exit code 2).
func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

// run executes the command line and returns the process exit code.
func run(ctx context.Context, args []string, e *env) int {
	root := newRoot(e)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return 0
	}
	// The help of the command that was mistyped, not the root's list.
	hint := "Run 'gatepost --help' for usage."
	if cmd != nil && cmd != root {
		hint = fmt.Sprintf("Run '%s --help' for usage.", cmd.CommandPath())
	}
	var xe *exitError
	if errors.As(err, &xe) {
		if !xe.silent {
			fmt.Fprintf(e.stderr, "gatepost: %v\n", xe.err)
			if xe.code == 2 {
				fmt.Fprintln(e.stderr, hint)
			}
		}
		return xe.code
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(e.stderr, "gatepost: interrupted")
		return 130
	}
	fmt.Fprintf(e.stderr, "gatepost: %v\n", err)
	if strings.Contains(err.Error(), "unknown command") || strings.Contains(err.Error(), "required flag") ||
		strings.Contains(err.Error(), "accepts ") || strings.Contains(err.Error(), "arg(s)") {
		fmt.Fprintln(e.stderr, hint)
		return 2
	}
	return 1
}

// app carries the resolved persistent flags to the subcommands.
type app struct {
	env     *env
	dataDir string
}

func newRoot(e *env) *cobra.Command {
	a := &app{env: e}
	var lang, fever, idle string
	root := &cobra.Command{
		Use:   "gatepost",
		Short: "Guard-post console of a closed facility (five gates, four daily measures)",
		Long: `gatepost without a command starts the guard console on this terminal.

The terminal database is DIR/terminal.db, where DIR is --data, else
$GATEPOST_DATA, else $XDG_DATA_HOME/gatepost, else ~/.local/share/gatepost
(on Windows %LOCALAPPDATA%\gatepost). Set a terminal up with 'gatepost init',
or try 'gatepost demo'.`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if a.dataDir == "" && needsDataDir(cmd) {
				d, err := config.DataDir(e.getenv)
				if err != nil {
					return usageError("%v", err)
				}
				a.dataDir = d
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.console(cmd.Context(), lang, fever, idle)
		},
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError("%v", err) })
	root.PersistentFlags().StringVar(&a.dataDir, "data", "",
		"data directory holding terminal.db (default $GATEPOST_DATA, $XDG_DATA_HOME/gatepost or ~/.local/share/gatepost; on Windows %LOCALAPPDATA%\\gatepost)")
	root.Flags().StringVar(&lang, "lang", "", "console language: zh-CN or en (default: setting lang, else LANG)")
	root.Flags().StringVar(&fever, "fever", "", "fever threshold in °C, stored and recorded as with config set (default: setting fever, else 37.3)")
	root.Flags().StringVar(&idle, "idle-lock", "", "lock the console after this idle time, or off; stored and recorded as with config set (default: setting idle_lock, else 5m)")
	root.AddCommand(a.initCmd(), a.demoCmd(), a.importCmd(), a.exportCmd(), a.verifyCmd(), a.configCmd())
	root.AddCommand(a.reportCmd(), a.noticeCmd())
	root.AddCommand(a.hubCmd(), a.joinCmd(), a.syncCmd())
	root.AddCommand(a.backupCmd(), a.versionCmd(), a.purgeCmd())
	root.Version = buildinfo.Get().String()
	root.SetVersionTemplate("{{.Version}}\n")
	enableCompletion(root)
	return root
}

// notSetUp tells the user how to set a terminal up in the data directory.
func (a *app) notSetUp() error {
	return &exitError{code: 1, err: fmt.Errorf(`no terminal is set up in %s
Set one up with:
  gatepost --data %s init --facility-id ID --facility NAME --terminal NAME --gate N --admin-badge BADGE
or try the demonstration facility:
  gatepost --data %s demo`, a.dataDir, a.dataDir, a.dataDir)}
}

// open opens the terminal database. With existing, a database that does not
// exist yet is an error rather than created empty (a mistyped --data should
// not leave a stray database behind); with initialised, so is a database
// whose terminal was never set up. A zero-length file is refused always, a
// damaged one (PRAGMA quick_check) before anything else is done with it, and
// files whose mode was wider than 0600 are narrowed and named on stderr.
func (a *app) open(ctx context.Context, existing, initialised bool) (*store.Store, error) {
	st, err := a.openChecked(ctx, existing, initialised)
	if err != nil {
		return nil, err
	}
	if err := st.Checked(ctx); err != nil {
		st.Close()
		return nil, a.damaged(err)
	}
	return st, nil
}

// openChecked is open without waiting for the open-time check: verify runs
// the fuller integrity_check itself and reports what it finds.
func (a *app) openChecked(ctx context.Context, existing, initialised bool) (*store.Store, error) {
	path := config.DBPath(a.dataDir)
	openFn := store.Open
	if existing {
		openFn = store.OpenExisting
	}
	st, err := openFn(path)
	switch {
	case errors.Is(err, store.ErrMissing):
		return nil, a.notSetUp()
	case errors.Is(err, store.ErrEmptyFile):
		return nil, &exitError{code: 1, err: fmt.Errorf(`%s is empty (0 bytes): it holds no records, and gatepost will not make it a new database.
If it should hold this terminal's records, restore it from a backup; to set up a new terminal here,
move the empty file away first`, path)}
	case err != nil:
		var de *store.DamagedError
		if errors.As(err, &de) {
			return nil, a.damaged(err)
		}
		return nil, fmt.Errorf("cannot open %s: %w", path, err)
	}
	fixes := st.ModeFixes()
	// The sync log beside the database holds hub addresses and record ids:
	// the same rule, enforced at every open as for the database.
	logPath := filepath.Join(a.dataDir, "sync.log")
	if was, fixed, err := sqlitedb.EnsureMode(logPath); err != nil {
		fmt.Fprintf(a.env.stderr, "gatepost: %v\n", err)
	} else if fixed {
		fixes = append(fixes, fmt.Sprintf("%s was mode %04o, now 0600", logPath, was))
	}
	for _, f := range fixes {
		fmt.Fprintf(a.env.stderr, "gatepost: %s: it holds personal data and must be readable by this user only\n", f)
	}
	if len(fixes) > 0 {
		// Said once on stderr, which the console's screen then covers, and
		// once in the log the operator reads afterwards.
		if lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, sqlitedb.FileMode); err == nil {
			for _, f := range fixes {
				fmt.Fprintf(lf, "%s file mode fixed: %s\n", a.env.now().Format(time.RFC3339), f)
			}
			lf.Close()
		}
	}
	if initialised {
		if _, err := st.Identity(ctx); err != nil {
			st.Close()
			if errors.Is(err, store.ErrNotInitialised) {
				return nil, a.notSetUp()
			}
			return nil, err
		}
	}
	return st, nil
}

// damaged words a failed database check for the operator: what SQLite
// found, that nothing was written, and what to do.
func (a *app) damaged(err error) error {
	var de *store.DamagedError
	if !errors.As(err, &de) {
		return err
	}
	return &exitError{code: 1, err: fmt.Errorf(`the terminal database %s is DAMAGED; SQLite's check (%s) found:
  %s
Nothing has been written to it. Keep a copy of the file as it is, and restore the latest backup
(records already synced are also on the hub); 'gatepost verify' shows the full check`,
		config.DBPath(a.dataDir), de.Check, strings.Join(de.Problems, "\n  "))}
}

// settings reads the console settings stored in the terminal.
func settings(ctx context.Context, st *store.Store) (map[string]string, error) {
	m := map[string]string{}
	for _, k := range config.Keys {
		v, err := st.Setting(ctx, k)
		if err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, nil
}

// consoleCheckWait is how long the console waits for the open-time check
// before it draws its first screen.
const consoleCheckWait = 400 * time.Millisecond

func (a *app) console(ctx context.Context, lang, fever, idle string) error {
	term, err := a.checkTerminal()
	if err != nil {
		return err
	}
	st, err := a.openChecked(ctx, true, true)
	if err != nil {
		return err
	}
	// A damaged database is refused before the console takes the screen
	// when the check is quick (most databases); on a very large one the
	// console starts without waiting for it, and every save waits for it
	// instead (store.Open), so startup stays fast and nothing is written to
	// a damaged file either way.
	wait, cancel := context.WithTimeout(ctx, consoleCheckWait)
	err = st.Checked(wait)
	cancel()
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		st.Close()
		return a.damaged(err)
	}
	defer st.Close()
	// A decision setting given as a flag is stored, with its config.change
	// record, before the console starts: a fever threshold in force for a
	// session only would leave the log unable to say why someone with
	// 38.0 °C was let in.
	for _, f := range []struct{ key, v string }{{config.KeyFever, fever}, {config.KeyIdleLock, idle}} {
		if f.v == "" {
			continue
		}
		v, err := config.Normalize(f.key, f.v)
		if err != nil {
			return fmt.Errorf("--%s: %v", strings.ReplaceAll(f.key, "_", "-"), err)
		}
		if err := a.setSettingTo(ctx, st, f.key, v, a.env.stderr); err != nil {
			return err
		}
	}
	set, err := settings(ctx, st)
	if err != nil {
		return err
	}
	c, err := config.Resolve(config.Inputs{Lang: lang, Settings: set, Getenv: a.env.getenv})
	if err != nil {
		return fmt.Errorf("%v\n(fix a flag, or a stored setting with 'gatepost config set KEY VALUE')", err)
	}
	closed, err := config.ResolveClosed(set)
	if err != nil {
		return fmt.Errorf("%v\n(fix it with 'gatepost config set KEY VALUE')", err)
	}
	return a.env.console(st, tui.Options{Lang: a.consoleLang(term, c.Lang), FeverAt: c.Fever, IdleLock: c.IdleLock, Health: closed.Health,
		Retention: config.Retention(set)})
}

// screenSafe writes text that holds what others wrote (names, notices, the
// hub's reasons) with every control character, escape sequence and bidi
// control shown as a visible escape (gate.EscapeControls), so that nothing
// in the data can drive the terminal it is printed on. Each Write must hold
// whole characters, as a single Fprintf does.
type screenSafe struct{ w io.Writer }

func (s screenSafe) Write(p []byte) (int, error) {
	if _, err := io.WriteString(s.w, gate.EscapeControls(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
