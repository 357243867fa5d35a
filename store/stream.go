package store

import (
	"errors"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
)

// errNoCopy says a streaming write cannot build its copy beside the
// database (there can be no writers' lock there): the caller writes in
// place instead.
var errNoCopy = errors.New("no copy can be built beside the database")

// fillFunc resolves and validates the figures of a streaming write, giving
// each to add, and returns the definitions they need. An error writes
// nothing.
type fillFunc func(cat *Catalog, add func(*model.Observation, RowMeta)) (*Batch, error)

// streamed writes what fill gives in bounded memory (see rebuild.go); with
// opt.DryRun it counts what it would write, against the database itself.
// hint is about how many figures fill gives (0: unknown).
func streamed(path string, hint int, opt ImportOptions, fill fillFunc) (Stats, error) {
	var st Stats
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = DefaultWriteTimeout
	}
	defer debug.SetGCPercent(debug.SetGCPercent(200))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(importMemoryLimit))
	if !opt.DryRun {
		if err := verifyReadOnly(path, timeout); err != nil {
			return st, err
		}
		lock, err := lockWriters(path, timeout)
		if err != nil {
			return st, err
		}
		if lock == nil {
			return st, errNoCopy
		}
		defer lock.release()
		removeStaleCopies(path)
	}
	src, err := open(path, OpenOptions{ReadOnly: true, Timeout: timeout}, false)
	if err != nil && isOlderSchema(err) && !opt.DryRun {
		// Upgraded first, in place and in one transaction, as any writer
		// upgrades it.
		db, uerr := open(path, OpenOptions{Timeout: timeout}, false)
		if uerr != nil {
			return st, uerr
		}
		db.Close()
		src, err = open(path, OpenOptions{ReadOnly: true, Timeout: timeout}, false)
	}
	if err != nil {
		return st, err
	}
	defer src.Close()
	srcStat, err := os.Stat(path)
	if err != nil {
		return st, &PathError{Path: path, Err: err}
	}
	var cat *Catalog
	if err := src.View(func(s *Snapshot) error { cat, err = s.Catalog(); return err }); err != nil {
		return st, err
	}

	sorter := newObsSorter(path, max(sortRunRows, hint/maxRuns))
	defer sorter.close()
	var sortErr error
	batch, err := fill(cat, func(o *model.Observation, m RowMeta) {
		if sortErr == nil {
			sortErr = sorter.add(o, m)
		}
	})
	if err != nil {
		return st, err
	}
	if sortErr != nil {
		return st, writeError(path, sortErr)
	}
	stream, err := sorter.finish()
	if err != nil {
		return st, writeError(path, err)
	}
	defer stream.close()
	if opt.DryRun {
		return planStream(src, batch, stream, opt.Progress)
	}
	return rebuild(src, path, srcStat, cat.Generation, batch, stream, opt.Progress)
}

// importStreaming imports tables of any size in bounded memory.
func importStreaming(path string, tables []*Sheet, hint int, opt ImportOptions, res ImportResult) (ImportResult, error) {
	var err error
	res.Stats, err = streamed(path, hint, opt, func(cat *Catalog, add func(*model.Observation, RowMeta)) (*Batch, error) {
		r := NewResolver(cat, opt.Create)
		r.DefaultSource = opt.Source
		good := int64(0)
		r.sink = func(o *model.Observation, m RowMeta) error {
			ind := r.indicators[o.Indicator]
			if err := checkObservation(o, ind, true, true); err != nil {
				return err
			}
			fillDefaults(o, ind)
			if good++; good%progressEvery == 0 {
				opt.Progress.report(stepRead, int64(r.rows), int64(hint), ProgressRows)
			}
			// After a refused row nothing will be written: the rest is
			// only checked, not sorted.
			if len(r.errs.list) == 0 {
				add(o, m)
			}
			return nil
		}
		for _, t := range tables {
			r.AddSheet(t)
		}
		res.Rows = r.Rows()
		res.Warnings = r.Warnings()
		if err := r.Err(); err != nil {
			return nil, err
		}
		opt.Progress.finish(stepRead, int64(res.Rows), int64(res.Rows), ProgressRows)
		return r.Batch(), nil
	})
	if errors.Is(err, errNoCopy) {
		return importInPlace(path, tables, opt, res)
	}
	return res, err
}

