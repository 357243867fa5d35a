package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
)

// streamEverything makes every import of the test stream, through runs on
// disk and batches of a few rows, so that a handful of rows takes every
// path a ten-million-row import takes: runs merged, batches cut between and
// inside series, the copy reopened, the region index sorted on disk, the
// reader's chunks of rows recycled.
func streamEverything(t testing.TB) {
	saved := []int{inPlaceRows, sortRunRows, writeBatchRows, indexRunBytes, reopenBatches, streamChunk}
	inPlaceRows, sortRunRows, writeBatchRows, indexRunBytes, reopenBatches, streamChunk = 0, 7, 5, 300, 2, 3
	t.Cleanup(func() {
		inPlaceRows, sortRunRows, writeBatchRows, indexRunBytes, reopenBatches, streamChunk = saved[0], saved[1], saved[2], saved[3], saved[4], saved[5]
	})
}

func init() {
	// GANSUDASH_TEST_STREAM=1 go test ./store runs the whole suite so.
	if os.Getenv("GANSUDASH_TEST_STREAM") != "" {
		inPlaceRows, sortRunRows, writeBatchRows, indexRunBytes, reopenBatches, streamChunk = 0, 7, 5, 300, 2, 3
	}
}

// figureFiles writes files that exercise an import: new figures in several
// series (one long enough to be cut between batches), changed values of
// stored figures (revisions), a row repeated exactly, and a file without a
// fragment column (stored fragments of unchanged figures stay).
func figureFiles(t testing.TB) []string {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("region,indicator,subject,period,value,source,fragment\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "wuwei,project_total_investment,流式测试%02d,%d,%d.5,wuwei_2024_review,总投资%d.5亿元\n", i%13, 2010+i, i, i)
	}
	b.WriteString("wuwei,project_total_investment,流式测试01,2011,1.5,wuwei_2024_review,总投资1.5亿元\n") // a repeat
	for y := 2000; y < 2020; y++ {
		fmt.Fprintf(&b, "wuwei,afforestation,,%d,%d,wuwei_2024_review,\n", y, y-1990)
	}
	changed := "region,indicator,period,value,source\nwuwei,afforestation,2024,20,wuwei_2024_review\nwuwei,engineered_sand_fixation,2024,17.5,wuwei_2024_review\n"
	return []string{writeFile(t, dir, "new.csv", []byte(b.String())), writeFile(t, dir, "changed.csv", []byte(changed))}
}

