package ui

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/model/extract"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/cells"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// ReviewImport imports the rows of a proposals file held in memory, all or
// nothing, as the import command imports a file (dryRun: check and count,
// write nothing).
type ReviewImport func(name string, csv []byte, dryRun bool) (store.ImportResult, error)

// ReviewOptions configure the review of one article's proposals.
type ReviewOptions struct {
	File      string // the article's file, for the title and the import's messages
	Article   extract.Article
	Proposals []extract.Proposal
	Catalog   *store.ArticleCatalog
	Source    store.ProposalSource
	Import    ReviewImport
	Lang      model.Lang
	ASCII     bool
	// Threshold is the confidence at or above which A accepts a row.
	Threshold float64
	Input     io.Reader // default: the terminal
	Output    io.Writer // default: standard output
}

// RunReview opens the review screen in this terminal and returns when the
// user quits. It is never reachable over SSH: the server serves only the
// dashboard and report.
func RunReview(opt ReviewOptions) error {
	cells.Init()
	out := opt.Output
	if out == nil {
		out = os.Stdout
	}
	m := NewReview(opt, terminalRenderer(out))
	popts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithOutput(out)}
	if opt.Input != nil {
		popts = append(popts, tea.WithInput(opt.Input))
	}
	if _, err := tea.NewProgram(m, popts...).Run(); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	return nil
}

// Decisions on a proposal.
const (
	reviewUndecided uint8 = iota
	reviewAccepted
	reviewRejected
)

// The fields "e" edits.
const (
	editNone = iota
	editChoose
	editRegion
	editPeriod
	editIndicator
	editKind
)

// reviewRow is one proposal and what the person decided about it.
type reviewRow struct {
	p        extract.Proposal
	decision uint8
	edited   map[int]bool // fields changed by hand
	imported bool
}

// Review is the review screen: the proposals in a table beside the
// article's text, the current one's fragment highlighted in its sentence.
type Review struct {
	opt    ReviewOptions
	rows   []reviewRow
	cursor int
	top    int // first table row shown
	lang   model.Lang
	width  int
	height int
	st     reviewStyles

	edit    int // editNone, editChoose or the field being edited
	input   textinput.Model
	message string // the result of the last action
	isErr   bool
	// confirm holds the rows a dry run accepted, waiting for y.
	confirm []int
	busy    bool
	// regionCol is the widest region label, for the language it was
	// measured in; an edit of a region clears it (regionColOK).
	regionCol     int
	regionColLang model.Lang
	regionColOK   bool
}

// NewReview builds the review screen; r draws its styles.
func NewReview(opt ReviewOptions, r *lipgloss.Renderer) *Review {
	if opt.Threshold == 0 {
		opt.Threshold = 0.9
	}
	m := &Review{opt: opt, lang: opt.Lang, width: 100, height: 30, st: newReviewStyles(r)}
	for _, p := range opt.Proposals {
		m.rows = append(m.rows, reviewRow{p: p})
	}
	m.input = textinput.New()
	m.input.CharLimit = 200
	// A steady cursor: a blinking one redraws twice a second for nothing.
	m.input.Cursor.SetMode(cursor.CursorStatic)
	return m
}

// Init starts nothing: the proposals are already made.
func (m *Review) Init() tea.Cmd { return nil }

// reviewImportedMsg is the answer of an import or its dry run.
type reviewImportedMsg struct {
	rows   []int
	dryRun bool
	res    store.ImportResult
	err    error
}

// Update handles keys, the terminal's size and the import's answers.
func (m *Review) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.scroll()
		return m, nil
	case reviewImportedMsg:
		m.busy = false
		return m, m.imported(msg)
	case tea.KeyMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
		if m.busy {
			return m, nil
		}
		switch {
		case m.edit == editChoose:
			return m, m.chooseField(msg.String())
		case m.edit != editNone:
			return m, m.editKey(msg)
		case m.confirm != nil:
			return m, m.confirmKey(msg.String())
		}
		return m, m.key(msg.String())
	}
	return m, nil
}

func (m *Review) say(zh, en string, args ...any) {
	m.message, m.isErr = model.T(zh, en, args...).Localize(m.lang), false
}

