package ui

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/ui/cells"
	"github.com/gansudash/gansudash/ui/match"
	"github.com/gansudash/gansudash/ui/sanitize"
	"github.com/gansudash/gansudash/ui/spark"
)

// MSG

// compareMsg delivers an indicator's series in every region, with the
// series of the growth rates published for it, and, when only one region
// publishes it, the related indicators several regions publish.
type compareMsg struct {
	indicator string
	sums      []model.Summary
	growth    []model.Summary
	related   []relatedIndicator
	err       error
}

// relatedIndicator is an indicator of the same category that several
// regions publish, offered when the one compared has a single region.
type relatedIndicator struct {
	id      string
	regions int
}

// maxRelated bounds the related indicators offered.
const maxRelated = 6

// MODEL

// compare shows one indicator in every region (and subject) that has it,
// at one period at a time: by default the period of the region it was
// opened from, with [ and ] stepping through the periods any region has.
// Regions with a figure for that period are ranked and drawn on one bar
// scale; the others show their nearest figure, dimmed and unranked, so that
// 2013 is never ranked against 2023. When only one region publishes the
// indicator, the page says so and offers related indicators that several
// regions publish (enter on one compares it).
type compare struct {
	tablePage
	indicator string
	origin    string // the region compare was opened from
	sums      []model.Summary
	growth    map[model.SeriesKey]*model.Summary
	related   []relatedIndicator
	periods   []model.Period // every period any row has, newest first
	at        int            // index into periods
	barW      int
	regions   int // distinct regions publishing the indicator
	ranked    int // peers with a figure for the compared period
	level     model.Level
}

func compareColumns() []Column {
	return []Column{
		{ZH: "名次", EN: "Rank", Fit: true, Align: AlignRight},
		{ZH: "地区", EN: "Region", Min: 6, Max: 18, Flex: 1, Elide: true},
		{ZH: "对象", EN: "Subject", Min: 8, Max: 30, Flex: 1, Drop: 4, Hidden: true},
		{ZH: "期间", EN: "Period", Fit: true},
		{ZH: "数值", EN: "Value", Fit: true, Align: AlignRight},
		{ZH: "", EN: "", Min: 4, Flex: 2, Drop: 3, NoSort: true},
		{ZH: "同比", EN: "YoY", Fit: true, Align: AlignRight, Drop: 2},
		{ZH: "来源", EN: "Published by", Min: 6, Max: 22, Flex: 1, Drop: 5},
	}
}

const compareBarCol = 5

func newCompare(ctx *Context, indicator, origin string) *compare {
	level := model.Level(0)
	if r, ok := ctx.Catalog.Tree.Get(origin); ok {
		level = r.Level
	}
	return &compare{indicator: indicator, origin: origin, level: level, tablePage: newTablePage(ctx, compareColumns(), "compare-"+indicator,
		[2]string{"个地区/对象", "regions/subjects"}, [2]string{"没有地区发布该指标", "No region publishes this indicator"})}
}

// Reload fetches the indicator across regions.
func (c *compare) Reload() tea.Cmd {
	data, id, origin := c.ctx.Data, c.indicator, c.origin
	growthIDs := c.ctx.Catalog.GrowthOf[id]
	cat := c.ctx.Indicator(id).Category
	return func() tea.Msg {
		sums, err := data.IndicatorSummaries(id)
		msg := compareMsg{indicator: id, sums: sums, err: err}
		for _, g := range growthIDs {
			if msg.err != nil {
				break
			}
			var gs []model.Summary
			gs, msg.err = data.IndicatorSummaries(g)
			msg.growth = append(msg.growth, gs...)
		}
		if msg.err == nil && distinctRegions(sums) <= 1 && origin != "" {
			msg.related, msg.err = relatedOf(data, id, origin, cat)
		}
		return msg
	}
}

func distinctRegions(sums []model.Summary) int {
	seen := map[string]bool{}
	for _, s := range sums {
		seen[s.Key.Region] = true
	}
	return len(seen)
}

