package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
)

func overviewOf(t *testing.T, m *Model) *overview {
	t.Helper()
	ov, ok := m.top().(*overview)
	if !ok {
		t.Fatalf("top page is %T, want the overview", m.top())
	}
	return ov
}

func selectedKey(t *testing.T, m *Model) string {
	t.Helper()
	r, ok := overviewOf(t, m).table.Selected()
	if !ok {
		t.Fatal("no row selected")
	}
	return r.Key
}

func TestTheFirstFrameShowsTheBusiestRegionWithItsPath(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	s := screen(m)
	for _, want := range []string{"甘肃省 › 武威市", "要点", "招商引资", "工业", "防沙治沙", "到位资金", "429.49亿元", "▲50.38% 公布", "最新 2025年（1/22项）"} {
		if !strings.Contains(s, want) {
			t.Errorf("first frame lacks %q:\n%s", want, s)
		}
	}
}

func TestTabSwitchesCategoryBothWays(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	if ov := overviewOf(t, m); ov.cat != highlights {
		t.Fatalf("the first tab is %v, want the highlights", ov.cat)
	}
	press(t, m, "tab", "tab")
	if ov := overviewOf(t, m); ov.cat != model.CategoryIndustry {
		t.Fatalf("after tab tab the category is %v", ov.cat)
	}
	if !strings.Contains(screen(m), "重点产业链") {
		t.Errorf("industry tab does not list 重点产业链:\n%s", screen(m))
	}
	press(t, m, "shift+tab", "shift+tab", "shift+tab")
	if ov := overviewOf(t, m); ov.cat != model.CategoryOther {
		t.Errorf("shift+tab from the first tab should wrap to the last, got %v", ov.cat)
	}
}

func TestDrillDownShowsTheCitationAndEscReturnsToTheSameRow(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	press(t, m, "tab", "tab", "tab", "j", "j")
	before := selectedKey(t, m)
	press(t, m, "enter")
	s := screen(m)
	if _, ok := m.top().(*detail); !ok {
		t.Fatalf("enter opened %T", m.top())
	}
	for _, want := range []string{"原文：“", "来源：《", "数据与出处", "历年数据（万亩）"} {
		if !strings.Contains(s, want) {
			t.Errorf("detail lacks %q:\n%s", want, s)
		}
	}
	press(t, m, "esc")
	if got := selectedKey(t, m); got != before {
		t.Errorf("after esc the cursor is on %q, was on %q", got, before)
	}
	if ov := overviewOf(t, m); ov.cat != model.CategoryDesertification {
		t.Errorf("esc lost the tab: %v", ov.cat)
	}
}

func TestFilterByPinyinInitialsNarrowsTheRows(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	all := overviewOf(t, m).table.Len()
	press(t, m, append([]string{"/"}, typed("dwzj")...)...)
	ov := overviewOf(t, m)
	if n := ov.table.Len(); n == 0 || n >= all {
		t.Fatalf("filter dwzj left %d of %d rows", n, all)
	}
	for _, r := range ov.table.VisibleRows() {
		if !strings.Contains(r.Cells[1].Text, "到位资金") {
			t.Errorf("row %q does not match dwzj (到位资金)", r.Cells[1].Text)
		}
	}
	press(t, m, "enter") // keep the filter
	if !strings.Contains(screen(m), "筛选 dwzj") {
		t.Errorf("status does not show the filter:\n%s", screen(m))
	}
	press(t, m, "esc") // esc on the overview clears a kept filter
	if overviewOf(t, m).table.Len() != all {
		t.Errorf("esc did not clear the filter")
	}
	press(t, m, "/", "x", "y", "z", "q", "esc")
	if overviewOf(t, m).table.Len() != all || m.filtering {
		t.Errorf("esc while typing must clear and leave the filter")
	}
}

