package model

import (
	"strings"
)

// Category groups indicators the way officials follow them; the dashboard
// shows one tab per category.
type Category uint8

// The categories, in the order the dashboard shows them.
const (
	CategoryInvestment      Category = iota + 1 // 招商引资
	CategoryIndustry                            // 工业
	CategoryDesertification                     // 防沙治沙
	CategoryEnergy                              // 能源
	CategoryTourism                             // 文旅
	CategoryAgriculture                         // 农业
	CategoryInnovation                          // 科技创新
	CategoryFiscal                              // 财政
	CategoryOther                               // 其他
	CategoryMacro                               // 宏观经济: GDP and its growth, the context of the rest
)

// Categories lists every category in display order.
// (CategoryMacro came later: categories are stored by number, so a new one
// takes the next number and its place in this list.)
var Categories = []Category{
	CategoryInvestment, CategoryIndustry, CategoryDesertification, CategoryMacro, CategoryEnergy, CategoryTourism,
	CategoryAgriculture, CategoryInnovation, CategoryFiscal, CategoryOther,
}

var categoryNames = nameTable[Category]{
	CategoryInvestment:      {"investment", "招商引资", "Investment"},
	CategoryIndustry:        {"industry", "工业", "Industry"},
	CategoryDesertification: {"desertification", "防沙治沙", "Desertification control"},
	CategoryEnergy:          {"energy", "能源", "Energy"},
	CategoryTourism:         {"tourism", "文旅", "Tourism"},
	CategoryAgriculture:     {"agriculture", "农业", "Agriculture"},
	CategoryInnovation:      {"innovation", "科技创新", "Innovation"},
	CategoryFiscal:          {"fiscal", "财政", "Fiscal"},
	CategoryOther:           {"other", "其他", "Other"},
	CategoryMacro:           {"macro", "宏观经济", "Economy"},
}

// ParseCategory reads a category by its identifier, Chinese or English name.
func ParseCategory(s string) (Category, error) {
	c, ok := categoryNames.find(strings.TrimSpace(s), func(t string, n [3]string) bool {
		return strings.EqualFold(t, n[0]) || t == n[1] || strings.EqualFold(t, n[2])
	})
	if ok {
		return c, nil
	}
	zh := make([]string, len(Categories))
	for i, c := range Categories {
		zh[i] = c.Label(Chinese) + "（" + c.String() + "）"
	}
	return 0, Errorf("未知类别“%s”：请填其一：%s", "unknown category %q: use one of %s", s,
		Text{ZH: strings.Join(zh, "、"), EN: strings.Join(categoryIDs(), ", ")})
}

func categoryIDs() []string {
	ids := make([]string, len(Categories))
	for i, c := range Categories {
		ids[i] = c.String()
	}
	return ids
}

// String returns the category's identifier (investment, industry, ...).
func (c Category) String() string { return categoryNames.id(c) }

// Label returns the category's name for a reader (招商引资 / Investment).
func (c Category) Label(lang Lang) string { return categoryNames.label(c, lang) }

// Kind says what sort of number an indicator is, which decides how it is
// compared over time.
type Kind uint8

// The kinds of indicator.
const (
	KindLevel     Kind = iota + 1 // an amount or quantity: 44.9亿元, 20万亩
	KindCount                     // a number of things: 25项, 17家
	KindGrowthPct                 // a growth rate in percent: 增长38.01%
	KindSharePct                  // a share, ratio or completion rate in percent: 完成计划的130%
	KindTarget                    // a planned goal
	KindRank                      // a ranking: 居全省第二位
)

var kindNames = nameTable[Kind]{
	KindLevel:     {"level", "总量", "level"},
	KindCount:     {"count", "数量", "count"},
	KindGrowthPct: {"growth_pct", "增速", "growth %"},
	KindSharePct:  {"share_pct", "比率", "share %"},
	KindTarget:    {"target", "目标", "target"},
	KindRank:      {"rank", "排名", "rank"},
}

// ParseKind reads a kind by its identifier.
func ParseKind(s string) (Kind, error) {
	return kindNames.parse(s, nil, T("类型", "kind"), T("总量（level）、数量（count）、增速（growth_pct）、比率（share_pct）、目标（target）或排名（rank）",
		"level, count, growth_pct, share_pct, target or rank"))
}

