package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"runtime"
	"runtime/debug"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
)

// checkFigures walks every observation once, series by series, checks each
// figure, and checks each series' indexes against it. The walk hands
// batches of whole series to a worker per core; the problems are reported
// in the order of the walk, as one goroutine would find them.
//
// The indexes are compared as multisets: each worker adds a 64-bit hash of
// every entry its series should have (series summary, region entry, source
// entries), and one sequential walk of each index adds the hashes of the
// entries it has. Equal sums and counts mean equal indexes (a random seed per
// run: no file can be made to collide on purpose); a difference runs a
// second, precise pass that looks every entry up and names the series.
// Random look-ups into three indexes cost more than all the rest of check.
func checkFigures(tx *bolt.Tx, c *Catalog, sources map[string]bool, rep *CheckReport, problem problemFunc, progress ProgressFunc, step model.Text) {
	seed := maphash.MakeSeed()
	pass := walkFigures(tx, c, sources, seed, false, problem, progress, step)
	rep.Figures, rep.Series = pass.figures, pass.series
	stored := storedIndexSums(tx, seed)
	if stored.series.n != pass.series {
		problem("序列索引有 %d 个序列，数据实为 %d 个", "series index holds %d series, the figures make %d", stored.series.n, pass.series)
	}
	if stored.region.n != pass.series {
		problem("地区索引有 %d 个序列，数据实为 %d 个", "region index holds %d series, the figures make %d", stored.region.n, pass.series)
	}
	if stored.source.n != pass.sums.source.n {
		problem("来源索引有 %d 项，数据实为 %d 项", "source index holds %d entries, the figures make %d", stored.source.n, pass.sums.source.n)
	}
	if stored != pass.sums {
		// Something differs: look every entry up to say which series.
		before := len(rep.Problems)
		walkFigures(tx, c, sources, seed, true, problem, nil, step)
		if len(rep.Problems) == before {
			problem("序列索引与数据不一致", "the series indexes do not match the figures")
		}
	}
	for _, src := range c.Sources {
		if uint64(src.Figures) != pass.perSource[src.ID] {
			problem("来源 %s 记有 %d 个数据，实际引用它的有 %d 个", "source %s counts %d figures, %d cite it", src.ID, src.Figures, pass.perSource[src.ID])
		}
	}
	rc := tx.Bucket(bucketRegionCounts)
	rc.ForEach(func(k, v []byte) error {
		if got, want := getUint(rc, k), pass.perRegion[string(k)]; got != want {
			problem("地区计数 %q 为 %d，数据实为 %d 个序列", "region count %q is %d, the figures make %d series", string(k), got, want)
		}
		delete(pass.perRegion, string(k))
		return nil
	})
	for k, n := range pass.perRegion {
		problem("缺少地区计数 %q（%d 个序列）", "region count %q is missing (%d series)", k, n)
	}
}

// multisetSum is an order-free digest of a set of index entries: how many,
// and the sum of their hashes.
type multisetSum struct {
	n   int
	sum uint64
}

func (m *multisetSum) add(h uint64) { m.n++; m.sum += h }

func (m *multisetSum) merge(o multisetSum) { m.n += o.n; m.sum += o.sum }

// indexSums digests the three series indexes.
type indexSums struct{ series, region, source multisetSum }

func (s *indexSums) merge(o indexSums) {
	s.series.merge(o.series)
	s.region.merge(o.region)
	s.source.merge(o.source)
}

// entryHash hashes an index entry, its key's length first so that no two
// different entries are the same bytes.
func entryHash(h *maphash.Hash, k, v []byte) uint64 {
	h.Reset()
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(k)))
	h.Write(n[:])
	h.Write(k)
	h.Write(v)
	return h.Sum64()
}

// storedIndexSums digests the indexes as stored, a cursor over each.
func storedIndexSums(tx *bolt.Tx, seed maphash.Seed) indexSums {
	var h maphash.Hash
	h.SetSeed(seed)
	var s indexSums
	for _, x := range []struct {
		name    []byte
		m       *multisetSum
		withVal bool
	}{{bucketSeries, &s.series, true}, {bucketRegionSeries, &s.region, true}, {bucketSourceSeries, &s.source, false}} {
		cur := tx.Bucket(x.name).Cursor()
		for k, v := cur.First(); k != nil; k, v = cur.Next() {
			if !x.withVal {
				v = nil
			}
			x.m.add(entryHash(&h, k, v))
		}
	}
	return s
}

// figuresPass is what one walk over the figures found.
type figuresPass struct {
	figures, series      int
	sums                 indexSums
	perSource, perRegion map[string]uint64
}

