package store

import (
	"runtime/debug"
	"time"

	"github.com/gansudash/gansudash/model"
)

// ImportOptions say how to import files of figures.
type ImportOptions struct {
	Read ReadOptions
	// Create adds unknown regions, indicators and sources from the files'
	// definition columns instead of refusing them.
	Create bool
	// DryRun validates and counts, and writes nothing.
	DryRun bool
	// Source cites rows whose source cell is empty (or files without a source
	// column): a source ID or title; an unknown title is added.
	Source string
	// Timeout bounds the wait for another writer to finish (0: the default).
	Timeout time.Duration
	// Progress, when set, hears how far the import got.
	Progress ProgressFunc
}

// ImportResult tells what an import did, or would do.
type ImportResult struct {
	Stats
	Rows     int       // figures read from the files
	Ignored  []string  // headers that were not understood, per file: "file: header"
	Warnings ErrorList // what was noted but not refused (a name that differs from the stored one)
}

// inPlaceRows is the largest import written in place, in one transaction
// of the database itself (see Import); a larger one is built in a copy.
// bbolt holds every page a transaction touches in memory until it
// commits: ten thousand figures touch at most ten thousand pages (40 MB),
// and take a few tens of milliseconds.
var inPlaceRows = 10_000

// Import reads the files, validates every row against the database, and
// writes them all or not at all: one bad row anywhere means nothing is
// written, and an ErrorList lists every problem with file, line and column.
//
// A small import (at most inPlaceRows rows) is one transaction of the
// database. A larger one streams: rows are resolved and validated as they
// are read, sorted on disk (runs.go), and written in batches of bounded
// size, each its own transaction, into a copy of the database beside it,
// which is renamed over the database when complete (rebuild.go). Memory
// does not grow with the files either way; a crash leaves the database as
// it was, and viewers read the old file until the rename.
func Import(path string, files []string, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	if len(files) == 0 {
		return res, model.Errorf("没有要导入的文件", "no files to import")
	}
	tables := make([]*Sheet, 0, len(files))
	defer func() {
		for _, t := range tables {
			t.Close()
		}
	}()
	rows := 0
	for _, f := range files {
		t, err := ReadFile(f, opt.Read)
		if err != nil {
			return res, err
		}
		for _, h := range t.Ignored {
			res.Ignored = append(res.Ignored, f+": "+h)
		}
		tables = append(tables, t)
		rows += max(len(t.Rows), t.rowsHint)
	}
	return importSheets(path, tables, rows, opt, res)
}

// ImportBytes imports one file held in memory, named name in messages,
// exactly as Import imports a file of that name: the review screen of
// extract imports the rows a person accepted this way.
func ImportBytes(path, name string, data []byte, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	t, err := ReadBytes(name, data, opt.Read)
	if err != nil {
		return res, err
	}
	defer t.Close()
	for _, h := range t.Ignored {
		res.Ignored = append(res.Ignored, name+": "+h)
	}
	return importSheets(path, []*Sheet{t}, max(len(t.Rows), t.rowsHint), opt, res)
}

// importSheets imports the tables' rows (about rows of them): a small
// import in one transaction of the database, a large one streamed into a
// copy in bounded memory.
func importSheets(path string, tables []*Sheet, rows int, opt ImportOptions, res ImportResult) (ImportResult, error) {
	if rows > inPlaceRows {
		return importStreaming(path, tables, rows, opt, res)
	}
	return importInPlace(path, tables, opt, res)
}

// importInPlace resolves every row into one batch and writes it in one
// transaction of the database.
func importInPlace(path string, tables []*Sheet, opt ImportOptions, res ImportResult) (ImportResult, error) {
	// The batch is held in memory whole: collecting garbage less often is
	// faster (measured: GOGC 400 beat 100 and 200).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	db, err := Open(path, OpenOptions{ReadOnly: opt.DryRun, Timeout: opt.Timeout})
	if err != nil {
		return res, err
	}
	defer db.Close()
	var batch *Batch
	err = db.View(func(s *Snapshot) error {
		c, err := s.Catalog()
		if err != nil {
			return err
		}
		r := NewResolver(c, opt.Create)
		r.DefaultSource = opt.Source
		for _, t := range tables {
			r.AddSheet(t)
		}
		res.Rows = r.Rows()
		res.Warnings = r.Warnings()
		if err := r.Err(); err != nil {
			return err
		}
		batch = r.Batch()
		return nil
	})
	if err != nil {
		return res, err
	}
	opt.Progress.report(stepWrite, 0, int64(len(batch.Observations)), ProgressRows)
	if opt.DryRun {
		res.Stats, err = db.Plan(batch)
	} else {
		res.Stats, err = db.Apply(batch)
	}
	if err == nil {
		opt.Progress.finish(stepWrite, int64(len(batch.Observations)), int64(len(batch.Observations)), ProgressRows)
	}
	return res, err
}
