package store

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/gansudash/gansudash/model"
)

// Filter narrows an export or a report to a region (and the regions under
// it) and to a category. Zero values select everything.
type Filter struct {
	Region   string // region ID
	Category model.Category
}

// ResolveRegion finds a region by ID or by Chinese or English name.
func (c *Catalog) ResolveRegion(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	if _, ok := c.Tree.Get(v); ok {
		return v, nil
	}
	return NewResolver(c, false).regionByName(v)
}

// regionByName finds one region by name or ID, saying when the name is
// ambiguous or unknown (with the closest known names).
func (r *Resolver) regionByName(v string) (string, error) {
	id, ambiguous := r.lookup(kindRegion, v)
	if len(ambiguous) > 1 {
		return "", model.Errorf("“%s”对应多个地区（%v）：请用 ID", "%q names several regions (%v): use the ID", v, ambiguous)
	}
	if id == "" {
		return "", model.Errorf("未知地区“%s”%s", "unknown region %q%s", v, r.suggest(kindRegion, v))
	}
	return id, nil
}

// ExportRecord is one figure with everything needed to read it alone: the
// row export writes and import reads.
type ExportRecord struct {
	Obs       model.Observation
	Region    model.Region
	Indicator model.Indicator
	Source    model.Source
}

// Cells returns the record's cells in Columns order.
func (r *ExportRecord) Cells() []string {
	o := &r.Obs
	derived := "false"
	if o.Derived() {
		derived = "true"
	}
	return []string{
		r.Region.ID, r.Region.NameZH, r.Region.NameEN, r.Region.Level.String(), r.Region.Parent,
		r.Indicator.ID, r.Indicator.NameZH, r.Indicator.NameEN, r.Indicator.Category.String(), r.Indicator.Kind.String(),
		o.Unit, r.Indicator.Scope.String(), r.Indicator.GrowthOf, o.Subject, o.Period.String(),
		model.FormatNumber(o.Value), o.Published, string(o.Qualifier), o.Status.String(), derived, o.Derivation,
		r.Source.ID, r.Source.Title, r.Source.Publisher, r.Source.Date, r.Source.Authors, r.Source.URL, r.Source.NoteZH, r.Source.NoteEN,
		o.Fragment, o.NoteZH, o.NoteEN,
	}
}

// selection returns the sources by ID and the regions f selects, in tree
// order: what Records and History walk.
func selection(c *Catalog, f Filter) (map[string]model.Source, []model.Region) {
	sources := make(map[string]model.Source, len(c.Sources))
	for _, si := range c.Sources {
		sources[si.ID] = si.Source
	}
	regions := c.Regions
	if f.Region != "" {
		regions = subtree(c, f.Region)
	}
	return sources, regions
}

