package ui

import (
	"fmt"
	"strconv"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/cells"
	"github.com/gansudash/gansudash/ui/sanitize"
	"github.com/gansudash/gansudash/ui/spark"
)

// Cells of a series' summary shared by the overview, the roll-up and the
// report: its trend, its sources, and how its value sorts.

// sparkWidth is the sparkline column's width: the last eight comparable
// periods.
const sparkWidth = 8

// minSparkPoints is the fewest comparable periods a sparkline is drawn
// for: one or two points draw a block that says nothing of a trend.
const minSparkPoints = 3

// trendCell draws the series' sparkline when it has at least three
// comparable periods (the same shape as the latest: years with years,
// January–May with January–May); otherwise it says how many periods there
// are ("2期"), or nothing for one.
func trendCell(ctx *Context, points []model.Point) string {
	vals := model.Sparkline(points)
	switch {
	case len(vals) >= minSparkPoints:
		return spark.Line(vals, sparkWidth, ctx.Styles.Glyph.Spark)
	case len(points) > 1:
		return fmt.Sprintf(ctx.T("%d期", "%d pts"), len(points))
	}
	return ""
}

// sourcesCell is the number of sources a series cites, or a warning when
// they disagree about some period.
func sourcesCell(ctx *Context, s *model.Summary) (string, CellStyle) {
	if s.Conflict {
		return fmt.Sprintf(ctx.T("%d源不一致", "%d disagree"), s.NSources), CellWarn
	}
	return strconv.Itoa(s.NSources), CellDim
}

// valueSortKey sorts values within one unit only: a table mixing 亿元 and
// 个 groups by unit first, then orders by value, so that a descending sort
// never puts 个 among 亿元.
func valueSortKey(o model.Observation) SortKey {
	return SortKey{Group: o.Unit, Num: o.Value, Valid: true}
}

// summaryName is a row's name: the subject (a project, a firm) before the
// indicator when the figure is about one.
func summaryName(ctx *Context, s *model.Summary) string {
	name := sanitize.Line(ctx.Indicator(s.Key.Indicator).Name(ctx.Lang))
	if s.Key.Subject != "" {
		name = sanitize.Line(s.Key.Subject) + " · " + name
	}
	return name
}

// shortSource names where a figure was published in a few cells: the
// publisher and date, else the title.
func shortSource(ctx *Context, id string) string {
	src, ok := ctx.Catalog.Source(id)
	if !ok {
		return sanitize.Line(id)
	}
	pub := sanitize.Line(src.Publisher)
	if pub == "" {
		pub = sanitize.Line(src.Title)
	}
	if d := sanitize.Line(src.Date); d != "" {
		pub += " " + d
	}
	return pub
}

// summaryPanel is the two lines under a table that name the selected
// series in full (the table may have cut its name), with its region,
// period and value, and where it was published or that sources disagree.
func summaryPanel(ctx *Context, s *model.Summary, withRegion bool, w int) string {
	if s == nil {
		return cells.FitLines("", w, selectionLines)
	}
	st := ctx.Styles
	name := summaryName(ctx, s)
	if withRegion {
		name = sanitize.Line(ctx.RegionName(s.Key.Region)) + " " + name
	}
	value, style := valueCell(ctx, s.Latest)
	first := st.Glyph.Cursor + " " + st.Heading.Render(name) + "  " + s.Latest.Period.Label(ctx.Lang) + " " + st.Cell[style].Render(value)
	src, _ := ctx.Catalog.Source(s.Latest.Source)
	second := "  " + st.Label.Render(ctx.T("来源：", "Source: ")) + sourceLine(ctx, src, s.Latest.Source)
	if s.Conflict {
		second = "  " + st.Cell[CellWarn].Render(fmt.Sprintf(ctx.T("%d个来源说法不一致，enter 查看", "%d sources disagree; enter to see them"), s.NSources)) +
			st.Label.Render(" · ") + second[2:]
	}
	return cells.Fit(first, w) + "\n" + cells.Fit(second, w)
}

// sourceOf returns a catalog source, for callers that need its fields.
func sourceOf(ctx *Context, id string) store.SourceInfo {
	s, _ := ctx.Catalog.Source(id)
	return s
}
