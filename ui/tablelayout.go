package ui

import "github.com/gansudash/gansudash/ui/cells"

// How a table shares its width among its columns.

// measure finds the widest cell of every Fit column.
func (t *Table) measure() {
	t.fitW = make([]int, len(t.cols))
	for i, c := range t.cols {
		if !c.Fit {
			continue
		}
		w := cells.Width(t.ctx.T(c.ZH, c.EN))
		for _, r := range t.rows {
			if i < len(r.Cells) {
				w = max(w, cells.Width(r.Cells[i].Text))
			}
		}
		if c.Max > 0 {
			w = min(w, c.Max)
		}
		t.fitW[i] = max(w, c.Min)
	}
}

// colMin is the width a column needs: its content's for a Fit column.
func (t *Table) colMin(i int) int {
	if t.cols[i].Fit && i < len(t.fitW) {
		return t.fitW[i]
	}
	return t.cols[i].Min
}

// layout works out each column's width for the current table width.
func (t *Table) layout() {
	t.lines = map[int]string{}
	t.header = ""
	n := len(t.cols)
	t.widths = make([]int, n)
	visible := make([]bool, n)
	for i := range visible {
		visible[i] = !t.cols[i].Hidden
	}
	avail := t.width - 1 // the cursor gutter
	need := func() int {
		sum, cnt := 0, 0
		for i := range t.cols {
			if visible[i] {
				sum += t.colMin(i)
				cnt++
			}
		}
		return sum + max(0, cnt-1)
	}
	for need() > avail {
		drop, best := -1, 0
		for i, c := range t.cols {
			if visible[i] && c.Drop > best {
				drop, best = i, c.Drop
			}
		}
		if drop < 0 {
			break
		}
		visible[drop] = false
	}
	spare := avail - need()
	flexTotal := 0
	for i, c := range t.cols {
		if visible[i] {
			t.widths[i] = t.colMin(i)
			flexTotal += c.Flex
		}
	}
	for spare > 0 && flexTotal > 0 {
		given := 0
		for i, c := range t.cols {
			if !visible[i] || c.Flex == 0 || c.Fit {
				continue
			}
			share := max(1, spare*c.Flex/flexTotal)
			if c.Max > 0 {
				share = min(share, c.Max-t.widths[i])
			}
			share = min(share, spare-given)
			if share > 0 {
				t.widths[i] += share
				given += share
			}
		}
		if given == 0 {
			break
		}
		spare -= given
	}
	// Still too narrow (only columns that may not be dropped are left):
	// squeeze the other columns first, a Fit column last.
	for _, fit := range []bool{false, true} {
		for i, c := range t.cols {
			if over := t.rowWidth() - avail; visible[i] && c.Fit == fit && over > 0 {
				t.widths[i] = max(1, t.widths[i]-over)
			}
		}
	}
}

// rowWidth is the width of the rendered cells (gutter excluded).
func (t *Table) rowWidth() int {
	w, cnt := 0, 0
	for _, cw := range t.widths {
		if cw > 0 {
			w += cw
			cnt++
		}
	}
	return w + max(0, cnt-1)
}
