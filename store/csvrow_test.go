package store

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/gansudash/gansudash/model"
)

// The export's row encoder writes exactly what CSVWriter writes for the
// record's cells, for every kind of cell a spreadsheet or a CSV reader
// treats specially, raw or defused, and never a stale cached cell.
func TestTheRowEncoderWritesWhatTheCSVWriterWrites(t *testing.T) {
	nasty := []string{"", `\.`, " lead", "\tlead", "\u3000全角空格", "\u00a0nbsp", "\u0085nel", `say "hi"`, "a,b", "line\nbreak",
		"cr\rhere", "=SUM(A1)", "+1", "-3.2", "-x", "@cmd", "\r=1", "武威市", "'=quoted", "44.9亿元", "\\.", "x\\.", "\"", ","}
	periods := []string{"2024", "2025H1", "2025Q1", "2024-03", "2025-01/2025-05", "2024-01/..", "@2025-02"}
	var recs []ExportRecord
	for i, s := range nasty {
		p, err := model.ParsePeriod(periods[i%len(periods)])
		if err != nil {
			t.Fatal(err)
		}
		other := nasty[(i+7)%len(nasty)]
		rec := ExportRecord{
			Region:    model.Region{ID: "r" + string(rune('a'+i%3)), NameZH: s, NameEN: other, Level: model.Level(i % 3), Parent: other},
			Indicator: model.Indicator{ID: "i" + string(rune('a'+i%2)), NameZH: other, NameEN: s, Category: model.Category(1 + i%3), Kind: model.Kind(i % 3), Unit: s, GrowthOf: other},
			Source:    model.Source{ID: "s", Title: s, Publisher: other, Date: s, Authors: other, NoteZH: s, NoteEN: other, URL: s},
			Obs: model.Observation{Indicator: "x", Region: "y", Subject: s, Period: p, Value: []float64{0, -3.2, 1e21, 44.9, math.Inf(1), -0.5}[i%6],
				Unit: other, Published: s, Qualifier: model.Qualifier(other), Status: model.Status(i % 3), Fragment: s, NoteZH: other, NoteEN: s},
		}
		if i%4 == 0 {
			rec.Obs.Derivation = s
		}
		// The same IDs come back with other names: a cache must notice.
		recs = append(recs, rec)
	}
	for _, raw := range []bool{false, true} {
		var want bytes.Buffer
		cw := NewCSVWriter(&want, raw)
		enc := newCSVRowEncoder(raw)
		var got []byte
		for i := range recs {
			if err := cw.Write(recs[i].Cells()); err != nil {
				t.Fatal(err)
			}
			got = enc.appendRecord(got, &recs[i])
		}
		if err := cw.Flush(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want.Bytes(), []byte("\n"))
			for i := range min(len(gl), len(wl)) {
				if !bytes.Equal(gl[i], wl[i]) {
					t.Fatalf("raw=%v: line %d differs:\n got %q\nwant %q", raw, i+1, gl[i], wl[i])
				}
			}
			t.Fatalf("raw=%v: %d lines, want %d", raw, len(gl), len(wl))
		}
	}
}

// trimSpace is strings.TrimSpace: checked over every short string of
// spaces (ASCII and Unicode), text and broken UTF-8.
func TestTrimSpaceIsStringsTrimSpace(t *testing.T) {
	parts := []string{"", " ", "\t", "\u3000", "\u00a0", "\u0085", "\u2029", "a", "武", "\xe3\x80", "\xff", "\r\n", "44.9亿元"}
	var walk func(s string, depth int)
	n := 0
	walk = func(s string, depth int) {
		n++
		if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
			t.Fatalf("trimSpace(%q) = %q, want %q", s, got, want)
		}
		if depth == 4 {
			return
		}
		for _, p := range parts {
			walk(s+p, depth+1)
		}
	}
	walk("", 0)
	if n < 20000 {
		t.Fatalf("only %d strings tried", n)
	}
}
