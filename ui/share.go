package ui

import (
	"encoding/base64"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/store/atomicfile"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// Exports ("e") and copies ("y") carry what is needed to cite each figure:
// region, indicator, subject, period, the value as published, unit, status,
// source (title, publisher, date, address) and the verbatim fragment. Pages
// say which figures are behind their rows (citing); one function turns
// them into records (citedRecords), one writer writes the spreadsheet
// (store.WriteRecords), one the copied text (citationTSV).

// citeRef is one figure behind a row: the observation itself when the page
// holds it, else the series and period to read it from (an event's figures).
type citeRef struct {
	obs    *model.Observation
	key    model.SeriesKey
	period model.Period
}

// citing pages name the figures behind their rows: of every visible row
// (all, for "e") or of the selected one (for "y").
type citing interface {
	exportName() string
	cited(all bool) []citeRef
}

// tabular pages without figures (the list of sources) export their table.
type tabular interface {
	exportName() string
	exportTable() *Table
}

// clipboardDoneMsg ends the frames that carry a clipboard sequence.
type clipboardDoneMsg struct{}

// copyMsg carries the text "y" copies, read in a command.
type copyMsg struct {
	text string
	n    int
	err  error
}

// maxClipboard bounds what y sends: terminals drop larger OSC 52 payloads.
const maxClipboard = 64 << 10

// osc52 is the escape sequence that asks the terminal (locally or at the far
// end of an SSH connection) to put text on the clipboard.
func osc52(text string) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\x07"
}

// resolve reads the figures refs point to: the page's own observations, or
// every source's figure of the period from the series.
func resolve(data Data, refs []citeRef) ([]model.Observation, error) {
	out := make([]model.Observation, 0, len(refs))
	for _, r := range refs {
		if r.obs != nil {
			out = append(out, *r.obs)
			continue
		}
		s, err := data.Series(r.key)
		if err != nil {
			return nil, err
		}
		out = append(out, s.At(r.period)...)
	}
	return out, nil
}

// citedRecords gives each figure its region, indicator and source.
func citedRecords(cat *store.Catalog, obs []model.Observation) []store.ExportRecord {
	recs := make([]store.ExportRecord, len(obs))
	for i, o := range obs {
		reg, _ := cat.Tree.Get(o.Region)
		ind, ok := cat.Indicators[o.Indicator]
		if !ok {
			ind = model.Indicator{ID: o.Indicator}
		}
		src, _ := cat.Source(o.Source)
		recs[i] = store.ExportRecord{Obs: o, Region: reg, Indicator: ind, Source: src.Source}
	}
	return recs
}

// citationTSV is what "y" puts on the clipboard: a header and one line per
// figure, tab-separated, every cell on one line.
func citationTSV(lang model.Lang, recs []store.ExportRecord) string {
	var b strings.Builder
	b.WriteString(lang.Pick("地区\t指标\t对象\t期间\t数值\t单位\t状态\t来源\t发布单位\t发布日期\t链接\t原文\t推算方法\n",
		"region\tindicator\tsubject\tperiod\tvalue\tunit\tstatus\tsource\tpublisher\tdate\turl\tfragment\tderivation\n"))
	for _, r := range recs {
		o := r.Obs
		cells := []string{r.Region.Name(lang), r.Indicator.Name(lang), o.Subject, o.Period.Label(lang), o.Display(lang),
			model.UnitLabel(o.Unit, lang), o.Status.Label(lang), r.Source.Title, r.Source.Publisher, r.Source.Date, r.Source.URL,
			o.Fragment, o.Derivation}
		for i, c := range cells {
			cells[i] = strings.ReplaceAll(sanitize.Line(c), "\t", " ")
		}
		b.WriteString(strings.Join(cells, "\t") + "\n")
	}
	return b.String()
}

// copySelected reads the selected row's figures in a command and copies
// them with their citation.
func (m *Model) copySelected() tea.Cmd {
	p, ok := m.top().(citing)
	if !ok {
		return notice(m.ctx.T("此页面没有可复制的数据", "Nothing to copy on this screen"))
	}
	refs := p.cited(false)
	if len(refs) == 0 {
		return notice(m.ctx.T("没有选中的数据（合计等计算行不单独复制）", "No figure selected (computed totals are not copied alone)"))
	}
	data, cat, lang := m.ctx.Data, m.ctx.Catalog, m.ctx.Lang
	return func() tea.Msg {
		obs, err := resolve(data, refs)
		if err != nil {
			return copyMsg{err: err}
		}
		return copyMsg{text: citationTSV(lang, citedRecords(cat, obs)), n: len(obs)}
	}
}

