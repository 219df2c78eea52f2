package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"gatepost/auth"
	"gatepost/config"
	"gatepost/csvimport"
	"gatepost/demo"
	"gatepost/gate"
	"gatepost/i18n"
	"gatepost/record"
	"gatepost/store"
)

func (a *app) initCmd() *cobra.Command {
	var id store.Identity
	var badge, pin, name, lang string
	var pinStdin bool
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Set this terminal up: facility, terminal name, home gate and the first admin",
		Long: `init sets this terminal up: facility, terminal name, home gate and the first
admin. It asks for the admin's PIN (6–12 digits) without showing it; with
--admin-pin-stdin it reads the PIN from the first line of standard input
instead, for scripts. --admin-pin on the command line still works but leaves
the PIN in the shell history and the process list: avoid it.`,
		Example: `  gatepost init --facility-id qs01 --facility 青山强制隔离戒毒所 --terminal gate1-pc \
    --gate 1 --admin-badge 9000 --lang zh-CN
  printf '%s\n' "$PIN" | gatepost init … --admin-badge 9000 --admin-pin-stdin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			var problems []string
			switch {
			case cmd.Flags().Changed("admin-pin") && pinStdin:
				return usageError("give the admin PIN one way: --admin-pin-stdin or --admin-pin, not both")
			case cmd.Flags().Changed("admin-pin"):
				fmt.Fprintln(a.env.stderr, "gatepost: warning: --admin-pin leaves the PIN in the shell history and the process list;"+
					" use --admin-pin-stdin, or let init ask for it")
			case pinStdin:
				p, err := readLine(a.env.stdin)
				if err != nil {
					return usageError("--admin-pin-stdin: cannot read the PIN from standard input: %v", err)
				}
				pin = p
			}
			ask := !cmd.Flags().Changed("admin-pin") && !pinStdin
			if strings.ContainsFunc(id.FacilityID, isSpaceOrSlash) || len(id.FacilityID) > 64 {
				problems = append(problems, "--facility-id: no spaces or slashes, at most 64 characters")
			}
			if strings.ContainsFunc(id.Terminal, isSpaceOrSlash) || len(id.Terminal) > 64 {
				problems = append(problems, "--terminal: no spaces or slashes, at most 64 characters")
			}
			for _, f := range []struct{ flag, v string }{{"--facility-id", id.FacilityID}, {"--facility", id.FacilityName},
				{"--terminal", id.Terminal}, {"--admin-name", name}} {
				if gate.HasControls(f.v, false) {
					problems = append(problems, f.flag+": no control characters or text-direction marks")
				}
			}
			if id.HomeGate < 1 || id.HomeGate > record.MaxGate {
				problems = append(problems, fmt.Sprintf("--gate: must be 1–%d", record.MaxGate))
			}
			if err := csvimport.CheckBadge(badge); err != nil {
				problems = append(problems, "--admin-badge: "+err.Error())
			}
			if err := auth.CheckPIN(pin, gate.RoleAdmin, 0); err != nil && !ask {
				problems = append(problems, "admin PIN: "+err.Error())
			}
			if lang != "" {
				l, err := config.ParseLang(lang)
				if err != nil {
					problems = append(problems, "--lang: "+err.Error())
				}
				lang = l
			}
			if len(problems) > 0 {
				return usageError("%s", strings.Join(problems, "\n"))
			}
			if ask { // only once the rest is known to be right
				p, err := a.env.askPIN()
				if err != nil {
					return usageError("%v", err)
				}
				if err := auth.CheckPIN(p, gate.RoleAdmin, 0); err != nil {
					return usageError("admin PIN: %v", err)
				}
				pin = p
			}
			st, err := a.open(ctx, false, false)
			if err != nil {
				return err
			}
			defer st.Close()
			if have, err := st.Identity(ctx); err == nil {
				return fmt.Errorf("%s is already set up as terminal %q of facility %q (%s); nothing changed",
					a.dataDir, have.Terminal, have.FacilityID, have.FacilityName)
			} else if !errors.Is(err, store.ErrNotInitialised) {
				return err
			}
			h, err := auth.Hash(pin)
			if err != nil {
				return err
			}
			if err := st.PutGuard(ctx, gate.Guard{Badge: badge, Name: name, Role: gate.RoleAdmin}, h); err != nil {
				return err
			}
			if lang != "" {
				if err := st.SetSetting(ctx, config.KeyLang, lang); err != nil {
					return err
				}
			}
			// The demo refuses a terminal set up here, whatever its names.
			if err := st.SetSetting(ctx, demo.KeyOrigin, "init"); err != nil {
				return err
			}
			id.CreatedAt = a.env.now()
			if err := st.Init(ctx, id); err != nil { // last: a failed init can simply be run again
				return err
			}
			fmt.Fprintf(a.env.stdout, "terminal %s of %s (%s) set up in %s, home gate %d\nadmin badge %s can sign in now\n",
				id.Terminal, id.FacilityName, id.FacilityID, a.dataDir, id.HomeGate, badge)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&id.FacilityID, "facility-id", "", "facility id, as the hub knows it (required)")
	f.StringVar(&id.FacilityName, "facility", "", "facility name, shown on the console (required)")
	f.StringVar(&id.Terminal, "terminal", "", "this terminal's name, unique in the facility (required)")
	f.IntVar(&id.HomeGate, "gate", 0, "home gate, 1–5 (required)")
	f.StringVar(&badge, "admin-badge", "", "badge of the first admin (required)")
	f.StringVar(&pin, "admin-pin", "", "PIN of the first admin, 6–12 digits (unsafe: it stays in the shell history; init asks for it when left out)")
	f.BoolVar(&pinStdin, "admin-pin-stdin", false, "read the first admin's PIN from the first line of standard input")
	f.StringVar(&name, "admin-name", "管理员", "name of the first admin")
	f.StringVar(&lang, "lang", "", "console language: zh-CN or en (default: from LANG)")
	for _, r := range []string{"facility-id", "facility", "terminal", "gate", "admin-badge"} {
		_ = cmd.MarkFlagRequired(r)
	}
	return cmd
}

// readLine reads one line (the PIN) from r, without its line ending.
func readLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		if errors.Is(err, io.EOF) {
			return "", errors.New("it is empty")
		}
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// askPIN asks for the first admin's PIN twice on the terminal, without
// echo. Standard input that is not a terminal is refused: a piped PIN
// needs --admin-pin-stdin, so that a script says what it means.
func (e *env) askPIN() (string, error) {
	f, ok := e.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", errors.New("no admin PIN: run init in a terminal to be asked for it, or pipe it in with --admin-pin-stdin")
	}
	fd := int(f.Fd())
	fmt.Fprint(e.stderr, "PIN of the first admin (6–12 digits, not shown): ")
	first, err := term.ReadPassword(fd)
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", err
	}
	fmt.Fprint(e.stderr, "The same PIN again: ")
	again, err := term.ReadPassword(fd)
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", err
	}
	if string(first) != string(again) {
		return "", errors.New("the two PINs differ; nothing changed, run init again")
	}
	return string(first), nil
}

func isSpaceOrSlash(r rune) bool { return r == '/' || r == '\\' || r == ' ' || r == '\t' || r == '\n' }

func (a *app) demoCmd() *cobra.Command {
	var n int
	var seed uint64
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Set up a demonstration facility (once), and optionally fill it with realistic records",
		Long: `demo sets up, once, a demonstration terminal: facility "demo" (` + demo.FacilityName + `),
terminal ` + demo.Terminal + ` at gate 1, 60 staff, 300 detainees in single-sex units, their
rotation plan, passes, and console users:
guards 1001–1004 (PIN 1234) and supervisor 9001 (PIN 999999). When the demo is
already set up it changes nothing. It refuses a data directory that holds a
real terminal: one set up with init, or one that has joined a hub (its
records would be synced as real).

With --records N it then appends N realistic records spread over the last
days (up to 30, at least 850 a day: --records 25500 fills thirty days), in
time order after the records already there.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if n < 0 {
				return usageError("--records must not be negative")
			}
			st, err := a.open(ctx, false, false)
			var old *store.OldFormatError
			if errors.As(err, &old) && old.Facility == demo.FacilityID && old.Terminal == demo.Terminal && old.Origin != "init" && !old.Joined {
				// The demo's own database from before the identity
				// registry (§15): its records are generated, so it is made
				// again rather than refused.
				for _, p := range []string{old.Path, old.Path + "-wal", old.Path + "-shm"} {
					if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
						return err
					}
				}
				fmt.Fprintf(a.env.stdout, "the demo database %s was written by an earlier gatepost; made again\n", old.Path)
				st, err = a.open(ctx, false, false)
			}
			if err != nil {
				return err
			}
			defer st.Close()
			created, err := demo.Setup(ctx, st, a.env.now())
			if errors.Is(err, demo.ErrNotDemo) {
				return fmt.Errorf("refusing to set the demo up in %s: %v; use another --data directory", a.dataDir, err)
			}
			if err != nil {
				return err
			}
			out := a.env.stdout
			if created {
				fmt.Fprintf(out, "demo facility %s set up in %s\n", demo.FacilityName, a.dataDir)
				fmt.Fprintln(out, "sign in with badge 1001 PIN 1234 (guard) or 9001 PIN 999999 (supervisor)")
			} else {
				fmt.Fprintf(out, "demo already set up in %s; nothing to do\n", a.dataDir)
			}
			if n == 0 {
				return nil
			}
			start := time.Now()
			next := n / 10
			stats, err := demo.Generate(ctx, st, demo.Options{
				Records: n, Seed: seed, Now: a.env.now(),
				Progress: func(done int) {
					if n >= 100_000 && done >= next && done < n {
						fmt.Fprintf(a.env.stderr, "  %d/%d records\n", done, n)
						next += n / 10
					}
				},
			})
			if err != nil {
				return fmt.Errorf("generating records: %w (records already committed stay; the chain is intact)", err)
			}
			fmt.Fprintf(out, "appended %d records (seq %d–%d, %s to %s) in %s\n", stats.Records, stats.FirstSeq, stats.LastSeq,
				stats.From.Format("2006-01-02 15:04"), stats.To.Format("2006-01-02 15:04"), time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "records", 0, "append this many generated records")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed of the record generator (same seed, same records)")
	return cmd
}

