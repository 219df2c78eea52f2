package main

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"gatepost/csvimport"
	"gatepost/gate"
	"gatepost/hub"
	"gatepost/hub/wire"
	"gatepost/syncer"
)

// envHubDB names the hub database when --db is not given.
const envHubDB = "GATEPOST_HUB_DB"

// hubApp carries the hub commands' --db.
type hubApp struct {
	*app
	db string
}

// open opens the hub's storage, which must exist: the SQLite file --db
// names, or PostgreSQL when --db is a postgres:// URL (hub.OpenStorage).
// Only the commands that set a hub up (serve, terminal add, relay add, user
// add) create it (openOrCreate): a command that reads or tends a hub must
// not answer about, nor leave behind, an empty database at a mistyped path.
// The URL is shown without its password.
func (h *hubApp) open() (hub.Storage, error) {
	st, err := hub.OpenStorageExisting(context.Background(), h.db)
	if errors.Is(err, hub.ErrMissing) {
		return nil, fmt.Errorf("there is no hub database at %s (check --db or $%s; 'hub terminal add' or 'hub serve' creates one)",
			h.db, envHubDB)
	}
	return st, h.openErr(err)
}

// openOrCreate is open, creating the database when there is none.
func (h *hubApp) openOrCreate() (hub.Storage, error) {
	st, err := hub.OpenStorage(context.Background(), h.db)
	return st, h.openErr(err)
}

func (h *hubApp) openErr(err error) error {
	if err == nil {
		return nil
	}
	if u := errors.Unwrap(err); u != nil {
		err = u
	}
	return fmt.Errorf("cannot open the hub database %s: %w", hub.RedactDSN(h.db), onceEach{err})
}

// onceEach is an error whose text says each of its lines once: pgx lists
// every attempt to connect, and with sslmode=prefer (TLS, then without)
// the same refusal appeared twice.
type onceEach struct{ error }

func (e onceEach) Error() string {
	var out []string
	seen := map[string]bool{}
	for line := range strings.Lines(e.error.Error()) {
		if k := strings.TrimSpace(line); !seen[k] {
			seen[k] = true
			out = append(out, strings.TrimRight(line, "\n"))
		}
	}
	return strings.Join(out, "\n")
}

func (e onceEach) Unwrap() error { return e.error }

