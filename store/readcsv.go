package store

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"github.com/gansudash/gansudash/model"
)

// csvEncoding is what a first pass over a CSV file found.
type csvEncoding struct {
	gb18030 bool  // decode as GB18030
	bom     int64 // bytes of a UTF-8 byte-order mark to skip
	lines   int
}

// readCSV reads a CSV file in two passes over the file: the first checks the
// encoding and counts lines, a chunk at a time; the second parses, on its own
// goroutine, a few thousand rows ahead of the resolver. Neither holds more
// than a chunk or one record.
func readCSV(in input, encoding string) (*Sheet, error) {
	enc, err := scanCSV(in, encoding)
	if err != nil {
		return nil, err
	}
	open := func() (*csv.Reader, *recordLimit) {
		var r io.Reader = bufio.NewReaderSize(in.reader(enc.bom), 1<<20)
		if enc.gb18030 {
			r = transform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
		}
		lim := &recordLimit{r: r, max: MaxRecordBytes, extra: 64 << 10}
		cr := csv.NewReader(lim)
		cr.FieldsPerRecord = -1
		return cr, lim
	}
	cr, lim := open()
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(in.name, err, lim, 0)
	}
	if err := checkRecord(in.name, 1, header, cr); err != nil {
		return nil, err
	}
	t, err := NewSheet(in.name, header)
	if err != nil {
		return nil, err
	}
	t.rowsHint = enc.lines
	t.closer = in.closer
	t.stream = func(yield func([]SheetRow)) error {
		cr, lim := open()
		if _, err := cr.Read(); err != nil { // the header, read again
			return csvError(in.name, err, lim, 0)
		}
		lim.mark = cr.InputOffset()
		return streamRecords(in.name, cr, lim, t.preparse(), yield)
	}
	return t, nil
}

// streamRecords parses the records after the header on a goroutine and
// hands them to yield in chunks; pre, when set, parses cells of each chunk
// there too, before it is handed over.
func streamRecords(name string, cr *csv.Reader, lim *recordLimit, pre func([]SheetRow, []preParsed), yield func([]SheetRow)) error {
	// A chunk's rows, the cells they point into and their pre-parsed cells
	// go back to the reader once yield is done with them, to be filled
	// again: the rows' text is each record's own string, never reused, but
	// the slices that index it were most of an import's garbage.
	type chunk struct {
		rows  []SheetRow
		cells []string
		pres  []preParsed
	}
	cr.ReuseRecord = true // its cells are copied into the chunk's
	chunks := make(chan *chunk, 4)
	free := make(chan *chunk, 6)
	errc := make(chan error, 1)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(chunks)
		get := func() *chunk {
			select {
			case c := <-free:
				c.rows, c.cells = c.rows[:0], c.cells[:0]
				return c
			default:
				return &chunk{rows: make([]SheetRow, 0, streamChunk), pres: make([]preParsed, streamChunk)}
			}
		}
		c := get()
		lastLine := 1
		send := func() bool {
			if pre != nil {
				pre(c.rows, c.pres)
			}
			select {
			case chunks <- c:
				c = get()
				return true
			case <-done:
				return false
			}
		}
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				errc <- csvError(name, err, lim, lastLine)
				return
			}
			lim.mark = cr.InputOffset()
			line, _ := cr.FieldPos(0)
			lastLine = line
			if err := checkRecord(name, line, rec, cr); err != nil {
				errc <- err
				return
			}
			start := len(c.cells)
			c.cells = append(c.cells, rec...)
			c.rows = append(c.rows, SheetRow{Line: line, Cells: c.cells[start:len(c.cells):len(c.cells)]})
			if len(c.rows) == streamChunk && !send() {
				return
			}
		}
		if len(c.rows) > 0 {
			send()
		}
	}()
	for c := range chunks {
		yield(c.rows)
		select {
		case free <- c:
		default:
		}
	}
	select {
	case err := <-errc:
		return err
	default:
		return nil
	}
}

// streamChunk is how many rows the CSV and JSON readers hand over at a
// time (a variable so that tests can recycle chunks every few rows).
var streamChunk = 2048

