package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"gatepost/config"
	"gatepost/gate"
	"gatepost/report"
	"gatepost/store"
)

// reportCmd prints a day's report (§3 日报告), computed from the records the
// same way the console's preview and the supervisor's submission compute
// it, or the figures as they were submitted.
func (a *app) reportCmd() *cobra.Command {
	var day, format, lang string
	var submitted bool
	cmd := &cobra.Command{
		Use:   "report [--date YYYY-MM-DD] [--format text|md|json]",
		Short: "Print the daily report (zero report) of a day",
		Long: `report prints the daily report of a day (default today) from this terminal's
records: screening coverage of staff and detainees, fevers and their
rechecks, each gate's crossings and denials by reason, supplies pending,
food rejected and samples held, standby and office figures, disinfection of
every zone, incidents, overrides and voids. When nothing is abnormal it ends
with the zero-report line 当日无异常情况（零报告）/ "Nothing abnormal (zero report)".

  --format text   the report in words (default; the Chinese one is the
                  report forwarded upward)
  --format md     the same in Markdown, with tables
  --format json   the figures, with stable field names (version 1)

With --submitted it prints the report as the supervisor submitted it (the
latest report.daily of the day) instead of computing it now.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			switch format {
			case report.FormatText, report.FormatMarkdown, report.FormatJSON:
			default:
				return usageError("--format %q: use text, md or json", format)
			}
			now := a.env.now()
			if day == "" {
				day = store.Day(now)
			} else if _, _, err := store.DayBounds(day, now.Location()); err != nil {
				return usageError("--date: %v", err)
			}
			st, err := a.open(ctx, true, true)
			if err != nil {
				return err
			}
			defer st.Close()
			set, err := settings(ctx, st)
			if err != nil {
				return err
			}
			c, err := config.Resolve(config.Inputs{Lang: lang, Settings: set, Getenv: a.env.getenv})
			if err != nil {
				return err
			}
			var rep gate.Report
			if submitted {
				sub, ok, err := st.LatestReport(ctx, day)
				if err != nil {
					return err
				}
				if !ok {
					return &exitError{code: 1, err: fmt.Errorf("no report of %s has been submitted", day)}
				}
				if err := json.Unmarshal(sub.Body.Report, &rep); err != nil {
					return fmt.Errorf("the submitted report of %s cannot be read: %w", day, err)
				}
			} else {
				in, err := st.ReportInput(ctx, day, now, c.Fever)
				if err != nil {
					return err
				}
				rep = gate.ComputeReport(in)
			}
			out, err := report.Render(rep, c.Lang, format)
			if err != nil {
				return err
			}
			w := a.env.stdout
			if format != report.FormatJSON { // JSON escapes what it must itself
				w = screenSafe{w}
			}
			_, err = fmt.Fprint(w, out)
			return err
		},
	}
	cmd.Flags().StringVar(&day, "date", "", "the day to report, YYYY-MM-DD (default today)")
	cmd.Flags().StringVar(&format, "format", report.FormatText, "text, md or json")
	cmd.Flags().StringVar(&lang, "lang", "", "language of text and md: zh-CN or en (default: setting lang, else LANG)")
	cmd.Flags().BoolVar(&submitted, "submitted", false, "print the latest submitted report of the day instead of computing it")
	return cmd
}
