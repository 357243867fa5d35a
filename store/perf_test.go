package store_test

import (
	"io"
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

// The benchmarks at one and ten million figures share, per size, one
// synthetic database and one CSV of the same rows (what export writes),
// built once per test binary and only when a benchmark of that size runs.
// Each measurement has its floor beside it, to run in the same invocation:
//
//	go test ./store -run XXX -bench '1M$' -benchtime 3x
//	GANSUDASH_10M=1 go test ./store -run XXX -bench '10M$' -benchtime 1x -timeout 2h
//
// Ten million figures (synth.National: 3,001 regions, 899,128 series) make
// a 4.37 GB CSV and a 2.76 GB database: those benchmarks run only with
// GANSUDASH_10M=1. GANSUDASH_BENCH_DIR keeps the files in a directory of
// your choice and reuses them on the next run; otherwise they are removed
// when the test binary exits.

type dataset struct {
	once    sync.Once
	db, csv string
	rows    int
	temp    string // removed at exit
}

var (
	million    = &dataset{}
	tenMillion = &dataset{}
)

// data returns the dataset of a size ("1M" or "10M"), building it first.
func data(b *testing.B, size string) *dataset {
	b.Helper()
	d, opt := million, synth.Options{}
	if size == "10M" {
		if os.Getenv("GANSUDASH_10M") == "" {
			b.Skip("set GANSUDASH_10M=1 to build ten million figures (4.37 GB of CSV, 2.63 GB of database) and measure")
		}
		d, opt = tenMillion, synth.National(10_000_000)
	}
	d.once.Do(func() {
		dir := os.Getenv("GANSUDASH_BENCH_DIR")
		if dir == "" {
			var err error
			if dir, err = os.MkdirTemp("", "gansudash-"+size+"-"); err != nil {
				b.Fatal(err)
			}
			d.temp = dir
		}
		d.csv = filepath.Join(dir, size+".csv")
		d.db = filepath.Join(dir, size+".db")
		d.rows = opt.Observations
		if d.rows == 0 {
			d.rows = 1_000_000
		}
		if _, err := os.Stat(d.csv); err != nil {
			f, err := os.Create(d.csv)
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			if d.rows, err = synth.WriteCSV(f, opt); err != nil {
				b.Fatal(err)
			}
			if err := f.Close(); err != nil {
				b.Fatal(err)
			}
			b.Logf("wrote the %s CSV in %v", size, time.Since(start))
		}
		if _, err := os.Stat(d.db); err != nil {
			start := time.Now()
			if err := synth.BuildDB(d.db, opt); err != nil {
				b.Fatal(err)
			}
			b.Logf("built the %s database in %v", size, time.Since(start))
		}
	})
	if d.db == "" {
		b.Fatal("the dataset could not be built")
	}
	return d
}

// TestMain removes the files the benchmarks built.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range []*dataset{million, tenMillion} {
		if d.temp != "" {
			os.RemoveAll(d.temp)
		}
	}
	os.Exit(code)
}

