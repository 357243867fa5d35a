package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/cells"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// MSG

// summariesMsg delivers every series of a region, of every category.
type summariesMsg struct {
	region string
	sums   []model.Summary
	err    error
}

// MODEL

// sidePaneMin is the narrowest terminal that shows the region tree beside
// the table; narrower ones open it over the table with "r", so that names
// keep their width.
const sidePaneMin = 100

// highlights is the first tab: the headline figures of every category.
const highlights model.Category = 0

// maxHighlights bounds the rows one category gives the highlights tab.
const maxHighlights = 3

// selectionLines is the height of the panel under the table that names the
// selected row in full, with where it was published.
const selectionLines = 2

// overview is the first screen: the tabs (要点, then one per category), the
// region tree, and the table of the region's indicators, headline figures
// first; v switches to the roll-up of the region and the regions under it.
type overview struct {
	tablePage
	region   string
	cats     []model.Category // the tabs: highlights, then categories
	cat      model.Category
	all      []model.Summary // every series of the region
	shown    []*model.Summary
	regions  *regionPane
	focusReg bool // the region tree has the keys
	width    int
	height   int
	tabZones []zone
	latest   model.Period
	latestN  int
	roll     *rollup // the roll-up view, when on
	// tabCounts are the tabs' row counts under the filter, in cats order.
	tabCounts []int
}

// zone is a clickable horizontal range on one line.
type zone struct {
	x0, x1 int
	value  int
}

func overviewColumns() []Column {
	return []Column{
		{ZH: "类别", EN: "Category", Fit: true, Drop: 6, Hidden: true},
		{ZH: "指标", EN: "Indicator", Min: 14, Flex: 1, Elide: true},
		{ZH: "期间", EN: "Period", Fit: true},
		{ZH: "数值", EN: "Value", Fit: true, Align: AlignRight},
		{ZH: "同比", EN: "YoY", Fit: true, Align: AlignRight, Drop: 3},
		{ZH: "趋势", EN: "Trend", Min: sparkWidth, Max: sparkWidth, Drop: 4, NoSort: true},
		{ZH: "来源", EN: "Sources", Fit: true, Align: AlignRight, Drop: 5},
	}
}

func newOverview(ctx *Context, region string, cat model.Category) *overview {
	o := &overview{region: region, cat: cat, tablePage: newTablePage(ctx, overviewColumns(), "",
		[2]string{"项指标", "indicators"}, [2]string{"该地区此类别暂无数据", "No figures for this region in this category"})}
	o.regions = newRegionPane(ctx, region)
	o.cats = presentCategories(ctx.Catalog)
	if !o.hasTab(cat) {
		o.cat = highlights
	}
	o.regions.category = o.cat
	return o
}

func (o *overview) hasTab(c model.Category) bool {
	for _, t := range o.cats {
		if t == c {
			return true
		}
	}
	return false
}

// presentCategories returns the tabs: 要点 (highlights), investment,
// industry and desertification always, then the other categories the data
// has.
func presentCategories(c *store.Catalog) []model.Category {
	has := map[model.Category]bool{}
	for _, byCat := range c.SeriesCount {
		for cat, n := range byCat {
			if n > 0 {
				has[cat] = true
			}
		}
	}
	out := []model.Category{highlights}
	for i, cat := range model.Categories {
		if i < 3 || has[cat] {
			out = append(out, cat)
		}
	}
	return out
}

// load fetches every series of the current region in a command: one range
// scan, after which switching tabs reads nothing.
func (o *overview) load() tea.Cmd {
	data, region := o.ctx.Data, o.region
	return func() tea.Msg {
		sums, err := data.RegionSummaries(region, 0)
		return summariesMsg{region: region, sums: sums, err: err}
	}
}

// Reload re-reads the region after the database changed.
func (o *overview) Reload() tea.Cmd {
	o.cats = presentCategories(o.ctx.Catalog)
	o.regions.reset()
	if o.roll != nil {
		o.roll = newRollup(o.ctx, o.region, o.cat)
		o.layoutBody()
		return tea.Batch(o.load(), o.roll.load())
	}
	return o.load()
}