// fillDefaults gives a figure its indicator's unit and kind when it has none.
func fillDefaults(o *model.Observation, ind model.Indicator) {
	if o.Unit == "" {
		o.Unit = ind.Unit
	}
	if o.Kind == 0 {
		o.Kind = ind.Kind
	}
}

// ApplyStream writes the figures each gives, with the regions, indicators
// and sources of defs, as Apply writes a batch, but in bounded memory,
// however many figures there are: they are validated as they come, sorted on
// disk and written into a copy of the database that replaces it when
// complete (see rebuild.go). One bad figure writes nothing. Where no copy
// can be built beside the database, the figures are gathered and applied in
// one transaction.
func ApplyStream(path string, defs *Batch, each func(yield func(o *model.Observation) error) error, opt ImportOptions) (Stats, error) {
	gather := func(cat *Catalog, add func(*model.Observation, RowMeta)) (*Batch, error) {
		inds := map[string]model.Indicator{}
		if cat != nil {
			for id, ind := range cat.Indicators {
				inds[id] = ind
			}
		}
		regions, sources := map[string]bool{}, map[string]bool{}
		if cat != nil {
			for _, r := range cat.Regions {
				regions[r.ID] = true
			}
			for _, s := range cat.Sources {
				sources[s.ID] = true
			}
		}
		for _, ind := range defs.Indicators {
			inds[ind.ID] = ind
		}
		for _, r := range defs.Regions {
			regions[r.ID] = true
		}
		for _, s := range defs.Sources {
			sources[s.ID] = true
		}
		n := 0
		err := each(func(o *model.Observation) error {
			n++
			ind, ok := inds[o.Indicator]
			if !ok {
				return model.Errorf("第 %d 个数据：未知指标“%s”", "figure %d: unknown indicator %q", n, o.Indicator)
			}
			if err := checkObservation(o, ind, regions[o.Region], sources[o.Source]); err != nil {
				return model.Errorf("第 %d 个数据（%s，%s，%s）：%w", "figure %d (%s, %s, %s): %w", n, o.Indicator, o.Region, o.Period, err)
			}
			fillDefaults(o, ind)
			add(o, RowMeta{})
			if n%progressEvery == 0 {
				opt.Progress.report(stepRead, int64(n), 0, ProgressRows)
			}
			return nil
		})
		return &Batch{Regions: defs.Regions, Indicators: defs.Indicators, Sources: defs.Sources, Time: defs.Time}, err
	}
	st, err := streamed(path, 0, opt, gather)
	if !errors.Is(err, errNoCopy) {
		return st, err
	}
	b := &Batch{Regions: defs.Regions, Indicators: defs.Indicators, Sources: defs.Sources, Time: defs.Time}
	if err := each(func(o *model.Observation) error { b.Observations = append(b.Observations, *o); return nil }); err != nil {
		return st, err
	}
	db, err := Open(path, OpenOptions{Timeout: opt.Timeout})
	if err != nil {
		return st, err
	}
	defer db.Close()
	return db.Apply(b)
}

// planStream counts what writing the stream would do, in one read
// transaction of the database.
func planStream(src *DB, batch *Batch, stream obsStream, progress ProgressFunc) (Stats, error) {
	var st Stats
	err := src.view(func(tx *bolt.Tx) error {
		cat := newCatalogTx(tx)
		if err := putDefinitions(tx, batch, cat, &st, false); err != nil {
			return err
		}
		w := &obsWriter{tx: tx, cat: cat, files: batch.Files}
		done, total := int64(0), int64(stream.total())
		return eachBatch(stream, &st, writeBatchRows, func(obs []model.Observation, meta []RowMeta, enc *encodedObs) error {
			done += int64(len(obs))
			progress.report(stepWrite, done, total, ProgressRows)
			return w.put(obs, meta, enc, &st)
		})
	})
	return st, err
}

