package main

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/spf13/cobra"

	"gatepost/hub"
)

func (a *app) backupCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Copy the terminal database to FILE, safely while the console runs",
		Long: `backup writes a consistent copy of the terminal database (terminal.db) to
FILE, a new file: every record saved before the backup began, none after,
with its hash chain intact. The console may go on saving meanwhile; the
copy never holds it up. FILE must not exist.

To restore, see the README, "Backups and restore".`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.open(ctx, true, true)
			if err != nil {
				return err
			}
			defer st.Close()
			info, err := st.Backup(ctx, args[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(a.env.stdout, a.cliCatalog().T("backup.done", info.Path, info.Records, info.LastSeq, fmtBytes(info.Bytes)))
			return nil
		},
	}
}

func (h *hubApp) backupCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Copy a SQLite hub's database to FILE, safely while the hub serves",
		Long: `backup writes a consistent copy of the hub database given by --db to FILE,
a new file, while 'hub serve' goes on answering pushes. FILE must not exist.

A hub on PostgreSQL is backed up with PostgreSQL's pg_dump: this command
prints how, and exits 1.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if hub.IsPostgresDSN(h.db) {
				target, schema := pgDumpTarget(h.db)
				if schema != "" {
					schema = " --schema=" + schema
				}
				fmt.Fprintln(h.env.stderr, h.cliCatalog().T("backup.hub.pg", schema, args[0], target, args[0]))
				return &exitError{code: 1, silent: true, err: hub.ErrBackupPostgres}
			}
			st, err := h.open()
			if err != nil {
				return err
			}
			defer st.Close()
			info, err := hub.Backup(cmd.Context(), st, args[0])
			if errors.Is(err, hub.ErrBackupPostgres) {
				return err
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(h.env.stdout, h.cliCatalog().T("backup.hub.done", info.Path, info.Terminals, info.Records, fmtBytes(info.Bytes)))
			return nil
		},
	}
}

// pgDumpTarget turns the hub's PostgreSQL URL into one pg_dump accepts:
// without its password (pg_dump asks, or reads ~/.pgpass) and without the
// parameters only the hub's driver knows (libpq refuses them); a
// search_path becomes pg_dump's --schema.
func pgDumpTarget(dsn string) (target, schema string) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…", ""
	}
	q := u.Query()
	schema = q.Get("search_path")
	keep := url.Values{}
	for k, v := range q {
		switch k {
		case "sslmode", "sslrootcert", "sslcert", "sslkey", "host", "port", "user", "dbname", "connect_timeout", "application_name":
			keep[k] = v
		}
	}
	u.RawQuery = keep.Encode()
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String(), schema
}

// fmtBytes writes a file size as people read it: 8.7 MB.
func fmtBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
