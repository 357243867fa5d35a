package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
)

// newDefaultDB creates a database holding the default dataset in a temp dir.
func newDefaultDB(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gansudash.db")
	created, err := EnsureDefault(path)
	if err != nil || !created {
		t.Fatalf("EnsureDefault = %v, %v", created, err)
	}
	return path
}

// mustOpen opens the database at path or fails the test; closing is left
// to the caller, since several tests close midway to hash the file.
func mustOpen(t testing.TB, path string, opts OpenOptions) *DB {
	t.Helper()
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func readAll(t testing.TB, path string) []model.Observation {
	t.Helper()
	db := mustOpen(t, path, OpenOptions{ReadOnly: true})
	defer db.Close()
	var out []model.Observation
	err := db.View(func(s *Snapshot) error {
		return s.ForEachObservation(func(o *model.Observation) error {
			out = append(out, *o)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func fileHash(t testing.TB, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

func TestStoreRoundTripWriteCloseReopenIdentical(t *testing.T) {
	path := newDefaultDB(t)
	batch, err := DefaultBatch()
	if err != nil {
		t.Fatal(err)
	}
	want := append([]model.Observation(nil), batch.Observations...)
	for i := range want { // the store fills unit and kind from the indicator
		want[i].Unit, want[i].Kind = indicatorOf(t, batch, want[i].Indicator).Unit, indicatorOf(t, batch, want[i].Indicator).Kind
	}
	model.SortObservations(want)
	got := readAll(t, path)
	model.SortObservations(got)
	if len(got) != len(want) {
		t.Fatalf("read back %d observations, wrote %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("observation %d differs:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}

	db := mustOpen(t, path, OpenOptions{ReadOnly: true})
	defer db.Close()
	err = db.View(func(s *Snapshot) error {
		c, err := s.Catalog()
		if err != nil {
			return err
		}
		if len(c.Regions) != len(batch.Regions) || len(c.Indicators) != len(batch.Indicators) || len(c.Sources) != len(batch.Sources) {
			t.Errorf("catalog has %d regions, %d indicators, %d sources; wrote %d, %d, %d",
				len(c.Regions), len(c.Indicators), len(c.Sources), len(batch.Regions), len(batch.Indicators), len(batch.Sources))
		}
		if c.Figures != len(want) {
			t.Errorf("source counts add up to %d figures, want %d", c.Figures, len(want))
		}
		for _, r := range batch.Regions {
			got, ok := c.Tree.Get(r.ID)
			if !ok || got != r {
				t.Errorf("region %s read back as %+v", r.ID, got)
			}
		}
		for _, ind := range batch.Indicators {
			if c.Indicators[ind.ID] != ind {
				t.Errorf("indicator %s read back as %+v, want %+v", ind.ID, c.Indicators[ind.ID], ind)
			}
		}
		for _, src := range batch.Sources {
			got, ok := c.Source(src.ID)
			if !ok || got.Source != src {
				t.Errorf("source %s read back as %+v", src.ID, got)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func indicatorOf(t testing.TB, b *Batch, id string) model.Indicator {
	for _, ind := range b.Indicators {
		if ind.ID == id {
			return ind
		}
	}
	t.Fatalf("no indicator %s", id)
	return model.Indicator{}
}

func TestApplyingTheSameBatchTwiceChangesNothing(t *testing.T) {
	path := newDefaultDB(t)
	before := fileHash(t, path)
	db := mustOpen(t, path, OpenOptions{})
	batch, _ := DefaultBatch()
	plan, err := db.Plan(batch)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Added != 0 || plan.Changed != 0 || plan.Unchanged != len(batch.Observations) {
		t.Errorf("Plan = %+v, want all %d unchanged", plan, len(batch.Observations))
	}
	db.Close()
	if fileHash(t, path) != before {
		t.Error("Plan modified the database file")
	}
}

func TestABadFigureMeansNothingIsWritten(t *testing.T) {
	path := newDefaultDB(t)
	db := mustOpen(t, path, OpenOptions{})
	defer db.Close()
	gen, _ := db.Generation()
	good := model.Observation{Indicator: "afforestation", Region: "wuwei", Period: model.Year(2025), Value: 1,
		Published: "1万亩", Source: "wuwei_2024_review"}
	bad := good
	bad.Period = model.Year(2026)
	bad.Region = "nowhere"
	_, err := db.Apply(&Batch{Observations: []model.Observation{good, bad}})
	if err == nil {
		t.Fatal("a figure of an unknown region was accepted")
	}
	if g, _ := db.Generation(); g != gen {
		t.Errorf("generation moved from %d to %d: something was written", gen, g)
	}
	db.Close()
	for _, o := range readAll(t, path) {
		if o.Period.Year >= 2025 && o.Indicator == "afforestation" {
			t.Errorf("the good figure of the failed batch was written: %+v", o)
		}
	}
}

func TestApplyReportsAddedChangedUnchangedAndUpdatesSummaries(t *testing.T) {
	path := newDefaultDB(t)
	db := mustOpen(t, path, OpenOptions{})
	defer db.Close()
	src := model.Source{ID: "test_src", Title: "测试来源"}
	add := model.Observation{Indicator: "degraded_forest_restored", Region: "wuwei", Period: model.Year(2025), Value: 22,
		Published: "22万亩", Source: "test_src"}
	st, err := db.Apply(&Batch{Sources: []model.Source{src}, Observations: []model.Observation{add}})
	if err != nil || st.Added != 1 || st.NewSources != 1 {
		t.Fatalf("Apply = %+v, %v", st, err)
	}
	change := add
	change.Value, change.Published = 23, "23万亩"
	st, err = db.Apply(&Batch{Observations: []model.Observation{change, change}})
	if err != nil || st.Changed != 1 || st.Duplicates != 1 {
		t.Fatalf("second Apply = %+v, %v", st, err)
	}
	err = db.View(func(s *Snapshot) error {
		c, _ := s.Catalog()
		sums, err := s.RegionSummaries("wuwei", model.CategoryDesertification)
		if err != nil {
			return err
		}
		found := false
		for _, sum := range sums {
			if sum.Key.Indicator == "degraded_forest_restored" {
				found = true
				if sum.Latest.Value != 23 || sum.Latest.Period != model.Year(2025) || sum.NObs != 2 || sum.NSources != 2 {
					t.Errorf("summary after change = %+v", sum)
				}
			}
		}
		if !found {
			t.Error("degraded_forest_restored missing from wuwei's desertification summaries")
		}
		if info, _ := c.Source("test_src"); info.Figures != 1 {
			t.Errorf("test_src counts %d figures, want 1 (a change is not an addition)", info.Figures)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	bad := change
	bad.Value = 24
	if _, err := db.Apply(&Batch{Observations: []model.Observation{change, bad}}); err == nil {
		t.Error("two different values for one figure in one batch were accepted")
	}
}

func TestRedefiningAnExistingIndicatorIsRefused(t *testing.T) {
	path := newDefaultDB(t)
	db := mustOpen(t, path, OpenOptions{})
	defer db.Close()
	ind := model.Indicator{ID: "afforestation", NameZH: "人工造林面积", NameEN: "Afforestation", Category: model.CategoryDesertification, Kind: model.KindLevel, Unit: "亩"}
	if _, err := db.Apply(&Batch{Indicators: []model.Indicator{ind}}); err == nil {
		t.Error("changing afforestation's unit was accepted; its stored figures would silently change meaning")
	}
}

func TestASecondWriterGetsTheLockErrorWithinTheTimeout(t *testing.T) {
	path := newDefaultDB(t)
	first := mustOpen(t, path, OpenOptions{})
	defer first.Close()
	start := time.Now()
	second, err := Open(path, OpenOptions{Timeout: 300 * time.Millisecond})
	elapsed := time.Since(start)
	if err == nil {
		second.Close()
		t.Fatal("a second writer opened a locked database")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("error = %v, want ErrLocked", err)
	}
	if elapsed > 5*time.Second {
		t.Errorf("the lock error took %v; it must come after the timeout, not hang", elapsed)
	}
	for _, want := range []string{path, "wait for it to finish"} {
		if !bytes.Contains([]byte(err.Error()), []byte(want)) {
			t.Errorf("lock error %q does not mention %q", err, want)
		}
	}
	// Readers are refused too while a writer holds the file, also in bounded time.
	if r, err := Open(path, OpenOptions{ReadOnly: true, Timeout: 100 * time.Millisecond}); err == nil {
		r.Close()
		t.Error("a reader opened a database a writer holds")
	} else if !errors.Is(err, ErrLocked) {
		t.Errorf("reader error = %v, want ErrLocked", err)
	}
}

func TestTwoReadersCoexist(t *testing.T) {
	path := newDefaultDB(t)
	a := mustOpen(t, path, OpenOptions{ReadOnly: true})
	defer a.Close()
	b, err := Open(path, OpenOptions{ReadOnly: true, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	b.Close()
}

func setSchema(t *testing.T, path string, v uint64) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Update(func(tx *bolt.Tx) error { return putUint(tx.Bucket(bucketMeta), keySchema, v) }); err != nil {
		t.Fatal(err)
	}
}

func TestANewerSchemaIsRefusedAndLeftUntouched(t *testing.T) {
	path := newDefaultDB(t)
	setSchema(t, path, SchemaVersion+1)
	before := fileHash(t, path)
	for _, ro := range []bool{true, false} {
		db, err := Open(path, OpenOptions{ReadOnly: ro})
		if err == nil {
			db.Close()
			t.Fatalf("read-only=%v: a newer schema was opened", ro)
		}
		if !errors.Is(err, ErrNewerSchema) {
			t.Errorf("read-only=%v: error = %v, want ErrNewerSchema", ro, err)
		}
		if !bytes.Contains([]byte(err.Error()), []byte("use a newer gansudash")) {
			t.Errorf("error %q does not say what to do", err)
		}
	}
	if fileHash(t, path) != before {
		t.Error("opening a newer database modified it")
	}
}

func TestAnOlderSchemaWithoutAnUpgradePathIsRefused(t *testing.T) {
	path := newDefaultDB(t)
	setSchema(t, path, 0)
	if db, err := Open(path, OpenOptions{ReadOnly: true}); err == nil {
		db.Close()
		t.Error("a read-only open accepted an old schema it cannot upgrade")
	}
	db, err := Open(path, OpenOptions{})
	if err == nil {
		db.Close()
		t.Fatal("schema 0 has no upgrade step, yet the open succeeded")
	}
}

func TestAnOlderSchemaIsUpgradedInOneTransaction(t *testing.T) {
	path := newDefaultDB(t)
	setSchema(t, path, SchemaVersion-1)
	ran := false
	real := upgrades[SchemaVersion-1]
	upgrades[SchemaVersion-1] = func(tx *bolt.Tx) error { ran = true; return nil }
	defer func() { upgrades[SchemaVersion-1] = real }()
	db := mustOpen(t, path, OpenOptions{})
	db.Close()
	if !ran {
		t.Error("the upgrade step did not run")
	}
	if db, err := Open(path, OpenOptions{ReadOnly: true}); err != nil {
		t.Fatalf("after the upgrade the database does not open read-only: %v", err)
	} else {
		db.Close()
	}
}

func TestFilesThatAreNotGansudashDatabasesAreRefusedUnchanged(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "other.db")
	b, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
	b.Close()
	random := make([]byte, 64*1024)
	for i := range random {
		random[i] = byte(i*7919 + i/13)
	}
	cases := map[string][]byte{
		"empty.db":  {},
		"short.db":  []byte("hello"),
		"random.db": random,
		"text.db":   bytes.Repeat([]byte("region,indicator,period,value\n"), 100),
	}
	for name, data := range cases {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"other.db", "empty.db", "short.db", "random.db", "text.db"} {
		path := filepath.Join(dir, name)
		before := fileHash(t, path)
		for _, ro := range []bool{true, false} {
			db, err := Open(path, OpenOptions{ReadOnly: ro, Timeout: time.Second})
			if err == nil {
				db.Close()
				t.Errorf("%s (read-only=%v) opened as a gansudash database", name, ro)
				continue
			}
			if !errors.Is(err, ErrNotGansudash) && !errors.Is(err, ErrDamaged) {
				t.Errorf("%s: error = %v, want ErrNotGansudash", name, err)
			}
			if !bytes.Contains([]byte(err.Error()), []byte(path)) {
				t.Errorf("%s: error %q does not name the file", name, err)
			}
		}
		if fileHash(t, path) != before {
			t.Errorf("%s was modified by a refused open", name)
		}
	}
	if _, err := Open(filepath.Join(dir, "missing.db"), OpenOptions{}); !errors.Is(err, ErrNotExist) {
		t.Errorf("missing file: error = %v, want ErrNotExist", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("Open created a database; only Create and EnsureDefault may")
	}
}

func TestEnsureDefaultCreatesOnceAndLeavesNoTemporaryFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "data")
	path := filepath.Join(dir, "gansudash.db")
	created, err := EnsureDefault(path)
	if err != nil || !created {
		t.Fatalf("EnsureDefault = %v, %v", created, err)
	}
	hash := fileHash(t, path)
	created, err = EnsureDefault(path)
	if err != nil || created {
		t.Fatalf("second EnsureDefault = %v, %v; want no-op", created, err)
	}
	if fileHash(t, path) != hash {
		t.Error("the second EnsureDefault modified the database")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("data directory holds %v, want only gansudash.db", names)
	}
}

func TestEnsureDefaultInAReadOnlyDirectoryFailsClearly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	_, err := EnsureDefault(filepath.Join(dir, "gansudash.db"))
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("--db")) {
		t.Errorf("error = %v, want one that suggests --db", err)
	}
}

func TestSeriesIsOneOrderedRangeScan(t *testing.T) {
	path := newDefaultDB(t)
	db := mustOpen(t, path, OpenOptions{ReadOnly: true})
	defer db.Close()
	err := db.View(func(s *Snapshot) error {
		c, err := s.Catalog()
		if err != nil {
			return err
		}
		series, err := s.Series(c, model.SeriesKey{Indicator: "tourist_visits", Region: "wuwei"})
		if err != nil {
			return err
		}
		if len(series.Observations) != 2 || series.Observations[0].Period != model.Year(2023) || !series.Observations[0].Derived() {
			t.Errorf("tourist_visits in wuwei = %+v; want the derived 2023 level then 2024", series.Observations)
		}
		if len(series.Growth) != 1 || series.Growth[0].Value != 133.77 {
			t.Errorf("growth = %+v, want the published 133.77%%", series.Growth)
		}
		ch, ok := series.Change()
		if !ok || !ch.Published || ch.Value != 133.77 {
			t.Errorf("change = %+v; the derived 2023 level must defer to the published rate", ch)
		}
		cmp, err := s.IndicatorSummaries("key_industrial_chains")
		if err != nil {
			return err
		}
		if len(cmp) != 2 {
			t.Errorf("key_industrial_chains is published for %d regions, want 2 (wuwei, liangzhou)", len(cmp))
		}
		if c.BusiestRegion() != "wuwei" {
			t.Errorf("BusiestRegion = %s, want wuwei", c.BusiestRegion())
		}
		figs, more, err := s.SourceObservations("tongwei_2024_zone", 0)
		if err != nil {
			return err
		}
		info, _ := c.Source("tongwei_2024_zone")
		if more || len(figs) != info.Figures || len(figs) == 0 {
			t.Errorf("SourceObservations gave %d figures (more=%v), the count says %d", len(figs), more, info.Figures)
		}
		some, more, _ := s.SourceObservations("tongwei_2024_zone", 3)
		if len(some) != 3 || !more {
			t.Errorf("SourceObservations(limit 3) = %d, more=%v", len(some), more)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// writeSchema1 writes a database as schema 1 wrote it: five-byte period
// keys and one note per figure, with no revision history.
func writeSchema1(t *testing.T, path string, regions []model.Region, inds []model.Indicator, srcs []model.Source, obs []model.Observation, notes []string) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if string(name) == "revisions" {
				continue
			}
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		meta.Put(keyMagic, magic)
		putUint(meta, keySchema, 1)
		for i, r := range regions {
			enc, _ := encodeRegion(r, uint64(i+1))
			tx.Bucket(bucketRegions).Put([]byte(r.ID), enc)
		}
		for _, ind := range inds {
			enc, _ := encodeIndicator(ind)
			tx.Bucket(bucketIndicators).Put([]byte(ind.ID), enc)
		}
		for _, s := range srcs {
			enc, _ := json.Marshal(map[string]string{"title": s.Title, "note": s.NoteEN})
			tx.Bucket(bucketSources).Put([]byte(s.ID), enc)
		}
		for i, o := range obs {
			k := appendSeriesPrefix(nil, o.Key())
			k = append(k, byte(o.Period.Year>>8), byte(o.Period.Year), byte(o.Period.To), byte(o.Period.From), byte(o.Period.Kind))
			k = append(k, o.Source...)
			e := encoder{}
			e.byte(1)
			e.float(o.Value)
			e.byte(byte(o.Kind))
			e.str(o.Unit)
			e.str(o.Published)
			e.str(string(o.Qualifier))
			e.str(o.Derivation)
			e.str(o.Fragment)
			e.str(notes[i])
			if err := tx.Bucket(bucketObs).Put(k, e.b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestASchema1DatabaseIsUpgradedWithEveryFigureAndItsNotes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	regions := []model.Region{{ID: "wuwei", NameZH: "武威市", NameEN: "Wuwei", Level: model.LevelCity}}
	inds := []model.Indicator{{ID: "funds", NameZH: "到位资金", NameEN: "Funds in place", Category: model.CategoryInvestment, Kind: model.KindLevel, Unit: "亿元"}}
	srcs := []model.Source{{ID: "s", Title: "综述", NoteEN: "No date given."}}
	obs := []model.Observation{
		{Indicator: "funds", Region: "wuwei", Period: model.Year(2023), Value: 429.49, Published: "429.49亿元", Unit: "亿元", Kind: model.KindLevel, Source: "s", Fragment: "到位资金429.49亿元"},
		{Indicator: "funds", Region: "wuwei", Period: model.Range(2024, 1, 5), Value: 90.5, Published: "90.5亿元", Unit: "亿元", Kind: model.KindLevel, Source: "s", Fragment: "到位资金90.5亿元"},
	}
	writeSchema1(t, path, regions, inds, srcs, obs, []string{"预计数", "Expected, not actual."})
	if _, err := Open(path, OpenOptions{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), "check --upgrade") {
		t.Fatalf("a read-only open of schema 1: %v, want a hint to upgrade", err)
	}
	mustOpen(t, path, OpenOptions{}).Close()
	got := contentsOf(t, path)
	if len(got.Obs) != 2 {
		t.Fatalf("%d figures after the upgrade, want 2", len(got.Obs))
	}
	a, b := got.Obs[0], got.Obs[1]
	if a.Period != model.Year(2023) || a.Value != 429.49 || a.NoteZH != "预计数" || a.NoteEN != "" {
		t.Errorf("first figure after the upgrade: %+v", a)
	}
	if b.Period != model.Range(2024, 1, 5) || b.NoteEN != "Expected, not actual." || b.NoteZH != "" {
		t.Errorf("second figure after the upgrade: %+v", b)
	}
	if s := got.Sources[0]; s.NoteEN != "No date given." {
		t.Errorf("the source's note after the upgrade: %+v", s)
	}
	if rep := checkDB(t, path); len(rep.Problems) > 0 || rep.Figures != 2 {
		t.Errorf("check after the upgrade: %+v", rep)
	}
}

// englishSentence finds three English words in a row: a message for a
// Chinese reader may quote identifiers (region_level, --create, data.csv)
// but not English prose.
var englishSentence = regexp.MustCompile(`\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b`)

// checkChinese asserts that err says itself in Chinese, containing each of
// want, and in English exactly as its Error().
func checkChinese(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	zh := model.Localize(err, model.Chinese)
	if !strings.ContainsFunc(zh, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || englishSentence.MatchString(zh) {
		t.Errorf("not Chinese:\n%s", zh)
	}
	for _, w := range want {
		if !strings.Contains(zh, w) {
			t.Errorf("Chinese lacks %q:\n%s", w, zh)
		}
	}
	if en := model.Localize(err, model.English); en != err.Error() {
		t.Errorf("English differs from Error():\n%s\n%s", en, err.Error())
	}
}

func TestDatabaseErrorsInChinese(t *testing.T) {
	path := newDefaultDB(t)
	first := mustOpen(t, path, OpenOptions{})
	_, err := Open(path, OpenOptions{ReadOnly: true, Timeout: 50 * time.Millisecond})
	first.Close()
	checkChinese(t, err, path+": 数据库已被另一进程锁定：另一 gansudash 进程正在写入（导入中？）；请等待其完成后重试")
	if !errors.Is(err, ErrLocked) {
		t.Errorf("%v is not ErrLocked", err)
	}

	setSchema(t, path, SchemaVersion+1)
	_, err = Open(path, OpenOptions{ReadOnly: true})
	checkChinese(t, err, "数据库由更新版本的 gansudash 写入：其结构版本为 3，本 gansudash 最高只支持 2")

	missing := filepath.Join(t.TempDir(), "none.db")
	_, err = Open(missing, OpenOptions{})
	checkChinese(t, err, missing+": 没有数据库：先不带 --db 运行一次 gansudash")

	short := filepath.Join(t.TempDir(), "short.db")
	os.WriteFile(short, []byte("not a database"), 0o600)
	_, err = Open(short, OpenOptions{})
	checkChinese(t, err, "不是 gansudash 数据库：文件只有 14 字节，不足以构成数据库")

	// A wrapped PathError still says itself in Chinese.
	checkChinese(t, model.Errorf("备份失败：%w", "backup failed: %w", err), "备份失败："+short)
	checkChinese(t, ErrEmpty, "数据库中还没有数据")
}
