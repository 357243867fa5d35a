package store

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/gansudash/gansudash/model"
)

// An import of any size sorts its rows into storage order in bounded memory:
// rows are gathered a run at a time, each run is sorted and written to a
// temporary file beside the database, and the runs are merged as they are
// written. A file holds records of a key, a value and the row's RowMeta:
//
//	uvarint(len key) key uvarint(len value) value keep(1) uvarint(file)
//
// The files are removed as soon as they are created (where the system
// allows it, as Unix does), so that nothing is left behind, whatever ends
// the process.

// runFile is one sorted run on disk.
type runFile struct {
	f    *os.File
	name string // removed at close, where it could not be removed at once
	n    int    // records
}

func (r *runFile) close() {
	r.f.Close()
	if r.name != "" {
		os.Remove(r.name)
	}
}

// newRunFile creates a run file in dir, removed at once where the system
// allows it.
func newRunFile(dir, base string) (*runFile, error) {
	f, err := os.CreateTemp(dir, "."+base+".sort-*.tmp")
	if err != nil {
		return nil, err
	}
	r := &runFile{f: f}
	if os.Remove(f.Name()) != nil {
		r.name = f.Name()
	}
	return r, nil
}

// runWriter writes records to a run file.
type runWriter struct {
	run *runFile
	w   *bufio.Writer
	tmp []byte
}

func newRunWriter(run *runFile) *runWriter {
	return &runWriter{run: run, w: bufio.NewWriterSize(run.f, 1<<20)}
}

func (w *runWriter) put(key, val []byte, m RowMeta) error {
	b := w.tmp[:0]
	b = binary.AppendUvarint(b, uint64(len(key)))
	b = append(b, key...)
	b = binary.AppendUvarint(b, uint64(len(val)))
	b = append(b, val...)
	b = append(b, byte(m.Keep))
	b = binary.AppendUvarint(b, uint64(m.File))
	w.tmp = b
	w.run.n++
	_, err := w.w.Write(b)
	return err
}

func (w *runWriter) finish() error {
	if err := w.w.Flush(); err != nil {
		return err
	}
	_, err := w.run.f.Seek(0, io.SeekStart)
	return err
}

// runReader reads a run file back, one record at a time.
type runReader struct {
	r        *bufio.Reader
	idx      int // the run's place: ties go to the earlier run
	key, val []byte
	meta     RowMeta
}

var errRunDamaged = errors.New("a temporary sort file is damaged")

// next reads the next record into key, val and meta; io.EOF at the end.
func (r *runReader) next() error {
	readBytes := func(buf []byte) ([]byte, error) {
		n, err := binary.ReadUvarint(r.r)
		if err != nil {
			return nil, err
		}
		if n > MaxRecordBytes*4 {
			return nil, errRunDamaged
		}
		buf = slices.Grow(buf[:0], int(n))[:n]
		if _, err := io.ReadFull(r.r, buf); err != nil {
			return nil, errRunDamaged
		}
		return buf, nil
	}
	var err error
	if r.key, err = readBytes(r.key); err != nil {
		return err // io.EOF: the end
	}
	if r.val, err = readBytes(r.val); err != nil {
		return errRunDamaged
	}
	keep, err := r.r.ReadByte()
	if err != nil {
		return errRunDamaged
	}
	file, err := binary.ReadUvarint(r.r)
	if err != nil {
		return errRunDamaged
	}
	r.meta = RowMeta{Keep: KeepFields(keep), File: uint16(file)}
	return nil
}

// runHeap orders the current records of the runs: by key, then by run.
type runHeap []*runReader

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if c := bytes.Compare(h[i].key, h[j].key); c != 0 {
		return c < 0
	}
	return h[i].idx < h[j].idx
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*runReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// runMerger yields the records of every run in key order; records with
// the same key come in the order they were added.
type runMerger struct {
	runs    []*runFile
	h       runHeap
	started bool
	cur     *runReader
	total   int // records in every run
}

func newRunMerger(runs []*runFile) *runMerger {
	m := &runMerger{runs: runs}
	for i, r := range runs {
		m.h = append(m.h, &runReader{r: bufio.NewReaderSize(r.f, 64<<10), idx: i})
		m.total += r.n
	}
	return m
}

// next advances to the next record; false at the end. The record's
// bytes stay valid until the next call.
func (m *runMerger) next() (key, val []byte, meta RowMeta, ok bool, err error) {
	if !m.started {
		m.started = true
		live := m.h[:0]
		for _, r := range m.h {
			switch err := r.next(); {
			case err == nil:
				live = append(live, r)
			case !errors.Is(err, io.EOF):
				return nil, nil, meta, false, err
			}
		}
		m.h = live
		heap.Init(&m.h)
	} else if m.cur != nil {
		switch err := m.cur.next(); {
		case err == nil:
			heap.Fix(&m.h, 0)
		case errors.Is(err, io.EOF):
			heap.Pop(&m.h)
		default:
			return nil, nil, meta, false, err
		}
	}
	if len(m.h) == 0 {
		m.cur = nil
		return nil, nil, meta, false, nil
	}
	m.cur = m.h[0]
	return m.cur.key, m.cur.val, m.cur.meta, true, nil
}