func (m *Review) fail(err error) {
	m.message, m.isErr = model.Localize(err, m.lang), true
}

func (m *Review) key(k string) tea.Cmd {
	m.message, m.isErr = "", false
	switch k {
	case "q":
		return tea.Quit
	case "up", "k":
		m.move(-1)
	case "down", "j":
		m.move(1)
	case "pgup":
		m.move(-m.tableHeight())
	case "pgdown", " ":
		m.move(m.tableHeight())
	case "g", "home":
		m.move(-len(m.rows))
	case "G", "end":
		m.move(len(m.rows))
	case "L":
		if m.lang == model.Chinese {
			m.lang = model.English
		} else {
			m.lang = model.Chinese
		}
	case "a":
		m.decide(reviewAccepted)
	case "x":
		m.decide(reviewRejected)
	case "A":
		n := 0
		for i := range m.rows {
			if m.rows[i].decision == reviewUndecided && m.rows[i].p.Confidence >= m.opt.Threshold-1e-9 {
				m.rows[i].decision = reviewAccepted
				n++
			}
		}
		m.say("已接受 %d 行（置信度 ≥ %.2f）", "accepted %d rows (confidence ≥ %.2f)", n, m.opt.Threshold)
	case "e":
		if len(m.rows) > 0 {
			m.edit = editChoose
		}
	case "i":
		return m.startImport()
	}
	return nil
}

func (m *Review) move(d int) {
	m.cursor = max(0, min(len(m.rows)-1, m.cursor+d))
	m.scroll()
}

// decide records a decision on the current row (the same key again takes
// it back) and moves to the next row.
func (m *Review) decide(d uint8) {
	if len(m.rows) == 0 {
		return
	}
	r := &m.rows[m.cursor]
	if r.decision == d {
		r.decision = reviewUndecided
		return
	}
	r.decision = d
	if d == reviewAccepted && r.p.Period == "" {
		m.say("已接受，但期间不明：按 e 再按 p 填写期间，否则导入会拒绝这一行", "accepted, but its period is unknown: press e, then p, to write it, or the import refuses the row")
	}
	m.move(1)
}

// chooseField starts editing the field a key names.
func (m *Review) chooseField(k string) tea.Cmd {
	p := m.rows[m.cursor].p
	var value string
	switch k {
	case "r", "1":
		m.edit = editRegion
		value = p.Region
		if p.RegionNew != "" {
			value = p.RegionNew
		} else if r := m.region(p.Region); r.ID != "" {
			value = r.NameZH
		}
	case "p", "2":
		m.edit, value = editPeriod, p.Period
	case "n", "3":
		m.edit, value = editIndicator, p.IndicatorZH
	case "k", "4":
		m.edit, value = editKind, p.Kind.String()
	default:
		m.edit = editNone
		return nil
	}
	m.input.SetValue(sanitize.Line(value))
	m.input.CursorEnd()
	return m.input.Focus()
}

// editKey types into the field being edited; enter checks and applies it,
// esc leaves it as it was.
func (m *Review) editKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		m.edit = editNone
		m.input.Blur()
		return nil
	case "enter":
		if err := m.apply(strings.TrimSpace(m.input.Value())); err != nil {
			m.fail(err)
			return nil
		}
		m.edit = editNone
		m.input.Blur()
		return nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

