package synth

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
)

// Options describe synthetic data; the zero value of a field means its default.
type Options struct {
	Seed         int64 // default 1
	Observations int   // target number of observations, default 1_000_000 (the result is within 2% of it)
	Cities       int   // default 14
	Counties     int   // default 86 (spread over the cities)
	Indicators   int   // default 1000
}

func (o Options) withDefaults() Options {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Observations <= 0 {
		o.Observations = 1_000_000
	}
	if o.Cities <= 0 {
		o.Cities = 14
	}
	if o.Counties <= 0 {
		o.Counties = 86
	}
	if o.Indicators <= 0 {
		o.Indicators = 1000
	}
	return o
}

// Figures builds deterministic, realistic-looking synthetic figures for
// benchmarks: the province of Gansu, its cities (the real prefecture-level
// names) and synthetic counties; indicators of every category with linked
// growth rates, shares, counts, ranks and per-event and per-project figures;
// yearly, monthly, cumulative and quarterly periods; approximate and derived
// figures. Every source is marked as synthetic. The same options give the
// same batch, byte for byte on one platform (math functions and fused
// multiply-adds may differ in the last bit between architectures). The number
// of observations is Observations exactly whenever the regions and indicators
// leave room for it (at least ~20 per region, at most ~25 years per series).
func Figures(opt Options) *store.Batch {
	g := newSynth(opt)
	b := &store.Batch{Sources: slices.Clone(g.sources)}
	b.Regions = make([]model.Region, len(g.regions))
	for i := range g.regions {
		b.Regions[i] = g.regions[i].Region
	}
	b.Indicators = make([]model.Indicator, len(g.inds))
	for i := range g.inds {
		b.Indicators[i] = g.inds[i].Indicator
	}
	b.Observations = make([]model.Observation, 0, g.total)
	g.each(func(o *model.Observation, _ *synthRegion, _ *synthInd, _ *model.Source) error {
		b.Observations = append(b.Observations, *o)
		return nil
	})
	return b
}