// walkFigures runs one pass over the figures. precise looks every index
// entry up and reports only what is wrong with the indexes (the figures'
// own problems were reported by the first pass).
func walkFigures(tx *bolt.Tx, c *Catalog, sources map[string]bool, seed maphash.Seed, precise bool, problem problemFunc, progress ProgressFunc, step model.Text) figuresPass {
	type batch struct {
		seq        int
		keys, vals [][]byte // point into the walk's transaction, open until every worker is done
	}
	var mu sync.Mutex
	results := map[int][]model.Text{}
	pass := figuresPass{perSource: map[string]uint64{}, perRegion: map[string]uint64{}}
	newChecker := func() *figureChecker {
		w := &figureChecker{tx: tx, c: c, sources: sources, precise: precise, perSource: map[string]uint64{}, perRegion: map[string]uint64{}}
		w.h.SetSeed(seed)
		return w
	}
	run := func(w *figureChecker, b batch) {
		w.problems = nil
		w.check(b.keys, b.vals)
		mu.Lock()
		results[b.seq] = w.problems
		mu.Unlock()
	}
	done := func(w *figureChecker) {
		mu.Lock()
		defer mu.Unlock()
		for k, n := range w.perSource {
			pass.perSource[k] += n
		}
		for k, n := range w.perRegion {
			pass.perRegion[k] += n
		}
		pass.series += w.series
		pass.sums.merge(w.sums)
	}
	// The precise pass looks entries up in tx's buckets, which bbolt lets
	// one goroutine use at a time: it checks each batch on the walk's own.
	// The first pass's workers touch nothing of tx but the values' bytes.
	var inline *figureChecker
	workers := max(1, runtime.GOMAXPROCS(0))
	if precise {
		inline, workers = newChecker(), 0
	}
	batches := make(chan batch, 2*workers)
	free := make(chan batch, 3*workers+1) // batches done with, to fill again
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newChecker()
			for b := range batches {
				run(w, b)
				select {
				case free <- b:
				default:
				}
			}
			done(w)
		}()
	}
	send := func(b batch) {
		if inline != nil {
			run(inline, b)
		} else {
			batches <- b
		}
	}
	const batchFigures = 4096
	seq := 0
	var keys, vals [][]byte
	cur := tx.Bucket(bucketObs).Cursor()
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		if pass.figures++; pass.figures%progressEvery == 0 {
			progress.report(step, int64(pass.figures), int64(c.Figures), ProgressRows)
		}
		// A batch ends between series: its worker sees each series whole.
		if len(keys) >= batchFigures && !bytes.HasPrefix(k, seriesPrefixOf(keys[len(keys)-1])) {
			send(batch{seq, keys, vals})
			seq++
			select {
			case b := <-free:
				keys, vals = b.keys[:0], b.vals[:0]
			default:
				keys, vals = make([][]byte, 0, batchFigures+64), make([][]byte, 0, batchFigures+64)
			}
		}
		keys, vals = append(keys, k), append(vals, v)
	}
	if len(keys) > 0 {
		send(batch{seq, keys, vals})
		seq++
	}
	close(batches)
	wg.Wait()
	if inline != nil {
		done(inline)
	}
	for i := 0; i < seq; i++ {
		for _, t := range results[i] {
			problem("%s", "%s", t)
		}
	}
	progress.finish(step, int64(pass.figures), int64(pass.figures), ProgressRows)
	return pass
}

// seriesPrefixOf returns the series part of an obs key (indicator 0 region
// 0 subject 0), or the whole key when it is malformed.
func seriesPrefixOf(k []byte) []byte {
	n := 0
	for i, b := range k {
		if b == sep {
			if n++; n == 3 {
				return k[:i+1]
			}
		}
	}
	return k
}

// figureChecker checks batches of whole series: one per worker.
type figureChecker struct {
	tx                   *bolt.Tx
	c                    *Catalog
	sources              map[string]bool
	precise              bool // look index entries up (the second pass)
	perSource, perRegion map[string]uint64
	series               int
	sums                 indexSums
	problems             []model.Text
	buf                  []model.Observation
	h                    maphash.Hash
	enc                  encoder
	key                  []byte
	points               []model.Point
}

// checkFigure checks one figure against the catalog (whether its
// indicator, region and source exist, looked up by the caller) and its own
// text.
func (w *figureChecker) checkFigure(o *model.Observation, ind model.Indicator, okInd, okRegion, okSource bool) {
	if !okInd {
		w.problem("%s：指标“%s”不存在", "%s: indicator %q does not exist", figureWhere(o), o.Indicator)
	}
	if !okRegion {
		w.problem("%s：地区“%s”不存在", "%s: region %q does not exist", figureWhere(o), o.Region)
	}
	if !okSource {
		w.problem("%s：来源“%s”不存在", "%s: source %q does not exist", figureWhere(o), o.Source)
	}
	if okInd {
		if err := o.Validate(ind); err != nil {
			w.problem("%s：%v", "%s: %v", figureWhere(o), err)
		}
		checkValue(*o, ind, w.problem)
	}
}

