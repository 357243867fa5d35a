package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/ui/cells"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// MinWidth and MinHeight are the smallest terminal the dashboard draws in;
// below it shows a one-line notice.
const (
	MinWidth  = 40
	MinHeight = 12
)

// RefreshInterval is how often the dashboard checks the database for
// changes (an import by another process); a check costs one stat.
const RefreshInterval = time.Second

// Top-level views, switched with 1, 2 and 3.
const (
	viewOverview = iota
	viewEvents
	viewSources
	numViews
)

// Model is the dashboard: a stack of pages over one of three top-level
// views, a header, and a status line that doubles as the filter input.
type Model struct {
	ctx       *Context
	views     [numViews]page
	view      int
	stack     []page
	help      *helpPage
	showHelp  bool
	filtering bool
	input     textinput.Model
	notice    string
	noticeErr bool
	viewZones []zone
	refresh   bool   // poll the database for changes
	clipboard string // an OSC 52 sequence riding in the frames for a moment
	lastCopy  string // the text y last copied, for Y to show
}

// DashboardOptions configure a dashboard.
type DashboardOptions struct {
	Region   string         // region ID to open on ("" : the one with most figures)
	Category model.Category // tab to open on (0: the first)
	// Refresh polls the database for changes and reloads what is shown.
	Refresh bool
}

// New builds the dashboard on ctx, whose Data, Lang, ASCII and Renderer
// must be set. It reads the catalog and the first table synchronously, so
// that the very first frame shows figures.
func New(ctx *Context, opt DashboardOptions) (*Model, error) {
	cat, err := ctx.Data.Catalog()
	if err != nil {
		return nil, err
	}
	ctx.Catalog = cat
	if ctx.Styles == nil {
		ctx.Styles = NewStyles(ctx.Renderer, ctx.ASCII)
	}
	ctx.Keys = NewKeyMap(ctx.Lang)
	region := opt.Region
	if region == "" {
		region = cat.BusiestRegion()
	}
	m := &Model{ctx: ctx, refresh: opt.Refresh}
	ov := newOverview(ctx, region, opt.Category)
	if msg, ok := ov.load()().(summariesMsg); ok {
		ov.Update(msg)
	}
	m.views[viewOverview] = ov
	m.help = newHelpPage(ctx)
	m.input = textinput.New()
	m.input.Prompt = "/"
	m.input.CharLimit = 64
	// A steady cursor: a blinking one redraws every half second, for every
	// SSH session, for nothing.
	m.input.Cursor.SetMode(cursor.CursorStatic)
	return m, nil
}

// Init starts the change polling.
func (m *Model) Init() tea.Cmd {
	if m.refresh {
		return tick()
	}
	return nil
}

func tick() tea.Cmd {
	return tea.Tick(RefreshInterval, func(time.Time) tea.Msg { return refreshTickMsg{} })
}

func (m *Model) top() page {
	if m.showHelp {
		return m.help
	}
	if n := len(m.stack); n > 0 {
		return m.stack[n-1]
	}
	return m.views[m.view]
}

