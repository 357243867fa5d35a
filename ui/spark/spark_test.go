package spark

import (
	"math"
	"testing"
	"unicode/utf8"
)

func TestLineScalesBetweenMinAndMaxIncludingNegatives(t *testing.T) {
	tests := []struct {
		vals  []float64
		width int
		g     GlyphSet
		want  string
	}{
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8}, 8, Blocks, "▁▂▃▄▅▆▇█"},
		{[]float64{-10, 0, 10}, 8, Blocks, "▁▅█"},
		{[]float64{-3, -2, -1}, 8, ASCII, "_=#"},
		{[]float64{5, 5, 5}, 8, Blocks, "▄▄▄"},
		{[]float64{1, 2, 3, 4}, 2, Blocks, "▁█"},
		{[]float64{1, math.NaN(), 2}, 3, Blocks, "▁ █"},
		{nil, 5, Blocks, ""},
		{[]float64{1, 2}, 0, Blocks, ""},
	}
	for _, tt := range tests {
		if got := Line(tt.vals, tt.width, tt.g); got != tt.want {
			t.Errorf("Line(%v, %d) = %q, want %q", tt.vals, tt.width, got, tt.want)
		}
	}
}

func TestBarNeverExceedsItsWidthAndShowsSmallValues(t *testing.T) {
	for _, ascii := range []bool{false, true} {
		for _, v := range []float64{0, 0.001, 1, 50, 99.9, 100, 1e9, -50} {
			got := Bar(v, 100, 10, ascii)
			if n := utf8.RuneCountInString(got); n > 10 {
				t.Errorf("Bar(%v) = %q is %d cells", v, got, n)
			}
			if v != 0 && got == "" {
				t.Errorf("Bar(%v) is empty: a non-zero value must show", v)
			}
		}
	}
	if got := Bar(100, 100, 4, false); got != "████" {
		t.Errorf("full bar = %q", got)
	}
	if got := Bar(50, 100, 4, true); got != "##" {
		t.Errorf("half ASCII bar = %q", got)
	}
}
