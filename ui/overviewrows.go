package ui

import (
	"sort"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/ui/match"
)

// Which series each tab lists, in what order, and how a row reads.

// rebuild lays the current tab's rows out from the region's series. The
// table applies the filter itself, so every row of the tab is given.
func (o *overview) rebuild() {
	o.table.SetHidden(0, o.cat != highlights)
	o.shown = o.rowsOf(o.cat, match.Query{})
	o.latest, o.latestN = model.Period{}, 0
	for _, s := range o.shown {
		switch {
		case o.latest.IsZero() || o.latest.Before(s.Latest.Period) && s.Latest.Period.Comparable():
			o.latest, o.latestN = s.Latest.Period, 1
		case s.Latest.Period == o.latest:
			o.latestN++
		}
	}
	o.table.SetRows(o.tableRows(o.shown))
	o.countTabs()
}

// countTabs counts each tab's rows under the filter, for the tabs line:
// once when the rows or the filter change, not on every frame.
func (o *overview) countTabs() {
	o.tabCounts = o.tabCounts[:0]
	for _, c := range o.cats {
		o.tabCounts = append(o.tabCounts, len(o.rowsOf(c, o.table.query)))
	}
}

// tableRows turns a tab's series into table rows.
func (o *overview) tableRows(list []*model.Summary) []Row {
	rows := make([]Row, 0, len(list))
	growth := o.growthIndex()
	for _, s := range list {
		rows = append(rows, summaryRow(o.ctx, s, o.ctx.Indicator(s.Key.Indicator), growth[s.Key]))
	}
	return rows
}

// growthIndex maps a level's series to the series publishing its growth.
func (o *overview) growthIndex() map[model.SeriesKey]*model.Summary {
	out := map[model.SeriesKey]*model.Summary{}
	for i := range o.all {
		s := &o.all[i]
		if base := o.ctx.Indicator(s.Key.Indicator).GrowthOf; base != "" {
			out[model.SeriesKey{Indicator: base, Region: s.Key.Region, Subject: s.Key.Subject}] = s
		}
	}
	return out
}

// rowsOf returns the series a tab lists, in reading order: headline figures
// first, then the region's other totals (amounts before counts before
// rates), then targets, then figures of single events, projects and firms.
// A growth rate whose level is listed shows in the level's row instead. The
// highlights tab takes each category's first headline figures. When q is
// not empty, only the series it matches.
func (o *overview) rowsOf(c model.Category, q match.Query) []*model.Summary {
	levels := map[model.SeriesKey]bool{}
	for i := range o.all {
		levels[o.all[i].Key] = true
	}
	var out []*model.Summary
	for i := range o.all {
		s := &o.all[i]
		ind := o.ctx.Indicator(s.Key.Indicator)
		if ind.GrowthOf != "" && levels[model.SeriesKey{Indicator: ind.GrowthOf, Region: s.Key.Region, Subject: s.Key.Subject}] {
			continue
		}
		if c != highlights && ind.Category != c {
			continue
		}
		if !q.Empty() && !match.Prepare(ind.NameZH, ind.NameEN, s.Key.Subject, ind.Category.Label(model.Chinese)).Match(q) {
			continue
		}
		out = append(out, s)
	}
	o.sortRows(out)
	if c != highlights {
		return out
	}
	// Highlights: per category, its headline figures, else its first rows.
	var hl []*model.Summary
	hasHeadline := map[model.Category]bool{}
	for _, s := range out {
		ind := o.ctx.Indicator(s.Key.Indicator)
		if s.Key.Subject == "" && model.HeadlineRank(ind.Category, ind.ID) >= 0 {
			hasHeadline[ind.Category] = true
		}
	}
	taken := map[model.Category]int{}
	for _, s := range out {
		ind := o.ctx.Indicator(s.Key.Indicator)
		if taken[ind.Category] >= maxHighlights || s.Key.Subject != "" || ind.Kind == model.KindTarget {
			continue
		}
		if hasHeadline[ind.Category] && model.HeadlineRank(ind.Category, ind.ID) < 0 {
			continue
		}
		taken[ind.Category]++
		hl = append(hl, s)
	}
	sort.SliceStable(hl, func(a, b int) bool {
		return categoryOrder(o.ctx.Indicator(hl[a].Key.Indicator).Category) < categoryOrder(o.ctx.Indicator(hl[b].Key.Indicator).Category)
	})
	return hl
}

