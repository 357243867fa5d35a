package extract

import (
	"sort"
	"strings"

	"github.com/gansudash/gansudash/model"
)

// Catalog is what the database already knows: regions and indicators.
type Catalog struct {
	Regions    []model.Region
	Indicators []model.Indicator
}

// Article is an article's plain text and what is known about it.
type Article struct {
	Text      string
	Date      Date // from the byline or --date; zero when unknown
	Title     string
	Publisher string
	URL       string
}

// Options steer an extraction.
type Options struct {
	// DefaultRegion is the region ID used when neither the title nor the
	// text names one.
	DefaultRegion string
}

// Proposal is one figure proposed for import.
type Proposal struct {
	Value       float64
	Unit        string
	Qualifier   model.Qualifier
	Published   string // as printed: 50多家, 超10万吨, 35%以上
	Indicator   string // existing indicator ID when one fits, else ""
	IndicatorZH string // the existing indicator's Chinese name, or a proposed one
	Kind        model.Kind
	Category    model.Category
	Period      string // canonical period; "" when it cannot be known
	Region      string // region ID; "" when new or unknown
	RegionNew   string // an unknown place name proposed as a new region
	// RegionParent is where a new park lies, when its name says so: a
	// stored region's ID (民勤红沙岗…工业集中区 lies in minqin), or the
	// official name of a division of Gansu the catalog lacks (平凉工业园区
	// lies in 平凉市). A new county's city comes from the province's list
	// (model.GansuPlace).
	RegionParent string
	Subject      string // event, project or company a per-subject figure is about
	Fragment     string // shortest verbatim fragment (≤ 40 runes) with the number and its label
	Offset       int    // byte offset of Fragment in Article.Text
	Sentence     string // the sentence it came from (verbatim, at most 300 runes)
	Confidence   float64
	Review       []string // why a person must check it, in Chinese
}

// MaxFragment is the longest fragment, in runes.
const MaxFragment = 40

// Extract proposes every quantitative figure of the article.
func Extract(a Article, c Catalog, o Options) []Proposal {
	d := prepare(a.Text)
	x := newExtractor(d, a, c, o)
	x.run()
	return x.out
}

type extractor struct {
	d       *doc
	a       Article
	c       Catalog
	o       Options
	regions map[rune][]regionName // by first rune, longest first
	parent  map[string]string     // region ID → its parent's ID
	parkIn  map[string]string     // a new park's name → the region it lies in
	inds    []indName

	docRegion    string
	docRegionNew string
	province     string // the catalog's province, for 全省
	docYear      int
	carryYear    int
	carryPeriod  *period // the part of carryYear that framed the text last, if any

	out []Proposal
}

type indName struct {
	name []rune
	ind  model.Indicator
}

func newExtractor(d *doc, a Article, c Catalog, o Options) *extractor {
	x := &extractor{d: d, a: a, c: c, o: o, regions: map[rune][]regionName{}, parent: map[string]string{}, parkIn: map[string]string{}}
	for _, r := range c.Regions {
		x.parent[r.ID] = r.Parent
		if r.Level == model.LevelProvince && x.province == "" {
			x.province = r.ID
		}
		name := foldString(r.NameZH)
		if name == "" {
			continue
		}
		x.addRegion(name, r.ID, false)
		// The province's list knows the other names articles use for a
		// division (天祝县 for 天祝藏族自治县).
		if p, ok := model.GansuPlace(name); ok {
			for _, n := range append([]string{p.Name}, p.Short...) {
				if n != name {
					x.addRegion(n, r.ID, false)
					if s, ok := strings.CutSuffix(n, "县"); ok && len([]rune(s)) >= 2 {
						x.addRegion(s, r.ID, true) // 天祝 of 天祝县
					}
				}
			}
		}
		rs := []rune(name)
		for _, suf := range []string{"省", "市", "县", "区"} {
			if s, ok := strings.CutSuffix(name, suf); ok && len(rs) >= 3 && !strings.HasSuffix(s, "新") && !strings.HasSuffix(s, "园") && !strings.HasSuffix(s, "中") {
				x.addRegion(s, r.ID, true)
			}
		}
	}
	for _, rs := range x.regions {
		sort.SliceStable(rs, func(i, j int) bool { return len(rs[i].name) > len(rs[j].name) })
	}
	for _, ind := range c.Indicators {
		if n := foldString(ind.NameZH); n != "" {
			x.inds = append(x.inds, indName{[]rune(n), ind})
		}
	}
	sort.SliceStable(x.inds, func(i, j int) bool { return len(x.inds[i].name) > len(x.inds[j].name) })
	x.findDocContext()
	return x
}

func foldString(s string) string {
	t2sOnce.Do(loadT2S)
	rs := []rune(strings.TrimSpace(s))
	for i := range rs {
		rs[i] = foldRune(rs[i])
	}
	return string(rs)
}

// token is something found in a sentence, in text order.
type token struct {
	pos    int
	kind   uint8 // tokTime, tokRegion, tokFigure, tokEnum (等), tokStreak (连续N)
	time   *timeExpr
	region string
	newReg string
	regEnd int
	fig    *figure
	// 武都区、康县增幅分别达到183%、55%: what 分别 assigns to this figure.
	eachRegion, eachNew, eachLabel string
}

const (
	tokTime uint8 = iota + 1
	tokRegion
	tokFigure
	tokEnum
	tokStreak
)

// run walks the article paragraph by paragraph, sentence by sentence.
func (x *extractor) run() {
	r := x.d.r
	end := x.d.end
	headings := map[int]bool{}
	for _, l := range x.d.lines {
		if l.heading {
			headings[l.start] = true
		}
	}
	paraStart := 0
	var ps paraState
	prevHeading := false
	for paraStart < end {
		paraEnd := paraStart
		for paraEnd < end && r[paraEnd] != '\n' {
			paraEnd++
		}
		// A title and its subtitle share their period and region:
		// 1至9月全省签约… / 签约金额9433.27亿元 同比增长29.84%.
		h := headings[paraStart]
		if !(h && prevHeading) {
			ps = paraState{}
		}
		prevHeading = h
		x.paragraph(paraStart, paraEnd, &ps)
		paraStart = paraEnd + 1
	}
}

// paraState is what a paragraph carries from one sentence to the next.
type paraState struct {
	period       *period // set by a sentence-opening time expression
	region       string  // set by a region opening a sentence
	regionNew    string
	prevLabel    string // the label of the previous figure, for 增速 after a level
	prevExpected bool   // the previous figure was an estimate (预计完成…, 同比增长35%以上)
	prevKind     model.Kind
	sentences    int     // sentences of the paragraph read so far
	asOfOnly     bool    // period is a stock (至目前) opening a later sentence: it frames that sentence only
	before       *period // the paragraph's period before that sentence
}

func (x *extractor) paragraph(a, b int, ps *paraState) {
	r := x.d.r
	s := a
	for s < b {
		e := s
		for e < b && !strings.ContainsRune("。!?;", r[e]) {
			e++
		}
		if e < b {
			e++
		}
		x.sentence(s, e, ps)
		ps.sentences++
		if ps.asOfOnly && r[e-1] != ';' {
			ps.period, ps.before, ps.asOfOnly = ps.before, nil, false
		}
		s = e
	}
}
