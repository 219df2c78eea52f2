package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/user"
	"strings"

	"github.com/spf13/cobra"

	"gatepost/hub"
)

// userCmd is `gatepost hub user …`: the dashboard's accounts (§14).
func (h *hubApp) userCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Add and list the dashboard's accounts (viewer, operator, admin)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var name, role string
	var fromStdin bool
	add := &cobra.Command{
		Use:   "add --name NAME --role viewer|operator|admin --password-stdin",
		Short: "Add a dashboard account; its password is read from standard input",
		Long: `add creates an account of the hub's dashboard. A viewer reads the
dashboard; an operator also writes notices and rosters; an admin also manages
terminals and accounts and reads the audit log.

The password is the first line of standard input (--password-stdin), never a
flag: a flag would show in the process list and the shell's history. It has
8 to 72 bytes and is stored as a bcrypt hash. The addition is written to the
audit log.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if name == "" || role == "" {
				return usageError("user add needs --name NAME and --role viewer|operator|admin")
			}
			r, err := hub.ParseRole(role)
			if err != nil {
				return usageError("--role: %v", err)
			}
			if err := hub.CheckUserName(name); err != nil {
				return usageError("--name: %v", err)
			}
			if !fromStdin {
				return usageError("give --password-stdin and the password on standard input (never as a flag)")
			}
			pw, err := readPassword(h.env.stdin)
			if err != nil {
				return usageError("%v", err)
			}
			st, err := h.openOrCreate()
			if err != nil {
				return err
			}
			defer st.Close()
			err = hub.AddUser(cmd.Context(), st, name, r, pw, cliActor(), h.env.now())
			if errors.Is(err, hub.ErrExists) {
				return fmt.Errorf("an account named %q exists already", name)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(h.env.stdout, "account %q (%s) added\n", name, r)
			return nil
		},
	}
	add.Flags().StringVar(&name, "name", "", "the account's name")
	add.Flags().StringVar(&role, "role", "", "viewer, operator or admin")
	add.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input")
	list := h.tableCmd("List the dashboard's accounts and their roles", "no accounts: add one with 'gatepost hub user add'",
		"NAME\tROLE\tCREATED",
		func(ctx context.Context, st hub.Storage) ([]string, error) {
			us, err := st.Users(ctx)
			lines := make([]string, len(us))
			for i, u := range us {
				lines[i] = strings.Join([]string{hub.CleanLine(u.Name), string(u.Role), u.CreatedAt.Local().Format("2006-01-02 15:04")}, "\t")
			}
			return lines, err
		})
	cmd.AddCommand(add, list)
	return cmd
}

// readPassword reads the first line of r, without its line ending.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if len(pw) < hub.MinPassword || len(pw) > hub.MaxPassword {
		return "", fmt.Errorf("the password on standard input must have %d to %d bytes (it has %d)", hub.MinPassword, hub.MaxPassword, len(pw))
	}
	return pw, nil
}

// auditCmd is `gatepost hub audit`: the audit log, newest first.
func (h *hubApp) auditCmd() *cobra.Command {
	var limit int
	cmd := h.tableCmd("Show the audit log: sign-ins, sign-outs, failed sign-ins and account changes, newest first",
		"the audit log is empty", "WHEN\tWHO\tWHAT\tDETAIL\tFROM",
		func(ctx context.Context, st hub.Storage) ([]string, error) {
			es, err := st.Audit(ctx, limit)
			lines := make([]string, len(es))
			for i, e := range es {
				lines[i] = strings.Join([]string{e.At.Local().Format("2006-01-02 15:04:05"), hub.CleanLine(e.User), e.Action,
					hub.CleanLine(e.Detail), e.Remote}, "\t")
			}
			return lines, err
		})
	cmd.Use = "audit [--limit N]"
	cmd.PreRunE = func(*cobra.Command, []string) error {
		if limit < 1 {
			return usageError("--limit must be at least 1")
		}
		return nil
	}
	cmd.Flags().IntVar(&limit, "limit", 50, "how many entries to show")
	return cmd
}

// cliActor names who ran a hub command in the audit log: the command line
// and the operating-system account (the hub's host has no dashboard login).
func cliActor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	return "cli"
}

// audit notes an administrative command in the hub's audit log. A failure
// to write it is reported but does not undo what the command did.
func (h *hubApp) audit(ctx context.Context, st hub.Storage, action, detail string) {
	if err := st.AddAudit(ctx, hub.AuditEntry{At: h.env.now(), User: cliActor(), Action: action, Detail: hub.CleanLine(detail)}); err != nil {
		fmt.Fprintf(h.env.stderr, "warning: the audit log could not be written: %v\n", err)
	}
}
