package model

import (
	"math"
	"testing"
)

// FuzzParseValue: whatever officials type, the value parser never panics,
// and what it accepts is a finite number that reads back the same.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"44.9", "1,809.81", "４４.９", "44.9亿元", "38.01%", "-3.2", "下降3.2%", "50多家", "超10万吨",
		"35%以上", "第二位", "4x.9", "", "1e400", "--5", "1.5E+06", "约20亿元", "近130户", "\x1b[31m5"} {
		f.Add(s)
	}
	for _, s := range []string{"-0%", "-0.0亿元", "0.5位", "5个百分点", "12.个", ".5万吨", "-.5%", "1.2.3亿元", "5P", "00012亿元", "3 亿元", "3亿元 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pv, err := ParseValue(s)
		// The fast paths give exactly what the general parser gives.
		slow, slowErr := parseValueText(s)
		if (err == nil) != (slowErr == nil) || err == nil && (pv != slow || math.Signbit(pv.Number) != math.Signbit(slow.Number)) {
			t.Fatalf("ParseValue(%q) = %+v, %v; the general parser: %+v, %v", s, pv, err, slow, slowErr)
		}
		if err != nil {
			return
		}
		if math.IsNaN(pv.Number) || math.IsInf(pv.Number, 0) {
			t.Fatalf("ParseValue(%q) accepted %v", s, pv.Number)
		}
		back, err := ParseValue(FormatNumber(pv.Number))
		if err != nil || back.Number != pv.Number {
			t.Fatalf("ParseValue(%q) = %v, which reads back as %v, %v", s, pv.Number, back.Number, err)
		}
	})
}

// FuzzParsePeriod: the period parser never panics, and every period it
// accepts is valid, prints canonically and reads back, and keys back.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2024", "2025H1", "2025Q3", "2024-03", "2025-01/2025-05", "2025年1—5月", "2025年上半年",
		"2025年第一季度", "2024年十一月", "2024/3", "2025年1月至5月", "9999", "2025-13", "2025年", "２０２５年"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			return
		}
		if !p.Valid() {
			t.Fatalf("ParsePeriod(%q) = invalid %+v", s, p)
		}
		back, err := ParsePeriod(p.String())
		if err != nil || back != p {
			t.Fatalf("ParsePeriod(%q) = %v, whose notation %q reads back as %v, %v", s, p, p.String(), back, err)
		}
		k := p.Key()
		if fromKey, err := PeriodFromKey(k[:]); err != nil || fromKey != p {
			t.Fatalf("key of %v reads back as %v, %v", p, fromKey, err)
		}
		_ = p.Label(Chinese) + p.Label(English)
	})
}

// FuzzEvalFormula: formulas of derived figures never panic or loop.
func FuzzEvalFormula(f *testing.F) {
	for _, s := range []string{"5005.68/(1+133.77/100)", "2*100", "((1))", "1/0", "-(-(-1))", "1+", ")("} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, err := EvalFormula(s); err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("EvalFormula(%q) = %v", s, v)
		}
	})
}
