package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/ui/cells"
)

// helpPage lists every key binding, generated from the KeyMap by bubbles'
// help, and explains the marks the tables use.
type helpPage struct {
	ctx    *Context
	width  int
	height int
	text   scrollText
}

func newHelpPage(ctx *Context) *helpPage { return &helpPage{ctx: ctx} }

// Update scrolls the help.
func (h *helpPage) Update(msg tea.Msg) (page, tea.Cmd) {
	h.text.setLines(h.Lines())
	h.text.update(h.ctx.Keys, msg)
	return h, nil
}

// SetSize lays the help out for the width; it scrolls when taller.
func (h *helpPage) SetSize(w, ht int) {
	h.width, h.height = w, ht
	h.text.setSize(w, ht)
	h.text.setLines(h.Lines())
}

func (h *helpPage) Reload() tea.Cmd { return nil }

// Title names the screen.
func (h *helpPage) Title() string { return h.ctx.T("帮助", "Help") }

// Status says how to leave.
func (h *helpPage) Status() string {
	s := h.ctx.T("? 或 esc 关闭帮助", "? or esc closes help")
	if pos := h.text.position(h.ctx); pos != "" {
		s += h.ctx.T(" · ↑↓ 滚动 · ", " · ↑↓ scroll · ") + pos
	}
	return s
}

// Lines returns the help text, for the screen and for tests.
func (h *helpPage) Lines() []string {
	st := h.ctx.Styles
	m := help.New()
	m.Width = h.width
	m.ShowAll = true
	m.FullSeparator = "   "
	m.Styles.FullKey = st.StatusKey
	m.Styles.FullDesc = st.StatusDesc
	m.Styles.FullSeparator = st.StatusDesc
	m.Styles.Ellipsis = st.StatusDesc
	lines := []string{st.Heading.Render(h.ctx.T("按键", "Keys"))}
	lines = append(lines, strings.Split(m.FullHelpView(h.ctx.Keys.FullHelp()), "\n")...)
	g := st.Glyph
	legend := []string{
		"",
		st.Heading.Render(h.ctx.T("标记", "Marks")),
		g.Up + "/" + g.Down + h.ctx.T(" 比上年同期增加/减少（红涨绿跌）；“公布”为文章公布的增速，“算”为由两期数值计算",
			" up/down on a year earlier (red up, green down); “pub” is the rate as published, “calc” is computed from two levels"),
		g.Approx + h.ctx.T(" 推算值或近似值：不是原文公布的数字", " derived or approximate: not a number as published"),
		h.ctx.T("“N源不一致”：不同来源对同一期数据说法不一，enter 查看各来源", "“N disagree”: sources disagree about a period; enter shows each"),
		h.ctx.T("趋势：三期及以上可比数据画成小图；不足三期显示期数（如“2期”）", "Trend: drawn for three or more comparable periods; fewer show the count (“2 pts”)"),
		h.ctx.T("“算·两源”：由两个来源的数值计算，口径可能不同", "“calc·2 src”: computed from figures of two sources, whose definitions may differ"),
		h.ctx.T("合计行标“算”：由所列数值相加，只含已发布的地区或活动", "Totals marked “calc” add the rows listed: only regions or events that published"),
		h.ctx.T("多、余、超、近、以上 保留原文的约数写法，例如 50多家", "多, 余, 超, 近, 以上 keep the article's approximation, e.g. 50多家 = 50+"),
		h.ctx.T("筛选支持中文、英文和拼音首字母（zsyz = 招商引资）", "Filter by Chinese, English or pinyin initials (zsyz = 招商引资)"),
	}
	for _, l := range legend {
		lines = append(lines, cells.Wrap(l, max(1, h.width))...)
	}
	return lines
}

func (h *helpPage) View() string {
	h.text.setLines(h.Lines()) // the language may have changed
	return h.text.view()
}
