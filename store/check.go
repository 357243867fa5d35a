package store

import (
	"bytes"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store/atomicfile"
)

// CheckReport is what Check found.
type CheckReport struct {
	Figures, Series, Regions, Indicators, Sources int
	Revisions                                     int      // replaced values kept in the revision history
	Problems                                      []string // in English
	// ProblemTexts are the same problems in both languages, for the
	// reader's: ProblemTexts[i] is Problems[i].
	ProblemTexts []model.Text
}

// problemFunc records a problem a check found; zh and en say it and take
// the same arguments.
type problemFunc func(zh, en string, args ...any)

// maxProblems bounds the problems a check lists; the count goes on.
const maxProblems = 200

// Check verifies the database: bbolt's own consistency check of the file's
// pages, then the model's: every figure's region, indicator and source exist,
// its unit and kind agree with its indicator, derived figures match their
// formula, published text agrees with the value, and every index (series
// summaries, region and source indexes, counts) matches the figures.
func (db *DB) Check() (CheckReport, error) {
	var rep CheckReport
	err := db.view(func(tx *bolt.Tx) error {
		rep = db.checkTx(tx, db.Progress, stepCheck)
		return nil
	})
	return rep, err
}

// checkTx checks the state tx sees. A panic on a damaged page is recovered
// by the caller's view.
func (db *DB) checkTx(tx *bolt.Tx, progress ProgressFunc, step model.Text) CheckReport {
	var rep CheckReport
	add := func(t model.Text) {
		rep.Problems = append(rep.Problems, t.EN)
		rep.ProblemTexts = append(rep.ProblemTexts, t)
	}
	problem := func(zh, en string, args ...any) {
		// Printed at once: the arguments may point into the file's mapping,
		// which is gone once the transaction ends.
		if len(rep.Problems) < maxProblems {
			add(frozen(model.T(zh, en, args...)))
		} else if len(rep.Problems) == maxProblems {
			add(model.Text{ZH: "……其余问题未列出", EN: "... more problems not listed"})
		}
	}
	s := &Snapshot{tx: tx, path: db.path}
	c, err := s.Catalog()
	if err != nil {
		problem("地区、指标和来源的定义：%v", "catalog: %v", err)
		return rep
	}
	rep.Regions, rep.Indicators, rep.Sources = len(c.Regions), len(c.Indicators), len(c.Sources)
	for _, r := range c.Regions {
		if err := r.Validate(); err != nil {
			problem("%v", "%v", err)
		}
		if r.Parent != "" {
			if _, ok := c.Tree.Get(r.Parent); !ok {
				problem("地区 %s：上级“%s”不存在", "region %s: parent %q does not exist", r.ID, r.Parent)
			}
		}
	}
	if len(c.Regions) != len(c.Tree.Roots())+countChildren(c) {
		problem("地区树中有循环", "the region tree has a cycle")
	}
	for _, ind := range c.Indicators {
		if err := ind.Validate(); err != nil {
			problem("%v", "%v", err)
		}
		if ind.GrowthOf != "" {
			if _, ok := c.Indicators[ind.GrowthOf]; !ok {
				problem("指标 %s：growth_of“%s”不存在", "indicator %s: growth_of %q does not exist", ind.ID, ind.GrowthOf)
			}
		}
	}
	sources := map[string]bool{}
	for _, src := range c.Sources {
		sources[src.ID] = true
	}
	checkFigures(tx, c, sources, &rep, problem, progress, step)
	rep.Revisions = checkRevisions(tx, problem)
	// bbolt's page check runs on a goroutine of its own, where a panic on a
	// damaged page could not be caught; it runs only once every key and
	// value of every bucket has been read here, where a panic is recovered
	// (the figures and the series indexes were read by checkFigures; bbolt
	// checks the order of every bucket's keys).
	if err := walkAll(tx, bucketObs, bucketSeries, bucketRegionSeries, bucketSourceSeries); err != nil {
		problem("%v", "%v", err)
		return rep
	}
	for err := range tx.Check() {
		problem("bbolt：%v", "bbolt: %v", err)
	}
	return rep
}

// walkAll reads every key and value of every bucket but those skipped (a
// damaged page panics here, in the caller's recovered goroutine) and checks
// that keys ascend. A value is touched once a page, which is what can
// fault.
func walkAll(tx *bolt.Tx, skip ...[]byte) error {
	return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		for _, s := range skip {
			if bytes.Equal(name, s) {
				return nil
			}
		}
		var prev []byte
		sum := 0
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if prev != nil && bytes.Compare(prev, k) >= 0 {
				return model.Errorf("存储桶 %s：键在 %q 处顺序错乱", "bucket %s: keys out of order at %q", string(name), string(k))
			}
			prev = k
			for i := 0; i < len(v); i += 4096 {
				sum += int(v[i])
			}
			if len(v) > 0 {
				sum += int(v[len(v)-1])
			}
		}
		_ = sum // touching the pages is the point
		return nil
	})
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// fileChecksum reads a file back and returns its CRC-32C.
func fileChecksum(path string) (uint32, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var sum uint32
	buf := make([]byte, 1<<20) // fewer system calls than io.Copy's 32 KB
	for {
		n, err := f.Read(buf)
		sum = crc32.Update(sum, castagnoli, buf[:n])
		if err == io.EOF {
			return sum, nil
		}
		if err != nil {
			return sum, err
		}
	}
}

