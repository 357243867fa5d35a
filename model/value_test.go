package model

import (
	"math"
	"strings"
	"testing"
)

func TestParseValueReadsFiguresAsOfficialsWriteThem(t *testing.T) {
	tests := []struct {
		in   string
		num  float64
		qual Qualifier
		unit string
	}{
		{"44.9", 44.9, QualNone, ""},
		{"1,809.81", 1809.81, QualNone, ""},
		{"1809.81亿元", 1809.81, QualNone, "亿元"},
		{"４４.９", 44.9, QualNone, ""},
		{"４４．９亿元", 44.9, QualNone, "亿元"},
		{"44.9亿元", 44.9, QualNone, "亿元"},
		{"38.01%", 38.01, QualNone, "%"},
		{"38.01％", 38.01, QualNone, "%"},
		{"-3.2", -3.2, QualNone, ""},
		{"−3.2%", -3.2, QualNone, "%"},
		{"下降3.2%", -3.2, QualNone, "%"},
		{"增长50.38%", 50.38, QualNone, "%"},
		{"50多", 50, QualMore, ""},
		{"50多家", 50, QualMore, "家"},
		{"1700多人", 1700, QualMore, "人"},
		{"30余项", 30, QualOdd, "项"},
		{"超10", 10, QualOver, ""},
		{"超10万吨", 10, QualOver, "万吨"},
		{"近130户", 130, QualNearly, "户"},
		{"35%以上", 35, QualAtLeast, "%"},
		{"约20亿元", 20, QualAbout, "亿元"},
		{"突破100亿元", 100, QualBreak, "亿元"},
		{"第二位", 2, QualNone, "位"},
		{"全省第一", 1, QualNone, "位"},
		{" 0 ", 0, QualNone, ""},
		{"300MW", 300, QualNone, "MW"},
		{"10,000", 10000, QualNone, ""},
		{"1.5E+06", 1500000, QualNone, ""},
		{"2e3亿元", 2000, QualNone, "亿元"},
	}
	for _, tt := range tests {
		got, err := ParseValue(tt.in)
		if err != nil {
			t.Errorf("ParseValue(%q): %v", tt.in, err)
			continue
		}
		if got.Number != tt.num || got.Qualifier != tt.qual || got.Unit != tt.unit {
			t.Errorf("ParseValue(%q) = %v %q %q, want %v %q %q", tt.in, got.Number, got.Qualifier, got.Unit, tt.num, tt.qual, tt.unit)
		}
	}
}

func TestParseValueRejectsWhatIsNotANumber(t *testing.T) {
	tests := map[string]string{
		"":           "empty",
		"4x.9":       `"x.9" after the number is not a unit`,
		"abc":        "is not a number",
		"18,09":      "thousands separators",
		"1.2.3":      "is not a number",
		"2×100万千瓦":   "is not a unit",
		"1e400":      "is not a number",
		"NaN":        "is not a number",
		"十二":         "is not a number",
		"--5":        "is not a number",
		"44.9亿元 (约)": "is not a unit",
	}
	for in, want := range tests {
		_, err := ParseValue(in)
		if err == nil {
			t.Errorf("ParseValue(%q) succeeded, want an error mentioning %q", in, want)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ParseValue(%q) error %q does not mention %q", in, err, want)
		}
		if !strings.HasPrefix(err.Error(), `"`+in+`" is not a number`) {
			t.Errorf("ParseValue(%q) error %q should start by quoting the cell", in, err)
		}
	}
}

func TestQualifierKeepsItsPlace(t *testing.T) {
	tests := []struct {
		q      Qualifier
		zh, en string
	}{
		{QualMore, "50多", "50+"},
		{QualOdd, "50余", "50+"},
		{QualOver, "超50", ">50"},
		{QualNearly, "近50", "nearly 50"},
		{QualAtLeast, "50以上", "≥50"},
		{QualAbout, "约50", "~50"},
		{QualBreak, "突破50", ">50"},
		{QualNone, "50", "50"},
	}
	for _, tt := range tests {
		if got := tt.q.Apply("50", Chinese); got != tt.zh {
			t.Errorf("%q.Apply(zh) = %q, want %q", tt.q, got, tt.zh)
		}
		if got := tt.q.Apply("50", English); got != tt.en {
			t.Errorf("%q.Apply(en) = %q, want %q", tt.q, got, tt.en)
		}
	}
	if q, err := ParseQualifier("突破"); err != nil || q != QualBreak {
		t.Errorf("ParseQualifier(突破) = %q, %v; want QualBreak", q, err)
	}
	if _, err := ParseQualifier("大约"); err == nil {
		t.Error("ParseQualifier(大约) should fail: it is not one of the published qualifiers")
	}
}

