package synth

import (
	"math"

	"github.com/gansudash/gansudash/model"
)

// Periods: each frequency numbers its periods on a line, so a series is an
// end position and a length.

type synthFreq uint8

const (
	freqYear    synthFreq = iota // 2024
	freqMonth                    // 2024-03
	freqCumul                    // 2025年1—5月 (cumulative months; 1—2月 .. 1—12月)
	freqQuarter                  // 2025Q1
)

func (f synthFreq) period(pos int) model.Period {
	switch f {
	case freqMonth:
		return model.Month(pos/12, pos%12+1)
	case freqCumul:
		return model.Range(pos/11, 1, pos%11+2)
	case freqQuarter:
		return model.Quarter(pos/4, pos%4+1)
	}
	return model.Year(pos)
}

const synthLastYear = 2024

var (
	// synthEnd is the latest period of each frequency: 2024, 2025-06, 2025年1—6月, 2025Q2.
	synthEnd = [...]int{synthLastYear, 2025*12 + 5, 2025*11 + 4, 2025*4 + 1}
	// synthMaxLen bounds a series: back to 2000, 2015-01, 2015年1—2月, 2005Q1.
	synthMaxLen = [...]int{synthLastYear - 2000 + 1, 2025*12 + 5 - 2015*12 + 1, 2025*11 + 4 - 2015*11 + 1, 2025*4 + 1 - 2005*4 + 1}
)

// season weighs the months of a flow (construction and tourism peak in
// summer); seasonCum[m] is the share of a year's flow in months 1..m.
var seasonCum = func() [13]float64 {
	var w [13]float64
	sum := 0.0
	for m := 1; m <= 12; m++ {
		w[m] = 1 + 0.25*math.Sin(2*math.Pi*float64(m-4)/12)
		sum += w[m]
	}
	var c [13]float64
	for m := 1; m <= 12; m++ {
		c[m] = c[m-1] + w[m]/sum
	}
	return c
}()

// The catalogue.

type synthSubjKind uint8

const (
	subjNone synthSubjKind = iota
	subjEvent
	subjProject
	subjPower
	subjFirm
	subjFund
)

type synthRegion struct {
	model.Region
	short    string  // the name without 市, 县 ...: 武威
	share    float64 // of the province's amounts
	rankN    int     // how many regions it is ranked among
	subjects []synthSubject
}

type synthSubject struct {
	name  string
	kind  synthSubjKind
	year  int
	month int
	size  float64 // a power project's capacity, as its name says
}

type synthInd struct {
	model.Indicator
	short     string    // a shorter name for fragments that run long
	verb      string    // written between name and figure: 达, 完成, 实现
	scale     float64   // amounts and counts: a province's yearly value; shares, growth: the centre
	trend     float64   // yearly log growth of amounts
	dec       int       // decimals published
	freq      synthFreq // how often the province and the cities publish it
	cover     model.Level
	level     int // a linked growth rate: its level's index; else -1
	hasGrowth bool
	subj      synthSubjKind
	noProv    bool // a ranking within the province: not for the province itself
}

type synthMod struct {
	key, zh, en string
	factor      float64
}

type synthBase struct {
	key, zh, en string
	unit        string
	kind        model.Kind
	mag         float64 // amounts, counts, targets: log10 of a province's yearly value; shares, growth: the centre
	dec         int
	freq        synthFreq
	growth      bool // a growth rate of it is published too
	only        bool // only with the family's first modifier
	verb        string
}

type synthFamily struct {
	mods  []synthMod
	bases []synthBase
}

const (
	kLevel  = model.KindLevel
	kCount  = model.KindCount
	kGrowth = model.KindGrowthPct
	kShare  = model.KindSharePct
	kTarget = model.KindTarget
	kRank   = model.KindRank
)

