package store

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

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
	r := NewResolver(c, false)
	id, ambiguous := r.lookup("region", v, func(string) bool { return false })
	if len(ambiguous) > 1 {
		return "", fmt.Errorf("%q names several regions (%v): use the ID", v, ambiguous)
	}
	if id == "" {
		return "", fmt.Errorf("unknown region %q%s", v, r.suggest("region", v))
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
		model.FormatNumber(o.Value), o.Published, string(o.Qualifier), derived, o.Derivation,
		r.Source.ID, r.Source.Title, r.Source.Publisher, r.Source.Date, r.Source.Authors, o.Fragment, o.Note,
	}
}

// Records calls fn for every figure selected by f, grouped by region (in tree
// order), then category, indicator, subject and period. It streams: memory
// does not grow with the number of figures.
func (s *Snapshot) Records(c *Catalog, f Filter, fn func(r *ExportRecord) error) error {
	sources := map[string]model.Source{}
	for _, si := range c.Sources {
		sources[si.ID] = si.Source
	}
	regions := c.Regions
	if f.Region != "" {
		regions = subtree(c, f.Region)
	}
	for _, reg := range regions {
		sums, err := s.RegionSummaries(reg.ID, f.Category)
		if err != nil {
			return err
		}
		for _, sum := range sums {
			obs, err := s.Observations(sum.Key)
			if err != nil {
				return err
			}
			ind := c.Indicators[sum.Key.Indicator]
			for i := range obs {
				rec := ExportRecord{Obs: obs[i], Region: reg, Indicator: ind, Source: sources[obs[i].Source]}
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
var ExportFormats = []string{FormatCSV, FormatJSON}

// Export writes the figures selected by f to w in the given format and
// returns how many it wrote.
func (s *Snapshot) Export(w io.Writer, format string, f Filter) (int, error) {
	c, err := s.Catalog()
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var rw recordWriter
	switch format {
	case FormatCSV:
		rw = newCSVWriter(bw)
	case FormatJSON:
		rw = &jsonWriter{w: bw}
	default:
		return 0, fmt.Errorf("unknown format %q: use %v", format, ExportFormats)
	}
	if err := rw.begin(); err != nil {
		return 0, err
	}
	n := 0
	err = s.Records(c, f, func(r *ExportRecord) error {
		n++
		return rw.record(r)
	})
	if err != nil {
		return n, err
	}
	if err := rw.end(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

type recordWriter interface {
	begin() error
	record(r *ExportRecord) error
	end() error
}

type csvWriter struct{ w *csv.Writer }

func newCSVWriter(w io.Writer) *csvWriter { return &csvWriter{w: csv.NewWriter(w)} }

func (c *csvWriter) begin() error                 { return c.w.Write(ColumnNames()) }
func (c *csvWriter) record(r *ExportRecord) error { return c.w.Write(r.Cells()) }
func (c *csvWriter) end() error                   { c.w.Flush(); return c.w.Error() }

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
	for i, name := range ColumnNames() {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, name)
		buf = append(buf, ':')
		switch name {
		case "value":
			buf = strconv.AppendFloat(buf, r.Obs.Value, 'g', -1, 64)
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
