package store

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

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
	// Keep, parallel to Observations (or nil), names fields a row did not
	// carry: a figure already stored keeps its values of those.
	Keep []KeepFields
}

// KeepFields names fields of a stored figure an update leaves as they are.
type KeepFields uint8

// Fields an imported row may leave alone.
const (
	KeepFragment  KeepFields = 1 << iota // the file has no fragment column
	KeepNote                             // no note column
	KeepPublished                        // no published column: keep the stored wording of the same number
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
		o.Note = old.Note
	}
	if k&KeepPublished != 0 && same && !o.Derived() {
		o.Published = old.Published
	}
}

// Stats counts what a batch did (or, for Plan, would do) to the database.
type Stats struct {
	Added, Changed, Unchanged             int // observations
	Duplicates                            int // identical figures given twice in the batch, counted once
	NewRegions, NewIndicators, NewSources int
	Series                                int // series whose summary was rewritten
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

// catalogTx resolves regions, indicators and sources from the batch first,
// then from the database.
type catalogTx struct {
	tx         *bolt.Tx
	regions    map[string]model.Region
	indicators map[string]model.Indicator
	sources    map[string]bool
}

func (c *catalogTx) indicator(id string) (model.Indicator, error) {
	if ind, ok := c.indicators[id]; ok {
		return ind, nil
	}
	v := c.tx.Bucket(bucketIndicators).Get([]byte(id))
	if v == nil {
		return model.Indicator{}, fmt.Errorf("unknown indicator %q", id)
	}
	ind, err := decodeIndicator(id, v)
	if err == nil {
		c.indicators[id] = ind
	}
	return ind, err
}

func (c *catalogTx) hasRegion(id string) bool {
	if _, ok := c.regions[id]; ok {
		return true
	}
	return c.tx.Bucket(bucketRegions).Get([]byte(id)) != nil
}

func (c *catalogTx) hasSource(id string) bool {
	if c.sources[id] {
		return true
	}
	return c.tx.Bucket(bucketSources).Get([]byte(id)) != nil
}

func applyBatch(tx *bolt.Tx, b *Batch, write bool) (Stats, error) {
	var st Stats
	cat := &catalogTx{tx: tx, regions: map[string]model.Region{}, indicators: map[string]model.Indicator{}, sources: map[string]bool{}}

	if err := putDefinitions(tx, b, cat, &st, write); err != nil {
		return st, err
	}
	obs, keep, err := prepareObservations(b.Observations, b.Keep, cat, &st)
	if err != nil {
		return st, err
	}

	// Keys arrive in order (the batch is sorted, index keys are sorted before
	// they are put): pages can be filled almost full. At bbolt's default of
	// one half, the summary indexes took twice the pages they needed.
	for _, name := range [][]byte{bucketObs, bucketSeries, bucketRegionSeries, bucketSourceSeries} {
		tx.Bucket(name).FillPercent = 0.95
	}
	ob := tx.Bucket(bucketObs)
	counts := map[string]int64{}
	olds := existing(ob, obs)
	var arena byteArena
	var e encoder
	var key []byte
	// groups are the touched series: ranges of obs (sorted by key) with a
	// figure added or changed.
	type group struct{ start, end int }
	var groups []group
	var sourceKeys [][]byte
	var indexedSeries model.SeriesKey
	var indexedSources []string
	for i := range obs {
		o := &obs[i]
		key = appendObsKey(key[:0], o)
		old := olds[i]
		if old != nil && keep[i] != 0 {
			prev, err := decodeObs(key, old)
			if err != nil {
				return st, err
			}
			keep[i].merge(o, prev)
		}
		e.b = e.b[:0]
		encodeObsValue(&e, o)
		switch {
		case old == nil:
			st.Added++
			counts[o.Source]++
		case bytes.Equal(old, e.b):
			st.Unchanged++
			continue
		default:
			st.Changed++
		}
		if !write {
			continue
		}
		if err := ob.Put(arena.clone(key), arena.clone(e.b)); err != nil {
			return st, err
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
		return st, nil
	}
	// bbolt keeps a bucket's nodes whole in memory until the commit, and a
	// put into the middle of a node moves everything after it: index keys
	// that arrive out of their own order made a million-figure import
	// quadratic. They are sorted first, so every put appends.
	if err := putSorted(tx.Bucket(bucketSourceSeries), sourceKeys, nil); err != nil {
		return st, err
	}
	for src, n := range counts {
		sc := tx.Bucket(bucketSourceCounts)
		if err := putUint(sc, []byte(src), getUint(sc, []byte(src))+uint64(n)); err != nil {
			return st, err
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
		if tx.Bucket(bucketSeries).Get(seriesPrefix(k)) == nil {
			batchObs = obs[start:end]
		}
		if err := sums.add(tx, cat, k, batchObs); err != nil {
			return st, err
		}
	}
	if err := sums.flush(tx); err != nil {
		return st, err
	}
	st.Series = len(groups)
	return st, nil
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
func existing(b *bolt.Bucket, obs []model.Observation) [][]byte {
	olds := make([][]byte, len(obs))
	c := b.Cursor()
	var key, next, nextVal []byte
	seeked := false
	for i := range obs {
		key = appendObsKey(key[:0], &obs[i])
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

// putDefinitions checks the batch's regions, indicators and sources and adds
// the new ones. An existing definition must not change: figures already
// stored depend on an indicator's unit, kind, category and scope.
func putDefinitions(tx *bolt.Tx, b *Batch, cat *catalogTx, st *Stats, write bool) error {
	rb := tx.Bucket(bucketRegions)
	for _, r := range b.Regions {
		if err := r.Validate(); err != nil {
			return err
		}
		if err := validateTexts(r.NameZH, r.NameEN); err != nil {
			return fmt.Errorf("region %s: %w", r.ID, err)
		}
		if old := rb.Get([]byte(r.ID)); old != nil {
			if prev, _, err := decodeRegion(r.ID, old); err != nil || prev != r {
				return fmt.Errorf("region %s is already defined differently (%s, %s, parent %q); use its existing definition", r.ID, prev.NameZH, prev.Level, prev.Parent)
			}
		} else if prev, dup := cat.regions[r.ID]; dup && prev != r {
			return fmt.Errorf("region %s is defined twice, differently", r.ID)
		} else if !dup {
			st.NewRegions++
			if write {
				seq, err := rb.NextSequence()
				if err != nil {
					return err
				}
				enc, _ := encodeRegion(r, seq)
				if err := rb.Put([]byte(r.ID), enc); err != nil {
					return err
				}
			}
		}
		cat.regions[r.ID] = r
	}
	for _, r := range b.Regions {
		if r.Parent != "" && !cat.hasRegion(r.Parent) {
			return fmt.Errorf("region %s: parent %q is not a known region", r.ID, r.Parent)
		}
		seen := map[string]bool{r.ID: true}
		for p := r.Parent; p != ""; {
			if seen[p] {
				return fmt.Errorf("region %s: its parents form a cycle", r.ID)
			}
			seen[p] = true
			parent, ok := cat.regions[p]
			if !ok {
				v := rb.Get([]byte(p))
				if v == nil {
					break
				}
				parent, _, _ = decodeRegion(p, v)
			}
			p = parent.Parent
		}
	}

	ib := tx.Bucket(bucketIndicators)
	for _, ind := range b.Indicators {
		if err := ind.Validate(); err != nil {
			return err
		}
		if err := validateTexts(ind.NameZH, ind.NameEN, ind.Unit); err != nil {
			return fmt.Errorf("indicator %s: %w", ind.ID, err)
		}
		enc, _ := encodeIndicator(ind)
		if old := ib.Get([]byte(ind.ID)); old != nil {
			if !bytes.Equal(old, enc) {
				prev, _ := decodeIndicator(ind.ID, old)
				return fmt.Errorf("indicator %s is already defined differently (%s, %s, %s, unit %s); use its existing definition", ind.ID, prev.NameZH, prev.Category, prev.Kind, prev.Unit)
			}
		} else if prev, dup := cat.indicators[ind.ID]; dup && prev != ind {
			return fmt.Errorf("indicator %s is defined twice, differently", ind.ID)
		} else if !dup {
			st.NewIndicators++
			if write {
				if err := ib.Put([]byte(ind.ID), enc); err != nil {
					return err
				}
			}
		}
		cat.indicators[ind.ID] = ind
	}
	for _, ind := range b.Indicators {
		if ind.GrowthOf == "" {
			continue
		}
		base, err := cat.indicator(ind.GrowthOf)
		if err != nil {
			return fmt.Errorf("indicator %s: growth_of names %w", ind.ID, err)
		}
		if base.Kind.IsPercent() {
			return fmt.Errorf("indicator %s: growth_of %s is itself a percentage", ind.ID, base.ID)
		}
	}

	sb := tx.Bucket(bucketSources)
	for _, s := range b.Sources {
		if err := s.Validate(); err != nil {
			return err
		}
		if err := validateTexts(s.Title, s.Publisher, s.Authors, s.Note); err != nil {
			return fmt.Errorf("source %s: %w", s.ID, err)
		}
		enc, _ := encodeSource(s)
		if old := sb.Get([]byte(s.ID)); old != nil {
			if !bytes.Equal(old, enc) {
				prev, _ := decodeSource(s.ID, old)
				return fmt.Errorf("source %s is already defined differently (%q); use another source ID", s.ID, prev.Title)
			}
		} else if !cat.sources[s.ID] {
			st.NewSources++
			if write {
				if err := sb.Put([]byte(s.ID), enc); err != nil {
					return err
				}
			}
		}
		cat.sources[s.ID] = true
	}
	return nil
}

// prepareObservations validates every observation against its indicator and
// the catalog, fills unit and kind from the indicator when empty, and returns
// them sorted by storage key (bbolt writes sorted keys several times faster)
// with exact duplicates removed.
func prepareObservations(in []model.Observation, inKeep []KeepFields, cat *catalogTx, st *Stats) ([]model.Observation, []KeepFields, error) {
	for i := range in {
		o := &in[i]
		ind, err := cat.indicator(o.Indicator)
		if err != nil {
			return nil, nil, fmt.Errorf("figure %d: %w", i+1, err)
		}
		// Checked as the store will hold it: unit and kind default to the indicator's.
		v := *o
		if v.Unit == "" {
			v.Unit = ind.Unit
		}
		if v.Kind == 0 {
			v.Kind = ind.Kind
		}
		if err := v.Validate(ind); err != nil {
			return nil, nil, fmt.Errorf("figure %d (%s, %s, %s): %w", i+1, o.Indicator, o.Region, o.Period, err)
		}
		if !cat.hasRegion(o.Region) {
			return nil, nil, fmt.Errorf("figure %d: unknown region %q", i+1, o.Region)
		}
		if !cat.hasSource(o.Source) {
			return nil, nil, fmt.Errorf("figure %d: unknown source %q", i+1, o.Source)
		}
		if len(o.Subject) > MaxSubject {
			return nil, nil, fmt.Errorf("figure %d: subject is longer than %d bytes", i+1, MaxSubject)
		}
		if strings.TrimSpace(o.Subject) != o.Subject {
			return nil, nil, fmt.Errorf("figure %d: subject %q has leading or trailing spaces", i+1, o.Subject)
		}
		if err := validateTexts(o.Subject, o.Published, o.Derivation, o.Fragment, o.Note, string(o.Qualifier), o.Unit); err != nil {
			return nil, nil, fmt.Errorf("figure %d: %w", i+1, err)
		}
	}
	order := storageOrder(in)
	permute(in, inKeep, order)
	out := in[:0]
	outKeep := make([]KeepFields, 0, len(in))
	for i := range in {
		o := in[i]
		ind, _ := cat.indicator(o.Indicator)
		if o.Unit == "" {
			o.Unit = ind.Unit
		}
		if o.Kind == 0 {
			o.Kind = ind.Kind
		}
		if len(out) > 0 && sameIdentity(&out[len(out)-1], &o) {
			if out[len(out)-1] != o {
				return nil, nil, fmt.Errorf("two figures for %s in %s, %s, %s from source %s differ (%s and %s): keep one", o.Indicator, o.Region, subjectLabel(o.Subject), o.Period, o.Source, model.FormatNumber(out[len(out)-1].Value), model.FormatNumber(o.Value))
			}
			st.Duplicates++
			continue
		}
		out = append(out, o)
		var k KeepFields
		if i < len(inKeep) {
			k = inKeep[i]
		}
		outKeep = append(outKeep, k)
	}
	return out, outKeep, nil
}

// permute reorders obs (and keep, when as long) in place so that
// obs[n] = old obs[order[n]], following the permutation's cycles: a million
// observations are not copied into a second slice.
func permute(obs []model.Observation, keep []KeepFields, order []int32) {
	withKeep := len(keep) == len(obs)
	for start := range order {
		if order[start] < 0 || int(order[start]) == start {
			continue
		}
		tmpObs := obs[start]
		var tmpKeep KeepFields
		if withKeep {
			tmpKeep = keep[start]
		}
		cur := start
		for {
			next := int(order[cur])
			order[cur] = -1
			if next == start {
				obs[cur] = tmpObs
				if withKeep {
					keep[cur] = tmpKeep
				}
				break
			}
			obs[cur] = obs[next]
			if withKeep {
				keep[cur] = keep[next]
			}
			cur = next
		}
	}
}

// storageOrder returns the indices of obs in storage-key order (indicator,
// region, subject, period, source), stable for equal keys. Each distinct
// string is replaced by its rank among the distinct strings of its part
// (IDs hold no NUL, the key separator and the smallest byte, so ranks order
// exactly as keys do), and a million figures sort on two integers each.
func storageOrder(obs []model.Observation) []int32 {
	rank := func(get func(*model.Observation) string) []uint32 {
		ids := map[string]uint32{}
		for i := range obs {
			ids[get(&obs[i])] = 0
		}
		distinct := make([]string, 0, len(ids))
		for s := range ids {
			distinct = append(distinct, s)
		}
		slices.Sort(distinct)
		for r, s := range distinct {
			ids[s] = uint32(r)
		}
		out := make([]uint32, len(obs))
		for i := range obs {
			out[i] = ids[get(&obs[i])]
		}
		return out
	}
	ind := rank(func(o *model.Observation) string { return o.Indicator })
	reg := rank(func(o *model.Observation) string { return o.Region })
	sub := rank(func(o *model.Observation) string { return o.Subject })
	src := rank(func(o *model.Observation) string { return o.Source })
	type sortKey struct {
		a, b, c uint64
		i       int32
	}
	keys := make([]sortKey, len(obs))
	for i := range obs {
		pk := obs[i].Period.Key()
		var period uint64
		for _, x := range pk {
			period = period<<8 | uint64(x)
		}
		keys[i] = sortKey{a: uint64(ind[i])<<32 | uint64(reg[i]), b: uint64(sub[i]), c: period<<24 | uint64(src[i]), i: int32(i)}
	}
	byKey := func(x, y sortKey) int {
		switch {
		case x.a != y.a:
			return cmp.Compare(x.a, y.a)
		case x.b != y.b:
			return cmp.Compare(x.b, y.b)
		case x.c != y.c:
			return cmp.Compare(x.c, y.c)
		}
		return int(x.i - y.i)
	}
	if !slices.IsSortedFunc(keys, byKey) {
		slices.SortFunc(keys, byKey) // the index breaks ties: stable
	}
	order := make([]int32, len(keys))
	for n, k := range keys {
		order[n] = k.i
	}
	return order
}

func subjectLabel(s string) string {
	if s == "" {
		return "region total"
	}
	return s
}

func sameIdentity(a, b *model.Observation) bool {
	return a.Indicator == b.Indicator && a.Region == b.Region && a.Subject == b.Subject && a.Period == b.Period && a.Source == b.Source
}

// validateTexts rejects text that cannot be stored faithfully: invalid UTF-8
// and NUL bytes (NUL separates key parts).
func validateTexts(texts ...string) error {
	for _, s := range texts {
		if !utf8.ValidString(s) {
			return fmt.Errorf("text %q is not valid UTF-8", s)
		}
		if strings.IndexByte(s, 0) >= 0 {
			return fmt.Errorf("text %q contains a NUL byte", s)
		}
	}
	return nil
}

// summaryWriter recomputes the summaries of the series a batch touched and
// writes them to series (already in key order) and region_series (sorted
// first: see putSorted).
type summaryWriter struct {
	regionKeys, regionVals [][]byte
}

// add recomputes one series' summary. obs, when given, is the whole series
// in storage order (a series the batch created); otherwise it is read back.
func (w *summaryWriter) add(tx *bolt.Tx, cat *catalogTx, k model.SeriesKey, obs []model.Observation) error {
	ind, err := cat.indicator(k.Indicator)
	if err != nil {
		return err
	}
	prefix := seriesPrefix(k)
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
	sum := model.SummarizeSorted(k, ind.Category, obs)
	enc := encodeSummary(&sum)
	// Region counts are what the dashboard's tabs show: a growth rate linked
	// to its level shows in the level's row, so it is not counted twice.
	if tx.Bucket(bucketSeries).Get(prefix) == nil && ind.GrowthOf == "" {
		rc := tx.Bucket(bucketRegionCounts)
		ck := regionCategoryPrefix(k.Region, ind.Category)
		if err := putUint(rc, ck, getUint(rc, ck)+1); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bucketSeries).Put(prefix, enc); err != nil {
		return err
	}
	w.regionKeys = append(w.regionKeys, regionSeriesKey(k, ind.Category))
	w.regionVals = append(w.regionVals, enc)
	return nil
}

func (w *summaryWriter) flush(tx *bolt.Tx) error {
	return putSorted(tx.Bucket(bucketRegionSeries), w.regionKeys, w.regionVals)
}
