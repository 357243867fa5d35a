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

// exportable pages write what they show as CSV ("e").
type exportable interface {
	exportName() string
	exportCSV(w *store.CSVWriter) error
}

// copyable pages give the text "y" copies: the selected row, or the series.
type copyable interface {
	copyText() (string, bool)
}

// clipboardDoneMsg ends the frames that carry a clipboard sequence.
type clipboardDoneMsg struct{}

// maxClipboard bounds what y sends: terminals drop larger OSC 52 payloads.
const maxClipboard = 64 << 10

// osc52 is the escape sequence that asks the terminal (locally or at the far
// end of an SSH connection) to put text on the clipboard.
func osc52(text string) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\x07"
}

// copyToClipboard puts text into the next frames as an OSC 52 sequence. It
// rides inside the frame (it takes no cells) because Bubble Tea v1 has no
// other way to send bytes to the terminal without racing its renderer; it
// stays for half a second in case a frame is dropped.
func (m *Model) copyToClipboard(text string) tea.Cmd {
	if len(text) > maxClipboard {
		return notice(fmt.Sprintf(m.ctx.T("内容过大（%d 字节），未复制；请用 e 导出", "Too large to copy (%d bytes); use e to export"), len(text)))
	}
	// The payload is pasted later, into a shell perhaps: no control sequence
	// from the data (an ESC [ 201 ~ would end bracketed paste) may ride in it.
	text = sanitize.Paste(text)
	m.clipboard = osc52(text)
	n := strings.Count(strings.TrimRight(text, "\n"), "\n") + 1
	m.notice = fmt.Sprintf(m.ctx.T("已复制 %d 行到剪贴板（OSC 52）", "Copied %d lines to the clipboard (OSC 52)"), n)
	return tea.Tick(500*time.Millisecond, func(time.Time) tea.Msg { return clipboardDoneMsg{} })
}

// exportView writes the top page's view to a new CSV file in a command.
func (m *Model) exportView() tea.Cmd {
	if m.ctx.NoExport {
		return notice(m.ctx.T("此会话不能写文件；请用 y 复制", "This session cannot write files; use y to copy"))
	}
	p, ok := m.top().(exportable)
	if !ok {
		return notice(m.ctx.T("此页面没有可导出的表格", "Nothing to export on this screen"))
	}
	dir := m.ctx.ExportDir
	name := fmt.Sprintf("gansudash-%s-%s.csv", p.exportName(), time.Now().Format("20060102-150405"))
	path := filepath.Join(dir, name)
	var buf strings.Builder
	w := store.NewCSVWriter(&buf, false)
	err := p.exportCSV(w)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return func() tea.Msg { return noticeMsg{text: err.Error(), isErr: true} }
	}
	text := buf.String()
	return func() tea.Msg {
		err := atomicfile.Write(path, atomicfile.NoClobber, func(w io.Writer) error {
			_, err := io.WriteString(w, text)
			return err
		})
		if err != nil {
			return noticeMsg{text: fmt.Sprintf(m.ctx.T("导出失败：%v", "Export failed: %v"), err), isErr: true}
		}
		abs, _ := filepath.Abs(path)
		return noticeMsg{text: m.ctx.T("已导出到 ", "Exported to ") + abs}
	}
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

// rowTSV is the selected row with its header, tab-separated, for y.
func rowTSV(ctx *Context, t *Table) (string, bool) {
	r, ok := t.Selected()
	if !ok {
		return "", false
	}
	var head, cells []string
	for i, c := range t.cols {
		if c.NoSort || i >= len(r.Cells) {
			continue
		}
		head = append(head, ctx.T(c.ZH, c.EN))
		cells = append(cells, r.Cells[i].Text)
	}
	return strings.Join(head, "\t") + "\n" + strings.Join(cells, "\t") + "\n", true
}

// Table pages.

func (o *overview) exportName() string { return "overview-" + o.region + "-" + o.cat.String() }

// copyText copies the selected series' row and where its latest figure was
// published.
func (o *overview) copyText() (string, bool) {
	text, ok := rowTSV(o.ctx, o.table)
	if !ok {
		return "", false
	}
	r, _ := o.table.Selected()
	for _, s := range o.sums {
		if keyOf(s.Key) == r.Key {
			src, _ := o.ctx.Catalog.Source(s.Latest.Source)
			text += o.ctx.T("来源：", "Source: ") + sourceLine(o.ctx, src, s.Latest.Source) + "\n"
			if s.Latest.Fragment != "" {
				text += o.ctx.T("原文：", "Text: ") + "“" + s.Latest.Fragment + "”\n"
			}
		}
	}
	return text, true
}

// exportCSV writes the listed figures in the import/export format.
func (f *figures) exportCSV(w *store.CSVWriter) error {
	var obs []model.Observation
	for _, r := range f.table.VisibleRows() {
		obs = append(obs, f.obs[r.Key])
	}
	return observationsCSV(f.ctx, obs, w)
}

func (d *detail) exportName() string { return "series-" + d.key.Indicator + "-" + d.key.Region }

// exportCSV writes the series' figures (and its published growth rates) in
// the import/export format, so the file can be imported elsewhere.
func (d *detail) exportCSV(w *store.CSVWriter) error {
	return observationsCSV(d.ctx, append(append([]model.Observation(nil), d.series.Observations...), d.series.Growth...), w)
}

// copyText copies the whole series: period, figure as published, and source.
func (d *detail) copyText() (string, bool) {
	if !d.loaded {
		return "", false
	}
	var b strings.Builder
	b.WriteString(d.ctx.T("期间\t数值\t推算\t来源\t原文\n", "period\tvalue\tderived\tsource\ttext\n"))
	for _, o := range d.series.Observations {
		v, _ := valueCell(d.ctx, o)
		src, _ := d.ctx.Catalog.Source(o.Source)
		// One line per figure: a line break inside a cell must not start a row.
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\n", o.Period.Label(d.ctx.Lang), v, sanitize.Line(o.Derivation),
			sanitize.Line(src.Title), sanitize.Line(o.Fragment))
	}
	return b.String(), true
}

// observationsCSV writes figures with every column import reads.
func observationsCSV(ctx *Context, obs []model.Observation, w *store.CSVWriter) error {
	if err := w.Write(store.FieldNames()); err != nil {
		return err
	}
	for _, o := range obs {
		reg, _ := ctx.Catalog.Tree.Get(o.Region)
		src, _ := ctx.Catalog.Source(o.Source)
		rec := store.ExportRecord{Obs: o, Region: reg, Indicator: ctx.Indicator(o.Indicator), Source: src.Source}
		if err := w.Write(rec.Cells()); err != nil {
			return err
		}
	}
	return nil
}
