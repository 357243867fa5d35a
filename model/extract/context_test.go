package extract

import (
	"testing"

	"github.com/gansudash/gansudash/model"
)

// Context the engine reads beyond a figure's own sentence: the period a
// paragraph of a statistics report opens with, the divisions of Gansu the
// catalog lacks, the narrower of two places named together, and a rate
// given for another place with 为.

// publishedPeriod is a figure, by its published text, and the period it
// must take.
type publishedPeriod struct{ published, period string }

// wantPeriods checks the period of each figure.
func wantPeriods(t *testing.T, ps []Proposal, want []publishedPeriod) {
	t.Helper()
	for _, w := range want {
		if p := find(ps, w.published); p == nil || p.Period != w.period {
			t.Errorf("%s: %+v, want period %s", w.published, p, w.period)
		}
	}
}

func TestPartOfAYearOpeningAParagraphFramesTheParagraphsAfterIt(t *testing.T) {
	text := "今年前三季度,全省规模以上工业增加值同比增长12%。\n" +
		"分区域来看,14个市州均实现正增长,其中8个地区呈现两位数增长。兰州新区规上工业同比增长18.1%,临夏州为15.7%。\n" +
		"1—9月,60家重点企业完成工业总产值6132亿元,同比增长12.4%,占全省工业增加值的47%。\n" +
		"9月,27家企业入库纳统,全年新增产值4.2亿元。\n"
	ps := extractOne(t, text, Date{2024, 11, 6})
	wantPeriods(t, ps, []publishedPeriod{
		{"12%", "2024-01/2024-09"},
		{"14个", "2024-01/2024-09"}, // no time of its own: the report's
		{"18.1%", "2024-01/2024-09"},
		{"6132亿元", "2024-01/2024-09"},
		{"27家", "2024-09"}, // a month opening a paragraph frames only it
		{"4.2亿元", "2024"},  // 全年
	})
	// 增加值 is value added, not a growth: a share of it is a share.
	if p := find(ps, "47%"); p == nil || p.Kind != model.KindSharePct {
		t.Errorf("47%%: %+v, want a share", p)
	}
	// 临夏州为15.7%: the rate before it, for another place.
	if p := find(ps, "15.7%"); p == nil || p.Kind != model.KindGrowthPct || p.RegionNew != "临夏州" {
		t.Errorf("15.7%%: %+v, want a growth rate of new region 临夏州", p)
	}
}

func TestASinceOrALaterSentenceFramesOnlyItsOwnParagraph(t *testing.T) {
	text := "今年以来,凉州区签约项目25个。\n" +
		"项目位于九墩滩光伏治沙示范园区,总投资13亿元。\n" +
		"2024年,武威市招商引资到位资金100亿元。上半年和三季度均获全省进步奖第一位。\n" +
		"这是加速发展的一年,4条产业链产值突破百亿元。\n"
	ps := extractOne(t, text, Date{2025, 6, 0})
	wantPeriods(t, ps, []publishedPeriod{
		{"25个", "2025-01/2025-06"},
		{"13亿元", "2025"}, // a project after 今年以来: the year, not a total since
		{"4条", "2024"},   // not the prize's 2024Q3
	})
}

func TestDivisionsOfGansuAreKnownByTheirNames(t *testing.T) {
	text := "临夏州共储备招商引资推介项目378项。\n目前,和政县储备项目64项,总投资116.3亿元;积石山县储备项目33项;天祝县储备项目9项。\n"
	c := Catalog{Regions: append(testRegions(), model.Region{ID: "tianzhu", NameZH: "天祝藏族自治县", Level: model.LevelCounty, Parent: "wuwei"})}
	ps := Extract(Article{Text: text, Date: Date{2019, 2, 21}}, c, Options{})
	for _, tt := range []struct{ published, region, regionNew, fragment string }{
		{"378项", "", "临夏州", ""},
		{"64项", "", "和政县", "和政县储备项目64项"}, // 和 is not a conjunction here
		{"116.3亿元", "", "和政县", ""},
		{"33项", "", "积石山县", ""},
		{"9项", "tianzhu", "", ""}, // the stored region, by its short name
	} {
		p := find(ps, tt.published)
		if p == nil || p.Region != tt.region || p.RegionNew != tt.regionNew || tt.fragment != "" && p.Fragment != tt.fragment {
			t.Errorf("%s: %+v, want region %q new %q fragment %q", tt.published, p, tt.region, tt.regionNew, tt.fragment)
		}
	}
}

