package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"gatepost/hub"
	"gatepost/hub/wire"
)

func (h *hubApp) retentionCmd() *cobra.Command {
	var facility string
	var r wire.Retention
	cmd := &cobra.Command{
		Use:   "retention --db … --facility ID [--visitor-days N] [--vehicle-days N] [--health-days N]",
		Short: "Set a facility's retention, published to its posts with the feed (§15)",
		Long: `retention sets how long a facility's posts keep personal data: visitors' and
vehicles' identities after the last visit, health details after the epidemic
profile was switched off. The hub sends it to the facility's posts with the
facility feed; each post applies the stricter of it and its own retention.*
settings in its daily purge and in 'gatepost purge'. 0 (or a flag left out)
leaves that category to the posts. Without any flag it prints the setting.
The change is written to the audit log.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if facility == "" {
				return usageError("--facility is required")
			}
			for _, n := range []int{r.VisitorDays, r.VehicleDays, r.HealthDays} {
				if n < 0 || n > 3650 {
					return usageError("days must be between 0 and 3650")
				}
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
			ctx := cmd.Context()
			flags := cmd.Flags()
			if flags.Changed("visitor-days") || flags.Changed("vehicle-days") || flags.Changed("health-days") {
				old, err := ids.RetentionOf(ctx, facility)
				if err != nil {
					return err
				}
				for _, f := range []struct {
					name     string
					dst, old *int
				}{{"visitor-days", &r.VisitorDays, &old.VisitorDays}, {"vehicle-days", &r.VehicleDays, &old.VehicleDays},
					{"health-days", &r.HealthDays, &old.HealthDays}} {
					if !flags.Changed(f.name) {
						*f.dst = *f.old // a flag left out keeps what was set
					}
				}
				if err := ids.SetRetention(ctx, facility, r); err != nil {
					return err
				}
				h.audit(ctx, st, "retention.set",
					fmt.Sprintf("facility %s: visitors %d, vehicles %d, health %d days", facility, r.VisitorDays, r.VehicleDays, r.HealthDays))
			}
			got, err := ids.RetentionOf(ctx, facility)
			if err != nil {
				return err
			}
			show := func(n int) string {
				if n == 0 {
					return "the posts' own"
				}
				return fmt.Sprintf("%d days", n)
			}
			fmt.Fprintf(h.env.stdout, "facility %s: visitors %s, vehicles %s, health details %s\n", facility,
				show(got.VisitorDays), show(got.VehicleDays), show(got.HealthDays))
			return nil
		},
	}
	cmd.Flags().StringVar(&facility, "facility", "", "the facility's ID")
	cmd.Flags().IntVar(&r.VisitorDays, "visitor-days", 0, "visitors' identities, days after the last visit")
	cmd.Flags().IntVar(&r.VehicleDays, "vehicle-days", 0, "vehicles' plates, days after the last visit")
	cmd.Flags().IntVar(&r.HealthDays, "health-days", 0, "health details, days after the epidemic profile was switched off")
	return cmd
}
