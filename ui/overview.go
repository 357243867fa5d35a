package ui

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/cells"
	"github.com/gansudash/gansudash/ui/match"
	"github.com/gansudash/gansudash/ui/sanitize"
	"github.com/gansudash/gansudash/ui/spark"
)

// MSG

// summariesMsg delivers a region's series in one category.
type summariesMsg struct {
	region   string
	category model.Category
	sums     []model.Summary
	err      error
}

// MODEL

// sparkWidth is the sparkline column's width: the last eight comparable periods.
const sparkWidth = 8

// sidePaneMin is the narrowest terminal that shows the region tree beside
// the table; narrower ones open it over the table with "r".
const sidePaneMin = 72

// overview is the first screen: category tabs, the region tree, and the
// table of the region's indicators in the category.
type overview struct {
	tablePage
	region   string
	cats     []model.Category
	cat      model.Category
	sums     []model.Summary
	regions  *regionPane
	focusReg bool // the region tree has the keys
	width    int
	height   int
	tabZones []zone
	latest   model.Period
}

// zone is a clickable horizontal range on one line.
type zone struct {
	x0, x1 int
	value  int
}

func overviewColumns() []Column {
	return []Column{
		{ZH: "指标", EN: "Indicator", Min: 10, Flex: 3},
		{ZH: "期间", EN: "Period", Min: 12, Max: 12, Drop: 3},
		{ZH: "数值", EN: "Value", Min: 13, Max: 18, Align: AlignRight, Flex: 1},
		{ZH: "同比", EN: "YoY", Min: 12, Max: 16, Align: AlignRight, Drop: 1},
		{ZH: "趋势", EN: "Trend", Min: sparkWidth, Max: sparkWidth, Drop: 4, NoSort: true},
		{ZH: "来源", EN: "Src", Min: 4, Max: 4, Align: AlignRight, Drop: 5},
	}
}

func newOverview(ctx *Context, region string, cat model.Category) *overview {
	o := &overview{region: region, cat: cat, tablePage: newTablePage(ctx, overviewColumns(), "",
		[2]string{"项指标", "indicators"}, [2]string{"该地区此类别暂无数据", "No figures for this region in this category"})}
	o.regions = newRegionPane(ctx, region)
	o.cats = presentCategories(ctx.Catalog)
	if o.cat == 0 {
		o.cat = o.cats[0]
	}
	return o
}

// presentCategories returns the tabs: investment, industry and
// desertification always, then the other categories the data has.
func presentCategories(c *store.Catalog) []model.Category {
	has := map[model.Category]bool{}
	for _, byCat := range c.SeriesCount {
		for cat, n := range byCat {
			if n > 0 {
				has[cat] = true
			}
		}
	}
	var out []model.Category
	for i, cat := range model.Categories {
		if i < 3 || has[cat] {
			out = append(out, cat)
		}
	}
	return out
}

// load fetches the current region and category in a command.
func (o *overview) load() tea.Cmd {
	data, region, cat := o.ctx.Data, o.region, o.cat
	return func() tea.Msg {
		sums, err := data.RegionSummaries(region, cat)
		return summariesMsg{region: region, category: cat, sums: sums, err: err}
	}
}

// Reload re-reads the table after the database changed.
func (o *overview) Reload() tea.Cmd {
	o.cats = presentCategories(o.ctx.Catalog)
	o.regions.reset()
	return o.load()
}

func (o *overview) setRegion(id string) tea.Cmd {
	if id == o.region {
		return nil
	}
	o.region = id
	o.regions.current = id
	o.loaded = false
	return o.load()
}

func (o *overview) setCategory(c model.Category) tea.Cmd {
	if c == o.cat {
		return nil
	}
	o.cat = c
	o.loaded = false
	return o.load()
}

// UPDATE

func (o *overview) Update(msg tea.Msg) (page, tea.Cmd) {
	k := o.ctx.Keys
	switch msg := msg.(type) {
	case summariesMsg:
		if msg.region != o.region || msg.category != o.cat {
			return o, nil // a stale answer to an earlier request
		}
		if o.setLoaded(msg.err) {
			o.sums = msg.sums
			o.table.SetRows(o.buildRows())
		}
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.NextTab):
			return o, o.setCategory(o.cats[(o.catIndex()+1)%len(o.cats)])
		case key.Matches(msg, k.PrevTab):
			return o, o.setCategory(o.cats[(o.catIndex()+len(o.cats)-1)%len(o.cats)])
		case key.Matches(msg, k.Regions):
			o.focusReg = !o.focusReg
			o.regions.cursorTo(o.region)
			return o, nil
		case key.Matches(msg, k.Left) && !o.focusReg:
			o.focusReg = true
			o.regions.cursorTo(o.region)
			return o, nil
		}
		if o.focusReg {
			return o, o.updateRegions(msg)
		}
		switch {
		case key.Matches(msg, k.Enter):
			if r, ok := o.table.Selected(); ok {
				return o, push(newDetail(o.ctx, seriesKeyOf(r.Key)))
			}
		case key.Matches(msg, k.Compare):
			if r, ok := o.table.Selected(); ok {
				return o, push(newCompare(o.ctx, seriesKeyOf(r.Key).Indicator))
			}
		default:
			o.handle(msg, 0)
		}
	case tea.MouseMsg:
		return o, o.mouse(msg)
	}
	return o, nil
}

