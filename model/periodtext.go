package model

import (
	"fmt"
	"strconv"
	"strings"
)

// String returns the canonical notation: 2024, 2025H1, 2025Q1, 2024-03,
// 2025-01/2025-05, 2013-01/2022-12 (a total across years), 2021-01/.. (a
// total since, its end not stated), @2025-02 or @2025-02-04 (a stock as of
// a date). ParsePeriod reads it back.
func (p Period) String() string {
	switch p.Kind {
	case PeriodYear:
		return strconv.Itoa(p.Year)
	case PeriodHalf:
		return fmt.Sprintf("%dH%d", p.Year, (p.To)/6)
	case PeriodQuarter:
		return fmt.Sprintf("%dQ%d", p.Year, p.To/3)
	case PeriodMonth:
		return fmt.Sprintf("%d-%02d", p.Year, p.From)
	case PeriodRange:
		return fmt.Sprintf("%d-%02d/%d-%02d", p.Year, p.From, p.Year, p.To)
	case PeriodSpan:
		return fmt.Sprintf("%d-%02d/%d-%02d", p.StartYear, p.From, p.Year, p.To)
	case PeriodSince:
		return fmt.Sprintf("%d-%02d/..", p.StartYear, p.From)
	case PeriodAsOf:
		if p.Day > 0 {
			return fmt.Sprintf("@%d-%02d-%02d", p.Year, p.To, p.Day)
		}
		return fmt.Sprintf("@%d-%02d", p.Year, p.To)
	}
	return "invalid period"
}

var quarterZH = [...]string{"", "一", "二", "三", "四"}

var monthEN = [...]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// Label prints p for a reader. Chinese: 2024年, 2025年上半年, 2025年一季度,
// 2024年3月, 2025年1—5月, 2013—2022年累计, 2013年以来累计, 截至2025年2月.
// English: 2024, H1 2025, Q1 2025, Mar 2024, Jan–May 2025, 2013–2022 total,
// since 2013, as of Feb 2025.
func (p Period) Label(lang Lang) string {
	if !p.Valid() {
		return "?"
	}
	if lang == English {
		return p.labelEN()
	}
	switch p.Kind {
	case PeriodYear:
		return fmt.Sprintf("%d年", p.Year)
	case PeriodHalf:
		if p.From == 1 {
			return fmt.Sprintf("%d年上半年", p.Year)
		}
		return fmt.Sprintf("%d年下半年", p.Year)
	case PeriodQuarter:
		return fmt.Sprintf("%d年%s季度", p.Year, quarterZH[p.To/3])
	case PeriodMonth:
		return fmt.Sprintf("%d年%d月", p.Year, p.From)
	case PeriodSpan:
		if p.From == 1 && p.To == 12 {
			return fmt.Sprintf("%d—%d年累计", p.StartYear, p.Year)
		}
		return fmt.Sprintf("%d年%d月—%d年%d月累计", p.StartYear, p.From, p.Year, p.To)
	case PeriodSince:
		if p.From == 1 {
			return fmt.Sprintf("%d年以来累计", p.StartYear)
		}
		return fmt.Sprintf("%d年%d月以来累计", p.StartYear, p.From)
	case PeriodAsOf:
		if p.Day > 0 {
			return fmt.Sprintf("截至%d年%d月%d日", p.Year, p.To, p.Day)
		}
		return fmt.Sprintf("截至%d年%d月", p.Year, p.To)
	default:
		return fmt.Sprintf("%d年%d—%d月", p.Year, p.From, p.To)
	}
}