// String returns the kind's identifier.
func (k Kind) String() string { return kindNames.id(k) }

// Label returns the kind's name for a reader.
func (k Kind) Label(lang Lang) string { return kindNames.label(k, lang) }

// IsPercent reports whether figures of this kind are percentages, whose
// change over a year is not a growth rate.
func (k Kind) IsPercent() bool { return k == KindGrowthPct || k == KindSharePct }

// Scope says what one figure of an indicator is about: a whole region, or one
// promotion event, project, enterprise or fund inside it (the Subject of the
// observation names which).
type Scope uint8

// The scopes.
const (
	ScopeRegion Scope = iota
	ScopeEvent
	ScopeProject
	ScopeEnterprise
	ScopeFund
)

var scopeNames = nameTable[Scope]{
	ScopeRegion:     {"region", "地区", "region"},
	ScopeEvent:      {"event", "招商活动", "event"},
	ScopeProject:    {"project", "项目", "project"},
	ScopeEnterprise: {"enterprise", "企业", "enterprise"},
	ScopeFund:       {"fund", "基金", "fund"},
}

// ParseScope reads a scope by its identifier; empty means region.
func ParseScope(s string) (Scope, error) {
	return scopeNames.parse(s, map[string]Scope{"": ScopeRegion}, T("范围", "scope"),
		T("地区（region）、招商活动（event）、项目（project）、企业（enterprise）或基金（fund）", "region, event, project, enterprise or fund"))
}

// String returns the scope's identifier.
func (s Scope) String() string { return scopeNames.id(s) }

// scopeText names a scope in a message: its Chinese label, its identifier
// in English.
func scopeText(s Scope) Text { return Text{ZH: s.Label(Chinese), EN: s.String()} }

// Label returns the scope's name for a reader.
func (s Scope) Label(lang Lang) string { return scopeNames.label(s, lang) }

// Indicator is a thing measured: 到位资金 in 亿元, 人工造林面积 in 万亩, the growth
// of 工业总产值 in percent. GrowthOf links a growth-rate indicator to the level
// indicator whose growth it publishes, so a series can show both.
type Indicator struct {
	ID       string
	NameZH   string
	NameEN   string
	Category Category
	Kind     Kind
	Unit     string
	Scope    Scope
	GrowthOf string
}

// Name returns the indicator's name in lang, falling back to the other language.
func (i Indicator) Name(lang Lang) string { return pickName(lang, i.NameZH, i.NameEN, i.ID) }

// Validate reports what is missing or malformed in i.
func (i Indicator) Validate() error {
	if err := ValidateID(i.ID); err != nil {
		return Errorf("指标 %w", "indicator %w", err)
	}
	if i.NameZH == "" && i.NameEN == "" {
		return Errorf("指标 %s 没有名称", "indicator %s has no name", i.ID)
	}
	if !categoryNames.known(i.Category) {
		return Errorf("指标 %s 没有类别", "indicator %s has no category", i.ID)
	}
	if !kindNames.known(i.Kind) {
		return Errorf("指标 %s 没有类型", "indicator %s has no kind", i.ID)
	}
	if !scopeNames.known(i.Scope) {
		return Errorf("指标 %s 的范围未知", "indicator %s has an unknown scope", i.ID)
	}
	if strings.TrimSpace(i.Unit) == "" {
		return Errorf("指标 %s 没有单位", "indicator %s has no unit", i.ID)
	}
	if i.Kind.IsPercent() && i.Unit != "%" {
		return Errorf("指标 %s 是百分比（%s），单位却是“%s”", "indicator %s is a percentage (%s) but its unit is %q", i.ID, i.Kind, i.Unit)
	}
	if i.GrowthOf != "" && i.Kind != KindGrowthPct {
		return Errorf("指标 %s 填了 growth_of %s，但不是增速", "indicator %s names growth_of %s but is not a growth rate", i.ID, i.GrowthOf)
	}
	if i.GrowthOf == i.ID && i.ID != "" {
		return Errorf("指标 %s 的 growth_of 是其自身", "indicator %s is the growth of itself", i.ID)
	}
	return nil
}
