package store

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gansudash/gansudash/model"
)

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
	errs          errorSet
	warns         errorSet
	// sink, when set, takes each good row's figure instead of the batch
	// (an import of any size streams them to disk); an error it returns is
	// the row's.
	sink func(o *model.Observation, m RowMeta) error

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
	// A division of Gansu is also known by its other names on the
	// province's list: 天祝县 is 天祝藏族自治县, 临夏回族自治州 is 临夏州.
	if p, ok := model.GansuPlace(reg.NameZH); ok {
		r.addName("region", p.Name, reg.ID)
		for _, n := range p.Short {
			r.addName("region", n, reg.ID)
		}
	}
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
	if l := r.Errors(); len(l) > 0 {
		return l
	}
	return nil
}

// Warnings returns what import notes but does not refuse: a name column
// that differs from the stored name of what the row identifies (the stored
// name stays).
func (r *Resolver) Warnings() ErrorList { return r.warns.list }

// Errors returns the problems found so far, each once with its rows.
func (r *Resolver) Errors() ErrorList {
	l := r.errs.list
	if r.errs.more > 0 {
		last := l[len(l)-1]
		l = append(l[:len(l):len(l)], RowError{File: last.File, Line: last.Line,
			Msg: model.T("其后另有 %d 个不同的问题：请改正以上问题后重新导入，以查看这些问题",
				"and %d more different problems after it: correct those above and import again to see them", r.errs.more)})
	}
	return l
}