// eachBatch reads the stream in storage order, counts exact repeats of a
// figure once (st.Duplicates), refuses two different figures under one key,
// and hands fn batches of about limit figures, cut between series. The
// stream is read and batched on a goroutine of its own, a batch ahead of fn.
func eachBatch(stream obsStream, st *Stats, limit int, fn func([]model.Observation, []RowMeta, *encodedObs) error) error {
	type batch struct {
		obs  []model.Observation
		meta []RowMeta
		enc  *encodedObs // when the stream has the stored form
		slab []byte      // enc's bytes
		sums []byte      // enc's summaries' bytes
	}
	full, free := make(chan batch, 1), make(chan batch, 2)
	for range 2 {
		free <- batch{obs: make([]model.Observation, 0, limit+64), meta: make([]RowMeta, 0, limit+64), enc: &encodedObs{}}
	}
	stop := make(chan struct{})
	var dups int
	var readErr error
	go func() {
		defer close(full)
		b := <-free
		// The batch's summaries are made here, on the reading goroutine,
		// while the writer, bbolt's only goroutine, writes the last batch.
		var points []model.Point
		summarize := func() {
			if b.enc.summaries == nil {
				b.enc.summaries = map[int][]byte{}
			}
			e := encoder{b: b.sums[:0]}
			for start := 0; start < len(b.obs); {
				k := b.obs[start].Key()
				end := start + 1
				for end < len(b.obs) && b.obs[end].Key() == k {
					end++
				}
				sum := model.SummarizeSortedInto(k, 0, b.obs[start:end], points)
				points = sum.Points
				from := len(e.b)
				encodeSummaryTo(&e, &sum)
				b.enc.summaries[start] = e.b[from:len(e.b):len(e.b)]
				start = end
			}
			b.sums = e.b
		}
		send := func() bool {
			if len(b.enc.keys) == len(b.obs) { // else the writer gets no enc to use them
				summarize()
			}
			select {
			case full <- b:
			case <-stop:
				return false
			}
			select {
			case b = <-free:
				return true
			case <-stop:
				return false
			}
		}
		var prev model.Observation
		have := false
		for {
			o, m, key, val, ok, err := stream.next()
			if err != nil {
				readErr = err
				return
			}
			if !ok {
				break
			}
			if have && sameIdentity(&prev, &o) {
				if prev != o {
					readErr = model.Errorf("来源 %[5]s 中 %[1]s 在 %[2]s、%[3]s、%[4]s 的两个数据不同（%[6]s 和 %[7]s）：请保留一个",
						"two figures for %s in %s, %s, %s from source %s differ (%s and %s): keep one", o.Indicator, o.Region, subjectLabel(o.Subject), o.Period, o.Source,
						model.FormatNumber(prev.Value), model.FormatNumber(o.Value))
					return
				}
				dups++
				continue
			}
			if n := len(b.obs); n >= limit && (b.obs[n-1].Key() != o.Key() || n >= 2*limit) {
				if !send() {
					return
				}
			}
			b.obs = append(b.obs, o)
			b.meta = append(b.meta, m)
			if key != nil {
				start := len(b.slab)
				b.slab = append(b.slab, key...)
				b.slab = append(b.slab, val...)
				kv := b.slab[start:len(b.slab):len(b.slab)]
				b.enc.keys = append(b.enc.keys, kv[:len(key):len(key)])
				b.enc.vals = append(b.enc.vals, kv[len(key):])
			}
			prev, have = o, true
		}
		if len(b.obs) > 0 {
			send()
		}
	}()
	var err error
	for b := range full {
		if err == nil {
			enc := b.enc
			if len(enc.keys) != len(b.obs) {
				enc = nil
			}
			if err = fn(b.obs, b.meta, enc); err != nil {
				close(stop)
			}
		}
		clear(b.obs)
		b.enc.keys, b.enc.vals = b.enc.keys[:0], b.enc.vals[:0]
		clear(b.enc.summaries)
		free <- batch{b.obs[:0], b.meta[:0], b.enc, b.slab[:0], b.sums[:0]}
	}
	st.Duplicates += dups
	if err != nil {
		return err
	}
	return readErr
}
