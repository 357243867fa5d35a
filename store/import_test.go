package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	bolt "go.etcd.io/bbolt"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gansudash/gansudash/model"
)

// regionsOnlyDB creates a database holding the default region tree and
// nothing else: what a figures file needs to be imported into.
func regionsOnlyDB(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "regions.db")
	db, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b, err := DefaultBatch()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Apply(&Batch{Regions: b.Regions}); err != nil {
		t.Fatal(err)
	}
	return path
}

func exportTo(t testing.TB, dbPath, format string, raw bool) []byte {
	t.Helper()
	db := mustOpen(t, dbPath, OpenOptions{ReadOnly: true})
	defer db.Close()
	var buf bytes.Buffer
	err := db.View(func(s *Snapshot) error {
		_, err := s.Export(&buf, format, Filter{}, WriteOptions{Raw: raw})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// snapshotOf reads everything a database holds about figures, for comparison.
type dbContents struct {
	Obs        []model.Observation
	Indicators map[string]model.Indicator
	Sources    []SourceInfo
	Regions    []model.Region
}

func contentsOf(t testing.TB, path string) dbContents {
	t.Helper()
	db := mustOpen(t, path, OpenOptions{ReadOnly: true})
	defer db.Close()
	var c dbContents
	err := db.View(func(s *Snapshot) error {
		cat, err := s.Catalog()
		if err != nil {
			return err
		}
		c.Indicators, c.Sources, c.Regions = cat.Indicators, cat.Sources, cat.Regions
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

func TestImportOfAnExportReproducesTheDatabaseInEveryFormat(t *testing.T) {
	src := newDefaultDB(t)
	want := contentsOf(t, src)
	for _, format := range []string{FormatCSV, FormatJSON, FormatXLSX} {
		for _, raw := range []bool{false, true} {
			name := fmt.Sprintf("%s raw=%v", format, raw)
			file := writeFile(t, t.TempDir(), "export."+format, exportTo(t, src, format, raw))

			// Into the same database: nothing changes, not even one byte.
			before := fileHash(t, src)
			res, err := Import(src, []string{file}, ImportOptions{})
			if err != nil {
				t.Fatalf("%s: re-import: %v", name, err)
			}
			if res.Added != 0 || res.Changed != 0 || res.Unchanged != len(want.Obs) {
				t.Errorf("%s: re-import = %+v, want all %d unchanged", name, res.Stats, len(want.Obs))
			}
			if fileHash(t, src) != before {
				t.Errorf("%s: importing what is already there modified the file", name)
			}

			// Into a database holding only the regions: everything comes back.
			dst := regionsOnlyDB(t)
			if _, err := Import(dst, []string{file}, ImportOptions{Create: true}); err != nil {
				t.Fatalf("%s: import into an empty database: %v", name, err)
			}
			got := contentsOf(t, dst)
			if !reflect.DeepEqual(got.Obs, want.Obs) {
				for i := range want.Obs {
					if i >= len(got.Obs) || !reflect.DeepEqual(got.Obs[i], want.Obs[i]) {
						t.Fatalf("%s: figure %d differs:\n got %+v\nwant %+v", name, i, got.Obs[min(i, len(got.Obs)-1)], want.Obs[i])
					}
				}
				t.Fatalf("%s: %d figures, want %d", name, len(got.Obs), len(want.Obs))
			}
			if !reflect.DeepEqual(got.Indicators, want.Indicators) {
				t.Errorf("%s: indicators differ", name)
			}
			if !reflect.DeepEqual(got.Sources, want.Sources) {
				t.Errorf("%s: sources differ:\n got %+v\nwant %+v", name, got.Sources, want.Sources)
			}
			if again := exportTo(t, dst, FormatCSV, true); !bytes.Equal(again, exportTo(t, src, FormatCSV, true)) {
				t.Errorf("%s: the re-imported database exports differently", name)
			}
			if rep := checkDB(t, dst); len(rep.Problems) > 0 {
				t.Errorf("%s: check after import: %v", name, rep.Problems)
			}
		}
	}
}

func checkDB(t testing.TB, path string) CheckReport {
	t.Helper()
	db := mustOpen(t, path, OpenOptions{ReadOnly: true})
	defer db.Close()
	rep, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

const officialCSV = `地区,指标,期间,数值,单位,来源,备注
武威市,人工造林面积,2025年,21.5,万亩,林草局月报,全年计划
武威市,到位资金,2024年,"1,809.81",亿元,林草局月报,
凉州区,省外到位资金,2025年1—6月,９０.５亿元,,林草局月报,全角数字
凉州区,省外到位资金增速,2025年1—6月,38.01%,,林草局月报,
兰州市,签约工业项目增速,2025年,-3.2,%,林草局月报,负增长
武威市,义务植树,2025年,50多,万株,林草局月报,约数
古浪县,沙化土地累计得到初步治理面积,2025年,超10,万亩,林草局月报,
武威市,市级强科技奖补资金,2025年,1200,万元,林草局月报,
`

func TestValuesAsOfficialsWriteThemAreRead(t *testing.T) {
	path := newDefaultDB(t)
	file := writeFile(t, t.TempDir(), "official.csv", []byte(officialCSV))
	res, err := Import(path, []string{file}, ImportOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 8 || res.NewSources != 1 {
		t.Fatalf("Import = %+v", res)
	}
	got := map[string]model.Observation{}
	for _, o := range contentsOf(t, path).Obs {
		if o.Period.Year == 2025 && o.Source != "liangzhou_2025_county" {
			got[o.Indicator+"/"+o.Region] = o
		}
	}
	tests := []struct {
		key       string
		value     float64
		published string
		qual      model.Qualifier
	}{
		{"afforestation/wuwei", 21.5, "21.5万亩", ""},
		{"funds_from_outside_province_in_place/liangzhou", 90.5, "９０.５亿元", ""},
		{"funds_from_outside_province_in_place_growth/liangzhou", 38.01, "38.01%", ""},
		{"volunteer_tree_planting/wuwei", 50, "50多万株", model.QualMore},
		{"desertified_land_initially_controlled/gulang", 10, "超10万亩", model.QualOver},
		{"city_tech_rewards/wuwei", 1200, "1200万元", ""},
	}
	for _, tt := range tests {
		o, ok := got[tt.key]
		if !ok {
			t.Errorf("%s was not imported", tt.key)
			continue
		}
		if o.Value != tt.value || o.Published != tt.published || o.Qualifier != tt.qual {
			t.Errorf("%s = %v %q %q, want %v %q %q", tt.key, o.Value, o.Published, o.Qualifier, tt.value, tt.published, tt.qual)
		}
	}
	if o := got["industrial_projects_signed_growth/lanzhou"]; o.Value != -3.2 {
		t.Errorf("a negative growth was read as %v", o.Value)
	}
}

func TestUnitsConvertWithinADimension(t *testing.T) {
	path := newDefaultDB(t)
	csv := "region,indicator,period,value,unit,source\nwuwei,funds_in_place,2024,450000,万元,wuwei_2024_review\n"
	file := writeFile(t, t.TempDir(), "wan.csv", []byte(csv))
	if _, err := Import(path, []string{file}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, o := range contentsOf(t, path).Obs {
		if o.Indicator == "funds_in_place" && o.Region == "wuwei" && o.Period == model.Year(2024) {
			if o.Value != 45 || o.Unit != "亿元" || o.Published != "450000万元" {
				t.Errorf("450000万元 was stored as %v %s (published %q), want 45 亿元", o.Value, o.Unit, o.Published)
			}
			return
		}
	}
	t.Error("the figure was not imported")
}

func TestGB18030AndBOMFilesAreRead(t *testing.T) {
	dir := t.TempDir()
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(officialCSV))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(gbk, []byte(officialCSV)) {
		t.Fatal("the encoder did not re-encode the Chinese text")
	}
	bom := append([]byte("\ufeff"), []byte(officialCSV)...)
	for name, data := range map[string][]byte{"gbk.csv": gbk, "bom.csv": bom} {
		path := newDefaultDB(t)
		res, err := Import(path, []string{writeFile(t, dir, name, data)}, ImportOptions{Create: true})
		if err != nil || res.Added != 8 {
			t.Errorf("%s: %+v, %v", name, res, err)
		}
	}
	path := newDefaultDB(t)
	file := writeFile(t, dir, "gbk-forced.csv", gbk)
	if _, err := Import(path, []string{file}, ImportOptions{Create: true, Read: ReadOptions{Encoding: "gbk"}}); err != nil {
		t.Errorf("--encoding gbk: %v", err)
	}
	if _, err := Import(path, []string{file}, ImportOptions{Create: true, Read: ReadOptions{Encoding: "utf-8"}}); err == nil || !strings.Contains(err.Error(), "gbk-forced.csv:1:1:") {
		t.Errorf("a GB18030 file read as UTF-8 must fail with a position, got %v", err)
	}
	// Bytes that are not GB18030 either: an error with line and column, never a silent U+FFFD.
	header, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("地区,指标,期间,数值,来源\n武威市,"))
	bad := append(header, 0x81, 0x20, '\n')
	if _, err := Import(path, []string{writeFile(t, dir, "bad.csv", bad)}, ImportOptions{}); err == nil || !strings.Contains(err.Error(), "bad.csv:2:5:") || !strings.Contains(err.Error(), "neither UTF-8 nor GB18030") {
		t.Errorf("undecodable bytes: %v", err)
	}
}

func TestAnXLSXWrittenByExcelizeIsRead(t *testing.T) {
	f := excelize.NewFile()
	sheet := "5月数据"
	f.SetSheetName("Sheet1", sheet)
	rows := [][]any{
		{"序号", "地区", "指标", "时间", "数值", "单位", "来源"},
		{1, "武威市", "人工造林面积", "2025年", 21.5, "万亩", "林草局月报"},
		{2, "凉州区", "省外到位资金", "2025年1—5月", "88.57亿元", nil, "林草局月报"},
		{3, "武威市", "义务植树", "2025年", "50多", "万株", "林草局月报"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+3) // a blank row above the header
		f.SetSheetRow(sheet, cell, &r)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	f.SetCellStyle(sheet, "E4", "E4", style)
	f.NewSheet("其他")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, t.TempDir(), "monthly.xlsx", buf.Bytes())
	path := newDefaultDB(t)
	res, err := Import(path, []string{file}, ImportOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 3 || len(res.Ignored) != 1 || !strings.Contains(res.Ignored[0], "序号") {
		t.Errorf("Import = %+v", res)
	}
	if _, err := Import(path, []string{file}, ImportOptions{Read: ReadOptions{Sheet: "其他"}}); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("--sheet 其他 (an empty sheet): %v", err)
	}
	if _, err := Import(path, []string{file}, ImportOptions{Read: ReadOptions{Sheet: "6月"}}); err == nil || !strings.Contains(err.Error(), "5月数据") {
		t.Errorf("--sheet of a missing sheet must list the sheets: %v", err)
	}
	// Rows are numbered as Excel numbers them.
	bad := [][]any{{"地区", "指标", "时间", "数值", "来源"}, {"武威市", "人工造林面积", "2025年", "4x.9", "x"}}
	g := excelize.NewFile()
	for i, r := range bad {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		g.SetSheetRow("Sheet1", cell, &r)
	}
	buf.Reset()
	g.Write(&buf)
	_, err = Import(path, []string{writeFile(t, t.TempDir(), "bad.xlsx", buf.Bytes())}, ImportOptions{Create: true})
	if err == nil || !strings.Contains(err.Error(), `bad.xlsx:2:4: column 数值: "4x.9" is not a number`) {
		t.Errorf("bad xlsx value: %v", err)
	}
}

func TestEachClassOfBadInputHasAClearMessage(t *testing.T) {
	header := "地区,指标,期间,数值,单位,来源,原文,对象\n"
	tests := []struct {
		row, want string
	}{
		{`武威市,人工造林面积,2025,4x.9,,wuwei_2024_review,,`, `column 数值: "4x.9" is not a number: "x.9" after the number is not a unit`},
		{`武威市,人工造林面积,2025,,,wuwei_2024_review,,`, `column 数值: empty: every figure needs a value`},
		{`武威市,到位资金,2025,12,万亩,wuwei_2024_review,,`, `column 单位: 万亩 cannot be converted to 亿元: they measure different things`},
		{`武威市,到位资金,2025,12万亩,,wuwei_2024_review,,`, `column 数值: 万亩 cannot be converted to 亿元`},
		{`武威市,到位资金,2025,12亿元,万元,wuwei_2024_review,,`, `column 数值: "12亿元" is in 亿元 but the unit column says 万元`},
		{`武威,人工造林面积,2025,1,,wuwei_2024_review,,`, `column 地区: unknown region "武威" (did you mean "武威市"?)`},
		{`武威市,人工造林,2025,1,,wuwei_2024_review,,`, `column 指标: unknown indicator "人工造林" (did you mean "人工造林面积"?)`},
		{`武威市,人工造林面积,2025年13月,1,,wuwei_2024_review,,`, `column 期间: "2025年13月" is not a period`},
		{`武威市,人工造林面积,2025,1,,nowhere_news,,`, `column 来源: unknown source "nowhere_news"`},
		{`武威市,人工造林面积,2025,1,,wuwei_2024_review,` + strings.Repeat("长", 41) + `,`, `column 原文: 41 characters; the verbatim fragment may have at most 40`},
		{`武威市,人工造林面积,2025,1,,wuwei_2024_review,,某项目`, `column 对象: indicator afforestation is a region total`},
		{`武威市,签约金额,2025-03,1,,wuwei_2024_review,,`, `column 对象: indicator event_amount_signed is per event: name the event`},
		{`武威市,人工造林面积,2025,1.2.3,,wuwei_2024_review,,`, `column 数值: "1.2.3" is not a number`},
	}
	dir := t.TempDir()
	path := newDefaultDB(t)
	before := fileHash(t, path)
	for i, tt := range tests {
		file := writeFile(t, dir, fmt.Sprintf("bad%d.csv", i), []byte(header+tt.row+"\n"))
		_, err := Import(path, []string{file}, ImportOptions{})
		var list ErrorList
		if !errors.As(err, &list) {
			t.Errorf("row %q: error %v, want an ErrorList", tt.row, err)
			continue
		}
		// The column's position in the header, as file:line:column says it.
		col := 0
		for i, h := range strings.Split(strings.TrimSpace(header), ",") {
			if strings.HasPrefix(tt.want, "column "+h+":") {
				col = i + 1
			}
		}
		want := fmt.Sprintf("%s:2:%d: %s", file, col, tt.want)
		if !strings.HasPrefix(list.Error(), want) {
			t.Errorf("row %q:\n got %s\nwant %s", tt.row, list.Error(), want)
		}
	}
	if fileHash(t, path) != before {
		t.Error("a rejected import modified the database")
	}
}

func TestABadRowAtTheEndOfTenThousandWritesNothing(t *testing.T) {
	var b strings.Builder
	b.WriteString("region,indicator,subject,period,value,source\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&b, "wuwei,project_total_investment,测试项目%05d,2025,%d.5,wuwei_2024_review\n", i, i)
	}
	b.WriteString("wuwei,project_total_investment,最后一个,2025,4x.9,wuwei_2024_review\n")
	file := writeFile(t, t.TempDir(), "big.csv", []byte(b.String()))
	path := newDefaultDB(t)
	before := fileHash(t, path)
	_, err := Import(path, []string{file}, ImportOptions{})
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 1 || list[0].Line != 10002 {
		t.Fatalf("error = %v, want one error on line 10002", err)
	}
	if fileHash(t, path) != before {
		t.Error("10,000 good rows were written although the file had a bad one")
	}
}

func TestErrorsAreListedFiftyThenCounted(t *testing.T) {
	var b strings.Builder
	b.WriteString("region,indicator,period,value,source\n")
	for i := 0; i < 73; i++ {
		fmt.Fprintf(&b, "wuwei,afforestation,2025,bad%d,wuwei_2024_review\n", i)
	}
	_, err := Import(newDefaultDB(t), []string{writeFile(t, t.TempDir(), "many.csv", []byte(b.String()))}, ImportOptions{})
	if err == nil {
		t.Fatal("73 bad rows were accepted")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != MaxListedErrors+1 || lines[MaxListedErrors] != "... and 23 more problems" {
		t.Errorf("got %d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

func TestDryRunCountsAndWritesNothing(t *testing.T) {
	path := newDefaultDB(t)
	before := fileHash(t, path)
	csv := "region,indicator,period,value,source\nwuwei,afforestation,2024,20,wuwei_2024_review\nwuwei,afforestation,2025,22,wuwei_2024_review\nwuwei,afforestation,2023,19,wuwei_2024_review\n"
	res, err := Import(path, []string{writeFile(t, t.TempDir(), "d.csv", []byte(csv))}, ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 2 || res.Unchanged != 1 {
		t.Errorf("dry run = %+v, want 2 added, 1 unchanged (2024 is already there as 20)", res.Stats)
	}
	if fileHash(t, path) != before {
		t.Error("a dry run modified the database")
	}
}

func TestAFileWithoutFragmentsKeepsTheStoredOnesOfUnchangedFigures(t *testing.T) {
	path := newDefaultDB(t)
	csv := "region,indicator,period,value,source\nwuwei,afforestation,2024,20,wuwei_2024_review\nwuwei,engineered_sand_fixation,2024,17.5,wuwei_2024_review\n"
	res, err := Import(path, []string{writeFile(t, t.TempDir(), "f.csv", []byte(csv))}, ImportOptions{})
	if err != nil || res.Unchanged != 1 || res.Changed != 1 {
		t.Fatalf("Import = %+v, %v", res.Stats, err)
	}
	for _, o := range contentsOf(t, path).Obs {
		switch {
		case o.Indicator == "afforestation" && o.Period == model.Year(2024):
			if o.Fragment != "人工造林20万亩" || o.Published != "20万亩" {
				t.Errorf("the unchanged figure lost its citation: %+v", o)
			}
		case o.Indicator == "engineered_sand_fixation" && o.Period == model.Year(2024):
			if o.Fragment != "" || o.Published != "17.5万亩" {
				t.Errorf("the changed figure still cites the old number's fragment: %+v", o)
			}
		}
	}
}

func TestASecondImportWaitsThenFailsClearly(t *testing.T) {
	path := newDefaultDB(t)
	holder := mustOpen(t, path, OpenOptions{}) // an import in progress
	file := writeFile(t, t.TempDir(), "x.csv", []byte("region,indicator,period,value,source\nwuwei,afforestation,2025,22,wuwei_2024_review\n"))
	start := time.Now()
	_, err := Import(path, []string{file}, ImportOptions{Timeout: 300 * time.Millisecond})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "wait for it to finish") {
		t.Errorf("second import: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Error("the second import did not give up in bounded time")
	}
	holder.Close()
	if res, err := Import(path, []string{file}, ImportOptions{}); err != nil || res.Added != 1 {
		t.Errorf("after the first import finished, the second succeeds: %+v, %v", res, err)
	}
}

func TestSourceForTheWholeFile(t *testing.T) {
	path := newDefaultDB(t)
	csv := "地区,指标,期间,数值\n武威市,人工造林面积,2025年,22\n"
	file := writeFile(t, t.TempDir(), "nosource.csv", []byte(csv))
	if _, err := Import(path, []string{file}, ImportOptions{}); err == nil || !strings.Contains(err.Error(), "--source") {
		t.Errorf("a file without sources must be refused with a hint: %v", err)
	}
	res, err := Import(path, []string{file}, ImportOptions{Source: "2025年5月林草局统计月报"})
	if err != nil || res.Added != 1 || res.NewSources != 1 {
		t.Errorf("--source: %+v %v", res, err)
	}
}

// damage spoils a database as check must notice: a series summary whose
// bytes no longer match its figures, and a source count that is wrong; also
// does more, when given.
func damage(t *testing.T, path string, also func(tx *bolt.Tx)) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketSeries).Cursor()
		k, v := c.First()
		bad := bytes.Clone(v)
		bad[len(bad)-3] ^= 0xff
		tx.Bucket(bucketSeries).Put(bytes.Clone(k), bad)
		if also != nil {
			also(tx)
		}
		return putUint(tx.Bucket(bucketSourceCounts), []byte("wuwei_2024_review"), 1)
	})
}

func TestCheckFindsAStaleIndexAndPassesAHealthyDatabase(t *testing.T) {
	path := newDefaultDB(t)
	if rep := checkDB(t, path); len(rep.Problems) != 0 || rep.Figures < 150 {
		t.Fatalf("healthy database: %+v", rep)
	}
	damage(t, path, nil)
	rep := checkDB(t, path)
	joined := strings.Join(rep.Problems, "\n")
	if !strings.Contains(joined, "stored summary is stale") || !strings.Contains(joined, "source wuwei_2024_review counts 1 figures") {
		t.Errorf("check missed the damage:\n%s", joined)
	}
}

// The indexes are compared as sums of hashes first: each kind of damage to
// each index must still be found, and named by the second, precise pass.
func TestCheckNamesEveryKindOfIndexDamage(t *testing.T) {
	firstKey := func(tx *bolt.Tx, bucket []byte) ([]byte, []byte) {
		k, v := tx.Bucket(bucket).Cursor().First()
		return bytes.Clone(k), bytes.Clone(v)
	}
	for _, tc := range []struct {
		name, want string
		damage     func(tx *bolt.Tx) error
	}{
		{"a stale region entry", "region index entry is missing or stale", func(tx *bolt.Tx) error {
			k, v := firstKey(tx, bucketRegionSeries)
			v[len(v)-2] ^= 0x01
			return tx.Bucket(bucketRegionSeries).Put(k, v)
		}},
		{"a missing region entry", "region index holds", func(tx *bolt.Tx) error {
			k, _ := firstKey(tx, bucketRegionSeries)
			return tx.Bucket(bucketRegionSeries).Delete(k)
		}},
		{"a missing source entry", "source index lacks", func(tx *bolt.Tx) error {
			k, _ := firstKey(tx, bucketSourceSeries)
			return tx.Bucket(bucketSourceSeries).Delete(k)
		}},
		{"an extra source entry", "source index holds", func(tx *bolt.Tx) error {
			k, _ := firstKey(tx, bucketSourceSeries)
			return tx.Bucket(bucketSourceSeries).Put(append([]byte("zz_no_such_source"), k[bytes.IndexByte(k, sep):]...), nil)
		}},
		{"an extra series entry", "series index holds", func(tx *bolt.Tx) error {
			_, v := firstKey(tx, bucketSeries)
			return tx.Bucket(bucketSeries).Put([]byte("zz_no_such_indicator\x00r\x00\x00"), v)
		}},
		{"a series summary swapped with another's", "stored summary is stale", func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketSeries).Cursor()
			k1, v1 := c.First()
			k2, v2 := c.Next()
			k1, v1, k2, v2 = bytes.Clone(k1), bytes.Clone(v1), bytes.Clone(k2), bytes.Clone(v2)
			if err := tx.Bucket(bucketSeries).Put(k1, v2); err != nil {
				return err
			}
			return tx.Bucket(bucketSeries).Put(k2, v1)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := newDefaultDB(t)
			b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if err := b.Update(tc.damage); err != nil {
				t.Fatal(err)
			}
			b.Close()
			joined := strings.Join(checkDB(t, path).Problems, "\n")
			if !strings.Contains(joined, tc.want) {
				t.Errorf("check did not say %q:\n%s", tc.want, joined)
			}
		})
	}
}

// A figure whose region or source does not exist is named, each one, even
// where the figures before it in its series were found.
func TestCheckNamesFiguresWhoseRegionOrSourceDoesNotExist(t *testing.T) {
	path := newDefaultDB(t)
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		ob := tx.Bucket(bucketObs)
		k, v := ob.Cursor().Last()
		o, err := decodeObs(k, v)
		if err != nil {
			return err
		}
		v = bytes.Clone(v)
		for _, change := range []func(o *model.Observation){
			func(o *model.Observation) { o.Source = "zz_missing_source" },
			func(o *model.Observation) { o.Source = "zz_missing_source"; o.Period, _ = model.ParsePeriod("2031") },
			func(o *model.Observation) { o.Region = "zz_nowhere" },
		} {
			x := o
			change(&x)
			if err := ob.Put(storageKey(&x), v); err != nil {
				return err
			}
		}
		return nil
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(checkDB(t, path).Problems, "\n")
	if n := strings.Count(joined, `source "zz_missing_source" does not exist`); n != 2 {
		t.Errorf("%d figures named for their missing source, want 2:\n%s", n, joined)
	}
	if !strings.Contains(joined, `region "zz_nowhere" does not exist`) {
		t.Errorf("the figure of a missing region is not named:\n%s", joined)
	}
}

func TestBackupWhileAReaderHoldsTheDatabase(t *testing.T) {
	path := newDefaultDB(t)
	reader := mustOpen(t, path, OpenOptions{ReadOnly: true})
	defer reader.Close()
	dest := filepath.Join(t.TempDir(), "backup.db")
	if _, err := reader.Backup(dest, false); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(contentsOf(t, dest), contentsOf(t, path)) {
		t.Error("the backup holds different figures")
	}
	if _, err := reader.Backup(dest, false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("overwriting a backup without --force: %v", err)
	}
	if _, err := reader.Backup(path, true); err == nil {
		t.Error("backing a database up onto itself was allowed")
	}
}

// BenchmarkImport100k measures importing 100,000 rows of CSV into a database
// holding the default data; rows/s is reported.
func BenchmarkImport100k(b *testing.B) {
	const rows = 100000
	var sb strings.Builder
	sb.WriteString("region,indicator,subject,period,value,source\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&sb, "wuwei,project_total_investment,项目%06d,%d,%d.25,wuwei_2024_review\n", i/4, 2020+i%4, i%997)
	}
	file := writeFile(b, b.TempDir(), "100k.csv", []byte(sb.String()))
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		path := newDefaultDB(b)
		b.StartTimer()
		res, err := Import(path, []string{file}, ImportOptions{})
		if err != nil || res.Added != rows {
			b.Fatalf("%+v %v", res, err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func TestABadValueIsNotHiddenBehindAnUnknownNameAndRepeatsAreGrouped(t *testing.T) {
	var b strings.Builder
	b.WriteString("region,indicator,period,value,source\n")
	for i := 0; i < 2000; i++ {
		b.WriteString("wuwei,测试指标1,2025,1,wuwei_2024_review\n")
	}
	b.WriteString("wuwei,测试指标1,2025,4x.9,wuwei_2024_review\n")
	file := writeFile(t, t.TempDir(), "masked.csv", []byte(b.String()))
	_, err := Import(newDefaultDB(t), []string{file}, ImportOptions{})
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v, want an ErrorList", err)
	}
	if len(list) != 2 {
		t.Fatalf("%d problems, want 2 (the unknown name once, the bad number once):\n%v", len(list), err)
	}
	name, value := list[0].Error(), list[1].Error()
	if !strings.HasPrefix(name, file+`:2:2: column indicator: unknown indicator "测试指标1"`) ||
		!strings.Contains(name, "(on 2001 rows: lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … and 1991 more)") {
		t.Errorf("the unknown name is not one grouped problem: %s", name)
	}
	if !strings.HasPrefix(value, file+`:2002:4: column value: "4x.9" is not a number`) {
		t.Errorf("the bad number on the last row: %s", value)
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != 2 {
		t.Errorf("the message is %d lines, want 2", n)
	}
}

func TestCreatingAnIndicatorWithoutACategoryColumnSaysWhatToAdd(t *testing.T) {
	file := writeFile(t, t.TempDir(), "nocat.csv", []byte("地区,指标,期间,数值,单位,来源\n武威市,光伏组件产量,2025,12,万千瓦,wuwei_2024_review\n"))
	_, err := Import(newDefaultDB(t), []string{file}, ImportOptions{Create: true})
	if err == nil {
		t.Fatal("an indicator without a category was created")
	}
	msg := err.Error()
	if !strings.Contains(msg, file+`:2:2: column 指标: to create indicator "光伏组件产量" the file needs a category column (category or 类别)`) ||
		!strings.Contains(msg, "investment, industry, desertification") || strings.Contains(msg, `unknown category ""`) {
		t.Errorf("message: %s", msg)
	}
}

func TestANewIndicatorWhoseDerivedIDIsTakenGetsItsOwn(t *testing.T) {
	path := newDefaultDB(t)
	file := writeFile(t, t.TempDir(), "growth.csv", []byte("region,indicator_en,indicator_zh,category,kind,unit,period,value,source\n"+
		"wuwei,GDP growth,生产总值增长（新口径）,macro,growth_pct,%,2025,6.1,wuwei_2024_review\n"))
	res, err := Import(path, []string{file}, ImportOptions{Create: true})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	got := contentsOf(t, path)
	ind, ok := got.Indicators["gdp_growth_2"]
	if res.NewIndicators != 1 || !ok || ind.NameEN != "GDP growth" {
		t.Errorf("new indicators %d; gdp_growth_2 = %+v (%v)", res.NewIndicators, ind, ok)
	}
	if old := got.Indicators["gdp_growth"]; old.NameZH != "地区生产总值增速" {
		t.Errorf("the existing gdp_growth changed: %+v", old)
	}
}

func TestDecodingProblemsAreReportedWhereTheyAre(t *testing.T) {
	dir := t.TempDir()
	var utf8File bytes.Buffer
	utf8File.WriteString("地区,指标,期间,数值,来源\n")
	for i := 2; i <= 30; i++ {
		if i == 25 {
			utf8File.WriteString("武威市,人工造林面积,2025,1,wuwei_2024_review,\xff\n")
			continue
		}
		utf8File.WriteString("武威市,人工造林面积,2025,1,wuwei_2024_review\n")
	}
	var quote bytes.Buffer
	quote.WriteString("地区,指标,期间,数值,来源\n武威市,\"人工造林面积,2025,1,wuwei_2024_review\n")
	for i := 3; i <= 10; i++ {
		quote.WriteString("武威市,人工造林面积,2025,1,wuwei_2024_review\n")
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"badbyte.csv", utf8File.Bytes(), "badbyte.csv:25:37: not valid UTF-8 here (the file is UTF-8 before it)"},
		{"quote.csv", quote.Bytes(), "quote.csv:2: a quoted cell opened on line 2 is never closed (the file ends at line 10)"},
	} {
		file := writeFile(t, dir, tc.name, tc.data)
		_, err := Import(newDefaultDB(t), []string{file}, ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestAnXLSXExportRefusesACellExcelWouldCut(t *testing.T) {
	path := newDefaultDB(t)
	long := strings.Repeat("备", model.MaxFragment)  // a fragment is short; a note need not be
	note := strings.Repeat("n", MaxXLSXCellChars+1) // 32 KB: within what import takes
	file := writeFile(t, t.TempDir(), "long.csv", []byte("region,indicator,period,value,source,fragment,note\n"+
		"wuwei,afforestation,2026,1,wuwei_2024_review,"+long+","+note+"\n"))
	if _, err := Import(path, []string{file}, ImportOptions{}); err != nil {
		t.Fatalf("import: %v", err)
	}
	db := mustOpen(t, path, OpenOptions{ReadOnly: true})
	defer db.Close()
	err := db.View(func(s *Snapshot) error {
		_, err := s.Export(io.Discard, FormatXLSX, Filter{}, WriteOptions{})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "32767") || !strings.Contains(err.Error(), "CSV or JSON") {
		t.Errorf("XLSX export of a %d-character note: %v", MaxXLSXCellChars+1, err)
	}
	var csvOut bytes.Buffer
	db.View(func(s *Snapshot) error { _, err := s.Export(&csvOut, FormatCSV, Filter{}, WriteOptions{}); return err })
	if !strings.Contains(csvOut.String(), note) {
		t.Error("the CSV export lost the long note")
	}
}

func TestACountyWithoutAParentIsRefusedAndCheckFindsOne(t *testing.T) {
	path := newDefaultDB(t)
	file := writeFile(t, t.TempDir(), "orphan.csv", []byte("region,region_zh,region_level,indicator,period,value,source\n"+
		"jingtai,景泰县,county,afforestation,2025,1,wuwei_2024_review\n"))
	_, err := Import(path, []string{file}, ImportOptions{Create: true})
	if err == nil || !strings.Contains(err.Error(), `to create county "jingtai" say which city`) {
		t.Errorf("a county without a parent: %v", err)
	}
	// A database written by something else holds one: check says so.
	db := mustOpen(t, path, OpenOptions{})
	err = db.update(func(tx *bolt.Tx) error {
		enc, _ := encodeRegion(model.Region{ID: "jingtai", NameZH: "景泰县", Level: model.LevelCounty}, 99)
		return tx.Bucket(bucketRegions).Put([]byte("jingtai"), enc)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if rep := checkDB(t, path); !slices.ContainsFunc(rep.Problems, func(p string) bool { return strings.Contains(p, "jingtai is a county without a parent") }) {
		t.Errorf("check does not find the county without a parent: %v", rep.Problems)
	}
}

func TestAChangedValueKeepsThePreviousOneWithWhenAndWhichFile(t *testing.T) {
	path := newDefaultDB(t)
	dir := t.TempDir()
	head := "region,indicator,period,value,source,fragment\n"
	first := writeFile(t, dir, "五月.csv", []byte(head+"wuwei,afforestation,2026,21.5,wuwei_2024_review,人工造林21.5万亩\n"))
	second := writeFile(t, dir, "六月修订.csv", []byte(head+"wuwei,afforestation,2026,22,wuwei_2024_review,人工造林22万亩\n"))
	for _, f := range []string{first, first} {
		if _, err := Import(path, []string{f}, ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	unchanged := fileHash(t, path)
	if _, err := Import(path, []string{first}, ImportOptions{}); err != nil || fileHash(t, path) != unchanged {
		t.Fatalf("re-importing an identical file changed the database: %v", err)
	}
	res, err := Import(path, []string{second}, ImportOptions{})
	if err != nil || res.Changed != 1 || res.Revisions != 1 {
		t.Fatalf("the changed value: %+v %v", res.Stats, err)
	}
	db := mustOpen(t, path, OpenOptions{ReadOnly: true})
	defer db.Close()
	var series model.Series
	var history []model.Revision
	db.View(func(s *Snapshot) error {
		c, _ := s.Catalog()
		series, err = s.Series(c, model.SeriesKey{Indicator: "afforestation", Region: "wuwei"})
		s.History(c, Filter{Region: "wuwei"}, func(r *ExportRecord, rev model.Revision) error {
			history = append(history, rev)
			return nil
		})
		return err
	})
	if len(series.Revisions) != 1 {
		t.Fatalf("%d revisions in the series, want 1", len(series.Revisions))
	}
	rev := series.Revisions[0]
	if rev.Old.Value != 21.5 || rev.Old.Fragment != "人工造林21.5万亩" || rev.ReplacedBy != "六月修订.csv" || time.Since(rev.ReplacedAt) > time.Minute {
		t.Errorf("revision: %+v", rev)
	}
	if last := series.Observations[len(series.Observations)-1]; last.Value != 22 {
		t.Errorf("the current value is %v, want 22", last.Value)
	}
	if len(history) != 2 || history[0].Old.Value != 22 || !history[0].ReplacedAt.IsZero() || history[1].Old.Value != 21.5 {
		t.Errorf("History: %+v", history)
	}
	if rep, err := db.Check(); err != nil || len(rep.Problems) > 0 || rep.Revisions != 1 {
		t.Errorf("check: %+v %v", rep, err)
	}
}

func TestImportProblemsInChinese(t *testing.T) {
	header := "地区,指标,期间,数值,单位,来源,原文,对象\n"
	tests := []struct {
		row, want string
	}{
		{`武威市,人工造林面积,2025,4x.9,,wuwei_2024_review,,`, `:2:4: 列 数值：“4x.9”不是数字：数字后的“x.9”不是单位`},
		{`武威市,人工造林面积,2025,,,wuwei_2024_review,,`, `:2:4: 列 数值：为空：每个数据都须有数值`},
		{`武威市,到位资金,2025,12,万亩,wuwei_2024_review,,`, `:2:5: 列 单位：万亩 无法换算为 亿元：二者计量的不是同一种量（指标 funds_in_place 的单位是 亿元`},
		{`武威市,到位资金,2025,12亿元,万元,wuwei_2024_review,,`, `:2:4: 列 数值：“12亿元”的单位是 亿元，单位列却是 万元`},
		{`武威,人工造林面积,2025,1,,wuwei_2024_review,,`, `:2:1: 列 地区：未知地区“武威”（是否指“武威市”？）；如需新增，请加 --create 参数`},
		{`武威市,人工造林,2025,1,,wuwei_2024_review,,`, `:2:2: 列 指标：未知指标“人工造林”（是否指“人工造林面积”？）`},
		{`武威市,人工造林面积,2025年13月,1,,wuwei_2024_review,,`, `:2:3: 列 期间：“2025年13月”不是期间：请写成 年：2024年（2024）`},
		{`武威市,人工造林面积,2025,1,,nowhere_news,,`, `:2:6: 列 来源：未知来源“nowhere_news”`},
		{`武威市,人工造林面积,2025,1,,wuwei_2024_review,` + strings.Repeat("长", 41) + `,`, `:2:7: 列 原文：有 41 个字；原文摘录最多 40 个字`},
		{`武威市,人工造林面积,2025,1,,wuwei_2024_review,,某项目`, `:2:8: 列 对象：指标 afforestation 是地区合计`},
		{`武威市,签约金额,2025-03,1,,wuwei_2024_review,,`, `:2:8: 列 对象：指标 event_amount_signed 按招商活动统计：请写明招商活动`},
		{`武威市,人工造林面积,2025,12,千克,wuwei_2024_review,,`, `:2:5: 列 单位：千克 无法换算为 万亩`},
	}
	dir := t.TempDir()
	path := newDefaultDB(t)
	for i, tt := range tests {
		file := writeFile(t, dir, fmt.Sprintf("bad%d.csv", i), []byte(header+tt.row+"\n"))
		_, err := Import(path, []string{file}, ImportOptions{})
		checkChinese(t, err, file+tt.want)
	}

	// The same problem on 40 rows is one problem, listed with its rows.
	var b strings.Builder
	b.WriteString(header)
	for i := 0; i < 40; i++ {
		b.WriteString("武威,人工造林面积,2025,1,,wuwei_2024_review,,\n")
	}
	file := writeFile(t, dir, "grouped.csv", []byte(b.String()))
	_, err := Import(path, []string{file}, ImportOptions{})
	checkChinese(t, err, file+`:2:1: 列 地区：未知地区“武威”（是否指“武威市”？）；如需新增，请加 --create 参数（共 40 行：第 2、3、4、5、6、7、8、9、10、11 行等）`)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 1 || list[0].Count != 40 {
		t.Fatalf("%v is not one problem on 40 rows", err)
	}
	checkChinese(t, list[0], "（共 40 行：")

	// A list longer than MaxListedErrors is counted, in Chinese too.
	b.Reset()
	b.WriteString("region,indicator,period,value,source\n")
	for i := 0; i < 73; i++ {
		fmt.Fprintf(&b, "wuwei,afforestation,2025,bad%d,wuwei_2024_review\n", i)
	}
	_, err = Import(path, []string{writeFile(t, dir, "many.csv", []byte(b.String()))}, ImportOptions{})
	checkChinese(t, err, "列 value：“bad0”不是数字", "\n……另有 23 个问题")

	// A header without a column a figure needs.
	_, err = Import(path, []string{writeFile(t, dir, "noperiod.csv", []byte("地区,指标,数值,来源\n武威市,人工造林面积,1,wuwei_2024_review\n"))}, ImportOptions{})
	checkChinese(t, err, "noperiod.csv:1: 没有期间列：每个数据都须有期间；请添加表头为 期间 或 period 的列")

	// A file that cannot be read at all.
	_, err = Import(path, []string{writeFile(t, dir, "quote.csv", []byte(header+"武威市,\"人工造林面积,2025,1,,wuwei_2024_review,,\n"))}, ImportOptions{})
	checkChinese(t, err, "quote.csv:2:59: 带引号的单元格中引号多余或缺失：请检查该行的引号")
	_, err = Import(path, []string{writeFile(t, dir, "open.csv", []byte(header+"武威市,\"人工造林面积,2025\n1,2,3\n"))}, ImportOptions{})
	checkChinese(t, err, "open.csv:2: 第 2 行开始的带引号单元格一直未闭合（文件在第 3 行结束）")

	// Warnings say themselves too.
	res, err := Import(path, []string{writeFile(t, dir, "names.csv", []byte("地区,地区中文名,指标,期间,数值,来源\n"+
		"wuwei,武威,afforestation,2025,1,wuwei_2024_review\n"))}, ImportOptions{DryRun: true})
	if err != nil || len(res.Warnings) != 1 {
		t.Fatalf("warnings %v, error %v", res.Warnings, err)
	}
	checkChinese(t, res.Warnings, "列 地区中文名：填的是“武威”，地区 wuwei 的名称却是“武威市”：保留已存的名称")
}

func TestCheckProblemsInChinese(t *testing.T) {
	path := newDefaultDB(t)
	damage(t, path, func(tx *bolt.Tx) {
		tx.Bucket(bucketObs).Put([]byte("no separators"), []byte{2})
	})
	rep := checkDB(t, path)
	if len(rep.ProblemTexts) != len(rep.Problems) || len(rep.Problems) < 3 {
		t.Fatalf("%d problems, %d texts", len(rep.Problems), len(rep.ProblemTexts))
	}
	var zh []string
	for i, p := range rep.ProblemTexts {
		if p.Localize(model.English) != rep.Problems[i] {
			t.Errorf("problem %d: %q in English, %q in Problems", i, p.Localize(model.English), rep.Problems[i])
		}
		checkChinese(t, model.Errorf(p.ZH, p.EN))
		zh = append(zh, p.Localize(model.Chinese))
	}
	joined := strings.Join(zh, "\n")
	for _, want := range []string{`数据记录键 "no separators" 格式有误`, "：存储的摘要已过时", "来源 wuwei_2024_review 记有 1 个数据，实际引用它的有"} {
		if !strings.Contains(joined, want) {
			t.Errorf("check in Chinese lacks %q:\n%s", want, joined)
		}
	}
	// A backup of a damaged database is refused, in Chinese too.
	db := mustOpen(t, path, OpenOptions{ReadOnly: true})
	defer db.Close()
	_, err := db.Backup(filepath.Join(t.TempDir(), "backup.db"), false)
	checkChinese(t, err, path+": 数据库文件已损坏（", " 个问题，第一个：", "）：未写入备份（原有备份保持不变）")
}

func TestAMissingFileIsSaidInChinese(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "figures.csv")
	_, err := Import(newDefaultDB(t), []string{missing}, ImportOptions{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%v is not fs.ErrNotExist", err)
	}
	checkChinese(t, err, "无法读取 "+missing+"：文件或目录不存在")
}
