package model

import (
	"bytes"
	"sort"
	"strings"
	"testing"
)

func TestParsePeriodReadsCanonicalAndChineseNotations(t *testing.T) {
	tests := []struct {
		in   string
		want Period
	}{
		{"2024", Year(2024)},
		{"2025H1", Half(2025, 1)},
		{"2025h2", Half(2025, 2)},
		{"2025Q1", Quarter(2025, 1)},
		{"2025Q4", Quarter(2025, 4)},
		{"2024-03", Month(2024, 3)},
		{"2024-3", Month(2024, 3)},
		{"2024/03", Month(2024, 3)},
		{"2024.11", Month(2024, 11)},
		{"2025-01/2025-05", Range(2025, 1, 5)},
		{"2024年", Year(2024)},
		{"2024年全年", Year(2024)},
		{"2025年上半年", Half(2025, 1)},
		{"2025年下半年", Half(2025, 2)},
		{"2025年一季度", Quarter(2025, 1)},
		{"2025年第三季度", Quarter(2025, 3)},
		{"2025年前三季度", Range(2025, 1, 9)},
		{"2024年3月", Month(2024, 3)},
		{"2024年十一月", Month(2024, 11)},
		{"2025年1—5月", Range(2025, 1, 5)},
		{"2025年1-5月", Range(2025, 1, 5)},
		{"2025年1至5月", Range(2025, 1, 5)},
		{"2025年1月至5月", Range(2025, 1, 5)},
		{"2025年1~5月", Range(2025, 1, 5)},
		{" ２０２５年１—５月 ", Range(2025, 1, 5)},
	}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in)
		if err != nil {
			t.Errorf("ParsePeriod(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParsePeriod(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParsePeriodRejectsNonsense(t *testing.T) {
	for _, in := range []string{
		"", "24", "20245", "2025H3", "2025Q5", "2024-13", "2024-00", "2025-05/2025-01",
		"1800", "2025年13月", "2025年5—1月", "上半年", "2025年第五季度", "last year",
	} {
		if p, err := ParsePeriod(in); err == nil {
			t.Errorf("ParsePeriod(%q) = %+v, want an error", in, p)
		}
	}
}

func TestPeriodStringRoundTrips(t *testing.T) {
	for _, p := range []Period{Year(2024), Half(2025, 1), Half(2025, 2), Quarter(2025, 3), Month(2024, 3), Range(2025, 1, 5)} {
		got, err := ParsePeriod(p.String())
		if err != nil || got != p {
			t.Errorf("ParsePeriod(%q) = %+v, %v; want %+v", p.String(), got, err, p)
		}
	}
}

func TestPeriodLabelsInChineseAndEnglish(t *testing.T) {
	tests := []struct {
		p      Period
		zh, en string
	}{
		{Year(2024), "2024年", "2024"},
		{Half(2025, 1), "2025年上半年", "H1 2025"},
		{Half(2025, 2), "2025年下半年", "H2 2025"},
		{Quarter(2025, 1), "2025年一季度", "Q1 2025"},
		{Month(2024, 3), "2024年3月", "Mar 2024"},
		{Range(2025, 1, 5), "2025年1—5月", "Jan–May 2025"},
	}
	for _, tt := range tests {
		if got := tt.p.Label(Chinese); got != tt.zh {
			t.Errorf("%v.Label(zh) = %q, want %q", tt.p, got, tt.zh)
		}
		if got := tt.p.Label(English); got != tt.en {
			t.Errorf("%v.Label(en) = %q, want %q", tt.p, got, tt.en)
		}
	}
}

func TestPeriodsSortChronologicallyAndKeysSortTheSameWay(t *testing.T) {
	want := []Period{
		Year(2023), Range(2024, 1, 2), Quarter(2024, 1), Month(2024, 3), Range(2024, 1, 5),
		Half(2024, 1), Range(2024, 1, 6), Month(2024, 7), Year(2024), Half(2024, 2), Quarter(2024, 4), Month(2024, 12),
		Quarter(2025, 1), Range(2025, 1, 5), Half(2025, 1),
	}
	got := append([]Period(nil), want...)
	for i := range got { // a fixed shuffle: reverse, then swap pairs
		j := len(got) - 1 - i
		if i < j {
			got[i], got[j] = got[j], got[i]
		}
	}
	sort.Slice(got, func(i, j int) bool { return got[i].Before(got[j]) })
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sorted[%d] = %v, want %v (whole: %v)", i, got[i], want[i], got)
		}
	}
	for i := 1; i < len(want); i++ {
		a, b := want[i-1].Key(), want[i].Key()
		if bytes.Compare(a[:], b[:]) >= 0 {
			t.Errorf("key of %v does not sort before key of %v", want[i-1], want[i])
		}
		back, err := PeriodFromKey(b[:])
		if err != nil || back != want[i] {
			t.Errorf("PeriodFromKey(Key(%v)) = %v, %v", want[i], back, err)
		}
	}
}

