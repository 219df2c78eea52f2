package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"gatepost/config"
	"gatepost/identity"
	"gatepost/record"
)

func (a *app) purgeCmd() *cobra.Command {
	var before string
	cmd := &cobra.Command{
		Use:   "purge [--before YYYY-MM-DD]",
		Short: "Erase identities and health details past their retention (§15); the records stay and verify",
		Long: `purge erases from the identity registry the visitors and vehicles last seen
before a day, and the health details (symptoms answers, the epidemic
questions at the main gate) recorded before it: with --before DATE, every
category before DATE; without it, each category past its retention setting
(retention.visitor_days, retention.vehicle_days: default 30 days after the
last visit; retention.health_days: default 30 days after the epidemic profile
was switched off with config set profile normal), as the console does every
day. Each category erased writes an identity.purge record: what,
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
			var done []record.IdentityPurgeBody
			if cuts == nil {
				set, err := settings(ctx, st)
				if err != nil {
					return err
				}
				if done, err = st.PurgeRetention(ctx, config.Retention(set), now); err != nil {
					return err
				}
			} else {
				if done, err = st.PurgeIdentities(ctx, cuts, now); err != nil {
					return err
				}
				d, _ := time.ParseInLocation("2006-01-02", before, now.Location())
				h, err := st.PurgeHealth(ctx, d, now)
				if err != nil {
					return err
				}
				if h != nil {
					done = append(done, *h)
				}
			}
			if err := st.Scrub(ctx, true); err != nil {
				return err
			}
			out := a.env.stdout
			if len(done) == 0 {
				fmt.Fprintln(out, "nothing to erase")
			}
			for _, b := range done {
				if b.Category == string(identity.Health) {
					fmt.Fprintf(out, "erased %d health details recorded before %s\n", b.Count, b.Before)
					continue
				}
				fmt.Fprintf(out, "erased %d %s identities last seen before %s\n", b.Count, b.Category, b.Before)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&before, "before", "", "erase every identity last seen before this day")
	return cmd
}