func countChildren(c *Catalog) int {
	n := 0
	for _, r := range c.Regions {
		n += len(c.Tree.Children(r.ID))
	}
	return n
}

// checkValue checks a figure's number against its derivation or its
// published text.
func checkValue(o model.Observation, ind model.Indicator, problem problemFunc) {
	if o.Derived() {
		v, err := model.EvalFormula(o.Derivation)
		if err != nil {
			problem("%s：%v", "%s: %v", figureWhere(&o), err)
		} else if !closeEnough(v, o.Value) {
			problem("%s：推算式 %s 得 %s，存储的数值却是 %s", "%s: derivation %s gives %s, the stored value is %s", figureWhere(&o), o.Derivation, model.FormatNumber(v), model.FormatNumber(o.Value))
		}
		return
	}
	pv, err := model.ParseValue(o.Published)
	if err != nil {
		return // free text as published: nothing to compare
	}
	unit := pv.Unit
	if unit == "" {
		unit = ind.Unit
	}
	v, err := model.ConvertUnit(pv.Number, unit, ind.Unit)
	if err != nil {
		problem("%s：公布原文“%s”的单位是 %s，不是 %s", "%s: published %q is in %s, which is not %s", figureWhere(&o), o.Published, unit, ind.Unit)
		return
	}
	if !closeEnough(v, o.Value) || math.IsNaN(o.Value) {
		problem("%s：公布原文“%s”表示 %s，存储的数值却是 %s", "%s: published %q says %s, the stored value is %s", figureWhere(&o), o.Published, model.FormatNumber(v), model.FormatNumber(o.Value))
	}
}

// Backup writes a consistent copy of the database to dest while viewers
// keep reading it (a read transaction sees one state of the file). The copy
// appears at dest only when complete and checked: a damaged database must
// not overwrite an official's last good backup. An existing dest is not
// overwritten unless overwrite is set.
//
// The state is checked as check checks a database while it is copied, in
// the same read transaction, so the check costs no second pass over the
// copy: the copy holds that state's pages byte for byte, which the copy's
// checksum, read back from the file, confirms; it is then opened once to
// make sure it is a database this gansudash reads.
func (db *DB) Backup(dest string, overwrite bool) (int64, error) {
	if abs, _ := filepath.Abs(dest); abs != "" {
		if self, _ := filepath.Abs(db.path); self == abs {
			return 0, model.Errorf("%s 就是数据库本身：请备份到另一个文件", "%s is the database itself: back it up to another file", dest)
		}
	}
	mode := atomicfile.NoClobber
	if overwrite {
		mode = atomicfile.Replace
	}
	var n int64
	err := atomicfile.Build(dest, mode, func(tmp string) error {
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		written := crc32.New(castagnoli)
		var rep CheckReport
		err = db.view(func(tx *bolt.Tx) error {
			var wg sync.WaitGroup
			var werr error
			wg.Add(1)
			// WriteTo reads the file's pages with its own reads and only the
			// transaction's meta: it shares nothing the check uses.
			go func() {
				defer wg.Done()
				n, werr = tx.WriteTo(io.MultiWriter(f, written))
			}()
			// Waited for also when the check panics on a damaged page.
			defer wg.Wait()
			// The progress line counts the rows checked while the copy is
			// written.
			rep = db.checkTx(tx, db.Progress, stepBackup)
			wg.Wait()
			return werr
		})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return model.Errorf("写入备份 %s 时出错：%w", "writing the backup %s: %w", dest, err)
		}
		if n := len(rep.Problems); n > 0 {
			return &PathError{Path: db.path, Err: ErrDamaged, Also: model.Errorf("%d 个问题，第一个：%s", "%d problems, the first: %s", n, rep.ProblemTexts[0]),
				Hint: hint("未写入备份（原有备份保持不变）；请运行 gansudash check 查看问题清单，并从完好的备份恢复数据库",
					"no backup was written (an earlier one stays as it was); run gansudash check for the list, and restore the database from a good backup")}
		}
		if sum, err := fileChecksum(tmp); err != nil {
			return model.Errorf("读回 %s 的副本时出错，未写入备份：%w", "reading back the copy of %s failed, so no backup was written: %w", db.path, err)
		} else if sum != written.Sum32() {
			return model.Errorf("%s 的副本读回时与写入的不同，未写入备份", "the copy of %s reads back differently from what was written, so no backup was written", db.path)
		}
		check, err := Open(tmp, OpenOptions{ReadOnly: true, Timeout: time.Second})
		if err != nil {
			return model.Errorf("%s 的副本无法打开，未写入备份：%w", "the copy of %s does not open, so no backup was written: %w", db.path, err)
		}
		return check.Close()
	})
	if errors.Is(err, fs.ErrExist) {
		return 0, model.Errorf("%s 已存在：请换一个文件名，或加 --force 参数以替换", "%s already exists: choose another name, or pass --force to replace it", dest)
	}
	if err != nil {
		return 0, err
	}
	return n, nil
}
