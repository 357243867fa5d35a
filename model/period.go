package model

import (
	"bytes"
	"cmp"
)

// PeriodKind says how a Period was published.
type PeriodKind uint8

// The kinds of period. A flow over a year, a half, a quarter, a month or the
// months of one year (1—5月); a total over several years (2013—2022年累计); a
// total since a date whose end the text does not state (十四五以来); a stock as
// of a date (截至2025年2月). Figures of different kinds are never compared.
const (
	PeriodYear PeriodKind = iota + 1
	PeriodHalf
	PeriodQuarter
	PeriodMonth
	PeriodRange
	PeriodSpan
	PeriodSince
	PeriodAsOf
)

// Period is the time a figure refers to. Year, From and To are where it ends
// (a year, and months 1..12 of it); a total across years starts in StartYear
// (a span runs from StartYear-From to Year-To; a since-period starts at
// StartYear-From and its end is unknown, so Year and To repeat its start);
// a stock as of a date has Day when the day is stated. The zero Period is
// invalid; build periods with the constructors or ParsePeriod.
type Period struct {
	Year      int
	Kind      PeriodKind
	From      int // first month, 1..12
	To        int // last month, 1..12
	StartYear int // PeriodSpan and PeriodSince only
	Day       int // PeriodAsOf only: 1..31, 0 when only the month is stated
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

// Span returns the total from month fromM of year fromY to month toM of
// year toY (2013—2022年累计 is Span(2013, 1, 2022, 12)). Within one year it is
// the Range it equals.
func Span(fromY, fromM, toY, toM int) Period {
	if fromY == toY {
		return Range(toY, fromM, toM)
	}
	return Period{Year: toY, Kind: PeriodSpan, From: fromM, To: toM, StartYear: fromY}
}

// Since returns the total since month m of year y, to a date the text does
// not state (2013年以来, 十四五以来 = Since(2021, 1)).
func Since(y, m int) Period { return Period{Year: y, Kind: PeriodSince, From: m, To: m, StartYear: y} }

// AsOf returns a stock as of month m of year y (day 0), or as of day d.
func AsOf(y, m, d int) Period { return Period{Year: y, Kind: PeriodAsOf, From: m, To: m, Day: d} }

// Valid reports whether p is a well-formed period.
func (p Period) Valid() bool { return p.check() == nil }

func (p Period) check() error {
	if p.Year < MinYear || p.Year > MaxYear {
		return Errorf("年份 %d 不在 %d–%d 之间", "year %d is outside %d–%d", p.Year, MinYear, MaxYear)
	}
	if p.From < 1 || p.From > 12 || p.To < 1 || p.To > 12 {
		return Errorf("%d..%d 不是月份", "months %d..%d are not months", p.From, p.To)
	}
	if p.Kind != PeriodSpan && p.From > p.To {
		return Errorf("%d..%d 月不是同一年内的月份区间", "months %d..%d are not a range within one year", p.From, p.To)
	}
	if (p.StartYear != 0) != (p.Kind == PeriodSpan || p.Kind == PeriodSince) {
		return Errorf("只有跨年累计才有起始年份", "only a total across years has a start year")
	}
	if p.Day != 0 && p.Kind != PeriodAsOf {
		return Errorf("只有截至某日的时点数才有日", "only a stock as of a date has a day")
	}
	switch p.Kind {
	case PeriodYear:
		if p.From != 1 || p.To != 12 {
			return Errorf("一年须为 1..12 月", "a year must span months 1..12")
		}
	case PeriodHalf:
		if !(p.From == 1 && p.To == 6) && !(p.From == 7 && p.To == 12) {
			return Errorf("半年须为 1..6 月或 7..12 月", "a half must span months 1..6 or 7..12")
		}
	case PeriodQuarter:
		if (p.From-1)%3 != 0 || p.To != p.From+2 {
			return Errorf("季度须为从 1、4、7 或 10 月开始的三个月", "a quarter must span three months starting in 1, 4, 7 or 10")
		}
	case PeriodMonth, PeriodAsOf:
		if p.From != p.To {
			return Errorf("月份的起止须为同一个月", "a month must start and end in the same month")
		}
		if p.Day < 0 || p.Day > daysIn(p.Year, p.To) {
			return Errorf("%d-%02d 没有第 %d 日", "%d-%02d has no day %d", p.Year, p.To, p.Day)
		}
	case PeriodRange:
	case PeriodSpan:
		if p.StartYear < MinYear || p.StartYear >= p.Year {
			return Errorf("跨年累计须从更早的年份开始（%d 不早于 %d）", "a total across years must start in an earlier year (%d is not before %d)", p.StartYear, p.Year)
		}
	case PeriodSince:
		if p.StartYear != p.Year || p.From != p.To {
			return Errorf("某时以来的累计，其终点未知，须与起点相同", "a total since a date ends where it starts, its end being unknown")
		}
	default:
		return Errorf("未知期间类型 %d", "unknown period kind %d", p.Kind)
	}
	return nil
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p == Period{} }

// start returns the year and month p starts in.
func (p Period) start() (int, int) {
	if p.StartYear != 0 {
		return p.StartYear, p.From
	}
	return p.Year, p.From
}

// endDay orders periods that end in the same month: a stock as of a stated
// day before the month's end; everything else at the month's end (32). A
// since-period, whose end is unknown, sorts at its start (0).
func (p Period) endDay() int {
	switch {
	case p.Kind == PeriodSince:
		return 0
	case p.Kind == PeriodAsOf && p.Day > 0:
		return p.Day
	}
	return 32
}

// Compare orders periods chronologically by where they end (year, month,
// day), then longer periods first (the year 2024 before its second half,
// before its fourth quarter, before December; 2013—2024年累计 before 2024),
// then by kind.
func (p Period) Compare(q Period) int {
	psy, psm := p.start()
	qsy, qsm := q.start()
	switch {
	case p.Year != q.Year:
		return cmp.Compare(p.Year, q.Year)
	case p.To != q.To:
		return cmp.Compare(p.To, q.To)
	case p.endDay() != q.endDay():
		return cmp.Compare(p.endDay(), q.endDay())
	case psy != qsy:
		return cmp.Compare(psy, qsy)
	case psm != qsm:
		return cmp.Compare(psm, qsm)
	default:
		return cmp.Compare(int(p.Kind), int(q.Kind))
	}
}

// Before reports whether p sorts before q.
func (p Period) Before(q Period) bool { return p.Compare(q) < 0 }

// Comparable reports whether a figure of p has a comparable period a year
// earlier: a flow over the same months, or a stock on the same date. A total
// across years has none (the years it covers differ), nor a total since a
// date whose end is unknown.
func (p Period) Comparable() bool { return p.Kind != PeriodSpan && p.Kind != PeriodSince }

// YearEarlier returns the comparable period one year before p: the same
// months of the previous year published the same way, or the same date a
// year earlier for a stock. For a period that is not Comparable it returns
// the zero Period, which matches nothing.
func (p Period) YearEarlier() Period {
	if !p.Comparable() {
		return Period{}
	}
	q := p
	q.Year--
	if q.Kind == PeriodAsOf && q.Day > daysIn(q.Year, q.To) {
		q.Day = daysIn(q.Year, q.To) // 29 February a year later
	}
	return q
}

// SameShape reports whether p and q cover the same months of their years and
// were published the same way, so that their figures can be compared or drawn
// in one sparkline (2024年1—5月 and 2025年1—5月, not 2024年 and 2025年1—5月; a
// stock as of February with a stock as of February, never with a year's
// flow). Totals across years have no shape in common with anything.
func (p Period) SameShape(q Period) bool {
	return p.Comparable() && p.Kind == q.Kind && p.From == q.From && p.To == q.To && p.Day == q.Day
}

// KeyLen is the length of Period.Key.
const KeyLen = 8

// Key encodes p in KeyLen bytes whose byte order is the chronological order
// of Compare, for use in sorted storage keys: the year, month and day it ends
// in, the year and month it starts in, and its kind.
func (p Period) Key() [KeyLen]byte {
	sy, sm := p.start()
	return [KeyLen]byte{byte(p.Year >> 8), byte(p.Year), byte(p.To), byte(p.endDay()), byte(sy >> 8), byte(sy), byte(sm), byte(p.Kind)}
}

// PeriodFromKey decodes a key made by Period.Key.
func PeriodFromKey(b []byte) (Period, error) {
	if len(b) != KeyLen {
		return Period{}, Errorf("期间键有 %d 字节，应为 %d", "period key has %d bytes, want %d", len(b), KeyLen)
	}
	p := Period{Year: int(b[0])<<8 | int(b[1]), To: int(b[2]), From: int(b[6]), Kind: PeriodKind(b[7])}
	switch p.Kind {
	case PeriodSpan, PeriodSince:
		p.StartYear = int(b[4])<<8 | int(b[5])
	case PeriodAsOf:
		if b[3] != 32 {
			p.Day = int(b[3])
		}
	}
	if err := p.check(); err != nil || p.Key() != [KeyLen]byte(b) {
		return Period{}, Errorf("期间键 %x 有误：%v", "bad period key %x: %v", bytes.Clone(b), err)
	}
	return p, nil
}

// PeriodFromKeyV1 decodes a period key of schema 1 (year, last month, first
// month, kind), for upgrading old databases.
func PeriodFromKeyV1(b []byte) (Period, error) {
	if len(b) != 5 {
		return Period{}, Errorf("第 1 版结构的期间键有 %d 字节，应为 5", "schema-1 period key has %d bytes, want 5", len(b))
	}
	p := Period{Year: int(b[0])<<8 | int(b[1]), To: int(b[2]), From: int(b[3]), Kind: PeriodKind(b[4])}
	if p.Kind > PeriodRange {
		return Period{}, Errorf("第 1 版结构的期间键 %x 有误", "bad schema-1 period key %x", bytes.Clone(b))
	}
	if err := p.check(); err != nil {
		return Period{}, Errorf("第 1 版结构的期间键 %x 有误：%w", "bad schema-1 period key %x: %w", bytes.Clone(b), err)
	}
	return p, nil
}
