package model

import (
	"bytes"
	"sort"
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
		"2024-01/2025-05", "1800", "2025年13月", "2025年5—1月", "上半年", "2025年第五季度", "last year",
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
