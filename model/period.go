package model

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
)

// PeriodKind says how a Period was published: as a year, a half, a quarter,
// a month, or a cumulative range of months within one year.
type PeriodKind uint8

// The kinds of period, in the order they sort when two periods end in the
// same month and start in the same month (which only 上半年 vs 1—6月 can do).
const (
	PeriodYear PeriodKind = iota + 1
	PeriodHalf
	PeriodQuarter
	PeriodMonth
	PeriodRange
)

// Period is the time a figure refers to: a calendar year, a half, a quarter,
// a month, or the cumulative months From..To of one year (1至5月).
// The zero Period is invalid; build periods with the constructors or ParsePeriod.
type Period struct {
	Year int
	Kind PeriodKind
	From int // first month, 1..12
	To   int // last month, 1..12
}

// MinYear and MaxYear bound the years a Period accepts, so that a typo such
// as 20245 is an error instead of a figure from the far future.
const (
	MinYear = 1900
	MaxYear = 2199
)

// Year returns the calendar year y.
func Year(y int) Period { return Period{Year: y, Kind: PeriodYear, From: 1, To: 12} }

// Half returns the first (h=1) or second (h=2) half of year y.
func Half(y, h int) Period {
	return Period{Year: y, Kind: PeriodHalf, From: 6*(h-1) + 1, To: 6 * h}
}

// Quarter returns quarter q (1..4) of year y.
func Quarter(y, q int) Period {
	return Period{Year: y, Kind: PeriodQuarter, From: 3*(q-1) + 1, To: 3 * q}
}

// Month returns month m of year y.
func Month(y, m int) Period { return Period{Year: y, Kind: PeriodMonth, From: m, To: m} }

// Range returns the cumulative months from..to of year y (1至5月 is Range(y, 1, 5)).
func Range(y, from, to int) Period { return Period{Year: y, Kind: PeriodRange, From: from, To: to} }

// Valid reports whether p is a well-formed period.
func (p Period) Valid() bool { return p.check() == nil }

func (p Period) check() error {
	if p.Year < MinYear || p.Year > MaxYear {
		return fmt.Errorf("year %d is outside %d–%d", p.Year, MinYear, MaxYear)
	}
	if p.From < 1 || p.To > 12 || p.From > p.To {
		return fmt.Errorf("months %d..%d are not a range within one year", p.From, p.To)
	}
	switch p.Kind {
	case PeriodYear:
		if p.From != 1 || p.To != 12 {
			return fmt.Errorf("a year must span months 1..12")
		}
	case PeriodHalf:
		if !(p.From == 1 && p.To == 6) && !(p.From == 7 && p.To == 12) {
			return fmt.Errorf("a half must span months 1..6 or 7..12")
		}
	case PeriodQuarter:
		if (p.From-1)%3 != 0 || p.To != p.From+2 {
			return fmt.Errorf("a quarter must span three months starting in 1, 4, 7 or 10")
		}
	case PeriodMonth:
		if p.From != p.To {
			return fmt.Errorf("a month must start and end in the same month")
		}
	case PeriodRange:
	default:
		return fmt.Errorf("unknown period kind %d", p.Kind)
	}
	return nil
}

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p == Period{} }

// Compare orders periods chronologically: by year, then by the month the
// period ends in, then longer periods first (the year 2024 before its second
// half, before its fourth quarter, before December), then by kind.
func (p Period) Compare(q Period) int {
	switch {
	case p.Year != q.Year:
		return cmp.Compare(p.Year, q.Year)
	case p.To != q.To:
		return cmp.Compare(p.To, q.To)
	case p.From != q.From:
		return cmp.Compare(p.From, q.From)
	default:
		return cmp.Compare(int(p.Kind), int(q.Kind))
	}
}

// Before reports whether p sorts before q.
func (p Period) Before(q Period) bool { return p.Compare(q) < 0 }

// YearEarlier returns the comparable period one year before p: the same
// months of the previous year, published the same way.
func (p Period) YearEarlier() Period {
	q := p
	q.Year--
	return q
}

