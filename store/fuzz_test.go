package store

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

var (
	fuzzDBOnce sync.Once
	fuzzDB     *DB
	fuzzCat    *Catalog
)

// fuzzDatabase is a default database opened once per fuzzing process.
func fuzzDatabase(f *testing.F) (*DB, *Catalog) {
	fuzzDBOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gansudash-fuzz-")
		if err != nil {
			f.Fatal(err)
		}
		path := filepath.Join(dir, "gansudash.db")
		if _, err := EnsureDefault(path); err != nil {
			f.Fatal(err)
		}
		if fuzzDB, err = Open(path, OpenOptions{ReadOnly: true}); err != nil {
			f.Fatal(err)
		}
		fuzzDB.View(func(s *Snapshot) error {
			fuzzCat, err = s.Catalog()
			return err
		})
	})
	return fuzzDB, fuzzCat
}

// importBytes runs a file's bytes through everything import does short of
// writing: read, resolve against the catalog, plan against the database.
func importBytes(t *testing.T, db *DB, cat *Catalog, name string, data []byte) {
	table, err := ReadBytes(name, data, ReadOptions{})
	if err != nil {
		return
	}
	for _, create := range []bool{false, true} {
		r := NewResolver(cat, create)
		r.AddSheet(table)
		for _, e := range r.Errors() {
			if e.File != name || e.Line < 1 {
				t.Fatalf("error without a position: %+v", e)
			}
		}
		if r.Err() != nil {
			continue
		}
		if _, err := db.Plan(r.Batch()); err != nil {
			return // refused as a whole (a definition clashing with the database), not a crash
		}
	}
}

// FuzzImportCSV: no file makes import panic, and every error it reports
// names the file and a line.
func FuzzImportCSV(f *testing.F) {
	db, cat := fuzzDatabase(f)
	seeds := []string{
		"region,indicator,period,value,source\nwuwei,afforestation,2025,22,wuwei_2024_review\n",
		"地区,指标,期间,数值,单位,来源\n武威市,人工造林面积,2025年,21.5,万亩,林草局月报\n",
		"地区,指标,期间,数值,来源\n武威市,到位资金,2025,\"1,809.81亿元\",x\n",
		"region,indicator,subject,period,value,source,fragment\nwuwei,event_projects_signed,\"活动\",2025-03,25,wuwei_2024_review,\"签约项目25项\"\n",
		"region,indicator,period,value,derivation,source\nwuwei,funds_in_place,2021,,1/(1+2/100),wuwei_2023_investment\n",
		"\"unterminated\n", "a,b\n1,2,3\n", "",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { importBytes(t, db, cat, "fuzz.csv", data) })
}

// FuzzImportJSON is FuzzImportCSV for what export --format json writes.
func FuzzImportJSON(f *testing.F) {
	db, cat := fuzzDatabase(f)
	for _, s := range []string{
		`[{"region":"wuwei","indicator":"afforestation","period":"2025","value":22,"source":"wuwei_2024_review"}]`,
		`[{"地区":"武威市","指标":"人工造林面积","期间":"2025年","数值":"21.5万亩","来源":"x"}]`,
		`[{"region":{"nested":1}}]`, `[1,2]`, `{}`, `[`, `[{"value":1e999}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { importBytes(t, db, cat, "fuzz.json", data) })
}