func (o *overview) updateRegions(msg tea.KeyMsg) tea.Cmd {
	k := o.ctx.Keys
	switch {
	case key.Matches(msg, k.Up):
		o.regions.move(-1)
	case key.Matches(msg, k.Down):
		o.regions.move(1)
	case key.Matches(msg, k.Top):
		o.regions.move(-len(o.ctx.Catalog.Regions))
	case key.Matches(msg, k.Bottom):
		o.regions.move(len(o.ctx.Catalog.Regions))
	case key.Matches(msg, k.Enter), key.Matches(msg, k.Right), key.Matches(msg, k.Back):
		o.focusReg = false
		return nil
	default:
		return nil
	}
	// The table follows the region cursor, so browsing regions is one key each.
	return o.setRegion(o.regions.selected())
}

func (o *overview) mouse(msg tea.MouseMsg) tea.Cmd {
	if msg.Y == 0 && msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
		for _, z := range o.tabZones {
			if msg.X >= z.x0 && msg.X < z.x1 {
				return o.setCategory(model.Category(z.value))
			}
		}
		return nil
	}
	paneW := o.paneWidth()
	if o.sideBySide() && msg.X < paneW {
		if id, ok := o.regions.at(msg.Y - 1); ok && msg.Button == tea.MouseButtonLeft && msg.Action == tea.MouseActionPress {
			o.regions.cursorTo(id)
			return o.setRegion(id)
		}
		return nil
	}
	if o.focusReg && !o.sideBySide() {
		if id, ok := o.regions.at(msg.Y - 1); ok && msg.Button == tea.MouseButtonLeft && msg.Action == tea.MouseActionPress {
			o.focusReg = false
			return o.setRegion(id)
		}
		return nil
	}
	o.focusReg = false
	o.handle(msg, 1)
	return nil
}

func (o *overview) catIndex() int {
	for i, c := range o.cats {
		if c == o.cat {
			return i
		}
	}
	return 0
}

// rows

// buildRows turns summaries into table rows. A growth-rate series whose level
// is in the table is not listed on its own: its rate shows in the level's
// change column, marked as published.
func (o *overview) buildRows() []Row {
	growthOf := map[model.SeriesKey]*model.Summary{}
	levels := map[model.SeriesKey]bool{}
	for i := range o.sums {
		s := &o.sums[i]
		levels[s.Key] = true
		if base := o.ctx.Indicator(s.Key.Indicator).GrowthOf; base != "" {
			growthOf[model.SeriesKey{Indicator: base, Region: s.Key.Region, Subject: s.Key.Subject}] = s
		}
	}
	rows := make([]Row, 0, len(o.sums))
	o.latest = model.Period{}
	order := make([]int, len(o.sums))
	for i := range order {
		order[i] = i
	}
	// Region totals first, then per-event, per-project... figures grouped by
	// subject; by pinyin of the indicator's name within each group.
	sortKeys := make([]string, len(o.sums))
	for i := range o.sums {
		s := &o.sums[i]
		ind := o.ctx.Indicator(s.Key.Indicator)
		sortKeys[i] = fmt.Sprintf("%d\x00%s\x00%s", ind.Scope, match.SortText(s.Key.Subject), match.SortText(ind.Name(o.ctx.Lang)))
	}
	sort.SliceStable(order, func(a, b int) bool { return sortKeys[order[a]] < sortKeys[order[b]] })
	for _, i := range order {
		s := &o.sums[i]
		ind := o.ctx.Indicator(s.Key.Indicator)
		if ind.GrowthOf != "" && levels[model.SeriesKey{Indicator: ind.GrowthOf, Region: s.Key.Region, Subject: s.Key.Subject}] {
			continue
		}
		if o.latest.IsZero() || o.latest.Before(s.Latest.Period) {
			o.latest = s.Latest.Period
		}
		rows = append(rows, summaryRow(o.ctx, s, ind, growthOf[s.Key]))
	}
	return rows
}