func rowsPerSecond(b *testing.B, rows int) {
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// emptyDatabase makes an empty database to import into, off the clock.
func emptyDatabase(b *testing.B) string {
	b.StopTimer()
	defer b.StartTimer()
	path := filepath.Join(b.TempDir(), "empty.db")
	db, err := Create(path)
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	return path
}

// benchImport imports the CSV (what export writes) into an empty database:
// read, parse, resolve, validate, sort, write, verify, rename.
func benchImport(b *testing.B, size string) {
	d := data(b, size)
	b.ReportAllocs()
	for b.Loop() {
		path := emptyDatabase(b)
		res, err := Import(path, []string{d.csv}, ImportOptions{Create: true})
		if err != nil || res.Added != d.rows {
			b.Fatalf("%+v %v", res.Stats, err)
		}
	}
	rowsPerSecond(b, d.rows)
}

func BenchmarkImportCSV1M(b *testing.B)  { benchImport(b, "1M") }
func BenchmarkImportCSV10M(b *testing.B) { benchImport(b, "10M") }

// benchImportPhases imports as benchImport does and reports where the time
// went, by the steps the import's progress names: the file's UTF-8 check and
// the first rows (before the first report), reading, copying, writing,
// verifying; in ms per import.
func benchImportPhases(b *testing.B, size string) {
	d := data(b, size)
	phases := map[string]time.Duration{}
	for b.Loop() {
		path := emptyDatabase(b)
		step, since := "start", time.Now()
		progress := func(p Progress) {
			if p.Step.EN != step {
				now := time.Now()
				phases[step] += now.Sub(since)
				step, since = p.Step.EN, now
			}
		}
		if _, err := Import(path, []string{d.csv}, ImportOptions{Create: true, Progress: progress}); err != nil {
			b.Fatal(err)
		}
		phases[step] += time.Since(since)
	}
	for name, t := range phases {
		b.ReportMetric(float64(t.Milliseconds())/float64(b.N), name+"-ms")
	}
}

func BenchmarkImportPhases1M(b *testing.B)  { benchImportPhases(b, "1M") }
func BenchmarkImportPhases10M(b *testing.B) { benchImportPhases(b, "10M") }

// benchBareWrite is the physical floor for importing: the same keys and
// encoded values, read in order from the database by a cursor, put into a
// fresh bbolt file in transactions of 100,000, with no parsing, no
// validation, no indexes. With bbolt's default options; tuned, with those
// the import's copy is written with (a map freelist, no sync per
// transaction, one at the end, gansudash's page size), the stricter floor.
func benchBareWrite(b *testing.B, size string) { bareWrite(b, size, false) }

func benchBareWriteTuned(b *testing.B, size string) { bareWrite(b, size, true) }

func bareWrite(b *testing.B, size string, tuned bool) {
	d := data(b, size)
	src, err := bolt.Open(d.db, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		out := filepath.Join(b.TempDir(), "bare.db")
		b.StartTimer()
		opt := &bolt.Options{InitialMmapSize: 1 << 30}
		if tuned {
			opt.FreelistType, opt.NoSync, opt.PageSize = bolt.FreelistMapType, true, PageSize
		}
		bdb, err := bolt.Open(out, 0o600, opt)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		err = src.View(func(stx *bolt.Tx) error {
			c := stx.Bucket(BucketObs).Cursor()
			k, v := c.First()
			for k != nil {
				// The source's pages stay mapped while its transaction is
				// open: keys and values are put without copying.
				err := bdb.Update(func(tx *bolt.Tx) error {
					bk, err := tx.CreateBucketIfNotExists(BucketObs)
					if err != nil {
						return err
					}
					bk.FillPercent = 0.9
					for i := 0; i < 100_000 && k != nil; i++ {
						if err := bk.Put(k, v); err != nil {
							return err
						}
						n++
						k, v = c.Next()
					}
					return nil
				})
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil && tuned {
			err = bdb.Sync()
		}
		if err != nil || n != d.rows {
			b.Fatalf("wrote %d of %d: %v", n, d.rows, err)
		}
		bdb.Close()
	}
	rowsPerSecond(b, d.rows)
}

func BenchmarkBareBboltWrite1M(b *testing.B)       { benchBareWrite(b, "1M") }
func BenchmarkBareBboltWrite10M(b *testing.B)      { benchBareWrite(b, "10M") }
func BenchmarkBareBboltWriteTuned1M(b *testing.B)  { benchBareWriteTuned(b, "1M") }
func BenchmarkBareBboltWriteTuned10M(b *testing.B) { benchBareWriteTuned(b, "10M") }

// benchBareScan is the physical floor for reading: a bare bbolt cursor
// over every observation of the same file, touching every byte of every
// value, no decoding.
func benchBareScan(b *testing.B, size string) {
	d := data(b, size)
	bdb, err := bolt.Open(d.db, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer bdb.Close()
	for b.Loop() {
		n, sum := 0, 0
		bdb.View(func(tx *bolt.Tx) error {
			c := tx.Bucket(BucketObs).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				for _, x := range v {
					sum += int(x)
				}
				n++
			}
			return nil
		})
		if n != d.rows || sum == 0 {
			b.Fatalf("scanned %d keys of %d", n, d.rows)
		}
	}
	rowsPerSecond(b, d.rows)
}

func BenchmarkBareBboltScan1M(b *testing.B)  { benchBareScan(b, "1M") }
func BenchmarkBareBboltScan10M(b *testing.B) { benchBareScan(b, "10M") }

// benchExport writes every figure as CSV, as gansudash export does, to
// nowhere: floor BareBboltScan.
func benchExport(b *testing.B, size string) {
	d := data(b, size)
	db, err := Open(d.db, OpenOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ReportAllocs()
	for b.Loop() {
		var n int
		err := db.View(func(s *Snapshot) error {
			var err error
			n, err = s.Export(io.Discard, FormatCSV, Filter{}, WriteOptions{})
			return err
		})
		if err != nil || n != d.rows {
			b.Fatalf("exported %d of %d: %v", n, d.rows, err)
		}
	}
	rowsPerSecond(b, d.rows)
}

func BenchmarkExportCSV1M(b *testing.B)  { benchExport(b, "1M") }
func BenchmarkExportCSV10M(b *testing.B) { benchExport(b, "10M") }

// benchCheck runs gansudash check: bbolt's page check and the model's
// check of every figure and index: floor BareBboltScan.
func benchCheck(b *testing.B, size string) {
	d := data(b, size)
	db, err := Open(d.db, OpenOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ReportAllocs()
	for b.Loop() {
		rep, err := db.Check()
		if err != nil || len(rep.Problems) > 0 || rep.Figures != d.rows {
			b.Fatalf("%d figures, %v, %v", rep.Figures, rep.Problems, err)
		}
	}
	rowsPerSecond(b, d.rows)
}

func BenchmarkCheck1M(b *testing.B)  { benchCheck(b, "1M") }
func BenchmarkCheck10M(b *testing.B) { benchCheck(b, "10M") }

// benchBackup writes a checked copy, as gansudash backup does: floor
// BareBboltWriteTo.
func benchBackup(b *testing.B, size string) {
	d := data(b, size)
	db, err := Open(d.db, OpenOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		dest := filepath.Join(b.TempDir(), "backup.db")
		b.StartTimer()
		if _, err := db.Backup(dest, false); err != nil {
			b.Fatal(err)
		}
	}
	rowsPerSecond(b, d.rows)
}

func BenchmarkBackup1M(b *testing.B)  { benchBackup(b, "1M") }
func BenchmarkBackup10M(b *testing.B) { benchBackup(b, "10M") }

// benchBareWriteTo is the floor for backup: bbolt's tx.WriteTo into a new
// file, synced, nothing checked.
func benchBareWriteTo(b *testing.B, size string) {
	d := data(b, size)
	bdb, err := bolt.Open(d.db, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer bdb.Close()
	for b.Loop() {
		b.StopTimer()
		dest := filepath.Join(b.TempDir(), "copy.db")
		b.StartTimer()
		f, err := os.Create(dest)
		if err != nil {
			b.Fatal(err)
		}
		err = bdb.View(func(tx *bolt.Tx) error { _, err := tx.WriteTo(f); return err })
		if err == nil {
			err = f.Sync()
		}
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	rowsPerSecond(b, d.rows)
}

func BenchmarkBareBboltWriteTo1M(b *testing.B)  { benchBareWriteTo(b, "1M") }
func BenchmarkBareBboltWriteTo10M(b *testing.B) { benchBareWriteTo(b, "10M") }

// seriesKeys samples n series of the database, for random series loads.
func seriesKeys(b *testing.B, path string, n int) []model.SeriesKey {
	db, err := Open(path, OpenOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var keys []model.SeriesKey
	rng := rand.New(rand.NewSource(1))
	err = db.View(func(s *Snapshot) error {
		c := s.Tx().Bucket(BucketSeries).Cursor()
		seen := 0
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			seen++
			// Reservoir sampling: every series equally likely.
			if len(keys) < n {
				key, err := ParseSeriesKey(k)
				if err != nil {
					return err
				}
				keys = append(keys, key)
			} else if j := rng.Intn(seen); j < n {
				key, err := ParseSeriesKey(k)
				if err != nil {
					return err
				}
				keys[j] = key
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return keys
}

// benchLoadSeries loads one series (indicator × region, with its published
// growth): a read transaction and one ordered range scan. The first pass
// over the sampled series reads their pages from disk; the figure is for
// warm pages, as a dashboard's are after its first screen.
func benchLoadSeries(b *testing.B, size string) {
	d := data(b, size)
	db, err := Open(d.db, OpenOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var cat *Catalog
	db.View(func(s *Snapshot) error { cat, err = s.Catalog(); return err })
	keys := seriesKeys(b, d.db, 1000)
	load := func(k model.SeriesKey) int {
		n := 0
		err := db.View(func(s *Snapshot) error {
			series, err := s.Series(cat, k)
			n = len(series.Observations)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	for _, k := range keys {
		load(k) // warm
	}
	b.ReportAllocs()
	i, figures := 0, 0
	for b.Loop() {
		figures += load(keys[i%len(keys)])
		i++
	}
	b.ReportMetric(float64(figures)/float64(b.N), "figures/series")
}

func BenchmarkLoadSeries1M(b *testing.B)  { benchLoadSeries(b, "1M") }
func BenchmarkLoadSeries10M(b *testing.B) { benchLoadSeries(b, "10M") }

// benchViewerSeries is the same through the dashboard's Viewer, with its
// cache dropped each time: what a detail screen costs.
func benchViewerSeries(b *testing.B, size string) {
	d := data(b, size)
	v, err := OpenViewer(d.db, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	keys := seriesKeys(b, d.db, 1000)
	for _, k := range keys {
		v.Series(k) // warm
	}
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

func BenchmarkViewerSeries1M(b *testing.B)  { benchViewerSeries(b, "1M") }
func BenchmarkViewerSeries10M(b *testing.B) { benchViewerSeries(b, "10M") }
