package store

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
)

// A large import is built in a copy of the database, beside it, and renamed
// over it when complete:
//
//  1. the writers' lock is taken (a second import waits for it), and the
//     catalog is read from the database, which stays open read-only;
//  2. the rows are resolved and validated as they are read, and sorted into
//     storage order in runs on disk (runs.go): memory holds one run;
//  3. nothing is written if any row was refused; otherwise the database is
//     copied (tx.WriteTo: one consistent state, read while viewers keep
//     reading) to .NAME.import-*.tmp, and the sorted figures are merged
//     into the copy in batches of writeBatchRows, a transaction each, with
//     their revisions, counts and indexes; the region index, which is in
//     region order, is sorted on disk too and written last;
//  4. the copy gets the next generation, is synced, opened again and
//     checked (schema, generation, figures counted against the sources'
//     counts), and renamed over the database, whose directory is synced.
//
// A crash before the rename leaves the database as it was (and a copy that
// the next import removes); the rename itself is atomic. Viewers read the
// old file, which stays whole for as long as they hold it open, and see the
// new one at their next query (its generation and its file identity
// differ). bbolt keeps every page a transaction touches in memory until the
// commit, so one transaction for ten million figures would need gigabytes;
// batches bound it, and writing into a copy keeps the all-or-nothing
// promise that one transaction gave.

// Sizes of the streaming import: variables, so that tests can make them
// small enough to exercise every path with a few rows.
var (
	// Measured on 1M and 10M rows: smaller runs and batches than these
	// made no import faster, larger ones only made the live heap, and so
	// the work of the garbage collector under importMemoryLimit, grow.
	sortRunRows    = 1 << 15 // observations sorted in memory at a time (at least)
	maxRuns        = 128     // runs at most (a large import sorts larger runs)
	writeBatchRows = 1 << 15 // observations written per transaction of the copy
	indexRunBytes  = 8 << 20 // region-index entries sorted in memory at a time
	reopenBatches  = 8       // batches between two reopenings of the copy (see rebuild)
	// importMemoryLimit is the Go runtime's soft memory limit while a
	// streaming import runs: garbage is collected rarely (GOGC 200) until
	// the heap nears it.
	importMemoryLimit int64 = 192 << 20
)

// rebuild writes the stream into a copy of the database and renames the
// copy over it (see the top of this file).
func rebuild(src *DB, path string, srcStat os.FileInfo, gen uint64, batch *Batch, stream obsStream, progress ProgressFunc) (Stats, error) {
	var st Stats
	dir, base := filepath.Dir(path), filepath.Base(path)
	f, err := os.CreateTemp(dir, "."+base+".import-*.tmp")
	if err != nil {
		return st, writeError(path, err)
	}
	tmp := f.Name()
	placed := false
	defer func() {
		if !placed {
			os.Remove(tmp)
		}
	}()
	progress.report(stepCopy, 0, 0, ProgressBytes)
	err = src.view(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(f)
		return err
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return st, writeError(path, err)
	}
	if err := os.Chmod(tmp, srcStat.Mode().Perm()); err != nil {
		return st, writeError(path, err)
	}

	cp, err := openCopy(tmp, path)
	if err != nil {
		return st, err
	}
	defer func() {
		if cp != nil {
			cp.bolt.Close()
		}
	}()
	if err := cp.updateTx(func(tx *bolt.Tx) error { return putDefinitions(tx, batch, newCatalogTx(tx), &st, true) }); err != nil {
		return st, err
	}
	regionIndex := newRecordSorter(path, indexRunBytes)
	defer regionIndex.close()
	when := batch.Time
	if when.IsZero() {
		when = time.Now()
	}
	done, total, batches := int64(0), int64(stream.total()), 0
	err = eachBatch(stream, &st, writeBatchRows, func(obs []model.Observation, meta []RowMeta, enc *encodedObs) error {
		// bbolt reads through a memory mapping of the whole file: pages read
		// stay resident until it is unmapped. Reopening the copy now and
		// then keeps them from adding up when an import reads a large
		// database back (figures it replaces, series it adds to).
		if batches++; batches%reopenBatches == 0 {
			cp.bolt.Close()
			if cp, err = openCopy(tmp, path); err != nil {
				return err
			}
		}
		err := cp.updateTx(func(tx *bolt.Tx) error {
			w := obsWriter{tx: tx, cat: newCatalogTx(tx), when: when, files: batch.Files, write: true, regionIndex: regionIndex}
			return w.put(obs, meta, enc, &st)
		})
		done += int64(len(obs))
		progress.report(stepWrite, done, total, ProgressRows)
		return err
	})
	if err != nil {
		return st, err
	}
	if !st.Changes() {
		return st, nil // nothing changes: the database stays as it was, to the byte
	}
	if err := writeSortedIndex(cp, bucketRegionSeries, regionIndex); err != nil {
		return st, err
	}
	err = cp.updateTx(func(tx *bolt.Tx) error { return putUint(tx.Bucket(bucketMeta), keyGeneration, gen+1) })
	if err != nil {
		return st, err
	}
	if err := cp.bolt.Sync(); err != nil {
		return st, writeError(path, err)
	}
	err = cp.bolt.Close()
	cp = nil
	if err != nil {
		return st, writeError(path, err)
	}
	progress.finish(stepWrite, done, total, ProgressRows)

	progress.report(stepVerify, 0, 0, ProgressRows)
	if err := verifyCopy(tmp, path, gen+1, src, st); err != nil {
		return st, err
	}
	// The database must still be the one that was copied: a writer that
	// does not take the writers' lock (an older gansudash) would otherwise
	// lose its figures.
	now, err := os.Stat(path)
	if err != nil || !os.SameFile(now, srcStat) {
		return st, &PathError{Path: path, Err: model.Errorf("导入期间数据库被替换", "the database was replaced during the import"),
			Hint: hint("未写入任何内容；请重新导入", "nothing was written; import again")}
	}
	if g, err := src.Generation(); err != nil || g != gen {
		return st, &PathError{Path: path, Err: model.Errorf("导入期间另一进程写入了数据库", "another process wrote to the database during the import"),
			Hint: hint("未写入任何内容；请重新导入", "nothing was written; import again")}
	}
	if err := os.Rename(tmp, path); err != nil {
		return st, writeError(path, err)
	}
	placed = true
	syncDir(dir)
	return st, nil
}

