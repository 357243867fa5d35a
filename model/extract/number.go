package extract

import (
	"math"
	"strconv"
	"strings"

	"github.com/gansudash/gansudash/model"
)

// figure is a number found in the text, with its qualifier and unit.
type figure struct {
	start, end       int // runes of the published figure: qualifier, number, unit
	numStart, numEnd int // runes of the number itself
	value            float64
	unit             string
	qual             model.Qualifier
	rank             bool
	chinese          bool // written in Chinese numerals (七成, 五个百分点)
	bare             bool // a bare magnitude after a qualifier: 近千公里, 超百个
}

// unitLexicon lists the units a figure can carry, longest first where one
// is a prefix of another. Measure words are counted things.
var unitLexicon = sortedByLength([]string{
	"万亿元", "亿元", "万元", "千元", "元", "亿美元", "万美元", "美元",
	"亿千瓦时", "万千瓦时", "千瓦时", "度", "kWh", "MWh", "GWh", "兆瓦时",
	"万千瓦", "千瓦", "kW", "MW", "GW", "兆瓦", "吉瓦",
	"万亩", "亩", "万公顷", "公顷", "平方公里", "万平方米", "平方米", "平方千米",
	"亿吨", "万吨", "吨", "千克", "公斤", "万斤", "亿斤", "斤",
	"亿人次", "万人次", "人次", "万人", "人", "名",
	"亿株", "万株", "株", "万棵", "棵",
	"万头", "头", "万只", "只", "万羽", "羽", "万辆", "辆",
	"个百分点", "百分点", "个季度", "个月", "个", "项", "家次", "家", "户", "件", "条", "座", "台", "套",
	"宗", "处", "所", "批次", "批", "场", "次", "款", "种", "支", "张", "份", "篇", "栋", "间", "列", "趟", "架",
	"%", "‰", "倍", "天",
	"PFlops", "EFlops", "P",
	"万公里", "公里", "千米", "米", "亿立方米", "万立方米", "立方米", "万方",
	"标箱", "TEU",
})

