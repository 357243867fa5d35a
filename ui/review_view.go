package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/ui/cells"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// reviewStyles are the review screen's own styles, from the renderer of its
// terminal.
type reviewStyles struct {
	title, header, selected, dim, accepted, rejected lipgloss.Style
	fragment, sentence, key, err, notice             lipgloss.Style
}

func newReviewStyles(r *lipgloss.Renderer) reviewStyles {
	ns := r.NewStyle
	accent := lipgloss.AdaptiveColor{Light: "#005F87", Dark: "#5FAFFF"}
	return reviewStyles{
		title:    ns().Bold(true).Foreground(accent),
		header:   ns().Bold(true),
		selected: ns().Reverse(true),
		dim:      ns().Foreground(lipgloss.AdaptiveColor{Light: "#6C6C6C", Dark: "#8A8A8A"}),
		accepted: ns().Foreground(lipgloss.AdaptiveColor{Light: "#1B5E20", Dark: "#69DB7C"}),
		rejected: ns().Foreground(lipgloss.AdaptiveColor{Light: "#B71C1C", Dark: "#FF6B6B"}).Strikethrough(true),
		fragment: ns().Reverse(true).Bold(true),
		sentence: ns().Underline(true),
		key:      ns().Bold(true),
		err:      ns().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#B71C1C", Dark: "#FF6B6B"}),
		notice:   ns().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#8A5300", Dark: "#FFB454"}),
	}
}

func (m *Review) t(zh, en string) string { return m.lang.Pick(zh, en) }

// View draws the screen: the title, the table beside the article (one
// above the other on a narrow terminal), the current row's details, what
// the last action did, and the keys.
func (m *Review) View() string {
	w, h := max(m.width, 20), max(m.height, 8)
	var foot []string
	foot = append(foot, m.detailLines(w)...)
	if m.message != "" {
		st := m.st.notice
		if m.isErr {
			st = m.st.err
		}
		msg := cells.Wrap(sanitize.Text(m.message), w)
		if limit := max(3, h/4); len(msg) > limit {
			msg = append(msg[:limit-1], m.t("……", "..."))
		}
		for _, l := range msg {
			foot = append(foot, st.Render(cells.Fit(l, w)))
		}
	}
	foot = append(foot, m.promptLines(w)...)
	bodyH := max(3, h-1-len(foot))
	var body string
	if w >= 110 {
		tw := w * 3 / 5
		left := strings.Split(m.tableView(tw, bodyH), "\n")
		right := m.articleLines(w-tw-1, bodyH)
		lines := make([]string, bodyH)
		sep := m.st.dim.Render(m.glyph("│", "|"))
		for i := range lines {
			lines[i] = left[i] + sep + right[i]
		}
		body = strings.Join(lines, "\n")
	} else {
		th := max(3, bodyH/2)
		body = m.tableView(w, th) + "\n" + strings.Join(m.articleLines(w, bodyH-th), "\n")
	}
	out := []string{m.titleLine(w), body}
	out = append(out, foot...)
	frame := strings.Join(out, "\n")
	if m.opt.ASCII {
		// The dashboard's fold: every symbol, whoever drew it (a cut
		// name's …, ≥ in a key hint, quotes in the article), cell for cell.
		return cells.ASCII(frame)
	}
	return frame
}

func (m *Review) glyph(unicode, ascii string) string {
	if m.opt.ASCII {
		return ascii
	}
	return unicode
}

func (m *Review) titleLine(w int) string {
	acc, rej := 0, 0
	for _, r := range m.rows {
		switch r.decision {
		case reviewAccepted:
			acc++
		case reviewRejected:
			rej++
		}
	}
	title := m.opt.Article.Title
	if title == "" {
		title = m.opt.File
	}
	s := model.T("审核 %s：%d 个数据，已接受 %d，已拒绝 %d，待定 %d", "Review %s: %d figures, %d accepted, %d rejected, %d undecided",
		sanitize.Line(title), len(m.rows), acc, rej, len(m.rows)-acc-rej).Localize(m.lang)
	return m.st.title.Render(cells.Fit(s, w))
}

