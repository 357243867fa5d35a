package extract

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
)

// The score test measures Extract against the figures people recorded by
// hand: the seed articles against store/data/figures.csv, and the held-out
// articles in testdata/heldout against their own labels.

// seedsDir holds the five seed articles the default dataset was recorded
// from (testdata/seeds, kept in the repository so that the score runs on a
// fresh clone); GANSUDASH_SEEDS points the test at another copy.
func seedsDir() string {
	if d := os.Getenv("GANSUDASH_SEEDS"); d != "" {
		return d
	}
	return filepath.Join("testdata", "seeds")
}

// expected is one hand-recorded figure.
type expected struct {
	value     float64
	unit      string
	qualifier string
	fragment  string
	period    string
	region    string // region ID, or "new:NAME" for a region not in the catalog
	kind      string
}

// seedDates are the --date an official would pass for the seed articles
// whose page prints none. Only 001 needs one: it says 今年 throughout; it
// reports January–May figures and an estimate for the first half (预计),
// so it was written in June 2025. 000 and 002 are scored without a date.
var seedDates = map[string]Date{
	"liangzhou_2025_county": {2025, 6, 0},
}

// periodCorrections are the readings the lead engineer is correcting in
// figures.csv (source, fragment, value → period); "MM" stands for the
// month of the article's date.
var periodCorrections = []struct {
	source, fragment string
	value            float64
	period           string
}{
	{"lanzhou_2024_investment", "65家一级央企在兰设立分支机构", 65, "@2025-02"},
	{"lanzhou_2024_investment", "设立分支机构近130户", 130, "@2025-02"},
	{"lanzhou_2024_investment", "累计对接重点项目40余项", 40, "@2025-02"},
	{"liangzhou_2025_county", "处理反馈问题12件", 12, "2025-01/2025-MM"},
	{"liangzhou_2025_county", "新认定省级科技创新型企业17户", 17, "2024-01/2025-MM"},
	{"liangzhou_2025_county", "专精特新中小企业12户", 12, "2024-01/2025-MM"},
	{"liangzhou_2025_county", "规模以上企业中有研发活动企业占比达38.46%", 38.46, "2024-01/2025-MM"},
	{"wuwei_2024_review", "上半年和三季度均获全省高质量发展“进步奖”第一位", 1, "2024-01/2024-09"},
	{"liangzhou_2025_county", "满意度达100%", 100, "2025-01/2025-05"},
	{"wuwei_2024_review", "239万亩沙化土地全部得到初步治理", 239, ""},
}

// regionCorrections: 泰合源 and 深圳融捷 are 兰州新区 projects.
var regionCorrections = []struct {
	source, fragment, region string
}{
	{"lanzhou_2024_investment", "年产150万吨光伏新材料", "lanzhou_new_area"},
	{"lanzhou_2024_investment", "年产10万吨高性能锂离子电池负极材料", "lanzhou_new_area"},
}

func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			if i < len(row) {
				m[h] = row[i]
			}
		}
		out = append(out, m)
	}
	return out
}

func loadCatalog(t *testing.T) Catalog {
	var c Catalog
	for _, row := range readCSV(t, filepath.Join("..", "..", "store", "data", "regions.csv")) {
		lv, _ := model.ParseLevel(row["level"])
		c.Regions = append(c.Regions, model.Region{ID: row["id"], NameZH: row["name_zh"], NameEN: row["name_en"], Level: lv, Parent: row["parent"]})
	}
	seen := map[string]bool{}
	for _, row := range readCSV(t, filepath.Join("..", "..", "store", "data", "figures.csv")) {
		if seen[row["indicator"]] {
			continue
		}
		seen[row["indicator"]] = true
		cat, _ := model.ParseCategory(row["category"])
		k, _ := model.ParseKind(row["kind"])
		sc, _ := model.ParseScope(row["scope"])
		c.Indicators = append(c.Indicators, model.Indicator{ID: row["indicator"], NameZH: row["indicator_zh"], NameEN: row["indicator_en"], Category: cat, Kind: k, Unit: row["unit"], Scope: sc, GrowthOf: row["growth_of"]})
	}
	return c
}

