package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"gatepost/hub"
)

func (h *hubApp) purgeCmd() *cobra.Command {
	var before string
	cmd := &cobra.Command{
		Use:   "purge --db … --before YYYY-MM-DD",
		Short: "Erase the identities the terminals sent that were last seen before a day (§15); every chain still verifies",
		Long: `purge erases from the hub's identity registry every visitor and vehicle last
seen before --before, in every facility: the salt and every field are blanked,
the reference, category and when stay. The terminals' records that name them
are untouched, so 'hub verify' still passes. The purge is written to the audit
log (what, how many, up to when; never who). On SQLite the database is then
checkpointed and vacuumed; on PostgreSQL the table is rewritten (VACUUM FULL).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := time.Parse("2006-01-02", before); err != nil {
				return usageError("--before %q: a day, YYYY-MM-DD", before)
			}
			st, err := h.open()
			if err != nil {
				return err
			}
			defer st.Close()
			ids, ok := st.(hub.IdentityStorage)
			if !ok {
				return fmt.Errorf("this hub's storage keeps no identity registry")
			}
			now := h.env.now()
			done, err := ids.PurgeIdentities(cmd.Context(), before, now)
			if err != nil {
				return err
			}
			if v, ok := st.(interface{ Vacuum(context.Context) error }); ok {
				if err := v.Vacuum(cmd.Context()); err != nil {
					return err
				}
			}
			var parts []string
			for _, c := range slices.Sorted(maps.Keys(done)) {
				parts = append(parts, fmt.Sprintf("%d %s", done[c], c))
			}
			if len(parts) == 0 {
				fmt.Fprintln(h.env.stdout, "nothing to erase")
				return nil
			}
			what := strings.Join(parts, ", ")
			h.audit(cmd.Context(), st, "identity.purge", fmt.Sprintf("erased %s identities last seen before %s", what, before))
			fmt.Fprintf(h.env.stdout, "erased %s identities last seen before %s\n", what, before)
			return nil
		},
	}
	cmd.Flags().StringVar(&before, "before", "", "erase every identity last seen before this day (required)")
	return cmd
}