// relatedOf finds the indicators of the origin region, in the same
// category, that at least two regions publish, the most published first.
func relatedOf(data Data, id, origin string, cat model.Category) ([]relatedIndicator, error) {
	own, err := data.RegionSummaries(origin, cat)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{id: true}
	var out []relatedIndicator
	for _, s := range own {
		if seen[s.Key.Indicator] || s.Key.Subject != "" {
			continue
		}
		seen[s.Key.Indicator] = true
		all, err := data.IndicatorSummaries(s.Key.Indicator)
		if err != nil {
			return nil, err
		}
		if n := distinctRegions(all); n >= 2 {
			out = append(out, relatedIndicator{id: s.Key.Indicator, regions: n})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].regions > out[b].regions })
	if len(out) > maxRelated {
		out = out[:maxRelated]
	}
	return out, nil
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
			c.load(msg)
			c.rebuild()
			if c.table.cursor == 0 {
				c.selectOrigin()
			}
		}
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Enter):
			if r, ok := c.table.Selected(); ok {
				if id, ok := relatedKey(r.Key); ok {
					return c, push(newCompare(c.ctx, id, c.origin))
				}
				return c, push(newDetail(c.ctx, seriesKeyOf(r.Key)))
			}
		case key.Matches(msg, k.Earlier):
			c.step(1)
			return c, nil
		case key.Matches(msg, k.Later):
			c.step(-1)
			return c, nil
		}
	}
	c.handle(msg, 0)
	return c, nil
}

func (c *compare) load(msg compareMsg) {
	c.sums, c.related = msg.sums, msg.related
	c.regions = distinctRegions(msg.sums)
	c.growth = map[model.SeriesKey]*model.Summary{}
	for i := range msg.growth {
		g := &msg.growth[i]
		c.growth[model.SeriesKey{Indicator: c.indicator, Region: g.Key.Region, Subject: g.Key.Subject}] = g
	}
	seen := map[model.Period]bool{}
	c.periods = c.periods[:0]
	for _, s := range c.sums {
		for _, p := range s.Points {
			if !seen[p.Period] {
				seen[p.Period] = true
				c.periods = append(c.periods, p.Period)
			}
		}
	}
	sort.Slice(c.periods, func(a, b int) bool { return c.periods[b].Before(c.periods[a]) })
	// Open on the origin's period that the most regions of its level (its
	// peers: cities with cities) report, the latest of those on a tie.
	c.at = 0
	best := -1
	for _, s := range c.sums {
		if s.Key.Region != c.origin || s.Key.Subject != "" {
			continue
		}
		for _, pt := range s.Points {
			n := len(c.reporting(pt.Period))
			for i, p := range c.periods {
				if p == pt.Period && (n > best || n == best && i < c.at) {
					c.at, best = i, n
				}
			}
		}
	}
}

func (c *compare) selectOrigin() {
	for _, s := range c.sums {
		if s.Key.Region == c.origin {
			c.table.SelectKey(keyOf(s.Key))
			return
		}
	}
}

// step moves the compared period: +1 earlier, -1 later.
func (c *compare) step(d int) {
	if n := len(c.periods); n > 0 {
		c.at = max(0, min(n-1, c.at+d))
		c.rebuild()
	}
}

func (c *compare) period() model.Period {
	if c.at < len(c.periods) {
		return c.periods[c.at]
	}
	return model.Period{}
}

func relatedKey(k string) (string, bool) {
	const p = "related\x00"
	if len(k) > len(p) && k[:len(p)] == p {
		return k[len(p):], true
	}
	return "", false
}

// peer reports whether a region is of the origin's level: a city is
// ranked among cities, never against its province or its counties.
func (c *compare) peer(region string) bool {
	r, ok := c.ctx.Catalog.Tree.Get(region)
	return ok && (c.level == 0 || r.Level == c.level)
}

