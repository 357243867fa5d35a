package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/ui/match"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// MSG

// rollupMsg delivers the series of every region of a roll-up.
type rollupMsg struct {
	region string
	cat    model.Category
	sums   [][]model.Summary // one list per region, in rollup.regions order
	err    error
}

// MODEL

// rollup is the overview's "v" view: a region's figures beside those of
// the regions under it (a city and its counties), indicator by indicator,
// so that one screen answers "what did the city and each county do". For a
// region without children it shows its parent and its siblings. Where at
// least two of the regions under it publish a total for the same period in
// the same unit, a computed sum says so (算) and how many regions it adds.
type rollup struct {
	tablePage
	region  string
	cat     model.Category
	regions []string // the region whose roll-up this is, then the regions under it
	parent  string   // the roll-up's top region
	sums    map[string]*model.Summary
}

func rollupColumns() []Column {
	return []Column{
		{ZH: "指标", EN: "Indicator", Min: 6, Flex: 1, Elide: true},
		{ZH: "地区", EN: "Region", Fit: true},
		{ZH: "期间", EN: "Period", Fit: true, Drop: 2},
		{ZH: "数值", EN: "Value", Fit: true, Align: AlignRight},
		{ZH: "来源", EN: "Published by", Min: 6, Max: 24, Flex: 1, Drop: 3},
	}
}

func newRollup(ctx *Context, region string, cat model.Category) *rollup {
	r := &rollup{region: region, cat: cat, tablePage: newTablePage(ctx, rollupColumns(), "rollup-"+region,
		[2]string{"行", "rows"}, [2]string{"此地区及下辖地区在此类别暂无数据", "No figures for this region or those under it in this category"})}
	tree := ctx.Catalog.Tree
	top := region
	if len(tree.Children(region)) == 0 {
		if reg, ok := tree.Get(region); ok && reg.Parent != "" {
			top = reg.Parent
		}
	}
	r.parent = top
	r.regions = append([]string{top}, tree.Children(top)...)
	return r
}

// load reads every region's series in one command: one range scan each.
func (r *rollup) load() tea.Cmd {
	data, regions, region, cat := r.ctx.Data, r.regions, r.region, r.cat
	return func() tea.Msg {
		msg := rollupMsg{region: region, cat: cat, sums: make([][]model.Summary, len(regions))}
		for i, id := range regions {
			msg.sums[i], msg.err = data.RegionSummaries(id, cat)
			if msg.err != nil {
				break
			}
		}
		return msg
	}
}

func (r *rollup) update(msg rollupMsg) {
	if msg.region != r.region || msg.cat != r.cat || !r.setLoaded(msg.err) {
		return
	}
	r.rebuild(msg.sums)
}

// key answers the roll-up's own keys: enter opens a series, c compares it.
func (r *rollup) key(msg tea.KeyMsg) tea.Cmd {
	k := r.ctx.Keys
	if row, ok := r.table.Selected(); ok {
		s := r.sums[row.Key]
		switch {
		case s == nil:
		case key.Matches(msg, k.Enter):
			return push(newDetail(r.ctx, s.Key))
		case key.Matches(msg, k.Compare):
			return push(newCompare(r.ctx, s.Key.Indicator, s.Key.Region))
		}
	}
	r.handle(msg, 0)
	return nil
}

// rollupGroup is one indicator's rows.
type rollupGroup struct {
	ind  model.Indicator
	rows []*model.Summary
}

func (r *rollup) rebuild(lists [][]model.Summary) {
	r.sums = map[string]*model.Summary{}
	groups := map[string]*rollupGroup{}
	var order []*rollupGroup
	for _, list := range lists {
		for i := range list {
			s := &list[i]
			ind := r.ctx.Indicator(s.Key.Indicator)
			if s.Key.Subject != "" || ind.GrowthOf != "" && r.cat == highlights {
				continue // per-project figures stay in the region's own table
			}
			if r.cat == highlights && model.HeadlineRank(ind.Category, ind.ID) < 0 {
				continue
			}
			g := groups[ind.ID]
			if g == nil {
				g = &rollupGroup{ind: ind}
				groups[ind.ID] = g
				order = append(order, g)
			}
			g.rows = append(g.rows, s)
		}
	}
	sort.SliceStable(order, func(a, b int) bool {
		ia, ib := order[a].ind, order[b].ind
		// What was achieved before what was planned: headline figures, then
		// the other totals, then targets; within each, indicators several
		// regions publish first (those are what a roll-up is for), then by
		// headline rank and name.
		ga, gb := rowGroup(ia, model.SeriesKey{}), rowGroup(ib, model.SeriesKey{})
		if ga != gb {
			return ga < gb
		}
		if na, nb := len(order[a].rows) > 1, len(order[b].rows) > 1; na != nb {
			return na
		}
		if ra, rb := model.HeadlineRank(ia.Category, ia.ID), model.HeadlineRank(ib.Category, ib.ID); ra != rb {
			return ra < rb
		}
		return r.ctx.SortKey(ia.Name(r.ctx.Lang)) < r.ctx.SortKey(ib.Name(r.ctx.Lang))
	})
	var rows []Row
	for _, g := range order {
		for i, s := range g.rows {
			key := keyOf(s.Key)
			r.sums[key] = s
			rows = append(rows, r.row(s, g.ind, i == 0))
		}
		if total, ok := r.childTotal(g); ok {
			rows = append(rows, total)
		}
	}
	r.table.SetRows(rows)
}

