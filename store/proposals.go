package store

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/model/extract"
)

// ArticleCatalog is what extracting figures from an article needs from the
// database: its regions and indicators, to name what a figure measures and
// where, and its sources, to cite an article the database already holds.
type ArticleCatalog struct {
	Regions    []model.Region
	Indicators []model.Indicator
	Sources    []model.Source
	indicators map[string]model.Indicator
}

// ReadArticleCatalog reads the catalog of the database at path, read-only.
// When no database exists there yet, it is the embedded default dataset's
// catalog, as the first run would create it; nothing is written.
func ReadArticleCatalog(path string) (*ArticleCatalog, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		b, err := DefaultBatch()
		if err != nil {
			return nil, err
		}
		return newArticleCatalog(b.Regions, b.Indicators, b.Sources), nil
	}
	db, err := Open(path, OpenOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var out *ArticleCatalog
	err = db.View(func(s *Snapshot) error {
		c, err := s.Catalog()
		if err != nil {
			return err
		}
		inds := make([]model.Indicator, 0, len(c.Indicators))
		for _, ind := range c.Indicators {
			inds = append(inds, ind)
		}
		// Map order is random; the extractor must see the same catalog
		// each run to propose the same indicators.
		sort.Slice(inds, func(i, j int) bool { return inds[i].ID < inds[j].ID })
		srcs := make([]model.Source, len(c.Sources))
		for i, s := range c.Sources {
			srcs[i] = s.Source
		}
		out = newArticleCatalog(c.Regions, inds, srcs)
		return nil
	})
	return out, err
}

func newArticleCatalog(regions []model.Region, inds []model.Indicator, srcs []model.Source) *ArticleCatalog {
	c := &ArticleCatalog{Regions: regions, Indicators: inds, Sources: srcs, indicators: map[string]model.Indicator{}}
	for _, ind := range inds {
		c.indicators[ind.ID] = ind
	}
	return c
}

// storedRegion returns the ID of the stored region v names: its ID, its
// Chinese name, or the official name of the division of Gansu it is stored
// under another name of; "" when none is stored.
func (c *ArticleCatalog) storedRegion(v string) string {
	for _, r := range c.Regions {
		if r.ID == v || r.NameZH == v {
			return r.ID
		}
		if pl, ok := model.GansuPlace(r.NameZH); ok && pl.Name == v {
			return r.ID
		}
	}
	return ""
}

// Extract is the catalog as the extractor reads it.
func (c *ArticleCatalog) Extract() extract.Catalog {
	return extract.Catalog{Regions: c.Regions, Indicators: c.Indicators}
}

// ProposalSource is the article proposals cite: an existing source's ID
// when the database already holds the article, else the article's title,
// publisher, date and address, from its byline or the command line.
type ProposalSource struct {
	ID        string
	Title     string
	Publisher string
	Date      string // YYYY-MM-DD, or "" when the article does not say
	URL       string
}

// CiteArticle decides how proposals from article a cite it: the source of
// the database with the same title or address, else a new source with
// what the article says of itself.
func (c *ArticleCatalog) CiteArticle(a extract.Article) ProposalSource {
	title := strings.TrimSpace(a.Title)
	for _, s := range c.Sources {
		if title != "" && strings.TrimSpace(s.Title) == title || a.URL != "" && s.URL == a.URL {
			return ProposalSource{ID: s.ID, Title: s.Title}
		}
	}
	// A stored title may carry the subtitle the page prints on a line of
	// its own: 凝心聚力谱新篇 实干担当勇争先——武威市2024年….
	for _, s := range c.Sources {
		if utf8.RuneCountInString(title) >= 8 && strings.HasPrefix(strings.TrimSpace(s.Title), title+"——") {
			return ProposalSource{ID: s.ID, Title: s.Title}
		}
	}
	return ProposalSource{Title: title, Publisher: strings.TrimSpace(a.Publisher), Date: a.Date.String(), URL: strings.TrimSpace(a.URL)}
}