// bucketsOf reads every key and value of every bucket but the revisions
// (whose values hold the time of the import).
func bucketsOf(t testing.TB, path string) map[string][][2]string {
	db := mustOpen(t, path, OpenOptions{ReadOnly: true})
	defer db.Close()
	out := map[string][][2]string{}
	err := db.view(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				if string(name) == string(bucketRevisions) {
					v = nil
				}
				out[string(name)] = append(out[string(name)], [2]string{string(k), string(v)})
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAStreamedImportWritesExactlyWhatAnImportInPlaceWrites(t *testing.T) {
	files := figureFiles(t)
	inPlace, streamed := newDefaultDB(t), newDefaultDB(t)
	var want []ImportResult
	for _, f := range files {
		res, err := Import(inPlace, []string{f}, ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, res)
	}
	streamEverything(t)
	for i, f := range files {
		res, err := Import(streamed, []string{f}, ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// A series cut between batches is summarised once per batch.
		res.Series, want[i].Series = 0, 0
		if !reflect.DeepEqual(res, want[i]) {
			t.Errorf("%s: streamed %+v, in place %+v", f, res, want[i])
		}
	}
	if want[0].Duplicates != 1 || want[1].Revisions != 1 || want[1].Changed != 1 || want[1].Unchanged != 1 {
		t.Fatalf("the files do not exercise what they should: %+v", want)
	}
	a, b := bucketsOf(t, inPlace), bucketsOf(t, streamed)
	for name := range a {
		if !reflect.DeepEqual(a[name], b[name]) {
			t.Errorf("bucket %s differs: %d entries in place, %d streamed", name, len(a[name]), len(b[name]))
		}
	}
	if rep := checkDB(t, streamed); len(rep.Problems) > 0 || rep.Revisions != 1 {
		t.Errorf("check of the streamed database: %+v", rep)
	}
	entries, _ := os.ReadDir(filepath.Dir(streamed))
	for _, e := range entries {
		if e.Name() != filepath.Base(streamed) && e.Name() != filepath.Base(lockPath(streamed)) {
			t.Errorf("the import left %s behind", e.Name())
		}
	}
}

func TestAStreamedImportThatChangesNothingOrFailsLeavesTheFileAsItWas(t *testing.T) {
	files := figureFiles(t)
	path := newDefaultDB(t)
	streamEverything(t)
	if _, err := Import(path, files[:1], ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, path)
	res, err := Import(path, files[:1], ImportOptions{})
	if err != nil || res.Changes() || fileHash(t, path) != before {
		t.Errorf("re-importing the same file: %+v, %v; file unchanged: %v", res.Stats, err, fileHash(t, path) == before)
	}
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.csv", []byte("region,indicator,subject,period,value,source\n"+
		"wuwei,project_total_investment,坏行测试,2025,1,wuwei_2024_review\n"+
		"wuwei,project_total_investment,坏行测试,2026,4x.9,wuwei_2024_review\n"))
	if _, err := Import(path, []string{bad}, ImportOptions{}); err == nil || !strings.Contains(err.Error(), "bad.csv:3:5:") {
		t.Errorf("a bad row: %v", err)
	}
	// Two different figures under one key, in different runs.
	var b strings.Builder
	b.WriteString("region,indicator,subject,period,value,source\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "wuwei,project_total_investment,冲突测试,%d,%d,wuwei_2024_review\n", 2000+i, i)
	}
	b.WriteString("wuwei,project_total_investment,冲突测试,2003,99,wuwei_2024_review\n")
	conflict := writeFile(t, dir, "conflict.csv", []byte(b.String()))
	if _, err := Import(path, []string{conflict}, ImportOptions{}); err == nil || !strings.Contains(err.Error(), "differ (3 and 99): keep one") {
		t.Errorf("two figures under one key: %v", err)
	}
	if fileHash(t, path) != before {
		t.Error("a refused import changed the database")
	}
	res, err = Import(path, []string{conflict}, ImportOptions{DryRun: true})
	if err == nil {
		t.Errorf("a dry run of the conflict passed: %+v", res)
	}
}

func TestViewersKeepReadingTheOldFileAndSeeTheNewOneAfterAStreamedImport(t *testing.T) {
	path := newDefaultDB(t)
	v, err := OpenViewer(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	key := model.SeriesKey{Indicator: "afforestation", Region: "wuwei"}
	old, err := v.Series(key)
	if err != nil {
		t.Fatal(err)
	}
	// A reader that holds the file open across the import, as a viewer
	// does for Linger after each query, and a stale copy of a killed import.
	held := mustOpen(t, path, OpenOptions{ReadOnly: true})
	defer held.Close()
	stale := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".import-killed.tmp")
	writeFile(t, filepath.Dir(stale), filepath.Base(stale), []byte("left by a kill -9"))
	streamEverything(t)
	start := time.Now()
	if _, err := Import(path, figureFiles(t)[:1], ImportOptions{Timeout: time.Second}); err != nil {
		t.Fatalf("the import waited for a reader or failed: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the import took %v with a reader holding the file", d)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the stale copy of a killed import is still there")
	}
	err = held.View(func(s *Snapshot) error {
		c, err := s.Catalog()
		if err != nil {
			return err
		}
		series, err := s.Series(c, key)
		if err == nil && len(series.Observations) != len(old.Observations) {
			t.Errorf("the reader holding the old file sees %d figures, want the old %d", len(series.Observations), len(old.Observations))
		}
		return err
	})
	if err != nil {
		t.Errorf("the reader holding the old file: %v", err)
	}
	time.Sleep(Linger + 50*time.Millisecond)
	if changed, err := v.Refresh(); !changed || err != nil {
		t.Errorf("Refresh after the import = %v, %v", changed, err)
	}
	now, err := v.Series(key)
	if err != nil || len(now.Observations) <= len(old.Observations) {
		t.Errorf("the viewer sees %d figures after the import (%v), had %d", len(now.Observations), err, len(old.Observations))
	}
}

func TestAStreamedImportUpgradesASchema1DatabaseFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	regions := []model.Region{{ID: "wuwei", NameZH: "武威市", NameEN: "Wuwei", Level: model.LevelCity}}
	inds := []model.Indicator{{ID: "funds", NameZH: "到位资金", NameEN: "Funds in place", Category: model.CategoryInvestment, Kind: model.KindLevel, Unit: "亿元"}}
	srcs := []model.Source{{ID: "s", Title: "综述"}}
	obs := []model.Observation{{Indicator: "funds", Region: "wuwei", Period: model.Year(2023), Value: 429.49, Published: "429.49亿元", Unit: "亿元", Kind: model.KindLevel, Source: "s"}}
	writeSchema1(t, path, regions, inds, srcs, obs, []string{"预计数"})
	var b strings.Builder
	b.WriteString("region,indicator,period,value,source\n")
	for y := 2000; y < 2020; y++ {
		fmt.Fprintf(&b, "wuwei,funds,%d,%d,s\n", y, y-1900)
	}
	b.WriteString("wuwei,funds,2023,430,s\n") // a revision of the upgraded figure
	file := writeFile(t, t.TempDir(), "more.csv", []byte(b.String()))
	streamEverything(t)
	res, err := Import(path, []string{file}, ImportOptions{})
	if err != nil || res.Added != 20 || res.Changed != 1 || res.Revisions != 1 {
		t.Fatalf("Import into a schema-1 database = %+v, %v", res.Stats, err)
	}
	if rep := checkDB(t, path); len(rep.Problems) > 0 || rep.Figures != 21 || rep.Revisions != 1 {
		t.Errorf("check: %+v", rep)
	}
	got := contentsOf(t, path)
	for _, o := range got.Obs {
		if o.Period == model.Year(2023) && (o.Value != 430 || o.NoteZH != "预计数") {
			t.Errorf("the revised figure: %+v", o)
		}
	}
}

