package ui

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
)

// attack is text anyone could put in a file of figures: a clear-screen, an
// OSC 52 clipboard write, an OSC 8 link, a DCS string, a bell, an 8-bit CSI,
// a right-to-left override and line breaks.
const attack = "\x1b[2J\x1b]52;c;ZXZpbA==\x07\x1b]8;;http://evil\x1b\\点我\x1b]8;;\x1b\\\x1bP1$r\x1b\\\a\u009b6n\u202e反转\r\n第二行\t尾"

// hostileDB is a database whose every text field carries the attack.
func hostileDB(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hostile.db")
	db, err := store.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	batch := &store.Batch{
		Regions: []model.Region{
			{ID: "evil", NameZH: "省" + attack, NameEN: "Province" + attack, Level: model.LevelProvince},
			{ID: "evil_city", NameZH: "市" + attack, NameEN: "City" + attack, Level: model.LevelCity, Parent: "evil"},
		},
		Indicators: []model.Indicator{
			{ID: "amount", NameZH: "金额" + attack, NameEN: "Amount" + attack, Category: model.CategoryInvestment, Kind: model.KindLevel, Unit: "亿元" + attack},
			{ID: "amount_growth", NameZH: "增速" + attack, NameEN: "Growth" + attack, Category: model.CategoryInvestment, Kind: model.KindGrowthPct, Unit: "%", GrowthOf: "amount"},
			{ID: "signed", NameZH: "签约" + attack, NameEN: "Signed" + attack, Category: model.CategoryInvestment, Kind: model.KindLevel, Unit: "亿元", Scope: model.ScopeEvent},
		},
		Sources: []model.Source{{ID: "src", Title: "标题" + attack, Publisher: "出版" + attack, Date: "2025-01-01", Authors: "作者" + attack, NoteZH: attack, NoteEN: attack}},
	}
	for _, y := range []int{2023, 2024} {
		for _, r := range []string{"evil", "evil_city"} {
			batch.Observations = append(batch.Observations,
				model.Observation{Indicator: "amount", Region: r, Period: model.Year(y), Value: float64(y - 2000), Published: "发布" + attack,
					Unit: "亿元" + attack, Source: "src", Fragment: "原文" + attack[:20], NoteZH: "备注" + attack, NoteEN: attack},
				model.Observation{Indicator: "amount_growth", Region: r, Period: model.Year(y), Value: 5, Published: "5%" + attack, Source: "src", NoteZH: attack},
				model.Observation{Indicator: "signed", Region: r, Subject: "活动" + attack, Period: model.Month(y, 3), Value: 9, Published: "9亿元" + attack, Source: "src"},
			)
		}
	}
	batch.Observations = append(batch.Observations, model.Observation{Indicator: "amount", Region: "evil", Period: model.Year(2022),
		Value: 20, Derivation: "20*1", Unit: "亿元" + attack, Source: "src", NoteZH: attack})
	if _, err := db.Apply(batch); err != nil {
		t.Fatal(err)
	}
	return path
}

// assertInert fails if text could drive a terminal.
func assertInert(t *testing.T, where, text string) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Errorf("%s: invalid UTF-8", where)
	}
	for i, r := range text {
		bad := r == 0x1b || r == 0x07 || r == 0x7f || r < 0x20 && r != '\n' || r >= 0x80 && r <= 0x9f ||
			r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
		if bad {
			t.Errorf("%s: %U at byte %d: %q", where, r, i, text[max(0, i-20):min(len(text), i+20)])
			return
		}
	}
}

// TestNothingFromTheDataReachesTheTerminalAsAnEscapeSequence renders every
// screen of a database full of escape sequences; the frames (drawn without
// colour, so any escape would come from the data) hold none.
func TestNothingFromTheDataReachesTheTerminalAsAnEscapeSequence(t *testing.T) {
	path := hostileDB(t)
	for _, lang := range []model.Lang{model.Chinese, model.English} {
		for _, keys := range [][]string{
			nil, {"enter"}, {"c"}, {"r", "j"}, {"2"}, {"2", "enter"}, {"3"}, {"3", "enter"}, {"?"}, {"/", "x"},
			{"y"}, {"enter", "j", "j", "j", "j", "j", "j", "G"},
		} {
			m := newTestModel(t, path, lang, false, 100, 30)
			press(t, m, keys...)
			frame := screen(m)
			frame = osc52RE.ReplaceAllString(frame, "") // y's own clipboard sequence is ours, not the data's
			assertInert(t, strings.Join(keys, " ")+" "+lang.String(), frame)
			checkFrame(t, strings.Join(keys, " "), frame, 100, 30)
		}
		var buf bytes.Buffer
		m := newTestModel(t, path, lang, false, 100, 30)
		if err := Report(&buf, m.ctx.Data, ReportOptions{Width: 100, Lang: lang, Renderer: plainRenderer()}); err != nil {
			t.Fatal(err)
		}
		assertInert(t, "report", buf.String())
	}
}
