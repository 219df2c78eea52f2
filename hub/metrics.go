package hub

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"gatepost/hub/wire"
)

// metrics are the hub's Prometheus metrics, on a registry of their own so
// that several servers in one process (tests) do not collide.
type metrics struct {
	reg      *prometheus.Registry
	records  *prometheus.CounterVec
	pushes   *prometheus.CounterVec
	latency  prometheus.Histogram
	requests *prometheus.CounterVec
}

func newMetrics(st Storage, now func() time.Time) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		records: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gatepost_hub_records_total",
			Help: "Pushed records by the hub's answer: stored, duplicate, conflict, rejected.",
		}, []string{"outcome"}),
		pushes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gatepost_hub_pushes_total",
			Help: "Push requests by HTTP status code.",
		}, []string{"code"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "gatepost_hub_push_duration_seconds",
			Help:    "Time to answer a push, from request to response.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2.5, 12), // 1 ms … ~24 s
		}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gatepost_hub_http_requests_total",
			Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
	}
	for _, o := range []wire.Status{wire.Stored, wire.Duplicate, wire.Conflict, wire.Rejected} {
		m.records.WithLabelValues(string(o)) // export zeros so rate() works from the start
	}
	m.reg.MustRegister(m.records, m.pushes, m.latency, m.requests,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&storeCollector{st: st}, &facilityCollector{st: st, now: now}, buildInfoGauge())
	return m
}

func (m *metrics) count(t Tally) {
	m.records.WithLabelValues(string(wire.Stored)).Add(float64(t.Stored))
	m.records.WithLabelValues(string(wire.Duplicate)).Add(float64(t.Duplicate))
	m.records.WithLabelValues(string(wire.Conflict)).Add(float64(t.Conflict))
	m.records.WithLabelValues(string(wire.Rejected)).Add(float64(t.Rejected))
}

// storeCollector reads per-terminal state from the storage at scrape time.
// Reading it from the database rather than from this process's memory keeps
// the figures true when several hub processes share one database.
type storeCollector struct{ st Storage }

var (
	descLastSeen = prometheus.NewDesc("gatepost_hub_terminal_last_seen_timestamp_seconds",
		"When the terminal last called the hub (Unix time; 0 if never).", []string{"facility", "terminal"}, nil)
	descPending = prometheus.NewDesc("gatepost_hub_terminal_pending_records",
		"Records the terminal said it still had to send, at its last call (-1 if never said).", []string{"facility", "terminal"}, nil)
	descSkew = prometheus.NewDesc("gatepost_hub_terminal_clock_skew_seconds",
		"The terminal's clock minus the hub's, at its last call.", []string{"facility", "terminal"}, nil)
	descHeld = prometheus.NewDesc("gatepost_hub_terminal_records",
		"Records the hub holds for the terminal.", []string{"facility", "terminal"}, nil)
	descIntact = prometheus.NewDesc("gatepost_hub_terminal_chain_intact",
		"1 when every seq up to the highest is held and the hash chain is unbroken.", []string{"facility", "terminal"}, nil)
	descConflicts = prometheus.NewDesc("gatepost_hub_conflicts",
		"Conflicting records kept for the operator.", nil, nil)
)

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descLastSeen, descPending, descSkew, descHeld, descIntact, descConflicts} {
		ch <- d
	}
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ts, err := c.st.Terminals(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(descLastSeen, err)
		return
	}
	for _, t := range ts {
		seen := 0.0
		if !t.LastSeen.IsZero() {
			seen = float64(t.LastSeen.UnixMilli()) / 1000
		}
		intact := 0.0
		if t.Chain.Intact() {
			intact = 1
		}
		ch <- prometheus.MustNewConstMetric(descLastSeen, prometheus.GaugeValue, seen, t.Facility, t.Name)
		ch <- prometheus.MustNewConstMetric(descPending, prometheus.GaugeValue, float64(t.Pending), t.Facility, t.Name)
		ch <- prometheus.MustNewConstMetric(descSkew, prometheus.GaugeValue, t.ClockSkew.Seconds(), t.Facility, t.Name)
		ch <- prometheus.MustNewConstMetric(descHeld, prometheus.GaugeValue, float64(t.Chain.Stored), t.Facility, t.Name)
		ch <- prometheus.MustNewConstMetric(descIntact, prometheus.GaugeValue, intact, t.Facility, t.Name)
	}
	if s, err := c.st.Stats(ctx); err == nil {
		ch <- prometheus.MustNewConstMetric(descConflicts, prometheus.GaugeValue, float64(s.Conflicts))
	}
}

