package store

import (
	"errors"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/gansudash/gansudash/model"
)

// Viewer reads a database without keeping it open: every query opens the
// file read-only, reads in one transaction, and closes it, so the shared lock
// is held for a query's milliseconds and an import never waits for a viewer
// (bbolt holds its file lock for as long as a handle is open).
//
// Results are cached for the database generation they were read at, shared
// by every caller (the SSH server's sessions share one Viewer), and never
// modified after they are returned. Refresh notices a write and drops the
// cache.
type Viewer struct {
	path    string
	timeout time.Duration

	mu         sync.Mutex
	db         *DB         // open between queries for at most Linger
	closer     *time.Timer // closes db after Linger without a query
	stamp      os.FileInfo
	gen        uint64
	reported   uint64 // the generation Refresh last reported
	catalog    *Catalog
	regions    map[regionCategory][]model.Summary
	indicators map[string][]model.Summary
	events     []Event
	series     map[model.SeriesKey]model.Series
}

type regionCategory struct {
	region   string
	category model.Category
}

// maxCachedSeries bounds the series cache; series are cheap to reload.
const maxCachedSeries = 256

// OpenViewer checks that path holds a gansudash database and returns a
// Viewer on it. timeout bounds each query's wait for the file lock (0: the
// read default).
func OpenViewer(path string, timeout time.Duration) (*Viewer, error) {
	v := &Viewer{path: path, timeout: timeout}
	if _, err := v.Catalog(); err != nil {
		return nil, err
	}
	v.reported = v.gen
	return v, nil
}

// Path returns the database file's path.
func (v *Viewer) Path() string { return v.path }

// Linger is how long a Viewer keeps the file open after a query, so that the
// queries of one screen share one open; a writer waits at most this long.
const Linger = 50 * time.Millisecond

// read runs fn on a fresh snapshot. If the database moved on since the cache
// was filled, the cache is dropped and the catalog re-read from this snapshot,
// so that what one call returns is always consistent with the catalog.
// v.mu must be held.
func (v *Viewer) read(fn func(s *Snapshot) error) error {
	var st os.FileInfo
	if v.db == nil {
		st, _ = os.Stat(v.path)
		db, err := Open(v.path, OpenOptions{ReadOnly: true, Timeout: v.timeout})
		if err != nil {
			return err
		}
		v.db = db
	}
	v.lingerLocked()
	return v.db.View(func(s *Snapshot) error {
		if g := s.Generation(); g != v.gen || v.catalog == nil {
			c, err := s.Catalog()
			if err != nil {
				return err
			}
			v.reset(c)
		}
		if st != nil {
			v.stamp = st
		}
		return fn(s)
	})
}

// lingerLocked (re)starts the timer that closes the file after Linger.
func (v *Viewer) lingerLocked() {
	if v.closer != nil {
		v.closer.Stop()
	}
	v.closer = time.AfterFunc(Linger, func() {
		v.mu.Lock()
		defer v.mu.Unlock()
		v.closeLocked()
	})
}

func (v *Viewer) closeLocked() {
	if v.closer != nil {
		v.closer.Stop()
		v.closer = nil
	}
	if v.db != nil {
		v.db.Close()
		v.db = nil
	}
}

// Close releases the file now (it is released Linger after each query anyway).
func (v *Viewer) Close() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.closeLocked()
}

func (v *Viewer) reset(c *Catalog) {
	v.gen = c.Generation
	v.catalog = c
	v.regions = map[regionCategory][]model.Summary{}
	v.indicators = map[string][]model.Summary{}
	v.series = map[model.SeriesKey]model.Series{}
	v.events = nil
}

// Refresh reports whether the database changed since the last Refresh,
// reloading the catalog if so. It costs one stat when nothing changed. A
// change a query noticed first is reported too, so every page learns of it.
// A locked database (an import is writing) is not an error: the cache stays
// and a later Refresh will see the change.
func (v *Viewer) Refresh() (bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.db == nil { // while the file is open, the shared lock keeps writers out
		st, err := os.Stat(v.path)
		if err != nil {
			return false, &PathError{Path: v.path, Err: err, Hint: hint("数据库文件已不在；继续显示已载入的内容", "the database file went away; keep showing what was loaded")}
		}
		if v.stamp == nil || !os.SameFile(st, v.stamp) || !st.ModTime().Equal(v.stamp.ModTime()) || st.Size() != v.stamp.Size() {
			err = v.read(func(*Snapshot) error { return nil })
			if errors.Is(err, ErrLocked) {
				return false, nil
			}
			if err != nil {
				return false, err
			}
		}
	}
	changed := v.gen != v.reported
	v.reported = v.gen
	return changed, nil
}