// copyToClipboard puts text into the next frames as an OSC 52 sequence. It
// rides inside the frame (it takes no cells) because Bubble Tea v1 has no
// other way to send bytes to the terminal without racing its renderer; it
// stays for half a second in case a frame is dropped. Whether the terminal
// acted on it cannot be known (tmux by default, PuTTY, GNOME Terminal and
// macOS Terminal ignore it), so the message says the text was sent, and Y
// shows it to select by hand.
func (m *Model) copyToClipboard(text string, n int) tea.Cmd {
	// The payload is pasted later, into a shell perhaps: no control sequence
	// from the data (an ESC [ 201 ~ would end bracketed paste) may ride in it.
	text = sanitize.Paste(text)
	m.lastCopy = text
	if len(text) > maxClipboard {
		m.notice = fmt.Sprintf(m.ctx.T("内容过大（%d 字节），未发送到剪贴板；按 Y 显示文字", "Too large for the clipboard (%d bytes); Y shows the text"), len(text))
		return nil
	}
	m.clipboard = osc52(text)
	m.notice = fmt.Sprintf(m.ctx.T("已发送 %d 条数据（含出处）到终端剪贴板；终端不支持时按 Y 显示文字", "Sent %d figures with citations to the terminal's clipboard; if it ignores that, Y shows the text"), n)
	return tea.Tick(500*time.Millisecond, func(time.Time) tea.Msg { return clipboardDoneMsg{} })
}

// showCopied opens the last copied text, to be selected by hand.
func (m *Model) showCopied() tea.Cmd {
	if m.lastCopy == "" {
		return notice(m.ctx.T("还没有复制过内容：先按 y", "Nothing copied yet: press y first"))
	}
	lines := strings.Split(strings.TrimRight(m.lastCopy, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(l, "\t", "  ")
	}
	return push(newTextPage(m.ctx, m.ctx.T("复制的内容", "Copied text"),
		m.ctx.T("按住 Shift 用鼠标选择文字", "hold Shift and select with the mouse"), lines))
}

// exportView writes the figures behind the top page's rows, with their
// citations, to a new spreadsheet (XLSX) in a command; a page of sources
// writes its table as CSV with a byte-order mark.
func (m *Model) exportView() tea.Cmd {
	if m.ctx.NoExport {
		return notice(m.ctx.T("此会话不能写文件；请用 y 复制", "This session cannot write files; use y to copy"))
	}
	stamp := time.Now().Format("20060102-150405")
	dir := m.ctx.ExportDir
	data, cat, lang := m.ctx.Data, m.ctx.Catalog, m.ctx.Lang
	var write func() (string, error)
	switch p := m.top().(type) {
	case citing:
		refs := p.cited(true)
		path := filepath.Join(dir, fmt.Sprintf("gansudash-%s-%s.xlsx", fileSafe(p.exportName()), stamp))
		write = func() (string, error) {
			obs, err := resolve(data, refs)
			if err != nil {
				return path, err
			}
			recs := citedRecords(cat, obs)
			format := store.FormatXLSX
			if len(recs) >= store.MaxXLSXRows {
				format, path = store.FormatCSV, strings.TrimSuffix(path, ".xlsx")+".csv"
			}
			return path, atomicfile.Write(path, atomicfile.NoClobber, func(w io.Writer) error {
				return store.WriteRecords(w, format, recs, store.WriteOptions{BOM: true, Chinese: lang == model.Chinese})
			})
		}
	case tabular:
		path := filepath.Join(dir, fmt.Sprintf("gansudash-%s-%s.csv", fileSafe(p.exportName()), stamp))
		var buf strings.Builder
		buf.WriteString("\ufeff")
		w := store.NewCSVWriter(&buf, false)
		err := tableCSV(m.ctx, p.exportTable(), w)
		if err == nil {
			err = w.Flush()
		}
		text := buf.String()
		write = func() (string, error) {
			if err != nil {
				return path, err
			}
			return path, atomicfile.Write(path, atomicfile.NoClobber, func(w io.Writer) error {
				_, err := io.WriteString(w, text)
				return err
			})
		}
	default:
		return notice(m.ctx.T("此页面没有可导出的数据", "Nothing to export on this screen"))
	}
	return func() tea.Msg {
		path, err := write()
		if err != nil {
			return noticeMsg{text: lang.Pick("导出失败：", "Export failed: ") + model.Localize(err, lang), isErr: true}
		}
		abs, _ := filepath.Abs(path)
		return noticeMsg{text: lang.Pick("已导出（含出处）到 ", "Exported with citations to ") + abs}
	}
}

// fileSafe keeps a file name part to letters, digits, - and _.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f && r != 0xfffd {
			return r
		}
		return '_'
	}, sanitize.Line(s))
}

