package ui

import (
	"fmt"
	"math"
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

// eventsMsg delivers every promotion event.
type eventsMsg struct {
	events []store.Event
	err    error
}

// MODEL

// events lists investment-promotion events grouped by region and year (the
// region the dashboard is on first, then the tree's order), each group in
// time order and closed by a computed total: projects signed, amount
// signed (签约金额) and total investment of the projects signed (签约项目总投资)
// in separate columns, since they are different things. Bars are drawn for
// the amount signed only, on one scale. Enter lists an event's figures with
// their citations.
type events struct {
	tablePage
	list   []store.Event
	barW   int
	region string // the dashboard's region: its events come first
}

// The events table's columns.
const (
	evWhen = iota
	evRegion
	evName
	evProjects
	evSigned
	evBar
	evInvest
	evCompanies
	evSource
)

func eventColumns() []Column {
	return []Column{
		evWhen:      {ZH: "时间", EN: "When", Fit: true},
		evRegion:    {ZH: "地区", EN: "Region", Fit: true, Drop: 4},
		evName:      {ZH: "活动", EN: "Event", Min: 16, Flex: 3, Elide: true},
		evProjects:  {ZH: "签约项目", EN: "Projects", Fit: true, Align: AlignRight, Drop: 3},
		evSigned:    {ZH: "签约金额", EN: "Signed", Fit: true, Align: AlignRight},
		evBar:       {ZH: "", EN: "", Min: 4, Max: 16, Flex: 1, Drop: 5, NoSort: true},
		evInvest:    {ZH: "项目总投资", EN: "Investment", Fit: true, Align: AlignRight, Drop: 2},
		evCompanies: {ZH: "企业", EN: "Firms", Fit: true, Align: AlignRight, Drop: 6},
		evSource:    {ZH: "来源", EN: "Published by", Min: 6, Max: 20, Flex: 1, Drop: 7},
	}
}

func newEvents(ctx *Context, region string) *events {
	return &events{region: region, tablePage: newTablePage(ctx, eventColumns(), "events",
		[2]string{"场活动", "events"}, [2]string{"没有招商活动数据", "No promotion events"})}
}

// setRegion puts the events of region (and the regions under it) first.
func (e *events) setRegion(region string) {
	if region != e.region {
		e.region = region
		if e.loaded {
			e.rebuild()
			e.table.SelectKey("")
		}
	}
}

// Reload fetches the events.
func (e *events) Reload() tea.Cmd {
	data := e.ctx.Data
	return func() tea.Msg {
		list, err := data.Events()
		return eventsMsg{events: list, err: err}
	}
}

// UPDATE

func (e *events) Update(msg tea.Msg) (page, tea.Cmd) {
	k := e.ctx.Keys
	switch msg := msg.(type) {
	case eventsMsg:
		if e.setLoaded(msg.err) {
			e.list = msg.events
			e.rebuild()
		}
	case tea.KeyMsg:
		if key.Matches(msg, k.Enter) {
			if r, ok := e.table.Selected(); ok {
				for _, ev := range e.list {
					if eventKey(ev) == r.Key {
						return e, push(newEventFigures(e.ctx, ev))
					}
				}
			}
		}
	}
	e.handle(msg, 0)
	return e, nil
}

// eventMoney returns the event's figure of a money indicator: signed (the
// amount signed) or not (the total investment of the projects signed).
func (e *events) eventMoney(ev store.Event, signed bool) (store.EventFigure, float64, bool) {
	for _, f := range ev.Figures {
		ind := e.ctx.Indicator(f.Indicator)
		if ind.Kind != model.KindLevel || !model.SameDimension(ind.Unit, "亿元") {
			continue
		}
		if isSigned(ind) == signed {
			v, err := model.ConvertUnit(f.Point.Value, f.Unit, "亿元")
			if err != nil {
				continue
			}
			return f, v, true
		}
	}
	return store.EventFigure{}, 0, false
}

// isSigned tells the amount signed (签约金额, 签约资金) from the total
// investment of the projects signed (总投资).
func isSigned(ind model.Indicator) bool {
	return !strings.Contains(ind.NameZH, "总投资") && !strings.Contains(ind.ID, "investment")
}

// eventCount picks a count figure of the event whose unit is in units.
func (e *events) eventCount(ev store.Event, units ...string) (store.EventFigure, bool) {
	for _, f := range ev.Figures {
		ind := e.ctx.Indicator(f.Indicator)
		if ind.Kind != model.KindCount {
			continue
		}
		for _, u := range units {
			if ind.Unit == u {
				return f, true
			}
		}
	}
	return store.EventFigure{}, false
}

func (e *events) figureText(f store.EventFigure) string {
	o := model.Observation{Value: f.Point.Value, Qualifier: f.Point.Qualifier, Unit: f.Unit, Published: f.Published}
	if f.Point.Derived {
		o.Derivation, o.Published = "derived", ""
	}
	text, _ := valueCell(e.ctx, o)
	return text
}

// eventGroup is the events of one region in one year.
type eventGroup struct {
	region string
	year   int
	list   []store.Event
}

// groups orders the events: the dashboard's region and those under it
// first, then by the region tree, the latest year first, in time order
// within a year.
func (e *events) groups() []*eventGroup {
	order := map[string]int{}
	i := 0
	e.ctx.Catalog.Tree.Walk(func(r model.Region, _ int) { order[r.ID] = i; i++ })
	under := map[string]bool{}
	var mark func(id string)
	mark = func(id string) {
		under[id] = true
		for _, c := range e.ctx.Catalog.Tree.Children(id) {
			mark(c)
		}
	}
	mark(e.region)
	byKey := map[[2]any]*eventGroup{}
	var gs []*eventGroup
	for _, ev := range e.list {
		k := [2]any{ev.Region, ev.Period.Year}
		g := byKey[k]
		if g == nil {
			g = &eventGroup{region: ev.Region, year: ev.Period.Year}
			byKey[k] = g
			gs = append(gs, g)
		}
		g.list = append(g.list, ev)
	}
	sort.SliceStable(gs, func(a, b int) bool {
		ua, ub := under[gs[a].region], under[gs[b].region]
		if ua != ub {
			return ua
		}
		if gs[a].region != gs[b].region {
			return order[gs[a].region] < order[gs[b].region]
		}
		return gs[a].year > gs[b].year
	})
	for _, g := range gs {
		sort.SliceStable(g.list, func(a, b int) bool { return g.list[a].Period.Before(g.list[b].Period) })
	}
	return gs
}

func (e *events) rebuild() {
	scale := 0.0
	for _, ev := range e.list {
		if _, v, ok := e.eventMoney(ev, true); ok {
			scale = math.Max(scale, math.Abs(v))
		}
	}
	var rows []Row
	for _, g := range e.groups() {
		for _, ev := range g.list {
			rows = append(rows, e.eventRow(ev, scale))
		}
		if len(g.list) > 1 { // a total of one event would only repeat it
			rows = append(rows, e.totalRow(g))
		}
	}
	e.table.SetRows(rows)
	// The bar column's width depends on the other columns' content: draw
	// the bars again if setting the rows changed it.
	if bw := e.table.widths[evBar]; bw > 0 && bw != e.barW {
		e.barW = bw
		e.rebuild()
	}
}

func (e *events) eventRow(ev store.Event, scale float64) Row {
	region := sanitize.Line(e.ctx.RegionName(ev.Region))
	name := sanitize.Line(ev.Subject)
	cells := make([]Cell, len(eventColumns()))
	sorts := make([]SortKey, len(cells))
	cells[evWhen] = Cell{Text: ev.Period.Label(e.ctx.Lang), Style: CellDim}
	sorts[evWhen] = SortKey{Num: periodOrder(ev.Period), Valid: true}
	cells[evRegion] = Cell{Text: region}
	sorts[evRegion] = SortKey{Text: match.SortText(region)}
	cells[evName] = Cell{Text: name}
	sorts[evName] = SortKey{Text: match.SortText(name)}
	if f, ok := e.eventCount(ev, "项", "个"); ok {
		cells[evProjects] = Cell{Text: e.figureText(f)}
		sorts[evProjects] = SortKey{Num: f.Point.Value, Valid: true}
	}
	if f, ok := e.eventCount(ev, "家"); ok {
		cells[evCompanies] = Cell{Text: e.figureText(f)}
		sorts[evCompanies] = SortKey{Num: f.Point.Value, Valid: true}
	}
	src := ""
	if f, v, ok := e.eventMoney(ev, true); ok {
		cells[evSigned] = Cell{Text: e.figureText(f)}
		sorts[evSigned] = SortKey{Num: v, Valid: true}
		cells[evBar] = Cell{Text: spark.Bar(v, scale, max(1, e.barW), e.ctx.ASCII), Style: CellAccent}
		src = f.Point.Source
	}
	if f, v, ok := e.eventMoney(ev, false); ok {
		cells[evInvest] = Cell{Text: e.figureText(f)}
		sorts[evInvest] = SortKey{Num: v, Valid: true}
		if src == "" {
			src = f.Point.Source
		}
	}
	if src == "" && len(ev.Figures) > 0 {
		src = ev.Figures[0].Point.Source
	}
	cells[evSource] = Cell{Text: shortSource(e.ctx, src), Style: CellDim}
	sorts[evSource] = SortKey{Text: cells[evSource].Text}
	return Row{Key: eventKey(ev), Cells: cells, Sort: sorts, Search: match.Prepare(regionNames(e.ctx, ev.Region), ev.Subject, strconv.Itoa(ev.Period.Year))}
}

// totalRow adds up a group's events, each column over the events that
// published it, and says how many that is when not all did.
func (e *events) totalRow(g *eventGroup) Row {
	n := len(g.list)
	cells := make([]Cell, len(eventColumns()))
	sorts := make([]SortKey, len(cells))
	sum := func(col int, pick func(store.Event) (float64, string, bool)) {
		var values []float64
		unit := ""
		for _, ev := range g.list {
			if v, u, ok := pick(ev); ok {
				values = append(values, v)
				unit = u
			}
		}
		if len(values) == 0 {
			return
		}
		total, text := model.Sum(values)
		text += unit
		if len(values) < n {
			text += fmt.Sprintf(e.ctx.T("（%d场）", " (%d)"), len(values))
		}
		cells[col] = Cell{Text: text, Style: CellDerived}
		sorts[col] = SortKey{Num: total, Valid: true}
	}
	count := func(units ...string) func(store.Event) (float64, string, bool) {
		return func(ev store.Event) (float64, string, bool) {
			f, ok := e.eventCount(ev, units...)
			return f.Point.Value, model.UnitLabel(f.Unit, e.ctx.Lang), ok
		}
	}
	money := func(signed bool) func(store.Event) (float64, string, bool) {
		return func(ev store.Event) (float64, string, bool) {
			_, v, ok := e.eventMoney(ev, signed)
			return v, model.UnitLabel("亿元", e.ctx.Lang), ok
		}
	}
	sum(evProjects, count("项", "个"))
	sum(evSigned, money(true))
	sum(evInvest, money(false))
	sum(evCompanies, count("家"))
	region := sanitize.Line(e.ctx.RegionName(g.region))
	cells[evWhen] = Cell{Text: fmt.Sprintf(e.ctx.T("%d年", "%d"), g.year), Style: CellDerived}
	cells[evRegion] = Cell{Text: region, Style: CellDerived}
	cells[evName] = Cell{Text: fmt.Sprintf(e.ctx.T("合计（算，%d场）", "Total (calc, %d events)"), n), Style: CellDerived}
	cells[evSource] = Cell{Text: e.ctx.T("由上列相加", "sum of the rows above"), Style: CellDim}
	sorts[evWhen] = SortKey{Num: float64(g.year*10000 + 9999), Valid: true}
	sorts[evRegion] = SortKey{Text: match.SortText(region)}
	sorts[evName] = SortKey{Text: "\uffff"}
	return Row{Key: fmt.Sprintf("total\x00%s\x00%d", g.region, g.year), Cells: cells, Sort: sorts,
		Search: match.Prepare(regionNames(e.ctx, g.region), strconv.Itoa(g.year), "合计 total")}
}

// VIEW

// SetSize sizes the table above the panel and redraws the bars for the
// new width.
func (e *events) SetSize(w, h int) {
	e.table.SetSize(w, max(1, h-selectionLines))
	if bw := e.table.widths[evBar]; bw != e.barW {
		e.barW = bw
		if e.loaded {
			e.rebuild()
		}
	}
}

// View draws the table and, under it, the selected event in full with
// where it was published, or what a total adds up.
func (e *events) View() string {
	return e.table.View() + "\n" + e.panel(e.table.width)
}

func (e *events) panel(w int) string {
	st := e.ctx.Styles
	r, ok := e.table.Selected()
	if !ok {
		return cells.FitLines("", w, selectionLines)
	}
	for _, ev := range e.list {
		if eventKey(ev) != r.Key {
			continue
		}
		first := st.Glyph.Cursor + " " + st.Heading.Render(sanitize.Line(ev.Subject)) + "  " +
			sanitize.Line(e.ctx.RegionName(ev.Region)) + " " + ev.Period.Label(e.ctx.Lang)
		src := ""
		if len(ev.Figures) > 0 {
			id := ev.Figures[0].Point.Source
			src = sourceLine(e.ctx, sourceOf(e.ctx, id), id)
		}
		second := "  " + st.Label.Render(e.ctx.T("来源：", "Source: ")) + src
		return cells.Fit(first, w) + "\n" + cells.Fit(second, w)
	}
	// A total: what it adds up, column by column.
	var parts []string
	for _, col := range []int{evProjects, evSigned, evInvest, evCompanies} {
		if t := r.Cells[col].Text; t != "" {
			parts = append(parts, e.ctx.T(eventColumns()[col].ZH, eventColumns()[col].EN)+" "+t)
		}
	}
	first := st.Glyph.Cursor + " " + st.Heading.Render(r.Cells[evRegion].Text+" "+r.Cells[evWhen].Text+" "+r.Cells[evName].Text)
	second := "  " + st.Cell[CellDerived].Render(strings.Join(parts, e.ctx.T("；", "; "))) +
		st.Label.Render(e.ctx.T("（括号内为有此项数据的场次）", " (in brackets: the events that published it)"))
	return cells.Fit(first, w) + "\n" + cells.Fit(second, w)
}

// Title names the screen.
func (e *events) Title() string { return e.ctx.T("招商活动", "Investment-promotion events") }
