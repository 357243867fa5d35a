package store

import (
	"fmt"
	"strings"

	"github.com/gansudash/gansudash/model"
)

// The three kinds of definition a row names: where a figure is (region),
// what it measures (indicator), and where it was published (source).
const (
	kindRegion    = "region"
	kindIndicator = "indicator"
	kindSource    = "source"
)

// has reports whether a definition of kind with this ID is known.
func (r *Resolver) has(kind, id string) bool {
	var ok bool
	switch kind {
	case kindRegion:
		_, ok = r.regions[id]
	case kindIndicator:
		_, ok = r.indicators[id]
	case kindSource:
		_, ok = r.sources[id]
	}
	return ok
}

// lookup finds an ID by ID or by name; ambiguous names return every
// candidate and no ID.
func (r *Resolver) lookup(kind, v string) (string, []string) {
	if r.has(kind, v) {
		return v, nil
	}
	ids := r.byName[kind][strings.ToLower(v)]
	if len(ids) == 1 {
		return ids[0], nil
	}
	return "", ids
}

// reference is how a row names a definition: the column it was found in,
// the text, and the ID it resolved to ("" for a new one).
type reference struct {
	col, text, id string
}

// named resolves the definition of kind a row names in the first non-empty
// of cols (the ID column first, then the names), or fallback when all are
// empty. ok is false when the row must fail: nothing named, an ambiguous
// name, or an unknown one without create (each reported on the row). A
// known definition comes back with its ID; an unknown one, when create is
// allowed, with an empty ID for the caller to define.
func (r *Resolver) named(c *rowCtx, kind string, cols []string, fallback string, create bool, empty model.Text) (reference, bool) {
	ref := reference{col: cols[0]}
	for _, col := range cols {
		if v := c.get(col); v != "" {
			ref.col, ref.text = col, v
			break
		}
	}
	if ref.text == "" {
		ref.text = fallback
	}
	if ref.text == "" {
		c.fail(cols[0], "%s", "%s", empty)
		return ref, false
	}
	id, ambiguous := r.lookup(kind, ref.text)
	if len(ambiguous) > 1 {
		c.fail(ref.col, "“%s”对应多个%s（%s）：请用 ID", "%q names several %ss (%s): use the ID", ref.text, kindText(kind),
			model.Text{ZH: strings.Join(ambiguous, "、"), EN: strings.Join(ambiguous, ", ")})
		return ref, false
	}
	ref.id = id
	if id == "" && !create {
		c.fail(ref.col, "未知%s“%s”%s；如需新增，请加 --create 参数", "unknown %s %q%s; or run with --create to add it", kindText(kind), ref.text, r.suggest(kind, ref.text))
		return ref, false
	}
	return ref, true
}

// newDefinitionID makes the ID of a definition of kind created from a row:
// the text itself when it is a valid ID, else one derived from the English
// name (or a hash of the text), made unique if another definition has it
// already (GDP growth and an existing gdp_growth are different things, or
// the name would have found it). It fills the Chinese or English name from
// the text when the row gave none.
func (r *Resolver) newDefinitionID(kind, prefix, text string, nameZH, nameEN *string) string {
	if model.ValidateID(text) == nil {
		return text
	}
	english := ""
	if nameEN != nil {
		english = *nameEN
	}
	base := makeID(prefix, english, text)
	id := base
	for n := 2; r.has(kind, id); n++ {
		id = fmt.Sprintf("%s_%d", base, n)
	}
	switch {
	case nameZH != nil && *nameZH == "" && hasHan(text):
		*nameZH = text
	case nameEN != nil && *nameEN == "":
		*nameEN = text
	}
	return id
}

func (r *Resolver) region(c *rowCtx) (string, bool) {
	return cached(&r.lastRegion, c, regionCols, r.resolveRegion)
}