// reporting returns the peers with a figure for period p, ranked: the
// largest first (the smallest for a rank indicator, where 1 is best).
func (c *compare) reporting(p model.Period) map[model.SeriesKey]int {
	type entry struct {
		key model.SeriesKey
		v   float64
	}
	var list []entry
	for _, s := range c.sums {
		if !c.peer(s.Key.Region) {
			continue
		}
		if pt, ok := s.PointAt(p); ok {
			list = append(list, entry{s.Key, pt.Value})
		}
	}
	better := c.ctx.Indicator(c.indicator).Kind == model.KindRank
	sort.SliceStable(list, func(a, b int) bool {
		if better {
			return list[a].v < list[b].v
		}
		return list[a].v > list[b].v
	})
	ranks := map[model.SeriesKey]int{}
	for i, e := range list {
		ranks[e.key] = i + 1
		if i > 0 && e.v == list[i-1].v {
			ranks[e.key] = ranks[list[i-1].key] // ties share a rank
		}
	}
	return ranks
}

func (c *compare) rebuild() {
	ind := c.ctx.Indicator(c.indicator)
	p := c.period()
	ranks := c.reporting(p)
	c.ranked = len(ranks)
	scale := 0.0
	anySubject := false
	for _, s := range c.sums {
		if pt, ok := s.PointAt(p); ok {
			scale = math.Max(scale, math.Abs(pt.Value))
		}
		anySubject = anySubject || s.Key.Subject != ""
	}
	c.table.SetHidden(2, !anySubject)
	if bw := c.table.widths[compareBarCol]; bw > 0 {
		c.barW = bw
	}
	rows := make([]Row, 0, len(c.sums)+len(c.related)+1)
	for i := range c.sums {
		rows = append(rows, c.row(&c.sums[i], ind, p, ranks, scale))
	}
	sort.SliceStable(rows, func(a, b int) bool {
		ra, rb := rows[a].Sort[0], rows[b].Sort[0]
		if ra.Valid != rb.Valid {
			return ra.Valid
		}
		if ra.Valid {
			return ra.Num < rb.Num
		}
		return ra.Text < rb.Text // those with a figure for the period, then the rest
	})
	for _, r := range c.related {
		ri := c.ctx.Indicator(r.id)
		name := sanitize.Line(ri.Name(c.ctx.Lang))
		rows = append(rows, Row{
			Key: "related\x00" + r.id,
			Cells: []Cell{{Text: c.ctx.T("相关", "see"), Style: CellDim}, {Text: name, Style: CellAccent}, {},
				{Text: fmt.Sprintf(c.ctx.T("%d地发布", "%d regions"), r.regions), Style: CellDim}},
			Sort:   []SortKey{{}, {Text: "\uffff" + match.SortText(name)}},
			Search: match.Prepare(ri.NameZH, ri.NameEN),
		})
	}
	c.table.SetRows(rows)
	if bw := c.table.widths[compareBarCol]; bw > 0 && bw != c.barW {
		c.barW = bw // the bars' column changed with the rows: draw them again
		c.rebuild()
	}
}