// WriteCSV writes the figures Figures(opt) holds in the import/export
// CSV format: the header store.ColumnNames(), then one row per figure with the
// cells store.ExportRecord.Cells gives (defused like export's). Rows come region by
// region, the province first and every city before its counties, so an
// import with Create defines each region before a region under it names it
// as its parent. It streams: memory does not grow with the number of rows.
// It returns the number of rows written.
func WriteCSV(w io.Writer, opt Options) (int, error) {
	g := newSynth(opt)
	bw := bufio.NewWriterSize(w, 256<<10)
	cw := store.NewCSVWriter(bw, false)
	if err := cw.Write(store.FieldNames()); err != nil {
		return 0, err
	}
	n := 0
	err := g.each(func(o *model.Observation, r *synthRegion, ind *synthInd, src *model.Source) error {
		rec := store.ExportRecord{Obs: *o, Region: r.Region, Indicator: ind.Indicator, Source: *src}
		n++
		return cw.Write(rec.Cells())
	})
	if err != nil {
		return n, err
	}
	if err := cw.Flush(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// ---------------------------------------------------------------------------
// Hashing: every random choice is a hash of the seed and what it is about, so
// a figure does not depend on the order figures are generated in.

type hkey uint64

func mix64(x uint64) uint64 { // splitmix64's finaliser
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func (h hkey) with(v int) hkey {
	return hkey(mix64(uint64(h) ^ (uint64(v)*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019)))
}

// unit is uniform in [0, 1).
func (h hkey) unit() float64 { return float64(uint64(h)>>11) * 0x1p-53 }

// norm is standard normal (Box–Muller).
func (h hkey) norm() float64 {
	u1 := (float64(uint64(h)>>11) + 0.5) * 0x1p-53
	u2 := float64(mix64(uint64(h)+0x9e3779b97f4a7c15)>>11) * 0x1p-53
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}

func (h hkey) intn(n int) int { return int(uint64(h) % uint64(n)) }

// What a hash is about.
const (
	tagRegion = iota + 1
	tagCounty
	tagSubject
	tagIndicator
	tagCover
	tagSeries
	tagInclude
	tagLength
	tagScale
	tagDerived
	tagBase
	tagTrend
	tagYear
	tagPeriod
	tagQual
	tagQualKind
	tagShuffle
	tagDec
)

func periodCode(p model.Period) int {
	return p.Year<<16 | int(p.Kind)<<8 | p.From<<4 | p.To
}

// ---------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------
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
	model.CategoryInvestment: 0.14, model.CategoryIndustry: 0.14, model.CategoryDesertification: 0.09,
	model.CategoryEnergy: 0.12, model.CategoryTourism: 0.10, model.CategoryAgriculture: 0.14,
	model.CategoryInnovation: 0.09, model.CategoryFiscal: 0.09, model.CategoryOther: 0.09,
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

const synthNote = "合成数据，数字均为虚构（synthetic figures）"

var synthSources = []model.Source{
	{ID: "synth_yearbook", Title: "甘肃发展年鉴（合成数据）", Publisher: "甘肃省统计局", Date: "2025-01-20", Note: synthNote},
	{ID: "synth_bulletin", Title: "县区国民经济和社会发展统计公报（合成数据）", Publisher: "各县区统计局", Date: "2025-03-31", Note: synthNote},
	{ID: "synth_monthly", Title: "甘肃省统计月报（合成数据）", Publisher: "甘肃省统计局", Date: "2025-07-20", Note: synthNote},
	{ID: "synth_commerce", Title: "全省招商引资工作通报（合成数据）", Publisher: "甘肃省商务厅", Date: "2025-02-10", Note: synthNote},
	{ID: "synth_forestry", Title: "全省防沙治沙工作年报（合成数据）", Publisher: "甘肃省林业和草原局", Date: "2025-02-28", Note: synthNote},
	{ID: "synth_energy", Title: "全省能源发展统计（合成数据）", Publisher: "甘肃省能源局", Date: "2025-02-15", Note: synthNote},
	{ID: "synth_tourism", Title: "全省文化和旅游统计（合成数据）", Publisher: "甘肃省文化和旅游厅", Date: "2025-02-12", Note: synthNote},
	{ID: "synth_finance", Title: "全省财政预算执行情况（合成数据）", Publisher: "甘肃省财政厅", Date: "2025-01-25", Note: synthNote},
	{ID: "synth_news", Title: "甘肃日报报道汇编（合成数据）", Publisher: "甘肃日报", Note: synthNote},
}

// ---------------------------------------------------------------------------
// The generator.

type synthSeries struct {
	region  int32
	ind     int32
	subj    int16 // index into the region's subjects, or -1 for the region total
	freq    synthFreq
	derived bool // a derived prior-year level precedes the first period
	end     int32
	n       int32
}

type synthFunc func(o *model.Observation, r *synthRegion, ind *synthInd, src *model.Source) error

type synth struct {
	opt     Options
	seed    hkey
	regions []synthRegion
	inds    []synthInd
	sources []model.Source
	series  []synthSeries
	total   int

	obs    model.Observation
	labels map[model.Period]string
	buf    []byte
	num    []byte
}

func newSynth(opt Options) *synth {
	opt = opt.withDefaults()
	g := &synth{opt: opt, seed: hkey(mix64(uint64(opt.Seed))), sources: synthSources,
		labels: map[model.Period]string{}, buf: make([]byte, 0, 256), num: make([]byte, 0, 32)}
	g.buildRegions()
	g.buildIndicators()
	g.plan()
	return g
}

func (g *synth) buildRegions() {
	used := map[string]bool{}
	g.regions = append(g.regions, synthRegion{
		Region: model.Region{ID: "gansu", NameZH: "甘肃省", NameEN: "Gansu Province", Level: model.LevelProvince},
		short:  "甘肃", share: 1, rankN: 31,
	})
	used["甘肃省"] = true
	nc := g.opt.Cities
	gdp := make([]float64, nc)
	weights := make([]float64, nc)
	sum := 0.0
	for c := range nc {
		gdp[c], weights[c] = 500, 6
		if c < len(synthCities) {
			gdp[c], weights[c] = synthCities[c].gdp, float64(synthCities[c].counties)
			used[synthCities[c].zh] = true
		}
		sum += gdp[c]
	}
	counts := apportion(g.opt.Counties, weights)
	for c := range nc {
		city := synthRegion{Region: model.Region{ID: fmt.Sprintf("city%02d", c+1), Level: model.LevelCity, Parent: "gansu"},
			share: gdp[c] / sum, rankN: nc}
		if c < len(synthCities) {
			city.NameZH, city.NameEN, city.short = synthCities[c].zh, synthCities[c].en, synthCities[c].short
		} else {
			zh, en := g.placeName(g.seed.with(tagRegion).with(c), used)
			city.NameZH, city.NameEN, city.short = zh+"市", en+" City", zh
		}
		g.regions = append(g.regions, city)
		// Counties split most of the city's amounts, unevenly.
		cw := make([]float64, counts[c])
		cs := 0.0
		for k := range cw {
			cw[k] = math.Exp(0.5 * g.seed.with(tagCounty).with(c).with(k).norm())
			cs += cw[k]
		}
		for k := range counts[c] {
			zh, en := g.placeName(g.seed.with(tagCounty).with(c).with(k), used)
			suffix, suffixEN := "县", " County"
			if k == 0 && counts[c] >= 3 {
				suffix, suffixEN = "区", " District"
			}
			g.regions = append(g.regions, synthRegion{
				Region: model.Region{ID: fmt.Sprintf("%s_county%02d", city.ID, k+1), NameZH: zh + suffix, NameEN: en + suffixEN,
					Level: model.LevelCounty, Parent: city.ID},
				short: zh, share: city.share * 0.85 * cw[k] / cs, rankN: g.opt.Counties,
			})
		}
	}
	for i := range g.regions {
		g.regions[i].subjects = g.subjectsOf(i)
	}
}

// placeName makes a two-character place name not used yet: 安宁, Anning.
func (g *synth) placeName(h hkey, used map[string]bool) (string, string) {
	n := len(synthNameChars)
	for attempt := 0; ; attempt++ {
		k := h.with(attempt)
		a, b := k.intn(n), k.with(1).intn(n)
		if a == b {
			continue
		}
		zh := synthNameChars[a].zh + synthNameChars[b].zh
		if attempt > 4*n*n { // every pair taken: number them
			zh += strconv.Itoa(attempt)
		}
		if used[zh] {
			continue
		}
		used[zh] = true
		py2 := synthNameChars[b].py
		if strings.ContainsRune("aeo", rune(py2[0])) {
			py2 = "'" + py2
		}
		py := strings.ToUpper(synthNameChars[a].py[:1]) + synthNameChars[a].py[1:] + py2
		if attempt > 4*n*n {
			py += strconv.Itoa(attempt)
		}
		return zh, py
	}
}

// apportion splits total into integers proportional to weights (largest
// remainder; equal weights when all are zero).
func apportion(total int, weights []float64) []int {
	out := make([]int, len(weights))
	if len(weights) == 0 {
		return out
	}
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	if sum == 0 {
		for i := range weights {
			weights[i] = 1
		}
		sum = float64(len(weights))
	}
	rem := make([]float64, len(weights))
	given := 0
	for i, w := range weights {
		x := float64(total) * w / sum
		out[i] = int(x)
		rem[i] = x - float64(out[i])
		given += out[i]
	}
	for ; given < total; given++ {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}

// subjectsOf names the promotion events, projects, enterprise and fund of a
// region.
func (g *synth) subjectsOf(ri int) []synthSubject {
	r := &g.regions[ri]
	h := g.seed.with(tagSubject).with(ri)
	var out []synthSubject
	for i, y := range []int{2022, 2023, 2024} {
		k := h.with(i)
		var name string
		switch k.intn(3) {
		case 0:
			name = fmt.Sprintf("%d年兰洽会%s专场签约活动", y, r.NameZH)
		case 1:
			name = fmt.Sprintf("%d年%s%s招商推介会", y, r.NameZH, synthPlaces[k.with(1).intn(len(synthPlaces))])
		default:
			name = fmt.Sprintf("%d年%s“春晖行动”招商活动", y, r.NameZH)
		}
		out = append(out, synthSubject{name: name, kind: subjEvent, year: y, month: 3 + k.with(2).intn(8)})
	}
	a := h.with(10).intn(len(synthIndustries))
	b := (a + 1 + h.with(11).intn(len(synthIndustries)-1)) % len(synthIndustries)
	for i, ind := range []int{a, b} {
		out = append(out, synthSubject{name: r.short + synthIndustries[ind] + "产业园项目", kind: subjProject, year: 2020 + h.with(12+i).intn(4)})
	}
	sizes := []float64{10, 20, 30, 50, 100}
	size := sizes[h.with(20).intn(len(sizes))]
	out = append(out, synthSubject{
		name: fmt.Sprintf("%s%s万千瓦%s项目", r.short, model.FormatNumber(size), synthPowerTypes[h.with(21).intn(len(synthPowerTypes))]),
		kind: subjPower, year: 2021 + h.with(22).intn(4), size: size})
	out = append(out, synthSubject{name: r.short + synthIndustries[h.with(30).intn(len(synthIndustries))] + "集团有限公司", kind: subjFirm})
	fund := "产业发展基金"
	if h.with(40).intn(2) == 1 {
		fund = "新能源产业基金"
	}
	out = append(out, synthSubject{name: r.NameZH + fund, kind: subjFund, year: 2020 + h.with(41).intn(5)})
	return out
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r >= 'a' && r <= 'z' {
		return string(r-'a'+'A') + s[n:]
	}
	return s
}

// englishName joins a modifier and a base: "new-energy funds in place",
// "Afforestation area, Hexi Corridor", "Wind power: installed capacity".
func englishName(mod, base string) string {
	switch {
	case mod == "":
		return upperFirst(base)
	case strings.Contains(mod, "%s"):
		return upperFirst(fmt.Sprintf(mod, base))
	}
	return upperFirst(mod + " " + base)
}

func (g *synth) buildIndicators() {
	total := g.opt.Indicators
	nSubj := min(len(synthSubjectInds), total/20)
	weights := make([]float64, len(model.Categories))
	for i, c := range model.Categories {
		weights[i] = synthCategoryWeight[c]
	}
	quota := apportion(total-nSubj, weights)
	for ci, c := range model.Categories {
		g.categoryIndicators(c, quota[ci])
	}
	for _, s := range synthSubjectInds[:nSubj] {
		scale := math.Pow(10, s.mag)
		g.inds = append(g.inds, synthInd{
			Indicator: model.Indicator{ID: s.id, NameZH: s.zh, NameEN: s.en, Category: s.cat, Kind: s.kind, Unit: s.unit, Scope: s.scope},
			short:     s.short, verb: s.verb, scale: scale, trend: 0.05, dec: s.dec, level: -1, subj: s.subj, cover: model.LevelCounty,
		})
	}
	for i := range g.inds {
		ind := &g.inds[i]
		h := g.seed.with(tagIndicator).with(i)
		if ind.Kind == kLevel || ind.Kind == kCount || ind.Kind == kTarget {
			ind.scale *= math.Exp(0.3 * h.with(tagScale).norm())
		}
		if ind.level >= 0 {
			ind.cover, ind.freq = g.inds[ind.level].cover, g.inds[ind.level].freq
			continue
		}
		ind.trend = 0.065 + 0.035*h.with(tagTrend).norm()
		if ind.Scope != model.ScopeRegion {
			continue
		}
		switch u := h.with(tagCover).unit(); {
		case ind.noProv || u >= 0.2:
			ind.cover = model.LevelCounty
		case u < 0.05:
			ind.cover = model.LevelProvince
		default:
			ind.cover = model.LevelCity
		}
	}
}

// categoryIndicators adds n indicators of category c: each family's
// modifiers crossed with its bases, a growth rate after each level that has
// one, further rounds with a suffix if the crossing runs out.
func (g *synth) categoryIndicators(c model.Category, n int) {
	prefix := map[model.Category]string{model.CategoryInvestment: "inv", model.CategoryIndustry: "ind",
		model.CategoryDesertification: "des", model.CategoryEnergy: "ene", model.CategoryTourism: "tou",
		model.CategoryAgriculture: "agr", model.CategoryInnovation: "inn", model.CategoryFiscal: "fis", model.CategoryOther: "oth"}[c]
	fams := synthFamilies[c]
	added := 0
	for round := 1; added < n; round++ {
		idSuffix, zhSuffix, enSuffix := "", "", ""
		if round > 1 {
			idSuffix = fmt.Sprintf("_r%d", round)
			if round-2 < len(synthRounds) {
				zhSuffix, enSuffix = synthRounds[round-2][0], " "+synthRounds[round-2][1]
			} else {
				zhSuffix, enSuffix = fmt.Sprintf("（口径%d）", round), fmt.Sprintf(" (definition %d)", round)
			}
		}
		for fi, fam := range fams {
			for mi, mod := range fam.mods {
				for _, b := range fam.bases {
					if added == n {
						return
					}
					if b.only && (mi > 0 || fi > 0) {
						continue
					}
					id := prefix + "_" + b.key
					if mod.key != "" {
						id = prefix + "_" + mod.key + "_" + b.key
					}
					id += idSuffix
					scale := 0.0
					switch b.kind {
					case kLevel, kTarget:
						scale = math.Pow(10, b.mag) * mod.factor
					case kCount: // a sector's count of things is less skewed than its amounts
						scale = math.Pow(10, b.mag) * math.Sqrt(mod.factor)
					default:
						scale = b.mag
					}
					ind := synthInd{
						Indicator: model.Indicator{ID: id, NameZH: mod.zh + b.zh + zhSuffix, NameEN: englishName(mod.en, b.en) + enSuffix,
							Category: c, Kind: b.kind, Unit: b.unit},
						short: b.zh, verb: b.verb, scale: scale, dec: b.dec, freq: b.freq, level: -1, noProv: b.kind == kRank,
					}
					g.inds = append(g.inds, ind)
					added++
					if b.growth && added < n {
						li := len(g.inds) - 1
						g.inds[li].hasGrowth = true
						dec := 1
						if g.seed.with(tagDec).with(li).unit() < 0.3 {
							dec = 2
						}
						g.inds = append(g.inds, synthInd{
							Indicator: model.Indicator{ID: id + "_growth", NameZH: ind.NameZH + "增速", NameEN: ind.NameEN + " (growth)",
								Category: c, Kind: kGrowth, Unit: "%", GrowthOf: id},
							short: b.zh + "增速", dec: dec, level: li,
						})
						added++
					}
				}
			}
		}
	}
}

// covers says whether an indicator is published for a region.
func (ind *synthInd) covers(r *synthRegion) bool {
	if ind.noProv && r.Level == model.LevelProvince {
		return false
	}
	return r.Level <= ind.cover
}

// seriesKey identifies a value path: a growth rate follows its level's.
func (g *synth) seriesKey(region, path, subj int) hkey {
	return g.seed.with(tagSeries).with(region).with(path).with(subj + 1)
}

func (g *synth) pathOf(ii int) int {
	if l := g.inds[ii].level; l >= 0 {
		return l
	}
	return ii
}

// candidates lists every series the regions and indicators allow, with its
// nominal length, region by region in tree order.
func (g *synth) candidates(fn func(s synthSeries, key hkey)) {
	for ri := range g.regions {
		r := &g.regions[ri]
		for ii := range g.inds {
			ind := &g.inds[ii]
			if ind.Scope != model.ScopeRegion {
				for si := range r.subjects {
					sub := &r.subjects[si]
					if sub.kind != ind.subj {
						continue
					}
					s := synthSeries{region: int32(ri), ind: int32(ii), subj: int16(si), freq: freqYear, n: 1}
					switch {
					case sub.kind == subjEvent:
						s.freq, s.end = freqMonth, int32(sub.year*12+sub.month-1)
					case sub.kind == subjFirm:
						s.end, s.n = synthLastYear, 4
					case ind.ID == "inv_project_annual_investment":
						s.end = int32(min(sub.year+3, synthLastYear))
						s.n = s.end - int32(sub.year) + 1
					default:
						s.end = int32(sub.year)
					}
					fn(s, g.seriesKey(ri, ii, si))
				}
				continue
			}
			if !ind.covers(r) {
				continue
			}
			freq := ind.freq
			if r.Level == model.LevelCounty {
				freq = freqYear
			}
			key := g.seriesKey(ri, g.pathOf(ii), -1)
			s := synthSeries{region: int32(ri), ind: int32(ii), subj: -1, freq: freq, end: int32(synthEnd[freq])}
			u := key.with(tagLength).unit()
			switch freq {
			case freqYear:
				s.n = 14
				if u < 0.6 {
					s.n = 5 + int32(u/0.6*9)
				}
			case freqMonth:
				s.n = 18 + int32(u*13)
			case freqCumul:
				s.n = 22
			case freqQuarter:
				s.n = 10 + int32(u*5)
			}
			s.derived = freq == freqYear && ind.hasGrowth && key.with(tagDerived).unit() < 0.04
			fn(s, key)
		}
	}
}

func (s *synthSeries) count() int {
	if s.derived {
		return int(s.n) + 1
	}
	return int(s.n)
}

// plan chooses the series and their lengths so that they hold the target
// number of figures: with fewer figures than the regions and indicators
// allow, a share of the series; with more, longer series; then single
// periods added or removed until the count is exact.
func (g *synth) plan() {
	target := g.opt.Observations
	nominal := 0
	g.candidates(func(s synthSeries, _ hkey) { nominal += s.count() })
	d := float64(target) / float64(max(nominal, 1))
	lastRegion, inRegion := int32(-1), 0
	var first synthSeries
	g.candidates(func(s synthSeries, key hkey) {
		if s.region != lastRegion {
			if lastRegion >= 0 && inRegion == 0 {
				g.series = append(g.series, first) // every region has a figure: import defines it from its rows
			}
			lastRegion, inRegion, first = s.region, 0, s
		}
		if d < 1 && key.with(tagInclude).unit() >= d {
			return
		}
		if d > 1 && s.subj < 0 {
			s.n = int32(min(synthMaxLen[s.freq], int(float64(s.n)*d+key.with(tagScale).unit())))
		}
		g.series = append(g.series, s)
		inRegion++
	})
	if lastRegion >= 0 && inRegion == 0 {
		g.series = append(g.series, first)
	}
	total := 0
	var adjustable []int32
	for i := range g.series {
		total += g.series[i].count()
		if g.series[i].subj < 0 {
			adjustable = append(adjustable, int32(i))
		}
	}
	// A deterministic shuffle, so the extra periods spread over regions and indicators.
	h := g.seed.with(tagShuffle)
	for i := len(adjustable) - 1; i > 0; i-- {
		j := h.with(i).intn(i + 1)
		adjustable[i], adjustable[j] = adjustable[j], adjustable[i]
	}
	for total != target {
		progress := false
		for _, i := range adjustable {
			s := &g.series[i]
			switch {
			case total < target && int(s.n) < synthMaxLen[s.freq]:
				s.n++
				total++
				progress = true
			case total > target && s.n > 1:
				s.n--
				total--
				progress = true
			}
			if total == target {
				break
			}
		}
		if !progress {
			break
		}
	}
	g.total = total
}

// each generates every figure in plan order, calling fn with an
// observation it reuses: fn must copy what it keeps.
func (g *synth) each(fn synthFunc) error {
	for i := range g.series {
		if err := g.emitSeries(&g.series[i], fn); err != nil {
			return err
		}
	}
	return nil
}

func (g *synth) sourceOf(s *synthSeries, r *synthRegion, ind *synthInd) *model.Source {
	idx := srcYearbook
	switch {
	case s.subj >= 0 || ind.Kind == kRank:
		idx = srcNews
	case s.freq != freqYear:
		idx = srcMonthly
	case r.Level == model.LevelCounty:
		idx = srcBulletin
	default:
		switch ind.Category {
		case model.CategoryInvestment:
			idx = srcCommerce
		case model.CategoryDesertification:
			idx = srcForestry
		case model.CategoryEnergy:
			idx = srcEnergy
		case model.CategoryTourism:
			idx = srcTourism
		case model.CategoryFiscal:
			idx = srcFinance
		}
	}
	return &g.sources[idx]
}

// path is the value path of a level: a base, a trend and yearly and
// per-period noise, the same for the level and its growth rate.
type synthPath struct {
	key   hkey
	base  float64
	trend float64
}

func (g *synth) pathFor(s *synthSeries, r *synthRegion) synthPath {
	pi := g.pathOf(int(s.ind))
	ind := &g.inds[pi]
	key := g.seriesKey(int(s.region), pi, int(s.subj))
	share := r.share
	switch {
	case s.subj >= 0:
		share = math.Pow(share, 0.25) // one project is not smaller in proportion to its county
	case ind.Kind == kCount:
		share = math.Pow(share, 0.75) // small places still have a few of everything
	}
	return synthPath{key: key,
		base:  ind.scale * share * math.Exp(0.35*key.with(tagBase).norm()),
		trend: ind.trend + 0.03*key.with(tagTrend).norm()}
}

// at is the unrounded level in period p: yearly totals, or the period's
// seasonal part of the year for months, cumulative months and quarters.
func (p *synthPath) at(per model.Period) float64 {
	v := p.base * math.Exp(p.trend*float64(per.Year-2018)+0.06*p.key.with(tagYear).with(per.Year).norm())
	if per.Kind != model.PeriodYear {
		v *= (seasonCum[per.To] - seasonCum[per.From-1]) * math.Exp(0.04*p.key.with(tagPeriod).with(periodCode(per)).norm())
	}
	return v
}

// growth is the year-on-year growth of the path in p, in percent.
func (p *synthPath) growth(per model.Period) float64 {
	return clamp((p.at(per)/p.at(per.YearEarlier())-1)*100, -20, 40)
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

func (g *synth) label(p model.Period) string {
	if l, ok := g.labels[p]; ok {
		return l
	}
	l := p.Label(model.Chinese)
	g.labels[p] = l
	return l
}

// number writes v to g.num with dec decimals, the way it is published, and
// returns the value that text means (the text is written first and parsed
// back, so value and text always agree). A positive amount never rounds to 0.
func (g *synth) number(v float64, dec int, positive bool) float64 {
	g.num = strconv.AppendFloat(g.num[:0], v, 'f', dec, 64)
	val, _ := strconv.ParseFloat(string(g.num), 64)
	if positive && val <= 0 {
		val = math.Pow(10, -float64(dec))
		g.num = strconv.AppendFloat(g.num[:0], val, 'f', dec, 64)
		val, _ = strconv.ParseFloat(string(g.num), 64)
	}
	if val == 0 {
		val = 0 // no negative zero
	}
	g.num = strconv.AppendFloat(g.num[:0], val, 'f', -1, 64)
	return val
}

// rounded writes v rounded down (or up) to one significant digit below 100,
// two from 100: 44.9 is 40多 or 近50; 1234 is 超1200.
func (g *synth) rounded(v float64, up bool) float64 {
	e := math.Floor(math.Log10(v))
	sig := 1.0
	if v >= 100 {
		sig = 2
	}
	exp := e - sig + 1
	step := math.Pow(10, exp)
	q := math.Floor(v / step)
	if up {
		q = math.Ceil(v / step)
	}
	return g.number(q*step, max(0, int(-exp)), false)
}

func (g *synth) emitSeries(s *synthSeries, fn synthFunc) error {
	r := &g.regions[s.region]
	ind := &g.inds[s.ind]
	src := g.sourceOf(s, r, ind)
	path := g.pathFor(s, r)
	subj := ""
	var sub *synthSubject
	if s.subj >= 0 {
		sub = &r.subjects[s.subj]
		subj = sub.name
	}
	o := &g.obs
	firstPos := int(s.end) - int(s.n) + 1
	first := s.freq.period(firstPos)
	if s.derived {
		*o = model.Observation{Indicator: ind.ID, Region: r.ID, Period: first.YearEarlier(), Unit: ind.Unit, Kind: ind.Kind,
			Source: src.ID, Note: "按次年公布值及其增速推算的上年数值"}
		g.derived(o, ind, &path, first, g.inds[s.ind+1].dec) // a level with a growth rate is followed by it
		if err := fn(o, r, ind, src); err != nil {
			return err
		}
	}
	for pos := firstPos; pos <= int(s.end); pos++ {
		p := s.freq.period(pos)
		*o = model.Observation{Indicator: ind.ID, Region: r.ID, Subject: subj, Period: p, Unit: ind.Unit, Kind: ind.Kind, Source: src.ID}
		pk := path.key.with(periodCode(p))
		vp := p // the value's period: a subject's figures are yearly amounts, whatever period they cite
		if sub != nil {
			vp = model.Year(p.Year)
		}
		qualOK := !(s.derived && pos == firstPos)
		var val float64
		switch ind.Kind {
		case kLevel:
			v := path.at(vp)
			if sub != nil && sub.kind == subjPower {
				v = sub.size
			}
			val = g.figure(o, v, ind.dec, pk, qualOK && sub == nil)
		case kCount:
			val = g.figure(o, math.Max(1, math.Round(path.at(vp))), 0, pk, qualOK)
		case kTarget:
			val = g.rounded(path.at(vp)*1.1, false)
		case kGrowth:
			var v float64
			if ind.level >= 0 {
				v = path.growth(p)
			} else {
				v = clamp(ind.scale+4*path.key.with(tagYear).with(p.Year).norm()+1.5*pk.norm(), -20, 40)
			}
			val = g.number(v, ind.dec, false)
		case kShare:
			var v float64
			if ind.scale >= 80 { // a completion rate
				v = clamp(ind.scale+10*path.key.with(tagBase).norm()+6*pk.norm(), 0, 150)
			} else { // a proportion
				c := ind.scale * math.Exp(0.3*path.key.with(tagBase).norm())
				v = clamp(c*math.Exp(0.01*float64(p.Year-2018))+0.05*c*pk.norm(), 0.01, 100)
			}
			val = g.figure(o, v, ind.dec, pk, qualOK)
		case kRank:
			n := r.rankN
			base := 1 + path.key.with(tagBase).intn(n)
			val = float64(min(n, max(1, base+int(math.Round(1.2*pk.norm())))))
			g.number(val, 0, false)
		}
		o.Value = val
		g.fragment(o, ind, sub)
		if err := fn(o, r, ind, src); err != nil {
			return err
		}
	}
	return nil
}

// figure writes a published amount, count or share, sometimes as officials
// write approximate figures (50多, 30余, 超10, 近130, 35%以上).
func (g *synth) figure(o *model.Observation, v float64, dec int, pk hkey, qualOK bool) float64 {
	if qualOK && v >= 1 && pk.with(tagQual).unit() < 0.05 {
		k := pk.with(tagQualKind).intn(4)
		if o.Kind == kShare {
			o.Qualifier = []model.Qualifier{model.QualAtLeast, model.QualOver, model.QualNearly, model.QualAtLeast}[k]
		} else if v >= 10 {
			o.Qualifier = []model.Qualifier{model.QualMore, model.QualOdd, model.QualOver, model.QualNearly}[k]
		}
		if o.Qualifier != model.QualNone {
			if val := g.rounded(v, o.Qualifier == model.QualNearly); val > 0 {
				return val
			}
			o.Qualifier = model.QualNone
		}
	}
	return g.number(v, dec, o.Kind != kShare)
}

// appendPublished writes the figure as published: number (in g.num),
// qualifier and unit, e.g. 44.9亿元, 50多家, 超10万吨, 35%以上, 第二位.
func (g *synth) appendPublished(b []byte, o *model.Observation) []byte {
	q := o.Qualifier
	if o.Kind == kRank {
		b = append(b, "第"...)
		b = append(b, g.num...)
		return append(b, "位"...)
	}
	if q.IsPrefix() {
		b = append(b, q...)
	}
	b = append(b, g.num...)
	if q == model.QualMore || q == model.QualOdd {
		b = append(b, q...)
	}
	b = append(b, o.Unit...)
	if q == model.QualAtLeast {
		b = append(b, q...)
	}
	return b
}

// fragment writes the short phrase citing the figure, and Published as the
// part of it that is the figure: 2024年到位资金达44.9亿元.
func (g *synth) fragment(o *model.Observation, ind *synthInd, sub *synthSubject) {
	b := g.buf
	var start, end int
	for try := 0; try < 4; try++ {
		b = b[:0]
		if try == 0 && (sub == nil || sub.kind != subjEvent) {
			b = append(b, g.label(o.Period)...)
		}
		if try <= 1 && sub != nil {
			b = append(b, sub.name...)
		}
		switch {
		case try <= 1 && sub == nil:
			b = append(b, ind.NameZH...)
			b = append(b, ind.verb...)
		case try <= 2:
			b = append(b, ind.short...)
			if try <= 1 {
				b = append(b, ind.verb...)
			}
		}
		start = len(b)
		b = g.appendPublished(b, o)
		end = len(b)
		if utf8.RuneCount(b) <= model.MaxFragment {
			break
		}
	}
	g.buf = b
	f := string(b)
	o.Fragment, o.Published = f, f[start:end]
}

// derived writes the prior-year level derived from the first published
// level and its growth: 44.9/(1+12.5/100), with both numbers in the fragment.
func (g *synth) derived(o *model.Observation, ind *synthInd, path *synthPath, first model.Period, growthDec int) {
	g.number(path.at(first), ind.dec, true)
	a := string(g.num)
	g.number(path.growth(first), growthDec, false)
	gr := string(g.num)
	var f strings.Builder
	f.WriteString(a)
	if strings.HasPrefix(gr, "-") {
		f.WriteString("/(1-")
		f.WriteString(gr[1:])
	} else {
		f.WriteString("/(1+")
		f.WriteString(gr)
	}
	f.WriteString("/100)")
	o.Derivation = f.String()
	v, err := model.EvalFormula(o.Derivation)
	if err != nil { // cannot happen: the growth is at least -20%
		panic(err)
	}
	o.Value = v
	for try := 0; try < 3; try++ {
		b := g.buf[:0]
		if try == 0 {
			b = append(b, g.label(first)...)
		}
		if try <= 1 {
			b = append(b, ind.NameZH...)
		} else {
			b = append(b, ind.short...)
		}
		b = append(b, a...)
		b = append(b, ind.Unit...)
		b = append(b, "，增速"...)
		b = append(b, gr...)
		b = append(b, '%')
		g.buf = b
		if utf8.RuneCount(b) <= model.MaxFragment {
			break
		}
	}
	o.Fragment = string(g.buf)
}

// BuildDB writes Figures(opt) into a new database at path, for
// benchmarks and comparisons with other tools.
func BuildDB(path string, opt Options) error {
	db, err := store.Create(path)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Apply(Figures(opt))
	return err
}
