package extract

import (
	"fmt"
	"strings"
)

// timeKind says what a time expression denotes.
type timeKind uint8

const (
	tYear    timeKind = iota + 1 // 2024年, 今年, 全年
	tMonth                       // 3月, 2024年10月
	tRange                       // 1—5月, 1月至5月, 前三季度
	tHalf                        // 上半年
	tQuarter                     // 一季度
	tSince                       // 2024年以来, 今年以来, 十四五以来
	tAsOf                        // 截至目前, 目前, 截至2025年2月
	tUnknown                     // 经过几十年, 多年来: cumulative from an unknown start
	tSpan                        // 十四五时期, 过去五年: whole years fromYear..year
)

// timeExpr is a time expression found in the text.
type timeExpr struct {
	start, end int
	kind       timeKind
	year       int  // explicit year, 0 when none
	rel        int  // 今年 0, 去年 -1, 前年 -2 (with relYear)
	relYear    bool // the year is relative to the article's date
	ctxYear    bool // 全年, 一年来, 这一年: the year in context
	from, to   int  // months
	now        bool // 目前, 截至目前: the article's date
	compare    bool // 较2022年, 比上年: a comparison base, not the period
	target     bool // 到2027年: a target date
	dayDate    bool // 3月5日: an event's day, or a dateline
	fromYear   int  // first year of a tSpan
	pastYears  int  // 过去五年: the N years before the article's year
	recent     bool // 日前, 近日: the article's month
	inLabel    bool // 上半年计划: part of what is measured, not its period
}

type yearWord struct {
	text    string
	rel     int
	relYear bool
	ctxYear bool
}

var yearWords = []yearWord{
	{"今年", 0, true, false}, {"本年", 0, true, false}, {"去年", -1, true, false},
	{"上一年", -1, true, false}, {"前年", -2, true, false}, {"明年", 1, true, false},
	{"一年来", 0, false, true}, {"这一年", 0, false, true}, {"全年", 0, false, true},
	{"当年", 0, false, true}, {"年内", 0, false, true}, {"年度", 0, false, true},
}

var unknownStartWords = []string{"经过几十年", "几十年来", "数十年来", "多年来", "经过多年", "历年来", "长期以来", "近年来"}

var nowWords = []string{"截至目前", "截止目前", "截至当前", "截止到目前", "到目前为止", "目前", "现已", "至今"}