// synthFamilies lists, per category, sectors (modifiers) crossed with
// measures (bases). The cross gives more indicators than needed; the first
// modifier of each family comes with every base, the others as the quota allows.
var synthFamilies = map[model.Category][]synthFamily{
	model.CategoryInvestment: {{
		mods: []synthMod{{"", "", "", 1}, {"out", "省外", "out-of-province", 0.6}, {"ne", "新能源", "new-energy", 0.3},
			{"eqp", "装备制造", "equipment-manufacturing", 0.1}, {"ctour", "文旅康养", "culture-tourism-and-health", 0.08},
			{"magr", "现代农业", "modern-agriculture", 0.08}, {"dig", "数字经济", "digital-economy", 0.06},
			{"bio", "生物医药", "biomedicine", 0.05}, {"mat", "新材料", "new-materials", 0.07},
			{"logi", "商贸物流", "trade-and-logistics", 0.06}, {"nfm", "有色冶金", "nonferrous-metallurgy", 0.08},
			{"petro", "石油化工", "petrochemical", 0.07}, {"ew", "东西部协作", "east–west cooperation", 0.1},
			{"priv", "民营企业", "private-enterprise", 0.4}, {"soe", "央企", "central-SOE", 0.3}},
		bases: []synthBase{
			{"projects_signed", "签约项目", "projects signed", "个", kCount, 3.0, 0, freqYear, false, false, ""},
			{"amount_signed", "签约金额", "amount signed", "亿元", kLevel, 3.6, 2, freqCumul, true, false, "达"},
			{"funds_in_place", "到位资金", "funds in place", "亿元", kLevel, 3.3, 2, freqCumul, true, false, "达"},
			{"projects_started", "新开工项目", "projects started", "个", kCount, 2.7, 0, freqYear, false, false, ""},
			{"projects_landed", "落地项目", "projects landed", "项", kCount, 2.8, 0, freqYear, false, false, ""},
			{"funds_rate", "到位资金完成率", "completion rate of funds in place", "%", kShare, 105, 1, freqYear, false, false, "为"},
			{"fulfil_rate", "签约项目履约率", "fulfilment rate of signed projects", "%", kShare, 85, 1, freqYear, false, false, "达"},
			{"target", "招商引资年度目标", "annual investment-attraction target", "亿元", kTarget, 3.4, 0, freqYear, false, true, "为"},
			{"rank", "招商引资考核全省排名", "province ranking in investment attraction", "位", kRank, 0, 0, freqYear, false, true, "居"},
			{"invest_done", "项目完成投资", "investment completed by projects", "亿元", kLevel, 3.2, 2, freqYear, true, false, "完成"},
		},
	}},
	model.CategoryIndustry: {{
		mods: []synthMod{{"", "规上工业", "industry above designated size:", 1}, {"nfm", "有色冶金", "nonferrous metallurgy:", 0.2},
			{"petro", "石油化工", "petrochemical industry:", 0.15}, {"eqp", "装备制造", "equipment manufacturing:", 0.08},
			{"mat", "新材料", "new materials:", 0.06}, {"food", "食品工业", "food industry:", 0.06},
			{"pharma", "医药工业", "pharmaceutical industry:", 0.03}, {"elec", "电子信息", "electronics and IT:", 0.03},
			{"bm", "建材工业", "building-materials industry:", 0.05}, {"coal", "煤炭工业", "coal industry:", 0.08},
			{"steel", "钢铁工业", "iron and steel industry:", 0.1}, {"tex", "纺织服装", "textiles and garments:", 0.01},
			{"sei", "战略性新兴产业", "strategic emerging industries:", 0.2}, {"htm", "高技术制造业", "high-tech manufacturing:", 0.05},
			{"neq", "新能源装备", "new-energy equipment:", 0.04}},
		bases: []synthBase{
			{"value_added", "增加值", "value added", "亿元", kLevel, 3.2, 2, freqCumul, true, false, "实现"},
			{"output", "总产值", "gross output value", "亿元", kLevel, 3.9, 2, freqYear, true, false, "达"},
			{"revenue", "营业收入", "operating revenue", "亿元", kLevel, 3.9, 2, freqCumul, true, false, "实现"},
			{"profit", "利润总额", "total profit", "亿元", kLevel, 2.5, 2, freqYear, true, false, "实现"},
			{"firms", "企业", "enterprises", "家", kCount, 3.3, 0, freqYear, false, false, ""},
			{"investment", "投资", "investment", "亿元", kLevel, 3.0, 2, freqYear, true, false, "完成"},
			{"sales_rate", "产品销售率", "product sales rate", "%", kShare, 97, 1, freqYear, false, false, "为"},
			{"va_share", "增加值占比", "share of value added", "%", kShare, 25, 1, freqYear, false, false, "为"},
			{"upgrades", "技改项目", "technical-upgrade projects", "项", kCount, 2.5, 0, freqYear, false, false, ""},
			{"utilisation", "产能利用率", "capacity utilisation", "%", kShare, 75, 1, freqYear, false, false, "为"},
		},
	}},
	model.CategoryDesertification: {{
		mods: []synthMod{{"", "", "", 1}, {"hexi", "河西走廊", "%s, Hexi Corridor", 0.5},
			{"tengger", "腾格里沙漠南缘", "%s, southern edge of the Tengger Desert", 0.12},
			{"badain", "巴丹吉林沙漠边缘", "%s, edge of the Badain Jaran Desert", 0.1},
			{"kumtag", "库姆塔格沙漠东缘", "%s, eastern edge of the Kumtag Desert", 0.06},
			{"yellow", "黄河流域", "%s, Yellow River basin", 0.3}, {"qilian", "祁连山", "%s, Qilian Mountains", 0.2},
			{"threenorth", "三北工程", "%s, Three-North Shelterbelt programme", 0.6},
			{"shiyang", "石羊河流域", "%s, Shiyang River basin", 0.1}, {"shule", "疏勒河流域", "%s, Shule River basin", 0.08},
			{"heihe", "黑河流域", "%s, Heihe River basin", 0.1}},
		bases: []synthBase{
			{"afforestation", "人工造林面积", "afforestation area", "万亩", kLevel, 2.3, 2, freqYear, false, false, "完成"},
			{"sand_treated", "治理沙化土地面积", "desertified land treated", "万亩", kLevel, 2.5, 2, freqYear, true, false, "完成"},
			{"checkerboard", "草方格压沙面积", "straw-checkerboard sand fixation", "万亩", kLevel, 1.3, 2, freqYear, false, false, "完成"},
			{"enclosure", "封沙育林草面积", "area closed for natural regeneration", "万亩", kLevel, 2.0, 2, freqYear, false, false, "达"},
			{"grassland", "退化草原修复面积", "degraded grassland restored", "万亩", kLevel, 2.2, 2, freqYear, false, false, "完成"},
			{"trees", "义务植树", "trees planted by volunteers", "万株", kLevel, 3.5, 1, freqYear, true, false, ""},
			{"investment", "防沙治沙投资", "desertification-control investment", "亿元", kLevel, 1.5, 2, freqYear, true, false, "完成"},
			{"projects", "治沙项目", "sand-control projects", "个", kCount, 2.0, 0, freqYear, false, false, ""},
			{"forest_cover", "森林覆盖率", "forest cover", "%", kShare, 12, 2, freqYear, false, false, "达"},
			{"task_rate", "治理任务完成率", "completion rate of treatment tasks", "%", kShare, 105, 1, freqYear, false, false, "为"},
			{"rangers", "生态护林员", "ecological forest rangers", "人", kLevel, 4.5, 0, freqYear, false, false, ""},
		},
	}},
	model.CategoryEnergy: {{
		mods: []synthMod{{"", "", "", 1}, {"wind", "风电", "wind power:", 0.4}, {"pv", "光伏", "solar PV:", 0.35},
			{"hydro", "水电", "hydropower:", 0.12}, {"thermal", "火电", "thermal power:", 0.4}, {"ne", "新能源", "new energy:", 0.75},
			{"csp", "光热", "concentrated solar power:", 0.01}, {"storage", "储能", "energy storage:", 0.05},
			{"biomass", "生物质发电", "biomass power:", 0.005}, {"pumped", "抽水蓄能", "pumped storage:", 0.03},
			{"dpv", "分布式光伏", "distributed PV:", 0.03}, {"h2", "氢能", "hydrogen:", 0.002}},
		bases: []synthBase{
			{"capacity", "装机容量", "installed capacity", "万千瓦", kLevel, 3.9, 2, freqYear, true, false, "达"},
			{"generation", "发电量", "power generation", "亿千瓦时", kLevel, 3.3, 2, freqMonth, true, false, ""},
			{"grid_projects", "并网项目", "grid-connected projects", "个", kCount, 2.0, 0, freqYear, false, false, ""},
			{"investment", "完成投资", "investment completed", "亿元", kLevel, 2.8, 2, freqYear, true, false, ""},
			{"export", "外送电量", "electricity sent out of the province", "亿千瓦时", kLevel, 2.7, 2, freqMonth, true, false, ""},
			{"utilisation", "利用率", "utilisation rate", "%", kShare, 95, 1, freqYear, false, false, "达"},
			{"cap_share", "装机占比", "share of installed capacity", "%", kShare, 40, 1, freqYear, false, false, "达"},
			{"new_capacity", "新增装机", "new installed capacity", "万千瓦", kLevel, 3.0, 2, freqYear, false, false, ""},
			{"rank", "新能源装机规模全省排名", "province ranking of new-energy capacity", "位", kRank, 0, 0, freqYear, false, true, "居"},
		},
	}},
	model.CategoryTourism: {{
		mods: []synthMod{{"", "", "", 1}, {"dom", "国内", "domestic", 0.98}, {"inb", "入境", "inbound", 0.01},
			{"rural", "乡村旅游", "rural tourism:", 0.3}, {"red", "红色旅游", "red tourism:", 0.1},
			{"alevel", "A级景区", "A-rated scenic spots:", 0.5}, {"holiday", "节假日", "holiday", 0.15},
			{"study", "研学旅游", "study tours:", 0.03}, {"snow", "冰雪旅游", "ice-and-snow tourism:", 0.02},
			{"night", "夜间文旅", "night-time tourism:", 0.05}, {"selfdrive", "自驾游", "self-drive tourism:", 0.2},
			{"museum", "文博场馆", "museums:", 0.08}},
		bases: []synthBase{
			{"visitors", "游客接待量", "tourist arrivals", "万人次", kLevel, 4.5, 2, freqMonth, true, false, ""},
			{"revenue", "旅游收入", "tourism revenue", "亿元", kLevel, 3.4, 2, freqMonth, true, false, "实现"},
			{"overnight", "过夜游客", "overnight visitors", "万人次", kLevel, 3.9, 2, freqYear, true, false, ""},
			{"spots", "景区", "scenic spots", "家", kCount, 2.5, 0, freqYear, false, false, ""},
			{"projects", "文旅项目", "culture-and-tourism projects", "个", kCount, 2.3, 0, freqYear, false, false, ""},
			{"investment", "文旅投资", "culture-and-tourism investment", "亿元", kLevel, 2.4, 2, freqYear, true, false, "完成"},
			{"spending", "人均消费", "spending per visitor", "元", kLevel, 3.0, 0, freqYear, false, false, "达"},
			{"occupancy", "客房平均出租率", "average hotel occupancy", "%", kShare, 55, 1, freqYear, false, false, "为"},
			{"gdp_share", "旅游业增加值占GDP比重", "tourism's share of GDP", "%", kShare, 6, 2, freqYear, false, true, "为"},
		},
	}},
	model.CategoryAgriculture: {{
		mods: []synthMod{{"", "农业", "agricultural", 1}, {"grain", "粮食", "grain", 0.6}, {"veg", "蔬菜", "vegetables:", 0.2},
			{"potato", "马铃薯", "potato:", 0.1}, {"herbs", "中药材", "Chinese medicinal herbs:", 0.05},
			{"apple", "苹果", "apple:", 0.05}, {"summerveg", "高原夏菜", "highland summer vegetables:", 0.05},
			{"seedcorn", "玉米制种", "seed maize:", 0.03}, {"fungi", "食用菌", "edible fungi:", 0.01},
			{"pepper", "花椒", "Sichuan pepper:", 0.005}, {"olive", "油橄榄", "olive:", 0.003},
			{"cattle", "牛羊产业", "cattle and sheep:", 0.15}, {"dairy", "奶产业", "dairy:", 0.04},
			{"greenhouse", "设施农业", "protected agriculture:", 0.06}},
		bases: []synthBase{
			{"area", "种植面积", "planted area", "万亩", kLevel, 3.6, 2, freqYear, true, false, "达"},
			{"output", "产量", "output", "万吨", kLevel, 3.2, 2, freqYear, true, false, "达"},
			{"value", "产值", "output value", "亿元", kLevel, 3.0, 2, freqYear, true, false, "实现"},
			{"leaders", "龙头企业", "leading enterprises", "家", kCount, 3.0, 0, freqYear, false, false, ""},
			{"coops", "农民专业合作社", "farmer cooperatives", "个", kCount, 4.0, 0, freqYear, false, false, ""},
			{"bases", "标准化生产基地", "standardised production bases", "个", kCount, 2.5, 0, freqYear, false, false, ""},
			{"certified", "绿色有机认证产品", "certified green and organic products", "个", kCount, 2.8, 0, freqYear, false, false, ""},
			{"mech_rate", "机械化率", "mechanisation rate", "%", kShare, 65, 1, freqYear, false, false, "达"},
			{"chain", "全产业链产值", "whole-chain output value", "亿元", kLevel, 3.2, 2, freqYear, true, false, "达"},
			{"export", "出口额", "exports", "亿元", kLevel, 1.3, 2, freqYear, false, false, ""},
		},
	}},
	model.CategoryInnovation: {{
		mods: []synthMod{{"", "全社会", "society-wide", 1}, {"hte", "高新技术企业", "high-tech enterprises:", 0.4},
			{"ind", "规上工业企业", "industrial enterprises above designated size:", 0.5},
			{"sme", "科技型中小企业", "tech-based SMEs:", 0.15}, {"srdi", "专精特新企业", "specialised and innovative SMEs:", 0.1},
			{"univ", "高校", "universities:", 0.2}, {"inst", "科研院所", "research institutes:", 0.15},
			{"nrd", "新型研发机构", "new-type R&D institutions:", 0.05}, {"psoe", "省属企业", "provincial SOEs:", 0.2},
			{"priv", "民营企业", "private enterprises:", 0.3}},
		bases: []synthBase{
			{"rd_spend", "研发经费投入", "R&D expenditure", "亿元", kLevel, 2.3, 2, freqYear, true, false, "达"},
			{"rd_intensity", "研发投入强度", "R&D intensity", "%", kShare, 1.3, 2, freqYear, false, false, "为"},
			{"patents", "专利授权量", "patents granted", "件", kCount, 4.0, 0, freqYear, false, false, ""},
			{"inv_patents", "发明专利授权量", "invention patents granted", "件", kCount, 3.3, 0, freqYear, false, false, ""},
			{"tech_deals", "技术合同成交额", "technology contract turnover", "亿元", kLevel, 2.6, 2, freqYear, true, false, "达"},
			{"transfer", "科技成果转化项目", "technology-transfer projects", "项", kCount, 2.7, 0, freqYear, false, false, ""},
			{"rd_staff", "研发人员", "R&D personnel", "人", kLevel, 4.5, 0, freqYear, false, false, ""},
			{"projects", "科技项目立项", "science projects approved", "项", kCount, 3.0, 0, freqYear, false, false, ""},
			{"platforms", "省级以上创新平台", "innovation platforms (provincial and above)", "个", kCount, 2.8, 0, freqYear, false, false, ""},
			{"newprod", "新产品销售收入", "new-product sales revenue", "亿元", kLevel, 3.0, 2, freqYear, true, false, "实现"},
			{"hte_count", "高新技术企业数", "number of high-tech enterprises", "家", kCount, 3.0, 0, freqYear, false, true, ""},
		},
	}},
	model.CategoryFiscal: {{
		mods: []synthMod{{"", "一般公共预算", "general public budget:", 1}, {"fund", "政府性基金预算", "government-fund budget:", 0.4},
			{"capital", "国有资本经营预算", "state-capital budget:", 0.02}, {"social", "社会保险基金预算", "social-insurance fund budget:", 0.6}},
		bases: []synthBase{
			{"revenue", "收入", "revenue", "亿元", kLevel, 3.0, 2, freqCumul, true, false, "完成"},
			{"spending", "支出", "expenditure", "亿元", kLevel, 3.6, 2, freqCumul, true, false, "完成"},
			{"rev_rate", "收入预算完成率", "revenue budget execution", "%", kShare, 100, 1, freqYear, false, false, "为"},
			{"spend_rate", "支出进度", "spending progress", "%", kShare, 90, 1, freqYear, false, false, "为"},
			{"target", "收入年度目标", "annual revenue target", "亿元", kTarget, 3.0, 0, freqYear, false, false, "为"},
		},
	}, {
		mods: []synthMod{{"edu", "教育", "education:", 0.15}, {"ss", "社会保障和就业", "social security and employment:", 0.15},
			{"health", "卫生健康", "health:", 0.09}, {"aff", "农林水", "agriculture, forestry and water:", 0.12},
			{"urban", "城乡社区", "urban and rural communities:", 0.08}, {"transport", "交通运输", "transport:", 0.06},
			{"sci", "科学技术", "science and technology:", 0.01}, {"env", "节能环保", "energy saving and environment:", 0.03},
			{"housing", "住房保障", "housing:", 0.03}, {"culture", "文化旅游体育与传媒", "culture, tourism, sport and media:", 0.02},
			{"security", "公共安全", "public security:", 0.04}, {"genpub", "一般公共服务", "general public services:", 0.08}},
		bases: []synthBase{
			{"spending", "支出", "expenditure", "亿元", kLevel, 3.6, 2, freqCumul, true, false, ""},
			{"spend_share", "支出占比", "share of expenditure", "%", kShare, 10, 1, freqYear, false, false, "为"},
		},
	}, {
		mods: []synthMod{{"tax", "税收", "tax:", 0.7}, {"nontax", "非税", "non-tax:", 0.3}, {"vat", "增值税", "VAT:", 0.3},
			{"cit", "企业所得税", "corporate income tax:", 0.12}, {"pit", "个人所得税", "personal income tax:", 0.04},
			{"resource", "资源税", "resource tax:", 0.05}, {"urbanm", "城市维护建设税", "urban maintenance tax:", 0.03},
			{"land", "土地增值税", "land appreciation tax:", 0.02}, {"deed", "契税", "deed tax:", 0.03}},
		bases: []synthBase{
			{"revenue", "收入", "revenue", "亿元", kLevel, 2.8, 2, freqCumul, true, false, "完成"},
			{"rev_share", "收入占比", "share of revenue", "%", kShare, 15, 1, freqYear, false, false, "为"},
		},
	}},
	model.CategoryOther: {{
		mods: []synthMod{{"", "", "", 1}, {"city", "市级", "city-level", 0.4}, {"county", "县级", "county-level", 0.5}},
		bases: []synthBase{
			{"online_rate", "政务服务事项网上可办率", "share of services available online", "%", kShare, 95, 1, freqYear, false, false, "达"},
			{"procedures", "帮办代办手续", "procedures handled on behalf of firms", "项", kCount, 3.2, 0, freqYear, false, false, ""},
			{"visits", "走访企业", "enterprise visits", "家次", kCount, 3.5, 0, freqYear, false, false, ""},
			{"satisfaction", "企业满意度", "enterprise satisfaction", "%", kShare, 96, 1, freqYear, false, false, "达"},
			{"problems", "协调解决企业问题", "enterprise problems resolved", "个", kCount, 3.0, 0, freqYear, false, false, ""},
			{"trading", "公共资源交易额", "public-resource trading volume", "亿元", kLevel, 3.1, 2, freqYear, true, false, "完成"},
			{"new_entities", "新登记经营主体", "newly registered market entities", "户", kCount, 4.7, 0, freqYear, false, false, ""},
			{"approval_days", "项目审批平均用时", "average approval time", "天", kLevel, 1.3, 0, freqYear, false, false, "压缩至"},
		},
	}},
	model.CategoryMacro: {{
		mods: []synthMod{{"", "", "", 1}},
		bases: []synthBase{
			{"gdp", "地区生产总值", "gross regional product", "亿元", kLevel, 4.1, 2, freqQuarter, true, false, "实现"},
			{"primary", "第一产业增加值", "primary-industry value added", "亿元", kLevel, 3.3, 2, freqQuarter, true, false, ""},
			{"secondary", "第二产业增加值", "secondary-industry value added", "亿元", kLevel, 3.6, 2, freqQuarter, true, false, ""},
			{"tertiary", "第三产业增加值", "tertiary-industry value added", "亿元", kLevel, 3.8, 2, freqQuarter, true, false, ""},
			{"retail", "社会消费品零售总额", "retail sales of consumer goods", "亿元", kLevel, 3.6, 2, freqCumul, true, false, "实现"},
			{"fai_growth", "固定资产投资增速", "growth of fixed-asset investment", "%", kGrowth, 6, 1, freqCumul, false, false, ""},
			{"trade", "外贸进出口总额", "foreign trade", "亿元", kLevel, 2.7, 2, freqCumul, true, false, "达"},
			{"urban_income", "城镇居民人均可支配收入", "urban per-capita disposable income", "元", kLevel, 4.6, 0, freqYear, true, false, "达"},
			{"rural_income", "农村居民人均可支配收入", "rural per-capita disposable income", "元", kLevel, 4.1, 0, freqYear, true, false, "达"},
			{"jobs", "城镇新增就业", "new urban jobs", "万人", kLevel, 1.5, 2, freqYear, false, false, ""},
			{"population", "常住人口", "resident population", "万人", kLevel, 3.4, 2, freqYear, false, false, ""},
			{"urbanisation", "城镇化率", "urbanisation rate", "%", kShare, 55, 2, freqYear, false, false, "达"},
			{"cpi", "居民消费价格涨幅", "consumer price inflation", "%", kGrowth, 2, 1, freqMonth, false, false, "为"},
			{"private_va", "民营经济增加值", "private-sector value added", "亿元", kLevel, 3.7, 2, freqYear, true, false, "实现"},
			{"entities", "经营主体", "market entities", "户", kCount, 6.3, 0, freqYear, false, false, "达"},
			{"hqd_rank", "高质量发展综合考核排名", "ranking in the high-quality-development assessment", "位", kRank, 0, 0, freqYear, false, false, "居"},
			{"power_use", "全社会用电量", "electricity consumption", "亿千瓦时", kLevel, 3.2, 2, freqMonth, true, false, ""},
			{"freight", "货运量", "freight volume", "万吨", kLevel, 4.8, 2, freqYear, true, false, ""},
		},
	}, {
		mods: []synthMod{{"wholesale", "批发和零售业", "wholesale and retail:", 0.12}, {"hotel", "住宿和餐饮业", "accommodation and catering:", 0.04},
			{"transport", "交通运输仓储和邮政业", "transport, storage and post:", 0.08}, {"realestate", "房地产业", "real estate:", 0.1},
			{"finance", "金融业", "finance:", 0.1}, {"construction", "建筑业", "construction:", 0.12},
			{"it", "信息传输软件和信息技术服务业", "information services:", 0.04}, {"lease", "租赁和商务服务业", "leasing and business services:", 0.03}},
		bases: []synthBase{
			{"va", "增加值", "value added", "亿元", kLevel, 3.6, 2, freqQuarter, true, false, "实现"},
			{"revenue", "营业收入", "operating revenue", "亿元", kLevel, 3.8, 2, freqYear, true, false, "实现"},
			{"staff", "从业人员", "employees", "万人", kLevel, 2.0, 2, freqYear, false, false, ""},
			{"firms", "法人单位", "legal entities", "家", kCount, 3.8, 0, freqYear, false, false, ""},
		},
	}, {
		mods: []synthMod{{"natzone", "国家级开发区", "national development zones:", 0.3}, {"provzone", "省级开发区", "provincial development zones:", 0.4},
			{"newarea", "兰州新区", "Lanzhou New Area:", 0.1}, {"parks", "工业园区", "industrial parks:", 0.5}},
		bases: []synthBase{
			{"output", "工业总产值", "industrial output", "亿元", kLevel, 3.5, 2, freqYear, true, false, "达"},
			{"firms", "入驻企业", "resident enterprises", "家", kCount, 3.0, 0, freqYear, false, false, ""},
			{"tax", "税收收入", "tax revenue", "亿元", kLevel, 2.3, 2, freqYear, true, false, "实现"},
		},
	}},
}

