package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"gatepost/internal/buildinfo"
)

// noDataDir marks a command that needs no terminal data directory (version,
// completion): the root does not resolve one for it, so it works on a
// machine where none can be found.
const noDataDir = "gatepost/no-data-dir"

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:         "version",
		Short:       "Show the version, commit, build date and Go release of this build",
		Args:        cobra.NoArgs,
		Annotations: map[string]string{noDataDir: "1"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			bi := buildinfo.Get()
			cat := a.cliCatalog()
			date := bi.Date
			if date == "" {
				date = cat.T("version.unknown")
			}
			w := a.env.stdout
			fmt.Fprintf(w, "gatepost %s\n", bi.Version)
			fmt.Fprintf(w, "  %s: %s\n", cat.T("version.commit"), bi.ShortCommit())
			fmt.Fprintf(w, "  %s: %s\n", cat.T("version.built"), date)
			fmt.Fprintf(w, "  %s: %s\n", cat.T("version.go"), bi.GoVersion)
			fmt.Fprintf(w, "  %s: %s\n", cat.T("version.platform"), bi.Platform)
			return nil
		},
	}
}

// enableCompletion turns cobra's `completion` command on (bash, zsh, fish,
// powershell) and lets it, and the hidden __complete it calls, run without
// a data directory.
func enableCompletion(root *cobra.Command) {
	root.CompletionOptions.DisableDefaultCmd = false
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			markNoDataDir(c)
		}
	}
}

func markNoDataDir(c *cobra.Command) {
	if c.Annotations == nil {
		c.Annotations = map[string]string{}
	}
	c.Annotations[noDataDir] = "1"
	for _, sub := range c.Commands() {
		markNoDataDir(sub)
	}
}

// needsDataDir reports whether cmd uses the terminal data directory.
func needsDataDir(cmd *cobra.Command) bool {
	switch cmd.Name() {
	case cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
		return false
	}
	return cmd.Annotations[noDataDir] == ""
}