// tableHeight is how many rows the table shows.
func (m *Review) tableHeight() int { return max(1, m.height/2-2) }

// scroll keeps the cursor's row in view.
func (m *Review) scroll() {
	h := m.tableHeight()
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+h {
		m.top = m.cursor - h + 1
	}
	m.top = max(0, min(m.top, len(m.rows)-h))
}

// reviewColumns are the table's columns: fixed widths, the indicator takes
// the rest.
var reviewColumns = []struct {
	zh, en string
	width  int
}{
	{"", "", 3}, {"数值", "Value", 11}, {"指标", "Indicator", 0}, {"期间", "Period", 13}, {"地区", "Region", 8}, {"类型", "Kind", 6}, {"置信", "Conf", 4},
}

// reviewRegionColumn is the region column's index; it widens to the longest
// region name (民勤红沙岗能源化工工业集中区), up to reviewRegionMax cells, as
// long as the indicator keeps reviewIndicatorMin.
const (
	reviewRegionColumn = 4
	reviewRegionMax    = 36
	reviewIndicatorMin = 14
)

// widestRegion is the width of the widest region label, at most
// reviewRegionMax; it is measured once per language and region edit, not
// on every frame (an article of a megabyte has thousands of rows).
func (m *Review) widestRegion() int {
	if m.regionColOK && m.regionColLang == m.lang {
		return m.regionCol
	}
	w := reviewColumns[reviewRegionColumn].width
	for i := range m.rows {
		w = max(w, min(reviewRegionMax, cells.Width(m.regionLabel(m.rows[i].p.Region, m.rows[i].p.RegionNew))))
	}
	m.regionCol, m.regionColLang, m.regionColOK = w, m.lang, true
	return w
}

func (m *Review) tableView(w, h int) string {
	fixed := 0
	for _, c := range reviewColumns {
		fixed += c.width + 1
	}
	regionW := max(reviewColumns[reviewRegionColumn].width, min(m.widestRegion(), w-fixed-reviewIndicatorMin+reviewColumns[reviewRegionColumn].width))
	fixed += regionW - reviewColumns[reviewRegionColumn].width
	flex := max(6, w-fixed)
	width := func(i int) int {
		switch {
		case i == reviewRegionColumn:
			return regionW
		case reviewColumns[i].width == 0:
			return flex
		}
		return reviewColumns[i].width
	}
	var head []string
	for i, c := range reviewColumns {
		head = append(head, cells.Fit(m.t(c.zh, c.en), width(i)))
	}
	lines := []string{m.st.header.Render(cells.Fit(strings.Join(head, " "), w))}
	// The table fills what the body gives it; scrolling keeps the cursor in
	// the rows it shows.
	rowsH := max(1, h-1)
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+rowsH {
		m.top = m.cursor - rowsH + 1
	}
	if len(m.rows) == 0 {
		lines = append(lines, m.st.dim.Render(cells.Fit(m.t("文章中没有找到数据", "no figures found in the article"), w)))
	}
	for i := m.top; i < len(m.rows) && i < m.top+rowsH; i++ {
		r := m.rows[i]
		cellsOf := m.rowCells(i)
		var parts []string
		for k, c := range cellsOf {
			if k == 1 || k == 6 {
				parts = append(parts, cells.FitRight(c, width(k)))
			} else {
				parts = append(parts, cells.Fit(c, width(k)))
			}
		}
		l := cells.Fit(strings.Join(parts, " "), w)
		switch {
		case i == m.cursor:
			l = m.st.selected.Render(l)
		case r.decision == reviewAccepted:
			l = m.st.accepted.Render(l)
		case r.decision == reviewRejected:
			l = m.st.rejected.Render(l)
		}
		lines = append(lines, l)
	}
	return cells.FitLines(strings.Join(lines, "\n"), w, h)
}