// synthCategoryWeight shares the indicators among the categories.
var synthCategoryWeight = map[model.Category]float64{
	model.CategoryInvestment: 0.13, model.CategoryIndustry: 0.13, model.CategoryDesertification: 0.08,
	model.CategoryMacro: 0.09, model.CategoryEnergy: 0.11, model.CategoryTourism: 0.09, model.CategoryAgriculture: 0.13,
	model.CategoryInnovation: 0.08, model.CategoryFiscal: 0.08, model.CategoryOther: 0.08,
}

// Names given to further rounds of indicators when the families run out.
var synthRounds = [][2]string{{"（累计）", "(cumulative)"}, {"（新增）", "(new)"}, {"（重点领域）", "(key sectors)"}}

// synthSubjectInds are the per-subject indicators: figures of one promotion
// event, project, enterprise or fund.
var synthSubjectInds = []struct {
	id, zh, en string
	short      string // in a fragment, after the subject's name
	cat        model.Category
	kind       model.Kind
	unit       string
	scope      model.Scope
	subj       synthSubjKind
	mag        float64
	dec        int
	verb       string
}{
	{"inv_event_projects_signed", "签约项目", "Projects signed at the event", "签约项目", model.CategoryInvestment, kCount, "项", model.ScopeEvent, subjEvent, 1.3, 0, ""},
	{"inv_event_amount_signed", "签约金额", "Amount signed at the event", "签约金额", model.CategoryInvestment, kLevel, "亿元", model.ScopeEvent, subjEvent, 1.8, 2, ""},
	{"inv_project_total_investment", "项目总投资", "Total investment of the project", "总投资", model.CategoryInvestment, kLevel, "亿元", model.ScopeProject, subjProject, 1.3, 2, ""},
	{"ene_project_capacity", "项目装机容量", "Installed capacity of the project", "装机容量", model.CategoryEnergy, kLevel, "万千瓦", model.ScopeProject, subjPower, 0, 0, ""},
	{"inv_event_companies_met", "洽谈对接企业", "Companies met at the event", "洽谈对接企业", model.CategoryInvestment, kCount, "家", model.ScopeEvent, subjEvent, 1.6, 0, ""},
	{"inv_project_annual_investment", "年度完成投资", "Investment completed in the year", "年度完成投资", model.CategoryInvestment, kLevel, "亿元", model.ScopeProject, subjProject, 0.7, 2, ""},
	{"ind_enterprise_output", "企业产值", "Output value of the enterprise", "产值", model.CategoryIndustry, kLevel, "亿元", model.ScopeEnterprise, subjFirm, 1.0, 2, "达"},
	{"inv_fund_size", "基金规模", "Size of the fund", "规模", model.CategoryInvestment, kLevel, "亿元", model.ScopeFund, subjFund, 1.5, 0, "达"},
}