func (a *app) importCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import people|passes|guards|rotation FILE.csv",
		Short: "Import reference data from a CSV file (all rows or none)",
		Long: `import reads a UTF-8 CSV file with a header row ("-" reads standard input).
Every row is checked; if any row is wrong, every problem is listed with its line
number and nothing is imported.

  people: badge,name,id_number,kind,unit,assignment,active
          kind staff|detainee; assignment custody|standby|office|wfh or empty;
          active 1/0, true/false, yes/no (default 1)
  passes: id,holder,badge,id_number,plate,valid_from,valid_to,note
          at least one of badge, id_number, plate; times YYYY-MM-DD,
          "YYYY-MM-DD HH:MM" (local time) or RFC 3339; a bare valid_to date
          means the end of that day
  guards: badge,name,role,pin
          role guard|supervisor|admin; pin 4–12 digits (a supervisor's or an
          admin's at least 6, or the setting pin.supervisor_min_digits),
          stored only hashed
  rotation: badge,kind,start,end
          kind custody|observation|rest|standby; dates YYYY-MM-DD, both
          inclusive; an empty end takes the kind's default length (custody
          14, observation 7, rest 7, standby 14 days); a file replaces the
          whole plan of every person it names

Rows with a badge, pass id or guard badge already present replace it.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageError("import needs what and a file: gatepost import people|passes|guards|rotation FILE.csv")
			}
			for _, k := range csvimport.Kinds {
				if args[0] == string(k) {
					return nil
				}
			}
			return usageError("cannot import %q: use people, passes, guards or rotation", args[0])
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			kind, name := csvimport.Kind(args[0]), args[1]
			in, err := a.env.input(name)
			if err != nil {
				return err
			}
			defer in.Close()
			st, err := a.open(ctx, true, true)
			if err != nil {
				return err
			}
			defer st.Close()
			digits, err := supervisorPINDigits(ctx, st)
			if err != nil {
				return err
			}
			opts := csvimport.Options{SupervisorPINDigits: digits}
			if kind == csvimport.Rotation {
				// Periods without an end take this facility's lengths.
				set, err := settings(ctx, st)
				if err != nil {
					return err
				}
				closed, err := config.ResolveClosed(set)
				if err != nil {
					return err
				}
				opts.Rotation = closed.Rotation
			}
			res, err := csvimport.Import(ctx, st, kind, in, opts)
			if err != nil {
				return a.env.csvErrors(name, "imported", err)
			}
			fmt.Fprintf(a.env.stdout, "imported %d %s from %s\n", res.Rows, kindNoun(kind, res.Rows), name)
			return nil
		},
	}
}

// supervisorPINDigits is the terminal's setting for the shortest PIN of a
// supervisor or an admin, 0 when unset (the default).
func supervisorPINDigits(ctx context.Context, st *store.Store) (int, error) {
	v, err := st.Setting(ctx, config.KeySupervisorPINDigits)
	if err != nil || v == "" {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("setting %s = %q: not a number (fix it with 'gatepost config set')", config.KeySupervisorPINDigits, v)
	}
	return n, nil
}

// csvErrors ends an import whose file was refused: when err holds
// csvimport.Errors it lists every problem with its line on stderr, saying
// nothing was done (done: "imported", "published"), and returns a silent
// exit error; any other error is returned as it is.
func (e *env) csvErrors(name, done string, err error) error {
	var es csvimport.Errors
	if !errors.As(err, &es) {
		return err
	}
	fmt.Fprintf(e.stderr, "gatepost: %s: %d %s, nothing %s:\n", name, len(es), plural(len(es), "problem", "problems"), done)
	for _, pe := range es {
		fmt.Fprintf(e.stderr, "  %s\n", pe.Error())
	}
	return &exitError{code: 1, err: es, silent: true}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func kindNoun(k csvimport.Kind, n int) string {
	switch k {
	case csvimport.People:
		return plural(n, "person", "people")
	case csvimport.Passes:
		return plural(n, "pass", "passes")
	case csvimport.Rotation:
		return plural(n, "rotation period", "rotation periods")
	}
	return plural(n, "guard", "guards")
}

// csvHeader is the column order of `export --format csv`.
var csvHeader = []string{"id", "terminal", "facility", "seq", "kind", "gate", "guard", "at", "body", "prev", "hash"}

// exportRecords streams the records after seq since to w, one a line.
func exportRecords(ctx context.Context, st *store.Store, w io.Writer, format string, since int64) (int64, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	var n int64
	var err error
	switch format {
	case "jsonl":
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		err = st.Each(ctx, since, func(r record.Record) error {
			n++
			return enc.Encode(r)
		})
	case "csv":
		cw := csv.NewWriter(bw)
		if err := cw.Write(csvHeader); err != nil {
			return 0, err
		}
		row := make([]string, len(csvHeader))
		err = st.Each(ctx, since, func(r record.Record) error {
			n++
			row[0], row[1], row[2], row[3], row[4] = r.ID, r.Terminal, r.Facility, strconv.FormatInt(r.Seq, 10), string(r.Kind)
			row[5], row[6], row[7], row[8], row[9], row[10] = strconv.Itoa(r.Gate), r.Guard, r.AtString(), string(r.Body), r.Prev, r.Hash
			return cw.Write(row)
		})
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
	default:
		return 0, usageError("--format %q: use jsonl or csv", format)
	}
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

func (a *app) exportCmd() *cobra.Command {
	var format, out, lang string
	var since int64
	var bom, identities bool
	var ix identityExport
	cmd := &cobra.Command{
		Use:   "export [--format jsonl|csv|xlsx] [-o FILE]",
		Short: "Write the record log, one record a line (JSON Lines or CSV), or as an Excel workbook",
		Long: `export writes every record (or those after --since-seq) in seq order with the
