package store

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
)

// Sheet is a figures table read from a file: a header mapped to canonical
// columns, and rows that remember the line they came from.
type Sheet struct {
	File    string
	Header  []string       // as written in the file
	Ignored []string       // headers gansudash does not know, left unread
	cols    map[string]int // canonical column -> index in Header
	Rows    []SheetRow     // rows read already (XLSX, JSON, small CSV)
	// stream, when set, delivers the rows instead, in chunks, as they are
	// parsed (a large CSV is resolved while it is still being read).
	stream   func(yield func([]SheetRow)) error
	rowsHint int       // expected number of rows, to allocate once
	closer   io.Closer // the file a streamed table reads from
}

// Close releases the file a streamed table reads from (it is released
// anyway once its rows are read). Closing twice is harmless.
func (t *Sheet) Close() error {
	if t.closer == nil {
		return nil
	}
	c := t.closer
	t.closer = nil
	return c.Close()
}

// each calls fn with the table's rows, in order, in chunks.
func (t *Sheet) each(fn func([]SheetRow)) error {
	if t.stream != nil {
		return t.stream(fn)
	}
	fn(t.Rows)
	return nil
}

// SheetRow is one record of a Sheet.
type SheetRow struct {
	Line  int // 1-based line (CSV), row (XLSX) or object index (JSON)
	Cells []string
	pre   *preParsed // what the reader's goroutine parsed already, or nil
}

// preParsed holds the parses of a row's cells that need nothing but the
// cell (model.ParseValue, ParsePeriod, ParseStatus): a streamed CSV's
// reader makes them on its own goroutine, a few thousand rows ahead of the
// resolver, which then uses them instead of parsing again.
type preParsed struct {
	value, published parsedValue
	period           model.Period
	periodErr        error
	status           model.Status
	statusErr        error
}

type parsedValue struct {
	pv  model.ParsedValue
	err error
}

// preparse returns a function that fills the pre-parsed cells of a chunk
// of rows into pres (as long as rows).
func (t *Sheet) preparse() func(rows []SheetRow, pres []preParsed) {
	value, published, period, status := t.colIndex("value"), t.colIndex("published"), t.colIndex("period"), t.colIndex("status")
	return func(rows []SheetRow, pres []preParsed) {
		for i := range rows {
			p, r := &pres[i], rows[i]
			p.value.pv, p.value.err = model.ParseValue(t.cellAt(r, value))
			p.published.pv, p.published.err = model.ParseValue(t.cellAt(r, published))
			p.period, p.periodErr = model.ParsePeriod(t.cellAt(r, period))
			p.status, p.statusErr = model.ParseStatus(t.cellAt(r, status))
			rows[i].pre = p
		}
	}
}

// NewSheet maps a header row. Unknown headers are ignored and listed;
// a header given twice is an error.
func NewSheet(file string, header []string) (*Sheet, error) {
	t := &Sheet{File: file, Header: header, cols: map[string]int{}}
	for i, h := range header {
		name, ok := canonicalColumn(h)
		if !ok {
			if strings.TrimSpace(h) != "" {
				t.Ignored = append(t.Ignored, h)
			}
			continue
		}
		if j, dup := t.cols[name]; dup {
			return nil, model.Errorf("%s: “%s”和“%s”两列都是 %s：请保留一列", "%s: columns %q and %q are both %s: keep one", file, header[j], h, name)
		}
		t.cols[name] = i
	}
	return t, nil
}

// Has reports whether the table has a canonical column.
func (t *Sheet) Has(col string) bool {
	_, ok := t.cols[col]
	return ok
}

func (t *Sheet) cell(r SheetRow, col string) string {
	i, ok := t.cols[col]
	if !ok {
		return ""
	}
	return t.cellAt(r, i)
}

// colIndex is the index of a canonical column in the rows, or -1.
func (t *Sheet) colIndex(col string) int {
	if i, ok := t.cols[col]; ok {
		return i
	}
	return -1
}

// cellAt is the cell at index i (of colIndex) of a row, as cell reads it.
func (t *Sheet) cellAt(r SheetRow, i int) string {
	return undefuseCell(trimSpace(rawCell(r, i)))
}