// The real prefecture-level cities of Gansu: name, English name, relative
// economic size (GDP, 亿元, roughly) and number of county-level divisions.
var synthCities = []struct {
	zh, short, en string
	gdp           float64
	counties      int
}{
	{"兰州市", "兰州", "Lanzhou City", 3487, 8}, {"嘉峪关市", "嘉峪关", "Jiayuguan City", 360, 0},
	{"金昌市", "金昌", "Jinchang City", 550, 2}, {"白银市", "白银", "Baiyin City", 730, 5},
	{"天水市", "天水", "Tianshui City", 900, 7}, {"武威市", "武威", "Wuwei City", 780, 4},
	{"张掖市", "张掖", "Zhangye City", 600, 6}, {"平凉市", "平凉", "Pingliang City", 640, 7},
	{"酒泉市", "酒泉", "Jiuquan City", 900, 7}, {"庆阳市", "庆阳", "Qingyang City", 1100, 8},
	{"定西市", "定西", "Dingxi City", 650, 7}, {"陇南市", "陇南", "Longnan City", 600, 9},
	{"临夏回族自治州", "临夏", "Linxia Hui Autonomous Prefecture", 430, 8},
	{"甘南藏族自治州", "甘南", "Gannan Tibetan Autonomous Prefecture", 260, 8},
}