func (o *overview) setRegion(id string) tea.Cmd {
	if id == o.region {
		return nil
	}
	o.region = id
	o.regions.current = id
	o.loaded = false
	cmds := []tea.Cmd{o.load()}
	if o.roll != nil {
		o.roll = newRollup(o.ctx, id, o.cat)
		o.layoutBody()
		cmds = append(cmds, o.roll.load())
	}
	return tea.Batch(cmds...)
}

func (o *overview) setCategory(c model.Category) tea.Cmd {
	if c == o.cat {
		return nil
	}
	o.cat = c
	o.regions.category = c
	o.rebuild()
	if o.roll != nil {
		o.roll = newRollup(o.ctx, o.region, c)
		o.layoutBody()
		return o.roll.load()
	}
	return nil
}

// UPDATE

func (o *overview) Update(msg tea.Msg) (page, tea.Cmd) {
	k := o.ctx.Keys
	switch msg := msg.(type) {
	case summariesMsg:
		if msg.region != o.region {
			return o, nil // a stale answer to an earlier request
		}
		if o.setLoaded(msg.err) {
			o.all = msg.sums
			o.rebuild()
		}
	case rollupMsg:
		if o.roll != nil {
			o.roll.update(msg)
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
		if key.Matches(msg, k.Rollup) {
			return o, o.toggleRollup()
		}
		if o.roll != nil {
			return o, o.roll.key(msg)
		}
		switch {
		case key.Matches(msg, k.Enter):
			if r, ok := o.table.Selected(); ok {
				return o, push(newDetail(o.ctx, seriesKeyOf(r.Key)))
			}
		case key.Matches(msg, k.Compare):
			if r, ok := o.table.Selected(); ok {
				return o, push(newCompare(o.ctx, seriesKeyOf(r.Key).Indicator, o.region))
			}
		default:
			o.handle(msg, 0)
		}
	case tea.MouseMsg:
		return o, o.mouse(msg)
	}
	return o, nil
}

// toggleRollup switches between the region's table and its roll-up.
func (o *overview) toggleRollup() tea.Cmd {
	if o.roll != nil {
		o.roll = nil
		o.layoutBody()
		return nil
	}
	o.roll = newRollup(o.ctx, o.region, o.cat)
	o.layoutBody()
	return o.roll.load()
}

func (o *overview) updateRegions(msg tea.KeyMsg) tea.Cmd {
	k := o.ctx.Keys
	switch {
	case key.Matches(msg, k.Up):
		o.regions.move(-1)
	case key.Matches(msg, k.Down):
		o.regions.move(1)
	case key.Matches(msg, k.Top):
		o.regions.move(-len(o.regions.items))
	case key.Matches(msg, k.Bottom):
		o.regions.move(len(o.regions.items))
	case key.Matches(msg, k.Enter), key.Matches(msg, k.Right), key.Matches(msg, k.Back):
		// Closing the chooser takes the region under the cursor: after /
		// found it, the cursor has not moved onto it with a key.
		cmd := o.setRegion(o.regions.selected())
		o.focusReg = false
		o.regions.setFilter("")
		return cmd
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
	if o.roll != nil {
		o.roll.table.HandleMouse(msg, msg.Y-1)
		return nil
	}
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

// VIEW

// SetSize gives the overview its body size.
func (o *overview) SetSize(w, h int) {
	o.width, o.height = w, h
	o.layoutBody()
}

func (o *overview) layoutBody() {
	tableW := o.width
	if o.sideBySide() {
		tableW = o.width - o.paneWidth() - 1
	}
	tableH := max(1, o.height-1-selectionLines)
	o.table.SetSize(tableW, tableH)
	if o.roll != nil {
		o.roll.setSize(tableW, tableH)
	}
	o.regions.setSize(o.paneWidth(), o.height-1)
}

func (o *overview) sideBySide() bool { return o.width >= sidePaneMin }

func (o *overview) paneWidth() int {
	if !o.sideBySide() {
		return o.width
	}
	return max(16, min(22, o.width/5))
}

// Title is the header's region path.
func (o *overview) Title() string { return o.ctx.RegionPath(o.region) }

// LatestLabel says what the header's "latest" covers: the most recent
// period among the rows, and how many rows are of it.
func (o *overview) LatestLabel() string {
	if o.latest.IsZero() || o.roll != nil {
		return ""
	}
	return fmt.Sprintf(o.ctx.T("最新 %s（%d/%d项）", "latest %s (%d of %d)"), o.latest.Label(o.ctx.Lang), o.latestN, len(o.shown))
}

// Status reports rows, position, sort and filter, or the region chooser's keys.
func (o *overview) Status() string {
	if o.focusReg && o.err == nil {
		s := o.ctx.T("选择地区：↑↓ 移动 · / 查找 · enter 确定", "Choose a region: ↑↓ move · / find · enter done")
		if o.regions.selectedEmpty() {
			// A region without figures in the tab says so, rather than an
			// empty table that looks like a failure.
			s = sanitize.Line(o.ctx.RegionName(o.regions.selected())) + o.ctx.T("：此类别暂无数据", ": no figures in this tab") + " · " + s
		}
		return s
	}
	if o.roll != nil {
		return o.roll.status()
	}
	return o.tablePage.Status()
}

// SetFilter filters the table, or the region tree while choosing a region.
func (o *overview) SetFilter(q string) {
	if o.focusReg {
		// Only the tree narrows: the table follows when a key moves the
		// cursor or the chooser closes, in a command that loads the region.
		o.regions.setFilter(q)
		return
	}
	if o.roll != nil {
		o.roll.table.SetFilter(q)
		return
	}
	o.table.SetFilter(q)
	o.countTabs()
}

// Filter returns the active filter.
func (o *overview) Filter() string {
	switch {
	case o.focusReg:
		return o.regions.filter
	case o.roll != nil:
		return o.roll.table.Filter()
	}
	return o.table.Filter()
}

func (o *overview) View() string {
	tabs := o.tabsLine()
	var main string
	if o.roll != nil {
		main = o.roll.view()
	} else {
		main = o.table.View() + "\n" + o.selectionView(o.table.width)
	}
	var body string
	switch {
	case o.sideBySide():
		pane := strings.Split(o.regions.view(o.focusReg), "\n")
		table := strings.Split(main, "\n")
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
		body = main
	}
	return tabs + "\n" + body
}

// selectionView names the selected row in full (the table may have cut its
// name) with its period, value and where it was published.
func (o *overview) selectionView(w int) string {
	return summaryPanel(o.ctx, o.selected(), false, w)
}

// selected returns the series of the selected row.
func (o *overview) selected() *model.Summary {
	r, ok := o.table.Selected()
	if !ok {
		return nil
	}
	for _, s := range o.shown {
		if keyOf(s.Key) == r.Key {
			return s
		}
	}
	return nil
}

// tabsLine draws the tabs with the region's count in each (following the
// filter); when they do not fit, a window around the active tab with ‹ ›.
func (o *overview) tabsLine() string {
	st := o.ctx.Styles
	type tab struct {
		label string
		cat   model.Category
	}
	tabs := make([]tab, len(o.cats))
	for i, c := range o.cats {
		label := o.ctx.T("要点", "Highlights")
		if c != highlights {
			label = c.Label(o.ctx.Lang)
		}
		n := 0
		if i < len(o.tabCounts) {
			n = o.tabCounts[i]
		}
		if c == o.cat {
			n = o.table.Len() // what the table shows, filtered
		}
		tabs[i] = tab{fmt.Sprintf(" %s %d ", label, n), c}
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
	b.WriteString(left)
	x++
	for i := first; i <= last; i++ {
		label := tabs[i].label
		style := st.Tab
		if i == active {
			style = st.TabActive
			if st.NoColor {
				// Without colour or underline the active tab still shows.
				label = "[" + strings.TrimSpace(label) + "]"
			}
		}
		w := cells.Width(label)
		b.WriteString(style.Render(label))
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

func (o *overview) failed() bool { return o.err != nil || o.roll != nil && o.roll.err != nil }