// stripped is text with line breaks and spaces removed, and the byte
// offset in the text of each of its bytes.
type stripped struct {
	s   string
	off []int // off[i] is the offset in the original of byte i of s
}

func strip(text string) stripped {
	var b strings.Builder
	var off []int
	for i, r := range text {
		if unicode.IsSpace(r) {
			continue
		}
		n := utf8.RuneLen(r)
		for k := 0; k < n; k++ {
			off = append(off, i+k)
		}
		b.WriteRune(r)
	}
	off = append(off, len(text))
	return stripped{b.String(), off}
}

// toStripped maps an original byte range to the stripped text.
func (s stripped) toStripped(a, b int) (int, int) {
	i := sort.SearchInts(s.off, a)
	j := sort.SearchInts(s.off, b)
	return i, j
}

func occurrences(hay, needle string) [][2]int {
	var out [][2]int
	needle = strings.Join(strings.Fields(needle), "")
	if needle == "" {
		return nil
	}
	for i := 0; ; {
		k := strings.Index(hay[i:], needle)
		if k < 0 {
			return out
		}
		out = append(out, [2]int{i + k, i + k + len(needle)})
		i += k + 1
	}
}

type score struct {
	name                                       string
	figures, found, proposals, matched         int
	periodOK, regionOK, kindOK, qualOK         int
	misses, falsePos, wrongPeriod, wrongRegion []string
	wrongKind, wrongQual                       []string
}

func (s score) pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}

func (s *score) add(o score) {
	s.figures += o.figures
	s.found += o.found
	s.proposals += o.proposals
	s.matched += o.matched
	s.periodOK += o.periodOK
	s.regionOK += o.regionOK
	s.kindOK += o.kindOK
	s.qualOK += o.qualOK
}

func (s score) row() string {
	return fmt.Sprintf("%-28s %4d %4d %4d  recall %5.1f%%  precision %5.1f%%  period %5.1f%%  region %5.1f%%  kind %5.1f%%  qualifier %5.1f%%",
		s.name, s.figures, s.found, s.proposals, s.pct(s.found, s.figures), s.pct(s.matched, s.proposals),
		s.pct(s.periodOK, s.found), s.pct(s.regionOK, s.found), s.pct(s.kindOK, s.found), s.pct(s.qualOK, s.found))
}

func sameValue(p Proposal, e expected) bool {
	v := p.Value
	if p.Unit != e.unit {
		c, err := model.ConvertUnit(p.Value, p.Unit, e.unit)
		if err != nil {
			return false
		}
		v = c
	}
	return math.Abs(v-e.value) <= 1e-9*math.Max(1, math.Abs(e.value))
}

// scoreArticle runs Extract on text and scores it against want.
func scoreArticle(name, text string, a Article, c Catalog, want []expected) score {
	s := score{name: name, figures: len(want)}
	a.Text = text
	props := Extract(a, c, Options{})
	st := strip(text)
	s.proposals = len(props)
	spans := make([][2]int, len(props))
	for i, p := range props {
		x, y := st.toStripped(p.Offset, p.Offset+len(p.Fragment))
		spans[i] = [2]int{x, y}
	}
	matched := make([]bool, len(props))
	for _, e := range want {
		occ := occurrences(st.s, e.fragment)
		var hit *Proposal
		for i, p := range props {
			if !sameValue(p, e) {
				continue
			}
			for _, o := range occ {
				if spans[i][0] < o[1] && o[0] < spans[i][1] {
					matched[i] = true
					if hit == nil {
						hit = &props[i]
					}
				}
			}
		}
		if hit == nil {
			s.misses = append(s.misses, fmt.Sprintf("%v %s %q", e.value, e.unit, e.fragment))
			continue
		}
		s.found++
		if hit.Period == e.period {
			s.periodOK++
		} else {
			s.wrongPeriod = append(s.wrongPeriod, fmt.Sprintf("%q: %q want %q", hit.Fragment, hit.Period, e.period))
		}
		region := hit.Region
		if hit.RegionNew != "" {
			region = "new:" + hit.RegionNew
		}
		if region == e.region {
			s.regionOK++
		} else {
			s.wrongRegion = append(s.wrongRegion, fmt.Sprintf("%q: %q want %q", hit.Fragment, region, e.region))
		}
		if e.kind == "" || hit.Kind.String() == e.kind {
			s.kindOK++
		} else {
			s.wrongKind = append(s.wrongKind, fmt.Sprintf("%q: %s want %s", hit.Fragment, hit.Kind, e.kind))
		}
		if string(hit.Qualifier) == e.qualifier {
			s.qualOK++
		} else {
			s.wrongQual = append(s.wrongQual, fmt.Sprintf("%q: %q want %q", hit.Fragment, hit.Qualifier, e.qualifier))
		}
	}
	for i, p := range props {
		if matched[i] {
			s.matched++
		} else {
			s.falsePos = append(s.falsePos, fmt.Sprintf("%v %s %q", p.Value, p.Unit, p.Fragment))
		}
	}
	return s
}