// Characters synthetic place names are made of, with their pinyin.
var synthNameChars = []struct{ zh, py string }{
	{"安", "an"}, {"宁", "ning"}, {"永", "yong"}, {"靖", "jing"}, {"临", "lin"}, {"泽", "ze"}, {"清", "qing"},
	{"水", "shui"}, {"山", "shan"}, {"丹", "dan"}, {"民", "min"}, {"乐", "le"}, {"西", "xi"}, {"和", "he"},
	{"华", "hua"}, {"康", "kang"}, {"定", "ding"}, {"远", "yuan"}, {"昌", "chang"}, {"阳", "yang"}, {"平", "ping"},
	{"兴", "xing"}, {"泉", "quan"}, {"峪", "yu"}, {"川", "chuan"}, {"原", "yuan"}, {"武", "wu"}, {"通", "tong"},
	{"岷", "min"}, {"陇", "long"}, {"庄", "zhuang"}, {"崇", "chong"}, {"景", "jing"}, {"泰", "tai"}, {"嘉", "jia"},
	{"成", "cheng"}, {"古", "gu"}, {"秦", "qin"}, {"礼", "li"}, {"合", "he"}, {"夏", "xia"}, {"积", "ji"},
	{"石", "shi"}, {"高", "gao"}, {"台", "tai"}, {"肃", "su"}, {"南", "nan"}, {"凉", "liang"}, {"祁", "qi"},
	{"连", "lian"}, {"金", "jin"}, {"环", "huan"}, {"镇", "zhen"}, {"正", "zheng"}, {"文", "wen"}, {"徽", "hui"},
	{"舟", "zhou"}, {"曲", "qu"}, {"潭", "tan"}, {"渭", "wei"}, {"源", "yuan"}, {"漳", "zhang"}, {"会", "hui"},
	{"玉", "yu"}, {"瓜", "gua"}, {"敦", "dun"}, {"皋", "gao"}, {"登", "deng"}, {"榆", "yu"}, {"灵", "ling"},
	{"丰", "feng"}, {"泾", "jing"},
}

