package store_test

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
	. "github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/store/synth"
)

// The million-figure benchmarks share one synthetic database and one CSV
// of the same rows, built once per test binary (they take seconds), in a
// directory removed when the binary exits.
var (
	millionOnce sync.Once
	millionDir  string
	millionDB   string
	millionCSV  string
	millionRows int
)

func million(b *testing.B) (db, csv string, rows int) {
	b.Helper()
	millionOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gansudash-1m-")
		if err != nil {
			b.Fatal(err)
		}
		millionDir = dir
		millionCSV = filepath.Join(dir, "1m.csv")
		f, err := os.Create(millionCSV)
		if err != nil {
			b.Fatal(err)
		}
		if millionRows, err = synth.WriteCSV(f, synth.Options{}); err != nil {
			b.Fatal(err)
		}
		f.Close()
		millionDB = filepath.Join(dir, "1m.db")
		start := time.Now()
		if err := synth.BuildDB(millionDB, synth.Options{}); err != nil {
			b.Fatal(err)
		}
		b.Logf("built the 1M database in %v", time.Since(start))
	})
	return millionDB, millionCSV, millionRows
}

// BenchmarkImportCSV1M imports a million rows of CSV (what export writes)
// into an empty database: read, parse, resolve, validate, write, commit.
func BenchmarkImportCSV1M(b *testing.B) {
	_, csv, rows := million(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "empty.db")
		db, err := Create(path)
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
		b.StartTimer()
		res, err := Import(path, []string{csv}, ImportOptions{Create: true})
		if err != nil || res.Added != rows {
			b.Fatalf("%+v %v", res.Stats, err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// seriesKeys samples series of the database, for random series loads.
func seriesKeys(b *testing.B, db *DB, n int) []model.SeriesKey {
	var keys []model.SeriesKey
	rng := rand.New(rand.NewSource(1))
	err := db.View(func(s *Snapshot) error {
		c := s.Tx().Bucket(BucketSeries).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if len(keys) < n || rng.Intn(10) == 0 {
				key, err := ParseSeriesKey(k)
				if err != nil {
					return err
				}
				if len(keys) < n {
					keys = append(keys, key)
				} else {
					keys[rng.Intn(n)] = key
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return keys
}

// BenchmarkLoadSeries1M loads one series (indicator × region, with its
// published growth) from the million-figure database: a read transaction
// and one ordered range scan.
func BenchmarkLoadSeries1M(b *testing.B) {
	path, _, _ := million(b)
	db, err := Open(path, OpenOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var cat *Catalog
	db.View(func(s *Snapshot) error { cat, err = s.Catalog(); return err })
	keys := seriesKeys(b, db, 1000)
	b.ReportAllocs()
	i, figures := 0, 0
	for b.Loop() {
		db.View(func(s *Snapshot) error {
			series, err := s.Series(cat, keys[i%len(keys)])
			figures += len(series.Observations)
			return err
		})
		i++
	}
	b.ReportMetric(float64(figures)/float64(b.N), "figures/series")
}

// BenchmarkViewerSeries1M is the same through the dashboard's Viewer, with
// its cache dropped each time: what a detail screen costs.
func BenchmarkViewerSeries1M(b *testing.B) {
	path, _, _ := million(b)
	v, err := OpenViewer(path, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	db, _ := Open(path, OpenOptions{ReadOnly: true})
	keys := seriesKeys(b, db, 1000)
	db.Close()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		v.DropSeriesCache()
		if _, err := v.Series(keys[i%len(keys)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkBareBboltScan1M is the physical floor for reading: a bare bbolt
// cursor over every observation of the same file, no decoding.
func BenchmarkBareBboltScan1M(b *testing.B) {
	path, _, rows := million(b)
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer bdb.Close()
	for b.Loop() {
		n := 0
		bdb.View(func(tx *bolt.Tx) error {
			c := tx.Bucket(BucketObs).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				n += len(v) & 1
				n++
			}
			return nil
		})
		if n < rows {
			b.Fatalf("scanned %d keys of %d", n, rows)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkBareBboltWrite1M is the physical floor for importing: the same
// keys and encoded values written in sorted order into a fresh bbolt file
// in transactions of 100,000, with no parsing, no validation, no indexes.
func BenchmarkBareBboltWrite1M(b *testing.B) {
	path, _, rows := million(b)
	var keys, vals [][]byte
	db, err := Open(path, OpenOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	db.View(func(s *Snapshot) error {
		c := s.Tx().Bucket(BucketObs).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			keys = append(keys, bytes.Clone(k))
			vals = append(vals, bytes.Clone(v))
		}
		return nil
	})
	db.Close()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		out := filepath.Join(b.TempDir(), "bare.db")
		b.StartTimer()
		bdb, err := bolt.Open(out, 0o600, &bolt.Options{InitialMmapSize: 1 << 30})
		if err != nil {
			b.Fatal(err)
		}
		for start := 0; start < len(keys); start += 100000 {
			end := min(start+100000, len(keys))
			err := bdb.Update(func(tx *bolt.Tx) error {
				bk, err := tx.CreateBucketIfNotExists(BucketObs)
				if err != nil {
					return err
				}
				bk.FillPercent = 0.9
				for i := start; i < end; i++ {
					if err := bk.Put(keys[i], vals[i]); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		bdb.Close()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// TestMain removes the million-figure files the benchmarks build.
func TestMain(m *testing.M) {
	code := m.Run()
	if millionDir != "" {
		os.RemoveAll(millionDir)
	}
	os.Exit(code)
}