// openCopy opens the copy an import writes into. It is not the database
// until it is renamed: transactions are not synced one by one (a crash
// loses the copy, never the database), the copy is synced once at the end.
// Errors name the database.
func openCopy(tmp, path string) (*DB, error) {
	b, err := openBolt(tmp, &bolt.Options{Timeout: time.Second, FreelistType: bolt.FreelistMapType, NoSync: true,
		InitialMmapSize: writerMmapSize(tmp)})
	if err != nil {
		return nil, writeError(path, err)
	}
	b.AllocSize = writerAllocSize
	return &DB{bolt: b, path: path}, nil
}

// writeSortedIndex puts an index's entries, sorted on disk, into bucket,
// in transactions of writeBatchRows entries.
func writeSortedIndex(cp *DB, bucket []byte, s *recordSorter) error {
	var keys, vals [][]byte
	var arena byteArena
	flush := func() error {
		err := cp.updateTx(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucket)
			b.FillPercent = 0.95
			for i := range keys {
				if err := b.Put(keys[i], vals[i]); err != nil {
					return err
				}
			}
			return nil
		})
		keys, vals, arena = keys[:0], vals[:0], byteArena{}
		return err
	}
	err := s.each(func(k, v []byte) error {
		keys = append(keys, arena.clone(k))
		vals = append(vals, arena.clone(v))
		if len(keys) == writeBatchRows {
			return flush()
		}
		return nil
	})
	if err != nil {
		return writeError(cp.path, err)
	}
	return flush()
}

// verifyCopy opens the finished copy as a viewer would and checks what can
// be checked without reading every page: the schema, that the file holds
// what its meta page says, the generation, and that the sources' counts add
// up to the figures before plus those added.
func verifyCopy(tmp, path string, gen uint64, src *DB, st Stats) error {
	before, err := src.figures()
	if err != nil {
		return err
	}
	db, err := open(tmp, OpenOptions{ReadOnly: true, Timeout: time.Second}, false)
	if err != nil {
		return copyDamaged(path, err)
	}
	defer db.Close()
	g, err := db.Generation()
	if err != nil {
		return copyDamaged(path, err)
	}
	after, err := db.figures()
	if err != nil {
		return copyDamaged(path, err)
	}
	switch {
	case g != gen:
		return copyDamaged(path, model.Errorf("副本的版本号为 %d，应为 %d", "the copy's generation is %d, not %d", g, gen))
	case after != before+st.Added:
		return copyDamaged(path, model.Errorf("副本有 %d 个数据，应为 %d 个", "the copy holds %d figures, not %d", after, before+st.Added))
	}
	return nil
}

// figures counts the figures by the sources' counts.
func (db *DB) figures() (int, error) {
	n := 0
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSourceCounts).ForEach(func(k, v []byte) error {
			n += int(getUint(tx.Bucket(bucketSourceCounts), k))
			return nil
		})
	})
	return n, err
}

func copyDamaged(path string, err error) error {
	return &PathError{Path: path, Err: ErrDamaged, Also: err,
		Hint: hint("导入所建的副本未通过校验，未写入任何内容；请运行 gansudash check", "the copy the import built failed its check, so nothing was written; run gansudash check")}
}

// writeError is a failure to write the copy or the sorted runs: the
// database was not touched.
func writeError(path string, err error) error {
	var pe *PathError
	if errors.As(err, &pe) {
		return err
	}
	if outOfSpace(err) {
		return &PathError{Path: path, Err: err, Hint: hint("磁盘已满或文件大小受限；未写入任何内容：导入需要数据库大小的空余空间用于副本，请腾出空间（或放宽限制）后重试",
			"the disk is full or the file size is limited; nothing was written: an import needs free space the size of the database for its copy; free some space (or raise the limit) and try again")}
	}
	return &PathError{Path: path, Err: err, Hint: hint("未写入任何内容", "nothing was written")}
}

// removeStaleCopies removes the copies of imports that were killed before
// they finished. It runs with the writers' lock held: no import is running.
func removeStaleCopies(path string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+globEscape(filepath.Base(path))+".import-*.tmp"))
	for _, m := range matches {
		os.Remove(m)
	}
}

// globEscape escapes the characters filepath.Match treats specially.
func globEscape(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', '\\':
			out = append(out, '\\')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