func (m *runMerger) close() {
	for _, r := range m.runs {
		r.close()
	}
	m.runs = nil
}

// obsSorter gathers observations and hands them back in storage order. A
// run of limit observations is sorted in memory (storageOrder) and written
// to disk on a goroutine of its own while the next run gathers; an import
// that fits in one run never touches the disk.
type obsSorter struct {
	dir, base string
	limit     int
	obs       []model.Observation
	meta      []RowMeta
	runs      []*runFile
	// pending is the run being written, if any: its result, and its
	// buffers to gather into again.
	pending   chan spillResult
	spareObs  []model.Observation
	spareMeta []RowMeta
}

type spillResult struct {
	run  *runFile
	err  error
	obs  []model.Observation
	meta []RowMeta
}

func newObsSorter(dbPath string, limit int) *obsSorter {
	return &obsSorter{dir: filepath.Dir(dbPath), base: filepath.Base(dbPath), limit: limit}
}

func (s *obsSorter) add(o *model.Observation, m RowMeta) error {
	s.obs = append(s.obs, *o)
	s.meta = append(s.meta, m)
	if len(s.obs) >= s.limit {
		return s.spill(true)
	}
	return nil
}

// wait waits for the run being written.
func (s *obsSorter) wait() error {
	if s.pending == nil {
		return nil
	}
	r := <-s.pending
	s.pending = nil
	s.spareObs, s.spareMeta = r.obs, r.meta
	if r.run != nil {
		s.runs = append(s.runs, r.run)
	}
	return r.err
}

// spill writes the gathered observations as a run, in the background when
// async (gathering goes on into the other buffers).
func (s *obsSorter) spill(async bool) error {
	if err := s.wait(); err != nil {
		return err
	}
	if len(s.obs) == 0 {
		return nil
	}
	obs, meta := s.obs, s.meta
	s.obs, s.meta = s.spareObs[:0], s.spareMeta[:0]
	s.spareObs, s.spareMeta = nil, nil
	done := make(chan spillResult, 1)
	s.pending = done
	dir, base := s.dir, s.base
	write := func() {
		run, err := writeRun(dir, base, obs, meta)
		clear(obs) // let the strings go
		done <- spillResult{run: run, err: err, obs: obs[:0], meta: meta[:0]}
	}
	if !async {
		write()
		return s.wait()
	}
	go write()
	return nil
}

// writeRun sorts observations into storage order and writes them as a run.
func writeRun(dir, base string, obs []model.Observation, meta []RowMeta) (*runFile, error) {
	permute(obs, meta, storageOrder(obs))
	run, err := newRunFile(dir, base)
	if err != nil {
		return nil, err
	}
	w := newRunWriter(run)
	var key []byte
	var enc encoder
	for i := range obs {
		o := &obs[i]
		key = appendObsKey(key[:0], o)
		enc.b = enc.b[:0]
		encodeObsValue(&enc, o)
		if err := w.put(key, enc.b, meta[i]); err != nil {
			return run, err
		}
	}
	return run, w.finish()
}

// obsStream yields observations in storage order, once.
type obsStream interface {
	// next returns the next observation; false at the end. The
	// observation's strings may be shared with the previous one's. key and
	// val are it as obs stores it, when the stream has them (else nil),
	// valid until the next call.
	next() (o model.Observation, m RowMeta, key, val []byte, ok bool, err error)
	total() int
	close()
}

// finish returns the observations in storage order: from memory when they
// fit in one run, else merged from the runs on disk.
func (s *obsSorter) finish() (obsStream, error) {
	if err := s.wait(); err != nil {
		s.close()
		return nil, err
	}
	if len(s.runs) == 0 {
		permute(s.obs, s.meta, storageOrder(s.obs))
		return &memStream{obs: s.obs, meta: s.meta}, nil
	}
	if err := s.spill(false); err != nil {
		s.close()
		return nil, err
	}
	s.obs, s.meta, s.spareObs, s.spareMeta = nil, nil, nil, nil
	runs := s.runs
	s.runs = nil
	return &mergeStream{m: newRunMerger(runs)}, nil
}

// close removes the runs (after a failure; finish hands them over).
func (s *obsSorter) close() {
	s.wait()
	for _, r := range s.runs {
		r.close()
	}
	s.runs = nil
}

type memStream struct {
	obs  []model.Observation
	meta []RowMeta
	i    int
}

func (m *memStream) next() (model.Observation, RowMeta, []byte, []byte, bool, error) {
	if m.i == len(m.obs) {
		return model.Observation{}, RowMeta{}, nil, nil, false, nil
	}
	m.i++
	return m.obs[m.i-1], m.meta[m.i-1], nil, nil, true, nil
}
func (m *memStream) total() int { return len(m.obs) }
func (m *memStream) close()     { m.obs, m.meta = nil, nil }

type mergeStream struct {
	m    *runMerger
	prev model.Observation
}