// Update routes messages: global keys first, then the top page.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.ctx.Width, m.ctx.Height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.KeyMsg:
		return m, m.key(msg)
	case tea.MouseMsg:
		return m, m.mouse(msg)
	case pushMsg:
		m.stack = append(m.stack, msg.p)
		m.layout()
		return m, msg.p.Reload()
	case noticeMsg:
		m.notice, m.noticeErr = msg.text, msg.isErr
		return m, nil
	case copyMsg:
		if msg.err != nil {
			m.notice, m.noticeErr = m.ctx.T("复制失败：", "Copy failed: ")+model.Localize(msg.err, m.ctx.Lang), true
			return m, nil
		}
		return m, m.copyToClipboard(msg.text, msg.n)
	case clipboardDoneMsg:
		m.clipboard = ""
		return m, nil
	case refreshTickMsg:
		data := m.ctx.Data
		var retry []tea.Cmd
		for _, p := range m.pages() {
			if r, ok := p.(retrier); ok && r.failed() {
				retry = append(retry, p.Reload())
			}
		}
		return m, tea.Batch(tick(), tea.Batch(retry...), func() tea.Msg {
			changed, err := data.Refresh()
			if err != nil {
				return noticeMsg{text: err.Error(), isErr: true}
			}
			if changed {
				return dataChangedMsg{}
			}
			return nil
		})
	case dataChangedMsg:
		return m, m.reloadAll()
	}
	// Data for a page: every page checks whether the message is its own.
	var cmds []tea.Cmd
	for _, p := range m.pages() {
		_, cmd := p.Update(msg)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// pages returns every live page.
func (m *Model) pages() []page {
	var out []page
	for _, v := range m.views {
		if v != nil {
			out = append(out, v)
		}
	}
	return append(out, m.stack...)
}

// reloadAll re-reads the catalog and every page after the data changed, or
// after a language switch; pages keep their cursor by row key.
func (m *Model) reloadAll() tea.Cmd {
	if cat, err := m.ctx.Data.Catalog(); err == nil {
		m.ctx.Catalog = cat
	}
	var cmds []tea.Cmd
	for _, p := range m.pages() {
		cmds = append(cmds, p.Reload())
	}
	return tea.Batch(cmds...)
}

func (m *Model) pop() {
	if n := len(m.stack); n > 0 {
		m.stack = m.stack[:n-1]
	}
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	m.notice = ""
	if msg.String() == "ctrl+c" {
		return tea.Quit
	}
	if m.filtering {
		return m.filterKey(msg)
	}
	if m.showHelp {
		switch {
		case key.Matches(msg, k.Quit):
			return tea.Quit
		case key.Matches(msg, k.Help), key.Matches(msg, k.Back):
			m.showHelp = false
		default:
			m.help.Update(msg)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
		m.layout()
		return nil
	case key.Matches(msg, k.Lang):
		m.ctx.Lang = 1 - m.ctx.Lang
		m.ctx.Keys = NewKeyMap(m.ctx.Lang)
		return m.reloadAll()
	case key.Matches(msg, k.Overview):
		return m.switchView(viewOverview)
	case key.Matches(msg, k.Events):
		return m.switchView(viewEvents)
	case key.Matches(msg, k.Sources):
		return m.switchView(viewSources)
	case key.Matches(msg, k.Export):
		return m.exportView()
	case key.Matches(msg, k.Copy):
		return m.copySelected()
	case key.Matches(msg, k.Text):
		return m.showCopied()
	case key.Matches(msg, k.Filter):
		if f, ok := m.top().(filterable); ok {
			m.filtering = true
			m.input.SetValue(f.Filter())
			m.input.CursorEnd()
			return m.input.Focus()
		}
		return nil
	case key.Matches(msg, k.Back):
		if ov, ok := m.top().(*overview); ok && ov.focusReg {
			break // the overview closes its region chooser itself
		}
		if len(m.stack) > 0 {
			m.pop()
			return nil
		}
		if f, ok := m.top().(filterable); ok && f.Filter() != "" {
			f.SetFilter("")
			return nil
		}
	}
	_, cmd := m.top().Update(msg)
	return cmd
}

// filterKey edits the filter: every keystroke narrows the rows at once;
// enter keeps the filter, esc clears it.
func (m *Model) filterKey(msg tea.KeyMsg) tea.Cmd {
	f, ok := m.top().(filterable)
	if !ok {
		m.filtering = false
		return nil
	}
	switch msg.Type {
	case tea.KeyEnter:
		m.filtering = false
		m.input.Blur()
		return nil
	case tea.KeyEsc:
		m.filtering = false
		m.input.Blur()
		f.SetFilter("")
		return nil
	case tea.KeyUp, tea.KeyDown:
		_, cmd := m.top().Update(msg) // move through the narrowed rows while typing
		return cmd
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	f.SetFilter(m.input.Value())
	return cmd
}

func (m *Model) switchView(v int) tea.Cmd {
	m.stack = nil
	m.showHelp = false
	m.view = v
	var cmd tea.Cmd
	if m.views[v] == nil {
		switch v {
		case viewEvents:
			m.views[v] = newEvents(m.ctx, m.region())
		case viewSources:
			m.views[v] = newSources(m.ctx)
		}
		cmd = m.views[v].Reload()
	}
	if ev, ok := m.views[v].(*events); ok {
		ev.setRegion(m.region())
	}
	m.layout()
	return cmd
}

// region is the region the overview is on.
func (m *Model) region() string {
	if ov, ok := m.views[viewOverview].(*overview); ok {
		return ov.region
	}
	return ""
}

func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if m.tooSmall() {
		return nil
	}
	if msg.Y == 0 {
		if msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
			for _, z := range m.viewZones {
				if msg.X >= z.x0 && msg.X < z.x1 {
					return m.switchView(z.value)
				}
			}
		}
		return nil
	}
	if msg.Y >= m.ctx.Height-1 {
		return nil
	}
	msg.Y--
	_, cmd := m.top().Update(msg)
	return cmd
}

// layout tells every page the body's size.
func (m *Model) layout() {
	w, h := m.ctx.Width, max(0, m.ctx.Height-2)
	for _, p := range m.pages() {
		p.SetSize(w, h)
	}
	m.help.SetSize(w, h)
	m.input.Width = max(1, min(40, w-30))
}

func (m *Model) tooSmall() bool {
	return m.ctx.Width < MinWidth || m.ctx.Height < MinHeight
}

// View draws the header, the top page and the status line: exactly the
// terminal's size, every line exactly its width.
func (m *Model) View() string {
	w, h := m.ctx.Width, m.ctx.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if m.tooSmall() {
		msg := fmt.Sprintf(m.ctx.T("终端太小：至少需要 %dx%d（当前 %dx%d）", "Terminal too small: needs %dx%d (now %dx%d)"),
			MinWidth, MinHeight, w, h)
		return cells.FitLines(m.ctx.Styles.Notice.Render(cells.Fit(msg, w)), w, h)
	}
	var b strings.Builder
	b.Grow((w + 16) * h)
	b.WriteString(m.header())
	b.WriteString(m.clipboard) // zero width: the terminal acts on it and draws nothing
	b.WriteByte('\n')
	b.WriteString(m.top().View())
	b.WriteByte('\n')
	b.WriteString(m.status())
	if m.ctx.ASCII {
		// Every symbol, whoever drew it (a glyph set, a period label's dash,
		// a quotation mark in a note), cell for cell.
		return cells.ASCII(b.String())
	}
	return b.String()
}

// header shows the product, where the reader is (the region's path, or the
// page's title), the latest period in view, and the three views.
func (m *Model) header() string {
	st := m.ctx.Styles
	w := m.ctx.Width
	labels := []string{m.ctx.T("1 总览", "1 Overview"), m.ctx.T("2 招商活动", "2 Events"), m.ctx.T("3 来源", "3 Sources")}
	right := ""
	rightW := 0
	m.viewZones = m.viewZones[:0]
	zonesAt := []int{}
	for i, l := range labels {
		if i > 0 {
			right += " "
			rightW++
		}
		zonesAt = append(zonesAt, rightW)
		style := st.View
		if i == m.view && len(m.stack) == 0 && !m.showHelp {
			style = st.ViewActive
			if st.NoColor {
				l = "[" + l + "]" // without colour the active view still shows
				labels[i] = l
			}
		}
		right += style.Render(l)
		rightW += cells.Width(l)
	}
	if w < 60 { // narrow: the views are still one key away, listed in help
		right, rightW, zonesAt = "", 0, nil
	}
	period := ""
	if ov, ok := m.top().(*overview); ok {
		period = ov.LatestLabel()
	}
	title := "gansudash"
	left := st.Title.Render(title) + " " + st.HeaderPath.Render(sanitize.Line(m.top().Title()))
	leftW := cells.Width(title) + 1 + cells.Width(sanitize.Line(m.top().Title()))
	mid := ""
	if period != "" && leftW+cells.Width(period)+rightW+4 <= w {
		mid = "  " + st.HeaderPeriod.Render(period)
		leftW += 2 + cells.Width(period)
		left += mid
	}
	space := w - rightW - 1
	if leftW > space {
		left = cells.Truncate(left, max(0, space), st.Glyph.Ellipsis)
		leftW = cells.Width(left)
	}
	x0 := w - rightW
	for i, at := range zonesAt {
		m.viewZones = append(m.viewZones, zone{x0 + at, x0 + at + cells.Width(labels[i]), i})
	}
	return left + strings.Repeat(" ", max(0, w-leftW-rightW)) + right
}

// status is the bottom line: the filter input while filtering, else a
// notice, or the page's status and the key hints.
func (m *Model) status() string {
	st := m.ctx.Styles
	w := m.ctx.Width
	if m.filtering {
		hint := m.ctx.T("  enter 确定 · esc 清除", "  enter keep · esc clear")
		return cells.Fit(m.input.View()+st.StatusDesc.Render(hint), w)
	}
	if m.notice != "" {
		style := st.Notice
		if m.noticeErr {
			style = st.Error
		}
		return cells.Fit(style.Render(sanitize.Line(m.notice)), w)
	}
	left := m.top().Status()
	// The page's own keys, most useful first, then esc and the views; help
	// and quit are always shown, whatever the width.
	k := m.ctx.Keys
	var page []key.Binding
	if h, ok := m.top().(pageHints); ok && !m.showHelp {
		page = h.hints(k)
	}
	if len(m.stack) > 0 || m.showHelp {
		page = append([]key.Binding{k.Back}, page...)
	} else {
		page = append(page, k.Views)
	}
	render := func(bs []key.Binding) []string {
		out := make([]string, len(bs))
		for i, b := range bs {
			out[i] = st.StatusKey.Render(b.Help().Key) + " " + st.StatusDesc.Render(b.Help().Desc)
		}
		return out
	}
	always := strings.Join(render(k.Always()), "  ")
	hints := render(page)
	right := func() string { return strings.Join(append(append([]string(nil), hints...), always), "  ") }
	room := w - cells.Width(left) - 2
	for len(hints) > 0 && cells.Width(right()) > room {
		hints = hints[:len(hints)-1]
	}
	r := right()
	if cells.Width(r) > w-2 {
		// Very narrow: help and quit keep their place, the page status gives way.
		return cells.Fit(strings.Repeat(" ", max(0, w-cells.Width(always)))+always, w)
	}
	leftW := max(0, w-cells.Width(r)-2)
	return cells.Fit(st.Status.Render(cells.Fit(left, leftW))+"  "+r, w)
}
