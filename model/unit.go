package model

// unitDef places a unit in a dimension with its size relative to the
// dimension's base unit. Only units of one dimension convert into each other.
type unitDef struct {
	dim    string
	factor float64
	en     string // English label
}

// units lists the units the figures use. Measure words for counted things
// (个, 项, 家, 户, ...) are one dimension: officials write 项目25项 and
// 项目11个 for the same kind of count.
var units = map[string]unitDef{
	"元": {"money", 1, "yuan"}, "万元": {"money", 1e4, "10k yuan"}, "亿元": {"money", 1e8, "100M yuan"},
	"万亿元": {"money", 1e12, "trillion yuan"}, "百万元": {"money", 1e6, "million yuan"}, "十亿元": {"money", 1e9, "billion yuan"},
	"人": {"people", 1, "people"}, "名": {"people", 1, "people"}, "万人": {"people", 1e4, "10k people"},
	"人次": {"visits", 1, "visits"}, "万人次": {"visits", 1e4, "10k visits"}, "亿人次": {"visits", 1e8, "100M visits"},
	"亩": {"area", 1, "mu"}, "万亩": {"area", 1e4, "10k mu"}, "公顷": {"area", 15, "ha"}, "万公顷": {"area", 15e4, "10k ha"},
	"株": {"plants", 1, "trees"}, "万株": {"plants", 1e4, "10k trees"}, "亿株": {"plants", 1e8, "100M trees"},
	"千瓦": {"power", 1, "kW"}, "kW": {"power", 1, "kW"}, "万千瓦": {"power", 1e4, "10 MW"},
	"MW": {"power", 1e3, "MW"}, "兆瓦": {"power", 1e3, "MW"}, "GW": {"power", 1e6, "GW"}, "吉瓦": {"power", 1e6, "GW"},
	"千瓦时": {"energy", 1, "kWh"}, "kWh": {"energy", 1, "kWh"}, "度": {"energy", 1, "kWh"},
	"万千瓦时": {"energy", 1e4, "10 MWh"}, "亿千瓦时": {"energy", 1e8, "100 GWh"},
	"MWh": {"energy", 1e3, "MWh"}, "兆瓦时": {"energy", 1e3, "MWh"}, "GWh": {"energy", 1e6, "GWh"},
	"吨": {"mass", 1, "t"}, "万吨": {"mass", 1e4, "10k t"}, "亿吨": {"mass", 1e8, "100M t"},
	"千克": {"mass", 1e-3, "kg"}, "公斤": {"mass", 1e-3, "kg"},
	"头": {"head", 1, "head"}, "万头": {"head", 1e4, "10k head"}, "只": {"head", 1, "head"}, "万只": {"head", 1e4, "10k head"},
	"辆": {"vehicles", 1, "vehicles"}, "万辆": {"vehicles", 1e4, "10k vehicles"},
	"个": {"count", 1, ""}, "项": {"count", 1, ""}, "家": {"count", 1, ""}, "户": {"count", 1, ""},
	"件": {"count", 1, ""}, "条": {"count", 1, ""}, "座": {"count", 1, ""}, "台": {"count", 1, ""},
	"宗": {"count", 1, ""}, "处": {"count", 1, ""}, "所": {"count", 1, ""}, "批": {"count", 1, ""},
	"次": {"times", 1, "times"}, "家次": {"times", 1, "visits"},
	"%": {"percent", 1, "%"}, "个百分点": {"points", 1, "pp"},
	"位": {"rank", 1, ""}, "倍": {"ratio", 1, "×"},
	"天": {"days", 1, "days"}, "个月": {"months", 1, "months"}, "季度": {"quarters", 1, "quarters"},
	"个季度": {"quarters", 1, "quarters"}, "年": {"years", 1, "years"},
	"P": {"compute", 1, "PFLOPS"}, "PFlops": {"compute", 1, "PFLOPS"}, "PFLOPS": {"compute", 1, "PFLOPS"},
	"千伏": {"voltage", 1, "kV"}, "kV": {"voltage", 1, "kV"},
}

// KnownUnit reports whether u is a unit the converter knows.
func KnownUnit(u string) bool {
	_, ok := units[u]
	return ok
}

// SameDimension reports whether figures in units a and b can be converted
// into each other (万元 and 亿元 can; 万亩 and 亿元 cannot).
func SameDimension(a, b string) bool {
	if a == b {
		return true
	}
	da, oka := units[a]
	db, okb := units[b]
	return oka && okb && da.dim == db.dim
}

// ConvertUnit converts v from unit from to unit to. The conversion is exact up
// to one rounding of the division (9000 万元 is exactly 0.9 亿元). Units of
// different dimensions are an error.
func ConvertUnit(v float64, from, to string) (float64, error) {
	if from == to {
		return v, nil
	}
	df, okf := units[from]
	dt, okt := units[to]
	switch {
	case !okf && !okt:
		return 0, Errorf("单位“%s”不是“%s”", "unit %q is not %q", from, to)
	case !okf:
		return 0, Errorf("未知单位“%s”（应为 %s）", "unknown unit %q (expected %s)", from, to)
	case !okt:
		return 0, Errorf("无法把 %s 换算为未知单位“%s”", "cannot convert %s into the unknown unit %q", from, to)
	case df.dim != dt.dim:
		return 0, Errorf("%s 无法换算为 %s：二者计量的不是同一种量", "%s cannot be converted to %s: they measure different things", from, to)
	}
	if df.factor >= dt.factor {
		return v * (df.factor / dt.factor), nil
	}
	return v / (dt.factor / df.factor), nil
}

// UnitLabel returns a unit for a reader. Chinese keeps the unit as written;
// English spells it out (亿元 is "100M yuan"); measure words of plain counts
// have no English label.
func UnitLabel(u string, lang Lang) string {
	if lang == Chinese {
		return u
	}
	if d, ok := units[u]; ok {
		return d.en
	}
	return u
}

// KnownUnitsHint names the common units, for an error that must say what
// to write instead of an unknown one.
func KnownUnitsHint() string {
	return "亿元, 万元, 万亩, 亩, 公顷, 万千瓦, 吨, 万吨, 人, 万人次, 个, 项, 家, 户, %, 个百分点, 位 or 倍"
}

// KnownUnitsText is KnownUnitsHint in both languages.
func KnownUnitsText() Text {
	return Text{ZH: "亿元、万元、万亩、亩、公顷、万千瓦、吨、万吨、人、万人次、个、项、家、户、%、个百分点、位或倍", EN: KnownUnitsHint()}
}
