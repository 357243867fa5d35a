package ui

import (
	"math"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
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

// events lists investment-promotion events in time order: when, where,
// projects signed, amount (signed, or total investment of the projects, as
// the article put it), companies met, with bars of the amounts. Enter lists
// the event's figures with their citations.
type events struct {
	tablePage
	list []store.Event
	barW int
}

func eventColumns() []Column {
	return []Column{
		{ZH: "时间", EN: "When", Min: 10, Max: 10},
		{ZH: "地区", EN: "Region", Min: 6, Max: 10, Drop: 3},
		{ZH: "活动", EN: "Event", Min: 10, Flex: 2},
		{ZH: "签约项目", EN: "Projects", Min: 8, Max: 8, Align: AlignRight, Drop: 2},
		{ZH: "金额", EN: "Amount", Min: 14, Max: 22, Align: AlignRight, Flex: 1},
		{ZH: "", EN: "", Min: 6, Max: 24, Flex: 1, Drop: 4, NoSort: true},
		{ZH: "企业", EN: "Companies", Min: 9, Max: 9, Align: AlignRight, Drop: 1},
	}
}

func newEvents(ctx *Context) *events {
	return &events{tablePage: newTablePage(ctx, eventColumns(), "events",
		[2]string{"场活动", "events"}, [2]string{"没有招商活动数据", "No promotion events"})}
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

// eventAmount picks the event's money figure: the amount signed, else the
// total investment of the signed projects. Which one it is stays visible in
// the label, since the two are different things.
func (e *events) eventAmount(ev store.Event) (store.EventFigure, model.Indicator, bool) {
	var best store.EventFigure
	var bestInd model.Indicator
	found := false
	for _, f := range ev.Figures {
		ind := e.ctx.Indicator(f.Indicator)
		if ind.Kind == model.KindLevel && model.SameDimension(ind.Unit, "亿元") {
			if !found || strings.Contains(ind.ID, "signed") {
				best, bestInd, found = f, ind, true
			}
		}
	}
	return best, bestInd, found
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

func (e *events) rebuild() {
	scale := 0.0
	amounts := make([]float64, len(e.list))
	for i, ev := range e.list {
		amounts[i] = math.NaN()
		if f, _, ok := e.eventAmount(ev); ok {
			if v, err := model.ConvertUnit(f.Point.Value, f.Unit, "亿元"); err == nil {
				amounts[i] = v
				scale = math.Max(scale, math.Abs(v))
			}
		}
	}
	rows := make([]Row, 0, len(e.list))
	for i, ev := range e.list {
		region := sanitize.Line(e.ctx.RegionName(ev.Region))
		name := sanitize.Line(ev.Subject)
		projects, companies, amount, bar := "", "", "", ""
		var projectsN, companiesN SortKey
		if f, ok := e.eventCount(ev, "项", "个"); ok {
			projects, projectsN = e.figureText(f), SortKey{Num: f.Point.Value, Valid: true}
		}
		if f, ok := e.eventCount(ev, "家"); ok {
			companies, companiesN = e.figureText(f), SortKey{Num: f.Point.Value, Valid: true}
		}
		amountN := SortKey{}
		if f, ind, ok := e.eventAmount(ev); ok {
			amount = e.figureText(f)
			if !strings.Contains(ind.ID, "signed") {
				amount = e.ctx.T("总投资", "inv. ") + amount
			}
			if !math.IsNaN(amounts[i]) {
				bar = spark.Bar(amounts[i], scale, max(1, e.barW), e.ctx.ASCII)
				amountN = SortKey{Num: amounts[i], Valid: true}
			}
		}
		rows = append(rows, Row{
			Key: eventKey(ev),
			Cells: []Cell{{Text: ev.Period.Label(e.ctx.Lang), Style: CellDim}, {Text: region}, {Text: name},
				{Text: projects}, {Text: amount}, {Text: bar, Style: CellAccent}, {Text: companies}},
			Sort: []SortKey{{Num: periodOrder(ev.Period), Valid: true}, {Text: match.SortText(region)}, {Text: match.SortText(name)},
				projectsN, amountN, {}, companiesN},
			Search: match.Prepare(regionNames(e.ctx, ev.Region), ev.Subject),
		})
	}
	e.table.SetRows(rows)
}

// VIEW

// SetSize sizes the table and redraws the bars for the new width.
func (e *events) SetSize(w, h int) {
	e.table.SetSize(w, h)
	if bw := e.table.widths[5]; bw != e.barW {
		e.barW = bw
		if e.loaded {
			e.rebuild()
		}
	}
}

// Title names the screen.
func (e *events) Title() string { return e.ctx.T("招商活动", "Investment-promotion events") }
