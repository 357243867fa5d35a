package store

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gansudash/gansudash/model"
)

// FuzzStreamedImportIsImportInPlace: whatever the file, importing it
// streamed (runs of 7 rows on disk, batches of 5, the copy reopened) does
// exactly what importing it in place in one transaction does: the same
// errors, or the same counts and the same keys and values in every bucket.
// The streamed path recycles its chunks' cells and slabs between rows; a
// row that kept a cell of a recycled chunk would show here as a figure, a
// name or a message that differs.
func FuzzStreamedImportIsImportInPlace(f *testing.F) {
	template := filepath.Join(f.TempDir(), "template.db")
	if _, err := EnsureDefault(template); err != nil {
		f.Fatal(err)
	}
	empty, err := os.ReadFile(template)
	if err != nil {
		f.Fatal(err)
	}
	// A file long enough that the reader's chunks (3 rows under
	// streamEverything, with 4 in flight) come back to be filled again.
	var long strings.Builder
	long.WriteString("region,indicator,subject,period,value,source,fragment\n")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&long, "%s,project_total_investment,流式%02d,%d,%d.5,wuwei_2024_review,总投资%d.5亿元\n",
			[]string{"wuwei", "liangzhou", "gulang"}[i%3], i%7, 2000+i, i, i)
	}
	for _, s := range []string{
		long.String(),
		"region,indicator,subject,period,value,source,fragment\n" +
			"wuwei,project_total_investment,流式01,2011,1.5,wuwei_2024_review,总投资1.5亿元\n" +
			"wuwei,project_total_investment,流式02,2012,2.5,wuwei_2024_review,总投资2.5亿元\n" +
			"wuwei,project_total_investment,流式01,2011,1.5,wuwei_2024_review,总投资1.5亿元\n" +
			"wuwei,afforestation,,2024,20,wuwei_2024_review,\n" +
			"wuwei,afforestation,,2023,19,wuwei_2024_review,\n" +
			"wuwei,afforestation,,2022,18,wuwei_2024_review,\n" +
			"liangzhou,afforestation,,2022,8,wuwei_2024_review,\n" +
			"gulang,afforestation,,2022,3,wuwei_2024_review,\n",
		"地区,指标,期间,数值,单位,来源,备注\n武威市,人工造林面积,2025年,21.5,万亩,林草局月报,全年计划\n" +
			"武威市,人工造林面积,2024年,22,万亩,林草局月报,\n凉州区,人工造林面积,2024年,7,万亩,林草局月报,\n",
		"地区,指标,类别,期间,数值,单位,来源\n新区A,新指标,工业,2025年,1,亿元,新来源\n新区A,新指标,工业,2024年,2,亿元,新来源\n",
		"region,indicator,period,value,source\nwuwei,afforestation,2024,20,wuwei_2024_review\nwuwei,afforestation,2026,4x.9,wuwei_2024_review\n",
		"region,indicator,period,value,derivation,source\nwuwei,funds_in_place,2021,,1/(1+2/100),wuwei_2023_investment\n",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, create bool) {
		dir := t.TempDir()
		file := writeFile(t, dir, "fuzz.csv", data)
		inPlace, streamed := writeFile(t, dir, "a.db", empty), writeFile(t, dir, "b.db", empty)
		opt := ImportOptions{Create: create}
		want, wantErr := Import(inPlace, []string{file}, opt)
		streamEverything(t)
		got, gotErr := Import(streamed, []string{file}, opt)
		if (wantErr == nil) != (gotErr == nil) {
			t.Fatalf("in place: %v\nstreamed: %v", wantErr, gotErr)
		}
		if wantErr != nil {
			if w, g := model.Localize(wantErr, model.English), model.Localize(gotErr, model.English); w != g {
				t.Fatalf("the errors differ\nin place: %s\nstreamed: %s", w, g)
			}
			return
		}
		// A series cut between batches is summarised once per batch.
		got.Series, want.Series = 0, 0
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("streamed %+v\nin place %+v", got, want)
		}
		a, b := bucketsOf(t, inPlace), bucketsOf(t, streamed)
		if !reflect.DeepEqual(a, b) {
			for name := range a {
				if !reflect.DeepEqual(a[name], b[name]) {
					t.Errorf("bucket %s differs: %d entries in place, %d streamed", name, len(a[name]), len(b[name]))
				}
			}
			t.FailNow()
		}
	})
}
