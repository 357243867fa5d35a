package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// Cell formatting shared by every page and the report: how a figure, a
// change, a period, a source and a row key are written. Pages build rows
// from these, so a figure reads the same on every screen.

// seriesKeyOf and keyOf turn a series key into a row key and back.
func keyOf(k model.SeriesKey) string { return k.Indicator + "\x00" + k.Region + "\x00" + k.Subject }

func seriesKeyOf(s string) model.SeriesKey {
	parts := strings.SplitN(s, "\x00", 3)
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	return model.SeriesKey{Indicator: parts[0], Region: parts[1], Subject: parts[2]}
}

func periodOrder(p model.Period) float64 {
	return float64(p.Year*10000 + p.To*100 + p.From)
}

// valueCell shows a figure as published (50多家), or a derived one with ≈; a
// preliminary (初步) or expected (预计) figure says so.
func valueCell(ctx *Context, o model.Observation) (string, CellStyle) {
	text := sanitize.Line(o.Display(ctx.Lang))
	if l := o.Status.Short(ctx.Lang); l != "" {
		text += " " + l
	}
	if o.Derived() {
		text = strings.Replace(text, "≈", ctx.Styles.Glyph.Approx, 1)
		return text, CellDerived
	}
	return text, CellPlain
}

// changeCell formats the change on a year earlier: ▲ or ▼, the amount, and
// whether it was published (公布) or computed (计算).
func changeCell(ctx *Context, kind model.Kind, s *model.Summary, growth *model.Summary) (string, CellStyle, SortKey) {
	c, ok := s.Change(kind, growth)
	if !ok {
		dash := "—"
		if ctx.ASCII {
			dash = "-"
		}
		return dash, CellDim, SortKey{}
	}
	return formatChange(ctx, kind, c)
}

func formatChange(ctx *Context, kind model.Kind, c model.Change) (string, CellStyle, SortKey) {
	g := ctx.Styles.Glyph
	style := CellDim
	arrow := ""
	switch {
	case kind == model.KindRank && c.Value < 0: // a smaller rank number is a better place
		arrow, style = g.Up, CellUp
	case kind == model.KindRank && c.Value > 0:
		arrow, style = g.Down, CellDown
	case kind != model.KindRank && c.Value > 0:
		arrow, style = g.Up, CellUp
	case kind != model.KindRank && c.Value < 0:
		arrow, style = g.Down, CellDown
	}
	var amount string
	switch {
	case c.Published && ctx.Lang == model.English && c.Approx:
		// The published text (35%以上) is Chinese; say the same in English (≥35%).
		q := approxQualifier(c.Text)
		amount = q.Apply(model.FormatNumber(abs(c.Value)), model.English) + "%"
	case c.Published:
		amount = strings.TrimLeft(sanitize.Line(c.Text), "-−+")
		for _, w := range []string{"下降", "增长", "上升"} {
			amount = strings.TrimPrefix(amount, w)
		}
	case kind == model.KindRank:
		amount = ctx.T(fmt.Sprintf("%g位", abs(c.Value)), fmt.Sprintf("%g", abs(c.Value)))
	default:
		amount = model.FormatDerived(abs(c.Value)) + c.Unit
	}
	if !c.Published && (c.Derived || c.Approx) || c.Published && c.Approx && !strings.ContainsAny(amount, "多余超近以上约≥>+~") {
		amount = g.Approx + amount
	}
	mark := ctx.T(" 算", " calc")
	switch {
	case c.Published:
		mark = ctx.T(" 公布", " pub")
	case c.CrossSource:
		// Computed across two sources, whose definitions may differ.
		mark = ctx.T(" 算·两源", " calc·2 src")
	}
	return arrow + amount + mark, style, SortKey{Num: c.Value, Valid: true}
}

// approxQualifier reads the qualifier of a published growth text.
func approxQualifier(text string) model.Qualifier {
	if pv, err := model.ParseValue(text); err == nil {
		return pv.Qualifier
	}
	return model.QualAbout
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// tableStatus is the usual status of a page built on a table.
func tableStatus(ctx *Context, t *Table, noun string) string {
	i, n := t.Position()
	parts := []string{fmt.Sprintf("%d %s", n, noun)}
	if n > 0 {
		parts = append(parts, fmt.Sprintf("%d/%d", i, n))
	}
	if s := t.SortLabel(); s != "" {
		parts = append(parts, ctx.T("排序 ", "sort ")+s)
	}
	if f := t.Filter(); f != "" {
		parts = append(parts, ctx.T("筛选 ", "filter ")+sanitize.Line(f))
	}
	return strings.Join(parts, " · ")
}

// regionNames is the searchable text of a region: both names of it and of
// the regions above it.
func regionNames(ctx *Context, id string) string {
	s := ""
	for _, r := range ctx.Catalog.Tree.Path(id) {
		s += r.NameZH + " " + r.NameEN + " "
	}
	return s
}

// sourceLine describes where a figure was published: title, authors,
// publisher and date, saying so when the source does not state them.
func sourceLine(ctx *Context, s store.SourceInfo, id string) string {
	if s.ID == "" {
		return sanitize.Line(id)
	}
	parts := []string{"《" + sanitize.Line(s.Title) + "》"}
	switch {
	case strings.HasPrefix(s.Title, "http://") || strings.HasPrefix(s.Title, "https://"):
		// A page whose title was not kept is cited by its address, not as a title.
		parts[0] = ctx.T("网页 ", "page ") + sanitize.Line(s.Title)
	case ctx.Lang == model.English:
		parts[0] = "“" + sanitize.Line(s.Title) + "”"
	}
	if s.Authors != "" {
		parts = append(parts, sanitize.Line(s.Authors))
	}
	pub, date := sanitize.Line(s.Publisher), sanitize.Line(s.Date)
	if pub == "" {
		pub = ctx.T("出版方未注明", "publisher not stated")
	}
	if date == "" {
		date = ctx.T("日期未注明", "date not stated")
	}
	return strings.Join(append(parts, pub, date), " · ")
}

func figureRowKey(o model.Observation) string {
	return keyOf(o.Key()) + "\x00" + o.Period.String() + "\x00" + o.Source
}

func eventKey(ev store.Event) string {
	return ev.Region + "\x00" + ev.Subject + "\x00" + ev.Period.String()
}

// loadError says why a page could not read, in words for the reader.
func loadError(ctx *Context, err error) string {
	if errors.Is(err, store.ErrLocked) {
		return ctx.T("数据库正在写入（导入中），完成后自动刷新", "The database is being written (an import); this view refreshes when it is done")
	}
	return ctx.T("读取失败：", "Could not read: ") + sanitize.Line(err.Error())
}