func TestSortCyclesThroughColumnsAndDirections(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	ov := overviewOf(t, m)
	for i := 0; i < 20 && ov.table.SortLabel() != "数值▲"; i++ {
		press(t, m, "s") // category ↑ ↓, indicator ↑ ↓, period ↑ ↓, value ↑
	}
	if !strings.Contains(ov.table.SortLabel(), "数值") {
		t.Fatalf("the sort never reached the value column: %q", ov.table.SortLabel())
	}
	// Values sort within their unit: 亿元 never among 个.
	rows := ov.table.VisibleRows()
	prev, unit, units := -1e300, "", map[string]bool{}
	for _, r := range rows {
		v := r.Sort[3]
		if !v.Valid {
			continue
		}
		if v.Group != unit {
			if units[v.Group] {
				t.Fatalf("unit %q appears in two runs: values of one unit must sort together", v.Group)
			}
			units[v.Group], unit, prev = true, v.Group, -1e300
		}
		if v.Num < prev {
			t.Fatalf("values of %s not ascending: %v after %v", unit, v.Num, prev)
		}
		prev = v.Num
	}
	if len(units) < 3 {
		t.Fatalf("the highlights mix only %d units; the test needs several", len(units))
	}
	// Value ↓, change ↑ ↓, sources ↑ ↓: six more presses come back to the
	// original order.
	presses := 0
	for ov.table.SortLabel() != "" && presses < 20 {
		press(t, m, "s")
		presses++
	}
	if presses != 6 {
		t.Errorf("it took %d more presses to come back to the original order, want 6", presses)
	}
}

func TestLSwitchesLanguageAndKeepsThePlace(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	press(t, m, "tab", "j")
	before := selectedKey(t, m)
	press(t, m, "L")
	s := screen(m)
	for _, want := range []string{"Gansu Province › Wuwei City", "Industry", "Indicator", "1 Overview"} {
		if !strings.Contains(s, want) {
			t.Errorf("English screen lacks %q:\n%s", want, s)
		}
	}
	if got := selectedKey(t, m); got != before {
		t.Errorf("L moved the cursor from %q to %q", before, got)
	}
	press(t, m, "L")
	if !strings.Contains(screen(m), "甘肃省 › 武威市") {
		t.Error("a second L did not switch back to Chinese")
	}
}

func TestRegionChooserSwitchesRegion(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	press(t, m, "r", "G", "enter")
	ov := overviewOf(t, m)
	if ov.region != "tongwei_industrial_zone" {
		t.Fatalf("region is %s after r G enter", ov.region)
	}
	if !strings.Contains(screen(m), "甘肃省 › 定西市 › 通渭县 › 通渭工业集中区") {
		t.Errorf("header does not show the region's path:\n%s", screen(m))
	}
	if !strings.Contains(screen(m), "工业总产值") {
		t.Errorf("Tongwei's highlights lack 工业总产值:\n%s", screen(m))
	}
	// Narrow terminals open the chooser over the table.
	n := newTestModel(t, defaultDB(t), model.Chinese, false, 60, 20)
	press(t, n, "r")
	if !strings.Contains(screen(n), "选择地区") {
		t.Errorf("narrow chooser not shown:\n%s", screen(n))
	}
}

func TestViewsSwitchWithNumberKeys(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	press(t, m, "2")
	if !strings.Contains(screen(m), "合计（算，4场）") || !strings.Contains(screen(m), "145.96亿元（2场）") {
		t.Errorf("events view:\n%s", screen(m))
	}
	press(t, m, "enter")
	if !strings.Contains(screen(m), "原文：“签约") {
		t.Errorf("event figures lack a citation:\n%s", screen(m))
	}
	press(t, m, "3")
	s := screen(m)
	if !strings.Contains(s, "兰州日报") || !strings.Contains(s, "2025-02-04") || !strings.Contains(s, "未注明") {
		t.Errorf("sources view:\n%s", s)
	}
	press(t, m, "1")
	overviewOf(t, m)
}