// scanTime reads a time expression at r[i], or returns ok false.
func scanTime(r []rune, i, end int) (timeExpr, bool) {
	t := timeExpr{start: i}
	j := i
	asOf := false
	for _, w := range []string{"截至", "截止到", "截止", "到", "至"} {
		if hasPrefixAt(r, j, w) {
			k := j + len([]rune(w))
			if k < end && (isDigit(r[k]) || hasPrefixAt(r, k, "今年") || hasPrefixAt(r, k, "去年")) {
				asOf = w == "截至" || w == "截止" || w == "截止到"
				t.target = !asOf
				j = k
			}
			break
		}
	}
	for _, w := range unknownStartWords {
		if hasPrefixAt(r, j, w) {
			t.kind, t.end = tUnknown, j+len([]rune(w))
			return t, true
		}
	}
	for _, w := range nowWords {
		if hasPrefixAt(r, j, w) {
			t.kind, t.now, t.end = tAsOf, true, j+len([]rune(w))
			return t, true
		}
	}
	hasYear := false
	if y, k := digitsAt(r, j, 4, 4); k > j && k < end && r[k] == '年' && y >= 1900 && y <= 2199 {
		t.year, hasYear, j = y, true, k+1
	} else if plan, k := fiveYearPlan(r, j, end); plan > 0 {
		// 十四五 is 2021–2025: 十四五以来 runs from 2021, 十四五期间 is the span.
		start := 2006 + 5*(plan-11)
		switch {
		case hasPrefixAt(r, k, "以来"):
			t.kind, t.year, t.from, t.end = tSince, start, 1, k+2
			return t, true
		case hasPrefixAt(r, k, "期间") || hasPrefixAt(r, k, "时期"):
			t.kind, t.fromYear, t.year, t.end = tSpan, start, start+4, k+2
			return t, true
		}
		return t, false
	} else if n, k := pastYearsAt(r, j, end); n > 0 {
		t.kind, t.pastYears, t.end = tSpan, n, k
		return t, true
	} else if n, k := yearsSoFarAt(r, j, end); n > 0 {
		t.kind, t.pastYears, t.from, t.end = tSince, n, 1, k
		return t, true
	} else if hasPrefixAt(r, j, "日前") || hasPrefixAt(r, j, "近日") {
		t.kind, t.recent, t.end = tMonth, true, j+2
		return t, true
	} else if !hasPrefixAt(r, j, "上半年") && !hasPrefixAt(r, j, "下半年") {
		for _, w := range yearWords {
			if hasPrefixAt(r, j, w.text) {
				t.rel, t.relYear, t.ctxYear = w.rel, w.relYear, w.ctxYear
				hasYear, j = true, j+len([]rune(w.text))
				break
			}
		}
	}
	// What follows the year, or stands alone.
	switch {
	case hasPrefixAt(r, j, "上半年"):
		t.kind, t.from, t.to, j = tHalf, 1, 6, j+3
	case hasPrefixAt(r, j, "下半年"):
		t.kind, t.from, t.to, j = tHalf, 7, 12, j+3
	case hasPrefixAt(r, j, "前三季度"):
		t.kind, t.from, t.to, j = tRange, 1, 9, j+4
	case hasPrefixAt(r, j, "年底") || hasPrefixAt(r, j, "年末") || hasYear && (hasPrefixAt(r, j, "底") || hasPrefixAt(r, j, "末")):
		if !hasYear {
			t.ctxYear, hasYear = true, true
		}
		t.kind, t.from, t.to = tAsOf, 12, 12
		if r[j] == '年' {
			j++
		}
		j++
		asOf = true
	default:
		if q, k := quarterAt(r, j); k > j {
			t.kind, t.from, t.to, j = tQuarter, 3*q-2, 3*q, k
			break
		}
		if m, k := monthAt(r, j, end); k > j {
			j = k
			t.kind, t.from, t.to = tMonth, m, m
			// 1—5月, 1月至5月, 1-5月
			if m2, k2 := monthRangeTail(r, j, end, m); k2 > j {
				t.kind, t.to, j = tRange, m2, k2
			} else if d, k2 := digitsAt(r, j, 1, 2); k2 > j && k2 < end && (r[k2] == '日' || r[k2] == '号') && d >= 1 && d <= 31 {
				t.dayDate, j = true, k2+1
			}
			for _, w := range []string{"份", "上旬", "中旬", "下旬", "初", "底", "末"} {
				if hasPrefixAt(r, j, w) {
					j += len([]rune(w))
					break
				}
			}
		} else if m, k := rangeBeforeMonth(r, j, end); k > j {
			t.kind, t.from, t.to, j = tRange, m[0], m[1], k
		} else if hasYear {
			t.kind = tYear
		} else {
			return t, false
		}
	}
	if asOf {
		if t.kind == tMonth || t.kind == tRange {
			t.from = t.to
		}
		if t.kind == tYear {
			t.from, t.to = 12, 12
		}
		t.kind = tAsOf
	}
	if hasPrefixAt(r, j, "以来") {
		t.kind, j = tSince, j+2
		if t.from == 0 {
			t.from = 1
		}
	}
	t.end = j
	if t.kind == tYear && !hasYear {
		return t, false
	}
	return t, true
}

// fiveYearPlan reads 十四五 (or “十四五”) at r[j]: the plan's number (11
// to 15) and where it ends.
func fiveYearPlan(r []rune, j, end int) (int, int) {
	k := j
	quoted := k < end && (r[k] == '“' || r[k] == '"')
	if quoted {
		k++
	}
	if k+2 >= end || r[k] != '十' || r[k+2] != '五' {
		return 0, j
	}
	n := cnDigit[r[k+1]]
	if n < 1 || n > 5 {
		return 0, j
	}
	k += 3
	if quoted {
		if k >= end || r[k] != '”' && r[k] != '"' {
			return 0, j
		}
		k++
	}
	return 10 + n, k
}