// checkRecord refuses a record with more cells than MaxColumns or a cell
// longer than MaxCellBytes, naming where.
func checkRecord(name string, line int, rec []string, cr *csv.Reader) error {
	if len(rec) > MaxColumns {
		return RowError{File: name, Line: line, Msg: model.T("有 %d 个单元格；gansudash 最多读取 %d 列：请删除空列，或检查分隔符", "%d cells; gansudash reads at most %d columns: delete the empty columns, or check the delimiter", len(rec), MaxColumns)}
	}
	for i, c := range rec {
		if len(c) > MaxCellBytes {
			l, col := cr.FieldPos(i)
			return RowError{File: name, Line: l, Col: col, Msg: model.T("单元格有 %d KB；单元格最多 %d KB：是否有引号未闭合？", "a cell of %d KB; cells may hold at most %d KB: is a quote left open?", len(c)>>10, MaxCellBytes>>10)}
		}
	}
	return nil
}

// csvError turns a parse error into a RowError at the record's start.
func csvError(name string, err error, lim *recordLimit, lastLine int) error {
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return model.Errorf("%s: 文件为空：应有表头行（region,indicator,period,value,...）", "%s: the file is empty: expected a header row (region,indicator,period,value,...)", name)
	case lim.overflowed || errors.Is(err, errRecordTooLong):
		return RowError{File: name, Line: lastLine + 1, Msg: model.T("从此行开始的一条记录超过 %d KB：此行打开的引号可能一直未闭合（单元格内的引号要写两次：\"\"），或文件没有换行",
			"a record longer than %d KB starts on this line: a quote opened on it is probably never closed (a quote inside a cell is written twice: \"\"), or the file has no line breaks", MaxRecordBytes>>10)}
	case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line:
		return RowError{File: name, Line: pe.StartLine, Msg: model.T("第 %d 行开始的带引号单元格一直未闭合（文件在第 %d 行结束）：请补上引号，或把单元格内的引号写两次",
			"a quoted cell opened on line %d is never closed (the file ends at line %d): close the quote, or double the quotes inside the cell", pe.StartLine, pe.Line)}
	case errors.As(err, &pe):
		return RowError{File: name, Line: pe.Line, Col: pe.Column, Msg: model.T("%v：请检查该行的引号（单元格内的引号要写两次：\"\"）",
			"%v: check the quotes on that line (a quote inside a cell is written twice: \"\")", csvCause(pe.Err))}
	}
	return RowError{File: name, Line: lastLine + 1, Msg: model.T("%v", "%v", err)}
}

// csvCause says encoding/csv's parse errors in both languages.
func csvCause(err error) model.Text {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return model.Text{ZH: "未加引号的单元格中有引号 \"", EN: err.Error()}
	case errors.Is(err, csv.ErrQuote):
		return model.Text{ZH: "带引号的单元格中引号多余或缺失", EN: err.Error()}
	}
	return model.Text{ZH: err.Error(), EN: err.Error()}
}

// scanCSV is the first pass: it finds a byte-order mark, counts lines,
// refuses binary files (NUL bytes) and decides the encoding: UTF-8 when the
// file is valid UTF-8; a UTF-8 file with a bad byte when Chinese in UTF-8 came
// before the bad byte (reported at the byte); else GB18030, as Excel saves
// CSV on Chinese Windows, whose decoding is then checked the same way.
func scanCSV(in input, encoding string) (csvEncoding, error) {
	var enc csvEncoding
	want := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(encoding), "_", "-"))
	switch want {
	case "", "auto", "utf-8", "utf8":
	case "gb18030", "gbk", "gb2312", "cp936":
		want = "gb18030"
	default:
		return enc, model.Errorf("%s: 未知编码“%s”：请用 utf-8 或 gb18030（gbk）", "%s: unknown encoding %q: use utf-8 or gb18030 (gbk)", in.name, encoding)
	}
	head := make([]byte, 3)
	if n, _ := io.ReadFull(in.reader(0), head); n == 3 && bytes.Equal(head, []byte("\ufeff")) {
		enc.bom = 3
	}
	if want != "gb18030" {
		if lines, ok := validUTF8(in, enc.bom); ok {
			enc.lines = lines
			return enc, nil
		}
		sc := newTextScan(in.name)
		sc.multibyte = enc.bom > 0 // a byte-order mark says the file was meant to be UTF-8
		if err := scanChunks(in.reader(enc.bom), sc.utf8); err != nil {
			return enc, err
		}
		enc.lines = sc.lines
		switch {
		case sc.badLine == 0:
			return enc, nil
		case want != "" || sc.multibyte:
			return enc, model.Errorf("%s:%d:%d: 此处不是有效的 UTF-8（此前的内容是 UTF-8）：请重新输入此处的字符，或将文件另存为“CSV UTF-8”",
				"%s:%d:%d: not valid UTF-8 here (the file is UTF-8 before it): retype the character at that place, or save the file again as \"CSV UTF-8\"", in.name, sc.badLine, sc.badCol)
		}
	}
	enc.gb18030, enc.bom = true, 0
	gb := newTextScan(in.name)
	dec := transform.NewReader(in.reader(0), simplifiedchinese.GB18030.NewDecoder())
	if err := scanChunks(dec, gb.decoded); err != nil {
		return enc, err
	}
	enc.lines = gb.lines
	return enc, nil
}