func TestConvertUnitWithinADimensionOnly(t *testing.T) {
	tests := []struct {
		v        float64
		from, to string
		want     float64
	}{
		{9000, "万元", "亿元", 0.9},
		{0.9, "亿元", "万元", 9000},
		{1.31, "亿元", "万元", 13100},
		{300, "MW", "万千瓦", 30},
		{25, "个", "项", 25},
		{1, "万亩", "亩", 10000},
		{44.9, "亿元", "亿元", 44.9},
	}
	for _, tt := range tests {
		got, err := ConvertUnit(tt.v, tt.from, tt.to)
		if err != nil || got != tt.want {
			t.Errorf("ConvertUnit(%v, %s, %s) = %v, %v; want %v", tt.v, tt.from, tt.to, got, err, tt.want)
		}
	}
	for _, bad := range [][2]string{{"万亩", "亿元"}, {"%", "亿元"}, {"人", "项"}, {"foo", "亿元"}, {"亿元", "bar"}} {
		if _, err := ConvertUnit(1, bad[0], bad[1]); err == nil {
			t.Errorf("ConvertUnit(1, %s, %s) should fail", bad[0], bad[1])
		}
	}
}

func TestEvalFormula(t *testing.T) {
	// Runtime variables, so the expected values get float64 arithmetic and not
	// the exact arithmetic of Go constants.
	a, b, c, d := 88.57, 1.5, 5005.68, 133.77
	tests := map[string]float64{
		"2*100":                  200,
		"1+2*3":                  7,
		"(1+2)*3":                9,
		"10/4":                   2.5,
		"-3+5":                   2,
		" 88.57 / 1.5 ":          a / b,
		"5005.68/(1+133.77/100)": c / (1 + d/100),
	}
	for in, want := range tests {
		got, err := EvalFormula(in)
		if err != nil || got != want {
			t.Errorf("EvalFormula(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "1/0", "1+", "(1", "1)", "x", "1e5", "2^3", strings.Repeat("(", 100) + "1" + strings.Repeat(")", 100), strings.Repeat("-", 1000) + "1", "1..2"} {
		if v, err := EvalFormula(bad); err == nil {
			t.Errorf("EvalFormula(%.20q) = %v, want an error", bad, v)
		}
	}
	if got := FormulaNumbers("5005.68/(1+133.77/100)"); strings.Join(got, " ") != "5005.68 1 133.77 100" {
		t.Errorf("FormulaNumbers = %q", got)
	}
}

func TestParseValueReadsFiguresAsTraditionalAndEnglishPagesPrintThem(t *testing.T) {
	for _, tc := range []struct {
		in   string
		num  float64
		unit string
		q    Qualifier
	}{
		{"6835.27億元", 6835.27, "亿元", QualNone},
		{"1.3萬億元", 1.3, "万亿元", QualNone},
		{"增長8.9%", 8.9, "%", QualNone},
		{"824.61 billion yuan", 824.61, "十亿元", QualNone},
		{"close to 604 billion yuan", 604, "十亿元", QualNearly},
		{"about 28.8 percent", 28.8, "%", QualAbout},
		{"15.0 percent", 15, "%", QualNone},
		{"79.075 billion yuan", 79.075, "十亿元", QualNone},
	} {
		pv, err := ParseValue(tc.in)
		if err != nil || pv.Number != tc.num || pv.Unit != tc.unit || pv.Qualifier != tc.q {
			t.Errorf("ParseValue(%q) = %+v, %v; want %v %s %q", tc.in, pv, err, tc.num, tc.unit, tc.q)
		}
	}
	if v, err := ConvertUnit(824.61, "十亿元", "亿元"); err != nil || math.Abs(v-8246.1) > 1e-9 {
		t.Errorf("824.61 billion yuan is %v 亿元 (%v), want 8246.1", v, err)
	}
}

func TestSumPrintsToTheInputsPrecision(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want string
	}{
		{[]float64{44.9, 101.06}, "145.96"},
		{[]float64{145.53, 418}, "563.53"},
		{[]float64{25, 60, 230, 33}, "348"},
		{[]float64{0.1, 0.2}, "0.3"},
		{nil, "0"},
	} {
		if _, got := Sum(c.in); got != c.want {
			t.Errorf("Sum(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}