func (p Period) labelEN() string {
	switch p.Kind {
	case PeriodYear:
		return strconv.Itoa(p.Year)
	case PeriodHalf:
		return fmt.Sprintf("H%d %d", p.To/6, p.Year)
	case PeriodQuarter:
		return fmt.Sprintf("Q%d %d", p.To/3, p.Year)
	case PeriodMonth:
		return fmt.Sprintf("%s %d", monthEN[p.From], p.Year)
	case PeriodSpan:
		if p.From == 1 && p.To == 12 {
			return fmt.Sprintf("%d–%d total", p.StartYear, p.Year)
		}
		return fmt.Sprintf("%s %d–%s %d total", monthEN[p.From], p.StartYear, monthEN[p.To], p.Year)
	case PeriodSince:
		if p.From == 1 {
			return fmt.Sprintf("since %d", p.StartYear)
		}
		return fmt.Sprintf("since %s %d", monthEN[p.From], p.StartYear)
	case PeriodAsOf:
		if p.Day > 0 {
			return fmt.Sprintf("as of %d %s %d", p.Day, monthEN[p.To], p.Year)
		}
		return fmt.Sprintf("as of %s %d", monthEN[p.To], p.Year)
	default:
		return fmt.Sprintf("%s–%s %d", monthEN[p.From], monthEN[p.To], p.Year)
	}
}

// PeriodForms lists every notation ParsePeriod reads, for an error that
// must say what to write instead.
const PeriodForms = "a year 2024 (2024年); a half 2025H1 (2025年上半年); a quarter 2025Q1 (2025年一季度); " +
	"a month 2024-03 (2024年3月); months of a year 2025-01/2025-05 (2025年1—5月, 2025年前三季度); " +
	"a total across years 2013-01/2022-12 (2013—2022年累计, 十三五期间); " +
	"a total since a date 2013-01/.. (2013年以来, 十四五以来, 党的十八大以来); " +
	"a stock as of a date @2025-02 or @2025-02-04 (截至2025年2月, 截至2025年2月4日, 2024年末)"

// PeriodFormsZH is PeriodForms in Chinese: the same notations, the Chinese
// ones first.
const PeriodFormsZH = "年：2024年（2024）；半年：2025年上半年（2025H1）；季度：2025年一季度（2025Q1）；" +
	"月：2024年3月（2024-03）；年内累计：2025年1—5月、2025年前三季度（2025-01/2025-05）；" +
	"跨年累计：2013—2022年累计、十三五期间（2013-01/2022-12）；" +
	"某时以来累计：2013年以来、十四五以来、党的十八大以来（2013-01/..）；" +
	"截至某时的时点数：截至2025年2月、截至2025年2月4日、2024年末（@2025-02 或 @2025-02-04）"

// Named periods officials use: the five-year plans and the Party congresses
// counted from.
var (
	planPeriods = map[string][2]int{"十二五": {2011, 2015}, "十三五": {2016, 2020}, "十四五": {2021, 2025}, "十五五": {2026, 2030}}
	congresses  = map[string][2]int{"十八大": {2012, 11}, "十九大": {2017, 10}, "二十大": {2022, 10}}
)

// ParsePeriod reads a period in the canonical notation (String's) or as
// Chinese officials write it: 2024年, 2025年上半年, 2025年一季度, 2025年第一季度,
// 2024年3月, 2025年1—5月 (1-5月, 1至5月, 1月至5月, 1~5月), 2013—2022年累计,
// 2013年至2022年, 2013年以来, 十四五以来, 十三五期间, 党的十八大以来, 截至2025年2月,
// 截止2025年2月底, 2024年末. Slashes and dots are accepted for months (2024/03,
// 2024.3); 2013-2022 and 2013/2022 are totals across years. An error lists
// every form.
func ParsePeriod(s string) (Period, error) {
	in := strings.TrimSpace(normalizeDigits(s))
	p, ok := parseCanonical(in)
	if !ok {
		p, ok = parseChinese(in)
	}
	if !ok {
		p, ok = parseEnglish(in)
	}
	if !ok {
		return Period{}, Errorf("“%s”不是期间：请写成 %s", "%q is not a period: write %s", s, Text{ZH: PeriodFormsZH, EN: PeriodForms})
	}
	if err := p.check(); err != nil {
		return Period{}, Errorf("“%s”不是有效的期间：%v", "%q is not a valid period: %v", s, err)
	}
	return p, nil
}

