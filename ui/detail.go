package ui

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/ui/cells"
	"github.com/gansudash/gansudash/ui/sanitize"
	"github.com/gansudash/gansudash/ui/spark"
)

// MSG

// seriesMsg delivers one series for the detail screen.
type seriesMsg struct {
	key    model.SeriesKey
	series model.Series
	target model.Series // the indicator's target (X_target) in the same region, if any
	err    error
}

// MODEL

// detail shows one series: its chart sized to the terminal, the change on a
// year earlier both as published and as computed, and every observation with
// its citation (source, publisher, date, verbatim fragment).
type detail struct {
	ctx    *Context
	key    model.SeriesKey
	series model.Series
	target model.Series
	loaded bool
	err    error
	width  int
	height int
	scroll int
	lines  []string
}

func newDetail(ctx *Context, k model.SeriesKey) *detail {
	return &detail{ctx: ctx, key: k}
}

// Reload fetches the series.
func (d *detail) Reload() tea.Cmd {
	data, k := d.ctx.Data, d.key
	targetID := ""
	if t, ok := d.ctx.Catalog.Indicators[k.Indicator+"_target"]; ok && t.Kind == model.KindTarget {
		targetID = t.ID
	}
	return func() tea.Msg {
		s, err := data.Series(k)
		msg := seriesMsg{key: k, series: s, err: err}
		if err == nil && targetID != "" {
			tk := k
			tk.Indicator = targetID
			msg.target, msg.err = data.Series(tk)
		}
		return msg
	}
}

// UPDATE

func (d *detail) Update(msg tea.Msg) (page, tea.Cmd) {
	k := d.ctx.Keys
	switch msg := msg.(type) {
	case seriesMsg:
		if msg.key != d.key {
			return d, nil
		}
		d.err = msg.err
		if msg.err == nil {
			d.series, d.target, d.loaded = msg.series, msg.target, true
		}
		d.render()
	case tea.KeyMsg:
		page := max(1, d.height-1)
		switch {
		case key.Matches(msg, k.Up):
			d.scrollBy(-1)
		case key.Matches(msg, k.Down):
			d.scrollBy(1)
		case key.Matches(msg, k.HalfUp):
			d.scrollBy(-page / 2)
		case key.Matches(msg, k.HalfDown):
			d.scrollBy(page / 2)
		case key.Matches(msg, k.PageUp):
			d.scrollBy(-page)
		case key.Matches(msg, k.PageDown):
			d.scrollBy(page)
		case key.Matches(msg, k.Top):
			d.scroll = 0
		case key.Matches(msg, k.Bottom):
			d.scrollBy(len(d.lines))
		case key.Matches(msg, k.Compare):
			return d, push(newCompare(d.ctx, d.key.Indicator, d.key.Region))
		}
	case tea.MouseMsg:
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			d.scrollBy(-3)
		case tea.MouseButtonWheelDown:
			d.scrollBy(3)
		}
	}
	return d, nil
}

func (d *detail) scrollBy(n int) {
	d.scroll = max(0, min(d.scroll+n, len(d.lines)-d.height))
}

// VIEW

// SetSize sets the body size and re-lays out the content.
func (d *detail) SetSize(w, h int) {
	d.width, d.height = w, h
	d.render()
}

// Title names the indicator, subject and region.
func (d *detail) Title() string {
	name := sanitize.Line(d.ctx.Indicator(d.key.Indicator).Name(d.ctx.Lang))
	if d.key.Subject != "" {
		name += " · " + sanitize.Line(d.key.Subject)
	}
	return name + " — " + d.ctx.RegionPath(d.key.Region)
}

// Status tells how far the reader has scrolled.
func (d *detail) Status() string {
	if d.err != nil {
		return loadError(d.ctx, d.err)
	}
	if !d.loaded {
		return d.ctx.T("读取中…", "Loading…")
	}
	n := len(d.series.Observations)
	return fmt.Sprintf(d.ctx.T("%d 条数据 · 第 %d/%d 行", "%d figures · line %d/%d"),
		n, min(d.scroll+1, len(d.lines)), len(d.lines))
}

func (d *detail) View() string {
	if d.height <= 0 {
		return ""
	}
	end := min(len(d.lines), d.scroll+d.height)
	return cells.FitLines(strings.Join(d.lines[d.scroll:end], "\n"), d.width, d.height)
}