// Records calls fn for every figure selected by f, grouped by region (in tree
// order), then category, indicator, subject and period. It streams: memory
// does not grow with the number of figures. The figure's text points into
// the snapshot's file mapping, without a copy: it may be kept while the
// snapshot is open, never after; r itself is valid only during fn.
func (s *Snapshot) Records(c *Catalog, f Filter, fn func(r *ExportRecord) error) error {
	sources, regions := selection(c, f)
	cur := s.tx.Bucket(bucketObs).Cursor()
	var prefix []byte
	var prev model.Observation
	var rec ExportRecord // one, reused: fn copies what it keeps
	for _, reg := range regions {
		keys, err := s.regionSeriesKeys(reg.ID, f.Category)
		if err != nil {
			return err
		}
		for _, key := range keys {
			ind := c.Indicators[key.Indicator]
			prefix = appendSeriesPrefix(prefix[:0], key)
			for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
				o, err := decodeObsOfSeries(k, v, key, prefix, &prev)
				if err != nil {
					return s.damaged(err)
				}
				prev = o
				rec = ExportRecord{Obs: o, Region: reg, Indicator: ind, Source: sources[o.Source]}
				if err := fn(&rec); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// subtree returns a region and every region under it, in tree order.
func subtree(c *Catalog, root string) []model.Region {
	var out []model.Region
	inside := map[string]bool{root: true}
	for _, r := range c.Regions { // tree order: a parent always comes before its children
		if inside[r.ID] || inside[r.Parent] {
			inside[r.ID] = true
			out = append(out, r)
		}
	}
	return out
}

// Formats export writes.
const (
	FormatCSV  = "csv"
	FormatJSON = "json"
)

// ExportFormats lists the formats Export accepts.
var ExportFormats = []string{FormatCSV, FormatJSON, FormatMD, FormatXLSX}

// WriteOptions steer how figures are written.
type WriteOptions struct {
	// Raw leaves cells a spreadsheet would run as a formula as they are
	// (see DefuseCell).
	Raw bool
	// BOM starts a CSV file with a UTF-8 byte-order mark, without which
	// Excel on Chinese Windows reads UTF-8 as GBK and shows mojibake.
	BOM bool
	// Chinese writes the CSV and XLSX headers in Chinese (each field's
	// first Chinese alias, which import reads back).
	Chinese bool
}

// FieldHeaders returns the headers export writes: the canonical names, or
// the Chinese ones.
func FieldHeaders(chinese bool) []string {
	names := FieldNames()
	if chinese {
		for i, f := range Fields {
			if len(f.Aliases) > 0 {
				names[i] = f.Aliases[0]
			}
		}
	}
	return names
}

// Export writes the figures selected by f to w in the given format and
// returns how many it wrote. CSV and XLSX cells that a spreadsheet would run
// as a formula are defused (see DefuseCell) unless opt.Raw is set; import
// undoes it, so a round trip is exact either way.
func (s *Snapshot) Export(w io.Writer, format string, f Filter, opt WriteOptions) (int, error) {
	c, err := s.Catalog()
	if err != nil {
		return 0, err
	}
	n := 0
	total := int64(0) // unknown for a selection
	if f == (Filter{}) {
		total = int64(c.Figures)
	}
	err = writeRecords(w, format, opt, func(fn func(r *ExportRecord) error) error {
		return s.Records(c, f, func(r *ExportRecord) error {
			if n++; n%progressEvery == 0 {
				s.progress.report(stepExport, int64(n), total, ProgressRows)
			}
			return fn(r)
		})
	})
	s.progress.finish(stepExport, int64(n), int64(n), ProgressRows)
	return n, err
}

// WriteRecords writes the given figures in the given format: the one
// writer behind export and the dashboard's "e".
func WriteRecords(w io.Writer, format string, recs []ExportRecord, opt WriteOptions) error {
	return writeRecords(w, format, opt, func(fn func(r *ExportRecord) error) error {
		for i := range recs {
			if err := fn(&recs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func writeRecords(w io.Writer, format string, opt WriteOptions, each func(func(r *ExportRecord) error) error) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	header := FieldHeaders(opt.Chinese)
	var rw recordWriter
	switch format {
	case FormatCSV:
		if opt.BOM {
			bw.WriteString("\ufeff")
		}
		rw = &parallelCSV{w: bw, raw: opt.Raw, header: header}
	case FormatJSON:
		rw = &jsonWriter{w: bw}
	case FormatMD:
		rw = &mdWriter{w: bw}
	case FormatXLSX:
		rw = &xlsxWriter{w: bw, raw: opt.Raw, header: header}
	default:
		return model.Errorf("未知格式“%s”：请用 %v", "unknown format %q: use %v", format, ExportFormats)
	}
	if err := rw.begin(); err != nil {
		return err
	}
	if err := each(rw.record); err != nil {
		if p, ok := rw.(*parallelCSV); ok {
			p.end() // its goroutines end
		}
		return err
	}
	if err := rw.end(); err != nil {
		return err
	}
	return bw.Flush()
}

type recordWriter interface {
	begin() error
	record(r *ExportRecord) error
	end() error
}

// jsonWriter writes a JSON array of objects keyed by the column names, one
// object per line, with value as a number and derived as a boolean.
type jsonWriter struct {
	w     io.Writer
	count int
}

func (j *jsonWriter) begin() error {
	_, err := io.WriteString(j.w, "[\n")
	return err
}

func (j *jsonWriter) record(r *ExportRecord) error {
	cells := r.Cells()
	buf := make([]byte, 0, 1024)
	if j.count > 0 {
		buf = append(buf, ",\n"...)
	}
	j.count++
	buf = append(buf, '{')
	for i, name := range FieldNames() {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, name)
		buf = append(buf, ':')
		switch name {
		case "value":
			buf = strconv.AppendFloat(buf, r.Obs.Value, 'f', -1, 64) // plain decimals, as officials read them
		case "derived":
			buf = strconv.AppendBool(buf, r.Obs.Derived())
		default:
			buf = appendJSONString(buf, cells[i])
		}
	}
	buf = append(buf, '}')
	_, err := j.w.Write(buf)
	return err
}

// appendJSONString appends s as a JSON string. Unlike encoding/json it leaves
// <, > and & alone, so Chinese text and fragments stay readable; control
// characters and the JavaScript line separators are escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20 || r == 0x2028 || r == 0x2029 || r == 0x7f:
			b = append(b, '\\', 'u', hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}

func (j *jsonWriter) end() error {
	_, err := io.WriteString(j.w, "\n]\n")
	return err
}

// mdWriter writes a Markdown table for reading: the columns a reader needs,
// with the figure as published and where it was published.
type mdWriter struct{ w io.Writer }

var mdColumns = []string{"地区 region", "指标 indicator", "对象 subject", "期间 period", "公布值 published", "数值 value",
	"单位 unit", "推算 derived", "来源 source", "发布 publisher", "日期 date", "原文 fragment", "备注 note"}

func (m *mdWriter) begin() error {
	line := "| " + strings.Join(mdColumns, " | ") + " |\n|" + strings.Repeat("---|", len(mdColumns)) + "\n"
	_, err := io.WriteString(m.w, line)
	return err
}

func (m *mdWriter) record(r *ExportRecord) error {
	o := &r.Obs
	derived := ""
	if o.Derived() {
		derived = "≈ " + o.Derivation
	}
	cells := []string{r.Region.NameZH, r.Indicator.NameZH, o.Subject, o.Period.Label(model.Chinese), o.Published,
		model.FormatNumber(o.Value), o.Unit, derived, r.Source.Title, r.Source.Publisher, r.Source.Date, o.Fragment, o.Note(model.Chinese)}
	for i, c := range cells {
		cells[i] = mdEscape(c)
	}
	_, err := io.WriteString(m.w, "| "+strings.Join(cells, " | ")+" |\n")
	return err
}

func (m *mdWriter) end() error { return nil }

// mdEscape keeps a cell inside its column: pipes escaped, line breaks as spaces.
func mdEscape(s string) string {
	return strings.NewReplacer("\\", "\\\\", "|", "\\|", "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// xlsxWriter writes a workbook with one sheet, "figures", in the column
// format import reads; the value column is numeric so it can be computed with.
type xlsxWriter struct {
	w      io.Writer
	raw    bool
	header []string
	f      *excelize.File
	sw     *excelize.StreamWriter
	row    int
	vcol   int
}

// Excel's limits: rows in a sheet (header included), characters in a cell.
const (
	MaxXLSXRows      = 1048576
	MaxXLSXCellChars = 32767
)

func (x *xlsxWriter) begin() error {
	x.f = excelize.NewFile()
	if err := x.f.SetSheetName("Sheet1", "figures"); err != nil {
		return err
	}
	sw, err := x.f.NewStreamWriter("figures")
	if err != nil {
		return err
	}
	x.sw = sw
	header := make([]any, len(Fields))
	for i, c := range Fields {
		header[i] = x.header[i]
		if c.Name == "value" {
			x.vcol = i
		}
	}
	x.row = 1
	return x.sw.SetRow("A1", header)
}

func (x *xlsxWriter) record(r *ExportRecord) error {
	x.row++
	if x.row > MaxXLSXRows {
		return model.Errorf("数据超过 %d 个，一个 XLSX 工作表容纳不下：请按地区或类别导出，或改用 CSV", "more than %d figures do not fit in one XLSX sheet: export a region or a category, or use CSV", MaxXLSXRows-1)
	}
	cells := r.Cells()
	row := make([]any, len(cells))
	for i, c := range cells {
		if !x.raw {
			c = DefuseCell(c)
		}
		if n := utf8.RuneCountInString(c); n > MaxXLSXCellChars {
			// Excel keeps at most 32,767 characters in a cell: a longer one
			// would come back cut, and the round trip would lose data.
			return model.Errorf("数据 %s %s %s：其 %s 有 %d 个字符，超过 XLSX 单元格的容量（%d）：请改为导出 CSV 或 JSON",
				"figure %s %s %s: its %s has %d characters, more than an XLSX cell holds (%d): export as CSV or JSON instead",
				r.Indicator.ID, r.Region.ID, r.Obs.Period, FieldNames()[i], n, MaxXLSXCellChars)
		}
		row[i] = c
	}
	row[x.vcol] = r.Obs.Value
	cell, _ := excelize.CoordinatesToCellName(1, x.row)
	return x.sw.SetRow(cell, row)
}

func (x *xlsxWriter) end() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	return x.f.Write(x.w)
}

// DefuseCell keeps a spreadsheet program from running a cell as a formula
// (CSV injection): text starting with =, +, -, @, a tab or a carriage return
// gets a leading apostrophe, which spreadsheets hide and import strips. Plain
// numbers, negative ones included, stay numbers.
func DefuseCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// undefuseCell reverses DefuseCell when reading a file back.
func undefuseCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}
