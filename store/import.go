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
}

// ImportResult tells what an import did, or would do.
type ImportResult struct {
	Stats
	Rows     int       // figures read from the files
	Ignored  []string  // headers that were not understood, per file: "file: header"
	Warnings ErrorList // what was noted but not refused (a name that differs from the stored one)
}

// Import reads the files, validates every row against the database, and
// writes them in one transaction: one bad row anywhere means nothing is
// written, and an ErrorList lists every problem with file, line and column.
// The files are read before the database is locked; the lock is held only
// to resolve and write.
func Import(path string, files []string, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	if len(files) == 0 {
		return res, model.Errorf("没有要导入的文件", "no files to import")
	}
	// An import is a batch job that holds every row in memory anyway:
	// collecting garbage less often is faster (measured: GOGC 400 beat 100
	// and 200, and beat no collection at all, whose page faults cost more).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	tables := make([]*Sheet, 0, len(files))
	defer func() {
		for _, t := range tables {
			t.Close()
		}
	}()
	for _, f := range files {
		t, err := ReadFile(f, opt.Read)
		if err != nil {
			return res, err
		}
		for _, h := range t.Ignored {
			res.Ignored = append(res.Ignored, f+": "+h)
		}
		tables = append(tables, t)
	}
	return importSheets(path, tables, opt, res)
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
	return importSheets(path, []*Sheet{t}, opt, res)
}

// importSheets validates the tables' rows against the database and writes
// them in one transaction (or, dry, plans the write).
func importSheets(path string, tables []*Sheet, opt ImportOptions, res ImportResult) (ImportResult, error) {
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
	if opt.DryRun {
		res.Stats, err = db.Plan(batch)
	} else {
		res.Stats, err = db.Apply(batch)
	}
	return res, err
}