// rowCells are the cells of table row i, sanitised: every one of them
// comes from the article.
func (m *Review) rowCells(i int) []string {
	r := m.rows[i]
	p := r.p
	mark := m.glyph("·", ".")
	switch r.decision {
	case reviewAccepted:
		mark = m.glyph("✓", "+")
	case reviewRejected:
		mark = m.glyph("✗", "x")
	}
	if r.imported {
		mark = m.glyph("★", "*")
	}
	if i == m.cursor {
		mark = m.glyph("▸", ">") + mark
	} else {
		mark = " " + mark
	}
	if len(r.edited) > 0 {
		mark += m.glyph("✎", "e")
	}
	value := p.Published
	if value == "" {
		value = fmt.Sprintf("%v%s", p.Value, p.Unit)
	}
	return []string{mark, sanitize.Line(value), sanitize.Line(p.IndicatorZH), m.periodLabel(p.Period),
		m.regionLabel(p.Region, p.RegionNew), p.Kind.Label(m.lang), fmt.Sprintf("%.2f", p.Confidence)}
}

func (m *Review) periodLabel(s string) string {
	if s == "" {
		return m.t("？不明", "? unknown")
	}
	per, err := model.ParsePeriod(s)
	if err != nil {
		return sanitize.Line(s)
	}
	return per.Label(m.lang)
}

func (m *Review) regionLabel(id, newName string) string {
	switch {
	case newName != "":
		return m.t("新:", "new:") + sanitize.Line(newName)
	case id == "":
		return m.t("？不明", "? unknown")
	}
	if r := m.region(id); r.ID != "" {
		return r.Name(m.lang)
	}
	return sanitize.Line(id)
}

// detailLines show the current row: its fragment, what to check, its
// subject and its source.
func (m *Review) detailLines(w int) []string {
	rule := m.st.dim.Render(strings.Repeat(m.glyph("─", "-"), w))
	if len(m.rows) == 0 {
		return []string{rule}
	}
	p := m.rows[m.cursor].p
	frag := m.t("原文：“", "Fragment: \"") + sanitize.Line(p.Fragment) + m.t("”", "\"")
	if p.Subject != "" {
		frag += m.t("  对象：", "  Subject: ") + sanitize.Line(p.Subject)
	}
	check := m.t("待核：", "Check: ")
	if len(p.Review) == 0 {
		check += m.t("无", "nothing")
	}
	for i, n := range p.Review {
		if i > 0 {
			check += m.t("；", "; ")
		}
		check += m.reviewNote(n)
	}
	src := m.opt.Source.Title
	if src == "" {
		src = m.t("（无标题：请用 --title 指明）", "(no title: give one with --title)")
	}
	check += m.t("  来源：", "  Source: ") + sanitize.Line(src)
	return []string{rule, cells.Fit(frag, w), m.st.dim.Render(cells.Fit(check, w))}
}

// reviewNotesEN are the extractor's review notes in English.
var reviewNotesEN = map[string]string{
	"预计数,不是实绩":      "an estimate, not an outturn",
	"目标数,不是实绩":      "a target, not an outturn",
	"地区不明":          "region unknown",
	"标签不明确":         "label unclear",
	"时期不明":          "period unknown",
	"年份不明":          "year unknown",
	"起始年份不明":        "start year unknown",
	"累计数,起始时间不明":    "a cumulative total whose start is unknown",
	"“以来”的起点晚于文章日期": "the start of 以来 is after the article's date",
	"文章日期不明,无法确定“日前/近日”所指月份": "no article date: 日前/近日 cannot be dated (give --date)",
	"文章日期不明,无法确定“过去N年”所指年份":  "no article date: 过去N年 cannot be dated (give --date)",
	"文章日期不明,无法确定“今年/去年”所指年份": "no article date: 今年/去年 cannot be dated (give --date)",
	"文章日期不明,无法确定“目前”所指时间":    "no article date: 目前 cannot be dated (give --date)",
	"文章日期不明,无法确定“N年来”所指时间":   "no article date: N年来 cannot be dated (give --date)",
	"文章日期不明,无法确定“以来”的截止时间":   "no article date: the end of 以来 is unknown (give --date)",
}

