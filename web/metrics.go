package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/provcheck/provcheck/reports"
)

// metrics are the server's Prometheus metrics, in a registry of its own.
// They carry counts, sizes and durations only: never a file name, never
// content.
type metrics struct {
	reg        *prometheus.Registry
	scans      *prometheus.CounterVec
	scanTime   prometheus.Histogram
	queueTime  prometheus.Histogram
	busy       prometheus.GaugeFunc
	rejections *prometheus.CounterVec
	bytesRead  prometheus.Counter
}

// Rejection reasons, the label of provcheck_rejections_total.
const (
	rejectBusy         = "busy"
	rejectTooLarge     = "too-large"
	rejectBadRequest   = "bad-request"
	rejectUnauthorized = "unauthorized"
	rejectSlowBody     = "slow-body"
	rejectDraining     = "draining"
)

func newMetrics(slotsBusy func() float64) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		scans: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "provcheck_scans_total", Help: "Files scanned, by verdict and media type.",
		}, []string{"verdict", "media_type"}),
		scanTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "provcheck_scan_duration_seconds", Help: "Time to scan one request's files, once it has a slot.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2.5, 10),
		}),
		queueTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "provcheck_queue_duration_seconds", Help: "Time a request waited for a scan slot.",
			Buckets: prometheus.ExponentialBuckets(0.001, 3, 10),
		}),
		busy: prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "provcheck_scan_slots_busy", Help: "Scan slots in use.",
		}, slotsBusy),
		rejections: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "provcheck_rejections_total", Help: "Requests refused, by reason.",
		}, []string{"reason"}),
		bytesRead: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "provcheck_bytes_read_total", Help: "Bytes of uploaded files and texts read.",
		}),
	}
	m.reg.MustRegister(m.scans, m.scanTime, m.queueTime, m.busy, m.rejections, m.bytesRead,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func (m *metrics) scanned(fr *reports.FileResult) {
	mt := fr.MediaType
	if mt == "" {
		mt = "unknown"
	}
	// Media types come from the sniffer's fixed list, so the label set
	// stays small; anything odd is folded.
	if len(mt) > 64 || strings.ContainsAny(mt, " \t\n") {
		mt = "other"
	}
	m.scans.WithLabelValues(string(fr.Verdict), mt).Inc()
}

func (m *metrics) reject(reason string) { m.rejections.WithLabelValues(reason).Inc() }

func (m *metrics) observe(queued, scanned time.Duration) {
	m.queueTime.Observe(queued.Seconds())
	m.scanTime.Observe(scanned.Seconds())
}