// apply checks an edited value and puts it in the current proposal.
func (m *Review) apply(v string) error {
	r := &m.rows[m.cursor]
	p := &r.p
	field := m.edit
	switch field {
	case editRegion:
		if v == "" {
			return model.Errorf("地区不能为空", "the region cannot be empty")
		}
		// A typed region loses where the extractor's park lay; a
		// division of Gansu finds its city again when the row is written.
		if id, err := m.opt.Catalog.ResolveRegion(v); err == nil {
			p.Region, p.RegionNew, p.RegionParent = id, "", ""
		} else if _, ok := model.LevelFromName(v); ok {
			p.Region, p.RegionNew, p.RegionParent = "", v, "" // a new region, created by the import
		} else {
			return err
		}
		m.regionColOK = false
	case editPeriod:
		per, err := model.ParsePeriod(v)
		if err != nil {
			return err
		}
		p.Period = per.String()
	case editIndicator:
		if v == "" {
			return model.Errorf("指标不能为空", "the indicator cannot be empty")
		}
		p.Indicator, p.IndicatorZH = "", v
		for _, ind := range m.opt.Catalog.Indicators {
			if ind.ID == v || ind.NameZH == v || strings.EqualFold(ind.NameEN, v) {
				p.Indicator, p.IndicatorZH, p.Category = ind.ID, ind.NameZH, ind.Category
				if p.Kind != model.KindTarget {
					p.Kind = ind.Kind
				}
			}
		}
	case editKind:
		k, err := model.ParseKind(v)
		if err != nil {
			return err
		}
		p.Kind = k
	}
	if r.edited == nil {
		r.edited = map[int]bool{}
	}
	r.edited[field] = true
	p.Review = clearReview(p.Review, field)
	m.say("已修改第 %d 行", "row %d edited", m.cursor+1)
	return nil
}

// clearReview drops the review notes an edit of field answers.
func clearReview(notes []string, field int) []string {
	var out []string
	for _, n := range notes {
		if reviewField(n) != field {
			out = append(out, n)
		}
	}
	return out
}

// reviewField says which field a review note of the extractor is about.
func reviewField(note string) int {
	switch {
	case strings.HasPrefix(note, "新地区") || note == "地区不明":
		return editRegion
	case note == "标签不明确":
		return editIndicator
	case note == extract.ReviewTarget:
		return editKind
	case note == extract.ReviewExpected:
		return editNone
	}
	return editPeriod // the extractor's other notes say why the period is unknown
}

// accepted returns the rows accepted, in order.
func (m *Review) accepted() []int {
	var out []int
	for i, r := range m.rows {
		if r.decision == reviewAccepted {
			out = append(out, i)
		}
	}
	return out
}

// csv writes rows as the proposals file the extract command writes.
func (m *Review) csv(rows []int) ([]byte, error) {
	props := make([]extract.Proposal, len(rows))
	for i, k := range rows {
		props[i] = m.rows[k].p
	}
	var b bytes.Buffer
	err := m.opt.Catalog.WriteProposals(&b, store.ArticleProposals{Proposals: props, Source: m.opt.Source})
	return b.Bytes(), err
}

// importName names the accepted rows in the import's messages and the
// revision history: the article's file, as a proposals file.
func (m *Review) importName() string {
	base := filepath.Base(m.opt.File)
	return strings.TrimSuffix(base, filepath.Ext(base)) + ".review.csv"
}

// startImport checks the accepted rows with a dry run first; y then
// imports them.
func (m *Review) startImport() tea.Cmd {
	rows := m.accepted()
	if len(rows) == 0 {
		m.say("还没有接受任何一行：按 a 接受，或按 A 接受置信度高的行", "no row accepted yet: press a to accept one, or A for the confident ones")
		return nil
	}
	if msg := m.conflicts(rows); msg != "" {
		m.message, m.isErr = msg, true
		return nil
	}
	return m.run(rows, true)
}

// conflicts finds accepted rows that are one figure (the same indicator,
// region, subject and period of one source) with different values, which
// the import refuses without saying which rows they are.
func (m *Review) conflicts(rows []int) string {
	col := map[string]int{}
	for i, c := range store.ProposalColumns {
		col[c] = i
	}
	seen := map[string]int{}
	for _, k := range rows {
		cells := m.opt.Catalog.ProposalRow(m.rows[k].p, m.opt.Source)
		key := strings.Join([]string{cells[col["region"]], cells[col["indicator"]], cells[col["subject"]], cells[col["period"]]}, "\x00")
		if j, ok := seen[key]; ok && m.rows[j].p.Value != m.rows[k].p.Value {
			a, b := m.rows[j].p, m.rows[k].p
			return model.T("第 %d 行和第 %d 行是同一个数据（%s，%s）的两个不同数值（%s 和 %s）：请拒绝其一，或修改其指标或期间",
				"rows %d and %d are one figure (%s, %s) with two values (%s and %s): reject one, or edit its indicator or period",
				j+1, k+1, sanitize.Line(a.IndicatorZH), m.periodLabel(a.Period), sanitize.Line(a.Published), sanitize.Line(b.Published)).Localize(m.lang)
		}
		seen[key] = k
	}
	return ""
}

