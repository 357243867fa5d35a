package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// tablePage is what every page built on one table shares: its loading
// state, the filter, the sort and cursor keys, the status line, export to
// CSV and copy. Pages embed it and keep only what is their own.
type tablePage struct {
	ctx    *Context
	table  *Table
	noun   [2]string // what the rows are, for the status line (zh, en)
	name   string    // the export file's name part
	err    error
	loaded bool
}

func newTablePage(ctx *Context, cols []Column, name string, noun, empty [2]string) tablePage {
	t := NewTable(ctx, cols)
	t.SetEmptyText(empty[0], empty[1])
	return tablePage{ctx: ctx, table: t, name: name, noun: noun}
}

// setLoaded records the outcome of a load and reports whether data arrived.
func (p *tablePage) setLoaded(err error) bool {
	p.err = err
	if err == nil {
		p.loaded = true
	}
	return err == nil
}

// handle answers the keys and mouse events every table page answers the
// same way: moving, sorting, clicking and scrolling. top is the table's first
// line within the page. It reports whether it used msg.
func (p *tablePage) handle(msg tea.Msg, top int) bool {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if p.table.HandleKey(msg) {
			return true
		}
		if key.Matches(msg, p.ctx.Keys.Sort) {
			p.table.CycleSort()
			return true
		}
	case tea.MouseMsg:
		p.table.HandleMouse(msg, msg.Y-top)
		return true
	}
	return false
}

// SetSize gives the table the whole page.
func (p *tablePage) SetSize(w, h int) { p.table.SetSize(w, h) }

// View draws the table.
func (p *tablePage) View() string { return p.table.View() }

// Status reports rows, position, sort and filter, or why the page could not load.
func (p *tablePage) Status() string {
	if p.err != nil {
		return loadError(p.ctx, p.err)
	}
	return tableStatus(p.ctx, p.table, p.ctx.T(p.noun[0], p.noun[1]))
}

// SetFilter filters the rows.
func (p *tablePage) SetFilter(q string) { p.table.SetFilter(q) }

// Filter returns the filter.
func (p *tablePage) Filter() string { return p.table.Filter() }

func (p *tablePage) failed() bool { return p.err != nil }

func (p *tablePage) exportName() string { return p.name }