// pastYearsAt reads 过去五年, 过去5年, 近五年: the N whole years before the
// article's year.
func pastYearsAt(r []rune, j, end int) (int, int) {
	for _, w := range []string{"过去", "近"} {
		if !hasPrefixAt(r, j, w) {
			continue
		}
		k := j + len([]rune(w))
		n := 0
		if d, k2 := digitsAt(r, k, 1, 2); k2 > k {
			n, k = d, k2
		} else if k < end && cnDigit[r[k]] > 0 {
			n, k = cnDigit[r[k]], k+1
		}
		if n >= 2 && k < end && r[k] == '年' && !(k+1 < end && r[k+1] == '来') {
			return n, k + 1
		}
	}
	return 0, j
}

// yearsSoFarAt reads 五年来, 5年来, 五年间, 五年累计: the N years up to the
// article's date, counting its own year.
func yearsSoFarAt(r []rune, j, end int) (int, int) {
	if j > 0 && (isDigit(r[j-1]) || cnDigit[r[j-1]] > 0 || r[j-1] == '近' || r[j-1] == '过' || r[j-1] == '连' || r[j-1] == '续') {
		return 0, j
	}
	n, k := 0, j
	if d, k2 := digitsAt(r, j, 1, 2); k2 > j {
		n, k = d, k2
	} else if k < end && cnDigit[r[k]] >= 2 {
		n, k = cnDigit[r[k]], k+1
	}
	if n < 2 || n > 30 || k >= end || r[k] != '年' {
		return 0, j
	}
	for _, w := range []string{"来", "间", "累计"} {
		if hasPrefixAt(r, k+1, w) {
			if w == "累计" {
				return n, k + 1
			}
			return n, k + 1 + len([]rune(w))
		}
	}
	return 0, j
}

// quarterAt reads 一季度, 第一季度, 1季度, Q1.
func quarterAt(r []rune, j int) (int, int) {
	k := j
	if k < len(r) && r[k] == '第' {
		k++
	}
	if k >= len(r) {
		return 0, j
	}
	q := 0
	if v, ok := cnDigit[r[k]]; ok && v >= 1 && v <= 4 {
		q = v
	} else if r[k] >= '1' && r[k] <= '4' {
		q = int(r[k] - '0')
	}
	if q == 0 || !hasPrefixAt(r, k+1, "季度") {
		return 0, j
	}
	return q, k + 3
}

// monthAt reads 3月 (1 to 12, digits or Chinese numerals).
func monthAt(r []rune, j, end int) (int, int) {
	if m, k := digitsAt(r, j, 1, 2); k > j && k < end && r[k] == '月' && m >= 1 && m <= 12 {
		return m, k + 1
	}
	k := j
	for k < end && k-j < 2 {
		if _, ok := cnDigit[r[k]]; !ok {
			break
		}
		k++
	}
	if k > j && k < end && r[k] == '月' {
		if m := chineseMonth(string(r[j:k])); m > 0 {
			return m, k + 1
		}
	}
	return 0, j
}

func chineseMonth(s string) int {
	rs := []rune(s)
	n := 0
	switch {
	case len(rs) == 1 && rs[0] == '十':
		n = 10
	case len(rs) == 1:
		n = cnDigit[rs[0]]
	case len(rs) == 2 && rs[0] == '十':
		n = 10 + cnDigit[rs[1]]
	}
	if n >= 1 && n <= 12 {
		return n
	}
	return 0
}

// monthRangeTail reads the "至5月" of 1月至5月.
func monthRangeTail(r []rune, j, end, from int) (int, int) {
	for _, sep := range []string{"至", "到", "—", "-", "~", "–", "－"} {
		if hasPrefixAt(r, j, sep) {
			k := j + len([]rune(sep))
			if m, k2 := monthAt(r, k, end); k2 > k && m >= from {
				return m, k2
			}
		}
	}
	return 0, j
}

// rangeBeforeMonth reads 1—5月, 1-5月, 1至5月.
func rangeBeforeMonth(r []rune, j, end int) ([2]int, int) {
	a, k := digitsAt(r, j, 1, 2)
	if k == j {
		return [2]int{}, j
	}
	for _, sep := range []string{"—", "-", "~", "–", "至", "到", "－"} {
		if hasPrefixAt(r, k, sep) {
			k2 := k + len([]rune(sep))
			if b, k3 := digitsAt(r, k2, 1, 2); k3 > k2 && k3 < end && r[k3] == '月' && a >= 1 && b <= 12 && a <= b {
				return [2]int{a, b}, k3 + 1
			}
		}
	}
	return [2]int{}, j
}

