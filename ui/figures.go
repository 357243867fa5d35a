package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/cells"
	"github.com/gansudash/gansudash/ui/match"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// MSG

// figuresMsg delivers the observations of a figure list.
type figuresMsg struct {
	id   string
	obs  []model.Observation
	more bool
	err  error
}

// MODEL

// maxListedFigures bounds a source's figure list; a source imported with a
// million figures is browsed through the overview, not listed whole.
const maxListedFigures = 5000

// citationLines is the height of the panel under a figure list.
const citationLines = 4

// figures lists observations (of one source, or one event) with the
// citation of the selected one in a panel below; enter opens its series.
type figures struct {
	tablePage
	id     string
	title  string
	load   func(Data) ([]model.Observation, bool, error)
	obs    map[string]model.Observation
	more   bool
	width  int
	height int
}

func figureColumns() []Column {
	return []Column{
		{ZH: "地区", EN: "Region", Min: 8, Max: 16, Drop: 2, Flex: 1},
		{ZH: "指标", EN: "Indicator", Min: 10, Flex: 3},
		{ZH: "期间", EN: "Period", Min: 12, Max: 12, Drop: 1},
		{ZH: "数值", EN: "Value", Min: 13, Max: 18, Align: AlignRight, Flex: 1},
	}
}

func newFigures(ctx *Context, id, title string, load func(Data) ([]model.Observation, bool, error)) *figures {
	return &figures{id: id, title: title, load: load, tablePage: newTablePage(ctx, figureColumns(), "figures",
		[2]string{"条数据", "figures"}, [2]string{"没有数据", "No figures"})}
}

func newSourceFigures(ctx *Context, src store.SourceInfo) *figures {
	id := src.ID
	return newFigures(ctx, "source:"+id, ctx.T("来源：", "Source: ")+sanitize.Line(src.Title),
		func(d Data) ([]model.Observation, bool, error) { return d.SourceObservations(id, maxListedFigures) })
}

func newEventFigures(ctx *Context, ev store.Event) *figures {
	return newFigures(ctx, "event:"+eventKey(ev), ctx.T("招商活动：", "Event: ")+sanitize.Line(ev.Subject),
		func(d Data) ([]model.Observation, bool, error) {
			var out []model.Observation
			for _, f := range ev.Figures {
				s, err := d.Series(model.SeriesKey{Indicator: f.Indicator, Region: ev.Region, Subject: ev.Subject})
				if err != nil {
					return nil, false, err
				}
				out = append(out, s.At(ev.Period)...)
			}
			return out, false, nil
		})
}

// Reload fetches the figures.
func (f *figures) Reload() tea.Cmd {
	data, load, id := f.ctx.Data, f.load, f.id
	return func() tea.Msg {
		obs, more, err := load(data)
		return figuresMsg{id: id, obs: obs, more: more, err: err}
	}
}

// UPDATE

func (f *figures) Update(msg tea.Msg) (page, tea.Cmd) {
	switch msg := msg.(type) {
	case figuresMsg:
		if msg.id != f.id {
			return f, nil
		}
		if f.setLoaded(msg.err) {
			f.more = msg.more
			f.rebuild(msg.obs)
		}
	case tea.KeyMsg:
		if key.Matches(msg, f.ctx.Keys.Enter) {
			if r, ok := f.table.Selected(); ok {
				o := f.obs[r.Key]
				return f, push(newDetail(f.ctx, o.Key()))
			}
		}
	}
	f.handle(msg, 0)
	return f, nil
}

func (f *figures) rebuild(list []model.Observation) {
	f.obs = make(map[string]model.Observation, len(list))
	rows := make([]Row, 0, len(list))
	for _, o := range list {
		k := figureRowKey(o)
		f.obs[k] = o
		ind := f.ctx.Indicator(o.Indicator)
		name := sanitize.Line(ind.Name(f.ctx.Lang))
		if o.Subject != "" {
			name += " · " + sanitize.Line(o.Subject)
		}
		region := sanitize.Line(f.ctx.RegionName(o.Region))
		value, vs := valueCell(f.ctx, o)
		rows = append(rows, Row{
			Key:    k,
			Cells:  []Cell{{Text: region, Style: CellDim}, {Text: name}, {Text: o.Period.Label(f.ctx.Lang), Style: CellDim}, {Text: value, Style: vs}},
			Sort:   []SortKey{{Text: match.SortText(region)}, {Text: match.SortText(name)}, {Num: periodOrder(o.Period), Valid: true}, {Num: o.Value, Valid: true}},
			Search: match.Prepare(ind.NameZH, ind.NameEN, o.Subject, regionNames(f.ctx, o.Region)),
		})
	}
	f.table.SetRows(rows)
}

