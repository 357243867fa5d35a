package store

import (
	"bytes"
	"errors"
	"slices"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
)

// Batch is a set of figures, with the regions, indicators and sources they
// need, written in one transaction: all of it or none of it.
type Batch struct {
	Regions      []model.Region
	Indicators   []model.Indicator
	Sources      []model.Source
	Observations []model.Observation
	// Meta, parallel to Observations (or nil), says what each row left out
	// and which of Files it came from.
	Meta []RowMeta
	// Files are the files the rows came from, named in the revision history
	// when a row replaces a stored value.
	Files []string
	// Time is when the batch is written (zero: now), as the revision
	// history records it.
	Time time.Time
}

// RowMeta is what a batch knows of one row beyond its figure.
type RowMeta struct {
	// Keep names fields the row did not carry: a figure already stored keeps
	// its values of those.
	Keep KeepFields
	// File is the row's file, an index into Batch.Files.
	File uint16
}

// KeepFields names fields of a stored figure an update leaves as they are.
type KeepFields uint8

// Fields an imported row may leave alone.
const (
	KeepFragment  KeepFields = 1 << iota // the file has no fragment column
	KeepNote                             // no note column
	KeepPublished                        // no published column: keep the stored wording of the same number
	KeepStatus                           // no status column: a preliminary or expected figure stays so
)

// merge fills the fields o does not carry from the stored figure old.
// The fragment and the published wording are kept only while the number is
// the same: a fragment showing the old number must not cite the new one.
func (k KeepFields) merge(o *model.Observation, old model.Observation) {
	same := o.Value == old.Value && o.Qualifier == old.Qualifier && o.Derived() == old.Derived()
	if k&KeepFragment != 0 && same {
		o.Fragment = old.Fragment
	}
	if k&KeepNote != 0 {
		o.NoteZH, o.NoteEN = old.NoteZH, old.NoteEN
	}
	if k&KeepPublished != 0 && same && !o.Derived() {
		o.Published = old.Published
	}
	if k&KeepStatus != 0 {
		o.Status = old.Status
	}
}

// Stats counts what a batch did (or, for Plan, would do) to the database.
type Stats struct {
	Added, Changed, Unchanged             int // observations
	Duplicates                            int // identical figures given twice in the batch, counted once
	NewRegions, NewIndicators, NewSources int
	Series                                int // series whose summary was rewritten
	Revisions                             int // replaced values kept in the revision history
}

// MaxSubject bounds a subject's length in bytes: it is part of storage keys.
const MaxSubject = 512

// Apply validates the batch against itself and the database and writes it in
// one transaction. If anything is wrong, nothing is written. Apply sorts the
// batch's observations in place (a million of them are not copied).
// A batch that changes nothing writes nothing: the file, and its
// generation, stay as they were.
func (db *DB) Apply(b *Batch) (Stats, error) {
	var st Stats
	err := db.update(func(tx *bolt.Tx) error {
		var err error
		if st, err = applyBatch(tx, b, true); err != nil {
			return err
		}
		if !st.Changes() {
			return errNothingToWrite
		}
		return nil
	})
	if errors.Is(err, errNothingToWrite) {
		err = nil
	}
	return st, err
}

// errNothingToWrite rolls back a transaction that would change nothing.
var errNothingToWrite = errors.New("nothing to write")

// Changes reports whether the batch changed (or would change) anything.
func (s Stats) Changes() bool {
	return s.Added+s.Changed+s.NewRegions+s.NewIndicators+s.NewSources > 0
}

// Plan reports what Apply would do, without writing anything.
func (db *DB) Plan(b *Batch) (Stats, error) {
	var st Stats
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		st, err = applyBatch(tx, b, false)
		return err
	})
	return st, err
}

func applyBatch(tx *bolt.Tx, b *Batch, write bool) (Stats, error) {
	var st Stats
	cat := newCatalogTx(tx)
	if err := putDefinitions(tx, b, cat, &st, write); err != nil {
		return st, err
	}
	obs, meta, err := prepareObservations(b.Observations, b.Meta, cat, &st)
	if err != nil {
		return st, err
	}
	w := obsWriter{tx: tx, cat: cat, when: b.Time, files: b.Files, write: write}
	err = w.put(obs, meta, nil, &st)
	return st, err
}

// obsWriter writes observations, already validated and in storage order
// without duplicates, in one transaction, with their revisions, counts,
// indexes and summaries. An import writes them a batch at a time, each in a
// transaction of its own (on a copy of the database: see rebuild.go).
type obsWriter struct {
	tx    *bolt.Tx
	cat   *catalogTx
	when  time.Time // when the values are replaced (zero: now)
	files []string  // the files RowMeta.File names
	write bool      // false: only count (Plan, dry runs)
	// regionIndex, when set, takes the region_series entries instead of
	// the transaction: they are in region order, not the figures' order,
	// and an import that writes in many transactions puts them last, in
	// their own order (see rebuild.go).
	regionIndex *recordSorter
}