func TestPeriodFromKeyRejectsGarbage(t *testing.T) {
	for _, k := range [][]byte{nil, {1, 2, 3}, {0x07, 0xe8, 12, 1, 9}, {0x07, 0xe8, 5, 6, 5}, {0, 0, 12, 1, 1}} {
		if p, err := PeriodFromKey(k); err == nil {
			t.Errorf("PeriodFromKey(%x) = %v, want an error", k, p)
		}
	}
}

func TestYearEarlierKeepsTheShape(t *testing.T) {
	tests := []struct{ p, want Period }{
		{Year(2024), Year(2023)},
		{Half(2025, 1), Half(2024, 1)},
		{Quarter(2025, 3), Quarter(2024, 3)},
		{Month(2024, 3), Month(2023, 3)},
		{Range(2025, 1, 5), Range(2024, 1, 5)},
	}
	for _, tt := range tests {
		if got := tt.p.YearEarlier(); got != tt.want {
			t.Errorf("%v.YearEarlier() = %v, want %v", tt.p, got, tt.want)
		}
		if !tt.p.SameShape(tt.want) {
			t.Errorf("%v and %v should have the same shape", tt.p, tt.want)
		}
	}
	if Half(2025, 1).SameShape(Range(2025, 1, 6)) {
		t.Error("上半年 and 1—6月 were published differently and must not share a sparkline")
	}
	if Year(2024).SameShape(Range(2025, 1, 5)) {
		t.Error("a year and a five-month range must not share a sparkline")
	}
}