// rowOrder is what a row sorts by, made once per row: headline figures
// first, in their order; then region totals by kind (amounts, counts,
// rates, ranks), then targets, then per-subject figures grouped by subject;
// by pinyin within.
type rowOrder struct {
	group, rank, kind int
	subject, name     string
}

func (o *overview) rowOrderOf(s *model.Summary) rowOrder {
	ind := o.ctx.Indicator(s.Key.Indicator)
	r := rowOrder{group: rowGroup(ind, s.Key)}
	if r.group == 0 {
		r.rank = model.HeadlineRank(ind.Category, ind.ID)
		return r
	}
	r.subject, r.kind, r.name = o.ctx.SortKey(s.Key.Subject), kindOrder(ind.Kind), o.ctx.SortKey(ind.Name(o.ctx.Lang))
	return r
}

func (a rowOrder) before(b rowOrder) bool {
	switch {
	case a.group != b.group:
		return a.group < b.group
	case a.group == 0:
		return a.rank < b.rank
	case a.subject != b.subject:
		return a.subject < b.subject
	case a.kind != b.kind:
		return a.kind < b.kind
	}
	return a.name < b.name
}

// sortRows sorts a tab's rows in reading order (see rowOrder), stably.
func (o *overview) sortRows(rows []*model.Summary) {
	type keyed struct {
		s *model.Summary
		k rowOrder
	}
	list := make([]keyed, len(rows))
	for i, s := range rows {
		list[i] = keyed{s, o.rowOrderOf(s)}
	}
	sort.SliceStable(list, func(a, b int) bool { return list[a].k.before(list[b].k) })
	for i := range list {
		rows[i] = list[i].s
	}
}

// rowGroup is a row's group in reading order.
func rowGroup(ind model.Indicator, k model.SeriesKey) int {
	switch {
	case k.Subject != "":
		return 3
	case ind.Kind == model.KindTarget:
		return 2
	case model.HeadlineRank(ind.Category, ind.ID) >= 0:
		return 0
	}
	return 1
}

func kindOrder(k model.Kind) int {
	switch k {
	case model.KindLevel:
		return 0
	case model.KindCount:
		return 1
	case model.KindGrowthPct, model.KindSharePct:
		return 2
	}
	return 3
}

func categoryOrder(c model.Category) int {
	for i, x := range model.Categories {
		if x == c {
			return i
		}
	}
	return len(model.Categories)
}

// summaryRow is one overview row: (category,) indicator, latest period,
// value as published, change on a year earlier, sparkline, sources.
func summaryRow(ctx *Context, s *model.Summary, ind model.Indicator, growth *model.Summary) Row {
	lang := ctx.Lang
	name := summaryName(ctx, s)
	value, valueStyle := valueCell(ctx, s.Latest)
	ch, chStyle, chSort := changeCell(ctx, ind.Kind, s, growth)
	src, srcStyle := sourcesCell(ctx, s)
	p := s.Latest.Period
	return Row{
		Key: keyOf(s.Key),
		Cells: []Cell{
			{Text: ind.Category.Label(lang), Style: CellDim},
			{Text: name},
			{Text: p.Label(lang), Style: CellDim},
			{Text: value, Style: valueStyle},
			{Text: ch, Style: chStyle},
			{Text: trendCell(ctx, s.Points), Style: CellAccent},
			{Text: src, Style: srcStyle},
		},
		Sort: []SortKey{
			{Num: float64(categoryOrder(ind.Category)), Valid: true},
			{Text: match.SortText(name)},
			{Num: periodOrder(p), Valid: true},
			valueSortKey(s.Latest),
			chSort,
			{},
			{Num: float64(s.NSources), Valid: true},
		},
		Search: match.Prepare(ind.NameZH, ind.NameEN, s.Key.Subject, ind.Category.Label(model.Chinese)),
	}
}
