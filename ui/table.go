package ui

import (
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/ui/cells"
	"github.com/gansudash/gansudash/ui/match"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// Align is how a column aligns its cells.
type Align uint8

// Alignments.
const (
	AlignLeft Align = iota
	AlignRight
)

// Column describes one table column. When the terminal is too narrow for
// every column's minimum, columns with the highest Drop are hidden first;
// Drop 0 is never hidden.
type Column struct {
	ZH, EN   string
	Min, Max int // width in cells; Max 0 means no maximum
	Flex     int // share of the spare width
	Align    Align
	Drop     int
	NoSort   bool
	Hidden   bool // hidden whatever the width (a column the data leaves empty)
	// Elide cuts a text too long for the column in the middle, keeping its
	// end (names that share a beginning stay told apart).
	Elide bool
	// Fit sizes the column to its widest cell (and header), so that what it
	// holds (a value with its unit and qualifier, a change with its mark, a
	// period) is never cut: when the table is too narrow the column is dropped
	// whole, by its Drop order, rather than truncated. Max, when set, caps it.
	Fit bool
}

// Cell is one table cell: plain text (already sanitised) and a style name.
type Cell struct {
	Text  string
	Style CellStyle
}

// SortKey orders a column: by Group first (always ascending, so that a
// column mixing units keeps each unit together), then by Num when Valid,
// else by Text; rows without a valid number sort after those with one.
type SortKey struct {
	Group string
	Num   float64
	Valid bool
	Text  string
}

// Row is one table row. Key identifies it across reloads, so the cursor
// stays on the same figure when the data or the filter changes.
type Row struct {
	Key    string
	Cells  []Cell
	Sort   []SortKey
	Search match.Fields
}

// Table is a scrolling, filterable, sortable table that renders only the
// rows on screen and caches each rendered line until the data, the width or
// the language changes (bubbles issue #276: big tables must not render every
// row on every frame).
type Table struct {
	ctx    *Context
	cols   []Column
	rows   []Row
	view   []int // indexes into rows: filtered, then sorted
	cursor int   // index into view
	offset int   // first view index on screen
	width  int
	height int // rows on screen, header excluded
	widths []int

	lines  map[int]string // rendered line per row index, cursor not drawn
	header string
	fitW   []int // content width of each Fit column, over every row

	filter   string
	query    match.Query
	sortCol  int // -1: the order the rows were given in
	sortDesc bool
	noCursor bool      // a printed report marks no row
	empty    [2]string // what to say when there are no rows (zh, en)
}

// NewTable makes a table with the given columns.
func NewTable(ctx *Context, cols []Column) *Table {
	return &Table{ctx: ctx, cols: cols, sortCol: -1, lines: map[int]string{},
		empty: [2]string{"没有数据", "No figures"}}
}

// SetEmptyText sets what the table says when it has no rows.
func (t *Table) SetEmptyText(zh, en string) { t.empty = [2]string{zh, en} }

// SetRows replaces the rows, keeping the cursor on the row with the same key
// when there is one.
func (t *Table) SetRows(rows []Row) {
	key := ""
	if r, ok := t.Selected(); ok {
		key = r.Key
	}
	t.rows = rows
	t.lines = map[int]string{}
	t.header = "" // the language may have changed
	t.measure()
	t.layout()
	t.rebuildView(key)
}

// Rows returns every row, filtered or not.
func (t *Table) Rows() []Row { return t.rows }

// VisibleRows returns the rows the filter lets through, in display order.
func (t *Table) VisibleRows() []Row {
	out := make([]Row, len(t.view))
	for i, idx := range t.view {
		out[i] = t.rows[idx]
	}
	return out
}

// SetSize sets the table's size in cells: width, and height including the
// header line.
func (t *Table) SetSize(w, h int) {
	if w != t.width {
		t.width = w
		t.layout()
	}
	t.height = max(0, h-1)
	t.clamp()
}

// SetHidden hides or shows a column, whatever the width.
func (t *Table) SetHidden(col int, hidden bool) {
	if t.cols[col].Hidden != hidden {
		t.cols[col].Hidden = hidden
		t.layout()
	}
}

// Invalidate drops the rendered lines (after a language change).
func (t *Table) Invalidate() {
	t.lines = map[int]string{}
	t.layout()
}

func (t *Table) rebuildView(keepKey string) {
	t.view = t.view[:0]
	for i := range t.rows {
		if t.query.Empty() || t.rows[i].Search.Match(t.query) {
			t.view = append(t.view, i)
		}
	}
	if t.sortCol >= 0 {
		col, desc := t.sortCol, t.sortDesc
		sort.SliceStable(t.view, func(a, b int) bool {
			ka, kb := sortKey(t.rows[t.view[a]], col), sortKey(t.rows[t.view[b]], col)
			if ka.Valid != kb.Valid {
				return ka.Valid
			}
			if ka.Group != kb.Group {
				return ka.Group < kb.Group
			}
			if ka.Valid && ka.Num != kb.Num {
				return (ka.Num < kb.Num) != desc
			}
			if ka.Text != kb.Text {
				return (ka.Text < kb.Text) != desc
			}
			return false
		})
	}
	t.cursor = 0
	if keepKey != "" {
		for i, idx := range t.view {
			if t.rows[idx].Key == keepKey {
				t.cursor = i
				break
			}
		}
	}
	t.clamp()
}

func sortKey(r Row, col int) SortKey {
	if col < len(r.Sort) {
		return r.Sort[col]
	}
	if col < len(r.Cells) {
		return SortKey{Text: r.Cells[col].Text}
	}
	return SortKey{}
}

// SetFilter narrows the rows to those matching q (Chinese, English or pinyin
// initials), keeping the cursor on the same row when it still shows.
func (t *Table) SetFilter(q string) {
	if q == t.filter {
		return
	}
	key := ""
	if r, ok := t.Selected(); ok {
		key = r.Key
	}
	t.filter = q
	t.query = match.NewQuery(q)
	t.rebuildView(key)
}

// Filter returns the current filter text.
func (t *Table) Filter() string { return t.filter }

// CycleSort moves to the next sort: each sortable visible column ascending,
// then descending, then back to the original order.
func (t *Table) CycleSort() {
	key := ""
	if r, ok := t.Selected(); ok {
		key = r.Key
	}
	var order []int
	for i, c := range t.cols {
		if !c.NoSort && t.widths[i] > 0 {
			order = append(order, i)
		}
	}
	next := -1
	desc := false
	switch {
	case t.sortCol < 0 && len(order) > 0:
		next = order[0]
	case !t.sortDesc:
		next, desc = t.sortCol, true
	default:
		for j, c := range order {
			if c == t.sortCol && j+1 < len(order) {
				next = order[j+1]
			}
		}
	}
	t.sortCol, t.sortDesc = next, desc
	t.header = ""
	t.rebuildView(key)
}

// SortLabel describes the current sort for the status line.
func (t *Table) SortLabel() string {
	if t.sortCol < 0 {
		return ""
	}
	arrow := t.ctx.Styles.Glyph.Up
	if t.sortDesc {
		arrow = t.ctx.Styles.Glyph.Down
	}
	return t.ctx.T(t.cols[t.sortCol].ZH, t.cols[t.sortCol].EN) + arrow
}

// Selected returns the row under the cursor.
func (t *Table) Selected() (Row, bool) {
	if t.cursor < 0 || t.cursor >= len(t.view) {
		return Row{}, false
	}
	return t.rows[t.view[t.cursor]], true
}

// Len returns the number of rows shown (after filtering).
func (t *Table) Len() int { return len(t.view) }

// Cursor returns the cursor's position among the rows shown.
func (t *Table) Cursor() int { return t.cursor }

// SelectKey moves the cursor to the row with key, if it shows.
func (t *Table) SelectKey(key string) {
	for i, idx := range t.view {
		if t.rows[idx].Key == key {
			t.cursor = i
			t.clamp()
			return
		}
	}
}

func (t *Table) clamp() {
	if t.cursor >= len(t.view) {
		t.cursor = len(t.view) - 1
	}
	if t.cursor < 0 {
		t.cursor = 0
	}
	if t.height <= 0 {
		t.offset = t.cursor
		return
	}
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	if maxOff := max(0, len(t.view)-t.height); t.offset > maxOff {
		t.offset = maxOff
	}
	if t.offset < 0 {
		t.offset = 0
	}
}

// Move moves the cursor by delta rows.
func (t *Table) Move(delta int) {
	t.cursor += delta
	t.clamp()
}

// HandleKey moves the cursor for navigation keys; it reports whether it used
// the key.
func (t *Table) HandleKey(msg tea.KeyMsg) bool {
	k := t.ctx.Keys
	half := max(1, t.height/2)
	switch {
	case key.Matches(msg, k.Up):
		t.Move(-1)
	case key.Matches(msg, k.Down):
		t.Move(1)
	case key.Matches(msg, k.Top):
		t.cursor = 0
		t.clamp()
	case key.Matches(msg, k.Bottom):
		t.cursor = len(t.view) - 1
		t.clamp()
	case key.Matches(msg, k.HalfUp):
		t.Move(-half)
	case key.Matches(msg, k.HalfDown):
		t.Move(half)
	case key.Matches(msg, k.PageUp):
		t.Move(-max(1, t.height))
	case key.Matches(msg, k.PageDown):
		t.Move(max(1, t.height))
	default:
		return false
	}
	return true
}

// HandleMouse selects the row under a click (y relative to the table's top,
// header included) or scrolls on the wheel; it reports whether the click
// landed on a row.
func (t *Table) HandleMouse(msg tea.MouseMsg, y int) bool {
	switch {
	case msg.Button == tea.MouseButtonWheelUp:
		t.Move(-3)
	case msg.Button == tea.MouseButtonWheelDown:
		t.Move(3)
	case msg.Button == tea.MouseButtonLeft && msg.Action == tea.MouseActionPress:
		i := t.offset + y - 1
		if y >= 1 && i < len(t.view) {
			t.cursor = i
			t.clamp()
			return true
		}
	}
	return false
}

// View renders the header and the rows on screen, exactly width cells wide
// and height+1 lines tall.
func (t *Table) View() string {
	if t.width <= 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(t.headerLine())
	if len(t.view) == 0 {
		msg := t.ctx.T(t.empty[0], t.empty[1])
		if t.filter != "" {
			q := sanitize.Line(t.filter)
			msg = t.ctx.T("没有匹配“"+q+"”的结果", "Nothing matches “"+q+"”")
			if t.ctx.ASCII {
				msg = t.ctx.T("没有匹配 \""+q+"\" 的结果", "Nothing matches \""+q+"\"")
			}
		}
		for i := 0; i < t.height; i++ {
			b.WriteByte('\n')
			if i == t.height/2 {
				b.WriteString(t.ctx.Styles.Cell[CellDim].Render(cells.Center(msg, t.width)))
			} else {
				b.WriteString(strings.Repeat(" ", t.width))
			}
		}
		return b.String()
	}
	blank := strings.Repeat(" ", t.width)
	for i := 0; i < t.height; i++ {
		b.WriteByte('\n')
		vi := t.offset + i
		if vi >= len(t.view) {
			b.WriteString(blank)
			continue
		}
		idx := t.view[vi]
		if vi == t.cursor && !t.noCursor {
			b.WriteString(t.renderSelected(idx))
			continue
		}
		line, ok := t.lines[idx]
		if !ok {
			line = t.renderRow(idx)
			t.lines[idx] = line
		}
		b.WriteString(line)
	}
	return b.String()
}

func (t *Table) headerLine() string {
	if t.header != "" {
		return t.header
	}
	var b strings.Builder
	b.WriteByte(' ')
	first := true
	for i, c := range t.cols {
		w := t.widths[i]
		if w == 0 {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		title := t.ctx.T(c.ZH, c.EN)
		if i == t.sortCol {
			if t.sortDesc {
				title += t.ctx.Styles.Glyph.Down
			} else {
				title += t.ctx.Styles.Glyph.Up
			}
		}
		if c.Align == AlignRight {
			b.WriteString(cells.FitRight(title, w))
		} else {
			b.WriteString(cells.Fit(title, w))
		}
	}
	pad := t.width - 1 - t.rowWidth()
	if pad > 0 {
		b.WriteString(strings.Repeat(" ", pad))
	}
	t.header = t.ctx.Styles.TableHeader.Render(b.String())
	return t.header
}

// fitCells returns the row's cells fitted to the column widths.
func (t *Table) fitCells(idx int) []string {
	r := t.rows[idx]
	out := make([]string, 0, len(t.cols))
	for i, c := range t.cols {
		w := t.widths[i]
		if w == 0 {
			continue
		}
		text := ""
		if i < len(r.Cells) {
			text = r.Cells[i].Text
		}
		switch {
		case c.Align == AlignRight:
			out = append(out, cells.FitRight(text, w))
		case c.Elide:
			out = append(out, cells.FitMiddle(text, w))
		default:
			out = append(out, cells.Fit(text, w))
		}
	}
	return out
}

func (t *Table) renderRow(idx int) string {
	r := t.rows[idx]
	fitted := t.fitCells(idx)
	var b strings.Builder
	b.WriteByte(' ')
	j := 0
	for i := range t.cols {
		if t.widths[i] == 0 {
			continue
		}
		if j > 0 {
			b.WriteByte(' ')
		}
		style := CellPlain
		if i < len(r.Cells) {
			style = r.Cells[i].Style
		}
		if style == CellPlain {
			b.WriteString(fitted[j])
		} else {
			b.WriteString(t.ctx.Styles.Cell[style].Render(fitted[j]))
		}
		j++
	}
	if pad := t.width - 1 - t.rowWidth(); pad > 0 {
		b.WriteString(strings.Repeat(" ", pad))
	}
	return b.String()
}

// renderSelected draws the cursor row: a cursor glyph in the gutter (visible
// without colour) and the selection style over the cells.
func (t *Table) renderSelected(idx int) string {
	fitted := t.fitCells(idx)
	line := strings.Join(fitted, " ")
	if pad := t.width - 1 - cells.Width(line); pad > 0 {
		line += strings.Repeat(" ", pad)
	}
	return t.ctx.Styles.Selected.Render(t.ctx.Styles.Glyph.Cursor + line)
}

// Position returns "3/45" for the status line.
func (t *Table) Position() (int, int) {
	if len(t.view) == 0 {
		return 0, 0
	}
	return t.cursor + 1, len(t.view)
}