func parseCanonical(s string) (Period, bool) {
	if y, ok := atoiYear(s); ok {
		return Year(y), true
	}
	if len(s) == 6 && (s[4] == 'H' || s[4] == 'h' || s[4] == 'Q' || s[4] == 'q') {
		y, ok1 := atoiYear(s[:4])
		n, err := strconv.Atoi(s[5:])
		if !ok1 || err != nil {
			return Period{}, false
		}
		if s[4] == 'H' || s[4] == 'h' {
			if n < 1 || n > 2 {
				return Period{}, false
			}
			return Half(y, n), true
		}
		if n < 1 || n > 4 {
			return Period{}, false
		}
		return Quarter(y, n), true
	}
	if rest, ok := strings.CutPrefix(s, "@"); ok {
		return parseDate(rest)
	}
	if from, ok := strings.CutSuffix(s, "/.."); ok {
		a, ok := parseYearMonth(from)
		if !ok {
			return Period{}, false
		}
		return Since(a.Year, a.From), true
	}
	if from, to, ok := strings.Cut(s, "/"); ok && strings.Contains(to, "-") {
		a, ok1 := parseYearMonth(from)
		b, ok2 := parseYearMonth(to)
		if !ok1 || !ok2 || a.Year > b.Year {
			return Period{}, false
		}
		return Span(a.Year, a.From, b.Year, b.From), true
	}
	if a, b, ok := yearPair(s); ok {
		return Span(a, 1, b, 12), true
	}
	if m, ok := parseYearMonth(s); ok {
		return m, true
	}
	return Period{}, false
}

// yearPair reads two years joined by - / — – ~ ～ or 至 (2013-2022).
func yearPair(s string) (int, int, bool) {
	for _, sep := range []string{"—", "–", "-", "/", "~", "～", "至", "到"} {
		if a, b, ok := strings.Cut(s, sep); ok {
			ya, ok1 := atoiYear(strings.TrimSpace(a))
			yb, ok2 := atoiYear(strings.TrimSpace(b))
			if ok1 && ok2 && ya < yb {
				return ya, yb, true
			}
		}
	}
	return 0, 0, false
}

// parseDate reads 2025-02 or 2025-02-04 as a stock as of that date.
func parseDate(s string) (Period, bool) {
	if len(s) == 10 && s[7] == '-' {
		m, ok := parseYearMonth(s[:7])
		d, err := strconv.Atoi(s[8:])
		if !ok || err != nil || d < 1 {
			return Period{}, false
		}
		return AsOf(m.Year, m.From, d), true
	}
	m, ok := parseYearMonth(s)
	if !ok {
		return Period{}, false
	}
	return AsOf(m.Year, m.From, 0), true
}

// parseYearMonth reads 2024-03, 2024-3, 2024/03 or 2024.3.
func parseYearMonth(s string) (Period, bool) {
	i := strings.IndexAny(s, "-/.")
	if i != 4 {
		return Period{}, false
	}
	y, ok := atoiYear(s[:4])
	m, err := strconv.Atoi(s[5:])
	if !ok || err != nil || len(s) > 7 || m < 1 || m > 12 {
		return Period{}, false
	}
	return Month(y, m), true
}

// cutYear reads the year before 年 and returns it with what follows.
func cutYear(s string) (int, string, bool) {
	ys, rest, ok := strings.Cut(s, "年")
	if !ok {
		return 0, "", false
	}
	y, ok := atoiYear(strings.TrimSpace(ys))
	return y, rest, ok
}

func atoiYear(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	y, _ := strconv.Atoi(s)
	return y, true
}