func (m *Review) run(rows []int, dryRun bool) tea.Cmd {
	data, err := m.csv(rows)
	if err != nil {
		m.fail(err)
		return nil
	}
	if m.opt.Import == nil {
		m.fail(model.Errorf("此处不能导入", "importing is not available here"))
		return nil
	}
	m.busy = true
	m.say("正在检查 %d 行……", "checking %d rows...", len(rows))
	name, imp := m.importName(), m.opt.Import
	return func() tea.Msg {
		res, err := imp(name, data, dryRun)
		return reviewImportedMsg{rows: rows, dryRun: dryRun, res: res, err: err}
	}
}

func (m *Review) imported(msg reviewImportedMsg) tea.Cmd {
	if msg.err != nil {
		m.confirm = nil
		m.message, m.isErr = m.importError(msg.err, msg.rows), true
		if !msg.dryRun {
			m.message = model.T("%s\n没有导入任何数据。", "%s\nNothing was imported.", m.message).Localize(m.lang)
		}
		return nil
	}
	r := msg.res
	if msg.dryRun {
		m.confirm = msg.rows
		m.say("将导入 %d 个数据：新增 %d，变更 %d，不变 %d；新建地区 %d、指标 %d、来源 %d。按 y 导入，其他键取消",
			"would import %d figures: %d added, %d changed, %d unchanged; new: %d regions, %d indicators, %d sources. Press y to import, any other key to cancel",
			r.Rows, r.Added, r.Changed, r.Unchanged, r.NewRegions, r.NewIndicators, r.NewSources)
		return nil
	}
	for _, k := range msg.rows {
		m.rows[k].imported = true
	}
	m.say("已导入 %d 个数据：新增 %d，变更 %d，不变 %d。按 q 退出，或继续审核", "imported %d figures: %d added, %d changed, %d unchanged. Press q to quit, or go on reviewing",
		r.Rows, r.Added, r.Changed, r.Unchanged)
	return nil
}

func (m *Review) confirmKey(k string) tea.Cmd {
	rows := m.confirm
	m.confirm = nil
	if k == "y" {
		return m.run(rows, false)
	}
	m.say("已取消导入：没有写入任何数据", "import cancelled: nothing was written")
	return nil
}

// region looks a region up in the catalog.
func (m *Review) region(id string) model.Region {
	for _, r := range m.opt.Catalog.Regions {
		if r.ID == id {
			return r
		}
	}
	return model.Region{}
}

// importError says what the import refused, by the rows of the table: the
// person never sees the file the accepted rows were written to.
func (m *Review) importError(err error, rows []int) string {
	var list store.ErrorList
	if !errors.As(err, &list) {
		return model.Localize(err, m.lang)
	}
	var b strings.Builder
	for i, e := range list {
		if i == 20 {
			fmt.Fprintf(&b, m.t("……另有 %d 个问题\n", "... and %d more problems\n"), len(list)-i)
			break
		}
		lines := e.Lines
		if len(lines) == 0 {
			lines = []int{e.Line}
		}
		var nums []string
		for _, l := range lines {
			// Line 1 is the header; line 2 the first accepted row.
			if k := l - 2; k >= 0 && k < len(rows) {
				nums = append(nums, fmt.Sprint(rows[k]+1))
			}
		}
		if e.Count > len(lines) {
			nums = append(nums, m.t("等", "..."))
		}
		where := m.t("表头", "header")
		if len(nums) > 0 {
			where = model.T("第 %s 行", "row %s", strings.Join(nums, m.t("、", ", "))).Localize(m.lang)
		}
		if e.Column != "" {
			where += model.T("，列 %s", ", column %s", e.Column).Localize(m.lang)
		}
		b.WriteString(where + m.t("：", ": ") + e.Msg.Localize(m.lang) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