// period is a resolved period: its canonical text, or "" when unknown, and
// the year it falls in (or ends in), for carrying context.
type period struct {
	text   string
	year   int
	kind   timeKind
	why    string // review note when text is ""
	target bool
}

// resolve turns a time expression into a period given the year in context
// and the article's date.
func (t timeExpr) resolve(ctxYear int, date Date) period {
	y := t.year
	if t.recent {
		if date.IsZero() || date.Month == 0 {
			return period{why: "文章日期不明,无法确定“日前/近日”所指月份"}
		}
		return period{text: fmt.Sprintf("%04d-%02d", date.Year, date.Month), year: date.Year, kind: tMonth}
	}
	if t.kind == tSpan {
		from, to := t.fromYear, t.year
		if t.pastYears > 0 {
			if date.IsZero() {
				return period{why: "文章日期不明,无法确定“过去N年”所指年份"}
			}
			from, to = date.Year-t.pastYears, date.Year-1
		}
		return period{text: fmt.Sprintf("%04d-01/%04d-12", from, to), year: to, kind: tSpan}
	}
	// A half, quarter or months named without a year fall in the year in
	// context, else in the article's year.
	if y == 0 && !t.relYear && !t.ctxYear && !t.now && ctxYear == 0 && !date.IsZero() && t.kind != tUnknown && t.kind != tYear {
		ctxYear = date.Year
	}
	switch {
	case t.relYear:
		if date.IsZero() {
			return period{why: "文章日期不明,无法确定“今年/去年”所指年份"}
		}
		y = date.Year + t.rel
	case t.ctxYear || y == 0 && !t.now && t.kind != tUnknown:
		y = ctxYear
	}
	switch t.kind {
	case tUnknown:
		return period{kind: tUnknown, why: "累计数,起始时间不明", year: ctxYear}
	case tAsOf:
		if t.now {
			if date.IsZero() || date.Month == 0 {
				return period{why: "文章日期不明,无法确定“目前”所指时间"}
			}
			return period{text: fmt.Sprintf("@%04d-%02d", date.Year, date.Month), year: date.Year, kind: tAsOf}
		}
		if y == 0 {
			return period{why: "年份不明"}
		}
		return period{text: fmt.Sprintf("@%04d-%02d", y, t.to), year: y, kind: tAsOf}
	case tSince:
		if t.pastYears > 0 {
			if date.IsZero() || date.Month == 0 {
				return period{why: "文章日期不明,无法确定“N年来”所指时间"}
			}
			y = date.Year - t.pastYears + 1
		}
		if y == 0 {
			return period{why: "起始年份不明"}
		}
		if date.IsZero() || date.Month == 0 {
			return period{why: "文章日期不明,无法确定“以来”的截止时间", year: y}
		}
		if date.Year < y {
			return period{why: "“以来”的起点晚于文章日期"}
		}
		if date.Year == y && date.Month == 1 && t.from == 1 {
			return period{text: fmt.Sprintf("%04d-01", y), year: y, kind: tSince}
		}
		return period{text: fmt.Sprintf("%04d-%02d/%04d-%02d", y, t.from, date.Year, date.Month), year: date.Year, kind: tSince}
	}
	if y == 0 {
		return period{why: "年份不明"}
	}
	p := period{year: y, kind: t.kind, target: t.target}
	switch t.kind {
	case tYear:
		p.text = fmt.Sprint(y)
	case tMonth:
		p.text = fmt.Sprintf("%04d-%02d", y, t.from)
	case tHalf:
		p.text = fmt.Sprintf("%04dH%d", y, t.to/6)
	case tQuarter:
		p.text = fmt.Sprintf("%04dQ%d", y, t.to/3)
	case tRange:
		p.text = fmt.Sprintf("%04d-%02d/%04d-%02d", y, t.from, y, t.to)
	}
	return p
}

// union joins two coordinated periods of one year (上半年和三季度) into the
// months they span.
func union(a, b timeExpr) timeExpr {
	u := a
	if b.from < u.from {
		u.from = b.from
	}
	if b.to > u.to {
		u.to = b.to
	}
	if u.from != a.from || u.to != a.to {
		u.kind = tRange
	}
	u.end = b.end
	return u
}

func isCoordination(s string) bool {
	s = strings.TrimSpace(s)
	return s == "和" || s == "及" || s == "、" || s == "与" || s == "以及"
}
