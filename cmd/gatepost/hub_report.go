package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"gatepost/config"
	"gatepost/hub"
)

func (h *hubApp) reportCmd() *cobra.Command {
	var date, format, lang, out string
	cmd := &cobra.Command{
		Use:   "report [--date D] [--lang zh-CN|en] [--format text|md|json|html|docx|xlsx] [-o FILE]",
		Short: "The consolidated daily report of all facilities: on time, late or missing, and what",
		Long: `report prints the bureau's consolidated daily report (全市…汇总) of a day, in one
language: every facility with its status — reported on time, late, or
missing by its deadline (default 16:00, set with 'gatepost hub facility
deadline') — and what it reported (zero, or abnormal with what), the hub's
own figures from the records, then each facility's 日报 as it sent it. A
report is filed under the day it covers, whenever it arrived.

  --format text|md|html   the document (html: a print-ready A4 page)
  --format docx|xlsx      a Word/WPS document or an Excel workbook; need -o FILE
  --format json           the figures with stable field names (docs/REPORT.md)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains(hub.ReportFormats, format) {
				return usageError("--format %q: use text, md, json, html, docx or xlsx", format)
			}
			if binaryFormat(format) && (out == "" || out == "-") {
				return usageError("--format %s writes a file: give -o FILE", format)
			}
			if lang == "" {
				lang = config.LangFromEnv(h.env.getenv)
			} else if l, err := config.ParseLang(lang); err != nil {
				return usageError("--lang: %v", err)
			} else {
				lang = l
			}
			if date == "" {
				date = h.env.now().Format(hub.DayLayout)
			}
			if _, err := time.Parse(hub.DayLayout, date); err != nil {
				return usageError("--date %q: want YYYY-MM-DD", date)
			}
			st, err := h.open()
			if err != nil {
				return err
			}
			defer st.Close()
			rep, err := hub.BuildReport(cmd.Context(), st, date, h.env.now())
			if err != nil {
				return err
			}
			return h.writeOut(out, func(w io.Writer) error { return hub.WriteReport(w, rep, format, lang) })
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "the day the reports cover, YYYY-MM-DD (default today)")
	cmd.Flags().StringVar(&format, "format", "text", "text, md, json, html, docx or xlsx")
	cmd.Flags().StringVar(&lang, "lang", "", "language of the report: zh-CN or en (default: LANG)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to FILE instead of standard output (needed for docx and xlsx)")
	return cmd
}

// facilityCmd is `gatepost hub facility …`: a facility's settings on the hub.
func (h *hubApp) facilityCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "facility",
		Short: "A facility's settings on the hub (its daily-report deadline)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var facility string
	deadline := &cobra.Command{
		Use:   "deadline --facility ID HH:MM",
		Short: "Set the time of day by which the facility's daily report is due (default 16:00)",
		Long: `deadline sets the local time, on the day a report covers, by which the hub must
have received a facility's daily report for it to count as on time in the
consolidated report and on the dashboard. The default is 16:00.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if facility == "" || len(args) != 1 {
				return usageError("usage: gatepost hub facility deadline --facility ID HH:MM")
			}
			hhmm, err := hub.ParseDeadline(args[0])
			if err != nil {
				return usageError("%v", err)
			}
			st, err := h.open()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.SetDeadline(cmd.Context(), facility, hhmm); errors.Is(err, hub.ErrNotFound) {
				return fmt.Errorf("unknown facility %q: provision a terminal of it first ('gatepost hub terminal add')", facility)
			} else if err != nil {
				return err
			}
			_, err = fmt.Fprintln(h.env.stdout, h.cliCatalog().T("hub.deadline.set", facility, hhmm))
			return err
		},
	}
	deadline.Flags().StringVar(&facility, "facility", "", "facility id (required)")
	cmd.AddCommand(deadline)
	return cmd
}
