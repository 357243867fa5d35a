package spark

import (
	"math"
	"strings"
)

// GlyphSet is a set of sparkline levels, lowest first.
type GlyphSet []rune

// The glyph sets.
var (
	Blocks = GlyphSet("▁▂▃▄▅▆▇█")
	ASCII  = GlyphSet("_.-~=+*#")
)

// Line draws the last width values as a sparkline, one glyph per value. A
// flat series draws at mid height; NaN and infinite values draw as a space.
func Line(vals []float64, width int, g GlyphSet) string {
	if width <= 0 || len(vals) == 0 || len(g) == 0 {
		return ""
	}
	if len(vals) > width {
		vals = vals[len(vals)-width:]
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if isFinite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	var b strings.Builder
	top := len(g) - 1
	for _, v := range vals {
		switch {
		case !isFinite(v):
			b.WriteByte(' ')
		case hi == lo:
			b.WriteRune(g[top/2])
		default:
			level := int(math.Round((v - lo) / (hi - lo) * float64(top)))
			b.WriteRune(g[max(0, min(top, level))])
		}
	}
	return b.String()
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

var eighths = []rune("▏▎▍▌▋▊▉█")

// Bar draws |v| as a horizontal bar of at most width cells, scaled so that
// scale fills the width, with eighth-cell precision in Unicode and '#' in
// ASCII. A non-zero value always shows at least a sliver.
func Bar(v, scale float64, width int, ascii bool) string {
	if width <= 0 || scale <= 0 || !isFinite(v) || !isFinite(scale) {
		return ""
	}
	frac := math.Min(math.Abs(v)/scale, 1)
	if ascii {
		n := int(math.Round(frac * float64(width)))
		if n == 0 && v != 0 {
			n = 1
		}
		return strings.Repeat("#", n)
	}
	units := int(math.Round(frac * float64(width*8)))
	if units == 0 && v != 0 {
		units = 1
	}
	full, rest := units/8, units%8
	s := strings.Repeat("█", full)
	if rest > 0 {
		s += string(eighths[rest-1])
	}
	return s
}