// SameShape reports whether p and q cover the same months of their years and
// were published the same way, so that their figures can be compared or drawn
// in one sparkline (2024年1—5月 and 2025年1—5月, not 2024年 and 2025年1—5月).
func (p Period) SameShape(q Period) bool {
	return p.Kind == q.Kind && p.From == q.From && p.To == q.To
}

// KeyLen is the length of Period.Key.
const KeyLen = 5

// Key encodes p in KeyLen bytes whose byte order is the chronological order
// of Compare, for use in sorted storage keys.
func (p Period) Key() [KeyLen]byte {
	return [KeyLen]byte{byte(p.Year >> 8), byte(p.Year), byte(p.To), byte(p.From), byte(p.Kind)}
}

// PeriodFromKey decodes a key made by Period.Key.
func PeriodFromKey(b []byte) (Period, error) {
	if len(b) != KeyLen {
		return Period{}, fmt.Errorf("period key has %d bytes, want %d", len(b), KeyLen)
	}
	p := Period{Year: int(b[0])<<8 | int(b[1]), To: int(b[2]), From: int(b[3]), Kind: PeriodKind(b[4])}
	if err := p.check(); err != nil {
		return Period{}, fmt.Errorf("bad period key %x: %w", b, err)
	}
	return p, nil
}

// String returns the canonical notation: 2024, 2025H1, 2025Q1, 2024-03,
// 2025-01/2025-05. ParsePeriod reads it back.
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
	}
	return "invalid period"
}

var quarterZH = [...]string{"", "一", "二", "三", "四"}

var monthEN = [...]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// Label prints p for a reader: 2024年, 2025年上半年, 2025年一季度, 2024年3月,
// 2025年1—5月 in Chinese; 2024, H1 2025, Q1 2025, Mar 2024, Jan–May 2025 in English.
func (p Period) Label(lang Lang) string {
	if !p.Valid() {
		return "?"
	}
	if lang == English {
		switch p.Kind {
		case PeriodYear:
			return strconv.Itoa(p.Year)
		case PeriodHalf:
			return fmt.Sprintf("H%d %d", p.To/6, p.Year)
		case PeriodQuarter:
			return fmt.Sprintf("Q%d %d", p.To/3, p.Year)
		case PeriodMonth:
			return fmt.Sprintf("%s %d", monthEN[p.From], p.Year)
		default:
			return fmt.Sprintf("%s–%s %d", monthEN[p.From], monthEN[p.To], p.Year)
		}
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
	default:
		return fmt.Sprintf("%d年%d—%d月", p.Year, p.From, p.To)
	}
}

// ParsePeriod reads a period in the canonical notation (2024, 2025H1, 2025Q3,
// 2024-03, 2025-01/2025-05) or as Chinese officials write it (2024年,
// 2025年上半年, 2025年一季度, 2025年第一季度, 2024年3月, 2025年1—5月,
// 2025年1-5月, 2025年1至5月, 2025年1月至5月, 2025年1~5月). Slashes and dots
// are accepted for months (2024/03, 2024.3).
func ParsePeriod(s string) (Period, error) {
	in := strings.TrimSpace(normalizeDigits(s))
	p, ok := parseCanonical(in)
	if !ok {
		p, ok = parseChinese(in)
	}
	if !ok {
		return Period{}, fmt.Errorf("%q is not a period: write 2024, 2025H1, 2025Q1, 2024-03, 2025-01/2025-05 or 2025年1—5月", s)
	}
	if err := p.check(); err != nil {
		return Period{}, fmt.Errorf("%q is not a valid period: %v", s, err)
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
	if from, to, ok := strings.Cut(s, "/"); ok && strings.Contains(to, "-") {
		a, ok1 := parseYearMonth(from)
		b, ok2 := parseYearMonth(to)
		if !ok1 || !ok2 || a.Year != b.Year {
			return Period{}, false
		}
		return Range(a.Year, a.From, b.From), true
	}
	if m, ok := parseYearMonth(s); ok {
		return m, true
	}
	return Period{}, false
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

func parseChinese(s string) (Period, bool) {
	ys, rest, ok := strings.Cut(s, "年")
	if !ok {
		return Period{}, false
	}
	y, ok := atoiYear(strings.TrimSpace(ys))
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
