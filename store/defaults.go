package store

import (
	"embed"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store/atomicfile"
)

// The default dataset: every figure of the five articles the product started
// from, as reviewable CSV (see data/README.md).
//
// Two sets of figures load on first run: every figure of the five articles
// (figures.csv, sources.csv), and published multi-year figures of the same
// regions from statistical communiqués, work reports and official papers,
// each with its page's address (public_figures.csv, public_sources.csv).
//
//go:embed data/regions.csv data/sources.csv data/figures.csv data/public_sources.csv data/public_figures.csv
var defaultData embed.FS

// DefaultFiles are the embedded files, in the order they load.
var DefaultFiles = []string{"data/regions.csv", "data/sources.csv", "data/public_sources.csv", "data/figures.csv", "data/public_figures.csv"}

// DefaultFigureFiles are the embedded files of figures.
var DefaultFigureFiles = []string{"data/figures.csv", "data/public_figures.csv"}

// DefaultFile returns an embedded default-data file.
func DefaultFile(name string) ([]byte, error) { return defaultData.ReadFile(name) }

// DefaultBatch builds the default dataset: its regions, sources, indicators
// and figures, validated as an import with --create would validate them.
func DefaultBatch() (*Batch, error) {
	r := NewResolver(nil, true)
	if err := LoadDefinitions(r, "data/regions.csv", defaultData.ReadFile, "data/sources.csv", "data/public_sources.csv"); err != nil {
		return nil, err
	}
	for _, name := range DefaultFigureFiles {
		data, err := defaultData.ReadFile(name)
		if err != nil {
			return nil, err
		}
		t, err := ReadBytes(name, data, ReadOptions{})
		if err != nil {
			return nil, err
		}
		r.AddSheet(t)
	}
	if err := r.Err(); err != nil {
		return nil, model.Errorf("内置的默认数据集有误：\n%w", "the embedded default dataset is invalid:\n%w", err)
	}
	return r.Batch(), nil
}

// LoadDefinitions reads a regions file and sources files into the resolver.
func LoadDefinitions(r *Resolver, regionsFile string, read func(string) ([]byte, error), sourcesFiles ...string) error {
	data, err := read(regionsFile)
	if err != nil {
		return err
	}
	rows, lines, err := readSimpleCSV(regionsFile, data, "id", "name_zh", "name_en", "level", "parent")
	if err != nil {
		return err
	}
	for i, row := range rows {
		lvl, err := model.ParseLevel(row["level"])
		if err != nil {
			return model.Errorf("%s:%d: %w", "%s:%d: %w", regionsFile, lines[i], err)
		}
		reg := model.Region{ID: row["id"], NameZH: row["name_zh"], NameEN: row["name_en"], Level: lvl, Parent: row["parent"]}
		if err := reg.Validate(); err != nil {
			return model.Errorf("%s:%d: %w", "%s:%d: %w", regionsFile, lines[i], err)
		}
		r.DefineRegion(reg)
	}
	for _, sourcesFile := range sourcesFiles {
		if err := loadSources(r, sourcesFile, read); err != nil {
			return err
		}
	}
	return nil
}

func loadSources(r *Resolver, sourcesFile string, read func(string) ([]byte, error)) error {
	data, err := read(sourcesFile)
	if err != nil {
		return err
	}
	rows, lines, err := readSimpleCSV(sourcesFile, data, "id", "title", "publisher", "date", "authors")
	if err != nil {
		return err
	}
	for i, row := range rows {
		s := model.Source{ID: row["id"], Title: row["title"], Publisher: row["publisher"], Date: row["date"], Authors: row["authors"],
			URL: row["url"], NoteZH: row["note_zh"], NoteEN: row["note_en"]}
		if row["note"] != "" {
			s.NoteZH, s.NoteEN = model.SplitNote(row["note"])
		}
		if err := s.Validate(); err != nil {
			return model.Errorf("%s:%d: %w", "%s:%d: %w", sourcesFile, lines[i], err)
		}
		r.DefineSource(s)
	}
	return nil
}

// EnsureDefault creates the database at path from the default dataset if
// nothing exists there yet, and reports whether it did. The database is built
// in a temporary file beside path and renamed into place only when complete,
// so a crash never leaves a half-made database at path.
func EnsureDefault(path string) (bool, error) {
	if _, err := os.Stat(path); err == nil {
		return false, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, &PathError{Path: path, Err: err}
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, &PathError{Path: dir, Err: err, Hint: hint("无法创建数据目录；请用 --db 把数据库放在别处", "cannot create the data directory; use --db to put the database elsewhere")}
	}
	batch, err := DefaultBatch()
	if err != nil {
		return false, err
	}
	err = atomicfile.Build(path, atomicfile.NoClobber, func(tmp string) error {
		db, err := Create(tmp)
		if err != nil {
			return err
		}
		if _, err := db.Apply(batch); err != nil {
			db.Close()
			return err
		}
		if err := db.Close(); err != nil {
			return &PathError{Path: path, Err: err}
		}
		return nil
	})
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrExist):
		return false, nil // another process created it meanwhile: use theirs
	case errors.As(err, &pe) && pe.Path == path: // the writer's own: the directory is not writable
		return false, &PathError{Path: dir, Err: pe.Err, Hint: hint("无法写入数据目录；请用 --db 把数据库放在别处", "cannot write in the data directory; use --db to put the database elsewhere")}
	case err != nil:
		return false, err
	}
	return true, nil
}