// parseChinese reads the notations Chinese text uses.
func parseChinese(s string) (Period, bool) {
	s = strings.TrimPrefix(s, "党的")
	for _, pre := range []string{"截至", "截止", "截止到", "截至到"} {
		if rest, ok := strings.CutPrefix(s, pre); ok {
			return parseChineseDate(strings.TrimSpace(rest))
		}
	}
	if rest, ok := strings.CutSuffix(s, "累计"); ok {
		s = strings.TrimSpace(rest)
	}
	if name, ok := strings.CutSuffix(s, "以来"); ok {
		if c, ok := congresses[name]; ok {
			return Since(c[0], c[1]), true
		}
		if pl, ok := planPeriods[name]; ok {
			return Since(pl[0], 1), true
		}
		if m, ok := parseChineseYearMonth(name); ok {
			return Since(m.Year, m.From), true
		}
		return Period{}, false
	}
	if name, ok := strings.CutSuffix(s, "期间"); ok {
		if pl, ok := planPeriods[name]; ok {
			return Span(pl[0], 1, pl[1], 12), true
		}
		return Period{}, false
	}
	for _, end := range []string{"年末", "年底"} {
		if y, ok := strings.CutSuffix(s, end); ok {
			if yy, ok := atoiYear(y); ok {
				return AsOf(yy, 12, 0), true
			}
		}
	}
	for _, end := range []string{"月末", "月底"} {
		if ym, ok := strings.CutSuffix(s, end); ok {
			if m, ok := parseChineseYearMonth(ym + "月"); ok {
				return AsOf(m.Year, m.From, 0), true
			}
		}
	}
	// Two years (2013—2022年, 2013年至2022年) or two months of two years
	// (2013年1月—2022年12月): a total across years.
	for _, sep := range []string{"至", "到", "—", "–", "~", "～", "-"} {
		if a, b, ok := strings.Cut(s, sep); ok {
			ya, ma, okA := chineseBound(strings.TrimSpace(a), false)
			yb, mb, okB := chineseBound(strings.TrimSpace(b), true)
			if okA && okB && ya < yb {
				return Span(ya, ma, yb, mb), true
			}
		}
	}
	return parseChineseOneYear(s)
}

// chineseBound reads one end of a total across years: 2013, 2013年 (its
// January as a start, its December as an end) or 2013年3月.
func chineseBound(s string, end bool) (int, int, bool) {
	whole := 1
	if end {
		whole = 12
	}
	if y, ok := atoiYear(strings.TrimSuffix(s, "年")); ok {
		return y, whole, true
	}
	if !strings.HasSuffix(s, "月") {
		return 0, 0, false
	}
	m, ok := parseChineseYearMonth(s)
	return m.Year, m.From, ok
}

// parseChineseYearMonth reads 2024年3月 (a month) or 2024年 (its January, as
// a start).
func parseChineseYearMonth(s string) (Period, bool) {
	y, rest, ok := cutYear(s)
	if !ok {
		return Period{}, false
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return Month(y, 1), true
	}
	body, ok := strings.CutSuffix(rest, "月")
	if !ok {
		return Period{}, false
	}
	m := chineseSmallNumber(body)
	if m < 1 {
		return Period{}, false
	}
	return Month(y, m), true
}

// parseChineseDate reads what follows 截至: 2025年2月, 2025年2月底, 2025年2月末,
// 2025年2月4日, 2024年底, 2024年末, 2024年.
func parseChineseDate(s string) (Period, bool) {
	for _, end := range []string{"底", "末"} {
		s = strings.TrimSuffix(s, end)
	}
	y, rest, ok := cutYear(s)
	if !ok {
		return Period{}, false
	}
	if rest == "" {
		return AsOf(y, 12, 0), true
	}
	ms, ds, hasDay := strings.Cut(rest, "月")
	m := chineseSmallNumber(ms)
	if m < 1 {
		return Period{}, false
	}
	ds = strings.TrimSuffix(strings.TrimSuffix(ds, "日"), "号")
	if !hasDay || ds == "" {
		return AsOf(y, m, 0), true
	}
	d, err := strconv.Atoi(ds)
	if err != nil || d < 1 {
		return Period{}, false
	}
	return AsOf(y, m, d), true
}

