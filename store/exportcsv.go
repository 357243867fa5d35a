package store

import (
	"bytes"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelCSV is export's CSV writer: records are gathered in batches,
// each batch is formatted on a worker per core while the snapshot's
// goroutine reads on, and the batches are written in their order, so the
// output is byte for byte what one CSVWriter would write.
type parallelCSV struct {
	w      io.Writer
	raw    bool
	header []string // FieldHeaders
	batch  []ExportRecord
	work   chan csvJob
	order  chan csvDone
	wrote  chan error
	err    atomic.Value // the writer's first error
	wg     sync.WaitGroup
	// Batches and their formatted bytes go back to be used again: export
	// allocates as little as it can (its cost was half garbage collection).
	batches, bufs sync.Pool
}

type csvJob struct {
	recs []ExportRecord
	out  chan *bytes.Buffer
}

type csvDone struct {
	out  chan *bytes.Buffer
	recs []ExportRecord
}

// csvBatch is how many records a worker formats at a time.
const csvBatch = 2048

func (p *parallelCSV) begin() error {
	head := NewCSVWriter(p.w, p.raw)
	if err := head.Write(p.header); err != nil {
		return err
	}
	if err := head.Flush(); err != nil {
		return err
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	p.work = make(chan csvJob, workers)
	p.order = make(chan csvDone, 2*workers)
	p.wrote = make(chan error, 1)
	for range workers {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			enc := newCSVRowEncoder(p.raw)
			for j := range p.work {
				buf, _ := p.bufs.Get().(*bytes.Buffer)
				if buf == nil {
					buf = bytes.NewBuffer(make([]byte, 0, csvBatch*512))
				}
				b := buf.Bytes()
				for i := range j.recs {
					b = enc.appendRecord(b, &j.recs[i])
				}
				buf = bytes.NewBuffer(b)
				j.out <- buf
			}
		}()
	}
	go func() {
		var err error
		for d := range p.order {
			buf := <-d.out
			if err == nil {
				if _, err = p.w.Write(buf.Bytes()); err != nil {
					p.err.Store(err)
				}
			}
			buf.Reset()
			p.bufs.Put(buf)
			clear(d.recs)
			p.batches.Put(d.recs[:0])
		}
		p.wrote <- err
	}()
	return nil
}

func (p *parallelCSV) record(r *ExportRecord) error {
	if err, _ := p.err.Load().(error); err != nil {
		return err
	}
	if p.batch == nil {
		p.batch, _ = p.batches.Get().([]ExportRecord)
		if p.batch == nil {
			p.batch = make([]ExportRecord, 0, csvBatch)
		}
	}
	p.batch = append(p.batch, *r)
	if len(p.batch) == csvBatch {
		p.dispatch()
	}
	return nil
}

func (p *parallelCSV) dispatch() {
	out := make(chan *bytes.Buffer, 1)
	p.order <- csvDone{out: out, recs: p.batch}
	p.work <- csvJob{recs: p.batch, out: out}
	p.batch = nil
}

// end writes what is left and waits for the writer; it must be called once
// begin succeeded, whatever happened in between.
func (p *parallelCSV) end() error {
	if len(p.batch) > 0 {
		p.dispatch()
	}
	close(p.work)
	close(p.order)
	err := <-p.wrote
	p.wg.Wait()
	return err
}
