package ui

import (
	"fmt"
	"math"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/ui/match"
	"github.com/gansudash/gansudash/ui/sanitize"
	"github.com/gansudash/gansudash/ui/spark"
)

// MSG

// compareMsg delivers an indicator's series in every region, with the
// series of the growth rates published for it.
type compareMsg struct {
	indicator string
	sums      []model.Summary
	growth    []model.Summary
	err       error
}

// MODEL

// compare shows one indicator in every region (and subject) that has it,
// with horizontal bars of the latest values.
type compare struct {
	tablePage
	indicator string
	sums      []model.Summary
	growth    map[model.SeriesKey]*model.Summary
	barW      int
}

func compareColumns() []Column {
	return []Column{
		{ZH: "地区", EN: "Region", Min: 8, Max: 18, Flex: 1},
		{ZH: "对象", EN: "Subject", Min: 8, Max: 30, Flex: 1, Drop: 3},
		{ZH: "期间", EN: "Period", Min: 12, Max: 12, Drop: 2},
		{ZH: "数值", EN: "Value", Min: 13, Max: 18, Align: AlignRight, Flex: 1},
		{ZH: "", EN: "", Min: 6, Flex: 2, Drop: 4, NoSort: true},
		{ZH: "同比", EN: "YoY", Min: 12, Max: 16, Align: AlignRight, Drop: 1},
	}
}

func newCompare(ctx *Context, indicator string) *compare {
	return &compare{indicator: indicator, tablePage: newTablePage(ctx, compareColumns(), "compare-"+indicator,
		[2]string{"个地区/对象", "regions/subjects"}, [2]string{"没有地区发布该指标", "No region publishes this indicator"})}
}

// Reload fetches the indicator across regions.
func (c *compare) Reload() tea.Cmd {
	data, id := c.ctx.Data, c.indicator
	growthIDs := c.ctx.Catalog.GrowthOf[id]
	return func() tea.Msg {
		sums, err := data.IndicatorSummaries(id)
		msg := compareMsg{indicator: id, sums: sums, err: err}
		for _, g := range growthIDs {
			if err != nil {
				break
			}
			var gs []model.Summary
			gs, err = data.IndicatorSummaries(g)
			msg.growth = append(msg.growth, gs...)
			msg.err = err
		}
		return msg
	}
}

// UPDATE

func (c *compare) Update(msg tea.Msg) (page, tea.Cmd) {
	k := c.ctx.Keys
	switch msg := msg.(type) {
	case compareMsg:
		if msg.indicator != c.indicator {
			return c, nil
		}
		if c.setLoaded(msg.err) {
			c.sums = msg.sums
			c.growth = map[model.SeriesKey]*model.Summary{}
			for i := range msg.growth {
				g := &msg.growth[i]
				c.growth[model.SeriesKey{Indicator: c.indicator, Region: g.Key.Region, Subject: g.Key.Subject}] = g
			}
			c.rebuild()
		}
	case tea.KeyMsg:
		if key.Matches(msg, k.Enter) {
			if r, ok := c.table.Selected(); ok {
				return c, push(newDetail(c.ctx, seriesKeyOf(r.Key)))
			}
		}
	}
	c.handle(msg, 0)
	return c, nil
}

func (c *compare) rebuild() {
	ind := c.ctx.Indicator(c.indicator)
	scale := 0.0
	for _, s := range c.sums {
		scale = math.Max(scale, math.Abs(s.Latest.Value))
	}
	anySubject := false
	for _, s := range c.sums {
		anySubject = anySubject || s.Key.Subject != ""
	}
	c.table.SetHidden(1, !anySubject)
	if bw := c.table.widths[4]; bw != c.barW && bw > 0 {
		c.barW = bw
	}
	rows := make([]Row, 0, len(c.sums))
	for i := range c.sums {
		s := &c.sums[i]
		region := sanitize.Line(c.ctx.RegionName(s.Key.Region))
		subject := sanitize.Line(s.Key.Subject)
		value, vs := valueCell(c.ctx, s.Latest)
		ch, chStyle, chSort := changeCell(c.ctx, ind.Kind, s, c.growth[s.Key])
		bar := spark.Bar(s.Latest.Value, scale, max(1, c.barW), c.ctx.ASCII)
		p := s.Latest.Period
		rows = append(rows, Row{
			Key: keyOf(s.Key),
			Cells: []Cell{{Text: region}, {Text: subject, Style: CellDim}, {Text: p.Label(c.ctx.Lang), Style: CellDim},
				{Text: value, Style: vs}, {Text: bar, Style: CellAccent}, {Text: ch, Style: chStyle}},
			Sort: []SortKey{{Text: match.SortText(region)}, {Text: match.SortText(subject)}, {Num: periodOrder(p), Valid: true},
				{Num: s.Latest.Value, Valid: true}, {}, chSort},
			Search: match.Prepare(regionNames(c.ctx, s.Key.Region), s.Key.Subject),
		})
	}
	c.table.SetRows(rows)
}

// VIEW

// SetSize sizes the table and redraws the bars for the new width.
func (c *compare) SetSize(w, h int) {
	c.table.SetSize(w, h)
	if bw := c.table.widths[4]; bw != c.barW {
		c.barW = bw
		if c.loaded {
			c.rebuild()
		}
	}
}

// Title names the indicator compared.
func (c *compare) Title() string {
	ind := c.ctx.Indicator(c.indicator)
	return c.ctx.T("各地对比：", "Compare: ") + sanitize.Line(ind.Name(c.ctx.Lang)) +
		fmt.Sprintf(" (%s)", sanitize.Line(model.UnitLabel(ind.Unit, c.ctx.Lang)))
}