// cacheEntry remembers one resolution by the cells it came from.
type cacheEntry[T any] struct {
	raw   []string // the cells as they were in the file
	cells []string
	idx   []int // the columns' indexes in t's rows
	t     *Sheet
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
	for i, j := range e.idx {
		// The same text as last time is the same cell; other text may
		// still trim to it.
		if rawCell(c.row, j) != e.raw[i] && c.t.cellAt(c.row, j) != e.cells[i] {
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
	e.raw, e.cells, e.idx = e.raw[:0], e.cells[:0], e.idx[:0]
	for _, col := range cols {
		j := c.t.colIndex(col)
		e.raw = append(e.raw, strings.Clone(rawCell(c.row, j)))
		e.cells = append(e.cells, strings.Clone(c.get(col)))
		e.idx = append(e.idx, j)
	}
	e.t, e.value, e.ok = c.t, v, true
}

var (
	regionCols    = []string{"region", "region_zh", "region_en", "region_level", "region_parent"}
	indicatorCols = []string{"indicator", "indicator_zh", "indicator_en", "category", "kind", "unit", "scope", "growth_of"}
	sourceCols    = []string{"source", "source_title", "source_publisher", "source_date", "source_authors", "source_note", "source_note_zh", "source_note_en", "source_url"}
)

// rowCtx collects the errors of one row.
type rowCtx struct {
	t   *Sheet
	row SheetRow
	bad bool
	r   *Resolver
}

// fail records a problem in the row's column col (a canonical name; "" for
// the whole row), at the column's position in the file; zh and en say it
// and take the same arguments.
func (c *rowCtx) fail(col, zh, en string, args ...any) {
	c.bad = true
	e := RowError{File: c.t.File, Line: c.row.Line, Msg: model.T(zh, en, args...)}
	if col != "" {
		e.Column = c.t.colName(col)
		if i, ok := c.t.cols[col]; ok {
			e.Col = i + 1
		}
	}
	c.r.errs.add(e)
}

// warn records a note about the row's column col that does not stop it.
func (c *rowCtx) warn(col, zh, en string, args ...any) {
	e := RowError{File: c.t.File, Line: c.row.Line, Msg: model.T(zh, en, args...), Column: c.t.colName(col)}
	if i, ok := c.t.cols[col]; ok {
		e.Col = i + 1
	}
	c.r.warns.add(e)
}

func (c *rowCtx) get(col string) string { return c.t.cell(c.row, col) }

// parseValue parses the row's value or published cell (col), which holds
// text: as the reader parsed it already, when it did.
func (c *rowCtx) parseValue(col, text string) (model.ParsedValue, error) {
	if p := c.row.pre; p != nil {
		switch col {
		case "value":
			return p.value.pv, p.value.err
		case "published":
			return p.published.pv, p.published.err
		}
	}
	return model.ParseValue(text)
}

func (c *rowCtx) period() (model.Period, error) {
	if p := c.row.pre; p != nil {
		return p.period, p.periodErr
	}
	return model.ParsePeriod(c.get("period"))
}

func (c *rowCtx) status() (model.Status, error) {
	if p := c.row.pre; p != nil {
		return p.status, p.statusErr
	}
	return model.ParseStatus(c.get("status"))
}

// AddSheet resolves every row of t, adding observations (and, with Create,
// definitions) to the batch and problems to the error list.
func (r *Resolver) AddSheet(t *Sheet) {
	header := func(zh, en string) { r.errs.add(RowError{File: t.File, Line: 1, Msg: model.T(zh, en)}) }
	switch {
	case !t.Has("period"):
		header("没有期间列：每个数据都须有期间；请添加表头为 期间 或 period 的列（2024、2025H1、2025-01/2025-05、截至2025年2月……）",
			"no period column: every figure needs one; add a column headed period or 期间 (2024, 2025H1, 2025-01/2025-05, 截至2025年2月, ...)")
	case !t.Has("value") && !t.Has("derivation"):
		header("没有数值列：请添加表头为 数值 或 value 的列", "no value column: add a column headed value or 数值")
	case !t.Has("indicator") && !t.Has("indicator_zh") && !t.Has("indicator_en"):
		header("没有指标列：请添加表头为 指标 或 indicator 的列（填指标 ID，或其中文或英文名称）",
			"no indicator column: add a column headed indicator or 指标 (an indicator ID, or its Chinese or English name)")
	case !t.Has("region") && !t.Has("region_zh") && !t.Has("region_en"):
		header("没有地区列：请添加表头为 地区 或 region 的列（填地区 ID，或其中文或英文名称）",
			"no region column: add a column headed region or 地区 (a region ID, or its Chinese or English name)")
	case !t.Has("source") && !t.Has("source_title") && r.DefaultSource == "":
		header("没有来源列：每个数据都须注明出处；请添加表头为 来源 或 source 的列，或用 --source 为整个文件指定来源",
			"no source column: every figure must cite where it was published; add a column headed source or 来源, or name the source for the whole file with --source")
	default:
		r.addRows(t)
	}
}

// addRows resolves the rows of a sheet whose header has what a figure needs.
func (r *Resolver) addRows(t *Sheet) {
	// A column the file does not have leaves the stored field as it is:
	// re-importing a figure without its fragment must not erase the fragment.
	var keep KeepFields
	if !t.Has("fragment") {
		keep |= KeepFragment
	}
	if !t.Has("note") && !t.Has("note_zh") && !t.Has("note_en") {
		keep |= KeepNote
	}
	if !t.Has("published") {
		keep |= KeepPublished
	}
	if !t.Has("status") {
		keep |= KeepStatus
	}
	if r.sink == nil {
		hint := max(len(t.Rows), t.rowsHint)
		r.batch.Observations = slices.Grow(r.batch.Observations, hint)
		r.batch.Meta = slices.Grow(r.batch.Meta, hint)
	}
	file := r.fileIndex(t.File)
	// One row context and one figure, reused: the sink copies what it
	// keeps, and a heap copy of each per row was a fifth of an import's
	// garbage.
	c := &rowCtx{}
	var o model.Observation
	err := t.each(func(rows []SheetRow) {
		for _, row := range rows {
			if blank(row.Cells) {
				continue
			}
			r.rows++
			*c = rowCtx{t: t, row: row, r: r}
			var ok bool
			o, ok = r.observation(c)
			switch {
			case !ok:
			case r.sink != nil:
				if err := r.sink(&o, RowMeta{Keep: keep, File: file}); err != nil {
					c.fail("", "%v", "%v", err)
				}
			default:
				r.batch.Observations = append(r.batch.Observations, o)
				r.batch.Meta = append(r.batch.Meta, RowMeta{Keep: keep, File: file})
			}
		}
	})
	if err != nil {
		var re RowError
		if !errors.As(err, &re) {
			re = RowError{File: t.File, Line: 1, Msg: model.T("%v", "%v", err)}
		}
		r.errs.add(re)
	}
}

// notes reads a figure's (col "note") or a source's (col "source_note")
// notes: the Chinese and English columns, or one column filed under its
// language. Both a single column and a language's column is an error.
func (r *Resolver) notes(c *rowCtx, col string) (zh, en string) {
	zh, en = strings.Clone(c.get(col+"_zh")), strings.Clone(c.get(col+"_en"))
	if one := c.get(col); one != "" {
		if zh != "" || en != "" {
			c.fail(col, "此处和 %s/%s 都有备注：请保留一处", "a note here and in %s/%s: keep one", c.t.colName(col+"_zh"), c.t.colName(col+"_en"))
			return zh, en
		}
		return model.SplitNote(strings.Clone(one))
	}
	return zh, en
}

// fileIndex returns name's index in the batch's files, adding it.
func (r *Resolver) fileIndex(name string) uint16 {
	base := filepath.Base(name)
	for i, f := range r.batch.Files {
		if f == base {
			return uint16(i)
		}
	}
	if len(r.batch.Files) == 1<<16-1 {
		return uint16(len(r.batch.Files) - 1)
	}
	r.batch.Files = append(r.batch.Files, base)
	return uint16(len(r.batch.Files) - 1)
}

// Rows returns how many rows the resolver read.
func (r *Resolver) Rows() int { return r.rows }

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

	p, err := c.period()
	if err != nil {
		c.fail("period", "%v", "%v", err)
	}
	o.Period = p
	// Cells are substrings of their whole record; the figure keeps copies of
	// its own text, not the record.
	o.Subject = strings.Clone(c.get("subject"))
	o.Fragment = strings.Clone(c.get("fragment"))
	o.NoteZH, o.NoteEN = r.notes(c, "note")
	if st, err := c.status(); err != nil {
		c.fail("status", "%v", "%v", err)
	} else {
		o.Status = st
	}
	o.Derivation = strings.Clone(c.get("derivation"))
	// Every cell is checked even when the row names an unknown indicator, so
	// that a bad number is not hidden behind a name to correct first.
	if !okInd {
		ind = model.Indicator{}
	}
	o.Unit, o.Kind = ind.Unit, ind.Kind
	r.value(c, ind, &o)
	if okInd {
		if (ind.Scope == model.ScopeRegion) != (o.Subject == "") {
			if o.Subject == "" {
				c.fail("subject", "指标 %s 按%s统计：请写明%s", "indicator %s is per %s: name the %s", ind.ID,
					model.Text{ZH: ind.Scope.Label(model.Chinese), EN: ind.Scope.String()},
					model.Text{ZH: ind.Scope.Label(model.Chinese), EN: ind.Scope.Label(model.English)})
			} else {
				c.fail("subject", "指标 %s 是地区合计：请将 subject 留空，或改用按%s统计的指标",
					"indicator %s is a region total: leave subject empty or use a per-%s indicator", ind.ID, model.Text{ZH: "项目", EN: "project"})
			}
		}
	}
	if n := len([]rune(o.Fragment)); n > model.MaxFragment {
		c.fail("fragment", "有 %d 个字；原文摘录最多 %d 个字", "%d characters; the verbatim fragment may have at most %d", n, model.MaxFragment)
	}
	if len(o.Subject) > MaxSubject {
		c.fail("subject", "超过 %d 字节", "longer than %d bytes", MaxSubject)
	}
	for _, col := range []string{"subject", "fragment", "note", "note_zh", "note_en", "published", "derivation"} {
		if strings.ContainsRune(c.get(col), 0) {
			c.fail(col, "含有 NUL 字节", "contains a NUL byte")
		}
	}
	ok := okReg && okInd && okSrc && !c.bad
	return o, ok
}