func TestMouseClicksTabsAndRowsAndTheWheelScrolls(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	ov := overviewOf(t, m)
	z := ov.tabZones[3] // 防沙治沙 (after 要点, 招商引资, 工业)
	send(t, m, tea.MouseMsg{X: z.x0 + 1, Y: 1, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if ov.cat != model.CategoryDesertification {
		t.Fatalf("clicking the third tab gave %v", ov.cat)
	}
	// Row 3 of the table: screen line 1 header, 2 tabs, 3 table header, 4.. rows.
	send(t, m, tea.MouseMsg{X: 40, Y: 5, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if ov.table.Cursor() != 2 {
		t.Errorf("clicking the third row put the cursor on %d", ov.table.Cursor())
	}
	press(t, m, "shift+tab", "shift+tab") // back to investment
	send(t, m, tea.MouseMsg{X: 40, Y: 10, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if ov.table.Cursor() != 3 {
		t.Errorf("the wheel moved the cursor to %d, want 3", ov.table.Cursor())
	}
	hz := m.viewZones[1]
	send(t, m, tea.MouseMsg{X: hz.x0, Y: 0, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	if m.view != viewEvents {
		t.Errorf("clicking 2 招商活动 in the header gave view %d", m.view)
	}
}

func TestTinyTerminalsShowTheSizeNoticeAndNeverPanic(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	for _, s := range [][2]int{{1, 1}, {10, 3}, {39, 11}, {40, 11}, {39, 12}, {0, 0}, {300, 100}, {40, 12}, {2, 50}, {200, 1}} {
		send(t, m, sizeMsg(s[0], s[1]))
		frame := screen(m)
		if s[0] == 0 || s[1] == 0 {
			continue
		}
		checkFrame(t, "size", frame, s[0], s[1])
		small := s[0] < MinWidth || s[1] < MinHeight
		if small && s[0] >= 20 && !strings.Contains(frame, "终端太小") {
			t.Errorf("%dx%d: no size notice: %q", s[0], s[1], frame)
		}
		press(t, m, "j", "tab", "enter", "esc", "r", "r")
	}
	// Rapid resizes while on every page.
	for _, keys := range [][]string{{"enter"}, {"c"}, {"2"}, {"3", "enter"}, {"?"}} {
		press(t, m, keys...)
		for w := 1; w < 120; w += 7 {
			send(t, m, sizeMsg(w, 5+w%40))
			checkFrame(t, "resize", screen(m), w, 5+w%40)
		}
		press(t, m, "esc", "esc", "1")
	}
}

func TestQAndCtrlCQuit(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
		_, cmd := m.Update(keyMsg(k))
		if cmd == nil {
			t.Fatalf("%s returned no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%s does not quit", k)
		}
	}
	// While filtering, q is a letter, ctrl+c still quits.
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	press(t, m, "/", "q")
	if m.input.Value() != "q" {
		t.Errorf("q while filtering typed %q", m.input.Value())
	}
}

func TestDetailShowsPublishedAndComputedGrowthSideBySide(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 40)
	press(t, m, append([]string{"/"}, typed("jdykss")...)...) // 接待游客 (tourism is under 文旅)
	press(t, m, "esc", "/", "接", "待", "enter", "enter")       // on the highlights
	s := screen(m)
	for _, want := range []string{"同比（公布）2024年：▲133.77% 公布", "≈2141.28万人次", "推算：5005.68/(1+133.77/100)"} {
		if !strings.Contains(s, want) {
			t.Errorf("detail lacks %q:\n%s", want, s)
		}
	}
	// The change computed from a level derived from the published rate only
	// restates it: not shown a second time.
	for _, want := range []string{"同比（计算）"} {
		if strings.Contains(s, want) {
			t.Errorf("detail restates the published growth as %q:\n%s", want, s)
		}
	}
	for _, want := range []string{} {
		if !strings.Contains(s, want) {
			t.Errorf("detail lacks %q:\n%s", want, s)
		}
	}
}

// TestTheDetailShowsTheRevisionHistory: a value an import replaced stays in
// the detail under 修订记录, with when and by which file.
func TestTheDetailShowsTheRevisionHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	if _, err := store.EnsureDefault(path); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	head := "region,indicator,period,value,source,fragment\n"
	for _, f := range []struct{ name, row string }{
		{"五月.csv", "wuwei,afforestation,2026,21.5,wuwei_2024_review,人工造林21.5万亩\n"},
		{"六月修订.csv", "wuwei,afforestation,2026,22,wuwei_2024_review,人工造林22万亩\n"},
	} {
		p := filepath.Join(dir, f.name)
		os.WriteFile(p, []byte(head+f.row), 0o644)
		if _, err := store.Import(path, []string{p}, store.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	m := newTestModel(t, path, model.Chinese, false, 100, 60)
	send(t, m, pushMsg{newDetail(m.ctx, model.SeriesKey{Indicator: "afforestation", Region: "wuwei"})})
	frame := screen(m)
	for _, want := range []string{"修订记录", "2026年  现为 22万亩", "原为 21.5万亩", "由 六月修订.csv 修订", "“人工造林21.5万亩”"} {
		if !strings.Contains(frame, want) {
			t.Errorf("the detail lacks %q:\n%s", want, frame)
		}
	}
}
