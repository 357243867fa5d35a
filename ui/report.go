package ui

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/ui/cells"
	"github.com/gansudash/gansudash/ui/match"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// ReportOptions configure the plain-text report.
type ReportOptions struct {
	Region   string         // region ID; "" is the region with the most figures
	Category model.Category // 0: every category the region has
	Width    int            // line width in cells
	Lang     model.Lang
	ASCII    bool
	// Renderer styles the output; one with the Ascii profile (no colour) is
	// used when stdout is not a terminal.
	Renderer *lipgloss.Renderer
}

// Report writes the overview of a region as plain text: for each category
// the table the dashboard shows (every row, no cursor), then the sources the
// rows cite. It is for scripts, cron jobs and `ssh server gansudash report`.
func Report(w io.Writer, data Data, opt ReportOptions) error {
	cells.Init()
	cat, err := data.Catalog()
	if err != nil {
		return err
	}
	if opt.Width < MinWidth {
		opt.Width = MinWidth
	}
	ctx := &Context{Data: data, Catalog: cat, Lang: opt.Lang, ASCII: opt.ASCII, Renderer: opt.Renderer}
	ctx.Styles = NewStyles(opt.Renderer, opt.ASCII)
	ctx.Keys = NewKeyMap(opt.Lang)
	region := opt.Region
	if region == "" {
		region = cat.BusiestRegion()
	}
	if _, ok := cat.Tree.Get(region); !ok {
		return model.Errorf("未知地区“%s”", "unknown region %q", region)
	}
	var out strings.Builder
	st := ctx.Styles
	out.WriteString(st.Title.Render("gansudash") + " " + st.HeaderPath.Render(sanitize.Line(ctx.RegionPath(region))) + "\n")
	all, err := data.RegionSummaries(region, 0)
	if err != nil {
		return err
	}
	ov := newOverview(ctx, region, highlights)
	ov.all = all
	// The highlights first, then every category the region has.
	cats := presentCategories(cat)
	if opt.Category != 0 {
		cats = []model.Category{opt.Category}
	}
	cited := map[string]bool{}
	printed := 0
	for _, c := range cats {
		list := ov.rowsOf(c, match.Query{})
		if len(list) == 0 && opt.Category == 0 {
			continue
		}
		for _, s := range list {
			cited[s.Latest.Source] = true
		}
		rows := ov.tableRows(list)
		t := NewTable(ctx, overviewColumns())
		t.noCursor = true
		t.SetHidden(0, c != highlights)
		t.SetEmptyText("该地区此类别暂无数据", "No figures for this region in this category")
		t.SetRows(rows)
		t.SetSize(opt.Width, max(2, len(rows)+1))
		label := ctx.T("要点", "Highlights")
		if c != highlights {
			label = c.Label(opt.Lang)
		}
		out.WriteString("\n" + st.Heading.Render(fmt.Sprintf("%s (%d)", label, len(rows))) + "\n")
		out.WriteString(t.View() + "\n")
		printed++
	}
	if printed == 0 {
		out.WriteString(ctx.T("\n该地区暂无数据。\n", "\nNo figures for this region.\n"))
	}
	var ids []string
	for id := range cited {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) > 0 {
		out.WriteString("\n" + st.Heading.Render(ctx.T("来源（最新数据）", "Sources (of the latest figures)")) + "\n")
		for _, id := range ids {
			src, _ := cat.Source(id)
			for _, l := range cells.Wrap(st.Glyph.Bullet+" "+sourceLine(ctx, src, id), opt.Width) {
				out.WriteString(strings.TrimRight(l, " ") + "\n")
			}
		}
	}
	// Trailing spaces from padding serve no one reading a file.
	lines := strings.Split(out.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	text := strings.Join(lines, "\n")
	if opt.ASCII {
		text = cells.ASCII(text)
	}
	_, err = io.WriteString(w, text)
	return err
}
