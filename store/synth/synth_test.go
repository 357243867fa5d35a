package synth

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
)

// synthCSV writes the synthetic CSV of opt to memory.
func synthCSV(t testing.TB, opt Options) ([]byte, int) {
	t.Helper()
	var buf bytes.Buffer
	n, err := WriteCSV(&buf, opt)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), n
}

func TestFiguresAreTheSameForTheSameSeedAndDiffersForAnother(t *testing.T) {
	base := Options{Seed: 7, Observations: 5000}
	other := base
	other.Seed = 8
	wantCSV, _ := synthCSV(t, base)
	wantBatch := Figures(base)
	for _, tc := range []struct {
		name string
		opt  Options
		same bool
	}{
		{"the same seed", base, true},
		{"another seed", other, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gotCSV, _ := synthCSV(t, tc.opt)
			if got := bytes.Equal(gotCSV, wantCSV); got != tc.same {
				t.Errorf("CSV identical = %v, want %v", got, tc.same)
			}
			if got := reflect.DeepEqual(Figures(tc.opt), wantBatch); got != tc.same {
				t.Errorf("batch identical = %v, want %v", got, tc.same)
			}
		})
	}
	if !reflect.DeepEqual(Figures(Options{Observations: 3000}), Figures(Options{Seed: 1, Observations: 3000})) {
		t.Error("seed 0 does not mean the default seed 1")
	}
}

// checkSynthFigure checks what a synthetic figure promises beyond
// Observation.Validate: published text, value and fragment agree.
func checkSynthFigure(o model.Observation, ind model.Indicator) string {
	if err := o.Validate(ind); err != nil {
		return err.Error()
	}
	if utf8.RuneCountInString(o.Fragment) > model.MaxFragment || o.Fragment == "" {
		return "fragment empty or too long"
	}
	if o.Derived() {
		v, err := model.EvalFormula(o.Derivation)
		if err != nil || v != o.Value {
			return "derivation does not give the value"
		}
		for _, n := range model.FormulaNumbers(o.Derivation) {
			if n != "1" && n != "100" && !strings.Contains(o.Fragment, n) {
				return "derivation uses " + n + ", which the fragment does not show"
			}
		}
		if o.NoteZH == "" && o.NoteEN == "" {
			return "a derived figure has no note saying how"
		}
		return ""
	}
	if !strings.Contains(o.Fragment, o.Published) {
		return "published text is not in the fragment"
	}
	pv, err := model.ParseValue(o.Published)
	if err != nil {
		return err.Error()
	}
	if pv.Number != o.Value || pv.Qualifier != o.Qualifier || (pv.Unit != "" && pv.Unit != o.Unit) {
		return "published text reads as " + strconv.FormatFloat(pv.Number, 'f', -1, 64) + string(pv.Qualifier) + pv.Unit
	}
	if model.FormatNumber(o.Value) != model.FormatNumber(math.Round(o.Value*100)/100) {
		return "value has more than two decimals"
	}
	switch o.Kind {
	case model.KindCount, model.KindRank:
		if o.Value != math.Trunc(o.Value) || o.Value < 1 {
			return "a count or rank is not a positive integer"
		}
	case model.KindGrowthPct:
		if o.Value < -20 || o.Value > 40 {
			return "growth rate outside -20..40"
		}
	case model.KindSharePct:
		if o.Value < 0 || o.Value > 150 {
			return "share outside 0..150"
		}
	case model.KindLevel, model.KindTarget:
		if o.Value <= 0 {
			return "amount is not positive"
		}
	}
	return ""
}

