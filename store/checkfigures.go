package store

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
)

// checkFigures walks every observation once, series by series, checks each
// figure, and checks each series' indexes against it. The walk hands
// batches of whole series to a worker per core, each reading in a read
// transaction of its own (a read-only handle: every transaction sees the
// same file); the problems are reported in the order of the walk, as one
// goroutine would find them.
func checkFigures(db *DB, tx *bolt.Tx, c *Catalog, sources map[string]bool, rep *CheckReport, problem problemFunc, progress ProgressFunc) {
	type batch struct {
		seq        int
		keys, vals [][]byte // point into the walk's transaction, open until every worker is done
	}
	type result struct {
		problems []model.Text
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	batches := make(chan batch, 2*workers)
	var mu sync.Mutex
	results := map[int]result{}
	perSource := map[string]uint64{}
	perRegion := map[string]uint64{}
	seriesSeen := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := figureChecker{c: c, sources: sources, perSource: map[string]uint64{}, perRegion: map[string]uint64{}}
			wtx := tx
			if db != nil && workers > 1 {
				if t, err := db.bolt.Begin(false); err == nil {
					defer t.Rollback()
					wtx = t
				}
			}
			w.tx = wtx
			for b := range batches {
				w.problems = nil
				w.check(b.keys, b.vals)
				mu.Lock()
				results[b.seq] = result{w.problems}
				mu.Unlock()
			}
			mu.Lock()
			for k, n := range w.perSource {
				perSource[k] += n
			}
			for k, n := range w.perRegion {
				perRegion[k] += n
			}
			seriesSeen += w.series
			mu.Unlock()
		}()
	}
	const batchFigures = 4096
	seq := 0
	var keys, vals [][]byte
	var lastPrefix []byte
	cur := tx.Bucket(bucketObs).Cursor()
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		if rep.Figures++; rep.Figures%progressEvery == 0 {
			progress.report(stepCheck, int64(rep.Figures), int64(c.Figures), ProgressRows)
		}
		// A batch ends between series: its worker sees each series whole.
		prefix := seriesPrefixOf(k)
		if len(keys) >= batchFigures && !bytes.Equal(prefix, lastPrefix) {
			batches <- batch{seq, keys, vals}
			seq++
			keys, vals = nil, nil
		}
		lastPrefix = prefix
		keys, vals = append(keys, k), append(vals, v)
	}
	if len(keys) > 0 {
		batches <- batch{seq, keys, vals}
		seq++
	}
	close(batches)
	wg.Wait()
	for i := 0; i < seq; i++ {
		for _, t := range results[i].problems {
			problem("%s", "%s", t)
		}
	}
	progress.finish(stepCheck, int64(rep.Figures), int64(rep.Figures), ProgressRows)
	rep.Series = seriesSeen
	if n := tx.Bucket(bucketSeries).Stats().KeyN; n != seriesSeen {
		problem("序列索引有 %d 个序列，数据实为 %d 个", "series index holds %d series, the figures make %d", n, seriesSeen)
	}
	if n := tx.Bucket(bucketRegionSeries).Stats().KeyN; n != seriesSeen {
		problem("地区索引有 %d 个序列，数据实为 %d 个", "region index holds %d series, the figures make %d", n, seriesSeen)
	}
	for _, src := range c.Sources {
		if uint64(src.Figures) != perSource[src.ID] {
			problem("来源 %s 记有 %d 个数据，实际引用它的有 %d 个", "source %s counts %d figures, %d cite it", src.ID, src.Figures, perSource[src.ID])
		}
	}
	rc := tx.Bucket(bucketRegionCounts)
	rc.ForEach(func(k, v []byte) error {
		if got, want := getUint(rc, k), perRegion[string(k)]; got != want {
			problem("地区计数 %q 为 %d，数据实为 %d 个序列", "region count %q is %d, the figures make %d series", string(k), got, want)
		}
		delete(perRegion, string(k))
		return nil
	})
	for k, n := range perRegion {
		problem("缺少地区计数 %q（%d 个序列）", "region count %q is missing (%d series)", k, n)
	}
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
	perSource, perRegion map[string]uint64
	series               int
	problems             []model.Text
	buf                  []model.Observation
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
			checkSeries(w.tx, w.c, cur, curPrefix, w.perRegion, w.problem)
			clear(cur.Observations)
			w.buf = cur.Observations[:0] // the next series' figures go here
		}
	}
	for i, k := range keys {
		o, err := decodeObsAfter(k, vals[i], &prev)
		if err != nil {
			w.problem("%v", "%v", err)
			continue
		}
		prev = o
		ind, okInd := w.c.Indicators[o.Indicator]
		if !okInd {
			w.problem("%s：指标“%s”不存在", "%s: indicator %q does not exist", figureWhere(&o), o.Indicator)
		}
		if _, ok := w.c.Tree.Get(o.Region); !ok {
			w.problem("%s：地区“%s”不存在", "%s: region %q does not exist", figureWhere(&o), o.Region)
		}
		if !w.sources[o.Source] {
			w.problem("%s：来源“%s”不存在", "%s: source %q does not exist", figureWhere(&o), o.Source)
		}
		w.perSource[o.Source]++
		if okInd {
			if err := o.Validate(ind); err != nil {
				w.problem("%s：%v", "%s: %v", figureWhere(&o), err)
			}
			checkValue(o, ind, w.problem)
		}
		prefix := k[:len(k)-model.KeyLen-len(o.Source)]
		if !bytes.Equal(prefix, curPrefix) {
			flush()
			curPrefix = prefix
			cur = model.Series{Key: o.Key(), Indicator: ind, Observations: w.buf}
		}
		cur.Observations = append(cur.Observations, o)
	}
	flush()
}
