package extract

import (
	"github.com/gansudash/gansudash/model"
)

// Indicators: a label matched to an existing indicator, else a category
// guessed for a new one.

// categoryWords guess a new indicator's category from its label.
var categoryWords = []struct {
	cat   model.Category
	words []string
}{
	{model.CategoryDesertification, []string{"造林", "治沙", "压沙", "沙化", "固沙", "草原", "退化林", "防沙", "荒漠", "植树", "林草", "沙漠", "绿化"}},
	{model.CategoryEnergy, []string{"装机", "新能源", "电站", "储能", "发电", "光伏", "风电", "千瓦", "电量"}},
	{model.CategoryTourism, []string{"游客", "旅游", "文旅", "景区"}},
	{model.CategoryInvestment, []string{"招商", "签约", "到位资金", "引资", "投资", "项目", "引进", "落地"}},
	{model.CategoryIndustry, []string{"工业", "增加值", "产值", "规上", "制造", "产业链", "产能", "年产"}},
	{model.CategoryInnovation, []string{"专利", "科技", "研发", "高新技术", "专精特新", "创新", "技术合同"}},
	{model.CategoryFiscal, []string{"财政", "税", "预算", "贷款", "奖补", "资金"}},
	{model.CategoryAgriculture, []string{"奶", "牛", "羊", "种植", "农", "粮", "畜", "蔬菜", "鲜奶"}},
}

// matchIndicator picks an existing indicator whose name the label ends
// with, of a compatible kind and unit; else proposes the label as new.
func (x *extractor) matchIndicator(p *Proposal) {
	lab := []rune(p.IndicatorZH)
	for _, in := range x.inds {
		n := in.name
		if len(n) > len(lab) || !hasPrefixRunes(lab, len(lab)-len(n), n) {
			continue
		}
		if !kindFits(in.ind.Kind, p.Kind) || !model.SameDimension(in.ind.Unit, p.Unit) && !(p.Kind == model.KindRank && in.ind.Kind == model.KindRank) {
			continue
		}
		p.Indicator, p.IndicatorZH, p.Category = in.ind.ID, in.ind.NameZH, in.ind.Category
		if p.Kind != model.KindTarget {
			p.Kind = in.ind.Kind
		}
		return
	}
	p.Category = model.CategoryOther
	for _, cw := range categoryWords {
		if containsAny(p.IndicatorZH, cw.words) {
			p.Category = cw.cat
			return
		}
	}
}

func kindFits(a, b model.Kind) bool {
	if a == b {
		return true
	}
	return a == model.KindLevel && b == model.KindCount || a == model.KindCount && b == model.KindLevel
}
