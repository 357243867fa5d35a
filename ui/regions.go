package ui

import (
	"strconv"
	"strings"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/ui/cells"
	"github.com/gansudash/gansudash/ui/match"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// regionPane is the region tree (province › city › county/district › park)
// beside the overview's table. Regions without figures stay listed, dimmed,
// so the tree is always whole.
type regionPane struct {
	ctx      *Context
	all      []regionItem // the whole tree
	items    []regionItem // what shows: the tree, or the regions the filter finds
	category model.Category
	filter   string
	cursor   int
	offset   int
	current  string
	width    int
	height   int // lines, title included
}

type regionItem struct {
	id     string
	depth  int
	search match.Fields
}

func newRegionPane(ctx *Context, current string) *regionPane {
	p := &regionPane{ctx: ctx, current: current}
	p.reset()
	p.cursorTo(current)
	return p
}

// reset rebuilds the list from the catalog (after the data changed).
func (p *regionPane) reset() {
	p.all = p.all[:0]
	p.ctx.Catalog.Tree.Walk(func(r model.Region, depth int) {
		p.all = append(p.all, regionItem{id: r.ID, depth: depth, search: match.Prepare(r.NameZH, r.NameEN, r.ID)})
	})
	p.applyFilter()
	p.cursorTo(p.current)
}

// setFilter narrows the list to the regions whose Chinese or English name
// (or pinyin initials) match q, and puts the cursor on the first.
func (p *regionPane) setFilter(q string) {
	if q == p.filter {
		return
	}
	p.filter = q
	p.applyFilter()
	p.cursor = 0
	if q == "" {
		p.cursorTo(p.current)
	}
	p.clamp()
}

func (p *regionPane) applyFilter() {
	p.items = p.items[:0]
	query := match.NewQuery(p.filter)
	for _, it := range p.all {
		if query.Empty() || it.search.Match(query) {
			p.items = append(p.items, it)
		}
	}
}

// count is the number of series a region has in the active category (in
// every category on the highlights tab).
func (p *regionPane) count(id string) int {
	if p.category == highlights {
		return p.ctx.Catalog.RegionSeries(id)
	}
	return p.ctx.Catalog.SeriesCount[id][p.category]
}

func (p *regionPane) setSize(w, h int) {
	p.width, p.height = w, h
	p.clamp()
}

func (p *regionPane) cursorTo(id string) {
	for i, it := range p.items {
		if it.id == id {
			p.cursor = i
		}
	}
	p.clamp()
}

func (p *regionPane) move(d int) {
	p.cursor += d
	p.clamp()
}

func (p *regionPane) clamp() {
	p.cursor = max(0, min(p.cursor, len(p.items)-1))
	rows := max(1, p.height-1)
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+rows {
		p.offset = p.cursor - rows + 1
	}
	p.offset = max(0, min(p.offset, len(p.items)-rows))
}

func (p *regionPane) selected() string {
	if p.cursor < len(p.items) {
		return p.items[p.cursor].id
	}
	return p.current
}

// selectedEmpty says whether the region under the cursor has no figures
// in the active category.
func (p *regionPane) selectedEmpty() bool {
	return p.cursor < len(p.items) && p.count(p.items[p.cursor].id) == 0
}

// at returns the region on line y of the pane (0 is the title).
func (p *regionPane) at(y int) (string, bool) {
	i := p.offset + y - 1
	if y < 1 || i >= len(p.items) {
		return "", false
	}
	return p.items[i].id, true
}

func (p *regionPane) view(focused bool) string {
	st := p.ctx.Styles
	lines := make([]string, 0, p.height)
	// The counts are the active tab's: their column says so.
	title, unit := p.ctx.T("地区", "Regions"), p.ctx.T("项", "n")
	if focused {
		title = p.ctx.T("选择地区", "Choose")
	}
	if p.filter != "" {
		title += " /" + sanitize.Line(p.filter)
	}
	head := cells.Fit(" "+title, max(1, p.width-cells.Width(unit))) + unit
	lines = append(lines, st.TableHeader.Render(cells.Fit(head, p.width)))
	if len(p.items) == 0 {
		lines = append(lines, st.RegionNo.Render(cells.Fit(" "+p.ctx.T("没有匹配的地区", "No region matches"), p.width)))
	}
	for i := p.offset; i < len(p.items) && len(lines) < p.height; i++ {
		it := p.items[i]
		name := sanitize.Line(p.ctx.RegionName(it.id))
		n := p.count(it.id)
		count := "-"
		if n > 0 {
			count = strconv.Itoa(n)
		}
		cw := cells.Width(count)
		indent := strings.Repeat(" ", 1+min(it.depth, 4))
		nameW := max(1, p.width-cells.Width(indent)-cw-1)
		text := indent + cells.Fit(name, nameW) + " " + cells.FitRight(count, cw)
		text = cells.Fit(text, p.width)
		switch {
		case focused && i == p.cursor:
			lines = append(lines, st.Selected.Render(st.Glyph.Cursor+cells.Fit(text[1:], p.width-1)))
		case it.id == p.current:
			lines = append(lines, st.RegionCurrent.Render(text))
		case n == 0:
			lines = append(lines, st.RegionNo.Render(text))
		default:
			lines = append(lines, text)
		}
	}
	blank := strings.Repeat(" ", p.width)
	for len(lines) < p.height {
		lines = append(lines, blank)
	}
	return strings.Join(lines, "\n")
}