// VIEW

// SetSize gives the table the space above the citation panel.
func (f *figures) SetSize(w, h int) {
	f.width, f.height = w, h
	f.table.SetSize(w, max(1, h-citationLines-1))
}

// Title names the source or event.
func (f *figures) Title() string { return f.title }

// Status reports rows, position, and whether the list was cut.
func (f *figures) Status() string {
	s := f.tablePage.Status()
	if f.more && f.err == nil {
		s += " · " + fmt.Sprintf(f.ctx.T("仅列出前 %d 条", "first %d only"), maxListedFigures)
	}
	return s
}

func (f *figures) View() string {
	st := f.ctx.Styles
	var panel []string
	if r, ok := f.table.Selected(); ok {
		o := f.obs[r.Key]
		src, _ := f.ctx.Catalog.Source(o.Source)
		panel = append(panel, st.Label.Render(f.ctx.T("来源：", "Source: "))+sanitize.Line(sourceLine(f.ctx, src, o.Source)))
		if o.Fragment != "" {
			panel = append(panel, st.Label.Render(f.ctx.T("原文：", "Text:   "))+st.Fragment.Render("“"+sanitize.Line(o.Fragment)+"”"))
		}
		if o.Derived() {
			panel = append(panel, st.Label.Render(f.ctx.T("推算：", "Derived: "))+sanitize.Line(o.Derivation))
		}
		if note := o.Note(f.ctx.Lang); note != "" {
			panel = append(panel, st.Label.Render(f.ctx.T("备注：", "Note:   "))+st.Note.Render(sanitize.Line(note)))
		}
	}
	rule := st.Rule.Render(strings.Repeat(st.Glyph.HRule, f.width))
	panelText := cells.FitLines(strings.Join(panel, "\n"), f.width, max(0, f.height-f.table.height-2))
	out := f.table.View() + "\n" + rule
	if panelText != "" {
		out += "\n" + panelText
	}
	return out
}

// sources lists every source with its publisher, date and number of
// figures; enter lists its figures.
type sources struct {
	tablePage
}

func sourceColumns() []Column {
	return []Column{
		{ZH: "标题", EN: "Title", Min: 12, Flex: 1},
		{ZH: "作者", EN: "Authors", Min: 8, Max: 14, Drop: 3},
		{ZH: "出版方", EN: "Publisher", Min: 8, Max: 12, Drop: 2},
		{ZH: "日期", EN: "Date", Min: 10, Max: 10, Drop: 1},
		{ZH: "数据", EN: "Figures", Min: 5, Max: 8, Align: AlignRight},
	}
}

func newSources(ctx *Context) *sources {
	return &sources{tablePage: newTablePage(ctx, sourceColumns(), "sources",
		[2]string{"个来源", "sources"}, [2]string{"没有来源", "No sources"})}
}

// Reload rebuilds the rows from the catalog (which already holds every
// source and its count).
func (s *sources) Reload() tea.Cmd {
	rows := make([]Row, 0, len(s.ctx.Catalog.Sources))
	notStated := s.ctx.T("未注明", "not stated")
	for _, src := range s.ctx.Catalog.Sources {
		pub, date := sanitize.Line(src.Publisher), sanitize.Line(src.Date)
		pubStyle, dateStyle := CellPlain, CellPlain
		if pub == "" {
			pub, pubStyle = notStated, CellDim
		}
		if date == "" {
			date, dateStyle = notStated, CellDim
		}
		title := sanitize.Line(src.Title)
		rows = append(rows, Row{
			Key: src.ID,
			Cells: []Cell{{Text: title}, {Text: sanitize.Line(src.Authors), Style: CellDim}, {Text: pub, Style: pubStyle},
				{Text: date, Style: dateStyle}, {Text: strconv.Itoa(src.Figures)}},
			Sort: []SortKey{{Text: match.SortText(title)}, {Text: match.SortText(src.Authors)}, {Text: match.SortText(src.Publisher)},
				{Text: src.Date}, {Num: float64(src.Figures), Valid: true}},
			Search: match.Prepare(src.Title, src.Publisher, src.Authors, src.ID),
		})
	}
	s.table.SetRows(rows)
	return nil
}

func (s *sources) Update(msg tea.Msg) (page, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if key.Matches(msg, s.ctx.Keys.Enter) {
			if r, ok := s.table.Selected(); ok {
				if src, ok := s.ctx.Catalog.Source(r.Key); ok {
					return s, push(newSourceFigures(s.ctx, src))
				}
			}
		}
	}
	s.handle(msg, 0)
	return s, nil
}

// Title names the screen.
func (s *sources) Title() string { return s.ctx.T("来源", "Sources") }
