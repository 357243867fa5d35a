package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/gansudash/gansudash/model"
)

// Table is a figures table read from a file: a header mapped to canonical
// columns, and rows that remember the line they came from.
type Table struct {
	File    string
	Header  []string       // as written in the file
	Ignored []string       // headers gansudash does not know, left unread
	cols    map[string]int // canonical column -> index in Header
	Rows    []Row          // rows read already (XLSX, JSON, small CSV)
	// stream, when set, delivers the rows instead, in chunks, as they are
	// parsed (a large CSV is resolved while it is still being read).
	stream   func(yield func([]Row)) error
	rowsHint int       // expected number of rows, to allocate once
	closer   io.Closer // the file a streamed table reads from
}

// Close releases the file a streamed table reads from (it is released
// anyway once its rows are read). Closing twice is harmless.
func (t *Table) Close() error {
	if t.closer == nil {
		return nil
	}
	c := t.closer
	t.closer = nil
	return c.Close()
}

// each calls fn with the table's rows, in order, in chunks.
func (t *Table) each(fn func([]Row)) error {
	if t.stream != nil {
		return t.stream(fn)
	}
	fn(t.Rows)
	return nil
}

// Row is one record of a Table.
type Row struct {
	Line  int // 1-based line (CSV), row (XLSX) or object index (JSON)
	Cells []string
}

