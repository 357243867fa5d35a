package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// ReadOptions say how to read an input file.
type ReadOptions struct {
	// Encoding of a CSV file: "" (detect: UTF-8, with or without a BOM, else
	// GB18030), "utf-8", "gb18030", "gbk" or "gb2312" (read as GB18030, their superset).
	Encoding string
	// Sheet of an XLSX workbook; "" means the first.
	Sheet string
}

// Input formats.
const (
	FormatXLSX = "xlsx"
	FormatMD   = "md"
)

// MaxInputBytes bounds what import reads into memory: a million figures
// as CSV are about 300 MB.
const MaxInputBytes = 2 << 30

// ReadFile reads a figures table from a CSV, XLSX or JSON file. The format
// comes from the extension, else from the content.
func ReadFile(path string, opt ReadOptions) (*Sheet, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a file of figures", path)
	}
	if st.Size() > MaxInputBytes {
		return nil, fmt.Errorf("%s is %d MB; split it into files under %d MB", path, st.Size()>>20, MaxInputBytes>>20)
	}
	if t, ok, err := streamUTF8File(path, opt); ok || err != nil {
		return t, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ReadTable(path, data, opt)
}

// streamUTF8File streams a UTF-8 CSV file from disk instead of reading it
// into memory: a first pass checks the encoding and counts lines in 1 MB
// chunks, the second parses. ok is false for files it leaves to ReadTable
// (XLSX, JSON, GB18030, small files).
func streamUTF8File(path string, opt ReadOptions) (*Sheet, bool, error) {
	enc := strings.ToLower(strings.TrimSpace(opt.Encoding))
	if enc != "" && enc != "auto" && enc != "utf-8" && enc != "utf8" {
		return nil, false, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	if st, err := f.Stat(); err != nil || st.Size() < 4<<20 || DetectFormat(path, head[:n]) != FormatCSV {
		f.Close()
		return nil, false, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, false, err
	}
	lines, valid, err := scanUTF8(bufio.NewReaderSize(f, 1<<20))
	if err != nil || !valid {
		f.Close()
		return nil, false, err // not UTF-8: ReadTable decodes (or reports) it
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, false, err
	}
	br := bufio.NewReaderSize(f, 1<<20)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		br.Discard(3)
	}
	t, err := streamCSVFrom(path, br, lines, f)
	if err != nil {
		f.Close()
	}
	return t, true, err
}

// scanUTF8 reads r to the end, counting line breaks and checking that it is
// valid UTF-8, without holding more than a chunk of it.
func scanUTF8(r io.Reader) (lines int, valid bool, err error) {
	buf := make([]byte, 1<<20)
	carry := 0 // bytes of an incomplete character kept from the last chunk
	for {
		n, err := r.Read(buf[carry:])
		chunk := buf[:carry+n]
		lines += bytes.Count(buf[carry:carry+n], []byte("\n"))
		end := len(chunk)
		if err == nil { // keep a character cut at the chunk's end for the next
			for back := 1; back <= 3 && back <= end; back++ {
				if utf8.RuneStart(chunk[end-back]) {
					if !utf8.FullRune(chunk[end-back:]) {
						end -= back
					}
					break
				}
			}
		}
		if !utf8.Valid(chunk[:end]) {
			return lines, false, nil
		}
		carry = copy(buf, chunk[end:])
		if err == io.EOF {
			return lines, carry == 0, nil
		}
		if err != nil {
			return lines, false, err
		}
	}
}

// DetectFormat tells CSV, XLSX and JSON apart by extension, else content.
func DetectFormat(name string, data []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return FormatXLSX
	case ".json":
		return FormatJSON
	case ".csv", ".txt":
		return FormatCSV
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n")
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return FormatXLSX
	case len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{'):
		return FormatJSON
	}
	return FormatCSV
}

// ReadTable reads a figures table from data read from a file named name.
func ReadTable(name string, data []byte, opt ReadOptions) (*Sheet, error) {
	switch DetectFormat(name, data) {
	case FormatXLSX:
		return readXLSX(name, data, opt.Sheet)
	case FormatJSON:
		return readJSON(name, data)
	}
	text, err := decodeText(name, data, opt.Encoding)
	if err != nil {
		return nil, err
	}
	return streamCSV(name, text)
}