fields id, terminal, facility, seq, kind, gate, guard, at, body, prev, hash.
JSON Lines writes each record as the hub receives it; CSV has a header row
and the body as JSON text. Either can be checked against the hash chain.
--bom starts the CSV with a UTF-8 byte order mark, so Excel reads its
Chinese right.

--format xlsx writes an Excel workbook to -o FILE: one sheet per kind, a
column per field of the kind's bodies, headed in Chinese when the language
(--lang, else the setting lang, else LANG) is Chinese.

--identities writes the identity registry instead (§15: the visitors, pass
holders and vehicles the records name by reference), one identity a line,
resident ID numbers and phones masked. --unmasked writes them in full: it
needs --admin BADGE, --reason TEXT and the admin's PIN as the first line of
standard input, and leaves an identity.export record in the log first.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "jsonl" && format != "csv" && format != "xlsx" {
				return usageError("--format %q: use jsonl, csv or xlsx", format)
			}
			if since < 0 {
				return usageError("--since-seq must not be negative")
			}
			if binaryFormat(format) && (out == "" || out == "-") {
				return usageError("--format %s writes a file: give -o FILE", format)
			}
			if bom && format != "csv" {
				return usageError("--bom is for --format csv")
			}
			if ix.unmasked && !identities {
				return usageError("--unmasked is for --identities")
			}
			if identities && format == "xlsx" {
				return usageError("--identities writes jsonl or csv")
			}
			ctx := cmd.Context()
			st, err := a.open(ctx, true, true)
			if err != nil {
				return err
			}
			defer st.Close()
			if identities {
				return a.writeOut(out, func(w io.Writer) error { return ix.write(ctx, a, st, w, format) })
			}
			if format == "xlsx" {
				set, err := settings(ctx, st)
				if err != nil {
					return err
				}
				c, err := config.Resolve(config.Inputs{Lang: lang, Settings: set, Getenv: a.env.getenv})
				if err != nil {
					return err
				}
				return a.writeOut(out, func(w io.Writer) error {
					_, err := exportWorkbook(ctx, st, w, c.Lang, since)
					return err
				})
			}
			return a.writeOut(out, func(w io.Writer) error {
				if bom {
					if _, err := io.WriteString(w, "\uFEFF"); err != nil {
						return err
					}
				}
				_, err := exportRecords(ctx, st, w, format, since)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "jsonl", "jsonl, csv or xlsx")
	cmd.Flags().Int64Var(&since, "since-seq", 0, "only records with a seq greater than this")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to FILE instead of standard output (needed for xlsx)")
	cmd.Flags().BoolVar(&bom, "bom", false, "start the CSV with a UTF-8 byte order mark, for Excel")
	cmd.Flags().StringVar(&lang, "lang", "", "language of the workbook's sheet and column names: zh-CN or en")
	cmd.Flags().BoolVar(&identities, "identities", false, "export the identity registry (masked) instead of the records")
	cmd.Flags().BoolVar(&ix.unmasked, "unmasked", false, "with --identities: ID numbers and phones in full (an admin, recorded)")
	cmd.Flags().StringVar(&ix.admin, "admin", "", "the admin's badge, for --unmasked (PIN on standard input)")
	cmd.Flags().StringVar(&ix.reason, "reason", "", "why the unmasked export is needed, for --unmasked (recorded)")
	return cmd
}