// NewTable maps a header row. Unknown headers are ignored and listed;
// a header given twice is an error.
func NewTable(file string, header []string) (*Table, error) {
	t := &Table{File: file, Header: header, cols: map[string]int{}}
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
func (t *Table) Has(col string) bool {
	_, ok := t.cols[col]
	return ok
}

func (t *Table) cell(r Row, col string) string {
	i, ok := t.cols[col]
	if !ok || i >= len(r.Cells) {
		return ""
	}
	return undefuseCell(strings.TrimSpace(r.Cells[i]))
}

// colName returns the header the file used for a canonical column, so error
// messages speak the file's language (column 数值, not column value).
func (t *Table) colName(col string) string {
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

// Resolver turns table rows into a Batch, looking regions, indicators and
// sources up by ID or by Chinese or English name, in the database's catalog
// and in what earlier rows defined. With Create, unknown ones are added from
// the row's definition columns; without it they are errors that suggest the
// closest known name.
type Resolver struct {
	Create bool
	// DefaultSource cites rows whose source cell is empty: a source ID or
	// title; an unknown title is added as a new source.
	DefaultSource string
	batch         Batch
	rows          int
	// The last row's definition cells and what they resolved to: rows of one
	// region, indicator or source come together, and comparing a few strings
	// is cheaper than resolving them again.
	lastRegion    cacheEntry[string]
	lastIndicator cacheEntry[model.Indicator]
	lastSource    cacheEntry[string]
	errs          ErrorList

	regions    map[string]model.Region
	indicators map[string]model.Indicator
	sources    map[string]model.Source
	newRegion  map[string]bool
	newInd     map[string]bool
	newSource  map[string]bool
	byName     map[string]map[string][]string // kind -> lower-case name -> IDs
}

// NewResolver starts a resolver over the database's catalog (nil: empty).
func NewResolver(c *Catalog, create bool) *Resolver {
	r := &Resolver{Create: create, regions: map[string]model.Region{}, indicators: map[string]model.Indicator{},
		sources: map[string]model.Source{}, newRegion: map[string]bool{}, newInd: map[string]bool{},
		newSource: map[string]bool{}, byName: map[string]map[string][]string{"region": {}, "indicator": {}, "source": {}}}
	if c != nil {
		for _, reg := range c.Regions {
			r.knowRegion(reg)
		}
		for _, ind := range c.Indicators {
			r.knowIndicator(ind)
		}
		for _, s := range c.Sources {
			r.knowSource(s.Source)
		}
	}
	return r
}

func (r *Resolver) addName(kind, name, id string) {
	if name == "" {
		return
	}
	k := strings.ToLower(name)
	for _, have := range r.byName[kind][k] {
		if have == id {
			return
		}
	}
	r.byName[kind][k] = append(r.byName[kind][k], id)
}

func (r *Resolver) knowRegion(reg model.Region) {
	r.regions[reg.ID] = reg
	r.addName("region", reg.NameZH, reg.ID)
	r.addName("region", reg.NameEN, reg.ID)
}

func (r *Resolver) knowIndicator(ind model.Indicator) {
	r.indicators[ind.ID] = ind
	r.addName("indicator", ind.NameZH, ind.ID)
	r.addName("indicator", ind.NameEN, ind.ID)
}

func (r *Resolver) knowSource(s model.Source) {
	r.sources[s.ID] = s
	r.addName("source", s.Title, s.ID)
}

// DefineRegion adds a region to the batch, as a regions file does.
func (r *Resolver) DefineRegion(reg model.Region) {
	if !r.newRegion[reg.ID] {
		r.newRegion[reg.ID] = true
		r.batch.Regions = append(r.batch.Regions, reg)
	}
	r.knowRegion(reg)
}

// DefineSource adds a source to the batch, as a sources file does.
func (r *Resolver) DefineSource(s model.Source) {
	if !r.newSource[s.ID] {
		r.newSource[s.ID] = true
		r.batch.Sources = append(r.batch.Sources, s)
	}
	r.knowSource(s)
}

// Batch returns what the rows added so far amount to.
func (r *Resolver) Batch() *Batch { return &r.batch }

// Err returns every problem found so far, or nil.
func (r *Resolver) Err() error {
	if len(r.errs) == 0 {
		return nil
	}
	return r.errs
}

// Errors returns the problems found so far.
func (r *Resolver) Errors() ErrorList { return r.errs }

// cacheEntry remembers one resolution by the cells it came from.
type cacheEntry[T any] struct {
	cells []string
	t     *Table
	value T
	ok    bool
}

// hit reports whether the row's cells in cols equal the cached ones (from
// the same table), comparing in place.
func (e *cacheEntry[T]) hit(c *rowCtx, cols []string) (T, bool) {
	var zero T
	if !e.ok || e.t != c.t {
		return zero, false
	}
	for i, col := range cols {
		if c.get(col) != e.cells[i] {
			return zero, false
		}
	}
	return e.value, true
}

// cached resolves a row through e: when the row's cells in cols are the
// last row's, the last answer; else resolve's, remembered when it succeeds
// (a failure is resolved again, so that every bad row reports its error).
func cached[T any](e *cacheEntry[T], c *rowCtx, cols []string, resolve func(*rowCtx) (T, bool)) (T, bool) {
	if v, ok := e.hit(c, cols); ok {
		return v, true
	}
	v, ok := resolve(c)
	if ok {
		e.store(c, cols, v)
	}
	return v, ok
}

// store remembers a resolution; the cells are copied, not kept as
// substrings of a record.
func (e *cacheEntry[T]) store(c *rowCtx, cols []string, v T) {
	e.cells = e.cells[:0]
	for _, col := range cols {
		e.cells = append(e.cells, strings.Clone(c.get(col)))
	}
	e.t, e.value, e.ok = c.t, v, true
}

var (
	regionCols    = []string{"region", "region_zh", "region_en", "region_level", "region_parent"}
	indicatorCols = []string{"indicator", "indicator_zh", "indicator_en", "category", "kind", "unit", "scope", "growth_of"}
	sourceCols    = []string{"source", "source_title", "source_publisher", "source_date", "source_authors", "source_note"}
)

// rowCtx collects the errors of one row.
type rowCtx struct {
	t   *Table
	row Row
	bad bool
	r   *Resolver
}

func (c *rowCtx) fail(col, format string, args ...any) {
	c.bad = true
	name := ""
	if col != "" {
		name = c.t.colName(col)
	}
	c.r.errs = append(c.r.errs, RowError{File: c.t.File, Line: c.row.Line, Column: name, Msg: fmt.Sprintf(format, args...)})
}

func (c *rowCtx) get(col string) string { return c.t.cell(c.row, col) }

// AddTable resolves every row of t, adding observations (and, with Create,
// definitions) to the batch and problems to the error list.
func (r *Resolver) AddTable(t *Table) {
	for _, col := range []string{"period"} {
		if !t.Has(col) {
			r.errs = append(r.errs, RowError{File: t.File, Line: 1, Msg: fmt.Sprintf("no %s column (%s): every figure needs one", col, strings.Join(aliasesOf(col), "/"))})
			return
		}
	}
	if !t.Has("value") && !t.Has("derivation") {
		r.errs = append(r.errs, RowError{File: t.File, Line: 1, Msg: "no value column (value/数值)"})
		return
	}
	if !t.Has("indicator") && !t.Has("indicator_zh") && !t.Has("indicator_en") {
		r.errs = append(r.errs, RowError{File: t.File, Line: 1, Msg: "no indicator column (indicator/指标)"})
		return
	}
	if !t.Has("region") && !t.Has("region_zh") && !t.Has("region_en") {
		r.errs = append(r.errs, RowError{File: t.File, Line: 1, Msg: "no region column (region/地区)"})
		return
	}
	if !t.Has("source") && !t.Has("source_title") && r.DefaultSource == "" {
		r.errs = append(r.errs, RowError{File: t.File, Line: 1, Msg: "no source column (source/来源): every figure must cite where it was published; add one, or name the source for the whole file with --source"})
		return
	}
	// A column the file does not have leaves the stored field as it is:
	// re-importing a figure without its fragment must not erase the fragment.
	var keep KeepFields
	if !t.Has("fragment") {
		keep |= KeepFragment
	}
	if !t.Has("note") {
		keep |= KeepNote
	}
	if !t.Has("published") {
		keep |= KeepPublished
	}
	hint := max(len(t.Rows), t.rowsHint)
	r.batch.Observations = slices.Grow(r.batch.Observations, hint)
	r.batch.Keep = slices.Grow(r.batch.Keep, hint)
	err := t.each(func(rows []Row) {
		for _, row := range rows {
			if blank(row.Cells) {
				continue
			}
			r.rows++
			c := &rowCtx{t: t, row: row, r: r}
			if o, ok := r.observation(c); ok {
				r.batch.Observations = append(r.batch.Observations, o)
				r.batch.Keep = append(r.batch.Keep, keep)
			}
		}
	})
	if err != nil {
		r.errs = append(r.errs, readError(t.File, err))
	}
}

// Rows returns how many rows the resolver read.
func (r *Resolver) Rows() int { return r.rows }

func aliasesOf(col string) []string {
	for _, c := range Columns {
		if c.Name == col {
			return append([]string{c.Name}, c.Aliases...)
		}
	}
	return []string{col}
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func (r *Resolver) observation(c *rowCtx) (model.Observation, bool) {
	var o model.Observation
	reg, okReg := r.region(c)
	ind, okInd := r.indicator(c)
	src, okSrc := r.source(c)
	o.Region, o.Indicator, o.Source = reg, ind.ID, src

	p, err := model.ParsePeriod(c.get("period"))
	if err != nil {
		c.fail("period", "%v", err)
	}
	o.Period = p
	// Cells are substrings of their whole record; the figure keeps copies of
	// its own text, not the record.
	o.Subject = strings.Clone(c.get("subject"))
	o.Fragment = strings.Clone(c.get("fragment"))
	o.Note = strings.Clone(c.get("note"))
	o.Derivation = strings.Clone(c.get("derivation"))
	if okInd {
		o.Unit, o.Kind = ind.Unit, ind.Kind
		r.value(c, ind, &o)
		if (ind.Scope == model.ScopeRegion) != (o.Subject == "") {
			if o.Subject == "" {
				c.fail("subject", "indicator %s is per %s: name the %s", ind.ID, ind.Scope, ind.Scope.Label(model.English))
			} else {
				c.fail("subject", "indicator %s is a region total: leave subject empty or use a per-%s indicator", ind.ID, "project")
			}
		}
	}
	if n := len([]rune(o.Fragment)); n > model.MaxFragment {
		c.fail("fragment", "%d characters; the verbatim fragment may have at most %d", n, model.MaxFragment)
	}
	if len(o.Subject) > MaxSubject {
		c.fail("subject", "longer than %d bytes", MaxSubject)
	}
	for _, col := range []string{"subject", "fragment", "note", "published", "derivation"} {
		if strings.ContainsRune(c.get(col), 0) {
			c.fail(col, "contains a NUL byte")
		}
	}
	ok := okReg && okInd && okSrc && !c.bad
	return o, ok
}

// value fills Value, Qualifier, Published and Derivation from the value,
// unit, published, qualifier, derived and derivation columns.
func (r *Resolver) value(c *rowCtx, ind model.Indicator, o *model.Observation) {
	raw := c.get("value")
	unitCol := c.get("unit")
	qualCol, err := model.ParseQualifier(c.get("qualifier"))
	if err != nil {
		c.fail("qualifier", "%v", err)
	}
	derivedFlag, err := parseBool(c.get("derived"))
	if err != nil {
		c.fail("derived", "%v", err)
	}
	if o.Derivation != "" {
		if c.t.Has("derived") && c.get("derived") != "" && !derivedFlag {
			c.fail("derived", "says false but the derivation column holds %q", o.Derivation)
		}
		v, err := model.EvalFormula(o.Derivation)
		if err != nil {
			c.fail("derivation", "%v", err)
			return
		}
		if raw != "" {
			pv, err := model.ParseValue(raw)
			if err != nil {
				c.fail("value", "%v", err)
				return
			}
			if !closeEnough(pv.Number, v) {
				c.fail("value", "%s does not match its derivation %s = %s", raw, o.Derivation, model.FormatNumber(v))
				return
			}
		}
		if c.get("published") != "" {
			c.fail("published", "a derived figure was not published: leave it empty")
		}
		o.Value, o.Qualifier = v, qualCol
		return
	}
	if derivedFlag {
		c.fail("derivation", "the figure is marked derived: give the arithmetic it was derived by")
		return
	}
	if raw == "" {
		c.fail("value", "empty: every figure needs a value")
		return
	}
	pv, err := model.ParseValue(raw)
	if err != nil {
		c.fail("value", "%v", err)
		return
	}
	from := ind.Unit
	switch {
	case pv.Unit != "" && unitCol != "" && pv.Unit != unitCol:
		c.fail("value", "%q is in %s but the unit column says %s", raw, pv.Unit, unitCol)
		return
	case pv.Unit != "":
		from = pv.Unit
	case unitCol != "":
		from = unitCol
	}
	v, err := model.ConvertUnit(pv.Number, from, ind.Unit)
	if err != nil {
		c.fail(unitColumnFor(c, pv), "%v (indicator %s is in %s)", err, ind.ID, ind.Unit)
		return
	}
	q := pv.Qualifier
	if qualCol != model.QualNone {
		if q != model.QualNone && q != qualCol {
			c.fail("qualifier", "%s, but the value %q says %s", qualCol, raw, q)
			return
		}
		q = qualCol
	}
	o.Value, o.Qualifier = v, q
	o.Published = strings.Clone(c.get("published"))
	if o.Published == "" {
		o.Published = raw
		if pv.Unit == "" && from != "" && from != "%" {
			o.Published += from
		} else if pv.Unit == "" && from == "%" {
			o.Published += "%"
		}
		return
	}
	// A published text that reads as a number must agree with the value.
	if pub, err := model.ParseValue(o.Published); err == nil {
		pu := pub.Unit
		if pu == "" {
			pu = from
		}
		pvInd, err := model.ConvertUnit(pub.Number, pu, ind.Unit)
		if err == nil && !closeEnough(pvInd, v) {
			c.fail("published", "%q says %s but the value column says %s", o.Published, model.FormatNumber(pvInd), model.FormatNumber(v))
		}
		if err == nil && pub.Qualifier != q {
			c.fail("qualifier", "%q but the published figure %q carries %q", q, o.Published, pub.Qualifier)
		}
	}
}

func unitColumnFor(c *rowCtx, pv model.ParsedValue) string {
	if pv.Unit != "" || c.get("unit") == "" {
		return "value"
	}
	return "unit"
}

func closeEnough(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "no", "0", "否", "n":
		return false, nil
	case "true", "yes", "1", "是", "y":
		return true, nil
	}
	return false, fmt.Errorf("%q is neither true nor false", s)
}

// lookup finds an ID by ID or by name; ambiguous names are errors.
func (r *Resolver) lookup(kind, v string, has func(string) bool) (string, []string) {
	if has(v) {
		return v, nil
	}
	ids := r.byName[kind][strings.ToLower(v)]
	if len(ids) == 1 {
		return ids[0], nil
	}
	return "", ids
}

func (r *Resolver) region(c *rowCtx) (string, bool) {
	return cached(&r.lastRegion, c, regionCols, r.resolveRegion)
}

func (r *Resolver) resolveRegion(c *rowCtx) (string, bool) {
	col := "region"
	v := c.get("region")
	if v == "" {
		col, v = "region_zh", c.get("region_zh")
	}
	if v == "" {
		col, v = "region_en", c.get("region_en")
	}
	if v == "" {
		c.fail("region", "empty: every figure belongs to a region")
		return "", false
	}
	id, ambiguous := r.lookup("region", v, func(id string) bool { _, ok := r.regions[id]; return ok })
	if len(ambiguous) > 1 {
		c.fail(col, "%q names several regions (%s): use the ID", v, strings.Join(ambiguous, ", "))
		return "", false
	}
	if id != "" {
		return id, r.checkRegion(c, r.regions[id])
	}
	if !r.Create {
		c.fail(col, "unknown region %q%s; or run with --create to add it", v, r.suggest("region", v))
		return "", false
	}
	reg := model.Region{ID: v, NameZH: c.get("region_zh"), NameEN: c.get("region_en"), Parent: c.get("region_parent")}
	if model.ValidateID(v) != nil {
		reg.ID = makeID("r", reg.NameEN, v)
		if reg.NameZH == "" && hasHan(v) {
			reg.NameZH = v
		} else if reg.NameEN == "" {
			reg.NameEN = v
		}
	}
	lvl, err := model.ParseLevel(c.get("region_level"))
	if err != nil {
		c.fail("region_level", "to create region %q: %v", v, err)
		return "", false
	}
	reg.Level = lvl
	if reg.Parent != "" {
		pid, _ := r.lookup("region", reg.Parent, func(id string) bool { _, ok := r.regions[id]; return ok })
		if pid == "" {
			c.fail("region_parent", "unknown region %q%s", reg.Parent, r.suggest("region", reg.Parent))
			return "", false
		}
		reg.Parent = pid
	}
	if err := reg.Validate(); err != nil {
		c.fail(col, "%v", err)
		return "", false
	}
	r.DefineRegion(reg)
	return reg.ID, true
}

// checkRegion makes sure the row's region columns agree with the region.
func (r *Resolver) checkRegion(c *rowCtx, reg model.Region) bool {
	ok := true
	if v := c.get("region_zh"); v != "" && v != reg.NameZH {
		c.fail("region_zh", "%q, but region %s is %q", v, reg.ID, reg.NameZH)
		ok = false
	}
	if v := c.get("region_en"); v != "" && v != reg.NameEN {
		c.fail("region_en", "%q, but region %s is %q", v, reg.ID, reg.NameEN)
		ok = false
	}
	if v := c.get("region_level"); v != "" {
		if l, err := model.ParseLevel(v); err != nil || l != reg.Level {
			c.fail("region_level", "%q, but region %s is a %s", v, reg.ID, reg.Level)
			ok = false
		}
	}
	if v := c.get("region_parent"); v != "" && v != reg.Parent {
		c.fail("region_parent", "%q, but region %s belongs to %q", v, reg.ID, reg.Parent)
		ok = false
	}
	return ok
}

func (r *Resolver) indicator(c *rowCtx) (model.Indicator, bool) {
	return cached(&r.lastIndicator, c, indicatorCols, r.resolveIndicator)
}

func (r *Resolver) resolveIndicator(c *rowCtx) (model.Indicator, bool) {
	col := "indicator"
	v := c.get("indicator")
	if v == "" {
		col, v = "indicator_zh", c.get("indicator_zh")
	}
	if v == "" {
		col, v = "indicator_en", c.get("indicator_en")
	}
	if v == "" {
		c.fail("indicator", "empty: every figure measures an indicator")
		return model.Indicator{}, false
	}
	id, ambiguous := r.lookup("indicator", v, func(id string) bool { _, ok := r.indicators[id]; return ok })
	if len(ambiguous) > 1 {
		c.fail(col, "%q names several indicators (%s): use the ID", v, strings.Join(ambiguous, ", "))
		return model.Indicator{}, false
	}
	if id != "" {
		ind := r.indicators[id]
		return ind, r.checkIndicator(c, ind)
	}
	if !r.Create {
		c.fail(col, "unknown indicator %q%s; or run with --create to add it", v, r.suggest("indicator", v))
		return model.Indicator{}, false
	}
	ind := model.Indicator{ID: v, NameZH: c.get("indicator_zh"), NameEN: c.get("indicator_en"), Unit: c.get("unit")}
	if model.ValidateID(v) != nil {
		ind.ID = makeID("i", ind.NameEN, v)
		if ind.NameZH == "" && hasHan(v) {
			ind.NameZH = v
		} else if ind.NameEN == "" {
			ind.NameEN = v
		}
	}
	ok := true
	var err error
	if ind.Category, err = model.ParseCategory(c.get("category")); err != nil {
		c.fail("category", "to create indicator %q: %v", v, err)
		ok = false
	}
	if ind.Unit == "" {
		if pv, err := model.ParseValue(c.get("value")); err == nil {
			ind.Unit = pv.Unit
		}
	}
	if ind.Unit == "" {
		c.fail("unit", "to create indicator %q: give its unit", v)
		ok = false
	}
	if k := c.get("kind"); k != "" {
		if ind.Kind, err = model.ParseKind(k); err != nil {
			c.fail("kind", "%v", err)
			ok = false
		}
	} else {
		ind.Kind = defaultKind(ind.Unit)
		if ind.Kind == 0 {
			c.fail("kind", "to create indicator %q in %%: say whether it is growth_pct or share_pct", v)
			ok = false
		}
	}
	if ind.Scope, err = model.ParseScope(c.get("scope")); err != nil {
		c.fail("scope", "%v", err)
		ok = false
	}
	ind.GrowthOf = c.get("growth_of")
	if ind.GrowthOf != "" {
		gid, _ := r.lookup("indicator", ind.GrowthOf, func(id string) bool { _, ok := r.indicators[id]; return ok })
		if gid == "" && model.ValidateID(ind.GrowthOf) != nil {
			c.fail("growth_of", "unknown indicator %q%s", ind.GrowthOf, r.suggest("indicator", ind.GrowthOf))
			ok = false
		} else if gid != "" {
			ind.GrowthOf = gid
		}
	}
	if !ok {
		return ind, false
	}
	if err := ind.Validate(); err != nil {
		c.fail(col, "%v", err)
		return ind, false
	}
	if !r.newInd[ind.ID] {
		r.newInd[ind.ID] = true
		r.batch.Indicators = append(r.batch.Indicators, ind)
	}
	r.knowIndicator(ind)
	return ind, true
}

// defaultKind guesses the kind of a new indicator from its unit: measure
// words are counts, other units levels; percentages are left to the user.
func defaultKind(unit string) model.Kind {
	switch {
	case unit == "%":
		return 0
	case unit == "位":
		return model.KindRank
	case model.SameDimension(unit, "个"):
		return model.KindCount
	}
	return model.KindLevel
}

// checkIndicator makes sure the row's definition columns agree with the
// indicator (unit is not a definition: it is the unit of the value cell).
func (r *Resolver) checkIndicator(c *rowCtx, ind model.Indicator) bool {
	ok := true
	check := func(col, got, want string) {
		if got != "" && got != want {
			c.fail(col, "%q, but indicator %s has %q", got, ind.ID, want)
			ok = false
		}
	}
	check("indicator_zh", c.get("indicator_zh"), ind.NameZH)
	check("indicator_en", c.get("indicator_en"), ind.NameEN)
	if v := c.get("category"); v != "" {
		if cat, err := model.ParseCategory(v); err != nil || cat != ind.Category {
			c.fail("category", "%q, but indicator %s is in %s", v, ind.ID, ind.Category)
			ok = false
		}
	}
	if v := c.get("kind"); v != "" {
		if k, err := model.ParseKind(v); err != nil || k != ind.Kind {
			c.fail("kind", "%q, but indicator %s is a %s", v, ind.ID, ind.Kind)
			ok = false
		}
	}
	if v := c.get("scope"); v != "" {
		if s, err := model.ParseScope(v); err != nil || s != ind.Scope {
			c.fail("scope", "%q, but indicator %s is per %s", v, ind.ID, ind.Scope)
			ok = false
		}
	}
	check("growth_of", c.get("growth_of"), ind.GrowthOf)
	return ok
}

func (r *Resolver) source(c *rowCtx) (string, bool) {
	return cached(&r.lastSource, c, sourceCols, r.resolveSource)
}

func (r *Resolver) resolveSource(c *rowCtx) (string, bool) {
	col := "source"
	v := c.get("source")
	if v == "" {
		col, v = "source_title", c.get("source_title")
	}
	explicit := false
	if v == "" && r.DefaultSource != "" {
		v, explicit = r.DefaultSource, true
	}
	if v == "" {
		c.fail("source", "empty: every figure must cite where it was published (or name the source with --source)")
		return "", false
	}
	id, ambiguous := r.lookup("source", v, func(id string) bool { _, ok := r.sources[id]; return ok })
	if len(ambiguous) > 1 {
		c.fail(col, "%q names several sources (%s): use the ID", v, strings.Join(ambiguous, ", "))
		return "", false
	}
	if id != "" {
		s := r.sources[id]
		ok := true
		for _, f := range [][3]string{{"source_title", c.get("source_title"), s.Title}, {"source_publisher", c.get("source_publisher"), s.Publisher},
			{"source_date", c.get("source_date"), s.Date}, {"source_authors", c.get("source_authors"), s.Authors},
			{"source_note", c.get("source_note"), s.Note}} {
			if f[1] != "" && f[1] != f[2] {
				c.fail(f[0], "%q, but source %s has %q", f[1], id, f[2])
				ok = false
			}
		}
		return id, ok
	}
	if !r.Create && !explicit {
		c.fail(col, "unknown source %q%s; or run with --create to add it", v, r.suggest("source", v))
		return "", false
	}
	s := model.Source{ID: v, Title: c.get("source_title"), Publisher: c.get("source_publisher"),
		Date: c.get("source_date"), Authors: c.get("source_authors"), Note: c.get("source_note")}
	if model.ValidateID(v) != nil {
		s.ID = makeID("s", "", v)
		if s.Title == "" {
			s.Title = v
		}
	}
	if s.Title == "" {
		s.Title = v
	}
	if err := s.Validate(); err != nil {
		c.fail(col, "%v", err)
		return "", false
	}
	r.DefineSource(s)
	return s.ID, true
}

// makeID derives a stable ID for a definition given only by name: from the
// English name when there is one (funds_in_place), else a prefix and a short
// hash of the name.
func makeID(prefix, english, name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(english) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	id := strings.Trim(b.String(), "_")
	if id != "" && len(id) <= 48 {
		return id
	}
	sum := sha256.Sum256([]byte(name))
	return prefix + "_" + hex.EncodeToString(sum[:5])
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// suggest returns ` (did you mean "X"?)` for the known name or ID closest to v.
func (r *Resolver) suggest(kind, v string) string {
	var candidates []string
	switch kind {
	case "region":
		for id, reg := range r.regions {
			candidates = append(candidates, id, reg.NameZH, reg.NameEN)
		}
	case "indicator":
		for id, ind := range r.indicators {
			candidates = append(candidates, id, ind.NameZH, ind.NameEN)
		}
	case "source":
		for id, s := range r.sources {
			candidates = append(candidates, id, s.Title)
		}
	}
	best, bestD := "", -1
	target := []rune(strings.ToLower(v))
	for _, cand := range candidates {
		if cand == "" {
			continue
		}
		d := editDistance(target, []rune(strings.ToLower(cand)))
		if bestD < 0 || d < bestD || d == bestD && cand < best {
			best, bestD = cand, d
		}
	}
	limit := len(target)/2 + 1
	if best == "" || bestD > limit {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between two rune slices.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