// Generation returns the generation the cache holds.
func (v *Viewer) Generation() uint64 {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.gen
}

// Catalog returns the catalog.
func (v *Viewer) Catalog() (*Catalog, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.catalog != nil {
		return v.catalog, nil
	}
	err := v.read(func(*Snapshot) error { return nil })
	return v.catalog, err
}

// RegionSummaries returns the summaries of a region's series in a category.
func (v *Viewer) RegionSummaries(region string, c model.Category) ([]model.Summary, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	k := regionCategory{region, c}
	if sums, ok := v.regions[k]; ok && v.catalog != nil {
		return sums, nil
	}
	var out []model.Summary
	err := v.read(func(s *Snapshot) error {
		var err error
		out, err = s.RegionSummaries(region, c)
		v.regions[k] = out
		return err
	})
	return out, err
}

// IndicatorSummaries returns the summaries of an indicator in every region.
func (v *Viewer) IndicatorSummaries(indicator string) ([]model.Summary, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if sums, ok := v.indicators[indicator]; ok && v.catalog != nil {
		return sums, nil
	}
	var out []model.Summary
	err := v.read(func(s *Snapshot) error {
		var err error
		out, err = s.IndicatorSummaries(indicator)
		v.indicators[indicator] = out
		return err
	})
	return out, err
}

// Series returns one series with its published growth.
func (v *Viewer) Series(k model.SeriesKey) (model.Series, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if s, ok := v.series[k]; ok && v.catalog != nil {
		return s, nil
	}
	var out model.Series
	err := v.read(func(s *Snapshot) error {
		var err error
		out, err = s.Series(v.catalog, k)
		if err == nil {
			if len(v.series) >= maxCachedSeries {
				v.series = map[model.SeriesKey]model.Series{}
			}
			v.series[k] = out
		}
		return err
	})
	return out, err
}

// SourceObservations returns up to limit figures citing a source.
func (v *Viewer) SourceObservations(source string, limit int) ([]model.Observation, bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []model.Observation
	var more bool
	err := v.read(func(s *Snapshot) error {
		var err error
		out, more, err = s.SourceObservations(source, limit)
		return err
	})
	return out, more, err
}

// Events returns every investment-promotion event, oldest first.
func (v *Viewer) Events() ([]Event, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.events != nil && v.catalog != nil {
		return v.events, nil
	}
	var out []Event
	err := v.read(func(s *Snapshot) error {
		var err error
		out, err = s.Events(v.catalog)
		v.events = out
		if v.events == nil {
			v.events = []Event{}
		}
		return err
	})
	return out, err
}

// Event is an investment-promotion event: where and when it was held and
// the figures published about it (projects signed, amount, companies met).
type Event struct {
	Region  string
	Subject string
	Period  model.Period
	Figures []EventFigure
}

// EventFigure is one figure of an event.
type EventFigure struct {
	Indicator string
	Point     model.Point
	Published string // as published, when known
	Unit      string
}

// Figure returns the event's figure for an indicator.
func (e Event) Figure(indicator string) (EventFigure, bool) {
	for _, f := range e.Figures {
		if f.Indicator == indicator {
			return f, true
		}
	}
	return EventFigure{}, false
}

// Events gathers the series of every per-event indicator into events, one
// per region, subject and period, oldest first.
func (s *Snapshot) Events(c *Catalog) ([]Event, error) {
	type key struct {
		region, subject string
		period          model.Period
	}
	byKey := map[key]*Event{}
	var ids []string
	for id, ind := range c.Indicators {
		if ind.Scope == model.ScopeEvent {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		sums, err := s.IndicatorSummaries(id)
		if err != nil {
			return nil, err
		}
		for _, sum := range sums {
			for _, p := range sum.Points {
				k := key{sum.Key.Region, sum.Key.Subject, p.Period}
				e := byKey[k]
				if e == nil {
					e = &Event{Region: k.region, Subject: k.subject, Period: k.period}
					byKey[k] = e
				}
				f := EventFigure{Indicator: id, Point: p, Unit: c.Indicators[id].Unit}
				if sum.Latest.Period == p.Period && !sum.Latest.Derived() {
					f.Published = sum.Latest.Published
				}
				e.Figures = append(e.Figures, f)
			}
		}
	}
	out := make([]Event, 0, len(byKey))
	for _, e := range byKey {
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool {
		if c := out[i].Period.Compare(out[j].Period); c != 0 {
			return c < 0
		}
		if out[i].Region != out[j].Region {
			return out[i].Region < out[j].Region
		}
		return out[i].Subject < out[j].Subject
	})
	return out, nil
}