// validUTF8 checks large files in two halves, a megabyte at a time: runes
// cut at the chunk and half boundaries must neither fail a valid file nor
// pass an invalid one.
func TestTheParallelUTF8CheckCutsNoCharacter(t *testing.T) {
	in := func(data []byte) input { return input{name: "x.csv", r: bytes.NewReader(data), size: int64(len(data))} }
	ascii := bytes.Repeat([]byte("123,abcdefg\n"), 3<<20/12)
	// A four-byte character across the first megabyte's boundary, at each
	// place it can be cut, and Chinese text everywhere else.
	for cut := 1; cut <= 3; cut++ {
		good := bytes.Clone(ascii)
		copy(good[1<<20-cut:], "𠀋")
		copy(good[2<<20+5:], "甘肃省武威市")
		lines, ok := validUTF8(in(good), 0)
		if want := bytes.Count(good, []byte{'\n'}) + 1; !ok || lines != want {
			t.Errorf("a character cut after %d bytes: ok %v, %d lines, want %d", cut, ok, lines, want)
		}
		for _, at := range []int{5, 1<<20 - cut, 1<<20 + 1, len(good) / 2, len(good) - 2} {
			bad := bytes.Clone(good)
			bad[at] = 0xff
			if _, ok := validUTF8(in(bad), 0); ok {
				t.Errorf("a bad byte at %d passed", at)
			}
		}
	}
	nul := bytes.Clone(ascii)
	nul[len(nul)*3/4] = 0
	if _, ok := validUTF8(in(nul), 0); ok {
		t.Error("a NUL byte passed")
	}
}