func TestTheNarrowerOfTwoPlacesNamedTogetherIsTheSubject(t *testing.T) {
	text := "甘肃省武威市持续实施国土绿化行动,新增人工造林24.11万亩、城市绿地102.03万平方米;义务植树738万株。\n"
	ps := Extract(Article{Text: text, Title: "甘肃武威超额完成2022年国土绿化任务", Date: Date{2022, 7, 12}}, Catalog{Regions: testRegions()}, Options{})
	for _, pub := range []string{"24.11万亩", "738万株"} {
		if p := find(ps, pub); p == nil || p.Region != "wuwei" {
			t.Errorf("%s: %+v, want region wuwei", pub, p)
		}
	}
}

func TestADatelineWithoutASourceDatesTheArticle(t *testing.T) {
	for _, tt := range []struct {
		text, title, publisher, date string
		ok                           bool
	}{
		{"張掖市大力推進林草事業高質量發展\n\n2020-04-10     張掖日報\n\n甘肅張掖網訊 去年,", "张掖市大力推进林草事业高质量发展", "张掖日报", "2020-04-10", true},
		{"武威超额完成国土绿化任务\n发布时间：2022-07-12 09:30\n正文", "武威超额完成国土绿化任务", "", "2022-07-12", true},
		{"国土绿化任务\n   2022-07-12 650\n核心提示:", "国土绿化任务", "", "2022-07-12", true}, // a count of readers
		{"2022-07-12 第3版\n正文", "", "", "", false},
		{"2025年12月07日 星期日\n金昌招商引资\n正文", "", "", "", false}, // the page's banner of today
	} {
		title, pub, d, ok := ParseHeader(tt.text)
		if ok != tt.ok || title != tt.title || pub != tt.publisher || d.String() != tt.date {
			t.Errorf("ParseHeader(%q) = %q %q %v %v, want %q %q %s %v", tt.text, title, pub, d, ok, tt.title, tt.publisher, tt.date, tt.ok)
		}
	}
}

func TestAParkNamedAfterAStoredRegionIsANewRegionInIt(t *testing.T) {
	text := "民勤红沙岗能源化工工业集中区风光电装机达299万千瓦。\n" +
		"天祝金强工业集中区构建“一区两园”格局,去年园区入驻企业84户。\n通渭工业集中区完成工业总产值16.7亿元。\n"
	c := Catalog{Regions: append(testRegions(),
		model.Region{ID: "tianzhu", NameZH: "天祝藏族自治县", Level: model.LevelCounty, Parent: "wuwei"},
		model.Region{ID: "tongwei_industrial_zone", NameZH: "通渭工业集中区", Level: model.LevelPark, Parent: "tongwei"})}
	ps := Extract(Article{Text: text, Date: Date{2025, 5, 16}}, c, Options{})
	for _, tt := range []struct{ published, region, regionNew, parent string }{
		{"299万千瓦", "", "民勤红沙岗能源化工工业集中区", "minqin"},
		{"84户", "", "天祝金强工业集中区", "tianzhu"},
		{"16.7亿元", "tongwei_industrial_zone", "", ""},
	} {
		p := find(ps, tt.published)
		if p == nil || p.Region != tt.region || p.RegionNew != tt.regionNew || p.RegionParent != tt.parent {
			t.Errorf("%s: %+v, want region %q new %q in %q", tt.published, p, tt.region, tt.regionNew, tt.parent)
		}
	}
	// The park's name is where, not what: the label is what follows it.
	if p := find(ps, "299万千瓦"); p == nil || p.IndicatorZH != "风光电装机" {
		t.Errorf("299万千瓦: %+v, want the label 风光电装机", p)
	}
}

