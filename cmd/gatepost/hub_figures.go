package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"gatepost/hub"
)

// figuresCmd groups the commands on the dashboard's stored per-day figures.
func (h *hubApp) figuresCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "figures",
		Short: "The dashboard's per-day figures (day_figures), derived from the records",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(h.figuresRebuildCmd())
	return cmd
}

func (h *hubApp) figuresRebuildCmd() *cobra.Command {
	var from, to string
	cmd := &cobra.Command{
		Use:   "rebuild --db … --from YYYY-MM-DD --to YYYY-MM-DD",
		Short: "Recompute every facility's stored figures of the days from..to from the records",
		Long: `rebuild recomputes the dashboard's per-day figures (screening, fevers,
denials, incidents, the report received, the roster as of the day's end) of
every facility for each day from --from to --to (inclusive) from the records,
and stores them. The figures are derived: a hub process recomputes the days a
push changed, and the last few days when it starts; rebuild is for older days
(a process that died long ago, or to check the rows). It is written to the
audit log.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			start, err := time.Parse(hub.DayLayout, from)
			if err != nil {
				return usageError("--from %q: a day, YYYY-MM-DD", from)
			}
			end, err := time.Parse(hub.DayLayout, to)
			if err != nil {
				return usageError("--to %q: a day, YYYY-MM-DD", to)
			}
			if end.Before(start) {
				return usageError("--to %s is before --from %s", to, from)
			}
			st, err := h.open()
			if err != nil {
				return err
			}
			defer st.Close()
			n, err := hub.DayFiguresRebuild(cmd.Context(), st, from, to)
			if err != nil {
				return err
			}
			what := fmt.Sprintf("rebuilt the figures of %d facility-days from %s to %s", n, from, to)
			h.audit(cmd.Context(), st, "figures.rebuild", what)
			fmt.Fprintln(h.env.stdout, what)
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "first day to recompute (required)")
	cmd.Flags().StringVar(&to, "to", "", "last day to recompute, inclusive (required)")
	return cmd
}