func (s *mergeStream) next() (model.Observation, RowMeta, []byte, []byte, bool, error) {
	k, v, meta, ok, err := s.m.next()
	if !ok || err != nil {
		return model.Observation{}, meta, nil, nil, false, err
	}
	o, err := decodeObsAfter(k, v, &s.prev)
	if err != nil {
		return o, meta, nil, nil, false, err
	}
	s.prev = o
	return o, meta, k, v, true, nil
}
func (s *mergeStream) total() int { return s.m.total }
func (s *mergeStream) close()     { s.m.close() }

// recordSorter gathers key-value records (an index's entries) and hands
// them back in key order, a run of about limit bytes at a time in memory.
// The last record given for a key wins.
type recordSorter struct {
	dir, base string
	limit     int
	arena     []byte
	recs      []sortedRec
	runs      []*runFile
	// A full buffer is sorted and written on a goroutine of its own while
	// the writer fills the other one: the writer is bbolt's only goroutine.
	pending            chan error
	spareArena, inUseA []byte
	spareRecs, inUseR  []sortedRec
}

type sortedRec struct{ off, klen, vlen uint32 }

func newRecordSorter(dbPath string, limit int) *recordSorter {
	return &recordSorter{dir: filepath.Dir(dbPath), base: filepath.Base(dbPath), limit: limit}
}

func (s *recordSorter) add(key, val []byte) error {
	s.recs = append(s.recs, sortedRec{uint32(len(s.arena)), uint32(len(key)), uint32(len(val))})
	s.arena = append(s.arena, key...)
	s.arena = append(s.arena, val...)
	if len(s.arena) >= s.limit {
		return s.spill(true)
	}
	return nil
}

func (s *recordSorter) rec(r sortedRec) (key, val []byte) { return arenaRec(s.arena, r) }

func arenaRec(arena []byte, r sortedRec) (key, val []byte) {
	return arena[r.off : r.off+r.klen], arena[r.off+r.klen : r.off+r.klen+r.vlen]
}

// sortRecs sorts records in memory, keeping the order of equal keys.
func sortRecs(arena []byte, recs []sortedRec) {
	slices.SortStableFunc(recs, func(a, b sortedRec) int {
		ka, _ := arenaRec(arena, a)
		kb, _ := arenaRec(arena, b)
		return bytes.Compare(ka, kb)
	})
}

// spill sorts the buffered records and writes them as a run, in the
// background when async.
func (s *recordSorter) spill(async bool) error {
	if err := s.wait(); err != nil {
		return err
	}
	if len(s.recs) == 0 {
		return nil
	}
	run, err := newRunFile(s.dir, s.base)
	if err != nil {
		return err
	}
	s.runs = append(s.runs, run)
	arena, recs := s.arena, s.recs
	write := func() error {
		sortRecs(arena, recs)
		w := newRunWriter(run)
		for _, r := range recs {
			k, v := arenaRec(arena, r)
			if err := w.put(k, v, RowMeta{}); err != nil {
				return err
			}
		}
		return w.finish()
	}
	s.arena, s.recs = s.spareArena[:0], s.spareRecs[:0]
	if !async {
		s.spareArena, s.spareRecs = arena, recs
		return write()
	}
	s.inUseA, s.inUseR = arena, recs
	s.pending = make(chan error, 1)
	go func() { s.pending <- write() }()
	return nil
}

// wait waits for the run being written and takes its buffers back.
func (s *recordSorter) wait() error {
	if s.pending == nil {
		return nil
	}
	err := <-s.pending
	s.pending = nil
	s.spareArena, s.spareRecs, s.inUseA, s.inUseR = s.inUseA, s.inUseR, nil, nil
	return err
}

// each calls fn with every record in key order, each key once (its last
// record), and removes the runs.
func (s *recordSorter) each(fn func(key, val []byte) error) error {
	defer s.close()
	if err := s.wait(); err != nil {
		return err
	}
	if len(s.runs) == 0 {
		sortRecs(s.arena, s.recs)
		for i, r := range s.recs {
			if i+1 < len(s.recs) {
				k, _ := s.rec(r)
				if next, _ := s.rec(s.recs[i+1]); bytes.Equal(k, next) {
					continue
				}
			}
			if err := fn(s.rec(r)); err != nil {
				return err
			}
		}
		return nil
	}
	if err := s.spill(false); err != nil {
		return err
	}
	s.arena, s.recs, s.spareArena, s.spareRecs = nil, nil, nil, nil
	m := newRunMerger(s.runs)
	s.runs = nil
	defer m.close()
	var pk, pv []byte
	have := false
	for {
		k, v, _, ok, err := m.next()
		if err != nil {
			return err
		}
		if have && (!ok || !bytes.Equal(k, pk)) {
			if err := fn(pk, pv); err != nil {
				return err
			}
		}
		if !ok {
			return nil
		}
		pk, pv, have = append(pk[:0], k...), append(pv[:0], v...), true
	}
}

func (s *recordSorter) close() {
	s.wait() // its run is closed below; an error no longer matters
	for _, r := range s.runs {
		r.close()
	}
	s.runs = nil
}