func TestACityPaperAndATitleNameTheArticlesCity(t *testing.T) {
	// 我市 in 金昌日报; 下达市列… is a verb, not a city.
	text := "据金昌日报报道 我市经济保持稳中有进的良好态势。上半年,全市实现地区生产总值283.09亿元,增长10.9%。\n" +
		"同时,下达市列重大项目前期费资金1932万元。\n"
	ps := extractOne(t, text, Date{2023, 8, 16})
	for _, pub := range []string{"283.09亿元", "10.9%", "1932万元"} {
		if p := find(ps, pub); p == nil || p.RegionNew != "金昌市" {
			t.Errorf("%s: %+v, want new region 金昌市", pub, p)
		}
	}
	// A title naming a city by its stem; a park named after it.
	text = "平凉工业园区推行新体制改革。今年上半年,园区招商35批次。\n数据显示,今年上半年,全市7个园区完成地区生产总值73.67亿元。\n"
	ps = Extract(Article{Text: text, Title: "煤海跃“智” 产业焕新——平凉强工业行动书写转型发展新篇章", Date: Date{2025, 12, 8}}, Catalog{Regions: testRegions()}, Options{})
	if p := find(ps, "35批次"); p == nil || p.RegionNew != "平凉工业园区" || p.RegionParent != "平凉市" {
		t.Errorf("35批次: %+v, want the new park 平凉工业园区 in 平凉市", p)
	}
	if p := find(ps, "73.67亿元"); p == nil || p.RegionNew != "平凉市" {
		t.Errorf("73.67亿元: %+v, want new region 平凉市", p)
	}
}

func TestAHalfYearOpeningALaterSentenceFramesTheReportAndAStockOnlyItsSentence(t *testing.T) {
	text := "我市经济稳中有进。上半年,全市实现地区生产总值283.09亿元。\n" +
		"农业生产总体平稳,农作物播种面积136.88万亩,增长3.3%。\n" +
		"2019年,全市完成营造林56.38万亩。至目前,全市林地面积达77.27万公顷;森林覆盖率14.68%。全市特色经济林面积达到101.4万亩。\n"
	ps := extractOne(t, text, Date{2023, 8, 16})
	wantPeriods(t, ps, []publishedPeriod{
		{"136.88万亩", "2023H1"},
		{"3.3%", "2023H1"},
		{"56.38万亩", "2019"},
		{"77.27万公顷", "@2023-08"},
		{"14.68%", "@2023-08"}, // across ;
		{"101.4万亩", "2019"},    // the next sentence: the paragraph's own period again
	})
}

func TestANumberInAShortQuotedNameIsNoFigure(t *testing.T) {
	text := "2023年,武威市落实“省47条”“市64条”和「28条」等政策措施,新入库限额以上商贸企业18家,获“进步奖”第一位。\n"
	ps := extractOne(t, text, Date{})
	if len(ps) != 2 || find(ps, "18家") == nil || find(ps, "第一位") == nil {
		t.Errorf("proposals %+v, want 18家 and 第一位 only", ps)
	}
}

func TestALabelEndingInAWordLikeASignedContractKeepsIt(t *testing.T) {
	ps := extractOne(t, "2025年,武威市对接项目49项,签约10项、总投资32.3亿元。\n", Date{})
	if p := find(ps, "10项"); p == nil || p.IndicatorZH != "签约" || p.Qualifier != model.QualNone {
		t.Errorf("10项: %+v, want the label 签约 and no qualifier", p)
	}
}