// ProposalColumns are the columns of a proposals file: import's own (see
// Fields), then three that import ignores and lists as ignored.
var ProposalColumns = []string{
	"region", "region_zh", "region_level", "region_parent", "indicator", "indicator_zh", "category", "kind", "unit", "scope",
	"subject", "period", "value", "published", "qualifier", "status",
	"source", "source_title", "source_publisher", "source_date", "source_url",
	"fragment",
	ProposalConfidence, ProposalReview, ProposalSentence,
}

// The columns of a proposals file that import does not read.
const (
	ProposalConfidence = "confidence" // 0.1 to 0.9: how sure the extractor is
	ProposalReview     = "review"     // why a person must check the row, in Chinese; "" when nothing
	ProposalSentence   = "sentence"   // the sentence the figure came from
)

// ProposalRow is one proposal as a row of ProposalColumns.
//
// A row names an existing indicator by its ID and leaves its definition
// columns empty, so that import takes the stored ones; a proposed new
// indicator or region carries the definition columns import --create
// needs. A row import must not take as it is says why in its review
// column and is written so that import refuses it with that reason: an
// unknown period stays empty, a new region or indicator is refused without
// --create, a new county without its city is refused even with it.
func (c *ArticleCatalog) ProposalRow(p extract.Proposal, src ProposalSource) []string {
	review := append([]string(nil), p.Review...)
	row := make(map[string]string, len(ProposalColumns))
	switch {
	case p.Region != "":
		row["region"] = p.Region
	case p.RegionNew != "":
		row["region"] = p.RegionNew
		row["region_zh"] = p.RegionNew
		if lv, ok := model.LevelFromName(p.RegionNew); ok {
			row["region_level"] = lv.String()
		}
		// A division of Gansu names its city: the stored one's ID, or its
		// official name for the person to import first (import refuses a
		// county whose city it does not know, and says which).
		parent := p.RegionParent
		if pl, ok := model.GansuPlace(p.RegionNew); ok && parent == "" {
			parent = pl.Parent
		}
		if parent != "" {
			row["region_parent"] = c.storedRegion(parent)
			if row["region_parent"] == "" {
				row["region_parent"] = parent
				review = append(review, "上级地区“"+parent+"”尚未入库")
			}
		}
	}
	subject := p.Subject
	ind, known := c.indicators[p.Indicator]
	switch {
	case known && p.Kind == model.KindTarget && ind.Kind != model.KindTarget:
		// A goal for a figure the database holds as an outturn is a
		// figure of its own, never a value of the outturn's series.
		row["indicator"] = ind.NameZH + "目标"
		row["indicator_zh"] = ind.NameZH + "目标"
		row["category"] = ind.Category.String()
		row["kind"] = model.KindTarget.String()
		row["scope"] = ind.Scope.String()
		if ind.Scope == model.ScopeRegion {
			subject = ""
		}
	case known:
		row["indicator"] = ind.ID
		switch {
		case ind.Scope == model.ScopeRegion && subject != "":
			review = append(review, "“"+subject+"”不计:该指标为地区合计")
			subject = ""
		case ind.Scope != model.ScopeRegion && subject == "":
			review = append(review, "须写明"+ind.Scope.Label(model.Chinese))
		}
	default:
		row["indicator"] = p.IndicatorZH
		row["indicator_zh"] = p.IndicatorZH
		row["category"] = p.Category.String()
		row["kind"] = p.Kind.String()
		row["scope"] = scopeOf(subject).String()
	}
	row["unit"] = p.Unit
	row["subject"] = subject
	row["period"] = p.Period
	row["value"] = strconv.FormatFloat(p.Value, 'f', -1, 64)
	row["published"] = p.Published
	row["qualifier"] = string(p.Qualifier)
	if expected(p) {
		row["status"] = model.StatusExpected.String()
	}
	if src.ID != "" {
		row["source"] = src.ID
	} else {
		row["source"] = src.Title
		row["source_title"] = src.Title
		row["source_publisher"] = src.Publisher
		row["source_date"] = src.Date
		row["source_url"] = src.URL
	}
	row["fragment"] = p.Fragment
	row[ProposalConfidence] = strconv.FormatFloat(p.Confidence, 'f', 2, 64)
	row[ProposalReview] = strings.Join(review, ";")
	row[ProposalSentence] = p.Sentence
	out := make([]string, len(ProposalColumns))
	for i, col := range ProposalColumns {
		out[i] = row[col]
	}
	return out
}