// decodeText turns CSV bytes into UTF-8: UTF-8 as is (a BOM dropped),
// anything else as GB18030, as Excel saves CSV on Chinese Windows. Bytes that
// cannot be decoded are an error with their position: golang.org/x/text
// would otherwise replace them with U+FFFD silently.
func decodeText(name string, data []byte, encoding string) ([]byte, error) {
	enc := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(encoding), "_", "-"))
	switch enc {
	case "", "auto":
		if utf8.Valid(data) {
			return bytes.TrimPrefix(data, []byte("\ufeff")), nil // no copy
		}
		enc = "gb18030"
	case "utf-8", "utf8":
		if !utf8.Valid(data) {
			line, col := badUTF8(data)
			return nil, fmt.Errorf("%s:%d:%d: not valid UTF-8; if the file was saved by Excel on Chinese Windows, pass --encoding gb18030", name, line, col)
		}
		return bytes.TrimPrefix(data, []byte("\ufeff")), nil
	case "gb18030", "gbk", "gb2312", "cp936":
		enc = "gb18030"
	default:
		return nil, fmt.Errorf("%s: unknown encoding %q: use utf-8 or gb18030 (gbk)", name, encoding)
	}
	decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("%s: decoding as GB18030: %v", name, err)
	}
	text := string(decoded)
	if i := strings.IndexRune(text, utf8.RuneError); i >= 0 {
		line := strings.Count(text[:i], "\n") + 1
		col := utf8.RuneCountInString(text[strings.LastIndexByte(text[:i], '\n')+1:i]) + 1
		return nil, fmt.Errorf("%s:%d:%d: bytes that are neither UTF-8 nor GB18030 (GBK); save the file as \"CSV UTF-8\" in Excel and import it again", name, line, col)
	}
	return bytes.TrimPrefix(decoded, []byte("\ufeff")), nil
}

// badUTF8 finds the line and column (in characters) of the first invalid
// UTF-8 byte.
func badUTF8(data []byte) (int, int) {
	line, col := 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}

// readXLSX reads the sheet's rows as displayed in Excel: the text an
// official sees (38.01%, 1,809.81) is the figure as published.
func readXLSX(name string, data []byte, sheet string) (*Sheet, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable XLSX workbook: %v", name, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%s: the workbook has no sheets", name)
	}
	if sheet == "" {
		sheet = sheets[0]
	} else if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		return nil, fmt.Errorf("%s: no sheet %q; the sheets are %s", name, sheet, strings.Join(sheets, ", "))
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%s: sheet %q: %v", name, sheet, err)
	}
	defer rows.Close()
	var t *Sheet
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		if t == nil {
			if blank(cells) {
				continue
			}
			if t, err = NewSheet(name, cells); err != nil {
				return nil, err
			}
			continue
		}
		t.Rows = append(t.Rows, SheetRow{Line: line, Cells: cells})
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if t == nil {
		return nil, fmt.Errorf("%s: sheet %q is empty: expected a header row", name, sheet)
	}
	return t, nil
}

// readJSON reads what export --format json writes: an array of objects
// keyed by column name. Numbers keep their exact text; rows remember the
// line their object starts on.
func readJSON(name string, data []byte) (*Sheet, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	lineAt := func(off int64) int { return bytes.Count(data[:min(int(off), len(data))], []byte("\n")) + 1 }
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("%s: not JSON: %v", name, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, fmt.Errorf("%s:1: expected a JSON array of figures, as export --format json writes", name)
	}
	var objects []map[string]any
	var lines []int
	var header []string
	seen := map[string]bool{}
	for dec.More() {
		off := dec.InputOffset()
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("%s:%d: %v", name, lineAt(se.Offset), err)
			}
			return nil, fmt.Errorf("%s:%d: each figure must be a JSON object of column: value (%v)", name, lineAt(off), err)
		}
		// The object starts after any whitespace and comma before it.
		start := int(off)
		for start < len(data) && (data[start] == ',' || data[start] == ' ' || data[start] == '\n' || data[start] == '\r' || data[start] == '\t') {
			start++
		}
		objects = append(objects, obj)
		lines = append(lines, lineAt(int64(start)))
		for k := range obj {
			if !seen[k] {
				seen[k] = true
				header = append(header, k)
			}
		}
	}
	if _, err := dec.Token(); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	// Known columns in export order first, unknown ones after, for stable errors.
	order := map[string]int{}
	for i, c := range Fields {
		order[c.Name] = i
	}
	sortHeader(header, order)
	t, err := NewSheet(name, header)
	if err != nil {
		return nil, err
	}
	for i, obj := range objects {
		cells := make([]string, len(header))
		for j, h := range header {
			v, ok := obj[h]
			if !ok {
				continue
			}
			switch v := v.(type) {
			case nil:
			case string:
				cells[j] = v
			case json.Number:
				cells[j] = v.String()
			case bool:
				cells[j] = fmt.Sprint(v)
			default:
				return nil, fmt.Errorf("%s:%d: %q holds a nested value; each column must be a string, number or boolean", name, lines[i], h)
			}
		}
		t.Rows = append(t.Rows, SheetRow{Line: lines[i], Cells: cells})
	}
	return t, nil
}

func sortHeader(h []string, order map[string]int) {
	rank := func(s string) int {
		if c, ok := canonicalColumn(s); ok {
			return order[c]
		}
		return len(order)
	}
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && rank(h[j]) < rank(h[j-1]); j-- {
			h[j], h[j-1] = h[j-1], h[j]
		}
	}
}