// render lays the content out for the current width and language.
func (d *detail) render() {
	d.lines = d.lines[:0]
	if d.width <= 0 {
		return
	}
	st := d.ctx.Styles
	add := func(s string) { d.lines = append(d.lines, s) }
	if !d.loaded {
		add(st.Label.Render(d.ctx.T("读取中…", "Loading…")))
		return
	}
	ind := d.series.Indicator
	lang := d.ctx.Lang
	add(st.Heading.Render(cells.Fit(sanitize.Line(ind.Name(lang)), d.width)))
	meta := fmt.Sprintf("%s %s · %s %s · %s %s",
		d.ctx.T("类别", "category"), ind.Category.Label(lang),
		d.ctx.T("单位", "unit"), sanitize.Line(model.UnitLabel(ind.Unit, lang)),
		d.ctx.T("类型", "kind"), ind.Kind.Label(lang))
	if d.key.Subject != "" {
		meta = ind.Scope.Label(lang) + " " + sanitize.Line(d.key.Subject) + " · " + meta
	}
	for _, l := range cells.Wrap(meta, d.width) {
		add(st.Label.Render(l))
	}
	for _, l := range d.changeLines() {
		add(l)
	}
	if conflicts := d.series.Conflicts(); len(conflicts) > 0 {
		// Sources that disagree are shown, never settled silently.
		labels := make([]string, len(conflicts))
		for i, p := range conflicts {
			labels[i] = p.Label(lang)
		}
		text := fmt.Sprintf(d.ctx.T("%d个来源对%s的数据说法不一致，各来源数值见下", "%d sources disagree about %s; each is listed below"),
			len(d.series.Sources()), strings.Join(labels, d.ctx.T("、", ", ")))
		for _, l := range cells.Wrap(text, d.width) {
			add(st.Cell[CellWarn].Render(l))
		}
	}
	add("")
	for _, l := range d.chart() {
		add(l)
	}
	add("")
	add(st.Heading.Render(d.ctx.T("数据与出处", "Figures and where they were published")))
	obs := append([]model.Observation(nil), d.series.Observations...)
	for i := len(obs) - 1; i >= 0; i-- { // newest first
		d.citation(obs[i], ind)
	}
	if len(d.series.Growth) > 0 {
		add("")
		add(st.Heading.Render(d.ctx.T("公布的增速", "Published growth rates")))
		for i := len(d.series.Growth) - 1; i >= 0; i-- {
			g := d.series.Growth[i]
			d.citation(g, d.ctx.Indicator(g.Indicator))
		}
	}
	if len(d.target.Observations) > 0 {
		add("")
		add(st.Heading.Render(d.ctx.T("目标", "Targets")))
		for i := len(d.target.Observations) - 1; i >= 0; i-- {
			d.citation(d.target.Observations[i], d.target.Indicator)
		}
	}
	if len(d.series.Revisions) > 0 {
		add("")
		add(st.Heading.Render(d.ctx.T("修订记录", "Revisions")))
		// Each revised figure: its value now, then every value it replaced,
		// newest first.
		for i := len(obs) - 1; i >= 0; i-- {
			o := obs[i]
			var revs []model.Revision
			for _, r := range d.series.Revisions {
				if r.Old.Period == o.Period && r.Old.Source == o.Source {
					revs = append(revs, r)
				}
			}
			if len(revs) == 0 {
				continue
			}
			value, style := valueCell(d.ctx, o)
			add(cells.Fit(st.Glyph.Bullet+" "+o.Period.Label(lang)+"  "+st.Label.Render(d.ctx.T("现为 ", "now "))+st.Cell[style].Render(value), d.width))
			for j := len(revs) - 1; j >= 0; j-- {
				d.revision(revs[j])
			}
		}
	}
	d.scroll = max(0, min(d.scroll, len(d.lines)-d.height))
}

// changeLines shows the change on a year earlier as published and as
// computed, side by side, never one passed off as the other.
func (d *detail) changeLines() []string {
	st := d.ctx.Styles
	kind := d.series.Indicator.Kind
	pts := d.series.Points()
	if len(pts) == 0 {
		return nil
	}
	latest := pts[len(pts)-1]
	var out []string
	if pub, ok := model.ChangeOf(kind, pts[len(pts)-1:], d.series.Growth); ok && pub.Published {
		text, style, _ := formatChange(d.ctx, kind, pub)
		out = append(out, st.Label.Render(d.ctx.T("同比（公布）", "YoY, as published, ")+latest.Period.Label(d.ctx.Lang)+d.ctx.T("：", ": "))+st.Cell[style].Render(text))
	}
	// A change computed from a level that was itself derived from the
	// published rate only restates that rate: it is not shown twice.
	if c, ok := model.ChangeOf(kind, pts, nil); ok && !c.Published && !(c.Derived && len(out) > 0) {
		text, style, _ := formatChange(d.ctx, kind, c)
		basis := fmt.Sprintf(d.ctx.T("（%s 对 %s", " (%s vs %s"), c.To.Label(d.ctx.Lang), c.From.Label(d.ctx.Lang))
		if c.Derived {
			basis += d.ctx.T("，含推算值", "; uses a derived level")
		}
		if c.CrossSource {
			basis += d.ctx.T("，两期数据出自不同来源，口径可能不同", "; the two figures come from different sources, whose definitions may differ")
		}
		basis += d.ctx.T("）", ")")
		line := st.Label.Render(d.ctx.T("同比（计算）", "YoY, computed ")) + st.Cell[style].Render(text) + st.Label.Render(basis)
		out = append(out, line)
	}
	if len(out) == 0 {
		out = append(out, st.Label.Render(d.ctx.T("同比：无可比数据", "YoY: no comparable figure")))
	}
	for i, l := range out {
		out[i] = cells.Fit(l, d.width)
	}
	return out
}

