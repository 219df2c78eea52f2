package tui

import (
	"strings"

	"gatepost/gate"
	"gatepost/report"
)

// The daily report is rendered by package report, shared with the CLI and
// the hub; these are the console's short names for the pieces its F6 screens
// show on their own (the preview, the gaps lists, the log).

func reportText(c *Catalog, r gate.Report) string { return report.Text(c, r) }

func hhmm(stamp string) string                                { return report.HHMM(stamp) }
func dayText(c *Catalog, day string) string                   { return report.DayText(c, day) }
func word(c *Catalog, code string, prefixes ...string) string { return c.Word(code, prefixes...) }
func zoneName(c *Catalog, z gate.Zone) string                 { return report.ZoneName(c, z) }
func personText(c *Catalog, p gate.PersonItem) string         { return report.PersonText(c, p) }
func feverText(c *Catalog, f gate.FeverItem) string           { return report.FeverText(c, f) }
func correctionText(c *Catalog, x gate.CorrectionItem) string { return report.CorrectionText(c, x) }
func trimFloat(f float64) string                              { return report.TrimFloat(f) }

func nonEmpty(xs ...string) []string {
	out := xs[:0]
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}
