package ui

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/gansudash/gansudash/ui/cells"
)

// tableOf returns the table a page shows, if it shows one.
func tableOf(p page) *Table {
	switch p := p.(type) {
	case *overview:
		if p.roll != nil {
			return p.roll.table
		}
		return p.table
	case *compare:
		return p.table
	case *events:
		return p.table
	case *figures:
		return p.table
	case *sources:
		return p.table
	}
	return nil
}

// checkNothingCut fails when a row on screen shows a Fit column (a value
// with its unit and qualifier, a change with its 公布/算 mark, a period)
// other than whole: those columns are dropped whole or shown whole, never
// cut.
func checkNothingCut(t *testing.T, name string, m *Model) {
	t.Helper()
	tb := tableOf(m.top())
	if tb == nil || m.showHelp {
		return
	}
	for vi := tb.offset; vi < len(tb.view) && vi < tb.offset+tb.height; vi++ {
		idx := tb.view[vi]
		line := tb.renderRow(idx)
		for c, col := range tb.cols {
			if !col.Fit || tb.widths[c] == 0 || c >= len(tb.rows[idx].Cells) {
				continue
			}
			text := tb.rows[idx].Cells[c].Text
			if m.ctx.ASCII {
				text = cells.ASCII(text)
				line = cells.ASCII(line)
			}
			if !strings.Contains(line, text) {
				t.Errorf("%s: column %s of row %q is cut: %q not in %q", name, col.ZH, tb.rows[idx].Key, text, line)
			}
		}
	}
}

var (
	dataTextOnce sync.Once
	dataText     string
)

// latinWord is a run of Latin letters an English word would be.
var latinWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// uiWords are the Latin words the Chinese interface may show: the
// product's name and key names.
// "English" names the language the L key switches to, in that language.
const uiWords = "gansudash enter esc tab shift ctrl pgup pgdn home end OSC English zsyz" // zsyz: the pinyin-initials example

// checkNoEnglish fails when a Chinese screen shows a Latin word that is
// neither a key name nor part of the data itself (a company's name, a
// source's title or address): an English label, message or note in the
// Chinese interface. What the user typed (a filter) may show as typed.
func checkNoEnglish(t *testing.T, name string, m *Model, frame string, typed []string) {
	t.Helper()
	dataTextOnce.Do(func() {
		var b strings.Builder
		add := func(texts ...string) {
			for _, s := range texts {
				b.WriteString(s + "\n")
			}
		}
		cat := m.ctx.Catalog
		for _, r := range cat.Regions {
			add(r.NameZH)
		}
		for _, ind := range cat.Indicators {
			add(ind.NameZH)
		}
		for _, s := range cat.Sources {
			add(s.Title, s.Publisher, s.Authors, s.NoteZH, s.URL)
		}
		for _, r := range cat.Regions {
			sums, _ := m.ctx.Data.RegionSummaries(r.ID, 0)
			for _, s := range sums {
				add(s.Key.Subject, s.Latest.Fragment, s.Latest.NoteZH, s.Latest.Published)
			}
		}
		events, _ := m.ctx.Data.Events()
		for _, ev := range events {
			add(ev.Subject)
		}
		add(uiWords)
		dataText = b.String()
	})
	for _, w := range latinWord.FindAllString(frame, -1) {
		if !strings.Contains(dataText, w) && !strings.Contains(strings.Join(typed, ""), w) {
			t.Errorf("%s: English %q in the Chinese interface:\n%s", name, w, frame)
			return
		}
	}
}

// checkASCII fails when an ASCII frame holds a symbol outside ASCII: only
// Chinese text (Han, CJK and full-width punctuation) may remain.
func checkASCII(t *testing.T, name, frame string) {
	t.Helper()
	for _, r := range frame {
		switch {
		case r < 0x7f, unicode.Is(unicode.Han, r), r >= 0x3000 && r <= 0x303f, r >= 0xff00 && r <= 0xffef:
		default:
			t.Errorf("%s: %q (U+%04X) in an ASCII frame:\n%s", name, r, r, frame)
			return
		}
	}
}
