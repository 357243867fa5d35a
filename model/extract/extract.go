package extract

import (
	"sort"
	"strings"
	"unicode/utf8"

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
	Subject     string // event, project or company a per-subject figure is about
	Fragment    string // shortest verbatim fragment (≤ 40 runes) with the number and its label
	Offset      int    // byte offset of Fragment in Article.Text
	Sentence    string // the sentence it came from (verbatim, at most 300 runes)
	Confidence  float64
	Review      []string // why a person must check it, in Chinese
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

type regionName struct {
	name  []rune
	id    string
	short bool
}

type extractor struct {
	d       *doc
	a       Article
	c       Catalog
	o       Options
	regions map[rune][]regionName // by first rune, longest first
	inds    []indName

	docRegion    string
	docRegionNew string
	province     string // the catalog's province, for 全省
	docYear      int
	carryYear    int

	out []Proposal
}

type indName struct {
	name []rune
	ind  model.Indicator
}

func newExtractor(d *doc, a Article, c Catalog, o Options) *extractor {
	x := &extractor{d: d, a: a, c: c, o: o, regions: map[rune][]regionName{}}
	for _, r := range c.Regions {
		if r.Level == model.LevelProvince && x.province == "" {
			x.province = r.ID
		}
		name := foldString(r.NameZH)
		if name == "" {
			continue
		}
		x.addRegion(name, r.ID, false)
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

func (x *extractor) addRegion(name, id string, short bool) {
	rs := []rune(name)
	x.regions[rs[0]] = append(x.regions[rs[0]], regionName{rs, id, short})
}

func foldString(s string) string {
	t2sOnce.Do(loadT2S)
	rs := []rune(strings.TrimSpace(s))
	for i := range rs {
		rs[i] = foldRune(rs[i])
	}
	return string(rs)
}

// regionAt returns the region named at r[i], if any.
func (x *extractor) regionAt(r []rune, i, end int, allowShort bool) (string, int) {
	for _, n := range x.regions[r[i]] {
		if n.short && !allowShort {
			continue
		}
		if i+len(n.name) <= end && hasPrefixRunes(r, i, n.name) {
			return n.id, len(n.name)
		}
	}
	return "", 0
}

// findDocContext reads the article's region and year from its title, its
// first headings or the first region its text names.
func (x *extractor) findDocContext() {
	var titles []string
	if x.a.Title != "" {
		titles = append(titles, foldString(x.a.Title))
	} else if t, _, _, ok := ParseHeader(x.a.Text); ok && t != "" {
		titles = append(titles, foldString(t))
	}
	n := 0
	for _, l := range x.d.lines {
		if l.start >= x.d.end || n >= 12 {
			break
		}
		n++
		if l.heading && !containsAny(l.text, bylineWords) {
			titles = append(titles, l.text)
		}
	}
	for _, t := range titles {
		rs := []rune(t)
		for i := range rs {
			if x.docRegion == "" {
				if id, _ := x.regionAt(rs, i, len(rs), true); id != "" {
					x.docRegion = id
				}
			}
			if x.docYear == 0 {
				if y, k := digitsAt(rs, i, 4, 4); k > i && k < len(rs) && rs[k] == '年' && y >= 1900 && y <= 2199 && (i == 0 || !isDigit(rs[i-1])) {
					x.docYear = y
				}
			}
		}
		if x.docRegion == "" && x.docRegionNew == "" {
			if name := placeAt(rs, 0); name != "" && len(titles) > 0 && t == titles[0] {
				x.docRegionNew = name
			}
		}
	}
	if x.docRegion == "" && x.docRegionNew == "" {
		x.docRegion = x.o.DefaultRegion
	}
	if x.docRegion == "" && x.docRegionNew == "" {
		r := x.d.r
		for i := 0; i < x.d.end; i++ {
			if id, _ := x.regionAt(r, i, x.d.end, false); id != "" {
				x.docRegion = id
				break
			}
			if i == 0 || isBoundary(r[i-1]) {
				if hasPrefixAt(r, i, "全省") && x.province != "" {
					x.docRegion = x.province
					break
				}
				if name := placeAt(r, i); name != "" {
					x.docRegionNew = name
					break
				}
			}
		}
	}
	x.carryYear = x.docYear
}

// notDistrict are second characters of XY区 that make a common noun
// (园区, 景区, 城区, 保护区…), not a district's name.
const notDistrict = "园社景城片辖沙矿山灾牧林湖老新校院港厂库县市护范发验能集聚合功示开保试区"

// subjectVerbs follow a place name that is the subject of its clause.
var subjectVerbs = []string{"正在", "已", "将", "坚持", "持续", "立足", "聚焦", "聚力", "全力", "深入", "积极", "围绕", "以", "把", "共", "累计", "新增", "完成", "实现", "签约", "引进", "大力", "加快", "着力", "不断", "始终", "先后", "全年", "今年", "去年", "已经", "通过", "依托", "紧盯", "抢抓", "认真", "牢牢", "主动", "充分", "还", "探索", "推动", "推进", "实施", "开展", "建成", "谋划", "成功", "新认定", "入库", "培育", "招引"}

func startsWithAny(r []rune, i int, ws []string) bool {
	for _, w := range ws {
		if hasPrefixAt(r, i, w) {
			return true
		}
	}
	return false
}

// reportingWords frame a report: 近日,记者从…获悉.
var reportingWords = []string{"获悉", "了解到", "得知", "获知"}

// bylineWords mark page furniture and bylines, never a title.
var bylineWords = []string{">", "位置", "来源", "时间", "点击", "记者", "编辑", "阅读", "发布", "分享", "责编", "首页"}

// placeAt reads an unknown place name at r[i]: two to four Han characters
// ending in 市 or 县 (天水市, 民乐县).
func placeAt(r []rune, i int) string {
	// Most place names are two characters and a suffix (陇南市, 西和县,
	// 武都区); longer runs ending in 市 are usually phrases (翻阅全市).
	for n := 2; n <= 3 && i+n <= len(r); n++ {
		last := r[i+n-1]
		if last != '市' && last != '县' && !(last == '区' && n == 3 && !strings.ContainsRune(notDistrict, r[i+1])) {
			continue
		}
		if i+n < len(r) && strings.ContainsRune("级场民值直属内外域", r[i+n]) {
			return "" // 市级, 市场, 县域: not a place
		}
		if strings.ContainsRune("在是对从向把被将由为与和及等到赴于落登开", r[i]) {
			return ""
		}
		ok := true
		for _, c := range r[i : i+n] {
			if !isHan(c) {
				ok = false
			}
		}
		name := string(r[i : i+n])
		if ok && !strings.ContainsRune("全我本该各每省市县区城", r[i]) && !strings.ContainsRune("全我本该各每", r[i+1]) && !strings.HasPrefix(name, "我") && !strings.HasPrefix(name, "本") && !strings.Contains(name, "城市") && !strings.Contains(name, "县市") && !strings.Contains(name, "市县") {
			return name
		}
	}
	return ""
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
		s = e
	}
}

func (x *extractor) sentence(s, e int, ps *paraState) {
	r := x.d.r
	var toks []token
	clause := s
	for i := s; i < e; {
		c := r[i]
		if isBoundary(c) {
			clause = i + 1
		}
		if isDigit(c) {
			if t, ok := scanTime(r, i, e); ok {
				toks = append(toks, token{pos: i, kind: tokTime, time: &t})
				i = t.end
				continue
			}
			if f, ok := scanArabic(r, i, e); ok {
				toks = append(toks, token{pos: f.start, kind: tokFigure, fig: &f})
				i = f.end
				continue
			}
			for i < e && (isDigit(r[i]) || r[i] == '.' || r[i] == ',') {
				i++
			}
			continue
		}
		if c == '第' {
			if f, ok := scanRank(r, i, e, clause); ok {
				toks = append(toks, token{pos: i, kind: tokFigure, fig: &f})
				i = f.end
				continue
			}
		}
		if c == '首' {
			if f, ok := scanFirstPlace(r, i, e, clause); ok {
				toks = append(toks, token{pos: i, kind: tokFigure, fig: &f})
				i = f.end
				continue
			}
		}
		if _, ok := cnDigit[c]; ok || c == '百' || c == '千' || c == '万' {
			if f, ok := scanChinese(r, i, e); ok {
				toks = append(toks, token{pos: f.start, kind: tokFigure, fig: &f})
				i = f.end
				continue
			}
		}
		if t, ok := scanTime(r, i, e); ok && !isDigit(c) {
			toks = append(toks, token{pos: i, kind: tokTime, time: &t})
			i = t.end
			continue
		}
		if id, n := x.regionAt(r, i, e, false); id != "" {
			toks = append(toks, token{pos: i, kind: tokRegion, region: id, regEnd: i + n})
			i += n
			continue
		}
		// A name without its suffix (武威, 凉州) counts as the subject of a
		// clause it opens before a verb: 武威正在续写, 凉州聚力打造; not in
		// 兰州大学 or 定西宽粉.
		if i == s || isBoundary(r[i-1]) {
			if id, n := x.regionAt(r, i, e, true); id != "" && startsWithAny(r, i+n, subjectVerbs) {
				toks = append(toks, token{pos: i, kind: tokRegion, region: id, regEnd: i + n})
				i += n
				continue
			}
		}
		if (i == s || strings.ContainsRune(",，。;:\n", r[i-1])) && hasPrefixAt(r, i, "全省") && x.province != "" {
			// 全省 as the subject of a clause is the province (居全省第二位 is not).
			toks = append(toks, token{pos: i, kind: tokRegion, region: x.province, regEnd: i + 2})
			i += 2
			continue
		}
		if i == s || isBoundary(r[i-1]) {
			if name := placeAt(r, i); name != "" {
				n := len([]rune(name))
				toks = append(toks, token{pos: i, kind: tokRegion, newReg: name, regEnd: i + n})
				i += n
				continue
			}
		}
		if c == '等' {
			toks = append(toks, token{pos: i, kind: tokEnum})
		}
		if hasPrefixAt(r, i, "连续") {
			toks = append(toks, token{pos: i, kind: tokStreak})
		}
		i++
	}
	// Qualifiers written before a number (超10, 近130) belong to the figure:
	// move a figure token's position to its start (already done by scan).
	x.resolveSentence(s, e, toks, ps)
}

// opening reports whether position p opens the sentence: only a time
// expression, punctuation or a dateline stand before it.
//
// An expression opens a sentence when it starts it, follows a short
// subject (凉州区2023年招商引资…), or is an adverbial set off by a comma
// (…报道)2024年,通渭工业集中区…); not in mid-clause (爱玛产业园预计明年投产).
func (x *extractor) opening(s, p, q int) bool {
	r := x.d.r
	if p-s > 40 {
		return false
	}
	for i := s; i < p; i++ {
		if r[i] == ',' || r[i] == '，' {
			return false
		}
	}
	return p-s <= 6 || q < len(r) && (r[q] == ',' || r[q] == ':')
}

func (x *extractor) resolveSentence(s, e int, toks []token, ps *paraState) {
	r := x.d.r
	// Mark comparison bases (较2022年, 比上年) and coordinated periods.
	for k := range toks {
		t := &toks[k]
		if t.kind != tokTime {
			continue
		}
		if p := t.time.start; p > 0 && (r[p-1] == '较' || r[p-1] == '比' || endsWithAt(r, p, "同比") || endsWithAt(r, p, "相比") || endsWithAt(r, p, "与")) {
			t.time.compare = true
		}
		if t.time.end < e && (r[t.time.end] == '是' || r[t.time.end] == '为') && t.time.kind == tYear {
			t.time.compare = true // 2025年是…之年: about the year, not a time frame
		}
		if t.time.dayDate && t.time.end < e && r[t.time.end] == '讯' {
			t.time.compare = true // a dateline
		}
		if t.time.end < e && containsAny(string(r[t.time.end:min(e, t.time.end+30)]), reportingWords) && !containsAny(string(r[t.time.end:min(e, t.time.end+30)]), []string{"举行", "召开", "举办"}) {
			if t.time.recent {
				t.time.compare = true // 近日,记者从…获悉: when it was reported, not when it happened
			}
		}
		for _, w := range []string{"计划", "目标", "任务", "预算", "同期"} {
			if hasPrefixAt(r, t.time.end, w) || hasPrefixAt(r, t.time.end, "的"+w) {
				t.time.compare = true // 占上半年计划的120%: part of the label
			}
		}
	}
	// A sentence-opening time expression sets the paragraph's period.
	var open *timeExpr
	for k := range toks {
		t := &toks[k]
		if t.kind == tokTime && !t.time.compare && x.opening(s, t.pos, t.time.end) {
			open = t.time
		}
		if t.kind == tokFigure {
			break
		}
	}
	if open != nil {
		o := *open
		// 上半年和三季度: coordinated periods.
		p := x.resolve(o)
		ps.period = &p
		switch {
		case o.kind == tAsOf || o.kind == tUnknown:
			// A stock as of a date frames no year for what follows.
		case p.year != 0:
			x.carryYear = p.year
		case p.text == "" && o.relYear:
			x.carryYear = 0
		}
	}
	// A region opening the sentence sets the paragraph's region.
	before, beforeNew := ps.region, ps.regionNew
	for k := range toks {
		t := toks[k]
		if t.kind == tokRegion && x.openingRegion(s, t.pos, t.regEnd, e) {
			ps.region, ps.regionNew = t.region, t.newReg
			break
		}
		if t.kind == tokFigure {
			break
		}
	}
	// 2.6个、1.3个百分点: the unit written once for a list.
	for k := len(toks) - 2; k >= 0; k-- {
		a, b := &toks[k], toks[k+1]
		if a.kind == tokFigure && b.kind == tokFigure && isCoordination(string(r[a.fig.end:b.fig.start])) &&
			len(b.fig.unit) > len(a.fig.unit) && strings.HasPrefix(b.fig.unit, a.fig.unit) {
			a.fig.unit = b.fig.unit
		}
	}
	x.respectively(s, toks)
	var lastTime *timeExpr
	lastRegion, lastNew, lastRegionPos := "", "", -1
	enumerated := false
	streakPos := -1
	prevFig := -1
	for k := range toks {
		t := &toks[k]
		switch t.kind {
		case tokTime:
			if t.time.compare {
				continue
			}
			if lastTime != nil && isCoordination(string(r[lastTime.end:t.time.start])) && lastTime.kind != tYear && t.time.kind != tYear {
				u := union(*lastTime, *t.time)
				lastTime = &u
				continue
			}
			tt := *t.time
			lastTime = &tt
		case tokRegion:
			lastRegion, lastNew, lastRegionPos, enumerated = t.region, t.newReg, t.pos, false
		case tokEnum:
			// 兰州新区A、B等122个项目: a region named inside a list closed
			// by 等 is the items', not the total's that follows.
			if cs := x.clauseStartWithin(s, t.pos, 200); lastRegionPos >= cs && strings.ContainsRune(string(r[cs:t.pos]), '、') {
				enumerated = true
			}
		case tokStreak:
			streakPos = t.pos
		case tokFigure:
			f := *t.fig
			if f.rank && streakPos >= 0 && f.start-streakPos < 16 && prevFig >= 0 {
				continue // 连续12个月全省第一: the streak is the figure
			}
			if f.bare && countBefore(toks[:k], x.clauseStartWithin(s, f.start, 200)) {
				continue // 4条产业链产值超百亿元: the size class of what is counted
			}
			region, newReg := lastRegion, lastNew
			saved, savedNew := ps.region, ps.regionNew
			if enumerated {
				region, newReg = "", ""
				ps.region, ps.regionNew = before, beforeNew
			}
			if t.eachRegion != "" || t.eachNew != "" {
				region, newReg = t.eachRegion, t.eachNew
			}
			x.propose(s, e, f, lastTime, region, newReg, ps, k, toks)
			ps.region, ps.regionNew = saved, savedNew
			prevFig = k
		}
	}
}

// respectively pairs a list of figures after 分别 with the list of places
// or labels before it: 武都区、康县、文县增幅分别达到183%、55%、32%;
// 开工率、资金到位率分别达99.03%、50.78%.
func (x *extractor) respectively(s int, toks []token) {
	r := x.d.r
	for k := 0; k < len(toks); k++ {
		if toks[k].kind != tokFigure {
			continue
		}
		first := toks[k].fig
		cs := x.clauseStartWithin(s, first.start, 60)
		if !hasRunePair(r[cs:first.start], '分', '别') {
			continue
		}
		head := string(r[cs:first.start])
		at := strings.Index(head, "分别")
		if at < 0 {
			continue
		}
		run := []int{k}
		for m := k + 1; m < len(toks) && toks[m].kind == tokFigure && isCoordination(string(r[toks[m-1].fig.end:toks[m].fig.start])); m++ {
			run = append(run, m)
		}
		var regs []token
		for m := k - 1; m >= 0 && toks[m].pos >= cs; m-- {
			if toks[m].kind == tokRegion {
				regs = append([]token{toks[m]}, regs...)
			}
		}
		if len(regs) == len(run) && len(run) > 1 {
			for i, m := range run {
				toks[m].eachRegion, toks[m].eachNew = regs[i].region, regs[i].newReg
			}
		}
		items := strings.Split(head[:at], "、")
		if len(items) == len(run) && len(run) > 1 {
			for i, m := range run {
				toks[m].eachLabel = strings.TrimSpace(items[i])
			}
		}
		k = run[len(run)-1]
	}
}

func hasRunePair(r []rune, a, b rune) bool {
	for i := 0; i+1 < len(r); i++ {
		if r[i] == a && r[i+1] == b {
			return true
		}
	}
	return false
}

// openingRegion reports whether a region named at p is the subject of its
// sentence: only a time expression and punctuation stand before it, and no
// list follows it in its clause (兰州新区爱玛产业园、… names projects).
func (x *extractor) openingRegion(s, p, q, e int) bool {
	r := x.d.r
	if p-s > 16 {
		return false
	}
	for i := q; i < e && i < q+60 && (!isBoundary(r[i]) || r[i] == '、'); i++ {
		if r[i] == '、' {
			return false
		}
	}
	for i := s; i < p; i++ {
		if r[i] == '在' || r[i] == '与' || r[i] == '赴' || r[i] == '到' {
			return false
		}
	}
	return true
}

func (x *extractor) resolve(t timeExpr) period {
	return t.resolve(x.carryYear, x.a.Date)
}

// clauseStart returns the start of the clause or list item holding
// position p, at most 30 runes back: where a label can start.
func (x *extractor) clauseStart(s, p int) int {
	r := x.d.r
	for i := p - 1; i >= s && p-i <= 30; i-- {
		if isBoundary(r[i]) || r[i] == '“' || r[i] == '(' {
			return i + 1
		}
	}
	return max(s, p-31)
}

func (x *extractor) clauseStartWithin(s, p, limit int) int {
	r := x.d.r
	for i := p - 1; i >= s; i-- {
		if r[i] != '、' && isBoundary(r[i]) || r[i] == '“' || r[i] == '(' {
			return i + 1
		}
		if p-i > limit {
			return i + 1
		}
	}
	return s
}

var growthWords = []string{"同比增长", "同比上升", "同比提高", "同比下降", "同比减少", "同比", "增长", "增速", "上升", "提高", "提升", "增幅", "下降", "减少", "降低", "回落", "增加"}

var targetWords = []string{"目标", "力争", "确保", "计划到", "将达到", "将完成", "将实现", "预期"}

// countBefore reports whether a count figure stands in toks after
// position from.
func countBefore(toks []token, from int) bool {
	for k := len(toks) - 1; k >= 0 && toks[k].pos >= from; k-- {
		if toks[k].kind == tokFigure && isCountUnit(toks[k].fig.unit) {
			return true
		}
	}
	return false
}

// sentenceWindow bounds how far back in its sentence a figure looks for
// words that qualify it (预计, 目标, 经过几十年), so that a megabyte without
// punctuation costs linear time.
const sentenceWindow = 80

func (x *extractor) propose(s, e int, f figure, lastTime *timeExpr, region, newReg string, ps *paraState, k int, toks []token) {
	r := x.d.r
	cs := x.clauseStart(s, f.start)
	pre := string(r[cs:f.start])

	p := Proposal{Value: f.value, Unit: f.unit, Qualifier: f.qual, Confidence: 0.9}
	p.Published, _ = x.d.verbatim(f.start, f.end)
	p.Published = strings.Join(strings.Fields(p.Published), "")

	// Label: the noun phrase before the number, else the one after it.
	label, fragA, fragB := x.label(s, e, cs, f)
	if l := toks[k].eachLabel; l != "" && len([]rune(l)) >= 2 {
		label = stripSubject(l)
	}
	// Kind.
	growth := ""
	for _, w := range growthWords {
		if strings.HasSuffix(trimVerbs(pre), w) || strings.Contains(pre, w) && (f.unit == "%" || f.unit == "个百分点") {
			growth = w
			break
		}
	}
	// 占比提升至67%: a level reached, not a growth rate.
	if growth != "" && f.unit == "%" && containsSuffix(pre, reachedWords) {
		growth = ""
	}
	// 增幅分别达到183%、55%、32%: the items of a list share the first's kind.
	if coordinated := k > 0 && toks[k-1].kind == tokFigure && toks[k-1].fig.unit == f.unit && isCoordination(string(r[toks[k-1].fig.end:f.start])); coordinated && ps.prevKind == model.KindGrowthPct {
		growth = "增长"
	}
	switch {
	case f.rank:
		p.Kind = model.KindRank
	case f.unit == "%" || f.unit == "‰" || f.unit == "个百分点" || f.unit == "百分点":
		if growth != "" {
			p.Kind = model.KindGrowthPct
		} else {
			p.Kind = model.KindSharePct
		}
	case isCountUnit(f.unit):
		p.Kind = model.KindCount
	default:
		p.Kind = model.KindLevel
	}
	// 下降3.2%, 减少95%: a negative growth rate, as model.ParseValue reads it.
	if p.Kind == model.KindGrowthPct && containsAny(growth, []string{"下降", "减少", "降低", "回落"}) {
		p.Value = -p.Value
	}
	// A growth rate right after a level takes the level's label: 工业总产值16.7亿元、增速26.5%.
	if p.Kind == model.KindGrowthPct && (label == "" || isGrowthWord(label)) && ps.prevLabel != "" {
		label = ps.prevLabel + "增速"
	}
	if label == "" {
		label = strings.TrimSpace(string(r[fragA:f.start]))
	}
	expected := false
	switch {
	case strings.Contains(pre, "预计") || strings.Contains(pre, "有望") || p.Kind == model.KindGrowthPct && ps.prevExpected && isGrowthWord(trimVerbs(pre)):
		expected = true
		if !strings.HasPrefix(label, "预计") {
			label = "预计" + label
		}
		p.Review = append(p.Review, "预计数,不是实绩")
	case containsAny(pre, targetWords) || strings.Contains(pre, "将") && !strings.Contains(pre, "将近"):
		if p.Kind != model.KindRank {
			p.Kind = model.KindTarget
		}
		p.Review = append(p.Review, "目标数,不是实绩")
	}
	ps.prevExpected = expected
	p.IndicatorZH = label
	if p.Kind != model.KindGrowthPct && p.Kind != model.KindSharePct {
		ps.prevLabel = label
	}
	ps.prevKind = p.Kind
	// Fragment: verbatim, at most MaxFragment runes.
	p.Fragment, p.Offset = x.fragment(fragA, fragB, f)
	sa, sb := s, e
	if sb-sa > 300 {
		sa = max(s, f.start-150)
		sb = min(e, f.end+150)
	}
	p.Sentence, _ = x.d.verbatim(sa, sb)
	p.Sentence = strings.TrimSpace(p.Sentence)

	// Period.
	per := x.periodFor(s, f, lastTime, ps, pre, label, p.Kind)
	p.Period = per.text
	if per.text == "" {
		why := per.why
		if why == "" {
			why = "时期不明"
		}
		p.Review = append(p.Review, why)
	}
	// Region.
	switch {
	case region != "":
		p.Region = region
	case newReg != "":
		p.RegionNew = newReg
	case ps.region != "":
		p.Region = ps.region
	case ps.regionNew != "":
		p.RegionNew = ps.regionNew
	case x.docRegion != "":
		p.Region = x.docRegion
	case x.docRegionNew != "":
		p.RegionNew = x.docRegionNew
	}
	if p.RegionNew != "" {
		p.Review = append(p.Review, "新地区:"+p.RegionNew)
	} else if p.Region == "" {
		p.Review = append(p.Review, "地区不明")
	}
	// Indicator and category.
	x.matchIndicator(&p)
	p.Subject = x.subject(s, f, label)
	if len([]rune(label)) < 2 {
		p.Review = append(p.Review, "标签不明确")
	}
	p.Confidence -= 0.15 * float64(len(p.Review))
	if p.Confidence < 0.1 {
		p.Confidence = 0.1
	}
	x.out = append(x.out, p)
}

// reachedWords say a level was reached (提升至67%), not by how much it grew.
var reachedWords = []string{"提升至", "提升到", "提高至", "提高到", "增至", "增长到", "增长至", "上升至", "上升到", "下降至", "下降到", "降至", "降低至", "降低到", "减少至", "减少到"}

func containsSuffix(s string, ws []string) bool {
	for _, w := range ws {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

func containsAny(s string, ws []string) bool {
	for _, w := range ws {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func isGrowthWord(s string) bool {
	s = trimVerbs(s)
	for _, w := range growthWords {
		if s == w || s == "同比"+w || s == w+"了" {
			return true
		}
	}
	return s == ""
}

func isCountUnit(u string) bool {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "万"), "亿")
	switch u {
	case "个", "项", "家", "户", "件", "条", "座", "台", "套", "宗", "处", "所", "批", "批次", "场", "次", "款", "种", "支", "张", "份", "篇", "栋", "间", "列", "趟", "架", "家次", "人", "名", "个月", "个季度", "天", "年":
		return true
	}
	return false
}

// bareVerbs before a number leave the label to the noun after it
// (已有65家一级央企).
var bareVerbs = map[string]bool{"已有": true, "共有": true, "拥有": true, "有": true, "已": true, "共计": true, "新增了": true}

// leadVerbs are stripped from the end of a label before the number
// (鲜奶日加工能力达到2100吨 → 鲜奶日加工能力).
var leadVerbs = []string{"连续", "分别达到", "分别达", "分别为", "达到了", "达到", "达", "为", "是", "共", "累计", "合计", "总计", "约", "超过", "超", "近", "突破", "逾", "了", "的", "仅", "均", "已", "增至", "提高到", "提升至", "实现", "完成"}

func trimVerbs(s string) string {
	for changed := true; changed; {
		changed = false
		for _, v := range leadVerbs {
			if t, ok := strings.CutSuffix(s, v); ok && t != "" {
				s, changed = t, true
			}
		}
	}
	return s
}

// label finds what the figure measures and the span of its fragment.
func (x *extractor) label(s, e, cs int, f figure) (string, int, int) {
	r := x.d.r
	// Before the number: from the clause start, after the last figure or
	// time expression in it.
	a := cs
	for i := f.start - 1; i >= cs; i-- {
		if isDigit(r[i]) || r[i] == '%' {
			a = i + 1
			for a < f.start && (isDigit(r[a]) || strings.ContainsRune("%.个项家户件条亿万元吨亩人次名年月日", r[a])) {
				a++
			}
			break
		}
	}
	before := string(r[a:f.start])
	before = stripLeadingContext(before)
	for _, c := range []string{"和", "及", "与", "以及"} {
		before = strings.TrimPrefix(before, c)
	}
	nb := len([]rune(before))
	a = f.start - nb
	lab := trimVerbs(before)
	// Drop a leading subject (凉州区共实施… → 实施…, 武威市实现签约… → 签约…).
	lab = x.stripRegion(stripSubject(lab))
	listed := strings.HasSuffix(before, "等")
	if i := strings.LastIndex(lab, "等"); i >= 0 && len([]rune(lab[i+len("等"):])) >= 2 {
		lab = lab[i+len("等"):] // A、B等工业项目186个: the label is what follows 等
	}
	// After the number: 15个省列重大项目, 50多家企业洽谈对接.
	b := f.end
	for b < e && b-f.end < 12 && !isBoundary(r[b]) && !isDigit(r[b]) && r[b] != '“' {
		b++
	}
	after := string(r[f.end:b])
	noun := cutAtVerb(after)
	conj := containsSuffix(before, []string{"和", "及", "与", "、", "以及"})
	if len([]rune(lab)) >= 2 && !isGrowthWord(lab) && !listed && !bareVerbs[lab] && !conj {
		if len([]rune(lab)) > 20 {
			lab = string([]rune(lab)[len([]rune(lab))-20:])
		}
		// 签约35个重点项目, 聚焦4个百亿级产业集群: a bare verb before, its
		// object after the number.
		if len([]rune(lab)) == 2 && len([]rune(noun)) >= 2 && f.end < e && isHan(r[f.end]) && !isCountUnit(lab) {
			return lab + noun, a, f.end + len([]rune(noun))
		}
		return lab, a, f.end
	}
	if len([]rune(noun)) >= 2 {
		return noun, f.start, f.end + len([]rune(noun))
	}
	if lab != "" {
		return lab, a, f.end
	}
	return noun, f.start, b
}

// stripLeadingContext drops what opens a clause but is not the label: a
// time expression or connective.
func stripLeadingContext(s string) string {
	for _, w := range []string{"其中", "同时", "此外", "另外", "全年", "当年", "一年来", "今年以来", "目前", "截至目前", "现已"} {
		s = strings.TrimPrefix(s, w)
	}
	return s
}

// stripRegion drops a region named at the start of a label, and the verb
// of achievement after it (武威市实现签约项目 → 签约项目).
func (x *extractor) stripRegion(s string) string {
	rs := []rune(s)
	if len(rs) == 0 {
		return s
	}
	if _, n := x.regionAt(rs, 0, len(rs), true); n > 0 && n < len(rs) {
		s = string(rs[n:])
	}
	for _, v := range []string{"实现", "完成", "共"} {
		if t, ok := strings.CutPrefix(s, v); ok && len([]rune(t)) >= 2 {
			s = t
		}
	}
	return s
}

var subjects = []string{"全市", "全省", "全县", "全区", "我市", "我省", "我县", "我区", "全州"}

func stripSubject(s string) string {
	for _, w := range subjects {
		if t, ok := strings.CutPrefix(s, w); ok {
			s = t
		}
	}
	for _, w := range []string{"共", "累计", "新"} {
		if i := strings.Index(s, w); i > 0 && i <= 12 && w != "新" {
			s = s[i+len(w):]
		}
	}
	return s
}

var afterVerbs = []string{"和", "及", "与", "完成", "实现", "开工", "建成", "投产", "洽谈", "签约", "进行", "在", "设立", "制定", "产值", "保持", "集中", "涉及", "达到", "齐头", "协同", "打头", "已", "被", "获", "成为", "加速", "延链", "落地", "参与", "受益", "纳入", "通过", "入驻", "入选"}

func cutAtVerb(s string) string {
	rs := []rune(s)
	for i := 1; i < len(rs); i++ {
		for _, v := range afterVerbs {
			if hasPrefixAt(rs, i, v) {
				return string(rs[:i])
			}
		}
	}
	return s
}

// fragment returns the verbatim fragment r[a:b] cut to MaxFragment runes,
// keeping the figure.
func (x *extractor) fragment(a, b int, f figure) (string, int) {
	if a > f.start {
		a = f.start
	}
	if b < f.end {
		b = f.end
	}
	for {
		s, off := x.d.verbatim(a, b)
		if utf8.RuneCountInString(s) <= MaxFragment {
			return s, off
		}
		switch {
		case a < f.start:
			a++
		case b > f.end:
			b--
		default:
			// The figure alone is longer than a fragment may be (glosses,
			// breaks or undecodable bytes inside it): keep its first runes,
			// cut on the original bytes so the fragment stays verbatim.
			return cutRunes(s, MaxFragment), off
		}
	}
}

// cutRunes returns the first n runes of s as a prefix of s (an undecodable
// byte counts as one rune, as utf8.RuneCountInString counts it).
func cutRunes(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return s[:i]
}

// periodFor decides the figure's period from the nearest time expression
// in its sentence, else the paragraph's, else the year in context.
func (x *extractor) periodFor(s int, f figure, lastTime *timeExpr, ps *paraState, pre, label string, kind model.Kind) period {
	var p period
	switch {
	case lastTime != nil:
		t := *lastTime
		p = x.resolve(t)
		// A year named mid-sentence (2024年“春晖行动”) does not undo the
		// finer period that opened the paragraph (3月).
		if t.kind == tYear && !t.relYear && ps.period != nil && ps.period.year == p.year && ps.period.kind != tYear && !x.opening(s, t.start, t.end) {
			p = *ps.period
		}
	case ps.period != nil:
		p = *ps.period
	case x.carryYear != 0:
		p = period{text: itoa(x.carryYear), year: x.carryYear, kind: tYear}
	default:
		return period{why: "年份不明"}
	}
	sentPre := string(x.d.r[max(s, f.start-sentenceWindow):f.start])
	if containsAny(sentPre, unknownStartWords) && p.kind != tUnknown {
		return period{why: "累计数,起始时间不明"}
	}
	// A stock reached (高新技术企业达到55户) in a range since a year is the
	// level at its end: the year it ends in.
	if p.kind == tSince && kind != model.KindSharePct && kind != model.KindGrowthPct && (strings.HasSuffix(pre, "达到") || strings.HasSuffix(pre, "达")) && p.year != 0 {
		return period{text: itoa(p.year), year: p.year, kind: tYear}
	}
	// An annual rate (年产, 年处理) as of a date is that year's rate.
	if p.kind == tAsOf && containsAny(label, annualWords) && p.year != 0 {
		return period{text: itoa(p.year), year: p.year, kind: tYear}
	}
	return p
}

// annualWords mark a rate per year (年产, 年处理鲜奶).
var annualWords = []string{"年产", "年处理", "年销售", "年发电", "年营业", "年收入", "年接待", "年均", "年加工"}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	var b [8]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

var subjectEnds = []string{"有限责任公司", "有限公司", "公司", "集团", "项目", "产业园", "基地", "电站", "生产线", "推介会", "招商会", "对接会", "洽谈会", "招商活动", "基金", "中心"}

// projectLabels mark figures about one project, company or event.
var projectLabels = []string{"年产", "总投资", "计划投资", "占地", "日处理", "装机", "年处理", "年产值", "规模", "算力", "岗位", "签约金额", "签约项目"}

// subject names the project, company or event a per-subject figure is
// about, when the label is one such figures carry and a name ends nearby.
func (x *extractor) subject(s int, f figure, label string) string {
	if !containsAny(label, projectLabels) {
		return ""
	}
	r := x.d.r
	lo := max(s, f.start-60)
	text := string(r[lo:f.start])
	best, bestEnd := "", -1
	for _, w := range subjectEnds {
		if i := strings.LastIndex(text, w); i >= 0 && i+len(w) > bestEnd {
			bestEnd = i + len(w)
			head := text[:i+len(w)]
			// The name starts after the last clause break.
			if j := strings.LastIndexAny(head, ",，、。;:“”\"《》"); j >= 0 {
				_, n := utf8.DecodeRuneInString(head[j:])
				head = head[j+n:]
			}
			best = head
		}
	}
	if utf8.RuneCountInString(best) < 4 {
		return ""
	}
	return best
}

// categoryWords guess a new indicator's category from its label.
var categoryWords = []struct {
	cat   model.Category
	words []string
}{
	{model.CategoryDesertification, []string{"造林", "治沙", "压沙", "沙化", "固沙", "草原", "退化林", "防沙", "荒漠", "植树", "林草", "沙漠", "绿化"}},
	{model.CategoryEnergy, []string{"装机", "新能源", "电站", "储能", "发电", "光伏", "风电", "千瓦", "电量"}},
	{model.CategoryTourism, []string{"游客", "旅游", "文旅", "景区"}},
	{model.CategoryInvestment, []string{"招商", "签约", "到位资金", "引资", "投资", "项目", "引进", "落地"}},
	{model.CategoryIndustry, []string{"工业", "增加值", "产值", "规上", "制造", "产业链", "产能", "年产"}},
	{model.CategoryInnovation, []string{"专利", "科技", "研发", "高新技术", "专精特新", "创新", "技术合同"}},
	{model.CategoryFiscal, []string{"财政", "税", "预算", "贷款", "奖补", "资金"}},
	{model.CategoryAgriculture, []string{"奶", "牛", "羊", "种植", "农", "粮", "畜", "蔬菜", "鲜奶"}},
}

// matchIndicator picks an existing indicator whose name the label ends
// with, of a compatible kind and unit; else proposes the label as new.
func (x *extractor) matchIndicator(p *Proposal) {
	lab := []rune(p.IndicatorZH)
	for _, in := range x.inds {
		n := in.name
		if len(n) > len(lab) || !hasPrefixRunes(lab, len(lab)-len(n), n) {
			continue
		}
		if !kindFits(in.ind.Kind, p.Kind) || !model.SameDimension(in.ind.Unit, p.Unit) && !(p.Kind == model.KindRank && in.ind.Kind == model.KindRank) {
			continue
		}
		p.Indicator, p.IndicatorZH, p.Category = in.ind.ID, in.ind.NameZH, in.ind.Category
		if p.Kind != model.KindTarget {
			p.Kind = in.ind.Kind
		}
		return
	}
	p.Category = model.CategoryOther
	for _, cw := range categoryWords {
		if containsAny(p.IndicatorZH, cw.words) {
			p.Category = cw.cat
			return
		}
	}
}

func kindFits(a, b model.Kind) bool {
	if a == b {
		return true
	}
	return a == model.KindLevel && b == model.KindCount || a == model.KindCount && b == model.KindLevel
}
