package hub

import (
	"github.com/prometheus/client_golang/prometheus"

	"gatepost/internal/buildinfo"
)

// buildInfoGauge is gatepost_build_info: always 1, its labels say which
// build serves, so an alert or a dashboard can tell hub processes apart
// during a rolling upgrade (the Prometheus "info metric" convention).
func buildInfoGauge() prometheus.Collector {
	bi := buildinfo.Get()
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "gatepost_build_info",
		Help: "The running hub's build: version, commit and Go release (always 1).",
	}, []string{"version", "commit", "goversion"})
	g.WithLabelValues(bi.Version, bi.ShortCommit(), bi.GoVersion).Set(1)
	return g
}

// The dashboard's words for the terminals' version column; kept here, with
// the rest of what says which build runs, rather than in the big table.
func init() {
	messages["zh-CN"]["version"] = "版本"
	messages["en"]["version"] = "Version"
}
