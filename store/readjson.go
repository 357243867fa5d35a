package store

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/gansudash/gansudash/model"
)

// readJSON reads what export --format json writes: an array of objects
// keyed by column name, one object at a time (never the whole file).
// Numbers keep their exact text; rows remember the line their object starts
// on. The sheet's header is every known column, in export order, then the
// unknown keys met, which are listed as ignored.
func readJSON(in input) (*Sheet, error) {
	header := FieldNames()
	t, err := NewSheet(in.name, header)
	if err != nil {
		return nil, err
	}
	t.closer = in.closer
	// A first pass checks the file and finds the keys no column knows; the
	// second, when the resolver asks, delivers the rows.
	unknown := map[string]bool{}
	if err := scanJSON(in, header, func(SheetRow) { t.rowsHint++ }, unknown); err != nil {
		return nil, err
	}
	for k := range unknown {
		t.Ignored = append(t.Ignored, k)
	}
	slices.Sort(t.Ignored)
	t.stream = func(yield func([]SheetRow)) error {
		chunk := make([]SheetRow, 0, streamChunk)
		err := scanJSON(in, header, func(r SheetRow) {
			chunk = append(chunk, r)
			if len(chunk) == streamChunk {
				yield(chunk)
				chunk = make([]SheetRow, 0, streamChunk)
			}
		}, nil)
		if len(chunk) > 0 {
			yield(chunk)
		}
		return err
	}
	return t, nil
}

// scanJSON decodes the array one object at a time, calling row for each.
// unknown, when given, collects keys that are no known column.
func scanJSON(in input, header []string, row func(SheetRow), unknown map[string]bool) error {
	lines := &lineCounter{}
	lim := &recordLimit{r: io.TeeReader(bufio.NewReaderSize(in.reader(0), 64<<10), lines), max: MaxRecordBytes, extra: 64 << 10}
	dec := json.NewDecoder(lim)
	dec.UseNumber()
	index := map[string]int{}
	for i, h := range header {
		index[h] = i
	}
	fail := func(off int64, zh, en string, args ...any) error {
		return RowError{File: in.name, Line: lines.lineAt(off), Msg: model.T(zh, en, args...)}
	}
	tok, err := dec.Token()
	if err != nil {
		return model.Errorf("%s: 不是 JSON：%v", "%s: not JSON: %v", in.name, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fail(0, "应为数据的 JSON 数组，即 export --format json 写出的格式", "expected a JSON array of figures, as export --format json writes")
	}
	for dec.More() {
		start := dec.InputOffset()
		lim.mark = start
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			var se *json.SyntaxError
			switch {
			case lim.overflowed || errors.Is(err, errRecordTooLong):
				return fail(start, "从此处开始的对象超过 %d KB；每个数据应是一个小对象", "an object longer than %d KB starts here; each figure is one small object", MaxRecordBytes>>10)
			case errors.As(err, &se):
				return fail(se.Offset, "%v", "%v", err)
			}
			return fail(start, "每个数据须是“列: 值”形式的 JSON 对象（%v）", "each figure must be a JSON object of column: value (%v)", err)
		}
		line := lines.lineAt(lines.skipSpace(start))
		if len(obj) > MaxColumns {
			return fail(start+1, "有 %d 个键；gansudash 最多读取 %d 列", "%d keys; gansudash reads at most %d columns", len(obj), MaxColumns)
		}
		cells := make([]string, len(header))
		for k, v := range obj {
			i, known := index[k]
			if !known {
				if c, ok := canonicalColumn(k); ok {
					i, known = index[c], true
				}
			}
			if !known {
				if unknown != nil {
					unknown[k] = true
				}
				continue
			}
			switch v := v.(type) {
			case nil:
			case string:
				cells[i] = v
			case json.Number:
				cells[i] = v.String()
			case bool:
				cells[i] = fmt.Sprint(v)
			default:
				return RowError{File: in.name, Line: line, Column: k, Msg: model.T("含有嵌套的值；每列须为字符串、数字或布尔值", "holds a nested value; each column must be a string, number or boolean")}
			}
			if len(cells[i]) > MaxCellBytes {
				return RowError{File: in.name, Line: line, Column: k, Msg: model.T("单元格有 %d KB；单元格最多 %d KB", "a cell of %d KB; cells may hold at most %d KB", len(cells[i])>>10, MaxCellBytes>>10)}
			}
		}
		row(SheetRow{Line: line, Cells: cells})
	}
	if _, err := dec.Token(); err != nil && !errors.Is(err, io.EOF) {
		return model.Errorf("%s: %v", "%s: %v", in.name, err)
	}
	return nil
}

// lineCounter counts the lines of what passes through it, keeping only as
// much as the decoder may still ask about: the offsets asked for only grow.
type lineCounter struct {
	buf   []byte // bytes from base on
	base  int64
	lines int // line breaks before base
}

func (c *lineCounter) Write(p []byte) (int, error) {
	c.buf = append(c.buf, p...)
	return len(p), nil
}

// skipSpace returns the offset of the first byte at or after off that is
// neither white space nor a comma: where the next value starts.
func (c *lineCounter) skipSpace(off int64) int64 {
	for i := max(off-c.base, 0); i < int64(len(c.buf)); i++ {
		switch c.buf[i] {
		case ' ', '\t', '\r', '\n', ',':
		default:
			return c.base + i
		}
	}
	return off
}

// lineAt returns the 1-based line of byte offset off, forgetting what lies
// before it.
func (c *lineCounter) lineAt(off int64) int {
	k := int(min(max(off-c.base, 0), int64(len(c.buf))))
	for _, b := range c.buf[:k] {
		if b == '\n' {
			c.lines++
		}
	}
	c.buf = c.buf[k:]
	if cap(c.buf) > 4<<20 && len(c.buf) < cap(c.buf)/4 {
		c.buf = append([]byte(nil), c.buf...)
	}
	c.base += int64(k)
	return c.lines + 1
}
