package store

import (
	"bytes"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
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
	err := db.view(func(tx *bolt.Tx) error {
		s := &Snapshot{tx: tx, path: db.path}
		c, err := s.Catalog()
		if err != nil {
			problem("地区、指标和来源的定义：%v", "catalog: %v", err)
			return nil
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
		checkFigures(db, tx, c, sources, &rep, problem, db.Progress)
		rep.Revisions = checkRevisions(tx, problem)
		return nil
	})
	if err != nil {
		return rep, err
	}
	// bbolt's page check runs on a goroutine of its own, where a panic on a
	// damaged page could not be caught; it runs only once every key and
	// value of every bucket has been read here, where a panic is recovered.
	err = db.view(func(tx *bolt.Tx) error {
		if err := walkAll(tx); err != nil {
			problem("%v", "%v", err)
			return nil
		}
		for err := range tx.Check() {
			problem("bbolt：%v", "bbolt: %v", err)
		}
		return nil
	})
	return rep, err
}

// walkAll reads every key and value of every bucket (a damaged page panics
// here, in the caller's recovered goroutine) and checks that keys ascend.
func walkAll(tx *bolt.Tx) error {
	return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		var prev []byte
		sum := 0
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if prev != nil && bytes.Compare(prev, k) >= 0 {
				return model.Errorf("存储桶 %s：键在 %q 处顺序错乱", "bucket %s: keys out of order at %q", string(name), string(k))
			}
			prev = k
			for _, x := range k {
				sum += int(x)
			}
			for _, x := range v {
				sum += int(x)
			}
		}
		_ = sum // reading every byte is the point
		return nil
	})
}

func countChildren(c *Catalog) int {
	n := 0
	for _, r := range c.Regions {
		n += len(c.Tree.Children(r.ID))
	}
	return n
}

// checkSeries compares a series' stored summary and index entries with what
// its observations make.
func checkSeries(tx *bolt.Tx, c *Catalog, s model.Series, prefix []byte, perRegion map[string]uint64, problem problemFunc) {
	if s.Indicator.ID == "" {
		return
	}
	// The figures come in storage order, which is the summary's order.
	sum := model.SummarizeSorted(s.Key, s.Indicator.Category, s.Observations)
	want := encodeSummary(&sum)
	if got := tx.Bucket(bucketSeries).Get(prefix); !bytes.Equal(got, want) {
		problem("序列 %s/%s/%q：存储的摘要已过时", "series %s/%s/%q: stored summary is stale", s.Key.Indicator, s.Key.Region, s.Key.Subject)
	}
	if got := tx.Bucket(bucketRegionSeries).Get(regionSeriesKey(s.Key, s.Indicator.Category)); !bytes.Equal(got, want) {
		problem("序列 %s/%s/%q：地区索引项缺失或已过时", "series %s/%s/%q: region index entry is missing or stale", s.Key.Indicator, s.Key.Region, s.Key.Subject)
	}
	for _, src := range s.Sources() {
		if tx.Bucket(bucketSourceSeries).Get(sourceSeriesKey(src, s.Key)) == nil {
			problem("序列 %s/%s/%q：来源索引缺少 %s", "series %s/%s/%q: source index lacks %s", s.Key.Indicator, s.Key.Region, s.Key.Subject, src)
		}
	}
	if s.Indicator.GrowthOf == "" {
		perRegion[string(regionCategoryPrefix(s.Key.Region, s.Indicator.Category))]++
	}
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
// appears at dest only when complete, and is opened once to make sure it is
// a database this gansudash can read. An existing dest is not overwritten
// unless overwrite is set.
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
		err = db.view(func(tx *bolt.Tx) error {
			var err error
			if db.Progress == nil {
				n, err = tx.WriteTo(f)
				return err
			}
			// Counting the bytes costs the system's file-to-file copy:
			// only when someone watches.
			n, err = tx.WriteTo(&progressWriter{w: f, total: tx.Size(), fn: db.Progress})
			db.Progress.finish(stepBackup, n, n, ProgressBytes)
			return err
		})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return model.Errorf("写入备份 %s 时出错：%w", "writing the backup %s: %w", dest, err)
		}
		// The copy is checked as check checks a database: a damaged database
		// must not overwrite an official's last good backup.
		check, err := Open(tmp, OpenOptions{ReadOnly: true, Timeout: time.Second})
		if err != nil {
			return model.Errorf("%s 的副本无法打开，未写入备份：%w", "the copy of %s does not open, so no backup was written: %w", db.path, err)
		}
		check.Progress = db.Progress
		rep, err := check.Check()
		check.Close()
		if err != nil {
			return model.Errorf("%s 的副本无法检查，未写入备份：%w", "the copy of %s cannot be checked, so no backup was written: %w", db.path, err)
		}
		if n := len(rep.Problems); n > 0 {
			return &PathError{Path: db.path, Err: ErrDamaged, Also: model.Errorf("%d 个问题，第一个：%s", "%d problems, the first: %s", n, rep.ProblemTexts[0]),
				Hint: hint("未写入备份（原有备份保持不变）；请运行 gansudash check 查看问题清单，并从完好的备份恢复数据库",
					"no backup was written (an earlier one stays as it was); run gansudash check for the list, and restore the database from a good backup")}
		}
		return nil
	})
	if errors.Is(err, fs.ErrExist) {
		return 0, model.Errorf("%s 已存在：请换一个文件名，或加 --force 参数以替换", "%s already exists: choose another name, or pass --force to replace it", dest)
	}
	if err != nil {
		return 0, err
	}
	return n, nil
}