func (s score) details(t *testing.T) {
	if os.Getenv("GANSUDASH_SCORE_DETAIL") == "" {
		return
	}
	for _, m := range s.misses {
		t.Logf("  %s miss: %s", s.name, m)
	}
	for _, m := range s.falsePos {
		t.Logf("  %s extra: %s", s.name, m)
	}
	for _, m := range s.wrongPeriod {
		t.Logf("  %s period: %s", s.name, m)
	}
	for _, m := range s.wrongRegion {
		t.Logf("  %s region: %s", s.name, m)
	}
	for _, m := range s.wrongKind {
		t.Logf("  %s kind: %s", s.name, m)
	}
	for _, m := range s.wrongQual {
		t.Logf("  %s qualifier: %s", s.name, m)
	}
}

// seedFigures maps each seed article to its source and expected figures.
func seedFigures(t *testing.T, texts map[string]string) map[string][]expected {
	rows := readCSV(t, filepath.Join("..", "..", "store", "data", "figures.csv"))
	bySource := map[string][]map[string]string{}
	for _, row := range rows {
		if row["derivation"] != "" {
			continue // derived rows are not in the text
		}
		bySource[row["source"]] = append(bySource[row["source"]], row)
	}
	out := map[string][]expected{}
	for file, text := range texts {
		st := strip(text).s
		best, bestN := "", 0
		for src, rs := range bySource {
			n := 0
			for _, row := range rs {
				if strings.Contains(st, strings.Join(strings.Fields(row["fragment"]), "")) {
					n++
				}
			}
			if n > bestN {
				best, bestN = src, n
			}
		}
		if best == "" {
			continue
		}
		date := seedDates[best]
		if _, _, d, ok := ParseHeader(text); ok && !d.IsZero() {
			date = d
		}
		var want []expected
		for _, row := range bySource[best] {
			v, err := strconv.ParseFloat(row["value"], 64)
			if err != nil {
				t.Fatalf("%s: value %q: %v", best, row["value"], err)
			}
			e := expected{value: v, unit: row["unit"], qualifier: row["qualifier"], fragment: row["fragment"],
				period: row["period"], region: row["region"], kind: row["kind"]}
			for _, c := range periodCorrections {
				if c.source == best && c.fragment == e.fragment && c.value == v {
					e.period = strings.ReplaceAll(c.period, "MM", fmt.Sprintf("%02d", date.Month))
				}
			}
			for _, c := range regionCorrections {
				if c.source == best && c.fragment == e.fragment {
					e.region = c.region
				}
			}
			want = append(want, e)
		}
		out[file] = want
		sourceOf[file] = best
		dateOf[file] = date
	}
	return out
}

var (
	sourceOf = map[string]string{}
	dateOf   = map[string]Date{}
)

