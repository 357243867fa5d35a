package store

import (
	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
)

// Hooks for the external benchmarks (package store_test), which need the
// synthetic generator (store/synth imports store, so they cannot live in
// package store) and a few internals to measure against bare bbolt.

var (
	BucketObs      = bucketObs
	BucketSeries   = bucketSeries
	ParseSeriesKey = parseSeriesKey
	PageSize       = pageSize
)

// Tx exposes a snapshot's bbolt transaction.
func (s *Snapshot) Tx() *bolt.Tx { return s.tx }

// DropSeriesCache empties the viewer's series cache.
func (v *Viewer) DropSeriesCache() {
	v.mu.Lock()
	v.series = map[model.SeriesKey]model.Series{}
	v.mu.Unlock()
}