// hubCmd is `gatepost hub …`: the hub's server and its administration.
func (a *app) hubCmd() *cobra.Command {
	h := &hubApp{app: a}
	cmd := &cobra.Command{
		Use:   "hub",
		Short: "Run and administer the hub the terminals sync to",
		Long: `hub serves the API the terminals sync with, the dashboard and the metrics,
and administers the hub: terminals, reference data, notices, the consolidated
daily report and chain verification.

Every hub command works on the hub database given by --db (default
$GATEPOST_HUB_DB), the same file 'hub serve' uses.`,
		Args: cobra.NoArgs,
		// Replaces the root's hook: the hub has no terminal data directory.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if h.db == "" {
				h.db = a.env.getenv(envHubDB)
			}
			if h.db == "" {
				return usageError("no hub database: give --db PATH or set %s", envHubDB)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.PersistentFlags().StringVar(&h.db, "db", "", "hub database: a SQLite file, or a postgres:// URL (default $"+envHubDB+")")
	cmd.AddCommand(h.serveCmd(), h.terminalCmd(), h.relayCmd(), h.importCmd(), h.noticeCmd(), h.reportCmd(), h.facilityCmd(), h.verifyCmd(), h.purgeCmd(), h.retentionCmd(), h.backupCmd(), h.figuresCmd(),
		h.userCmd(), h.auditCmd())
	return cmd
}

func (h *hubApp) serveCmd() *cobra.Command {
	var addr, cert, key, upstream, upstreamToken, upstreamCA, metricsTokenFile, metricsAddr string
	var retention int
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the sync API, the dashboard (/) and metrics (/metrics)",
		Long: `serve answers the terminals' pushes and pulls (docs/PROTOCOL.md), shows the
dashboard at / and Prometheus metrics at /metrics, and logs JSON lines to
standard error. SIGINT or SIGTERM stops it gracefully: requests in flight
finish first.

With --tls-cert and --tls-key it serves HTTPS; terminals then join with
--ca naming the operator's CA certificate.

With --upstream URL and --upstream-token T (or GATEPOST_UPSTREAM_TOKEN) it is
a facility hub: the facility's terminals sync with it over the LAN, share
their records through it while the WAN is down, and it relays every record
to the bureau's hub at URL verbatim and brings the facility's reference
data, rotation plans and notices down. T is the token of
'gatepost hub relay add' on the bureau's hub; --upstream-ca names the
bureau's CA certificate when it serves HTTPS with its own CA.

The dashboard needs a sign-in: add accounts with 'gatepost hub user add'.
Metrics are not open to all: /metrics answers a scraper that sends the
bearer token in the file --metrics-token-file (or $GATEPOST_METRICS_TOKEN),
and --metrics-addr HOST:PORT serves them without a token on an address of
their own, for the monitoring network only. With neither, /metrics is off.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (cert == "") != (key == "") {
				return usageError("give both --tls-cert and --tls-key, or neither")
			}
			if _, _, err := net.SplitHostPort(addr); err != nil {
				return usageError("--addr %q: want HOST:PORT", addr)
			}
			if metricsAddr != "" {
				if _, _, err := net.SplitHostPort(metricsAddr); err != nil {
					return usageError("--metrics-addr %q: want HOST:PORT", metricsAddr)
				}
			}
			metricsToken := h.env.getenv("GATEPOST_METRICS_TOKEN")
			if metricsTokenFile != "" {
				b, err := os.ReadFile(metricsTokenFile)
				if err != nil {
					return usageError("--metrics-token-file: %v", err)
				}
				metricsToken = strings.TrimSpace(string(b))
				if metricsToken == "" {
					return usageError("--metrics-token-file %s is empty", metricsTokenFile)
				}
			}
			if metricsToken != "" && len(metricsToken) < 16 {
				return usageError("the metrics token is too short: use at least 16 characters")
			}
			// Listen (and read the certificate) before the database is
			// opened or created: a port in use, a mistyped address or a bad
			// certificate fails with nothing written, not even an empty hub
			// at a mistyped --db.
			var certificate *tls.Certificate
			if cert != "" {
				c, err := tls.LoadX509KeyPair(cert, key)
				if err != nil {
					return fmt.Errorf("tls: %w", err)
				}
				certificate = &c
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("--addr: %w", err)
			}
			defer ln.Close()
			var mln net.Listener
			if metricsAddr != "" {
				if mln, err = net.Listen("tcp", metricsAddr); err != nil {
					return fmt.Errorf("--metrics-addr: %w", err)
				}
				defer mln.Close()
			}
			st, err := hub.OpenStorageExisting(context.Background(), h.db)
			created := errors.Is(err, hub.ErrMissing)
			if created {
				st, err = h.openOrCreate()
			} else {
				err = h.openErr(err)
			}
			if err != nil {
				return err
			}
			defer st.Close()
			log := slog.New(slog.NewJSONHandler(h.env.stderr, nil))
			if created {
				// A first start, or a mistyped --db: either way the operator
				// must know the hub is empty (every terminal's token refused).
				log.Warn(fmt.Sprintf("there was no hub database at %s: a new, empty hub was created there (no terminals yet: 'hub terminal add' provisions them)", h.db),
					"db", h.db)
			}
			if upstreamToken == "" {
				upstreamToken = h.env.getenv("GATEPOST_UPSTREAM_TOKEN")
			}
			var relayer *hub.Relayer
			switch {
			case upstream == "" && upstreamToken != "":
				return usageError("--upstream-token without --upstream URL")
			case upstream != "" && upstreamToken == "":
				return usageError("--upstream needs --upstream-token (or GATEPOST_UPSTREAM_TOKEN): the token of 'hub relay add' on the bureau's hub")
			case upstream != "":
				var ca []byte
				if upstreamCA != "" {
					if ca, err = os.ReadFile(upstreamCA); err != nil {
						return err
					}
				}
				relayer, err = hub.NewRelayer(st, upstream, upstreamToken, hub.RelayerOptions{Logger: log,
					Client: syncer.ClientOptions{CAPEM: ca}})
				if err != nil {
					return usageError("--upstream: %v", err)
				}
			}
			if retention < 0 {
				return usageError("--identity-retention-days must not be negative")
			}
			go hub.RunRetention(cmd.Context(), st, retention, time.Now, log)
			// Where /metrics answers: on --addr only with a token.
			metricsWhere := ", metrics /metrics"
			if metricsToken == "" {
				metricsWhere = ""
			}
			return hub.ListenAndServe(cmd.Context(), st, hub.ServeConfig{Addr: addr, TLSCert: cert, TLSKey: key, Logger: log, Relayer: relayer,
				Listener: ln, MetricsListener: mln, Certificate: certificate,
				MetricsAddr: metricsAddr, ServerOptions: hub.Options{MetricsToken: metricsToken},
				MetricsReady: func(a net.Addr) { fmt.Fprintf(h.env.stdout, "metrics on http://%s/metrics\n", a) },
				Ready: func(a net.Addr) {
					scheme := "http"
					if cert != "" {
						scheme = "https"
					}
					fmt.Fprintf(h.env.stdout, "hub serving on %s://%s (dashboard /%s)\n", scheme, a, metricsWhere)
				}})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8470", "address to listen on, HOST:PORT")
	cmd.Flags().IntVar(&retention, "identity-retention-days", 30, "erase visitors' and vehicles' identities this many days after their last visit, daily (§15); 0: never (a facility's own, set by hub retention, still applies)")
	cmd.Flags().StringVar(&cert, "tls-cert", "", "TLS certificate (PEM), for HTTPS")
	cmd.Flags().StringVar(&key, "tls-key", "", "TLS private key (PEM), for HTTPS")
	cmd.Flags().StringVar(&upstream, "upstream", "", "the bureau's hub URL: serve as a facility hub that relays to it")
	cmd.Flags().StringVar(&upstreamToken, "upstream-token", "", "the relay token of 'hub relay add' on the bureau's hub")
	cmd.Flags().StringVar(&metricsTokenFile, "metrics-token-file", "", "file holding the bearer token /metrics demands (or $GATEPOST_METRICS_TOKEN)")
	cmd.Flags().StringVar(&metricsAddr, "metrics-addr", "", "serve /metrics without a token on this HOST:PORT of its own")
	cmd.Flags().StringVar(&upstreamCA, "upstream-ca", "", "the bureau's CA certificate (PEM), when it uses its own CA")
	return cmd
}

// withStore opens the hub's database (which must exist) for one command
// and closes it after.
func (h *hubApp) withStore(run func(st hub.Storage) error) error {
	return h.withStoreOf(h.open, run)
}

func (h *hubApp) withStoreOf(open func() (hub.Storage, error), run func(st hub.Storage) error) error {
	st, err := open()
	if err != nil {
		return err
	}
	defer st.Close()
	return run(st)
}

// keyedCmd is a subcommand on one terminal or relay, named by --facility
// and --name; use starts with the verb ("revoke --facility ID --name NAME").
func (h *hubApp) keyedCmd(noun, use, short string, run func(ctx context.Context, st hub.Storage, k hub.TerminalKey) error) *cobra.Command {
	k := new(hub.TerminalKey)
	verb, _, _ := strings.Cut(use, " ")
	c := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if k.Facility == "" || k.Name == "" {
				return usageError("%s %s needs --facility ID and --name NAME", noun, verb)
			}
			open := h.open
			if verb == "add" { // the first terminal or relay makes the hub
				open = h.openOrCreate
			}
			return h.withStoreOf(open, func(st hub.Storage) error { return run(cmd.Context(), st, *k) })
		},
	}
	c.Flags().StringVar(&k.Facility, "facility", "", "facility id (required)")
	c.Flags().StringVar(&k.Name, "name", "", noun+" name (required)")
	return c
}

// tableCmd is a "list" subcommand: a table of tab-separated lines under
// header, or empty when there are none.
func (h *hubApp) tableCmd(short, empty, header string, lines func(ctx context.Context, st hub.Storage) ([]string, error)) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return h.withStore(func(st hub.Storage) error {
				ls, err := lines(cmd.Context(), st)
				if err != nil {
					return err
				}
				if len(ls) == 0 {
					fmt.Fprintln(h.env.stdout, empty)
					return nil
				}
				tw := tabwriter.NewWriter(h.env.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, header)
				for _, l := range ls {
					fmt.Fprintln(tw, l)
				}
				return tw.Flush()
			})
		},
	}
}

// printToken ends a command that made a token: what happened, what to do
// with it, and the token alone on the last line, shown this once.
func (h *hubApp) printToken(headline, then, token string) {
	w := h.env.stdout
	fmt.Fprintln(w, headline)
	fmt.Fprintln(w, then)
	fmt.Fprintln(w, "The token is shown this once; the hub keeps only its hash:")
	fmt.Fprintln(w, token)
}

// lastSeen is when a terminal or relay last synced, in local time, or never.
func lastSeen(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

// state is a token's state in the lists.
func state(revoked bool) string {
	if revoked {
		return "revoked"
	}
	return "active"
}

func (h *hubApp) relayCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "relay",
		Short: "Provision and list facility hubs that relay to this hub",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var facilityName string
	add := h.keyedCmd("relay", "add --facility ID [--facility-name NAME] --name NAME",
		"Provision a facility hub's relay; its token is printed once, on the last line",
		func(ctx context.Context, st hub.Storage, k hub.TerminalKey) error {
			token, err := hub.ProvisionRelay(ctx, st, k.Facility, facilityName, k.Name)
			if err != nil {
				return err
			}
			h.audit(ctx, st, "relay.add", k.Facility+"/"+k.Name)
			h.printToken(fmt.Sprintf("relay %q of facility %s provisioned.", k.Name, k.Facility),
				"On the facility hub run: GATEPOST_UPSTREAM_TOKEN=TOKEN gatepost hub serve --upstream URL", token)
			return nil
		})
	add.Long = `add provisions the relay of a facility hub ('hub serve --upstream') and prints
its token on the last line of standard output, once. The token may push the
records of any terminal of that facility, verbatim, and pull the facility's
reference data and notices; nothing else.`
	add.Flags().StringVar(&facilityName, "facility-name", "", "facility name (for a new facility)")
	list := h.tableCmd("List relays: last seen and how many records each still has to forward", "no relays",
		"FACILITY\tRELAY\tSTATUS\tLAST SEEN\tBEHIND",
		func(ctx context.Context, st hub.Storage) ([]string, error) {
			rs, err := st.Relays(ctx)
			lines := make([]string, len(rs))
			for i, r := range rs {
				pending := "unknown"
				if r.Pending >= 0 {
					pending = fmt.Sprint(r.Pending)
				}
				lines[i] = strings.Join([]string{r.Facility, r.Name, state(r.Revoked()), lastSeen(r.LastSeen), pending}, "\t")
			}
			return lines, err
		})
	revoke := h.keyedCmd("relay", "revoke --facility ID --name NAME",
		"Revoke a relay's token: it pushes and pulls nothing from now on (a leaked token); provision a new relay to go on",
		func(ctx context.Context, st hub.Storage, k hub.TerminalKey) error {
			if err := st.RevokeRelay(ctx, k, time.Now()); err != nil {
				return err
			}
			h.audit(ctx, st, "relay.revoke", k.Facility+"/"+k.Name)
			fmt.Fprintf(h.env.stdout, "relay %q of facility %s revoked\n", k.Name, k.Facility)
			return nil
		})
	cmd.AddCommand(add, list, revoke)
	return cmd
}

func (h *hubApp) terminalCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "terminal",
		Short: "Provision, list and revoke terminals",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	const joinHint = "On the terminal run: gatepost join --hub URL --token TOKEN"
	var facilityName string
	add := h.keyedCmd("terminal", "add --facility ID [--facility-name NAME] --name NAME",
		"Provision a terminal; its token is printed once, on the last line",
		func(ctx context.Context, st hub.Storage, k hub.TerminalKey) error {
			token, err := hub.Provision(ctx, st, k.Facility, facilityName, k.Name)
			if err != nil {
				return err
			}
			h.audit(ctx, st, "terminal.add", k.Facility+"/"+k.Name)
			h.printToken(fmt.Sprintf("terminal %q of facility %s provisioned.", k.Name, k.Facility), joinHint, token)
			return nil
		})
	add.Long = `add provisions a terminal of a facility (created if new) and prints its token
on the last line of standard output. The hub keeps only a hash of the token:
it cannot be shown again (give the terminal a new one with 'hub terminal
rotate' if it is lost or leaked).

NAME must be the terminal name given to 'gatepost init --terminal' on the
terminal, and ID its --facility-id: the token writes only that terminal's
records.`
	add.Flags().StringVar(&facilityName, "facility-name", "", "facility name, shown on the dashboard (sets or renames it)")

	list := h.tableCmd("List terminals with their last sync, pending records, clock and chain",
		"no terminals: provision one with 'gatepost hub terminal add'",
		"FACILITY\tTERMINAL\tSTATUS\tLAST SEEN\tPENDING\tCLOCK SKEW\tRECORDS\tCHAIN",
		func(ctx context.Context, st hub.Storage) ([]string, error) {
			ts, err := st.Terminals(ctx)
			lines := make([]string, len(ts))
			for i, t := range ts {
				pending, skew := "-", "-"
				if !t.LastSeen.IsZero() {
					skew = t.ClockSkew.Round(time.Second).String()
					if t.SkewFlagged(wire.ClockSkewLimit) {
						skew += " (!)"
					}
				}
				if t.Pending >= 0 {
					pending = fmt.Sprint(t.Pending)
				}
				chain := "intact"
				switch c := t.Chain; {
				case c.ForkSeq != 0:
					chain = fmt.Sprintf("forked at seq %d (%s)", c.ForkSeq, c.ForkReason)
				case c.BreakSeq != 0:
					chain = fmt.Sprintf("broken at seq %d", c.BreakSeq)
				case c.Missing() > 0:
					chain = fmt.Sprintf("%d missing from seq %d", c.Missing(), c.HeadSeq+1)
				}
				lines[i] = strings.Join([]string{t.Facility, t.Name, state(t.Revoked()), lastSeen(t.LastSeen), pending, skew,
					fmt.Sprint(t.Chain.Stored), chain}, "\t")
			}
			return lines, err
		})

	revoke := h.keyedCmd("terminal", "revoke --facility ID --name NAME",
		"Revoke a terminal's token (its records stay; 'rotate' gives it a new one)",
		func(ctx context.Context, st hub.Storage, k hub.TerminalKey) error {
			if err := st.RevokeTerminal(ctx, k, time.Now()); err != nil {
				if errors.Is(err, hub.ErrNotFound) {
					return fmt.Errorf("no terminal %q in facility %s", k.Name, k.Facility)
				}
				return err
			}
			h.audit(ctx, st, "terminal.revoke", k.Facility+"/"+k.Name)
			fmt.Fprintf(h.env.stdout, "terminal %q of facility %s revoked: its token no longer works\n", k.Name, k.Facility)
			return nil
		})

	rotate := h.keyedCmd("terminal", "rotate --facility ID --name NAME",
		"Give a terminal a new token (the old one stops working); its token is printed once, on the last line",
		func(ctx context.Context, st hub.Storage, k hub.TerminalKey) error {
			token, err := hub.Rotate(ctx, st, k.Facility, k.Name)
			if err != nil {
				return err
			}
			h.audit(ctx, st, "terminal.rotate", k.Facility+"/"+k.Name)
			h.printToken(fmt.Sprintf("terminal %q of facility %s has a new token; the old one no longer works.", k.Name, k.Facility), joinHint, token)
			return nil
		})
	rotate.Long = `rotate replaces a terminal's token, for a token that leaked or was lost, and
re-enables a revoked terminal. The old token is refused from then on. The
terminal keeps its name, its records and its chain on the hub: on the post,
run 'gatepost join --hub URL --token NEW' and it carries on where it was.

The new token is printed on the last line of standard output, once; the hub
keeps only its hash.`
	cmd.AddCommand(add, list, revoke, rotate)
	return cmd
}

func (h *hubApp) importCmd() *cobra.Command {
	var facility string
	cmd := &cobra.Command{
		Use:   "import people|passes|rotation FILE.csv --facility ID",
		Short: "Publish a facility's roster, passes or rotation plan from a CSV file (all rows or none)",
		Long: `import reads the same CSV files as the terminal's 'gatepost import' ("-" reads
standard input) and publishes them for one facility: its terminals pull them
on their next sync. Every row is checked; if any row is wrong, every problem
is listed with its line number and nothing is published. Rows whose badge or
pass id is already known replace it; a rotation file replaces the whole plan
of every person it names (periods without an end take the default lengths:
custody 14, observation 7, rest 7, standby 14 days).`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 || (args[0] != "people" && args[0] != "passes" && args[0] != "rotation") {
				return usageError("usage: gatepost hub import people|passes|rotation FILE.csv --facility ID")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if facility == "" {
				return usageError("hub import needs --facility ID")
			}
			in, err := h.env.input(args[1])
			if err != nil {
				return err
			}
			defer in.Close()
			st, err := h.open()
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			var n int
			switch args[0] {
			case "people":
				ps, perr := csvimport.ParsePeople(in)
				if err = perr; err == nil {
					n, err = len(ps), st.PutPeople(ctx, facility, ps)
				}
				if err == nil {
					err = hub.RosterPublished(ctx, st, facility, h.env.now())
				}
			case "passes":
				ps, perr := csvimport.ParsePasses(in, time.Local)
				if err = perr; err == nil {
					n, err = len(ps), st.PutPasses(ctx, facility, ps)
				}
			case "rotation":
				ps, perr := csvimport.ParseRotation(in, gate.DefaultRotation)
				if err = perr; err == nil {
					n, err = len(ps), st.PutRotation(ctx, facility, gate.PlansOf(ps))
				}
			}
			if errors.Is(err, hub.ErrNotFound) {
				return fmt.Errorf("unknown facility %q: provision a terminal of it first ('gatepost hub terminal add')", facility)
			}
			if err != nil {
				return h.env.csvErrors(args[1], "published", err)
			}
			h.audit(cmd.Context(), st, "import."+args[0], fmt.Sprintf("%s: %d from %s", facility, n, args[1]))
			fmt.Fprintf(h.env.stdout, "published %d %s for facility %s\n", n, kindNoun(csvimport.Kind(args[0]), n), facility)
			return nil
		},
	}
	cmd.Flags().StringVar(&facility, "facility", "", "facility id (required)")
	return cmd
}

func (h *hubApp) noticeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "notice",
		Short: "Publish daily instructions (notices) to the terminals",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var facility, title, body, date string
	add := &cobra.Command{
		Use:   "add --facility ID|all --title T --body B [--date D]",
		Short: "Publish a notice; terminals pull it on their next sync",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if facility == "" || strings.TrimSpace(title) == "" {
				return usageError("notice add needs --facility ID|all and --title T")
			}
			st, err := h.open()
			if err != nil {
				return err
			}
			defer st.Close()
			n, err := hub.PublishNotice(cmd.Context(), st, facility, title, body, date)
			if err != nil {
				return err
			}
			to := "every facility"
			if n.Facility != "" {
				to = "facility " + n.Facility
			}
			h.audit(cmd.Context(), st, "notice.add", cmp.Or(n.Facility, "all")+" "+n.Day+": "+n.Title)
			fmt.Fprintf(h.env.stdout, "notice %s for %s on %s published\n", n.ID, to, n.Day)
			return nil
		},
	}
	add.Flags().StringVar(&facility, "facility", "", "facility id, or all (required)")
	add.Flags().StringVar(&title, "title", "", "title, shown on the terminals' banner (required)")
	add.Flags().StringVar(&body, "body", "", "text of the instruction")
	add.Flags().StringVar(&date, "date", "", "day it is for, YYYY-MM-DD (default today)")
	cmd.AddCommand(add)
	return cmd
}

func (h *hubApp) verifyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Check every terminal's records: seq without gaps, hash chain unbroken",
		Long: `verify re-reads every record the hub holds, terminal by terminal, and checks
that seq runs 1, 2, 3 … without a gap and that every hash and link of the
chain holds. It exits 0 only when every terminal is intact.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := h.open()
			if err != nil {
				return err
			}
			defer st.Close()
			reps, err := hub.VerifyAll(cmd.Context(), st)
			if err != nil {
				return err
			}
			ok, err := hub.WriteVerify(h.env.stdout, reps)
			if err != nil {
				return err
			}
			if !ok {
				return &exitError{code: 1, err: errors.New("chains not intact"), silent: true}
			}
			return nil
		},
	}
}
