package store

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
)

// seedArticles finds the articles the default dataset was extracted from
// (model/extract/testdata/seeds, or $GANSUDASH_SEEDS) and maps each
// source ID to its text with line breaks removed: several articles break
// lines mid-sentence, and a fragment may span such a break.
func seedArticles(t *testing.T, sources []model.Source) map[string]string {
	t.Helper()
	dir := os.Getenv("GANSUDASH_SEEDS")
	if dir == "" {
		dir = filepath.Join("..", "model", "extract", "testdata", "seeds")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no articles in %s", dir)
	}
	articles := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.NewReplacer("\r", "", "\n", "").Replace(string(data))
		for _, s := range sources {
			if strings.Contains(text, s.Title) {
				if _, dup := articles[s.ID]; dup {
					t.Fatalf("source %s's title is in two articles", s.ID)
				}
				articles[s.ID] = text
			}
		}
	}
	for _, s := range sources {
		if _, ok := articles[s.ID]; !ok {
			t.Errorf("no article in %s has the title of source %s (%q)", dir, s.ID, s.Title)
		}
	}
	return articles
}

var numberRE = regexp.MustCompile(`[0-9]+(?:\.[0-9]+)?`)

// articleBatch builds the figures of the five articles alone (figures.csv,
// sources.csv), without the public series.
func articleBatch(t *testing.T) *Batch {
	t.Helper()
	r := NewResolver(nil, true)
	if err := LoadDefinitions(r, "data/regions.csv", defaultData.ReadFile, "data/sources.csv"); err != nil {
		t.Fatal(err)
	}
	data, err := DefaultFile("data/figures.csv")
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := ReadBytes("data/figures.csv", data, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r.AddSheet(sheet)
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return r.Batch()
}

func TestEveryFragmentIsInItsArticleWithItsNumber(t *testing.T) {
	batch := articleBatch(t)
	articles := seedArticles(t, batch.Sources)
	units := map[string]string{}
	for _, ind := range batch.Indicators {
		units[ind.ID] = ind.Unit
	}
	for i, o := range batch.Observations {
		where := func() string { return o.Indicator + " " + o.Region + " " + o.Period.String() }
		text := articles[o.Source]
		if o.Fragment == "" {
			t.Errorf("row %d (%s): no fragment", i+2, where())
			continue
		}
		if n := utf8.RuneCountInString(o.Fragment); n > model.MaxFragment {
			t.Errorf("row %d (%s): fragment has %d characters", i+2, where(), n)
		}
		at := strings.Index(text, o.Fragment)
		if at < 0 {
			t.Errorf("row %d (%s): fragment %q is not in article %s", i+2, where(), o.Fragment, o.Source)
			continue
		}
		if end := strings.Index(text, "[ 责编:"); end >= 0 && at > end {
			t.Errorf("row %d (%s): fragment %q is from the sidebar after the article ends", i+2, where(), o.Fragment)
		}
		if o.Derived() {
			// Every published number the formula uses is in the fragment;
			// 1 and 100 are the arithmetic of a growth rate.
			for _, n := range model.FormulaNumbers(o.Derivation) {
				if n == "1" || n == "100" {
					continue
				}
				if !containsNumber(o.Fragment, n) {
					t.Errorf("row %d (%s): derivation %s uses %s, which fragment %q does not show", i+2, where(), o.Derivation, n, o.Fragment)
				}
			}
			if o.Published != "" || o.NoteZH == "" || o.NoteEN == "" {
				t.Errorf("row %d (%s): a derived figure has no published text and a note saying how it was derived", i+2, where())
			}
			continue
		}
		if !strings.Contains(o.Fragment, o.Published) {
			t.Errorf("row %d (%s): published %q is not in fragment %q", i+2, where(), o.Published, o.Fragment)
		}
		pv, err := model.ParseValue(o.Published)
		if err != nil {
			t.Errorf("row %d (%s): published %q does not read as a number: %v", i+2, where(), o.Published, err)
			continue
		}
		from := pv.Unit
		if from == "" {
			from = units[o.Indicator]
		}
		v, err := model.ConvertUnit(pv.Number, from, units[o.Indicator])
		if err != nil || math.Abs(v-o.Value) > 1e-9*math.Abs(v) {
			t.Errorf("row %d (%s): published %q is %v %s, but the value is %v %s (%v)", i+2, where(), o.Published, pv.Number, from, o.Value, units[o.Indicator], err)
		}
		if pv.Qualifier != o.Qualifier {
			t.Errorf("row %d (%s): published %q carries qualifier %q, the row says %q", i+2, where(), o.Published, pv.Qualifier, o.Qualifier)
		}
	}
}

// containsNumber reports whether n occurs in s as a whole number, not as part
// of a longer one (88 is not in 188.5).
func containsNumber(s, n string) bool {
	for _, m := range numberRE.FindAllString(s, -1) {
		if m == n {
			return true
		}
	}
	return false
}

func TestTheDefaultDatasetCoversTheArticles(t *testing.T) {
	batch := articleBatch(t)
	if n := len(batch.Observations); n < 150 {
		t.Errorf("the default dataset has %d figures; the five articles publish well over 150", n)
	}
	perSource := map[string]int{}
	perCategory := map[model.Category]int{}
	cat := map[string]model.Category{}
	for _, ind := range batch.Indicators {
		cat[ind.ID] = ind.Category
	}
	derived, approx := 0, 0
	for _, o := range batch.Observations {
		perSource[o.Source]++
		perCategory[cat[o.Indicator]]++
		if o.Derived() {
			derived++
		}
		if o.Qualifier != model.QualNone {
			approx++
		}
	}
	for _, s := range batch.Sources {
		if perSource[s.ID] < 20 {
			t.Errorf("source %s has only %d figures", s.ID, perSource[s.ID])
		}
	}
	for _, c := range []model.Category{model.CategoryInvestment, model.CategoryIndustry, model.CategoryDesertification} {
		if perCategory[c] == 0 {
			t.Errorf("no figures in %s", c.Label(model.Chinese))
		}
	}
	if derived == 0 || approx == 0 {
		t.Errorf("%d derived and %d approximate figures; the articles give both kinds", derived, approx)
	}
	sources := map[string]model.Source{}
	for _, s := range batch.Sources {
		sources[s.ID] = s
	}
	want := map[string][2]string{
		"wuwei_2024_review":       {"", ""},
		"liangzhou_2025_county":   {"", ""},
		"wuwei_2023_investment":   {"", ""},
		"lanzhou_2024_investment": {"兰州日报", "2025-02-04"},
		"tongwei_2024_zone":       {"定西日报", "2025-03-05"},
	}
	for id, pd := range want {
		s := sources[id]
		if s.Publisher != pd[0] || s.Date != pd[1] {
			t.Errorf("source %s: publisher %q date %q; want %q %q (never guessed)", id, s.Publisher, s.Date, pd[0], pd[1])
		}
		if s.Authors == "" {
			t.Errorf("source %s names its authors; the dataset should too", id)
		}
	}
}

// The CSV must stay reviewable: UTF-8, the documented header, one figure per
// line, no stray whitespace that a reviewer would not see.
func TestTheDefaultCSVIsReviewable(t *testing.T) {
	for _, name := range DefaultFigureFiles {
		t.Run(name, func(t *testing.T) { checkReviewable(t, name) })
	}
}

func checkReviewable(t *testing.T, name string) {
	data, err := DefaultFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(data) || strings.HasPrefix(string(data), "\ufeff") {
		t.Fatalf("%s must be UTF-8 without a byte-order mark", name)
	}
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range rows[0] {
		if _, ok := canonicalColumn(h); !ok {
			t.Errorf("%s header %q is not an import/export column", name, h)
		}
	}
	for i, r := range rows {
		for j, cell := range r {
			if cell != strings.TrimSpace(cell) {
				t.Errorf("%s:%d: column %s has leading or trailing spaces", name, i+1, rows[0][j])
			}
		}
	}
}
