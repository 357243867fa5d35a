package store

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
)

// publicFigures are the figures of the public series, with their sources.
func publicFigures(t *testing.T) ([]model.Observation, map[string]model.Source, map[string]model.Indicator) {
	t.Helper()
	batch, err := DefaultBatch()
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]model.Source{}
	for _, s := range batch.Sources {
		sources[s.ID] = s
	}
	inds := map[string]model.Indicator{}
	for _, ind := range batch.Indicators {
		inds[ind.ID] = ind
	}
	var obs []model.Observation
	for _, o := range batch.Observations {
		if strings.HasPrefix(o.Source, "web_") {
			obs = append(obs, o)
		}
	}
	return obs, sources, inds
}

// TestEveryPublicFigureCitesAPageWithItsNumber: every figure of the public
// series cites a page by its address and the shortest verbatim fragment
// that shows the number as published; nothing is derived.
func TestEveryPublicFigureCitesAPageWithItsNumber(t *testing.T) {
	obs, sources, inds := publicFigures(t)
	if len(obs) < 300 {
		t.Fatalf("%d public figures; the public series hold over 300", len(obs))
	}
	for _, o := range obs {
		where := fmt.Sprintf("%s %s %s %s", o.Region, o.Indicator, o.Period, o.Source)
		src, ok := sources[o.Source]
		switch {
		case !ok:
			t.Errorf("%s: no such source", where)
			continue
		case !strings.HasPrefix(src.URL, "https://") && !strings.HasPrefix(src.URL, "http://"):
			t.Errorf("%s: source %s has no page address", where, src.ID)
		case src.Title == "":
			t.Errorf("%s: source %s has no title", where, src.ID)
		}
		if o.Derived() {
			t.Errorf("%s: a public figure is derived (%s): only published numbers belong here", where, o.Derivation)
		}
		if n := utf8.RuneCountInString(o.Fragment); n == 0 || n > model.MaxFragment {
			t.Errorf("%s: fragment of %d characters", where, n)
		}
		if !strings.Contains(o.Fragment, o.Published) {
			t.Errorf("%s: published %q is not in fragment %q", where, o.Published, o.Fragment)
		}
		if !containsNumber(o.Fragment, model.FormatNumber(o.Value)) && !publishedAgrees(o, inds[o.Indicator]) {
			t.Errorf("%s: the fragment %q does not show %s", where, o.Fragment, model.FormatNumber(o.Value))
		}
	}
}

// publishedAgrees reports whether the published text reads as the value
// (1.3万亿元 for 13000亿元, 526484万元 for 52.6484亿元).
func publishedAgrees(o model.Observation, ind model.Indicator) bool {
	// A garbled mirror prints 6835. 27: the page's text, kept verbatim.
	text := regexp.MustCompile(`(\d\.) (\d)`).ReplaceAllString(strings.TrimPrefix(o.Published, "¥"), "$1$2")
	pv, err := model.ParseValue(text)
	if err != nil {
		return false
	}
	if ind.Kind == model.KindCount && pv.Number == o.Value {
		return true // 1,172 contracts: an English count noun
	}
	from := pv.Unit
	if from == "" || from == "亿" {
		from = ind.Unit
	}
	v, err := model.ConvertUnit(pv.Number, from, ind.Unit)
	return err == nil && math.Abs(v-o.Value) <= 1e-9*math.Abs(v)
}

// TestThePublicSeriesAreLongEnoughToReadATrend counts the series with five
// or more annual figures (targets apart) and reports them by family and
// region.
func TestThePublicSeriesAreLongEnoughToReadATrend(t *testing.T) {
	obs, _, inds := publicFigures(t)
	years := map[model.SeriesKey]map[int]bool{}
	for _, o := range obs {
		if o.Period.Kind != model.PeriodYear || inds[o.Indicator].Kind == model.KindTarget {
			continue
		}
		k := o.Key()
		if years[k] == nil {
			years[k] = map[int]bool{}
		}
		years[k][o.Period.Year] = true
	}
	var long []string
	families := map[model.Category]int{}
	regions := map[string]bool{}
	for k, ys := range years {
		if len(ys) >= 5 {
			long = append(long, fmt.Sprintf("%s %s (%d years)", k.Region, k.Indicator, len(ys)))
			families[inds[k.Indicator].Category]++
			regions[k.Region] = true
		}
	}
	sort.Strings(long)
	t.Logf("%d series with five or more annual figures:\n%s", len(long), strings.Join(long, "\n"))
	if len(long) < 12 {
		t.Errorf("%d series of five or more annual figures, want at least 12", len(long))
	}
	if len(regions) < 4 {
		t.Errorf("they cover %d regions, want at least 4", len(regions))
	}
	for _, c := range []model.Category{model.CategoryInvestment, model.CategoryIndustry} {
		if families[c] == 0 {
			t.Errorf("no series of five annual figures in %s", c)
		}
	}
}

// TestEveryDefaultNoteIsChineseFirst: a figure with a note has it in
// Chinese, and the Chinese note does not speak in the file's column names
// (period, qualifier, status ...), which a reader of the dashboard never
// sees.
func TestEveryDefaultNoteIsChineseFirst(t *testing.T) {
	batch, err := DefaultBatch()
	if err != nil {
		t.Fatal(err)
	}
	columns := regexp.MustCompile(`\b(` + strings.Join(FieldNames(), "|") + `)\b`)
	notes := 0
	for _, o := range batch.Observations {
		if o.NoteEN != "" && o.NoteZH == "" {
			t.Errorf("%s %s %s: an English note without a Chinese one: %q", o.Indicator, o.Region, o.Period, o.NoteEN)
		}
		if o.NoteZH != "" {
			notes++
		}
		if m := columns.FindString(o.NoteZH); m != "" {
			t.Errorf("%s %s %s: the Chinese note names the column %q: %q", o.Indicator, o.Region, o.Period, m, o.NoteZH)
		}
	}
	if notes < 100 {
		t.Errorf("only %d figures have a Chinese note; the default data has hundreds", notes)
	}
}