func TestScoreOnSeedArticles(t *testing.T) {
	dir := seedsDir()
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) != 5 {
		t.Fatalf("%d seed articles in %s, want the five the dataset was recorded from", len(files), dir)
	}
	texts := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts[filepath.Base(f)] = string(b)
	}
	c := loadCatalog(t)
	want := seedFigures(t, texts)
	sort.Strings(files)
	total := score{name: "total"}
	t.Logf("%-28s %4s %4s %4s", "seed", "figs", "found", "props")
	for _, f := range files {
		name := filepath.Base(f)
		w, ok := want[name]
		if !ok {
			t.Logf("%s: no figures in figures.csv match it", name)
			continue
		}
		title, pub, _, _ := ParseHeader(texts[name])
		s := scoreArticle(name[:3]+" "+sourceOf[name], texts[name], Article{Date: dateOf[name], Title: title, Publisher: pub}, c, w)
		t.Log(s.row())
		s.details(t)
		total.add(s)
	}
	t.Log(total.row())
	if r := total.pct(total.found, total.figures); r < 95 {
		t.Errorf("recall %.1f%% < 95%%", r)
	}
	if p := total.pct(total.matched, total.proposals); p < 90 {
		t.Errorf("precision %.1f%% < 90%%", p)
	}
	if p := total.pct(total.periodOK, total.found); p < 90 {
		t.Errorf("period right %.1f%% < 90%%", p)
	}
	if p := total.pct(total.regionOK, total.found); p < 90 {
		t.Errorf("region right %.1f%% < 90%%", p)
	}
}

// TestScoreOnHeldOutArticles makes the same measurement on Gansu articles
// that are not in the repository's data, labelled by people who did not
// see the engine: the rules must not be tuned to the seeds. It fails below
// the held-out targets, recall 90% and precision 85%; periods, regions,
// kinds and qualifiers are reported, not enforced.
//
// GANSUDASH_HELDOUT=DIR scores the articles of another directory laid out
// as testdata/heldout is (NAME.txt, NAME.csv, optional NAME.meta).
func TestScoreOnHeldOutArticles(t *testing.T) {
	dir := filepath.Join("testdata", "heldout")
	if d := os.Getenv("GANSUDASH_HELDOUT"); d != "" {
		dir = d
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		t.Skip("no held-out articles")
	}
	c := loadCatalog(t)
	total := score{name: "held-out total"}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		want := readHeldOut(t, strings.TrimSuffix(f, ".txt")+".csv")
		title, pub, date, _ := ParseHeader(text)
		if d, ok := metaDate(t, strings.TrimSuffix(f, ".txt")+".meta"); ok {
			date = d
		}
		s := scoreArticle(strings.TrimSuffix(filepath.Base(f), ".txt"), text, Article{Date: date, Title: title, Publisher: pub}, c, want)
		t.Log(s.row())
		s.details(t)
		total.add(s)
	}
	t.Log(total.row())
	if r := total.pct(total.found, total.figures); r < 90 {
		t.Errorf("held-out recall %.1f%% < 90%%", r)
	}
	if p := total.pct(total.matched, total.proposals); p < 85 {
		t.Errorf("held-out precision %.1f%% < 85%%", p)
	}
}

// metaDate reads "date=2025-02-04" from an article's .meta file: the
// --date an official would pass for a page that prints no byline.
func metaDate(t *testing.T, path string) (Date, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Date{}, false
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "date="); ok {
			d, ok := ParseDate(v)
			if !ok {
				t.Fatalf("%s: bad date %q", path, v)
			}
			return d, true
		}
	}
	return Date{}, false
}

// readHeldOut reads value,unit,qualifier,kind,fragment,period,region rows.
func readHeldOut(t *testing.T, path string) []expected {
	var out []expected
	for _, row := range readCSV(t, path) {
		v, err := strconv.ParseFloat(row["value"], 64)
		if err != nil {
			t.Fatalf("%s: value %q: %v", path, row["value"], err)
		}
		out = append(out, expected{value: v, unit: row["unit"], qualifier: row["qualifier"], kind: row["kind"],
			fragment: row["fragment"], period: row["period"], region: row["region"]})
	}
	return out
}