// facilityCollector exports each facility's day so far (§14), read from
// the stored day figures at scrape time (a row per facility), so that the
// bureau can alert on a report missing at the deadline:
//
//	gatepost_hub_facility_report_missing == 1
//
// fires once a facility's deadline has passed without its report, by the
// same judgement as the consolidated report.
type facilityCollector struct {
	st  Storage
	now func() time.Time
}

var (
	facilityLabels  = []string{"facility"}
	descSubmitted   = prometheus.NewDesc("gatepost_hub_facility_report_submitted", "1 when today's daily report has been received.", facilityLabels, nil)
	descOnTime      = prometheus.NewDesc("gatepost_hub_facility_report_on_time", "1 when today's daily report was received by the facility's deadline.", facilityLabels, nil)
	descMissing     = prometheus.NewDesc("gatepost_hub_facility_report_missing", "1 when the facility's deadline has passed today without its daily report.", facilityLabels, nil)
	descDeadline    = prometheus.NewDesc("gatepost_hub_facility_report_deadline_timestamp_seconds", "Today's deadline for the facility's daily report (Unix time).", facilityLabels, nil)
	descFevers      = prometheus.NewDesc("gatepost_hub_facility_fevers", "Fevers today: passages denied for fever and fever readings.", facilityLabels, nil)
	descIncidents   = prometheus.NewDesc("gatepost_hub_facility_incidents", "Incidents recorded today.", facilityLabels, nil)
	descGaps        = prometheus.NewDesc("gatepost_hub_facility_missing_records", "Records missing in the facility's terminals' chains (gaps the hub waits to be filled).", facilityLabels, nil)
	descDayRecords  = prometheus.NewDesc("gatepost_hub_facility_records_today", "Records of today received from the facility.", facilityLabels, nil)
	facilityMetrics = []*prometheus.Desc{descSubmitted, descOnTime, descMissing, descDeadline, descFevers, descIncidents, descGaps, descDayRecords}
)

func (c *facilityCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range facilityMetrics {
		ch <- d
	}
}

func (c *facilityCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	now := c.now()
	day := now.Format(DayLayout)
	fs, err := c.st.Facilities(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(descSubmitted, err)
		return
	}
	days, err := StoredDays(ctx, c.st, fs, day)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(descSubmitted, err)
		return
	}
	ts, err := c.st.Terminals(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(descGaps, err)
		return
	}
	gaps := map[string]int64{}
	for _, t := range ts {
		gaps[t.Facility] += t.Chain.Missing()
	}
	rep := reportOf(days, day, now)
	one := func(b bool) float64 {
		if b {
			return 1
		}
		return 0
	}
	for i, f := range rep.Facilities {
		d := days[i]
		gauge := func(desc *prometheus.Desc, v float64) {
			ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, v, f.ID)
		}
		gauge(descSubmitted, one(f.Reported))
		gauge(descOnTime, one(f.Status == StatusOnTime))
		gauge(descMissing, one(f.Status == StatusMissing))
		gauge(descDeadline, float64(deadlineAt(day, f.Deadline, now.Location()).Unix()))
		gauge(descFevers, float64(d.Fevers))
		gauge(descIncidents, float64(d.Incidents))
		gauge(descGaps, float64(gaps[f.ID]))
		gauge(descDayRecords, float64(d.Records))
	}
}