// checkSeries compares a series' stored summary and index entries with what
// its figures make: in the first pass by adding their hashes to the
// worker's sums, in the precise pass by looking each one up.
func (w *figureChecker) checkSeries(s model.Series, prefix []byte) {
	if s.Indicator.ID == "" {
		return
	}
	// The figures come in storage order, which is the summary's order.
	sum := model.SummarizeSortedInto(s.Key, s.Indicator.Category, s.Observations, w.points)
	w.points = sum.Points
	w.enc.b = w.enc.b[:0]
	encodeSummaryTo(&w.enc, &sum)
	want := w.enc.b
	regionKey := regionSeriesKey(s.Key, s.Indicator.Category)
	if w.precise {
		if got := w.tx.Bucket(bucketSeries).Get(prefix); !bytes.Equal(got, want) {
			w.problem("序列 %s/%s/%q：存储的摘要已过时", "series %s/%s/%q: stored summary is stale", s.Key.Indicator, s.Key.Region, s.Key.Subject)
		}
		if got := w.tx.Bucket(bucketRegionSeries).Get(regionKey); !bytes.Equal(got, want) {
			w.problem("序列 %s/%s/%q：地区索引项缺失或已过时", "series %s/%s/%q: region index entry is missing or stale", s.Key.Indicator, s.Key.Region, s.Key.Subject)
		}
	} else {
		w.sums.series.add(entryHash(&w.h, prefix, want))
		w.sums.region.add(entryHash(&w.h, regionKey, want))
	}
	for _, src := range s.Sources() {
		w.key = append(append(w.key[:0], src...), sep)
		w.key = appendSeriesPrefix(w.key, s.Key)
		if !w.precise {
			w.sums.source.add(entryHash(&w.h, w.key, nil))
		} else if w.tx.Bucket(bucketSourceSeries).Get(w.key) == nil {
			w.problem("序列 %s/%s/%q：来源索引缺少 %s", "series %s/%s/%q: source index lacks %s", s.Key.Indicator, s.Key.Region, s.Key.Subject, src)
		}
	}
	if s.Indicator.GrowthOf == "" && !w.precise {
		w.perRegion[string(regionCategoryPrefix(s.Key.Region, s.Indicator.Category))]++
	}
}

// figureWhere names a figure in a problem: made only for a problem.
func figureWhere(o *model.Observation) model.Text {
	return model.T("数据 %s/%s/%q/%s/%s", "figure %s/%s/%q/%s/%s", o.Indicator, o.Region, o.Subject, o.Period, o.Source)
}

// problem records a problem, printed now: its arguments may point into
// the file's mapping.
func (w *figureChecker) problem(zh, en string, args ...any) {
	if len(w.problems) <= maxProblems {
		w.problems = append(w.problems, frozen(model.T(zh, en, args...)))
	}
}

// check checks a batch, turning a panic on a damaged page into a problem
// (this goroutine is not the one Check recovers in).
func (w *figureChecker) check(keys, vals [][]byte) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			w.problem("%v：%v", "%v: %v", ErrDamaged, fmt.Sprint(r))
		}
	}()
	var cur model.Series
	var curPrefix []byte
	var prev model.Observation
	flush := func() {
		if curPrefix != nil {
			w.series++
			w.checkSeries(cur, curPrefix)
			clear(cur.Observations)
			w.buf = cur.Observations[:0] // the next series' figures go here
		}
	}
	var ind model.Indicator
	var okInd, okRegion bool
	// Figures of a series mostly come from one source: counted, and looked
	// up, when the source changes.
	var lastSource string
	var lastCount uint64
	var lastSourceOK bool
	countSource := func() {
		if lastCount > 0 {
			w.perSource[lastSource] += lastCount
		}
	}
	for i, k := range keys {
		// A figure of the series before it (its key starts with the
		// series' part, which ends with a separator no name holds): only
		// its period and source are read from the key, and its indicator
		// and region are the series'.
		same := curPrefix != nil && bytes.HasPrefix(k, curPrefix)
		prefix := curPrefix
		if !same {
			prefix = seriesPrefixOf(k)
		}
		var o model.Observation
		var err error
		if same {
			o, err = decodeObsOfSeries(k, vals[i], cur.Key, prefix, &prev)
		} else {
			o, err = decodeObsMapped(k, vals[i], &prev)
		}
		if err != nil {
			if !w.precise {
				w.problem("%v", "%v", err)
			}
			continue
		}
		prev = o
		if !same {
			ind, okInd = w.c.Indicators[o.Indicator]
			_, okRegion = w.c.Tree.Get(o.Region)
		}
		if o.Source != lastSource || lastCount == 0 {
			countSource()
			lastSource, lastCount, lastSourceOK = o.Source, 0, w.sources[o.Source]
		}
		if !w.precise { // the second pass looks at the indexes only
			w.checkFigure(&o, ind, okInd, okRegion, lastSourceOK)
		}
		lastCount++
		if !same {
			flush()
			curPrefix = prefix
			cur = model.Series{Key: o.Key(), Indicator: ind, Observations: w.buf}
		}
		cur.Observations = append(cur.Observations, o)
	}
	countSource()
	flush()
}