// validUTF8 checks, on both cores, a file that is valid UTF-8 without NUL
// bytes, as most are, and counts its lines. Any other file is reported not
// ok, for the line-by-line scan to find where it goes wrong.
func validUTF8(in input, from int64) (lines int, ok bool) {
	// The halves meet after a line break: a character never spans one.
	mid := from + (in.size-from)/2
	if in.size-from > 1<<20 {
		window := make([]byte, 64<<10)
		n, _ := io.ReadFull(io.NewSectionReader(in.r, mid, int64(len(window))), window)
		if i := bytes.IndexByte(window[:n], '\n'); i >= 0 {
			mid += int64(i) + 1
		} else {
			mid = in.size // a line of 64 KB: one part
		}
	} else {
		mid = in.size
	}
	type result struct {
		lines int
		ok    bool
	}
	part := func(off, end int64) result {
		var carry []byte
		r := result{ok: true}
		err := scanChunks(io.NewSectionReader(in.r, off, end-off), func(chunk []byte, last bool) error {
			data := chunk
			if len(carry) > 0 {
				// The character cut at the end of the last chunk, completed
				// from this one's first bytes: checked alone, without
				// copying the chunk.
				need := min(utf8.UTFMax-len(carry), len(chunk))
				joined := append(carry, chunk[:need]...)
				_, size := utf8.DecodeRune(joined)
				if size <= len(carry) || !utf8.FullRune(joined) {
					r.ok = false
					return io.EOF
				}
				data = chunk[size-len(carry):]
				carry = carry[:0]
			}
			body := completeRunes(data, last)
			if bytes.IndexByte(body, 0) >= 0 || !utf8.Valid(body) {
				r.ok = false
				return io.EOF
			}
			r.lines += bytes.Count(body, []byte{'\n'})
			carry = append(carry[:0], data[len(body):]...)
			return nil
		})
		if err != nil && err != io.EOF || len(carry) > 0 {
			r.ok = false
		}
		return r
	}
	second := make(chan result, 1)
	go func() { second <- part(mid, in.size) }()
	a := part(from, mid)
	b := <-second
	return 1 + a.lines + b.lines, a.ok && b.ok
}

// textScan follows a text a chunk at a time: lines and columns (in
// characters), and the first problem.
type textScan struct {
	name            string
	lines, col      int
	badLine, badCol int
	multibyte       bool
	carry           []byte
}

func newTextScan(name string) *textScan { return &textScan{name: name, lines: 1, col: 1} }

// scanChunks reads r a megabyte at a time into fn.
func scanChunks(r io.Reader, fn func(chunk []byte, last bool) error) error {
	buf := make([]byte, 1<<20)
	for {
		n, err := io.ReadFull(r, buf)
		last := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !last {
			return err
		}
		if ferr := fn(buf[:n], last); ferr != nil {
			return ferr
		}
		if last {
			return nil
		}
	}
}