func TestChineseNumeral(t *testing.T) {
	tests := map[string]int{"一": 1, "二": 2, "两": 2, "十": 10, "十二": 12, "二十": 20, "二十三": 23, "九十九": 99, "": 0, "十x": 0, "abc": 0, "零": 0}
	for in, want := range tests {
		if got := ChineseNumeral(in); got != want {
			t.Errorf("ChineseNumeral(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestParsePeriodReadsTotalsAcrossYearsSinceDatesAndStocks(t *testing.T) {
	tests := []struct {
		in     string
		want   Period
		zh, en string
	}{
		{"2013-01/2022-12", Span(2013, 1, 2022, 12), "2013—2022年累计", "2013–2022 total"},
		{"2013-2022", Span(2013, 1, 2022, 12), "2013—2022年累计", "2013–2022 total"},
		{"2013/2022", Span(2013, 1, 2022, 12), "", ""},
		{"2013—2022年", Span(2013, 1, 2022, 12), "", ""},
		{"2013—2022年累计", Span(2013, 1, 2022, 12), "", ""},
		{"2013年至2022年", Span(2013, 1, 2022, 12), "", ""},
		{"2018-01/2019-12", Span(2018, 1, 2019, 12), "2018—2019年累计", ""},
		{"2023-07/2025-02", Span(2023, 7, 2025, 2), "2023年7月—2025年2月累计", "Jul 2023–Feb 2025 total"},
		{"2013年1月—2023年7月", Span(2013, 1, 2023, 7), "2013年1月—2023年7月累计", ""},
		{"十三五期间", Span(2016, 1, 2020, 12), "2016—2020年累计", ""},
		{"2024-01/2025-05", Span(2024, 1, 2025, 5), "2024年1月—2025年5月累计", ""},
		{"2021-01/..", Since(2021, 1), "2021年以来累计", "since 2021"},
		{"十四五以来", Since(2021, 1), "2021年以来累计", "since 2021"},
		{"2013年以来", Since(2013, 1), "2013年以来累计", "since 2013"},
		{"2013年以来累计", Since(2013, 1), "", ""},
		{"党的十八大以来", Since(2012, 11), "2012年11月以来累计", "since Nov 2012"},
		{"since 2013", Since(2013, 1), "", ""},
		{"@2025-02", AsOf(2025, 2, 0), "截至2025年2月", "as of Feb 2025"},
		{"@2025-02-04", AsOf(2025, 2, 4), "截至2025年2月4日", "as of 4 Feb 2025"},
		{"截至2025年2月", AsOf(2025, 2, 0), "", ""},
		{"截止2025年2月底", AsOf(2025, 2, 0), "", ""},
		{"截至2025年2月4日", AsOf(2025, 2, 4), "", ""},
		{"截至2024年底", AsOf(2024, 12, 0), "截至2024年12月", ""},
		{"2024年末", AsOf(2024, 12, 0), "", ""},
		{"2025年3月末", AsOf(2025, 3, 0), "", ""},
		{"as of 2024-03", AsOf(2024, 3, 0), "", ""},
		{"as of Mar 2024", AsOf(2024, 3, 0), "", ""},
	}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in)
		if err != nil {
			t.Errorf("ParsePeriod(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParsePeriod(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		for _, text := range []string{got.String(), got.Label(Chinese), got.Label(English)} {
			if back, err := ParsePeriod(text); err != nil || back != got {
				t.Errorf("%q does not read back as %v: %v %v", text, got, back, err)
			}
		}
		if tt.zh != "" && got.Label(Chinese) != tt.zh {
			t.Errorf("%q: Chinese label %q, want %q", tt.in, got.Label(Chinese), tt.zh)
		}
		if tt.en != "" && got.Label(English) != tt.en {
			t.Errorf("%q: English label %q, want %q", tt.in, got.Label(English), tt.en)
		}
		key := got.Key()
		if back, err := PeriodFromKey(key[:]); err != nil || back != got {
			t.Errorf("%v: key %x reads back as %v, %v", got, key, back, err)
		}
	}
}

func TestAnUnknownPeriodListsEveryAcceptedForm(t *testing.T) {
	for _, in := range []string{"去年", "今年以来", "截至目前", "2021-2025(截至2025-09)", "明年", "2022-2013", "2025-01/.."[:5] + "x"} {
		_, err := ParsePeriod(in)
		if err == nil {
			t.Errorf("ParsePeriod(%q) succeeded", in)
			continue
		}
		for _, form := range []string{"2024年", "2025-01/2025-05", "2013-01/2022-12", "十四五以来", "截至2025年2月", "@2025-02"} {
			if !strings.Contains(err.Error(), form) {
				t.Errorf("the error for %q does not offer %s: %v", in, form, err)
			}
		}
	}
}

func TestPeriodsOrderByWhereTheyEndLongerFirstAndOnlyLikeComparesWithLike(t *testing.T) {
	order := []Period{
		Since(2013, 1),          // its end unknown: at its start
		Span(2013, 1, 2022, 12), // ends with 2022, started earlier
		Year(2022),              //
		Half(2022, 2),           //
		Month(2022, 12),         //
		AsOf(2022, 12, 0),       // end of December 2022
		AsOf(2025, 2, 4),        // 4 February
		Range(2025, 1, 2),       // ends with February, longer first...
		Month(2025, 2),          // ...
		AsOf(2025, 2, 0),        // the end of February
		Span(2024, 1, 2025, 5),  //
		Range(2025, 1, 5),       //
	}
	keys := make([][KeyLen]byte, len(order))
	for i, p := range order {
		if i > 0 && !order[i-1].Before(p) {
			t.Errorf("%v does not sort before %v", order[i-1], p)
		}
		keys[i] = p.Key()
		if i > 0 && bytes.Compare(keys[i-1][:], keys[i][:]) >= 0 {
			t.Errorf("key of %v does not sort before key of %v", order[i-1], p)
		}
	}
	for _, tc := range []struct {
		p, q Period
		same bool
	}{
		{AsOf(2025, 2, 0), AsOf(2024, 2, 0), true},
		{AsOf(2025, 2, 0), Year(2024), false},
		{AsOf(2025, 2, 0), Month(2024, 2), false},
		{Span(2013, 1, 2022, 12), Span(2012, 1, 2021, 12), false},
		{Since(2021, 1), Since(2020, 1), false},
		{Range(2025, 1, 5), Range(2024, 1, 5), true},
	} {
		if got := tc.p.SameShape(tc.q); got != tc.same {
			t.Errorf("%v SameShape %v = %v, want %v", tc.p, tc.q, got, tc.same)
		}
	}
	if AsOf(2025, 2, 0).YearEarlier() != AsOf(2024, 2, 0) || AsOf(2024, 2, 29).YearEarlier() != AsOf(2023, 2, 28) {
		t.Error("a stock's comparable period is the same date a year earlier")
	}
	if !Span(2013, 1, 2022, 12).YearEarlier().IsZero() || !Since(2021, 1).YearEarlier().IsZero() {
		t.Error("a total across years or since a date has no comparable period")
	}
}