func sortedByLength(us []string) []string {
	out := append([]string(nil), us...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len([]rune(out[j])) > len([]rune(out[j-1])); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// unitsByFirst indexes unitLexicon by first rune.
var unitsByFirst = func() map[rune][][]rune {
	m := map[rune][][]rune{}
	for _, u := range unitLexicon {
		rs := []rune(u)
		m[rs[0]] = append(m[rs[0]], rs)
	}
	return m
}()

func hasPrefixRunes(r []rune, i int, p []rune) bool {
	if i+len(p) > len(r) {
		return false
	}
	for k, c := range p {
		if r[i+k] != c {
			return false
		}
	}
	return true
}

func hasPrefixAt(r []rune, i int, s string) bool {
	k := i
	for _, c := range s {
		if k >= len(r) || r[k] != c {
			return false
		}
		k++
	}
	return true
}

// endsWithAt reports whether r[:i] ends with s.
func endsWithAt(r []rune, i int, s string) bool {
	n := len([]rune(s))
	return i-n >= 0 && hasPrefixAt(r, i-n, s)
}

// unitAt returns the unit starting at r[i], or "".
func unitAt(r []rune, i, end int) (string, int) {
	if i >= end {
		return "", 0
	}
	for _, u := range unitsByFirst[r[i]] {
		if i+len(u) <= end && hasPrefixRunes(r, i, u) {
			// A Latin unit must not run on into a longer word (6G, Mbps).
			last := u[len(u)-1]
			if last < 128 && i+len(u) < end && isASCIIAlnum(r[i+len(u)]) && r[i+len(u)] != '.' {
				continue
			}
			return string(u), len(u)
		}
	}
	return "", 0
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isHan(r rune) bool { return r >= 0x3400 && r <= 0x9FFF }

var cnDigit = map[rune]int{'零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9, '十': 10}

// prefixQualifiers are written before the number, longest first.
var prefixQualifiers = []struct {
	text string
	q    model.Qualifier
}{
	{"超过", model.QualOver}, {"突破", model.QualBreak}, {"将近", model.QualNearly}, {"接近", model.QualNearly},
	{"超", model.QualOver}, {"逾", model.QualOver}, {"近", model.QualNearly}, {"约", model.QualAbout},
}

// scanArabic reads a figure written in digits whose number starts at r[i].
// ok is false for numbers that are not figures: dates and times, codes
// (3+2, 1+20+3), products (2×100), ±800, numbers without a unit.
func scanArabic(r []rune, i, end int) (figure, bool) {
	f := figure{numStart: i, start: i}
	if i > 0 && (isASCIIAlnum(r[i-1]) || r[i-1] == '+' || r[i-1] == '×' || r[i-1] == '*' || r[i-1] == '±' ||
		(r[i-1] == '-' || r[i-1] == '/') && i > 1 && isDigit(r[i-2]) || r[i-1] == ':' || r[i-1] == '#' || r[i-1] == '№') {
		return f, false
	}
	j := i
	for j < end && isDigit(r[j]) {
		j++
	}
	for j+3 < end && r[j] == ',' && isDigit(r[j+1]) && isDigit(r[j+2]) && isDigit(r[j+3]) && (j+4 >= end || !isDigit(r[j+4])) {
		j += 4
	}
	if j+1 < end && r[j] == '.' && isDigit(r[j+1]) {
		j++
		for j < end && isDigit(r[j]) {
			j++
		}
	}
	f.numEnd = j
	if j-i > 15 {
		return f, false
	}
	if j < end {
		switch c := r[j]; {
		case c == '+' || c == '×' || c == '*' || c == ':' || c == '/' || c == '.' || c == '_':
			return f, false
		case (c == '-' || c == '—' || c == '~') && j+1 < end && isDigit(r[j+1]):
			return f, false
		case isASCIIAlnum(c) && c != 'k' && c != 'M' && c != 'G' && c != 'P' && c != 'E' && c != 'T':
			return f, false
		}
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(string(r[i:j]), ",", ""), 64)
	if err != nil || math.IsInf(v, 0) {
		return f, false
	}
	f.value = v
	if endsWithAt(r, i, "连续") || endsWithAt(r, i, "持续") {
		// 连续20余年: a streak counted in years.
		k := j
		if k < end && (r[k] == '多' || r[k] == '余') {
			k++
		}
		if k < end && r[k] == '年' {
			if k > j {
				f.qual = qualOf(r[j])
			}
			f.unit, f.end = "年", k+1
			return f, true
		}
	}
	if !f.tail(r, j, end) {
		return f, false
	}
	f.head(r)
	return f, true
}

func qualOf(c rune) model.Qualifier {
	if c == '多' {
		return model.QualMore
	}
	return model.QualOdd
}

// tail reads what follows the number: 万 or 亿, 多 or 余, the unit, 以上 or
// 左右. It rejects dates (年 月 日), ordinal names (届 期 号) and thresholds
// (10亿元以上项目, 百亿级).
func (f *figure) tail(r []rune, j, end int) bool {
	mult := ""
	if j < end && (r[j] == '万' || r[j] == '亿') {
		if u, _ := unitAt(r, j, end); u == "" {
			mult = string(r[j])
			j++
		}
	}
	if j < end && (r[j] == '多' || r[j] == '余') {
		if r[j] == '多' {
			f.qual = model.QualMore
		} else {
			f.qual = model.QualOdd
		}
		j++
	}
	u, n := unitAt(r, j, end)
	if u == "" {
		if mult == "" {
			return false
		}
		u = mult
	} else {
		u = mult + u
		j += n
	}
	f.unit = u
	// Dates, durations and the like are not figures.
	if j < end {
		switch r[j] {
		case '级', '强', '届', '号', '型', '栋':
			return false
		}
		if u == "个" && (r[j] == '月' || r[j] == '季') {
			return false
		}
	}
	f.end = j
	for _, s := range []string{"以上", "左右"} {
		if hasPrefixAt(r, j, s) {
			k := j + 2
			if k < end && isHan(r[k]) && r[k] != '的' && !isVerbStart(r, k) {
				return false // 10亿元以上项目: a threshold, not a figure
			}
			if f.qual == model.QualNone {
				if s == "以上" {
					f.qual = model.QualAtLeast
				} else {
					f.qual = model.QualAbout
				}
			}
			f.end = k
		}
	}
	if hasPrefixAt(r, j, "以下") || hasPrefixAt(r, j, "以内") {
		return false
	}
	return true
}

// verbStarts are words that begin a predicate after a figure (35%以上,
// 同比增长...), used to tell 以上 closing a figure from 以上项目.
var verbStarts = []string{"同比", "增长", "的", "和", "及", "、", "是", "为", "在", "已", "均", "占"}

func isVerbStart(r []rune, k int) bool {
	for _, v := range verbStarts {
		if hasPrefixAt(r, k, v) {
			return true
		}
	}
	return false
}

// notQualifier lists characters that make a one-character qualifier part
// of a word: 签约35个 is not 约35, 附近 not 近, 赶超 not 超.
var notQualifier = map[string]string{
	"约": "签节制公特合契预邀违履条誓缔隐婉大",
	"近": "附最临靠邻亲就将接贴",
	"超": "高赶",
}

// head reads a qualifier written before the number (超10, 近130, 突破100).
func (f *figure) head(r []rune) {
	for _, p := range prefixQualifiers {
		if endsWithAt(r, f.numStart, p.text) {
			at := f.numStart - len([]rune(p.text))
			if ex := notQualifier[p.text]; ex != "" && at > 0 && strings.ContainsRune(ex, r[at-1]) {
				continue
			}
			if f.qual == model.QualNone || f.qual == model.QualMore || f.qual == model.QualOdd {
				f.qual = p.q
			}
			f.start = f.numStart - len([]rune(p.text))
			return
		}
	}
}

// scanChinese reads a figure written in Chinese numerals at r[i]: 七成,
// 五个百分点, 两倍, 百分之三十. Other Chinese numerals are words (一批,
// 四强, 十四五) and are skipped.
func scanChinese(r []rune, i, end int) (figure, bool) {
	f := figure{numStart: i, start: i, chinese: true}
	if i > 0 && (cnDigit[r[i-1]] > 0 || r[i-1] == '第' || r[i-1] == '百' || r[i-1] == '千' || r[i-1] == '万') {
		return f, false
	}
	if r[i] == '百' || r[i] == '千' || r[i] == '万' {
		return scanBare(r, i, end)
	}
	if endsWithAt(r, i, "连续") && cnDigit[r[i]] > 0 {
		// 连续两个季度: a streak.
		n := cnDigit[r[i]]
		for _, u := range []string{"个季度", "个月", "年", "天"} {
			if hasPrefixAt(r, i+1, u) {
				f.value, f.unit, f.numEnd, f.end = float64(n), u, i+1, i+1+len([]rune(u))
				return f, true
			}
		}
	}
	pct := false
	j := i
	if hasPrefixAt(r, i, "百分之") {
		pct = true
		j = i + 3
	}
	k := j
	for k < end && k-j < 3 {
		if _, ok := cnDigit[r[k]]; !ok {
			break
		}
		k++
	}
	if k == j {
		return f, false
	}
	n := model.ChineseNumeral(string(r[j:k]))
	if n <= 0 {
		return f, false
	}
	f.numEnd = k
	switch {
	case pct:
		f.value, f.unit, f.end = float64(n), "%", k
	case hasPrefixAt(r, k, "个百分点"):
		f.value, f.unit, f.end = float64(n), "个百分点", k+4
	case k < end && r[k] == '倍' && !(k+1 < end && r[k+1] == '数'):
		f.value, f.unit, f.end = float64(n), "倍", k+1
	case k < end && r[k] == '成' && n < 10 && k-j == 1:
		if k+1 < end && strings.ContainsRune("为功果立本效绩交熟员长都型品不了就", r[k+1]) {
			return f, false
		}
		// 七成 is a share: 70 percent.
		f.value, f.unit, f.end = float64(n*10), "%", k+1
	default:
		return f, false
	}
	if hasPrefixAt(r, f.end, "以上") {
		f.qual = model.QualAtLeast
		f.end += 2
	}
	f.head(r)
	return f, true
}

// scanBare reads a bare magnitude that a qualifier marks as a figure:
// 近千公里, 超百个, 近万人. Without a qualifier (百亿级, 千亿元产业) it is a
// size class, not a figure.
func scanBare(r []rune, i, end int) (figure, bool) {
	f := figure{numStart: i, start: i, numEnd: i + 1, chinese: true, bare: true}
	f.head(r)
	if f.qual == model.QualNone || f.qual == model.QualBreak {
		return f, false
	}
	if r[i] == '万' {
		if u, n := unitAt(r, i, end); u != "" && strings.HasPrefix(u, "万") {
			f.value, f.unit, f.end = 1, u, i+n
			return f, true
		}
		return f, false
	}
	u, n := unitAt(r, i+1, end)
	if u == "" {
		return f, false
	}
	f.value, f.unit, f.end = 100, u, i+1+n
	if r[i] == '千' {
		f.value = 1000
	}
	return f, true
}

// rankWords before 第一 make it a ranking (全省第一, 位列第一).
var rankWords = []string{"排名", "位列", "位居", "居", "列", "全省", "全市", "全国", "全区", "全县", "排", "全球", "世界", "全世界"}

// scanRank reads a rank at r[i] == '第': 第二位, 第一名, or 第一 after a
// ranking word (年度排名全省第一). Ordinals inside names (第三十届, 第37次,
// 第一动力) are not ranks.
func scanRank(r []rune, i, end, clauseStart int) (figure, bool) {
	f := figure{start: i, numStart: i + 1, rank: true, unit: "位"}
	j := i + 1
	n := 0
	if j < end && isDigit(r[j]) {
		for j < end && isDigit(r[j]) && j-i < 4 {
			n = n*10 + int(r[j]-'0')
			j++
		}
	} else {
		k := j
		for k < end && k-j < 3 {
			if _, ok := cnDigit[r[k]]; !ok {
				break
			}
			k++
		}
		n = model.ChineseNumeral(string(r[j:k]))
		j = k
	}
	if n <= 0 || n > 999 {
		return f, false
	}
	f.numEnd, f.value = j, float64(n)
	if j < end && (r[j] == '位' || r[j] == '名') {
		f.end = j + 1
		return f, true
	}
	if j < end && !isBoundary(r[j]) {
		return f, false
	}
	for k := i - 1; k >= clauseStart && k >= i-12; k-- {
		for _, w := range rankWords {
			if hasPrefixAt(r, k, w) {
				f.end = j
				return f, true
			}
		}
	}
	return f, false
}

// scanFirstPlace reads 首位 after a ranking verb (居全省首位) as rank 1.
func scanFirstPlace(r []rune, i, end, clauseStart int) (figure, bool) {
	if !hasPrefixAt(r, i, "首位") {
		return figure{}, false
	}
	for k := i - 1; k >= clauseStart && k >= i-8; k-- {
		if r[k] == '居' || r[k] == '列' {
			return figure{start: i, numStart: i, numEnd: i + 2, end: i + 2, value: 1, unit: "位", rank: true}, true
		}
	}
	return figure{}, false
}

func isBoundary(c rune) bool {
	return strings.ContainsRune(",，、。;；:!?\n)”\"’」》", c)
}