var (
	synthPlaces     = []string{"长三角", "粤港澳大湾区", "京津冀", "成渝", "新疆", "江浙"}
	synthIndustries = []string{"新材料", "装备制造", "农产品加工", "现代物流", "数据中心", "文旅康养", "氢能", "储能电池", "精细化工", "生物医药"}
	synthPowerTypes = []string{"风电", "光伏", "风光储一体化", "光热"}
)

// The sources every synthetic figure cites; their titles say they are synthetic.
const (
	srcYearbook = iota
	srcBulletin
	srcMonthly
	srcCommerce
	srcForestry
	srcEnergy
	srcTourism
	srcFinance
	srcNews
)

const synthNote = "合成数据，数字均为虚构"

var synthSources = []model.Source{
	{ID: "synth_yearbook", Title: "甘肃发展年鉴（合成数据）", Publisher: "甘肃省统计局", Date: "2025-01-20", NoteZH: synthNote, NoteEN: "Synthetic figures: every number is made up."},
	{ID: "synth_bulletin", Title: "县区国民经济和社会发展统计公报（合成数据）", Publisher: "各县区统计局", Date: "2025-03-31", NoteZH: synthNote, NoteEN: "Synthetic figures: every number is made up."},
	{ID: "synth_monthly", Title: "甘肃省统计月报（合成数据）", Publisher: "甘肃省统计局", Date: "2025-07-20", NoteZH: synthNote, NoteEN: "Synthetic figures: every number is made up."},
	{ID: "synth_commerce", Title: "全省招商引资工作通报（合成数据）", Publisher: "甘肃省商务厅", Date: "2025-02-10", NoteZH: synthNote, NoteEN: "Synthetic figures: every number is made up."},
	{ID: "synth_forestry", Title: "全省防沙治沙工作年报（合成数据）", Publisher: "甘肃省林业和草原局", Date: "2025-02-28", NoteZH: synthNote, NoteEN: "Synthetic figures: every number is made up."},
	{ID: "synth_energy", Title: "全省能源发展统计（合成数据）", Publisher: "甘肃省能源局", Date: "2025-02-15", NoteZH: synthNote, NoteEN: "Synthetic figures: every number is made up."},
	{ID: "synth_tourism", Title: "全省文化和旅游统计（合成数据）", Publisher: "甘肃省文化和旅游厅", Date: "2025-02-12", NoteZH: synthNote, NoteEN: "Synthetic figures: every number is made up."},
	{ID: "synth_finance", Title: "全省财政预算执行情况（合成数据）", Publisher: "甘肃省财政厅", Date: "2025-01-25", NoteZH: synthNote, NoteEN: "Synthetic figures: every number is made up."},
	{ID: "synth_news", Title: "甘肃日报报道汇编（合成数据）", Publisher: "甘肃日报", NoteZH: synthNote, NoteEN: "Synthetic figures: every number is made up."},
}