// utf8 checks a chunk of the raw file: NUL bytes make it binary; the first
// byte that is not UTF-8 is remembered with its position.
func (s *textScan) utf8(chunk []byte, last bool) error {
	if s.badLine != 0 && !s.multibyte {
		return nil // not UTF-8, and nothing suggested it was meant to be
	}
	if len(s.carry) == 0 && s.badLine == 0 && s.validChunk(chunk, last) {
		return nil
	}
	data := append(s.carry, chunk...)
	s.carry = s.carry[:0]
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c == 0 {
				return model.Errorf("%s:%d:%d: 有 NUL 字节：这是二进制文件，不是 CSV 文本；请导入 CSV、XLSX 或 JSON 文件", "%s:%d:%d: a NUL byte: this is a binary file, not CSV text; import CSV, XLSX or JSON", s.name, s.lines, s.col)
			}
			s.advance(rune(c))
			i++
			continue
		}
		if !last && !utf8.FullRune(data[i:]) && len(data)-i < utf8.UTFMax {
			s.carry = append(s.carry, data[i:]...)
			break
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			if s.badLine == 0 {
				s.badLine, s.badCol = s.lines, s.col
			}
			if !s.multibyte {
				return nil // the GB18030 pass takes over
			}
		} else if s.badLine == 0 {
			s.multibyte = true
		}
		s.advance(r)
		i += size
	}
	return nil
}

// validChunk follows a chunk that is valid UTF-8 without NUL bytes (but
// for a rune cut at its end, carried to the next chunk) at the speed of
// the standard library's checks, and reports whether it was one; any other
// chunk goes through utf8's loop, which finds where the problem is.
func (s *textScan) validChunk(chunk []byte, last bool) bool {
	body := completeRunes(chunk, last)
	if bytes.IndexByte(body, 0) >= 0 || !utf8.Valid(body) {
		return false
	}
	if !s.multibyte && utf8.RuneCount(body) != len(body) {
		s.multibyte = true
	}
	if n := bytes.Count(body, []byte{'\n'}); n > 0 {
		s.lines += n
		s.col = 1 + utf8.RuneCount(body[bytes.LastIndexByte(body, '\n')+1:])
	} else {
		s.col += utf8.RuneCount(body)
	}
	s.carry = append(s.carry[:0], chunk[len(body):]...)
	return true
}

// decoded checks a chunk of GB18030 decoded to UTF-8: NUL bytes make it
// binary, and U+FFFD marks bytes golang.org/x/text could not decode (it
// replaces them silently).
func (s *textScan) decoded(chunk []byte, last bool) error {
	data := append(s.carry, chunk...)
	s.carry = s.carry[:0]
	for i := 0; i < len(data); {
		if !last && !utf8.FullRune(data[i:]) {
			s.carry = append(s.carry, data[i:]...)
			break
		}
		r, size := utf8.DecodeRune(data[i:])
		switch r {
		case 0:
			return model.Errorf("%s:%d:%d: 有 NUL 字节：这是二进制文件，不是 CSV 文本；请导入 CSV、XLSX 或 JSON 文件", "%s:%d:%d: a NUL byte: this is a binary file, not CSV text; import CSV, XLSX or JSON", s.name, s.lines, s.col)
		case utf8.RuneError:
			return model.Errorf("%s:%d:%d: 有既非 UTF-8 也非 GB18030（GBK）的字节；请在 Excel 中另存为“CSV UTF-8”后重新导入",
				"%s:%d:%d: bytes that are neither UTF-8 nor GB18030 (GBK); save the file as \"CSV UTF-8\" in Excel and import it again", s.name, s.lines, s.col)
		}
		s.advance(r)
		i += size
	}
	return nil
}

func (s *textScan) advance(r rune) {
	if r == '\n' {
		s.lines++
		s.col = 1
	} else {
		s.col++
	}
}

// completeRunes returns chunk without a rune cut at its end (one the next
// chunk completes); the last chunk is returned whole.
func completeRunes(chunk []byte, last bool) []byte {
	if last {
		return chunk
	}
	i := len(chunk)
	for k := 0; k < utf8.UTFMax && i > 0; k++ {
		i--
		if utf8.RuneStart(chunk[i]) {
			break
		}
	}
	if i < len(chunk) && !utf8.FullRune(chunk[i:]) {
		return chunk[:i]
	}
	return chunk
}