// chartEntry is one line of the chart: a period's figure, or its target.
type chartEntry struct {
	label  string
	value  string
	v      float64
	target bool
	warn   string
	style  CellStyle
}

// chart draws the series over time, oldest first: one bar per period with
// its label, scaled to the largest magnitude (negative values to the left of
// a zero axis). A target set for a period draws on its own line, in its own
// style, under the figure achieved; a period whose sources disagree says so.
func (d *detail) chart() []string {
	st := d.ctx.Styles
	lang := d.ctx.Lang
	// Bars compare like with like: the periods of the latest one's shape
	// (years with years, as-of dates with as-of dates), unless fewer than
	// two are; the others are listed with their citations below.
	pts := d.series.Points()
	if len(pts) > 0 {
		last := pts[len(pts)-1].Period
		var same []model.Point
		for _, p := range pts {
			if p.Period.SameShape(last) {
				same = append(same, p)
			}
		}
		if len(same) >= 2 {
			pts = same
		}
	}
	targets := map[model.Period]model.Point{}
	for _, p := range d.target.Points() {
		targets[p.Period] = p
	}
	conflict := map[model.Period]bool{}
	for _, p := range d.series.Conflicts() {
		conflict[p] = true
	}
	// Targets of periods with no figure yet (a plan) show too.
	var periods []model.Period
	seen := map[model.Period]bool{}
	for _, p := range pts {
		periods, seen[p.Period] = append(periods, p.Period), true
	}
	for _, p := range d.target.Points() {
		if !seen[p.Period] {
			periods, seen[p.Period] = append(periods, p.Period), true
		}
	}
	sort.SliceStable(periods, func(a, b int) bool { return periods[a].Before(periods[b]) })
	byPeriod := map[model.Period]model.Point{}
	for _, p := range pts {
		byPeriod[p.Period] = p
	}
	var entries []chartEntry
	for _, per := range periods {
		if p, ok := byPeriod[per]; ok {
			v := model.FormatNumber(p.Value)
			style := CellAccent
			if p.Derived {
				v, style = st.Glyph.Approx+model.FormatDerived(p.Value), CellDerived
			}
			e := chartEntry{label: per.Label(lang), value: p.Qualifier.Apply(v, lang), v: p.Value, style: style}
			if conflict[per] {
				e.warn = d.ctx.T("来源不一致", "sources disagree")
			}
			entries = append(entries, e)
		}
		if t, ok := targets[per]; ok {
			label := d.ctx.T("  目标", "  target")
			if _, ok := byPeriod[per]; !ok {
				label = per.Label(lang) + d.ctx.T(" 目标", " target")
			}
			entries = append(entries, chartEntry{label: label, value: t.Qualifier.Apply(model.FormatNumber(t.Value), lang), v: t.Value, target: true, style: CellDim})
		}
	}
	maxRows := max(3, d.height/2-2)
	if len(entries) > maxRows {
		entries = entries[len(entries)-maxRows:]
	}
	if len(entries) == 0 {
		return nil
	}
	labelW, valueW := 0, 0
	scale, neg := 0.0, false
	for _, e := range entries {
		labelW = max(labelW, cells.Width(e.label))
		valueW = max(valueW, cells.Width(e.value)+cells.Width(e.warn)+min(1, len(e.warn)))
		scale = math.Max(scale, math.Abs(e.v))
		neg = neg || e.v < 0
	}
	barW := d.width - labelW - valueW - 2
	if barW < 4 {
		labelW = min(labelW, d.width/3)
		barW = max(1, d.width-labelW-valueW-2)
	}
	unit := sanitize.Line(model.UnitLabel(d.series.Indicator.Unit, lang))
	out := []string{st.Label.Render(cells.Fit(d.ctx.T("历年数据（", "Over time (")+unit+d.ctx.T("）", ")"), d.width))}
	for _, e := range entries {
		drawBar := func(v float64, w int) string {
			if e.target {
				return targetBar(v, scale, w, d.ctx.ASCII)
			}
			return spark.Bar(v, scale, w, d.ctx.ASCII)
		}
		var bar string
		if neg {
			half := barW / 2
			b := drawBar(e.v, half)
			if e.v < 0 {
				bar = cells.FitRight(b, half) + st.Glyph.VRule + strings.Repeat(" ", barW-half-1)
			} else {
				bar = strings.Repeat(" ", half) + st.Glyph.VRule + cells.Fit(b, barW-half-1)
			}
		} else {
			bar = cells.Fit(drawBar(e.v, barW), barW)
		}
		value := e.value
		if e.warn != "" {
			value += " " + st.Cell[CellWarn].Render(e.warn)
		}
		line := cells.Fit(e.label, labelW) + " " + st.Cell[e.style].Render(bar) + " " + cells.FitRight(value, valueW)
		out = append(out, cells.Fit(line, d.width))
	}
	return out
}