func (r *Resolver) resolveRegion(c *rowCtx) (string, bool) {
	ref, ok := r.named(c, kindRegion, []string{"region", "region_zh", "region_en"}, "", r.Create,
		model.T("为空：每个数据都属于某个地区", "empty: every figure belongs to a region"))
	if !ok {
		return "", false
	}
	if ref.id != "" {
		return ref.id, r.checkRegion(c, r.regions[ref.id])
	}
	reg := model.Region{NameZH: c.get("region_zh"), NameEN: c.get("region_en"), Parent: c.get("region_parent")}
	reg.ID = r.newDefinitionID(kindRegion, "r", ref.text, &reg.NameZH, &reg.NameEN)
	switch lv := c.get("region_level"); {
	case lv != "":
		lvl, err := model.ParseLevel(lv)
		if err != nil {
			c.fail("region_level", "%v", "%v", err)
			return "", false
		}
		reg.Level = lvl
	default:
		lvl, ok := model.LevelFromName(reg.NameZH)
		if !ok {
			c.fail(ref.col, "要新增地区“%s”，须写明其级别：请添加 region_level 列（地区级别），填 province、city、county 或 park",
				"to create region %q say its level: add a region_level column (地区级别) with province, city, county or park", truncate(ref.text))
			return "", false
		}
		reg.Level = lvl
	}
	if reg.Parent != "" {
		pid, _ := r.lookup(kindRegion, reg.Parent)
		if pid == "" {
			c.fail("region_parent", "未知地区“%s”%s", "unknown region %q%s", reg.Parent, r.suggest(kindRegion, reg.Parent))
			return "", false
		}
		reg.Parent = pid
	}
	if reg.Parent == "" && (reg.Level == model.LevelCounty || reg.Level == model.LevelPark) {
		c.fail(ref.col, "要新增%s“%s”，须写明其所属的市（或县）：请添加 region_parent 列（上级地区），如 武威市",
			"to create %s %q say which city (or county) it belongs to: add a region_parent column (上级地区), e.g. 武威市",
			model.Text{ZH: reg.Level.Label(model.Chinese), EN: reg.Level.String()}, truncate(ref.text))
		return "", false
	}
	if err := reg.Validate(); err != nil {
		c.fail(ref.col, "%v", "%v", err)
		return "", false
	}
	r.DefineRegion(reg)
	return reg.ID, true
}

// warnName warns when a name column names what the row identifies
// differently from the stored name, which stays.
func (c *rowCtx) warnName(col string, what model.Text, id, stored string) {
	if v := c.get(col); v != "" && v != stored {
		c.warn(col, "填的是“%s”，%s %s 的名称却是“%s”：保留已存的名称", "%q, but %s %s is called %q: the stored name stays", truncate(v), what, id, stored)
	}
}

// checkRegion makes sure the row's region columns agree with the region.
func (r *Resolver) checkRegion(c *rowCtx, reg model.Region) bool {
	ok := true
	c.warnName("region_zh", model.T("地区", "region"), reg.ID, reg.NameZH)
	c.warnName("region_en", model.T("地区", "region"), reg.ID, reg.NameEN)
	if v := c.get("region_level"); v != "" {
		if l, err := model.ParseLevel(v); err != nil || l != reg.Level {
			c.fail("region_level", "填的是“%s”，地区 %s 却是 %s：请填 %s，或留空", "%q, but region %s is a %s: write %s, or leave the cell empty", truncate(v), reg.ID, reg.Level, reg.Level)
			ok = false
		}
	}
	if v := c.get("region_parent"); v != "" && v != reg.Parent {
		if pid, _ := r.lookup(kindRegion, v); pid != reg.Parent {
			c.fail("region_parent", "填的是“%s”，地区 %s 却属于“%s”：请填 %s，或留空", "%q, but region %s belongs to %q: write %s, or leave the cell empty", truncate(v), reg.ID, reg.Parent, reg.Parent)
			ok = false
		}
	}
	return ok
}

