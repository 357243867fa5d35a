package ui

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/model/extract"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/cells"
)

// hostileArticle carries what a copied page can hide in its text: an OSC 52
// clipboard write, a colour change, a terminal title, a C1 CSI, a
// bidirectional override and a carriage return that would redraw a line.
const hostileArticle = "武威市招商引资综述\n\n" +
	"2024年,武威市签约项目\x1b]52;c;cm0gLXJmIH4=\x07 25项,签约金额\x1b[31m44.9亿元\x1b[0m,同比增长\u202e38.01%。\n\n" +
	"\x1b]0;pwned\x07上半年,民勤县完成人工造林20万亩\r\x9b2J。\n"

// reviewFor extracts an article's proposals against a fresh database's
// catalog and opens the review screen on them; imports go to the real
// database at db.
func reviewFor(t *testing.T, text, db string, r *lipgloss.Renderer) *Review {
	t.Helper()
	cat, err := store.ReadArticleCatalog(db)
	if err != nil {
		t.Fatal(err)
	}
	a := extract.Article{Text: text, Title: "武威市招商引资综述", Date: extract.Date{Year: 2025, Month: 2, Day: 4}}
	props := extract.Extract(a, cat.Extract(), extract.Options{})
	if len(props) == 0 {
		t.Fatal("no proposals")
	}
	m := NewReview(ReviewOptions{File: "a.txt", Article: a, Proposals: props, Catalog: cat, Source: cat.CiteArticle(a), Lang: model.Chinese,
		Import: func(name string, data []byte, dryRun bool) (store.ImportResult, error) {
			return store.ImportBytes(db, name, data, store.ImportOptions{Create: true, DryRun: dryRun})
		}}, r)
	m.Update(tea.WindowSizeMsg{Width: 140, Height: 30})
	return m
}

func colourRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	return r
}

var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestTheReviewScreenShowsNoControlSequenceFromTheArticle draws every row
// of a hostile article, wide and narrow, in both languages and while
// editing, with colours on: the only escape sequences on the screen are
// the screen's own colours (SGR), and the article's escapes show as text.
func TestTheReviewScreenShowsNoControlSequenceFromTheArticle(t *testing.T) {
	m := reviewFor(t, hostileArticle, filepath.Join(t.TempDir(), "none.db"), colourRenderer())
	seen := ""
	check := func(what string) {
		t.Helper()
		v := m.View()
		rest := sgr.ReplaceAllString(v, "")
		if strings.ContainsAny(rest, "\x1b\x07\r\u009b\u202e") {
			t.Fatalf("%s: a control sequence from the article reaches the screen: %q", what, rest)
		}
		if !strings.Contains(v, "\x1b[") {
			t.Fatalf("%s: the screen has no colours, so the check proves nothing", what)
		}
		seen += rest
	}
	for _, size := range [][2]int{{140, 30}, {80, 24}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for i := range m.rows {
			m.cursor = i
			check("row " + m.rows[i].p.Fragment)
		}
		m.Update(reviewKey("L"))
		check("English")
		m.Update(reviewKey("L"))
	}
	// The escapes are shown as visible symbols, not hidden.
	if !strings.Contains(seen, "␛]52;c;") || !strings.Contains(seen, "44.9亿元") {
		t.Errorf("the article's text is not shown as text:\n%s", seen)
	}
	// Editing puts the article's text into the text input: sanitised too.
	m.cursor = 0
	m.Update(reviewKey("e"))
	m.Update(reviewKey("n"))
	check("editing the indicator")
}

func reviewKey(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEscape}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// press sends keys and runs the commands they return (an import), feeding
// their messages back, as Bubble Tea would.
func reviewPress(m *Review, keys ...string) {
	for _, k := range keys {
		_, cmd := m.Update(reviewKey(k))
		for cmd != nil {
			msg := cmd()
			if _, ok := msg.(reviewImportedMsg); !ok {
				break
			}
			_, cmd = m.Update(msg)
		}
	}
}