func (a *app) verifyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Check the database (SQLite integrity_check) and the record log: seq without gaps and an unbroken hash chain",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := a.openChecked(ctx, true, true)
			if err != nil {
				return err
			}
			defer st.Close()
			// The chain is read through the table alone, so a damaged index
			// (which makes the screens' queries wrong) only SQLite's own
			// check can see; it comes first.
			if err := st.IntegrityCheck(ctx); err != nil {
				var de *store.DamagedError
				if !errors.As(err, &de) {
					return err
				}
				fmt.Fprintf(a.env.stdout, "DATABASE DAMAGED: SQLite's integrity_check found:\n  %s\n", strings.Join(de.Problems, "\n  "))
				fmt.Fprintln(a.env.stdout, "Nothing has been written to it. Keep a copy of the file as it is and restore the latest backup;\nrecords already synced are also on the hub.")
				return &exitError{code: 1, err: de, silent: true}
			}
			n, err := st.Verify(ctx)
			var be *record.BreakError
			if errors.As(err, &be) {
				fmt.Fprintf(a.env.stdout, "CHAIN BROKEN: %v\n%d records before it are intact; seq %d and everything after it cannot be trusted\n",
					be, n, be.Seq)
				return &exitError{code: 1, err: be, silent: true}
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(a.env.stdout, "chain intact: %d records\n", n)
			// The health details beside the log must be the ones their
			// records committed to (§15); erased ones say nothing.
			_, bad, err := st.CheckHealth(ctx)
			if err != nil {
				return err
			}
			if len(bad) > 0 {
				for _, x := range bad {
					fmt.Fprintf(a.env.stdout, "HEALTH DETAIL MISMATCH: the detail %s does not match the commitment in seq %d\n", x.Ref, x.Seq)
				}
				return &exitError{code: 1, err: fmt.Errorf("%d health details do not match their records", len(bad)), silent: true}
			}
			return nil
		},
	}
}

