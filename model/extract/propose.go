package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
)

// Proposals: a figure's kind, label, fragment and subject.

// Review notes that mark what a figure is, rather than what is unknown.
const (
	ReviewExpected = "预计数,不是实绩" // an estimate (预计, 有望): import records it as expected
	ReviewTarget   = "目标数,不是实绩" // a goal (目标, 力争, 将): kind target
)

var growthWords = []string{"同比增长", "同比上升", "同比提高", "同比下降", "同比减少", "同比", "增长", "增速", "上升", "提高", "提升", "增幅", "下降", "减少", "降低", "回落", "增加"}

var targetWords = []string{"目标", "力争", "确保", "计划到", "将达到", "将完成", "将实现", "预期"}

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
	// 增加值 (value added) is a measure, not a growth: 占全市工业增加值的47%.
	preG := strings.ReplaceAll(pre, "增加值", "值")
	for _, w := range growthWords {
		if strings.HasSuffix(trimVerbs(preG), w) || strings.Contains(preG, w) && (f.unit == "%" || f.unit == "个百分点") {
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
	// 兰州新区规上工业同比增长18.1%,临夏州为15.7%: a place and 为 give the
	// previous rate for another place.
	if growth == "" && f.unit == "%" && ps.prevKind == model.KindGrowthPct && k > 0 && toks[k-1].kind == tokRegion &&
		toks[k-1].regEnd == f.start-1 && r[f.start-1] == '为' && f.qual == "" {
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
		p.Review = append(p.Review, ReviewExpected)
	case containsAny(pre, targetWords) || strings.Contains(pre, "将") && !strings.Contains(pre, "将近"):
		if p.Kind != model.KindRank {
			p.Kind = model.KindTarget
		}
		p.Review = append(p.Review, ReviewTarget)
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
		p.RegionParent = x.parkIn[p.RegionNew]
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
			t, ok := strings.CutSuffix(s, v)
			if !ok || t == "" {
				continue
			}
			// 签约10项: 约 ends the word 签约 here, as in number.go.
			if ex := notQualifier[v]; ex != "" {
				if last, _ := utf8.DecodeLastRuneInString(t); strings.ContainsRune(ex, last) {
					continue
				}
			}
			s, changed = t, true
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
	if _, _, place := model.GansuPlaceAt(before); !place { // 和政县储备项目: a county, not 和
		for _, c := range []string{"和", "及", "与", "以及"} {
			before = strings.TrimPrefix(before, c)
		}
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
