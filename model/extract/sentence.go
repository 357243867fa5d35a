package extract

import (
	"strings"

	"github.com/gansudash/gansudash/model"
)

// Sentences: the tokens of a sentence (times, regions, figures), which of
// them frame the paragraph, and the period each figure takes.

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
			if name, n := x.parkAt(r, i, e); n > 0 {
				toks = append(toks, token{pos: i, kind: tokRegion, newReg: name, regEnd: i + n})
				i += n
				continue
			}
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
	coordinated := false // 上半年和三季度均获…: two periods, an event's
	for k := range toks {
		t := &toks[k]
		if t.kind == tokTime && !t.time.compare && x.opening(s, t.pos, t.time.end) {
			open = t.time
			coordinated = k+1 < len(toks) && toks[k+1].kind == tokTime && isCoordination(string(r[t.time.end:toks[k+1].pos])) ||
				k > 0 && toks[k-1].kind == tokTime && isCoordination(string(r[toks[k-1].time.end:t.pos]))
		}
		if t.kind == tokFigure {
			break
		}
	}
	if open != nil {
		o := *open
		// 上半年和三季度: coordinated periods.
		p := x.resolve(o)
		// 至目前,全市林地面积达…: a stock opening a later sentence frames
		// that sentence (up to 。, across ;), not the rest of the paragraph.
		if o.kind == tAsOf && ps.sentences > 0 && !ps.asOfOnly {
			ps.asOfOnly, ps.before = true, ps.period
		}
		ps.period = &p
		switch {
		case o.kind == tAsOf || o.kind == tUnknown:
			// A stock as of a date frames no year for what follows.
		case p.year != 0:
			// Part of a year (前三季度, 1—9月, 上半年) opening a sentence
			// frames the later paragraphs that name no time of their own:
			// 分区域来看,… in a report of 前三季度. A span since a date
			// (今年以来) does not: what follows it is often about projects
			// and plans of the year (总投资13亿元), not totals since. Nor do
			// two coordinated periods (上半年和三季度均获…进步奖): they
			// leave what framed the text before, unless they open a
			// paragraph or move to another year.
			if !coordinated || ps.sentences == 0 || p.year != x.carryYear {
				x.carryPeriod = nil
			}
			x.carryYear = p.year
			if !coordinated && p.text != "" && (p.kind == tHalf || p.kind == tQuarter || p.kind == tRange) {
				x.carryPeriod = &p
			}
		case p.text == "" && o.relYear:
			x.carryYear, x.carryPeriod = 0, nil
		}
	}
	// A region opening the sentence sets the paragraph's region.
	before, beforeNew := ps.region, ps.regionNew
	for k := range toks {
		t := toks[k]
		if t.kind == tokRegion && x.openingRegion(s, t.pos, t.regEnd, e) {
			// 甘肃省武威市持续实施…: the narrower of two places named one
			// after the other is the subject.
			for k+1 < len(toks) && toks[k+1].kind == tokRegion && toks[k+1].pos == t.regEnd && x.within(toks[k+1].region, t.region) {
				k++
				t = toks[k]
			}
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
	toks = dropQuotedNames(r, s, e, toks)
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
		if t.kind == tYear && !t.relYear && !t.ctxYear && ps.period != nil && ps.period.year == p.year && ps.period.kind != tYear && !x.opening(s, t.start, t.end) {
			p = *ps.period
		}
	case ps.period != nil:
		p = *ps.period
	case x.carryPeriod != nil && x.carryPeriod.year == x.carryYear:
		p = *x.carryPeriod
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

// dropQuotedNames drops the figures inside a short quotation (“省47条”,
// “28条”, “三个500强”, 「2+4」): a number in a quoted name of a few
// characters names a policy or a programme, it does not measure anything.
func dropQuotedNames(r []rune, s, e int, toks []token) []token {
	out := toks[:0]
	for _, t := range toks {
		if t.kind == tokFigure && quotedName(r, s, e, t.fig.start, t.fig.end) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// quotedName reports whether r[a:b] lies inside a quotation of at most 8
// characters.
func quotedName(r []rune, s, e, a, b int) bool {
	open := -1
	for i := a - 1; i >= s && i >= a-8; i-- {
		if strings.ContainsRune("“「\"", r[i]) {
			open = i
			break
		}
		if strings.ContainsRune("”」,。;:", r[i]) {
			return false
		}
	}
	if open < 0 {
		return false
	}
	for i := b; i < e && i <= open+9; i++ {
		if strings.ContainsRune("”」\"", r[i]) {
			return true
		}
		if strings.ContainsRune("“「,。;:", r[i]) {
			return false
		}
	}
	return false
}
