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