// expected reports whether the extractor read the figure as an estimate
// (预计, 有望), which import records with status expected.
func expected(p extract.Proposal) bool {
	for _, r := range p.Review {
		if r == extract.ReviewExpected {
			return true
		}
	}
	return false
}

// scopeOf says what a new indicator's figures are about, from the name of
// the subject the extractor found: an event, a company, a fund, a project,
// or (no subject) the whole region.
func scopeOf(subject string) model.Scope {
	switch {
	case subject == "":
		return model.ScopeRegion
	case hasAnySuffix(subject, "推介会", "招商会", "对接会", "洽谈会", "招商活动", "博览会", "交易会", "兰洽会"):
		return model.ScopeEvent
	case hasAnySuffix(subject, "公司", "集团"):
		return model.ScopeEnterprise
	case hasAnySuffix(subject, "基金"):
		return model.ScopeFund
	}
	return model.ScopeProject
}

func hasAnySuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// ArticleProposals are the proposals of one article and how they cite it.
type ArticleProposals struct {
	Proposals []extract.Proposal
	Source    ProposalSource
}

// WriteProposals writes proposals as a CSV file import reads: the header
// of ProposalColumns, then one row per proposal, through CSVWriter (cells
// a spreadsheet would run as formulas defused, as import expects). The
// extract command and its review screen both write rows this way.
func (c *ArticleCatalog) WriteProposals(w io.Writer, sets ...ArticleProposals) error {
	return WriteProposalRows(w, c.ProposalRows(sets...))
}

// ProposalRows returns the proposals as rows of ProposalColumns.
func (c *ArticleCatalog) ProposalRows(sets ...ArticleProposals) [][]string {
	var rows [][]string
	for _, set := range sets {
		for _, p := range set.Proposals {
			rows = append(rows, c.ProposalRow(p, set.Source))
		}
	}
	return rows
}

// WriteProposalRows writes rows of ProposalColumns under their header.
func WriteProposalRows(w io.Writer, rows [][]string) error {
	cw := NewCSVWriter(w, false)
	if err := cw.Write(append([]string(nil), ProposalColumns...)); err != nil {
		return err
	}
	for _, row := range rows {
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// ProposalReady reports whether import takes a proposal row as it is: a
// known indicator of a known region, nothing for a person to check. The
// others (a new indicator or region, which import creates only with
// --create, or a row whose review column says what to check) need a
// person first.
func ProposalReady(row []string) bool {
	col := func(name string) string { return row[slices.Index(ProposalColumns, name)] }
	return col(ProposalReview) == "" && col("indicator_zh") == "" && col("region_zh") == ""
}

// ResolveRegion finds a region by ID or by its Chinese or English name.
func (c *ArticleCatalog) ResolveRegion(v string) (string, error) {
	r := NewResolver(nil, false)
	for _, reg := range c.Regions {
		r.knowRegion(reg)
	}
	return r.regionByName(v)
}

// TitleLine returns the first line of an article's text when it reads as
// a title (a page copied without its byline starts with it): at most 60
// characters, without the punctuation that ends a sentence; else "".
func TitleLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		// A byline (来源:…, 转自:…) or a menu (首页 > …) is not a title.
		if n := utf8.RuneCountInString(l); n < 4 || n > 60 || strings.ContainsAny(l, "。；;！？!?:：>") {
			return ""
		}
		return l
	}
	return ""
}