func (a *app) configCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show or change the console settings stored in the terminal (lang, fever, idle_lock, …)",
		Long: `Settings stored in the terminal, used when no flag is given:
  lang                       zh-CN or en (unset: from LC_ALL, LC_MESSAGES, LANG)
  fever                      fever threshold in °C, 37.0–39.0 (unset: 37.3)
  idle_lock                  lock the console after this idle time, 30s–12h, or off (unset: 5m)
  food.sample_min_grams      grams of each meal sample, at least 125 (unset: 125)
  food.sample_retain_hours   hours a meal sample is kept, at least 48 (unset: 48)
  pin.supervisor_min_digits  shortest PIN of a supervisor or an admin, 6–12 (unset: 6)
  report.to                  to whom the daily report goes, 主送 (unset: 市司法局)
  report.unit                the issuing unit's full name (unset: the facility's name)
  report.phone               the contact phone of the report's signature note
  retention.visitor_days     days a visitor's identity is kept after the last visit (unset: 30)
  retention.vehicle_days     days a vehicle's plate is kept after the last visit (unset: 30)
  retention.health_days      days health details are kept after the epidemic profile is switched off (unset: 30)

A change of any setting but lang and report.* is written to the record log as a
config.change record (setting, old and new value), so the log shows which
rule was in force when.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.configShow(cmd.Context(), config.Keys) },
	}
	get := &cobra.Command{
		Use:   "get [KEY]",
		Short: "Print a setting (all settings without KEY)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.configShow(cmd.Context(), config.Keys)
			}
			if !config.ValidKey(args[0]) {
				return usageError("unknown setting %q: use one of %s", args[0], strings.Join(config.Keys, ", "))
			}
			st, err := a.open(cmd.Context(), true, false)
			if err != nil {
				return err
			}
			defer st.Close()
			v, err := st.Setting(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if v != "" {
				fmt.Fprintln(a.env.stdout, v)
			} else {
				fmt.Fprintf(a.env.stderr, "%s is not set (%s)\n", args[0], defaultOf(args[0]))
			}
			return nil
		},
	}
	set := &cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Store a setting",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageError("config set needs a key and a value: gatepost config set lang zh-CN")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := config.Normalize(args[0], args[1])
			if err != nil {
				return usageError("%v", err)
			}
			ctx := cmd.Context()
			st, err := a.open(ctx, true, false)
			if err != nil {
				return err
			}
			defer st.Close()
			return a.setSetting(ctx, st, args[0], v)
		},
	}
	cmd.AddCommand(get, set)
	return cmd
}

// setSetting stores a setting. A change of a setting that decides what the
// gates do is a config.change record written with it, so the log shows
// from when, say, 39.0 °C was the fever threshold; the language is stored
// alone. On a terminal not yet set up there is no log: the setting is
// stored alone.
func (a *app) setSetting(ctx context.Context, st *store.Store, key, value string) error {
	return a.setSettingTo(ctx, st, key, value, a.env.stdout)
}

// setSettingTo is setSetting saying what it did on out.
func (a *app) setSettingTo(ctx context.Context, st *store.Store, key, value string, out io.Writer) error {
	old, err := st.Setting(ctx, key)
	if err != nil {
		return err
	}
	if old == value {
		fmt.Fprintf(out, "%s = %s (unchanged)\n", key, value)
		return nil
	}
	_, idErr := st.Identity(ctx)
	if !config.Decision(key) || errors.Is(idErr, store.ErrNotInitialised) {
		if err := st.SetSetting(ctx, key, value); err != nil {
			return err
		}
		fmt.Fprintf(out, "%s = %s\n", key, value)
		return nil
	}
	if idErr != nil {
		return idErr
	}
	r, err := st.SetSettingRecorded(ctx, key, value, store.Draft{
		Kind: record.ConfigChange, Gate: 0, At: a.env.now(),
		Body: record.ConfigChangeBody{Key: key, Old: old, New: value},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s = %s (was %s; recorded as record %d)\n", key, value, orDefault(old), r.Seq)
	return nil
}

func orDefault(v string) string {
	if v == "" {
		return "not set"
	}
	return v
}

func defaultOf(key string) string {
	closed, _ := config.ResolveClosed(nil) // the defaults: nothing set
	switch key {
	case config.KeyLang:
		return "the console follows LC_ALL, LC_MESSAGES or LANG"
	case config.KeyFever:
		return "default " + config.DefaultFever.String()
	case config.KeyIdleLock:
		return "default " + config.FormatIdleLock(config.DefaultIdleLock)
	case config.KeySampleGrams:
		return fmt.Sprintf("default %d", gate.DefaultSampleGrams)
	case config.KeySampleHours:
		return fmt.Sprintf("default %d", gate.DefaultRetainHours)
	case config.KeySupervisorPINDigits:
		return fmt.Sprintf("default %d", auth.DefaultSupervisorPINDigits)
	case config.KeyProfile:
		return "default " + string(closed.Health.Profile)
	case config.KeyNATHours:
		return fmt.Sprintf("default %d", closed.Health.NATHours)
	case config.KeyRotCustodyDays:
		return fmt.Sprintf("default %d", closed.Rotation.Custody)
	case config.KeyRotObservingDays:
		return fmt.Sprintf("default %d", closed.Rotation.Observation)
	case config.KeyRotRestDays:
		return fmt.Sprintf("default %d", closed.Rotation.Rest)
	case config.KeyRotStandbyDays:
		return fmt.Sprintf("default %d", closed.Rotation.Standby)
	case config.KeyScreeningSessions:
		return "default 1"
	case config.KeyReportTo:
		return "the report is addressed to " + i18n.NewCatalog(config.LangZH).T("gw.to.default")
	case config.KeyReportUnit:
		return "the report is issued under the facility's name"
	case config.KeyReportPhone:
		return "the report gives no phone"
	case config.KeyRetentionVisitorDays, config.KeyRetentionVehicleDays, config.KeyRetentionHealthDays:
		return fmt.Sprintf("default %d", config.DefaultRetentionDays)
	}
	return "no default"
}

func (a *app) configShow(ctx context.Context, keys []string) error {
	st, err := a.open(ctx, true, false)
	if err != nil {
		return err
	}
	defer st.Close()
	width := 0
	for _, k := range keys {
		width = max(width, len(k))
	}
	for _, k := range keys {
		v, err := st.Setting(ctx, k)
		if err != nil {
			return err
		}
		if v == "" {
			v = "(not set: " + defaultOf(k) + ")"
		}
		fmt.Fprintf(a.env.stdout, "%-*s %s\n", width, k, v)
	}
	return nil
}
