package store

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store/atomicfile"
)

// Limits of what import reads. Each is checked while reading, so memory is
// bounded whatever a file holds or claims to hold, and each error names the
// limit and what to do instead.
const (
	// MaxInputBytes bounds one input file: a million figures as CSV are
	// about 440 MB, and an import's memory does not grow with its files
	// (they are streamed, and a large import sorts on disk): the limit
	// stops a path typed by mistake (a disk image), not a large import.
	MaxInputBytes = 64 << 30
	// MaxRecordBytes bounds one CSV record or JSON object (a row of figures
	// is a few hundred bytes); an unterminated quote runs into it at once.
	MaxRecordBytes = 1 << 20
	// MaxCellBytes bounds one cell (the longest note is a few hundred).
	MaxCellBytes = 64 << 10
	// MaxColumns bounds a row's cells (the figures table has 30 columns).
	MaxColumns = 256
	// MaxXLSXBytes bounds a workbook's file (excelize reads it whole) and
	// MaxXLSXUnzipped what its parts unpack to.
	MaxXLSXBytes    = 64 << 20
	MaxXLSXUnzipped = 512 << 20
	// MaxXLSXCells bounds a sheet's cells, declared or read.
	MaxXLSXCells = 8 << 20
)

// input is one file to import: its name for messages, and its bytes through
// a ReaderAt, so that a large file is streamed, never held whole, and can be
// read more than once (CSV is scanned, then parsed).
type input struct {
	name   string
	r      io.ReaderAt
	size   int64
	closer io.Closer
}

func (in input) reader(off int64) io.Reader { return io.NewSectionReader(in.r, off, in.size-off) }

// ReadFile reads a figures table from a CSV, XLSX or JSON file. The format
// comes from the extension, else from the content. Only regular files are
// read: a device or a named pipe is refused before anything is read from it.
func ReadFile(path string, opt ReadOptions) (*Sheet, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, osError(err)
	}
	switch {
	case st.IsDir():
		return nil, model.Errorf("%s 是目录，不是数据文件", "%s is a directory, not a file of figures", path)
	case st.Mode()&fs.ModeNamedPipe != 0:
		return nil, model.Errorf("%s 是命名管道，不是文件：请把数据存为文件后导入", "%s is a named pipe, not a file: save the data to a file and import that", path)
	case !st.Mode().IsRegular():
		return nil, model.Errorf("%s 是设备或特殊文件，不是数据文件：请把数据存为文件后导入", "%s is a device or special file, not a file of figures: save the data to a file and import that", path)
	case st.Size() > MaxInputBytes:
		return nil, model.Errorf("%s 有 %d MB；gansudash 只导入不超过 %d MB 的文件：请拆分为较小的文件", "%s is %d MB; gansudash imports files of up to %d MB: split it into smaller files", path, st.Size()>>20, MaxInputBytes>>20)
	case st.Size() == 0:
		return nil, model.Errorf("%s 为空：应有表头行（region,indicator,period,value,...）", "%s is empty: expected a header row (region,indicator,period,value,...)", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, osError(err)
	}
	t, err := readInput(input{name: path, r: f, size: st.Size(), closer: f}, opt)
	if err != nil {
		f.Close()
		return nil, err
	}
	return t, nil
}

// osError lets an error of the operating system about a file (a file
// that does not exist, or may not be read) say itself in Chinese too; its
// message, and what errors.Is and errors.As find in it, stay the same.
func osError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return &atomicfile.Error{Err: pe}
	}
	return err
}

// ReadBytes reads a figures table from data, as ReadFile reads a file
// named name.
func ReadBytes(name string, data []byte, opt ReadOptions) (*Sheet, error) {
	if len(data) == 0 {
		return nil, model.Errorf("%s 为空：应有表头行（region,indicator,period,value,...）", "%s is empty: expected a header row (region,indicator,period,value,...)", name)
	}
	if len(data) > MaxInputBytes {
		return nil, model.Errorf("%s 有 %d MB；gansudash 只导入不超过 %d MB 的文件", "%s is %d MB; gansudash imports files of up to %d MB", name, len(data)>>20, MaxInputBytes>>20)
	}
	return readInput(input{name: name, r: bytes.NewReader(data), size: int64(len(data))}, opt)
}

func readInput(in input, opt ReadOptions) (*Sheet, error) {
	head := make([]byte, min(in.size, 4096))
	if _, err := io.ReadFull(in.reader(0), head); err != nil {
		return nil, model.Errorf("%s: %w", "%s: %w", in.name, err)
	}
	format := DetectFormat(in.name, head)
	if i := bytes.IndexByte(head, 0); i >= 0 && format != FormatXLSX {
		line := bytes.Count(head[:i], []byte("\n")) + 1
		col := utf8.RuneCount(head[bytes.LastIndexByte(head[:i], '\n')+1:i]) + 1
		return nil, model.Errorf("%s:%d:%d: 有 NUL 字节：这是二进制文件，不是 %s 文本；请导入 CSV、XLSX 或 JSON 文件", "%s:%d:%d: a NUL byte: this is a binary file, not %s text; import CSV, XLSX or JSON", in.name, line, col, strings.ToUpper(format))
	}
	switch format {
	case FormatXLSX:
		return readXLSX(in, opt.Sheet)
	case FormatJSON:
		return readJSON(in)
	}
	return readCSV(in, opt.Encoding)
}

// DetectFormat tells CSV, XLSX and JSON apart by extension, else content.
func DetectFormat(name string, head []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return FormatXLSX
	case ".json":
		return FormatJSON
	case ".csv", ".txt":
		return FormatCSV
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatXLSX
	case len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{'):
		return FormatJSON
	}
	return FormatCSV
}

// errRecordTooLong is what a recordLimit returns past its limit.
var errRecordTooLong = model.Errorf("记录过长", "record too long")

// recordLimit passes bytes through until more than max have been read since
// the last mark (the end of the last complete record or object), so that a
// parser buffering one record never holds more than about max bytes. It
// counts every byte, and fails past MaxInputBytes in all.
type recordLimit struct {
	r          io.Reader
	n, mark    int64
	max        int64
	extra      int64 // the parser's own read-ahead, allowed beyond max
	overflowed bool
}

func (l *recordLimit) Read(p []byte) (int, error) {
	if l.n-l.mark > l.max+l.extra {
		l.overflowed = true
		return 0, errRecordTooLong
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > MaxInputBytes {
		return n, model.Errorf("输入超过 %d MB", "more than %d MB of input", MaxInputBytes>>20)
	}
	return n, err
}

// truncate shortens text quoted in an error message: a cell of ten
// megabytes is not echoed whole.
func truncate(s string) model.Text {
	const max = 60
	if len(s) <= max*4 && utf8.RuneCountInString(s) <= max {
		return model.Text{ZH: s, EN: s}
	}
	n := 0
	for i := range s {
		if n == max {
			return model.T("%s…（共 %d 字节）", "%s… (%d bytes)", s[:i], len(s))
		}
		n++
	}
	return model.Text{ZH: s, EN: s}
}

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
