package store

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/model/extract"
)

// defaultCatalog is the catalog a fresh database has: read from a path
// where no database exists, which must create none.
func defaultCatalog(t *testing.T) *ArticleCatalog {
	t.Helper()
	path := filepath.Join(t.TempDir(), "none.db")
	c, err := ReadArticleCatalog(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("reading the catalog created %s: %v", path, err)
	}
	return c
}

func rowMap(row []string) map[string]string {
	m := map[string]string{}
	for i, c := range ProposalColumns {
		m[c] = row[i]
	}
	return m
}

func TestTheDefaultCatalogIsTheDatabasesCatalog(t *testing.T) {
	def := defaultCatalog(t)
	path := filepath.Join(t.TempDir(), "g.db")
	if _, err := EnsureDefault(path); err != nil {
		t.Fatal(err)
	}
	db, err := ReadArticleCatalog(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(def.Regions) != len(db.Regions) || len(def.Indicators) != len(db.Indicators) || len(def.Sources) != len(db.Sources) {
		t.Errorf("default catalog %d/%d/%d, database %d/%d/%d", len(def.Regions), len(def.Indicators), len(def.Sources),
			len(db.Regions), len(db.Indicators), len(db.Sources))
	}
	if len(def.Regions) == 0 || len(def.Indicators) == 0 {
		t.Fatal("an empty catalog")
	}
}

func TestProposalRows(t *testing.T) {
	c := defaultCatalog(t)
	src := ProposalSource{Title: "新文章", Publisher: "定西日报", Date: "2025-03-05"}
	base := extract.Proposal{Value: 13, Unit: "个", Published: "13个", Kind: model.KindCount, Category: model.CategoryInvestment,
		Period: "2024", Region: "tongwei_industrial_zone", Fragment: "延链补链项目13个", Sentence: "招引延链补链项目13个。", Confidence: 0.9}

	// A new indicator carries what import --create needs to define it.
	p := base
	p.IndicatorZH = "延链补链项目"
	r := rowMap(c.ProposalRow(p, src))
	want := map[string]string{"region": "tongwei_industrial_zone", "indicator": "延链补链项目", "indicator_zh": "延链补链项目",
		"category": "investment", "kind": "count", "scope": "region", "unit": "个", "period": "2024", "value": "13",
		"source": "新文章", "source_title": "新文章", "source_publisher": "定西日报", "source_date": "2025-03-05",
		"fragment": "延链补链项目13个", "confidence": "0.90", "review": "", "sentence": "招引延链补链项目13个。"}
	for k, v := range want {
		if r[k] != v {
			t.Errorf("new indicator: %s = %q, want %q", k, r[k], v)
		}
	}

	// An existing indicator by its ID, its definition left to the database.
	p = base
	p.Indicator, p.Value, p.Unit, p.Kind = "funds_in_place", 429.49, "亿元", model.KindLevel
	r = rowMap(c.ProposalRow(p, src))
	if r["indicator"] != "funds_in_place" || r["indicator_zh"] != "" || r["kind"] != "" || r["category"] != "" || r["value"] != "429.49" {
		t.Errorf("existing indicator: %v", r)
	}

	// A target for an outturn indicator is an indicator of its own.
	p.Kind = model.KindTarget
	p.Review = []string{extract.ReviewTarget}
	r = rowMap(c.ProposalRow(p, src))
	if r["indicator"] == "funds_in_place" || !strings.HasSuffix(r["indicator_zh"], "目标") || r["kind"] != "target" {
		t.Errorf("a target filed as the outturn: %v", r)
	}

	// An estimate is imported with status expected.
	p.Kind = model.KindLevel
	p.Review = []string{extract.ReviewExpected}
	if r = rowMap(c.ProposalRow(p, src)); r["status"] != "expected" || r["review"] != extract.ReviewExpected {
		t.Errorf("estimate: status %q review %q", r["status"], r["review"])
	}

	// A new region with its level; an unknown period stays empty.
	p = base
	p.IndicatorZH, p.Region, p.RegionNew, p.Period = "签约项目数", "", "西和县", ""
	p.Review = []string{"新地区:西和县", "年份不明"}
	r = rowMap(c.ProposalRow(p, src))
	if r["region"] != "西和县" || r["region_zh"] != "西和县" || r["region_level"] != "county" || r["region_parent"] != "陇南市" ||
		r["period"] != "" || r["review"] != "新地区:西和县;年份不明;上级地区“陇南市”尚未入库" {
		t.Errorf("new region: %v", r)
	}
	// A county whose city is stored names it by its ID; a county-level
	// city (临夏市) is a county.
	p.RegionNew, p.Review = "陇西县", nil
	if r = rowMap(c.ProposalRow(p, src)); r["region_parent"] != "dingxi" || r["region_level"] != "county" || r["review"] != "" {
		t.Errorf("county of a stored city: %v", r)
	}
	p.RegionNew = "临夏市"
	if r = rowMap(c.ProposalRow(p, src)); r["region_parent"] != "临夏回族自治州" || r["region_level"] != "county" {
		t.Errorf("county-level city: %v", r)
	}
	// A park the extractor found in a stored county.
	p.RegionNew, p.RegionParent = "民勤红沙岗能源化工工业集中区", "minqin"
	if r = rowMap(c.ProposalRow(p, src)); r["region_parent"] != "minqin" || r["region_level"] != "park" || r["review"] != "" {
		t.Errorf("park: %v", r)
	}
	// A park in a city the database lacks names the city for the person to
	// import first.
	p.RegionNew, p.RegionParent = "平凉工业园区", "平凉市"
	if r = rowMap(c.ProposalRow(p, src)); r["region_parent"] != "平凉市" || r["region_level"] != "park" || r["review"] != "上级地区“平凉市”尚未入库" {
		t.Errorf("park in a new city: %v", r)
	}

	// An article the database holds is cited by its source's ID alone.
	known := c.CiteArticle(extract.Article{Title: "通渭工业集中区为县域经济高质量发展注入强劲动力"})
	if known.ID != "tongwei_2024_zone" {
		t.Errorf("cited %+v", known)
	}
	if r = rowMap(c.ProposalRow(base, known)); r["source"] != "tongwei_2024_zone" || r["source_title"] != "" {
		t.Errorf("known source: %v", r)
	}
	// A title without the subtitle the stored one carries.
	if s := c.CiteArticle(extract.Article{Title: "凝心聚力谱新篇 实干担当勇争先"}); s.ID != "wuwei_2024_review" {
		t.Errorf("title without subtitle cited %+v", s)
	}
}

// TestProposalsImportAsImportReadsThem writes proposals, imports them into
// a real database (dry and for real) and reads the figure back; rows that
// need a person are refused with their reasons.
func TestProposalsImportAsImportReadsThem(t *testing.T) {
	c := defaultCatalog(t)
	path := filepath.Join(t.TempDir(), "g.db")
	if _, err := EnsureDefault(path); err != nil {
		t.Fatal(err)
	}
	src := ProposalSource{Title: "测试文章：新建项目", Date: "2025-03-05"}
	good := extract.Proposal{Value: 13, Unit: "个", Published: "13个", IndicatorZH: "延链补链项目", Kind: model.KindCount,
		Category: model.CategoryInvestment, Period: "2024", Region: "tongwei_industrial_zone", Fragment: "延链补链项目13个", Confidence: 0.9}
	var b bytes.Buffer
	if err := c.WriteProposals(&b, ArticleProposals{Proposals: []extract.Proposal{good}, Source: src}); err != nil {
		t.Fatal(err)
	}
	res, err := ImportBytes(path, "p.csv", b.Bytes(), ImportOptions{Create: true, DryRun: true})
	if err != nil || res.Added != 1 || res.NewIndicators != 1 || res.NewSources != 1 {
		t.Fatalf("dry run: %+v %v", res, err)
	}
	if len(res.Ignored) != 3 {
		t.Errorf("ignored columns %v, want confidence, review and sentence", res.Ignored)
	}
	// The same bytes from a file, through Import, plan the same.
	file := filepath.Join(t.TempDir(), "p.csv")
	os.WriteFile(file, b.Bytes(), 0o600)
	res2, err := Import(path, []string{file}, ImportOptions{Create: true, DryRun: true})
	if err != nil || res2.Stats != res.Stats {
		t.Fatalf("Import %+v %v, ImportBytes %+v", res2, err, res)
	}
	if _, err := ImportBytes(path, "p.csv", b.Bytes(), ImportOptions{Create: true}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	d, err := Open(path, OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	err = d.View(func(s *Snapshot) error {
		_, err := s.Export(&out, FormatCSV, Filter{Region: "tongwei_industrial_zone"}, WriteOptions{})
		return err
	})
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "延链补链项目13个") || !strings.Contains(out.String(), "测试文章：新建项目") {
		t.Errorf("the imported figure is not exported with its fragment and source")
	}

	// An unknown period and a per-project figure without its project.
	noPeriod := good
	noPeriod.Period, noPeriod.Review = "", []string{"年份不明"}
	noProject := good
	noProject.Indicator, noProject.Value, noProject.Unit, noProject.Kind, noProject.Fragment = "project_total_investment", 36.2, "亿元", model.KindLevel, "总投资36.2亿元"
	b.Reset()
	c.WriteProposals(&b, ArticleProposals{Proposals: []extract.Proposal{noPeriod, noProject}, Source: src})
	rows, _ := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if got := rowMap(rows[2])["review"]; got != "须写明项目" {
		t.Errorf("per-project figure without a project: review %q", got)
	}
	_, err = ImportBytes(path, "p.csv", b.Bytes(), ImportOptions{Create: true, DryRun: true})
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("want the two rows refused, got %v", err)
	}
	msg := list.Localize(model.Chinese)
	if !strings.Contains(list[0].Localize(model.Chinese), "p.csv:2:") || list[0].Column != "period" ||
		!strings.Contains(list[1].Localize(model.Chinese), "p.csv:3:") || !strings.Contains(msg, "请写明项目") {
		t.Errorf("refusals:\n%s", msg)
	}
}

func TestTitleLine(t *testing.T) {
	for text, want := range map[string]string{
		"\n\n凉州聚力打造县域经济发展新高地\n\n金奉乾\n": "凉州聚力打造县域经济发展新高地",
		"武威市大力推进招商引资重大项目建设。金奉乾\n":      "",
		"":                             "",
		strings.Repeat("长", 61) + "\n": "",
	} {
		if got := TitleLine(text); got != want {
			t.Errorf("TitleLine(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestReadArticleFileRefusesBeforeReading(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, _ := os.Create(big)
	f.Truncate(MaxArticleBytes + 1) // sparse: nothing is read to refuse it
	f.Close()
	cases := map[string]string{
		dir:                               "directory",
		big:                               "at most 8 MB",
		filepath.Join(dir, "missing.txt"): "no such file",
	}
	for path, want := range cases {
		_, err := ReadArticleFile(path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", path, err, want)
		}
	}
	ok := filepath.Join(dir, "a.txt")
	os.WriteFile(ok, []byte(articleText), 0o600)
	a, err := ReadArticleFile(ok)
	if err != nil || a.Publisher != "兰州日报" {
		t.Errorf("%+v %v", a, err)
	}
}

func TestResolveRegionOfTheCatalog(t *testing.T) {
	c := defaultCatalog(t)
	for _, v := range []string{"wuwei", "武威市", "Wuwei City"} {
		if id, err := c.ResolveRegion(v); err != nil || id != "wuwei" {
			t.Errorf("%s: %q %v", v, id, err)
		}
	}
	if _, err := c.ResolveRegion("武威"); err == nil || !strings.Contains(err.Error(), "武威市") {
		t.Errorf("an unknown name suggests none: %v", err)
	}
}