// file names a file by index ("" when there are none).
func (w *obsWriter) file(i uint16) string {
	if int(i) < len(w.files) {
		return w.files[i]
	}
	return ""
}

// encodedObs are observations' keys and values as obs stores them, when
// they are at hand already (a streaming import's runs hold them): parallel
// to the observations, and valid until the transaction commits.
type encodedObs struct {
	keys, vals [][]byte
	// summaries, when set, holds the summary of each series of the batch
	// by the index of its first figure, encoded with category 0 (see
	// setSummaryCategory): made ahead on the reading goroutine, used when
	// the batch creates the series.
	summaries map[int][]byte
}

// put writes obs (with meta and, when given, enc, parallel) and adds what
// it did to st.
func (w *obsWriter) put(obs []model.Observation, meta []RowMeta, enc *encodedObs, st *Stats) error {
	tx, cat, write := w.tx, w.cat, w.write
	when := w.when
	if when.IsZero() {
		when = time.Now()
	}
	rb := tx.Bucket(bucketRevisions)

	// Keys arrive in order (the batch is sorted, index keys are sorted before
	// they are put): pages can be filled almost full. At bbolt's default of
	// one half, the summary indexes took twice the pages they needed.
	for _, name := range [][]byte{bucketObs, bucketSeries, bucketRegionSeries, bucketSourceSeries} {
		tx.Bucket(name).FillPercent = 0.95
	}
	ob := tx.Bucket(bucketObs)
	counts := map[string]int64{}
	olds := existing(ob, obs, enc)
	var arena byteArena
	var e encoder
	var key, val []byte
	// groups are the touched series: ranges of obs (sorted by key) with a
	// figure added or changed.
	type group struct{ start, end int }
	var groups []group
	var sourceKeys [][]byte
	var indexedSeries model.SeriesKey
	var indexedSources []string
	for i := range obs {
		o := &obs[i]
		if enc != nil {
			key = enc.keys[i]
		} else {
			key = appendObsKey(key[:0], o)
		}
		old := olds[i]
		merged := old != nil && meta[i].Keep != 0
		if merged {
			prev, err := decodeObs(key, old)
			if err != nil {
				return err
			}
			meta[i].Keep.merge(o, prev)
		}
		if enc != nil && !merged {
			val = enc.vals[i]
		} else {
			e.b = e.b[:0]
			encodeObsValue(&e, o)
			val = e.b
		}
		switch {
		case old == nil:
			st.Added++
			counts[o.Source]++
		case bytes.Equal(old, val):
			st.Unchanged++
			continue
		default:
			st.Changed++
			st.Revisions++
			if write {
				// The value it replaces is kept, with when and by which file.
				if err := putRevision(rb, key, old, when, w.file(meta[i].File)); err != nil {
					return err
				}
			}
		}
		if !write {
			continue
		}
		// bbolt keeps what it is given until the commit: copies, unless
		// they are the batch's own.
		pk, pv := key, val
		if enc == nil {
			pk = arena.clone(key)
		}
		if enc == nil || merged {
			pv = arena.clone(val)
		}
		if err := ob.Put(pk, pv); err != nil {
			return err
		}
		if n := len(groups); n > 0 && obs[groups[n-1].start].Key() == o.Key() {
			groups[n-1].end = i + 1
		} else {
			groups = append(groups, group{i, i + 1})
		}
		if old == nil {
			// One source-index entry per source and series, not per figure.
			if k := o.Key(); k != indexedSeries {
				indexedSeries, indexedSources = k, indexedSources[:0]
			}
			if !slices.Contains(indexedSources, o.Source) {
				indexedSources = append(indexedSources, o.Source)
				sourceKeys = append(sourceKeys, sourceSeriesKey(o.Source, o.Key()))
			}
		}
	}
	if !write {
		return nil
	}
	// bbolt keeps a bucket's nodes whole in memory until the commit, and a
	// put into the middle of a node moves everything after it: index keys
	// that arrive out of their own order made a million-figure import
	// quadratic. They are sorted first, so every put appends.
	if err := putSorted(tx.Bucket(bucketSourceSeries), sourceKeys, nil); err != nil {
		return err
	}
	for src, n := range counts {
		sc := tx.Bucket(bucketSourceCounts)
		if err := putUint(sc, []byte(src), getUint(sc, []byte(src))+uint64(n)); err != nil {
			return err
		}
	}
	var sums summaryWriter
	for _, g := range groups {
		k := obs[g.start].Key()
		// A series the batch created holds exactly the batch's figures of it,
		// already in storage order: summarise them without reading back.
		start, end := g.start, g.end
		for start > 0 && obs[start-1].Key() == k {
			start--
		}
		for end < len(obs) && obs[end].Key() == k {
			end++
		}
		var batchObs []model.Observation
		var ahead []byte
		if tx.Bucket(bucketSeries).Get(seriesPrefix(k)) == nil {
			batchObs = obs[start:end]
			if enc != nil {
				ahead = enc.summaries[start]
			}
		}
		if err := sums.add(tx, cat, k, batchObs, ahead); err != nil {
			return err
		}
	}
	if w.regionIndex != nil {
		for i, k := range sums.regionKeys {
			if err := w.regionIndex.add(k, sums.regionVals[i]); err != nil {
				return err
			}
		}
	}
	if err := sums.flush(tx, w.regionIndex == nil); err != nil {
		return err
	}
	st.Series += len(groups)
	return nil
}