func reviewType(m *Review, s string) {
	for _, r := range s {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// TestReviewAcceptRejectEditAndImport reviews an article against a real
// database: accepts rows, rejects one, corrects a period (a bad one is
// refused and the input stays open), and imports the accepted rows after
// the dry run; export then holds exactly those, with their fragments.
func TestReviewAcceptRejectEditAndImport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	if _, err := store.EnsureDefault(db); err != nil {
		t.Fatal(err)
	}
	text := "武威市招商引资综述\n\n2024年,武威市新签约项目25项,签约金额47.3亿元,新开工项目18个。\n"
	m := reviewFor(t, text, db, plainRenderer())
	if len(m.rows) != 3 {
		t.Fatalf("%d proposals: %+v", len(m.rows), m.rows)
	}
	reviewPress(m, "a", "x") // accept 25项, reject 44.9亿元
	// Edit the third row's period: a bad period is refused with its reason.
	reviewPress(m, "e", "p", "ctrl+u")
	reviewType(m, "2024年13月")
	reviewPress(m, "enter")
	if m.edit != editPeriod || !m.isErr || !strings.Contains(m.View(), "不是") {
		t.Fatalf("a bad period was not refused:\n%s", m.View())
	}
	reviewPress(m, "ctrl+u")
	reviewType(m, "2024H2")
	reviewPress(m, "enter")
	if m.edit != editNone || m.rows[2].p.Period != "2024H2" || !strings.Contains(m.View(), "2024年下半年") {
		t.Fatalf("the period edit did not apply:\n%s", m.View())
	}
	reviewPress(m, "a")
	if m.rows[0].decision != reviewAccepted || m.rows[1].decision != reviewRejected || m.rows[2].decision != reviewAccepted {
		t.Fatalf("decisions %d %d %d", m.rows[0].decision, m.rows[1].decision, m.rows[2].decision)
	}
	// i: a dry run says what would change and waits for y.
	reviewPress(m, "i")
	if m.confirm == nil || !strings.Contains(m.View(), "将导入 2 个数据") {
		t.Fatalf("no confirmation:\n%s", m.View())
	}
	reviewPress(m, "y")
	if !strings.Contains(m.View(), "已导入 2 个数据") || !m.rows[0].imported || m.rows[1].imported {
		t.Fatalf("not imported:\n%s", m.View())
	}
	var out bytes.Buffer
	d, err := store.Open(db, store.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	d.View(func(s *store.Snapshot) error {
		_, err := s.Export(&out, store.FormatCSV, store.Filter{Region: "wuwei"}, store.WriteOptions{})
		return err
	})
	d.Close()
	got := out.String()
	if !strings.Contains(got, "新签约项目25项") || !strings.Contains(got, "2024H2") || !strings.Contains(got, "新开工项目18个") {
		t.Errorf("the accepted figures are not in the database with their fragments")
	}
	if strings.Contains(got, "签约金额47.3亿元") {
		t.Errorf("the rejected figure was imported")
	}
}

// TestReviewWritesNothingUntilConfirmed: q quits without writing, and so
// does any key but y after the dry run; a conflict between accepted rows
// names the table's rows.
func TestReviewWritesNothingUntilConfirmed(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	if _, err := store.EnsureDefault(db); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(db)
	text := "武威市招商引资综述\n\n2024年,武威市签约项目25项。2024年,武威市签约项目30项。\n"
	m := reviewFor(t, text, db, plainRenderer())
	reviewPress(m, "A")
	reviewPress(m, "i")
	if !strings.Contains(m.message, "第 1 行和第 2 行") {
		t.Errorf("the conflict does not name the rows: %q", m.message)
	}
	reviewPress(m, "x", "i", "n")
	if !strings.Contains(m.message, "已取消") {
		t.Errorf("cancel: %q", m.message)
	}
	_, cmd := m.Update(reviewKey("q"))
	if cmd == nil {
		t.Fatal("q does not quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("q does not quit")
	}
	after, _ := os.ReadFile(db)
	if !bytes.Equal(before, after) {
		t.Error("the database changed though nothing was confirmed")
	}
}

// TestTheReviewKeysAreAllOnScreen: every key the review answers is shown,
// on a wide and a narrow terminal, in both languages, and every line fits.
func TestTheReviewKeysAreAllOnScreen(t *testing.T) {
	m := reviewFor(t, "武威市招商引资综述\n\n2024年,武威市新签约项目25项,签约金额47.3亿元。\n", filepath.Join(t.TempDir(), "none.db"), plainRenderer())
	for _, w := range []int{140, 80, 60} {
		m.Update(tea.WindowSizeMsg{Width: w, Height: 24})
		for _, lang := range []model.Lang{model.Chinese, model.English} {
			m.lang = lang
			v := m.View()
			for _, k := range [][2]string{{"a 接受", "a accept"}, {"x 拒绝", "x reject"}, {"e 修改", "e edit"}, {"A 接受置信≥0.90", "A accept conf≥0.90"},
				{"i 导入已接受", "i import accepted"}, {"L English", "L 中文"}, {"q 退出", "q quit"}} {
				if !strings.Contains(v, lang.Pick(k[0], k[1])) {
					t.Errorf("%d columns, %v: %q is not on screen:\n%s", w, lang, lang.Pick(k[0], k[1]), v)
				}
			}
			lines := strings.Split(v, "\n")
			if len(lines) > 24 {
				t.Errorf("%d columns, %v: %d lines on a 24-line terminal", w, lang, len(lines))
			}
			for _, l := range lines {
				if cells.Width(l) > w {
					t.Errorf("%d columns, %v: a line of %d cells: %q", w, lang, cells.Width(l), l)
				}
			}
		}
	}
}

// TestTheReviewScreenInASCIIHoldsOnlyASCIISymbols: --ascii folds every
// symbol of the review screen, as the dashboard's frames are folded.
func TestTheReviewScreenInASCIIHoldsOnlyASCIISymbols(t *testing.T) {
	m := reviewFor(t, "武威市招商引资综述\n\n2024年,“武威市”新签约项目25项,签约金额47.3亿元。\n", filepath.Join(t.TempDir(), "none.db"), plainRenderer())
	m.opt.ASCII = true
	for _, w := range []int{140, 80, 60} {
		m.Update(tea.WindowSizeMsg{Width: w, Height: 24})
		reviewPress(m, "down", "a")
		checkASCII(t, fmt.Sprintf("review at %d columns", w), m.View())
	}
}

// TestReviewImportsANewParkInItsCountyAndKnowsTheProvincesNames: a park the
// extractor found in a stored county is created inside it, and a region
// typed by its short name (天祝县) is the stored 天祝藏族自治县.
func TestReviewImportsANewParkInItsCountyAndKnowsTheProvincesNames(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	if _, err := store.EnsureDefault(db); err != nil {
		t.Fatal(err)
	}
	text := "武威市招商引资综述\n\n2024年,民勤红沙岗能源化工工业集中区风光电装机达299万千瓦,新签约项目12个。\n"
	m := reviewFor(t, text, db, plainRenderer())
	if len(m.rows) != 2 || m.rows[0].p.RegionNew != "民勤红沙岗能源化工工业集中区" || m.rows[0].p.RegionParent != "minqin" {
		t.Fatalf("proposals: %+v", m.rows)
	}
	// The region column widens to show the park's whole name, where the
	// screen is wide enough, and back to the table's width after.
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 30})
	if v := m.View(); !strings.Contains(v, "新:民勤红沙岗能源化工工业集中区 ") {
		t.Errorf("the park's name is cut:\n%s", v)
	}
	m.Update(tea.WindowSizeMsg{Width: 140, Height: 30})
	reviewPress(m, "a") // the park's installed capacity
	reviewPress(m, "e", "r", "ctrl+u")
	reviewType(m, "天祝县")
	reviewPress(m, "enter")
	if r := m.rows[1].p; r.Region != "tianzhu" || r.RegionNew != "" || r.RegionParent != "" {
		t.Fatalf("天祝县 resolved to %+v", r)
	}
	reviewPress(m, "a", "i", "y")
	if !strings.Contains(m.View(), "已导入 2 个数据") {
		t.Fatalf("not imported:\n%s", m.View())
	}
	d, err := store.Open(db, store.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.View(func(s *store.Snapshot) error {
		c, err := s.Catalog()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range c.Regions {
			if r.NameZH == "民勤红沙岗能源化工工业集中区" {
				if r.Level != model.LevelPark || r.Parent != "minqin" {
					t.Errorf("the park was created as %+v", r)
				}
				return nil
			}
		}
		t.Error("the park was not created")
		return nil
	})
}
