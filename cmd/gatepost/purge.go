package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"gatepost/config"
	"gatepost/identity"
)

func (a *app) purgeCmd() *cobra.Command {
	var before string
	cmd := &cobra.Command{
		Use:   "purge [--before YYYY-MM-DD]",
		Short: "Erase visitors' and vehicles' identities past their retention (§15); the records stay and verify",
		Long: `purge erases from the identity registry the visitors and vehicles last seen
before a day: with --before DATE, every category before DATE; without it, each
category past its retention setting (retention.visitor_days,
retention.vehicle_days; default 30 days after the last visit), as the console
does every day. Each category erased writes an identity.purge record: what,
how many and up to when, never who. The records that named them keep their
place in the chain and in the report's figures. The database is then
checkpointed and vacuumed so the erased values are gone from the files.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			now := a.env.now()
			var cuts map[identity.Category]string
			if before != "" {
				d, err := time.ParseInLocation("2006-01-02", before, now.Location())
				if err != nil {
					return usageError("--before %q: a day, YYYY-MM-DD", before)
				}
				if d.After(now) {
					return usageError("--before %s is after today", before)
				}
				cuts = map[identity.Category]string{}
				for _, c := range identity.Categories {
					cuts[c] = before
				}
			}
			st, err := a.open(ctx, true, true)
			if err != nil {
				return err
			}
			defer st.Close()
			if cuts == nil {
				set, err := settings(ctx, st)
				if err != nil {
					return err
				}
				cuts = identity.Cutoffs(config.Retention(set), now)
			}
			done, err := st.PurgeIdentities(ctx, cuts, now)
			if err != nil {
				return err
			}
			if err := st.Scrub(ctx, true); err != nil {
				return err
			}
			out := a.env.stdout
			if len(done) == 0 {
				fmt.Fprintln(out, "nothing to erase")
			}
			for _, b := range done {
				fmt.Fprintf(out, "erased %d %s identities last seen before %s\n", b.Count, b.Category, b.Before)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&before, "before", "", "erase every identity last seen before this day")
	return cmd
}
