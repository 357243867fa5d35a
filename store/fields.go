package store

import (
	"strings"
)

// Field is one field of the figures table that export writes and import
// reads. Name is the canonical (English) header; Aliases are the Chinese
// headers officials use.
type Field struct {
	Name    string
	Aliases []string
	Doc     string
}

// Fields is the figures table, in the order export writes it. Every row is
// self-describing, so the file can be imported into an empty database.
var Fields = []Field{
	{"region", []string{"地区", "地区代码"}, "region ID, or its Chinese or English name"},
	{"region_zh", []string{"地区名称", "地区中文名"}, "region's Chinese name"},
	{"region_en", []string{"地区英文名"}, "region's English name"},
	{"region_level", []string{"地区级别", "级别"}, "province, city, county or park"},
	{"region_parent", []string{"上级地区"}, "ID of the region it belongs to"},
	{"indicator", []string{"指标", "指标代码"}, "indicator ID, or its Chinese or English name"},
	{"indicator_zh", []string{"指标名称", "指标中文名"}, "indicator's Chinese name"},
	{"indicator_en", []string{"指标英文名"}, "indicator's English name"},
	{"category", []string{"类别", "分类"}, "investment, industry, desertification, energy, tourism, agriculture, innovation, fiscal, other"},
	{"kind", []string{"类型"}, "level, count, growth_pct, share_pct, target, rank"},
	{"unit", []string{"单位"}, "unit of the value column"},
	{"scope", []string{"范围"}, "region, event, project, enterprise, fund"},
	{"growth_of", []string{"增速对应指标"}, "for a growth rate: the indicator whose growth it is"},
	{"subject", []string{"对象", "主体", "项目"}, "the event, project, company or fund a figure is about"},
	{"period", []string{"期间", "时间", "时期"}, "2024, 2025H1, 2025Q1, 2024-03, 2025-01/2025-05, or 2025年1—5月"},
	{"value", []string{"数值", "数据", "值"}, "the number, in the unit column's unit; 44.9亿元, 50多 and 1,809.81 are read too"},
	{"published", []string{"原文数值", "公布值"}, "the figure exactly as published"},
	{"qualifier", []string{"限定词", "约数"}, "多, 余, 超, 近, 以上, 约 or 突破 for approximate figures"},
	{"status", []string{"状态", "数据状态"}, "final (empty), preliminary (初步核算) or expected (预计)"},
	{"derived", []string{"推算"}, "true when the figure was computed, not published"},
	{"derivation", []string{"推算方法", "计算公式"}, "the arithmetic a derived figure was computed by"},
	{"source", []string{"来源", "来源代码"}, "source ID, or its title"},
	{"source_title", []string{"来源标题", "文章标题"}, "the source's title"},
	{"source_publisher", []string{"发布单位", "媒体"}, "who published it"},
	{"source_date", []string{"发布日期"}, "when, YYYY-MM-DD"},
	{"source_authors", []string{"作者"}, "who wrote it"},
	{"source_url", []string{"来源链接", "链接", "网址", "url"}, "the address of the page it was published on"},
	{"source_note_zh", []string{"来源说明（中文）", "来源中文说明"}, "what a reader needs to know about the source, in Chinese"},
	{"source_note_en", []string{"来源说明（英文）", "来源英文说明"}, "the same in English"},
	{"fragment", []string{"原文", "原文摘录"}, "the shortest verbatim fragment showing the figure"},
	{"note_zh", []string{"备注（中文）", "中文备注"}, "what a reader needs to know (预计, 累计, a change of definition), in Chinese"},
	{"note_en", []string{"备注（英文）", "英文备注"}, "the same in English"},
}

// legacyFields are columns import still reads but export no longer writes:
// a single note (or source note), filed under its language when read.
var legacyFields = []Field{
	{"note", []string{"备注", "说明"}, "a note in either language"},
	{"source_note", []string{"来源说明"}, "a source's note in either language"},
}

// FieldNames returns the canonical headers in export order.
func FieldNames() []string {
	names := make([]string, len(Fields))
	for i, c := range Fields {
		names[i] = c.Name
	}
	return names
}

// canonicalColumn maps a header as written (any case, Chinese or English,
// with stray spaces or a BOM) to its canonical name; ok is false for a
// header gansudash does not know.
func canonicalColumn(header string) (string, bool) {
	h := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(header, "\ufeff")))
	h = strings.ReplaceAll(h, " ", "_")
	for _, c := range append(Fields[:len(Fields):len(Fields)], legacyFields...) {
		if h == c.Name {
			return c.Name, true
		}
		for _, a := range c.Aliases {
			if h == strings.ToLower(a) {
				return c.Name, true
			}
		}
	}
	return "", false
}