func (r *Resolver) indicator(c *rowCtx) (model.Indicator, bool) {
	return cached(&r.lastIndicator, c, indicatorCols, r.resolveIndicator)
}

func (r *Resolver) resolveIndicator(c *rowCtx) (model.Indicator, bool) {
	ref, ok := r.named(c, kindIndicator, []string{"indicator", "indicator_zh", "indicator_en"}, "", r.Create,
		model.T("为空：每个数据都对应某个指标", "empty: every figure measures an indicator"))
	if !ok {
		return model.Indicator{}, false
	}
	if ref.id != "" {
		ind := r.indicators[ref.id]
		return ind, r.checkIndicator(c, ind)
	}
	v := ref.text
	ind := model.Indicator{NameZH: c.get("indicator_zh"), NameEN: c.get("indicator_en"), Unit: c.get("unit")}
	ind.ID = r.newDefinitionID(kindIndicator, "i", v, &ind.NameZH, &ind.NameEN)
	var err error
	categories := model.Text{
		ZH: "招商引资（investment）、工业（industry）、防沙治沙（desertification）、宏观经济（macro）、能源（energy）、文旅（tourism）、" +
			"农业（agriculture）、科技创新（innovation）、财政（fiscal）或其他（other）",
		EN: "investment, industry, desertification, macro, energy, tourism, agriculture, innovation, fiscal or other (or 招商引资, 工业, 防沙治沙, ...)"}
	switch cat := c.get("category"); {
	case !c.t.Has("category"):
		c.fail(ref.col, "要新增指标“%s”，文件须有类别列（类别 或 category）：%s", "to create indicator %q the file needs a category column (category or 类别): %s", truncate(v), categories)
		ok = false
	case cat == "":
		c.fail("category", "为空：要新增指标“%s”，请填写其类别：%s", "empty: to create indicator %q write its category: %s", truncate(v), categories)
		ok = false
	default:
		if ind.Category, err = model.ParseCategory(cat); err != nil {
			c.fail("category", "%v", "%v", err)
			ok = false
		}
	}
	if ind.Unit == "" {
		if pv, err := model.ParseValue(c.get("value")); err == nil {
			ind.Unit = pv.Unit
		}
	}
	if ind.Unit == "" {
		c.fail("unit", "要新增指标“%s”，请在单位列（单位）中填写单位，或写在数字之后（12亿元）", "to create indicator %q write its unit in a unit column (单位), or after the number (12亿元)", truncate(v))
		ok = false
	}
	if k := c.get("kind"); k != "" {
		if ind.Kind, err = model.ParseKind(k); err != nil {
			c.fail("kind", "%v", "%v", err)
			ok = false
		}
	} else {
		ind.Kind = defaultKind(ind.Unit)
		if ind.Kind == 0 {
			c.fail("kind", "要新增以 %% 为单位的指标“%s”，须写明它是 growth_pct 还是 share_pct", "to create indicator %q in %%: say whether it is growth_pct or share_pct", v)
			ok = false
		}
	}
	if ind.Scope, err = model.ParseScope(c.get("scope")); err != nil {
		c.fail("scope", "%v", "%v", err)
		ok = false
	}
	ind.GrowthOf = c.get("growth_of")
	if ind.GrowthOf != "" {
		gid, _ := r.lookup(kindIndicator, ind.GrowthOf)
		if gid == "" && model.ValidateID(ind.GrowthOf) != nil {
			c.fail("growth_of", "未知指标“%s”%s", "unknown indicator %q%s", ind.GrowthOf, r.suggest(kindIndicator, ind.GrowthOf))
			ok = false
		} else if gid != "" {
			ind.GrowthOf = gid
		}
	}
	if !ok {
		return ind, false
	}
	if err := ind.Validate(); err != nil {
		c.fail(ref.col, "%v", "%v", err)
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
	c.warnName("indicator_zh", model.T("指标", "indicator"), ind.ID, ind.NameZH)
	c.warnName("indicator_en", model.T("指标", "indicator"), ind.ID, ind.NameEN)
	// What the indicator is (category, kind, scope, whose growth) decides how
	// its figures are read: a different one is a different indicator.
	differs := func(col, got string, what model.Text, want string) {
		c.fail(col, "填的是“%s”，指标 %s %s %s：请填 %s（或留空），或为该数据另设指标",
			"%q, but indicator %s %s %s: write %s (or leave the cell empty), or give the figure an indicator of its own", truncate(got), ind.ID, what, want, want)
		ok = false
	}
	if v := c.get("category"); v != "" {
		if cat, err := model.ParseCategory(v); err != nil || cat != ind.Category {
			differs("category", v, model.Text{ZH: "的类别是", EN: "is in"}, ind.Category.String())
		}
	}
	if v := c.get("kind"); v != "" {
		if k, err := model.ParseKind(v); err != nil || k != ind.Kind {
			differs("kind", v, model.Text{ZH: "的类型是", EN: "is a"}, ind.Kind.String())
		}
	}
	if v := c.get("scope"); v != "" {
		if s, err := model.ParseScope(v); err != nil || s != ind.Scope {
			differs("scope", v, model.Text{ZH: "的范围是", EN: "is per"}, ind.Scope.String())
		}
	}
	if v := c.get("growth_of"); v != "" && v != ind.GrowthOf {
		if gid, _ := r.lookup(kindIndicator, v); gid != ind.GrowthOf {
			differs("growth_of", v, model.Text{ZH: "的 growth_of 是", EN: "is the growth of"}, ind.GrowthOf)
		}
	}
	return ok
}

func (r *Resolver) source(c *rowCtx) (string, bool) {
	return cached(&r.lastSource, c, sourceCols, r.resolveSource)
}

func (r *Resolver) resolveSource(c *rowCtx) (string, bool) {
	// --source names a source for rows that name none; an unknown title
	// given that way is created even without --create.
	explicit := c.get("source") == "" && c.get("source_title") == "" && r.DefaultSource != ""
	ref, ok := r.named(c, kindSource, []string{"source", "source_title"}, r.DefaultSource, r.Create || explicit,
		model.T("为空：每个数据都须注明出处（或用 --source 指定来源）", "empty: every figure must cite where it was published (or name the source with --source)"))
	if !ok {
		return "", false
	}
	if ref.id != "" {
		s := r.sources[ref.id]
		ok := true
		for _, f := range [][3]string{{"source_title", c.get("source_title"), s.Title}, {"source_publisher", c.get("source_publisher"), s.Publisher},
			{"source_date", c.get("source_date"), s.Date}, {"source_authors", c.get("source_authors"), s.Authors},
			{"source_url", c.get("source_url"), s.URL}} {
			if f[1] != "" && f[1] != f[2] {
				c.fail(f[0], "填的是“%s”，来源 %s 却是“%s”", "%q, but source %s has %q", f[1], ref.id, f[2])
				ok = false
			}
		}
		if zh, en := r.notes(c, "source_note"); zh != "" && zh != s.NoteZH || en != "" && en != s.NoteEN {
			c.fail("source_note", "与来源 %s 的备注不同：请留空，或改用另一个来源 ID", "differs from source %s's note: leave it empty, or use another source ID", ref.id)
			ok = false
		}
		return ref.id, ok
	}
	s := model.Source{Title: c.get("source_title"), Publisher: c.get("source_publisher"),
		Date: c.get("source_date"), Authors: c.get("source_authors"), URL: c.get("source_url")}
	s.NoteZH, s.NoteEN = r.notes(c, "source_note")
	s.ID = r.newDefinitionID(kindSource, "s", ref.text, nil, nil)
	if s.Title == "" {
		s.Title = ref.text
	}
	if err := s.Validate(); err != nil {
		c.fail(ref.col, "%v", "%v", err)
		return "", false
	}
	r.DefineSource(s)
	return s.ID, true
}
