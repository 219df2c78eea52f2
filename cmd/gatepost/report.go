package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"

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
	var day, format, lang, out string
	var submitted bool
	cmd := &cobra.Command{
		Use:   "report [--date YYYY-MM-DD] [--format text|md|json|html|docx] [-o FILE]",
		Short: "Print the daily report (zero report) of a day",
		Long: `report prints the daily report of a day (default today) from the facility's
records, as the official document (公文) forwarded up the chain: 主送, the
opening line, 一、疫情防控 (headline figures, screening, disinfection, each
gate), 二、安全稳定 (as the duty leader attested it), 三、异常情况及处置,
四、研判意见及下步措施, 特此报告, the 落款 and who prepared and reviewed it.
When nothing is abnormal and security is attested it says
当日本所疫情防控和安全稳定情况正常，无异常情况（零报告）.

  --format text   the report in words (default)
  --format md     the same in Markdown, with tables
  --format json   the figures, with stable field names (version 2,
                  docs/REPORT.md)
  --format html   a print-ready A4 page (opens in Word too)
  --format docx   a Word/WPS document; needs -o FILE

The settings report.to (主送, default 市司法局), report.unit (the issuing
unit's full name) and report.phone (联系电话) fill the heading and the
signature block: gatepost config set report.phone 0512-66880000.

With --submitted it prints the report as the supervisor submitted it (the
latest report.daily of the day) instead of computing it now.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if !slices.Contains(report.Formats, format) {
				return usageError("--format %q: use text, md, json, html or docx", format)
			}
			if binaryFormat(format) && (out == "" || out == "-") {
				return usageError("--format %s writes a file: give -o FILE", format)
			}
			now := a.env.now()
			if day == "" {
				day = store.Day(now)
			} else if _, _, err := store.DayBounds(day, now.Location()); err != nil {
				return usageError("--date: %v", err)
			} else if today := store.Day(now); day > today {
				// A report of a day not begun (a mistyped year) would read
				// as a day under way with nobody screened.
				return usageError("--date %s is after today (%s): a report covers a day that has begun", day, today)
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
			return a.writeOut(out, func(w io.Writer) error {
				if (out == "" || out == "-") && format != report.FormatJSON { // JSON escapes what it must itself
					w = screenSafe{w}
				}
				return report.Write(w, rep, c.Lang, format)
			})
		},
	}
	cmd.Flags().StringVar(&day, "date", "", "the day to report, YYYY-MM-DD (default today)")
	cmd.Flags().StringVar(&format, "format", report.FormatText, "text, md, json, html or docx")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to FILE instead of standard output (needed for docx)")
	cmd.Flags().StringVar(&lang, "lang", "", "language of text and md: zh-CN or en (default: setting lang, else LANG)")
	cmd.Flags().BoolVar(&submitted, "submitted", false, "print the latest submitted report of the day instead of computing it")
	return cmd
}
