package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/ui/cells"
)

// scrollText is a block of lines that scrolls with the usual keys and the
// mouse wheel: the help screen and the copied text use it.
type scrollText struct {
	lines  []string
	scroll int
	width  int
	height int
}

func (s *scrollText) setLines(lines []string) {
	s.lines = lines
	s.clamp()
}

func (s *scrollText) setSize(w, h int) {
	s.width, s.height = w, h
	s.clamp()
}

func (s *scrollText) clamp() { s.scroll = max(0, min(s.scroll, len(s.lines)-s.height)) }

// update scrolls for a key or wheel event and reports whether it used it.
func (s *scrollText) update(k KeyMap, msg tea.Msg) bool {
	page := max(1, s.height-1)
	by := 0
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Up):
			by = -1
		case key.Matches(msg, k.Down):
			by = 1
		case key.Matches(msg, k.HalfUp):
			by = -page / 2
		case key.Matches(msg, k.HalfDown):
			by = page / 2
		case key.Matches(msg, k.PageUp):
			by = -page
		case key.Matches(msg, k.PageDown), msg.String() == " ":
			by = page
		case key.Matches(msg, k.Top):
			by = -len(s.lines)
		case key.Matches(msg, k.Bottom):
			by = len(s.lines)
		default:
			return false
		}
	case tea.MouseMsg:
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			by = -3
		case tea.MouseButtonWheelDown:
			by = 3
		default:
			return false
		}
	default:
		return false
	}
	s.scroll += by
	s.clamp()
	return true
}

func (s *scrollText) view() string {
	end := min(len(s.lines), s.scroll+s.height)
	return cells.FitLines(strings.Join(s.lines[min(s.scroll, end):end], "\n"), s.width, s.height)
}

// position says which lines show: "第 1–20 行，共 45 行".
func (s *scrollText) position(ctx *Context) string {
	if len(s.lines) <= s.height {
		return ""
	}
	return fmt.Sprintf(ctx.T("第 %d-%d 行，共 %d 行", "lines %d-%d of %d"), s.scroll+1, min(len(s.lines), s.scroll+s.height), len(s.lines))
}

// textPage shows lines of text to read or select by hand (the text y
// copied, for terminals that ignore the clipboard sequence).
type textPage struct {
	ctx   *Context
	title string
	hint  string
	text  scrollText
}

func newTextPage(ctx *Context, title, hint string, lines []string) *textPage {
	return &textPage{ctx: ctx, title: title, hint: hint, text: scrollText{lines: lines}}
}

func (p *textPage) Update(msg tea.Msg) (page, tea.Cmd) {
	p.text.update(p.ctx.Keys, msg)
	return p, nil
}

func (p *textPage) SetSize(w, h int) { p.text.setSize(w, h) }
func (p *textPage) Reload() tea.Cmd  { return nil }
func (p *textPage) Title() string    { return p.title }
func (p *textPage) View() string     { return p.text.view() }

// Status says how to select the text and where the reader is in it.
func (p *textPage) Status() string {
	if pos := p.text.position(p.ctx); pos != "" {
		return p.hint + " · " + pos
	}
	return p.hint
}

func (p *textPage) hints(k KeyMap) []key.Binding { return []key.Binding{k.Down} }