func (m *Review) reviewNote(n string) string {
	if m.lang == model.English {
		if en, ok := reviewNotesEN[n]; ok {
			return en
		}
		if name, ok := strings.CutPrefix(n, "新地区:"); ok {
			return "new region: " + sanitize.Line(name)
		}
	}
	return sanitize.Line(n)
}

// promptLines are the edit prompt, when editing, and the keys.
func (m *Review) promptLines(w int) []string {
	var out []string
	switch m.edit {
	case editChoose:
		out = append(out, m.st.notice.Render(cells.Fit(m.t("修改哪一项？ r 地区   p 期间   n 指标   k 类型   esc 取消",
			"Edit which field? r region   p period   n indicator   k kind   esc cancel"), w)))
	case editRegion, editPeriod, editIndicator, editKind:
		label := map[int][2]string{
			editRegion:    {"地区（名称或 ID；新地区写全称，如 西和县）", "Region (name or ID; a new one by its full name, e.g. 西和县)"},
			editPeriod:    {"期间（2024、2025H1、2025Q1、2024-03、2025-01/2025-05、@2025-02）", "Period (2024, 2025H1, 2025Q1, 2024-03, 2025-01/2025-05, @2025-02)"},
			editIndicator: {"指标（已有指标的名称或 ID，或新指标的中文名）", "Indicator (an existing one's name or ID, or a new one's Chinese name)"},
			editKind:      {"类型（level、count、growth_pct、share_pct、target、rank）", "Kind (level, count, growth_pct, share_pct, target, rank)"},
		}[m.edit]
		out = append(out, m.st.notice.Render(cells.Fit(m.t(label[0], label[1])+m.t("：enter 确定，esc 取消", ": enter to apply, esc to cancel"), w)))
		out = append(out, cells.Fit(m.input.View(), w))
	}
	keys := [][3]string{
		{"↑↓", "移动", "move"}, {"a", "接受", "accept"}, {"x", "拒绝", "reject"}, {"e", "修改", "edit"},
		{"A", fmt.Sprintf("接受置信≥%.2f", m.opt.Threshold), fmt.Sprintf("accept conf≥%.2f", m.opt.Threshold)},
		{"i", "导入已接受", "import accepted"}, {"L", "English", "中文"}, {"q", "退出(不写入)", "quit (writes nothing)"},
	}
	if m.opt.ASCII {
		keys[0][0] = "up/dn"
	}
	// Every key stays on screen: the hints wrap onto a second line on a
	// narrow terminal rather than being cut.
	line, width := "", 0
	for _, k := range keys {
		label := m.t(k[1], k[2])
		kw := cells.Width(k[0]) + 1 + cells.Width(label)
		if width > 0 && width+2+kw > w {
			out = append(out, line)
			line, width = "", 0
		}
		if width > 0 {
			line += "  "
			width += 2
		}
		line += m.st.key.Render(k[0]) + " " + m.st.dim.Render(label)
		width += kw
	}
	return append(out, line)
}

// styledRune is one character of the article pane and how it is drawn.
type styledRune struct {
	r     rune
	style uint8 // 0 plain, 1 the sentence, 2 the fragment
}

