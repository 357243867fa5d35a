package store

import (
	"fmt"
	"io"
	"strings"
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
			return nil, fmt.Errorf("%s: columns %q and %q are both %s: keep one", file, header[j], h, name)
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
	if !ok || i >= len(r.Cells) {
		return ""
	}
	return undefuseCell(strings.TrimSpace(r.Cells[i]))
}

// colName returns the header the file used for a canonical column, so error
// messages speak the file's language (column 数值, not column value).
func (t *Sheet) colName(col string) string {
	if i, ok := t.cols[col]; ok {
		return strings.TrimSpace(strings.TrimPrefix(t.Header[i], "\ufeff"))
	}
	return col
}

// RowError is one problem in one row of an input file.
type RowError struct {
	File   string
	Line   int
	Column string // as the file names it; empty when the problem is the whole row
	Msg    string
}

func (e RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: column %s: %s", e.File, e.Line, e.Column, e.Msg)
}

// MaxListedErrors is how many errors an ErrorList prints before summing up.
const MaxListedErrors = 50

// ErrorList is every problem found in the input; nothing is written while it
// is non-empty.
type ErrorList []RowError

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i == MaxListedErrors {
			fmt.Fprintf(&b, "\n... and %d more errors", len(l)-MaxListedErrors)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}