// summaryRow is one overview row: indicator, latest period, value as
// published, change on a year earlier, sparkline, number of sources.
func summaryRow(ctx *Context, s *model.Summary, ind model.Indicator, growth *model.Summary) Row {
	lang := ctx.Lang
	name := sanitize.Line(ind.Name(lang))
	if s.Key.Subject != "" {
		name += " · " + sanitize.Line(s.Key.Subject)
	}
	value, valueStyle := valueCell(ctx, s.Latest)
	if s.Conflict {
		value, valueStyle = "!"+value, CellWarn
	}
	ch, chStyle, chSort := changeCell(ctx, ind.Kind, s, growth)
	sp := spark.Line(model.Sparkline(s.Points), sparkWidth, ctx.Styles.Glyph.Spark)
	p := s.Latest.Period
	return Row{
		Key: keyOf(s.Key),
		Cells: []Cell{
			{Text: name},
			{Text: p.Label(lang), Style: CellDim},
			{Text: value, Style: valueStyle},
			{Text: ch, Style: chStyle},
			{Text: sp, Style: CellAccent},
			{Text: strconv.Itoa(s.NSources), Style: CellDim},
		},
		Sort: []SortKey{
			{Text: match.SortText(name)},
			{Num: periodOrder(p), Valid: true},
			{Num: s.Latest.Value, Valid: true},
			chSort,
			{},
			{Num: float64(s.NSources), Valid: true},
		},
		Search: match.Prepare(ind.NameZH, ind.NameEN, s.Key.Subject),
	}
}

// VIEW

// SetSize gives the overview its body size.
func (o *overview) SetSize(w, h int) {
	o.width, o.height = w, h
	tableW := w
	if o.sideBySide() {
		tableW = w - o.paneWidth() - 1
	}
	o.table.SetSize(tableW, h-1)
	o.regions.setSize(o.paneWidth(), h-1)
}

func (o *overview) sideBySide() bool { return o.width >= sidePaneMin }

func (o *overview) paneWidth() int {
	if !o.sideBySide() {
		return o.width
	}
	return max(16, min(24, o.width/5))
}

// Title is the header's region path.
func (o *overview) Title() string { return o.ctx.RegionPath(o.region) }

// LatestPeriod is the most recent period among the rows.
func (o *overview) LatestPeriod() model.Period { return o.latest }

// Status reports the rows, the position, the sort and the filter.
func (o *overview) Status() string {
	if o.focusReg && o.err == nil {
		return o.ctx.T("选择地区：↑↓ 移动，enter 确定", "Choose a region: ↑↓ move, enter done")
	}
	return o.tablePage.Status()
}

func (o *overview) View() string {
	tabs := o.tabsLine()
	var body string
	switch {
	case o.sideBySide():
		pane := strings.Split(o.regions.view(o.focusReg), "\n")
		table := strings.Split(o.table.View(), "\n")
		sep := o.ctx.Styles.Rule.Render(o.ctx.Styles.Glyph.VRule)
		lines := make([]string, len(table))
		for i := range table {
			left := strings.Repeat(" ", o.paneWidth())
			if i < len(pane) {
				left = pane[i]
			}
			lines[i] = left + sep + table[i]
		}
		body = strings.Join(lines, "\n")
	case o.focusReg:
		body = o.regions.view(true)
	default:
		body = o.table.View()
	}
	return tabs + "\n" + body
}

// tabsLine draws the category tabs with the region's count in each; when
// they do not fit, it shows a window around the active tab with ‹ and ›.
func (o *overview) tabsLine() string {
	st := o.ctx.Styles
	type tab struct {
		label string
		cat   model.Category
	}
	counts := o.ctx.Catalog.SeriesCount[o.region]
	tabs := make([]tab, len(o.cats))
	for i, c := range o.cats {
		tabs[i] = tab{fmt.Sprintf(" %s %d ", c.Label(o.ctx.Lang), counts[c]), c}
	}
	active := o.catIndex()
	first, last := 0, len(tabs)-1
	width := func(a, b int) int {
		w := 0
		for i := a; i <= b; i++ {
			w += cells.Width(tabs[i].label) + 1
		}
		return w + 2 // room for ‹ ›
	}
	for width(first, last) > o.width && first < last {
		if active-first > last-active {
			first++
		} else {
			last--
		}
	}
	var b strings.Builder
	x := 0
	o.tabZones = o.tabZones[:0]
	left, right := " ", " "
	if first > 0 {
		left = "‹"
	}
	if last < len(tabs)-1 {
		right = "›"
	}
	if o.ctx.ASCII {
		left, right = strings.ReplaceAll(left, "‹", "<"), strings.ReplaceAll(right, "›", ">")
	}
	b.WriteString(left)
	x++
	for i := first; i <= last; i++ {
		w := cells.Width(tabs[i].label)
		style := st.Tab
		if i == active {
			style = st.TabActive
		}
		b.WriteString(style.Render(tabs[i].label))
		o.tabZones = append(o.tabZones, zone{x, x + w, int(tabs[i].cat)})
		x += w
		if i < last {
			b.WriteString(st.Rule.Render(st.Glyph.VRule))
			x++
		}
	}
	line := b.String()
	pad := o.width - 1 - cells.Width(line)
	if pad < 0 {
		return cells.Fit(line, o.width)
	}
	return line + strings.Repeat(" ", pad) + right
}