// rawCell is the cell at index i of a row as the file has it, or "".
func rawCell(r SheetRow, i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// trimSpace is strings.TrimSpace, without its function calls per rune for
// text that is not ASCII: every cell of an import is trimmed, most of them
// Chinese and with nothing to trim.
func trimSpace(s string) string {
	start := 0
	for start < len(s) {
		if c := s[start]; c < utf8.RuneSelf {
			if asciiSpace[c] == 0 {
				break
			}
			start++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[start:])
		if !unicode.IsSpace(r) {
			break
		}
		start += n
	}
	end := len(s)
	for end > start {
		if c := s[end-1]; c < utf8.RuneSelf {
			if asciiSpace[c] == 0 {
				break
			}
			end--
			continue
		}
		r, n := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	return s[start:end]
}

// asciiSpace marks the ASCII bytes unicode.IsSpace accepts.
var asciiSpace = [utf8.RuneSelf]uint8{'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1}

// colName returns the header the file used for a canonical column, so error
// messages speak the file's language (column 数值, not column value).
func (t *Sheet) colName(col string) string {
	if i, ok := t.cols[col]; ok {
		return strings.TrimSpace(strings.TrimPrefix(t.Header[i], "\ufeff"))
	}
	return col
}

// RowError is one problem in an input file, at a line and (when known) a
// column. The same problem on many rows is one RowError: Count rows, the
// first of them in Lines.
type RowError struct {
	File   string
	Line   int
	Col    int        // 1-based column number; 0 when the problem is the whole row
	Column string     // the column's header as the file writes it
	Msg    model.Text // the problem, in both languages
	Count  int        // rows with this problem (0 or 1: just this one)
	Lines  []int      // the first MaxListedLines of them
}

// MaxListedLines is how many rows of one problem an error lists.
const MaxListedLines = 10

func (e RowError) Error() string { return e.Localize(model.English) }

// Localize prints the problem in lang: where it is (file:line:column, and
// the column's header as the file writes it), what it is, and the rows it
// is on: "data.csv:17:4: column 数值: … (on 40 rows: lines 2, 3, … and 30
// more)", "data.csv:17:4: 列 数值：…（共 40 行：第 2、3 行等）".
func (e RowError) Localize(lang model.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:", e.File, e.Line)
	if e.Col > 0 {
		fmt.Fprintf(&b, "%d:", e.Col)
	}
	switch {
	case e.Column == "":
		b.WriteString(" ")
	case lang == model.English:
		fmt.Fprintf(&b, " column %s: ", e.Column)
	default:
		fmt.Fprintf(&b, " 列 %s：", e.Column)
	}
	b.WriteString(e.Msg.Localize(lang))
	if e.Count <= 1 {
		return b.String()
	}
	if lang == model.English {
		fmt.Fprintf(&b, " (on %d rows: lines", e.Count)
		for i, l := range e.Lines {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, " %d", l)
		}
		if e.Count > len(e.Lines) {
			fmt.Fprintf(&b, ", … and %d more", e.Count-len(e.Lines))
		}
		b.WriteByte(')')
		return b.String()
	}
	fmt.Fprintf(&b, "（共 %d 行：第 ", e.Count)
	for i, l := range e.Lines {
		if i > 0 {
			b.WriteString("、")
		}
		fmt.Fprintf(&b, "%d", l)
	}
	b.WriteString(" 行")
	if e.Count > len(e.Lines) {
		b.WriteString("等")
	}
	b.WriteString("）")
	return b.String()
}

// MaxListedErrors is how many problems an ErrorList prints before summing up.
const MaxListedErrors = 50

// ErrorList is every problem found in the input, each once with the rows it
// is on; nothing is written while it is non-empty.
type ErrorList []RowError

func (l ErrorList) Error() string { return l.Localize(model.English) }

// Localize prints the problems in lang, one a line, the first
// MaxListedErrors of them.
func (l ErrorList) Localize(lang model.Lang) string {
	var b strings.Builder
	for i, e := range l {
		if i == MaxListedErrors {
			fmt.Fprintf(&b, lang.Pick("\n……另有 %d 个问题", "\n... and %d more problems"), len(l)-MaxListedErrors)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Localize(lang))
	}
	return b.String()
}

// errorKey groups a problem repeated on many rows: by its English text.
type errorKey struct{ file, column, msg string }

// frozen returns t printed in both languages, without its arguments: a
// problem kept in a list must not hold on to the record (or the database
// page) its arguments point into.
func frozen(t model.Text) model.Text {
	if len(t.Args) == 0 {
		return t
	}
	return model.Text{ZH: t.Localize(model.Chinese), EN: t.Localize(model.English)}
}

// errorSet collects problems, grouping repeats: memory stays bounded however
// many rows are bad.
type errorSet struct {
	list  ErrorList
	index map[errorKey]int
	more  int // problems past maxDistinctErrors, counted only
}

// maxDistinctErrors bounds the distinct problems kept.
const maxDistinctErrors = 1000

func (s *errorSet) add(e RowError) {
	k := errorKey{e.File, e.Column, e.Msg.String()}
	if i, ok := s.index[k]; ok {
		g := &s.list[i]
		g.Count++
		if len(g.Lines) < MaxListedLines {
			g.Lines = append(g.Lines, e.Line)
		}
		return
	}
	if len(s.list) >= maxDistinctErrors {
		s.more++
		return
	}
	if s.index == nil {
		s.index = map[errorKey]int{}
	}
	e.Count, e.Lines = 1, []int{e.Line}
	e.Msg = frozen(e.Msg)
	s.index[k] = len(s.list)
	s.list = append(s.list, e)
}