func (c *compare) row(s *model.Summary, ind model.Indicator, p model.Period, ranks map[model.SeriesKey]int, scale float64) Row {
	region := sanitize.Line(c.ctx.RegionName(s.Key.Region))
	subject := sanitize.Line(s.Key.Subject)
	obs := s.Latest
	rank, rankKey := "-", SortKey{}
	bar := ""
	style, periodStyle := CellPlain, CellDim
	ch, chStyle, chSort := "", CellDim, SortKey{}
	if pt, ok := s.PointAt(p); ok {
		if pt.Period != s.Latest.Period {
			obs = model.Observation{Period: pt.Period, Value: pt.Value, Qualifier: pt.Qualifier, Unit: s.Latest.Unit, Source: pt.Source}
			if pt.Derived {
				obs.Derivation = "derived"
			}
		}
		if r, ok := ranks[s.Key]; ok {
			rank, rankKey = strconv.Itoa(r), SortKey{Num: float64(r), Valid: true}
		} else {
			// Another level (the province, a county): shown at the period, not ranked.
			rank, rankKey = c.levelMark(s.Key.Region), SortKey{Text: "1"}
		}
		bar = spark.Bar(pt.Value, scale, max(1, c.barW), c.ctx.ASCII)
		if chg, ok := s.ChangeAt(ind.Kind, c.growth[s.Key], p); ok {
			ch, chStyle, chSort = formatChange(c.ctx, ind.Kind, chg)
		}
	} else {
		// No figure for the period: the region's own latest, dimmed, unranked.
		style, rankKey = CellDim, SortKey{Text: "2"}
	}
	value, vs := valueCell(c.ctx, obs)
	if style == CellDim {
		vs = CellDim
	}
	src := shortSource(c.ctx, obs.Source)
	return Row{
		Key: keyOf(s.Key),
		Cells: []Cell{{Text: rank, Style: CellDim}, {Text: region, Style: style}, {Text: subject, Style: CellDim},
			{Text: obs.Period.Label(c.ctx.Lang), Style: periodStyle}, {Text: value, Style: vs}, {Text: bar, Style: CellAccent},
			{Text: ch, Style: chStyle}, {Text: src, Style: CellDim}},
		Sort: []SortKey{rankKey, {Text: match.SortText(region)}, {Text: match.SortText(subject)}, {Num: periodOrder(obs.Period), Valid: true},
			valueSortKey(obs), {}, chSort, {Text: src}},
		Search: match.Prepare(regionNames(c.ctx, s.Key.Region), s.Key.Subject),
	}
}

// levelMark says why a region is not ranked: it is above or below the
// origin's level.
func (c *compare) levelMark(region string) string {
	r, ok := c.ctx.Catalog.Tree.Get(region)
	switch {
	case !ok:
		return "-"
	case r.Level < c.level:
		return c.ctx.T("上级", "up")
	case r.Level > c.level:
		return c.ctx.T("下级", "down")
	}
	return "-"
}

// VIEW

// SetSize sizes the table above the two-line panel and redraws the bars.
func (c *compare) SetSize(w, h int) {
	c.table.SetSize(w, max(1, h-selectionLines))
	if bw := c.table.widths[compareBarCol]; bw != c.barW {
		c.barW = bw
		if c.loaded {
			c.rebuild()
		}
	}
}

// View draws the table and a panel that says what is compared: the
// period, how many regions report it, and, when only one region publishes
// the indicator, that it does.
func (c *compare) View() string {
	st := c.ctx.Styles
	w := c.table.width
	p, n := c.period(), c.ranked
	var first, second string
	switch {
	case !c.loaded:
	case c.regions <= 1 && len(c.sums) > 0:
		first = st.Cell[CellWarn].Render(fmt.Sprintf(c.ctx.T("只有%s发布此指标，无从对比", "Only %s publishes this indicator: nothing to compare with"),
			sanitize.Line(c.ctx.RegionName(c.sums[0].Key.Region))))
		second = st.Label.Render(c.ctx.T("enter 看该地历年数据；", "enter shows its figures over time; "))
		if len(c.related) > 0 {
			second += st.Label.Render(c.ctx.T("或选下方“相关”指标，多地发布可对比", "or pick a related indicator below, which several regions publish"))
		}
	case !p.IsZero():
		first = fmt.Sprintf(c.ctx.T("%s：%d个同级地区有数据，按数值排名；其余为各自最新数据，不排名", "%s: %d regions of this level report it, ranked; the others show their own latest, unranked"),
			p.Label(c.ctx.Lang), n)
		second = st.Label.Render(c.ctx.T("[ 更早  ] 更近  enter 历年数据", "[ earlier  ] later  enter figures over time"))
	}
	return c.table.View() + "\n" + cells.Fit(first, w) + "\n" + cells.Fit(second, w)
}

// Title names the indicator compared.
func (c *compare) Title() string {
	ind := c.ctx.Indicator(c.indicator)
	return c.ctx.T("各地对比：", "Compare: ") + sanitize.Line(ind.Name(c.ctx.Lang)) +
		fmt.Sprintf(" (%s)", sanitize.Line(model.UnitLabel(ind.Unit, c.ctx.Lang)))
}
