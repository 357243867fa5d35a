package store

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
)

// csvRowEncoder appends export records as CSV, byte for byte what
// CSVWriter.Write(r.Cells()) writes, without building the cells: the
// region's, indicator's and source's cells are encoded once and kept (a
// record repeats them), and the figure's own are appended in place. Export
// formats every figure of a database this way; encoding/csv's per-field
// scans and the cells' copies were most of its time.
type csvRowEncoder struct {
	raw     bool
	regions cellCache[model.Region]
	inds    cellCache[model.Indicator]
	indsB   cellCache[model.Indicator]
	sources cellCache[model.Source]
	periods map[model.Period][]byte
}

func newCSVRowEncoder(raw bool) *csvRowEncoder {
	return &csvRowEncoder{raw: raw, periods: map[model.Period][]byte{}}
}

// cellCache keeps the encoded cells of one kind of entity by ID. A hit is
// used only when the entity is the same as the one encoded, so records
// from different catalogues never share a stale cell.
type cellCache[T comparable] struct {
	m    map[string]cachedCells[T]
	last cachedCells[T] // records come a series at a time: mostly the last one again
}

type cachedCells[T comparable] struct {
	v T
	b []byte
}

func (c *cellCache[T]) get(id string, v T, encode func(b []byte, v T) []byte) []byte {
	if c.last.b != nil && c.last.v == v {
		return c.last.b
	}
	if x, ok := c.m[id]; ok && x.v == v {
		c.last = x
		return x.b
	}
	if c.m == nil || len(c.m) >= 1<<16 { // bounded, whatever the records
		c.m = map[string]cachedCells[T]{}
	}
	b := encode(make([]byte, 0, 64), v) // never nil: nil marks no last
	c.m[id] = cachedCells[T]{v, b}
	c.last = c.m[id]
	return b
}

// appendRecord appends r's row, in Columns order, and a line feed.
func (e *csvRowEncoder) appendRecord(b []byte, r *ExportRecord) []byte {
	o := &r.Obs
	b = append(b, e.regions.get(r.Region.ID, r.Region, e.regionCells)...)
	b = append(b, ',')
	b = append(b, e.inds.get(r.Indicator.ID, r.Indicator, e.indicatorCells)...)
	b = append(b, ',')
	b = e.cell(b, o.Unit)
	b = append(b, ',')
	b = append(b, e.indsB.get(r.Indicator.ID, r.Indicator, e.indicatorCellsB)...)
	b = append(b, ',')
	b = e.cell(b, o.Subject)
	b = append(b, ',')
	p, ok := e.periods[o.Period]
	if !ok {
		if len(e.periods) >= 1<<16 {
			clear(e.periods)
		}
		p = e.cell(nil, o.Period.String())
		e.periods[o.Period] = p
	}
	b = append(b, p...)
	b = append(b, ',')
	// model.FormatNumber's digits, which neither DefuseCell nor quoting
	// changes (a number is not defused).
	b = strconv.AppendFloat(b, o.Value, 'f', -1, 64)
	b = append(b, ',')
	b = e.cell(b, o.Published)
	b = append(b, ',')
	b = e.cell(b, string(o.Qualifier))
	b = append(b, ',')
	b = e.cell(b, o.Status.String())
	if o.Derived() {
		b = append(b, ",true,"...)
	} else {
		b = append(b, ",false,"...)
	}
	b = e.cell(b, o.Derivation)
	b = append(b, ',')
	b = append(b, e.sources.get(r.Source.ID, r.Source, e.sourceCells)...)
	b = append(b, ',')
	b = e.cell(b, o.Fragment)
	b = append(b, ',')
	b = e.cell(b, o.NoteZH)
	b = append(b, ',')
	b = e.cell(b, o.NoteEN)
	return append(b, '\n')
}

func (e *csvRowEncoder) regionCells(b []byte, r model.Region) []byte {
	return e.cells(b, r.ID, r.NameZH, r.NameEN, r.Level.String(), r.Parent)
}

func (e *csvRowEncoder) indicatorCells(b []byte, i model.Indicator) []byte {
	return e.cells(b, i.ID, i.NameZH, i.NameEN, i.Category.String(), i.Kind.String())
}

func (e *csvRowEncoder) indicatorCellsB(b []byte, i model.Indicator) []byte {
	return e.cells(b, i.Scope.String(), i.GrowthOf)
}

func (e *csvRowEncoder) sourceCells(b []byte, s model.Source) []byte {
	return e.cells(b, s.ID, s.Title, s.Publisher, s.Date, s.Authors, s.URL, s.NoteZH, s.NoteEN)
}

// cells appends cells separated by commas.
func (e *csvRowEncoder) cells(b []byte, cells ...string) []byte {
	for i, s := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = e.cell(b, s)
	}
	return b
}

// cell appends one cell as CSVWriter writes it: defused unless raw, then
// quoted when encoding/csv would quote it (a comma, quote, CR or LF in it,
// a leading space, or the whole cell `\.`), its quotes doubled.
func (e *csvRowEncoder) cell(b []byte, s string) []byte {
	if !e.raw {
		s = DefuseCell(s)
	}
	if !csvNeedsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// csvNeedsQuotes is encoding/csv's rule for a comma-separated field.
func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r', '"', ',':
			return true
		}
	}
	if c := s[0]; c < utf8.RuneSelf {
		return asciiSpace[c] != 0
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}