// articleLines draw the article around the current row: the text wrapped
// to w, its sentence underlined and its fragment highlighted, the fragment
// a third of the way down. Only a window of the text around the fragment
// is read, however long the article.
func (m *Review) articleLines(w, h int) []string {
	lines := make([]string, 0, h)
	text := m.opt.Article.Text
	if len(m.rows) > 0 && text != "" {
		p := m.rows[m.cursor].p
		off := min(max(0, p.Offset), len(text))
		end := min(off+len(p.Fragment), len(text))
		sa, sb := sentenceAround(text, off, end)
		lo, hi := max(0, sa-3000), min(len(text), sb+3000)
		for lo > 0 && !utf8.RuneStart(text[lo]) {
			lo++
		}
		for hi < len(text) && !utf8.RuneStart(text[hi]) {
			hi++
		}
		if i := strings.IndexByte(text[lo:sa], '\n'); lo > 0 && i >= 0 {
			lo += i + 1
		}
		var rs []styledRune
		add := func(s string, style uint8) {
			for _, r := range s {
				rs = append(rs, styledRune{r, style})
			}
		}
		// Each part passes the sanitiser on its own, so that the
		// fragment's place survives what the sanitiser changes.
		add(sanitize.Text(text[lo:sa]), 0)
		add(sanitize.Text(text[sa:off]), 1)
		add(sanitize.Line(text[off:end]), 2)
		add(sanitize.Text(text[end:sb]), 1)
		add(sanitize.Text(text[sb:hi]), 0)
		wrapped, fragLine := wrapStyled(rs, w)
		start := max(0, min(fragLine-h/3, len(wrapped)-h))
		for _, l := range wrapped[start:min(len(wrapped), start+h)] {
			lines = append(lines, m.renderStyled(l, w))
		}
	}
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return lines
}

// sentenceAround returns the sentence holding text[off:end]: from after
// the punctuation that ends the previous one to the end of its own.
func sentenceAround(text string, off, end int) (int, int) {
	const enders = "。！？；!?;\n"
	sa := strings.LastIndexAny(text[max(0, off-600):off], enders)
	if sa < 0 {
		sa = max(0, off-600)
		for sa < off && !utf8.RuneStart(text[sa]) {
			sa++
		}
	} else {
		sa += max(0, off-600)
		_, n := utf8.DecodeRuneInString(text[sa:])
		sa += n
	}
	rest := text[end:min(len(text), end+600)]
	sb := strings.IndexAny(rest, enders)
	if sb < 0 {
		sb = len(rest)
		for sb > 0 && end+sb < len(text) && !utf8.RuneStart(text[end+sb]) {
			sb--
		}
	} else {
		_, n := utf8.DecodeRuneInString(rest[sb:])
		if rest[sb] != '\n' {
			sb += n
		}
	}
	return sa, end + sb
}

// wrapStyled breaks styled text into lines of at most w cells and returns
// the line the fragment starts on.
func wrapStyled(rs []styledRune, w int) ([][]styledRune, int) {
	var lines [][]styledRune
	var cur []styledRune
	width, fragLine := 0, -1
	for _, c := range rs {
		if c.r == '\n' {
			lines, cur, width = append(lines, cur), nil, 0
			continue
		}
		cw := runewidth.RuneWidth(c.r)
		if width+cw > w && len(cur) > 0 {
			lines, cur, width = append(lines, cur), nil, 0
		}
		if c.style == 2 && fragLine < 0 {
			fragLine = len(lines)
		}
		cur = append(cur, c)
		width += cw
	}
	lines = append(lines, cur)
	return lines, max(0, fragLine)
}

func (m *Review) renderStyled(l []styledRune, w int) string {
	var b strings.Builder
	width := 0
	for i := 0; i < len(l); {
		j := i
		var seg strings.Builder
		for j < len(l) && l[j].style == l[i].style {
			seg.WriteRune(l[j].r)
			width += runewidth.RuneWidth(l[j].r)
			j++
		}
		switch l[i].style {
		case 1:
			b.WriteString(m.st.sentence.Render(seg.String()))
		case 2:
			b.WriteString(m.st.fragment.Render(seg.String()))
		default:
			b.WriteString(seg.String())
		}
		i = j
	}
	if width < w {
		b.WriteString(strings.Repeat(" ", w-width))
	}
	return b.String()
}