func TestFiguresAreAcceptedAndLookLikeGansuFigures(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"the default shape, scaled down", Options{Observations: 20_000}},
		{"few regions and indicators", Options{Seed: 3, Observations: 5_000, Cities: 3, Counties: 10, Indicators: 120}},
		{"more figures than the regions and indicators have series for", Options{Seed: 5, Observations: 40_000, Indicators: 40}},
		{"more cities than Gansu has", Options{Seed: 9, Observations: 20_000, Cities: 20, Counties: 120, Indicators: 300}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := Figures(tc.opt)
			if n, want := len(b.Observations), tc.opt.Observations; math.Abs(float64(n-want)) > 0.02*float64(want) {
				t.Errorf("%d observations, want %d ± 2%%", n, want)
			}
			db, err := store.Create(filepath.Join(t.TempDir(), "synth.db"))
			if err != nil {
				t.Fatal(err)
			}
			st, err := db.Apply(b)
			db.Close()
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if st.Added != len(b.Observations) || st.Duplicates != 0 {
				t.Errorf("Apply added %d figures (%d duplicates), want all %d", st.Added, st.Duplicates, len(b.Observations))
			}
			if rep := checkDB(t, db.Path()); len(rep.Problems) > 0 {
				t.Errorf("check finds problems: %v", rep.Problems[:min(5, len(rep.Problems))])
			}

			inds := map[string]model.Indicator{}
			for _, ind := range b.Indicators {
				inds[ind.ID] = ind
			}
			levels := map[model.Level]int{}
			for _, r := range b.Regions {
				levels[r.Level]++
			}
			if d := tc.opt.withDefaults(); levels[model.LevelProvince] != 1 || levels[model.LevelCity] != d.Cities || levels[model.LevelCounty] != d.Counties {
				t.Errorf("regions by level: %v, want 1 province, %d cities, %d counties", levels, d.Cities, d.Counties)
			}
			cats := map[model.Category]bool{}
			kinds := map[model.Kind]bool{}
			periods := map[model.PeriodKind]bool{}
			var derived, approximate, subjects, linked, bad int
			for _, o := range b.Observations {
				ind := inds[o.Indicator]
				if msg := checkSynthFigure(o, ind); msg != "" {
					if bad++; bad <= 5 {
						t.Errorf("%s %s %q %s (%v, %q, %q): %s", o.Indicator, o.Region, o.Subject, o.Period, o.Value, o.Published, o.Fragment, msg)
					}
				}
				cats[ind.Category], kinds[o.Kind], periods[o.Period.Kind] = true, true, true
				switch {
				case o.Derived():
					derived++
				case o.Qualifier != model.QualNone:
					approximate++
				}
				if o.Subject != "" {
					subjects++
				}
				if ind.GrowthOf != "" {
					linked++
				}
			}
			for _, c := range model.Categories {
				if !cats[c] {
					t.Errorf("no figures of category %s", c)
				}
			}
			for _, k := range []model.Kind{model.KindLevel, model.KindCount, model.KindGrowthPct, model.KindSharePct} {
				if !kinds[k] {
					t.Errorf("no figures of kind %s", k)
				}
			}
			if !periods[model.PeriodYear] || !periods[model.PeriodMonth] && !periods[model.PeriodRange] {
				t.Errorf("period kinds %v: want years and months", periods)
			}
			if derived == 0 || approximate == 0 || linked == 0 {
				t.Errorf("%d derived, %d approximate, %d linked growth figures: want some of each", derived, approximate, linked)
			}
			if tc.opt.Indicators == 0 && subjects == 0 {
				t.Error("no per-event or per-project figures")
			}
		})
	}
}

func TestIndicatorsCoverEveryCategoryWithPlausibleKindsAndUnits(t *testing.T) {
	b := Figures(Options{Observations: 1000})
	if len(b.Indicators) != 1000 {
		t.Errorf("%d indicators, want 1000", len(b.Indicators))
	}
	perCat := map[model.Category]int{}
	perKind := map[model.Kind]int{}
	scopes := map[model.Scope]int{}
	ids := map[string]model.Indicator{}
	for _, ind := range b.Indicators {
		if err := ind.Validate(); err != nil {
			t.Error(err)
		}
		if _, dup := ids[ind.ID]; dup {
			t.Errorf("indicator %s defined twice", ind.ID)
		}
		ids[ind.ID] = ind
		perCat[ind.Category]++
		perKind[ind.Kind]++
		scopes[ind.Scope]++
		if !model.KnownUnit(ind.Unit) {
			t.Errorf("indicator %s has unit %q, which gansudash cannot convert", ind.ID, ind.Unit)
		}
		if ind.NameZH == "" || ind.NameEN == "" {
			t.Errorf("indicator %s lacks a Chinese or English name", ind.ID)
		}
	}
	for _, ind := range b.Indicators {
		if ind.GrowthOf != "" && ids[ind.GrowthOf].Kind != model.KindLevel {
			t.Errorf("growth rate %s follows %s, which is not a level", ind.ID, ind.GrowthOf)
		}
	}
	for _, c := range model.Categories {
		if perCat[c] < 50 {
			t.Errorf("category %s has %d indicators, want at least 50", c, perCat[c])
		}
	}
	if perKind[model.KindRank] == 0 || perKind[model.KindRank] > 10 || perKind[model.KindGrowthPct] < 100 || perKind[model.KindLevel] < 200 {
		t.Errorf("indicators by kind: %v", perKind)
	}
	if scopes[model.ScopeEvent] == 0 || scopes[model.ScopeProject] == 0 {
		t.Errorf("indicators by scope: %v: want per-event and per-project ones", scopes)
	}
}

func TestTheCSVImportsIntoTheSameFigures(t *testing.T) {
	opt := Options{Seed: 2, Observations: 20_000}
	want := Figures(opt)
	wantObs := append([]model.Observation(nil), want.Observations...)
	model.SortObservations(wantObs)
	data, rows := synthCSV(t, opt)
	if rows != len(want.Observations) {
		t.Fatalf("WriteSynthCSV wrote %d rows, Synthesize made %d figures", rows, len(want.Observations))
	}
	if !bytes.HasPrefix(data, []byte(strings.Join(store.FieldNames(), ",")+"\n")) {
		t.Errorf("the CSV does not start with the export header")
	}
	file := writeFile(t, t.TempDir(), "synth.csv", data)
	for _, tc := range []struct {
		name         string
		regionsFirst bool
	}{
		{"into a database holding only the region tree", true},
		{"into an empty database, regions defined by the rows", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "synth.db")
			db, err := store.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if tc.regionsFirst {
				if _, err := db.Apply(&store.Batch{Regions: want.Regions}); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
			res, err := store.Import(path, []string{file}, store.ImportOptions{Create: true})
			if err != nil {
				t.Fatalf("Import: %.2000v", err)
			}
			if res.Added != rows {
				t.Errorf("import added %d figures, want %d", res.Added, rows)
			}
			got := contentsOf(t, path)
			model.SortObservations(got.Obs)
			if len(got.Obs) != len(wantObs) {
				t.Fatalf("read back %d figures, want %d", len(got.Obs), len(wantObs))
			}
			for i := range wantObs {
				if !reflect.DeepEqual(got.Obs[i], wantObs[i]) {
					t.Fatalf("figure %d differs:\n got %+v\nwant %+v", i, got.Obs[i], wantObs[i])
				}
			}
			if len(got.Regions) != len(want.Regions) {
				t.Errorf("%d regions after import, want %d", len(got.Regions), len(want.Regions))
			}
			for _, r := range got.Regions {
				if r.Level != model.LevelProvince && r.Parent == "" {
					t.Errorf("region %s lost its parent", r.ID)
				}
			}
		})
	}
}