// tableCSV writes a table as shown: the visible rows, filtered and sorted,
// every column's full text (nothing truncated), sparklines and bars left out.
func tableCSV(ctx *Context, t *Table, w *store.CSVWriter) error {
	var cols []int
	var header []string
	for i, c := range t.cols {
		if c.NoSort { // sparklines and bars: drawings, not data
			continue
		}
		cols = append(cols, i)
		header = append(header, ctx.T(c.ZH, c.EN))
	}
	if err := w.Write(header); err != nil {
		return err
	}
	for _, r := range t.VisibleRows() {
		rec := make([]string, len(cols))
		for j, i := range cols {
			if i < len(r.Cells) {
				rec[j] = r.Cells[i].Text
			}
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	return nil
}

// The figures behind each page's rows.

// rowsOrSelected returns the keys of the visible rows, or of the selected one.
func rowsOrSelected(t *Table, all bool) []string {
	if all {
		rows := t.VisibleRows()
		keys := make([]string, len(rows))
		for i, r := range rows {
			keys[i] = r.Key
		}
		return keys
	}
	if r, ok := t.Selected(); ok {
		return []string{r.Key}
	}
	return nil
}

func (o *overview) exportName() string {
	if o.roll != nil {
		return o.roll.name
	}
	tab := "highlights"
	if o.cat != highlights {
		tab = o.cat.String()
	}
	return "overview-" + o.region + "-" + tab
}

// cited gives each row's latest figure and, where the row shows a
// published growth rate of the same period, that figure too.
func (o *overview) cited(all bool) []citeRef {
	if o.roll != nil {
		return o.roll.cited(all)
	}
	byKey := map[string]*model.Summary{}
	for _, s := range o.shown {
		byKey[keyOf(s.Key)] = s
	}
	growth := o.growthIndex()
	var refs []citeRef
	for _, k := range rowsOrSelected(o.table, all) {
		s := byKey[k]
		if s == nil {
			continue
		}
		refs = append(refs, citeRef{obs: &s.Latest})
		if g := growth[s.Key]; g != nil && g.Latest.Period == s.Latest.Period {
			refs = append(refs, citeRef{obs: &g.Latest})
		}
	}
	return refs
}

func (r *rollup) cited(all bool) []citeRef {
	var refs []citeRef
	for _, k := range rowsOrSelected(r.table, all) {
		if s := r.sums[k]; s != nil { // computed totals are not figures to cite
			refs = append(refs, citeRef{obs: &s.Latest})
		}
	}
	return refs
}

// cited gives each region's figure of the compared period, else its latest.
func (c *compare) cited(all bool) []citeRef {
	byKey := map[string]*model.Summary{}
	for i := range c.sums {
		byKey[keyOf(c.sums[i].Key)] = &c.sums[i]
	}
	p := c.period()
	var refs []citeRef
	for _, k := range rowsOrSelected(c.table, all) {
		s := byKey[k]
		switch {
		case s == nil:
		case s.Latest.Period == p:
			refs = append(refs, citeRef{obs: &s.Latest})
		default:
			if _, ok := s.PointAt(p); ok {
				refs = append(refs, citeRef{key: s.Key, period: p})
			} else {
				refs = append(refs, citeRef{obs: &s.Latest})
			}
		}
	}
	return refs
}

// cited gives every figure of each event.
func (e *events) cited(all bool) []citeRef {
	byKey := map[string]store.Event{}
	for _, ev := range e.list {
		byKey[eventKey(ev)] = ev
	}
	var refs []citeRef
	for _, k := range rowsOrSelected(e.table, all) {
		ev, ok := byKey[k]
		if !ok {
			continue // a total row
		}
		for _, f := range ev.Figures {
			refs = append(refs, citeRef{key: model.SeriesKey{Indicator: f.Indicator, Region: ev.Region, Subject: ev.Subject}, period: ev.Period})
		}
	}
	return refs
}

func (f *figures) cited(all bool) []citeRef {
	var refs []citeRef
	for _, k := range rowsOrSelected(f.table, all) {
		if o, ok := f.obs[k]; ok {
			refs = append(refs, citeRef{obs: &o})
		}
	}
	return refs
}

func (d *detail) exportName() string { return "series-" + d.key.Indicator + "-" + d.key.Region }

// cited gives the whole series, with its published growth rates: a detail
// is about one series, so y copies all of it.
func (d *detail) cited(bool) []citeRef {
	if !d.loaded {
		return nil
	}
	var refs []citeRef
	for _, list := range [][]model.Observation{d.series.Observations, d.series.Growth} {
		for i := range list {
			refs = append(refs, citeRef{obs: &list[i]})
		}
	}
	return refs
}

func (s *sources) exportTable() *Table { return s.table }