// parseChineseOneYear reads the periods within one year.
func parseChineseOneYear(s string) (Period, bool) {
	y, rest, ok := cutYear(s)
	if !ok {
		return Period{}, false
	}
	rest = strings.TrimSpace(rest)
	switch rest {
	case "", "全年", "年度":
		return Year(y), true
	case "上半年":
		return Half(y, 1), true
	case "下半年":
		return Half(y, 2), true
	case "前三季度":
		return Range(y, 1, 9), true
	}
	if q, ok := strings.CutSuffix(rest, "季度"); ok {
		q = strings.TrimPrefix(q, "第")
		n := chineseSmallNumber(q)
		if n >= 1 && n <= 4 {
			return Quarter(y, n), true
		}
		return Period{}, false
	}
	body, ok := strings.CutSuffix(rest, "月")
	if !ok {
		return Period{}, false
	}
	for _, sep := range []string{"月至", "月到", "至", "到", "—", "–", "-", "~", "～"} {
		if a, b, ok := strings.Cut(body, sep); ok {
			from, to := chineseSmallNumber(a), chineseSmallNumber(b)
			if from < 1 || to < 1 {
				return Period{}, false
			}
			return Range(y, from, to), true
		}
	}
	m := chineseSmallNumber(body)
	if m < 1 {
		return Period{}, false
	}
	return Month(y, m), true
}

// parseEnglish reads the English labels: "as of 2025-02", "as of Feb 2025",
// "since 2013", "2013–2022 total".
func parseEnglish(s string) (Period, bool) {
	l := strings.ToLower(s)
	if rest, ok := strings.CutPrefix(l, "as of "); ok {
		if p, ok := parseDate(strings.TrimSpace(rest)); ok {
			return p, true
		}
		if m, ok := parseMonthName(rest); ok {
			return AsOf(m.Year, m.From, 0), true
		}
		if d, rest, ok := strings.Cut(strings.TrimSpace(rest), " "); ok {
			day, err := strconv.Atoi(d)
			if m, ok := parseMonthName(rest); ok && err == nil && day >= 1 {
				return AsOf(m.Year, m.From, day), true
			}
		}
		return Period{}, false
	}
	if rest, ok := strings.CutPrefix(l, "since "); ok {
		rest = strings.TrimSpace(rest)
		if y, ok := atoiYear(rest); ok {
			return Since(y, 1), true
		}
		if m, ok := parseYearMonth(rest); ok {
			return Since(m.Year, m.From), true
		}
		if m, ok := parseMonthName(rest); ok {
			return Since(m.Year, m.From), true
		}
		return Period{}, false
	}
	if rest, ok := strings.CutSuffix(l, " total"); ok {
		if a, b, ok := yearPair(rest); ok {
			return Span(a, 1, b, 12), true
		}
		if a, b, ok := strings.Cut(rest, "–"); ok {
			ma, okA := parseMonthName(a)
			mb, okB := parseMonthName(b)
			if okA && okB && ma.Year < mb.Year {
				return Span(ma.Year, ma.From, mb.Year, mb.From), true
			}
		}
	}
	return Period{}, false
}

// parseMonthName reads "Feb 2025".
func parseMonthName(s string) (Period, bool) {
	name, ys, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok {
		return Period{}, false
	}
	y, ok := atoiYear(ys)
	if !ok {
		return Period{}, false
	}
	for m := 1; m <= 12; m++ {
		if strings.EqualFold(name, monthEN[m]) {
			return Month(y, m), true
		}
	}
	return Period{}, false
}

// chineseSmallNumber reads 1..12 written in ASCII digits or Chinese numerals
// (一 .. 十二); it returns 0 for anything else.
func chineseSmallNumber(s string) int {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		if n >= 1 && n <= 12 {
			return n
		}
		return 0
	}
	if n := ChineseNumeral(s); n >= 1 && n <= 12 {
		return n
	}
	return 0
}

// ChineseNumeral reads a Chinese numeral from 一 to 九十九 (十, 十二, 二十三)
// and returns 0 when s is not one.
func ChineseNumeral(s string) int {
	digits := map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	r := []rune(s)
	switch {
	case len(r) == 1 && r[0] == '十':
		return 10
	case len(r) == 1:
		return digits[r[0]]
	case len(r) == 2 && r[0] == '十' && digits[r[1]] > 0:
		return 10 + digits[r[1]]
	case len(r) == 2 && r[1] == '十' && digits[r[0]] > 0:
		return digits[r[0]] * 10
	case len(r) == 3 && r[1] == '十' && digits[r[0]] > 0 && digits[r[2]] > 0:
		return digits[r[0]]*10 + digits[r[2]]
	}
	return 0
}