// TestWriteSynthCSVFile writes the benchmark CSV for store/testdata/compare:
// GANSUDASH_SYNTH_CSV names the file, GANSUDASH_SYNTH_N the number of rows
// (default 1,000,000), and GANSUDASH_SYNTH_EMPTY_DB, if set, a new empty
// database to import it into (gansudash import on a missing path would
// first load the default dataset).
func TestWriteCSVFile(t *testing.T) {
	path := os.Getenv("GANSUDASH_SYNTH_CSV")
	if path == "" {
		t.Skip("set GANSUDASH_SYNTH_CSV to the file to write")
	}
	opt := Options{}
	if s := os.Getenv("GANSUDASH_SYNTH_N"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			t.Fatalf("GANSUDASH_SYNTH_N=%q is not a positive number", s)
		}
		opt.Observations = n
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	n, err := WriteCSV(f, opt)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	want := opt.withDefaults().Observations
	if math.Abs(float64(n-want)) > 0.02*float64(want) {
		t.Errorf("wrote %d rows, want %d ± 2%%", n, want)
	}
	t.Logf("wrote %d rows to %s in %v", n, path, time.Since(start).Round(time.Millisecond))
	if dbPath := os.Getenv("GANSUDASH_SYNTH_EMPTY_DB"); dbPath != "" {
		db, err := store.Create(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func BenchmarkFigures1M(b *testing.B) {
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = len(Figures(Options{}).Observations)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "obs/s")
}

// countingWriter counts bytes, discarding them.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// peakHeap samples the live heap until stop is called and returns its peak.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// BenchmarkWriteSynthCSV1M reports rows/s, MB written and the peak live heap,
// which must not grow with the number of rows.
func BenchmarkWriteCSV1M(b *testing.B) {
	b.ReportAllocs()
	runtime.GC()
	stop := peakHeap()
	var w countingWriter
	rows := 0
	for b.Loop() {
		w.n = 0
		n, err := WriteCSV(&w, Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows = n
	}
	peak := stop()
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(w.n)/1e6, "MB/file")
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
}

// checkDB runs the store's consistency check on the database at path.
func checkDB(t testing.TB, path string) store.CheckReport {
	t.Helper()
	db, err := store.Open(path, store.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rep, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// contents is everything a database holds.
type contents struct {
	Regions []model.Region
	Obs     []model.Observation
}

func contentsOf(t testing.TB, path string) contents {
	t.Helper()
	db, err := store.Open(path, store.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var c contents
	err = db.View(func(s *store.Snapshot) error {
		cat, err := s.Catalog()
		if err != nil {
			return err
		}
		c.Regions = cat.Regions
		return s.ForEachObservation(func(o *model.Observation) error {
			c.Obs = append(c.Obs, *o)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// BuildDB streams (store.ApplyStream) where it once applied Figures in one
// transaction: the database it builds must hold exactly what that held.
func TestBuildDBWritesWhatApplyingFiguresWrites(t *testing.T) {
	opt := Options{Observations: 30000, Cities: 3, Counties: 9, Indicators: 120}
	dir := t.TempDir()
	streamed := filepath.Join(dir, "streamed.db")
	if err := BuildDB(streamed, opt); err != nil {
		t.Fatal(err)
	}
	applied := filepath.Join(dir, "applied.db")
	db, err := store.Create(applied)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Apply(Figures(opt)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	export := func(path string) string {
		db, err := store.Open(path, store.OpenOptions{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var b strings.Builder
		err = db.View(func(s *store.Snapshot) error {
			_, err := s.Export(&b, store.FormatCSV, store.Filter{}, store.WriteOptions{Raw: true})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	a, s := export(applied), export(streamed)
	if strings.Count(a, "\n") < 30000 || a != s {
		t.Errorf("the streamed database differs: %d lines applied, %d streamed", strings.Count(a, "\n"), strings.Count(s, "\n"))
	}
	db, err = store.Open(streamed, store.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if rep, err := db.Check(); err != nil || len(rep.Problems) > 0 {
		t.Errorf("check of the streamed database: %v %v", rep.Problems, err)
	}
}