// row is one region's figure for an indicator; the indicator's name shows
// on its first row only, so that the regions read as one group.
func (r *rollup) row(s *model.Summary, ind model.Indicator, first bool) Row {
	name := ""
	if first {
		name = sanitize.Line(ind.Name(r.ctx.Lang))
	}
	region := sanitize.Line(r.ctx.RegionName(s.Key.Region))
	if s.Key.Region == r.parent && len(r.regions) > 1 {
		region += r.ctx.T("本级", " itself")
	}
	value, vs := valueCell(r.ctx, s.Latest)
	src, srcStyle := shortSource(r.ctx, s.Latest.Source), CellDim
	if s.Conflict {
		src, srcStyle = sourcesCell(r.ctx, s)
	}
	p := s.Latest.Period
	return Row{
		Key:   keyOf(s.Key),
		Cells: []Cell{{Text: name}, {Text: region}, {Text: p.Label(r.ctx.Lang), Style: CellDim}, {Text: value, Style: vs}, {Text: src, Style: srcStyle}},
		Sort: []SortKey{{Text: match.SortText(ind.Name(r.ctx.Lang))}, {Text: match.SortText(region)}, {Num: periodOrder(p), Valid: true},
			valueSortKey(s.Latest), {Text: src}},
		Search: match.Prepare(ind.NameZH, ind.NameEN, regionNames(r.ctx, s.Key.Region), ind.Category.Label(model.Chinese)),
	}
}

// childTotal adds up the regions under the top one when at least two of
// them publish a level or a count for the same latest period in the same
// unit. The sum is computed, says so, and says how many regions it covers:
// regions that did not publish are not guessed.
func (r *rollup) childTotal(g *rollupGroup) (Row, bool) {
	if g.ind.Kind != model.KindLevel && g.ind.Kind != model.KindCount || len(r.regions) < 3 {
		return Row{}, false
	}
	var latest model.Period
	for _, s := range g.rows {
		if s.Key.Region != r.parent && (latest.IsZero() || latest.Before(s.Latest.Period)) {
			latest = s.Latest.Period
		}
	}
	var sum float64
	var parts []string
	n, approx := 0, false
	unit := ""
	for _, s := range g.rows {
		o := s.Latest
		if s.Key.Region == r.parent || o.Period != latest {
			continue
		}
		if unit == "" {
			unit = o.Unit
		}
		if o.Unit != unit {
			return Row{}, false
		}
		sum += o.Value
		n++
		approx = approx || o.Qualifier != model.QualNone || o.Derived()
		parts = append(parts, model.FormatNumber(o.Value))
	}
	if n < 2 || !latest.Comparable() {
		return Row{}, false
	}
	obs := model.Observation{Value: sum, Unit: unit, Derivation: strings.Join(parts, "+")}
	value := r.ctx.Styles.Glyph.Approx + sanitize.Line(obs.Display(r.ctx.Lang))
	if !approx {
		value = sanitize.Line(model.FormatDerived(sum) + model.UnitLabel(unit, r.ctx.Lang))
	}
	label := fmt.Sprintf(r.ctx.T("下辖合计（算，%d/%d地）", "sum below (calc, %d of %d)"), n, len(r.regions)-1)
	return Row{
		Key:   "total\x00" + g.ind.ID,
		Cells: []Cell{{}, {Text: label, Style: CellDerived}, {Text: latest.Label(r.ctx.Lang), Style: CellDim}, {Text: value, Style: CellDerived}, {Text: r.ctx.T("由上列数值相加", "added from the rows above"), Style: CellDim}},
		Sort: []SortKey{{Text: match.SortText(g.ind.Name(r.ctx.Lang))}, {Text: "\uffff"}, {Num: periodOrder(latest), Valid: true},
			{Group: unit, Num: sum, Valid: true}, {}},
		Search: match.Prepare(g.ind.NameZH, g.ind.NameEN),
	}, true
}

// VIEW

func (r *rollup) setSize(w, h int) { r.table.SetSize(w, h) }

func (r *rollup) view() string {
	var sel *model.Summary
	if row, ok := r.table.Selected(); ok {
		sel = r.sums[row.Key]
	}
	return r.table.View() + "\n" + summaryPanel(r.ctx, sel, true, r.table.width)
}

func (r *rollup) status() string {
	s := r.tablePage.Status()
	if r.err == nil {
		s = fmt.Sprintf(r.ctx.T("汇总：%s及下辖%d地", "roll-up: %s and %d below"), sanitize.Line(r.ctx.RegionName(r.parent)), len(r.regions)-1) + " · " + s
	}
	return s
}