// targetBar draws a target as an outline bar (░, or = in ASCII), so that
// it is never read as a figure achieved.
func targetBar(v, scale float64, width int, ascii bool) string {
	n := len([]rune(spark.Bar(v, scale, width, true))) // whole cells, as ASCII draws them
	glyph := "░"
	if ascii {
		glyph = "="
	}
	return strings.Repeat(glyph, n)
}

// revision adds a value an import replaced: the figure as it was, and when
// and by which file it was replaced.
func (d *detail) revision(r model.Revision) {
	st := d.ctx.Styles
	value, _ := valueCell(d.ctx, r.Old)
	when := r.ReplacedAt.Local().Format("2006-01-02 15:04")
	by := sanitize.Line(r.ReplacedBy)
	if by == "" {
		by = d.ctx.T("（未记录文件）", "(no file recorded)")
	}
	text := fmt.Sprintf(d.ctx.T("原为 %s，%s 由 %s 修订", "was %s, replaced %s by %s"), value, when, by)
	d.lines = append(d.lines, cells.Fit("    "+st.Label.Render(text), d.width))
	if r.Old.Fragment != "" {
		d.lines = append(d.lines, cells.Fit("      "+st.Label.Render(d.ctx.T("原文：", "Text: "))+st.Fragment.Render("“"+sanitize.Line(r.Old.Fragment)+"”"), d.width))
	}

}

// citation adds one observation: period, value as published with its marks,
// then where it was published and the verbatim fragment.
func (d *detail) citation(o model.Observation, ind model.Indicator) {
	st := d.ctx.Styles
	lang := d.ctx.Lang
	value, style := valueCell(d.ctx, o)
	var marks []string
	if o.Derived() {
		marks = append(marks, d.ctx.T("推算", "derived"))
	}
	if o.Qualifier != model.QualNone {
		marks = append(marks, d.ctx.T("约数：", "approximate: ")+string(o.Qualifier))
	}
	if !o.Derived() && lang == model.English && o.Published != "" {
		marks = append(marks, "published as "+sanitize.Line(o.Published))
	}
	head := st.Glyph.Bullet + " " + o.Period.Label(lang) + "  " + st.Cell[style].Render(value)
	if ind.ID != d.series.Indicator.ID {
		head = st.Glyph.Bullet + " " + o.Period.Label(lang) + "  " + sanitize.Line(ind.Name(lang)) + " " + st.Cell[style].Render(value)
	}
	if len(marks) > 0 {
		head += st.Label.Render("  [" + strings.Join(marks, ", ") + "]")
	}
	d.lines = append(d.lines, cells.Fit(head, d.width))
	indent := "    "
	wrapAdd := func(label, text string, s func(...string) string) {
		for i, l := range cells.Wrap(text, max(1, d.width-len(indent)-cells.Width(label))) {
			prefix := indent + label
			if i > 0 {
				prefix = indent + strings.Repeat(" ", cells.Width(label))
			}
			d.lines = append(d.lines, cells.Fit(st.Label.Render(prefix)+s(l), d.width))
		}
	}
	src, _ := d.ctx.Catalog.Source(o.Source)
	wrapAdd(d.ctx.T("来源：", "Source: "), sourceLine(d.ctx, src, o.Source), st.Cell[CellPlain].Render)
	if o.Fragment != "" {
		wrapAdd(d.ctx.T("原文：", "Text:   "), "“"+sanitize.Line(o.Fragment)+"”", st.Fragment.Render)
	}
	if o.Derived() {
		wrapAdd(d.ctx.T("推算：", "Derived: "), sanitize.Line(o.Derivation), st.Cell[CellDerived].Render)
	}
	if note := o.Note(d.ctx.Lang); note != "" {
		wrapAdd(d.ctx.T("备注：", "Note:   "), sanitize.Line(note), st.Note.Render)
	}
}

func (d *detail) failed() bool { return d.err != nil }
