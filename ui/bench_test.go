package ui

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
)

// bigTableDB builds a database whose one region has rows series in one
// category: a project-scope indicator over rows projects, three years each.
func bigTableDB(b testing.TB, rows int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "big.db")
	db, err := store.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	batch := &store.Batch{
		Regions:    []model.Region{{ID: "p", NameZH: "省", NameEN: "Province", Level: model.LevelProvince}},
		Indicators: []model.Indicator{{ID: "inv", NameZH: "项目总投资", NameEN: "Project investment", Category: model.CategoryInvestment, Kind: model.KindLevel, Unit: "亿元", Scope: model.ScopeProject}},
		Sources:    []model.Source{{ID: "s", Title: "合成数据"}},
	}
	for i := 0; i < rows; i++ {
		for y := 2022; y <= 2024; y++ {
			v := float64((i*37+y*11)%1000) / 10
			batch.Observations = append(batch.Observations, model.Observation{Indicator: "inv", Region: "p",
				Subject: fmt.Sprintf("项目%05d", i), Period: model.Year(y), Value: v, Published: model.FormatNumber(v) + "亿元", Source: "s"})
		}
	}
	if _, err := db.Apply(batch); err != nil {
		b.Fatal(err)
	}
	db.Close()
	return path
}

// colourModel is newTestModel with a true-colour renderer, as a modern
// terminal gets: styles then cost escape sequences.
func colourModel(b *testing.B, path string) *Model {
	m := newTestModel(b, path, model.Chinese, false, 200, 60)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	m.ctx.Renderer = r
	m.ctx.Styles = NewStyles(r, false)
	send(b, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("L")})
	send(b, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("L")}) // rebuild rows with the new styles
	return m
}

// BenchmarkViewFullFrame200x60 measures drawing one full overview frame.
func BenchmarkViewFullFrame200x60(b *testing.B) {
	m := colourModel(b, defaultDB(b))
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkViewFullFrame200x60Rows10k is the same on a 10,000-row table.
func BenchmarkViewFullFrame200x60Rows10k(b *testing.B) {
	m := colourModel(b, bigTableDB(b, 10000))
	if n := overviewOf(&testing.T{}, m).table.Len(); n != 10000 {
		b.Fatalf("table has %d rows", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkKeyDown10kRows measures one ↓ keypress (Update + View) on a
// 10,000-row table at 200x60, turning back at either end.
func BenchmarkKeyDown10kRows(b *testing.B) {
	m := colourModel(b, bigTableDB(b, 10000))
	down, up := tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp}
	ov := m.views[viewOverview].(*overview)
	if ov.table.Len() != 10000 {
		b.Fatalf("table has %d rows", ov.table.Len())
	}
	if !strings.Contains(m.View(), "\x1b[") {
		b.Fatal("the benchmark frame has no colour: it would measure the cheap case")
	}
	msg := down
	b.ReportAllocs()
	for b.Loop() {
		switch ov.table.Cursor() {
		case 9999:
			msg = up
		case 0:
			msg = down
		}
		m.Update(msg)
		_ = m.View()
	}
}