// putSorted puts keys (with vals, or empty values) in key order.
func putSorted(b *bolt.Bucket, keys, vals [][]byte) error {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool { return bytes.Compare(keys[idx[i]], keys[idx[j]]) < 0 })
	for _, i := range idx {
		var v []byte
		if vals != nil {
			v = vals[i]
		}
		if err := b.Put(keys[i], v); err != nil {
			return err
		}
	}
	return nil
}

// byteArena hands out copies of byte slices from large chunks: bbolt needs
// the keys and values it is given to stay untouched until the commit, and a
// million small allocations cost more than a few hundred large ones.
type byteArena struct{ chunk []byte }

const arenaChunk = 1 << 20

func (a *byteArena) clone(b []byte) []byte {
	if len(b) > arenaChunk/4 {
		return bytes.Clone(b)
	}
	if len(a.chunk)+len(b) > cap(a.chunk) {
		a.chunk = make([]byte, 0, arenaChunk)
	}
	start := len(a.chunk)
	a.chunk = append(a.chunk, b...)
	return a.chunk[start:len(a.chunk):len(a.chunk)]
}

// existing returns the stored value of each observation's key (nil when
// new), reading before anything is written. The batch is sorted, so one
// cursor walks along it and seeks only when it passes a stored key: a batch
// of new figures costs a seek or two, not a tree search per figure.
func existing(b *bolt.Bucket, obs []model.Observation, enc *encodedObs) [][]byte {
	olds := make([][]byte, len(obs))
	c := b.Cursor()
	var key, next, nextVal []byte
	seeked := false
	for i := range obs {
		if enc != nil {
			key = enc.keys[i]
		} else {
			key = appendObsKey(key[:0], &obs[i])
		}
		if !seeked || next != nil && bytes.Compare(next, key) < 0 {
			next, nextVal = c.Seek(key)
			seeked = true
		}
		if next == nil {
			continue // no stored key at or after this one: the rest are new
		}
		if bytes.Equal(next, key) {
			olds[i] = nextVal
		}
	}
	return olds
}

// summaryWriter recomputes the summaries of the series a batch touched and
// writes them to series (already in key order) and region_series (sorted
// first: see putSorted).
type summaryWriter struct {
	regionKeys, regionVals [][]byte
	// newSeries counts the series created per region and category, put
	// into region_counts once per batch, not once per series.
	newSeries map[string]uint64
}

// add recomputes one series' summary. obs, when given, is the whole series
// in storage order (a series the batch created); otherwise it is read back.
// ahead, when given, is obs' summary made ahead with category 0.
func (w *summaryWriter) add(tx *bolt.Tx, cat *catalogTx, k model.SeriesKey, obs []model.Observation, ahead []byte) error {
	ind, err := cat.indicator(k.Indicator)
	if err != nil {
		return err
	}
	prefix := seriesPrefix(k)
	created := obs != nil
	if obs == nil {
		c := tx.Bucket(bucketObs).Cursor()
		for key, v := c.Seek(prefix); key != nil && bytes.HasPrefix(key, prefix); key, v = c.Next() {
			o, err := decodeObs(key, v)
			if err != nil {
				return err
			}
			obs = append(obs, o)
		}
	}
	var enc []byte
	if ahead != nil && created {
		enc = setSummaryCategory(ahead, ind.Category)
	} else {
		sum := model.SummarizeSorted(k, ind.Category, obs)
		enc = encodeSummary(&sum)
	}
	// Region counts are what the dashboard's tabs show: a growth rate linked
	// to its level shows in the level's row, so it is not counted twice.
	if created && ind.GrowthOf == "" {
		if w.newSeries == nil {
			w.newSeries = map[string]uint64{}
		}
		w.newSeries[string(regionCategoryPrefix(k.Region, ind.Category))]++
	}
	if err := tx.Bucket(bucketSeries).Put(prefix, enc); err != nil {
		return err
	}
	w.regionKeys = append(w.regionKeys, regionSeriesKey(k, ind.Category))
	w.regionVals = append(w.regionVals, enc)
	return nil
}

// flush puts the region counts, and the region_series entries unless
// another writer takes them (obsWriter.regionIndex).
func (w *summaryWriter) flush(tx *bolt.Tx, regionSeries bool) error {
	rc := tx.Bucket(bucketRegionCounts)
	for k, n := range w.newSeries {
		if err := putUint(rc, []byte(k), getUint(rc, []byte(k))+n); err != nil {
			return err
		}
	}
	if !regionSeries {
		return nil
	}
	return putSorted(tx.Bucket(bucketRegionSeries), w.regionKeys, w.regionVals)
}
