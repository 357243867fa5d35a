package extract

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
)

func testRegions() []model.Region {
	return []model.Region{
		{ID: "gansu", NameZH: "甘肃省", Level: model.LevelProvince},
		{ID: "wuwei", NameZH: "武威市", Level: model.LevelCity, Parent: "gansu"},
		{ID: "liangzhou", NameZH: "凉州区", Level: model.LevelCounty, Parent: "wuwei"},
		{ID: "minqin", NameZH: "民勤县", Level: model.LevelCounty, Parent: "wuwei"},
		{ID: "lanzhou", NameZH: "兰州市", Level: model.LevelCity, Parent: "gansu"},
		{ID: "lanzhou_new_area", NameZH: "兰州新区", Level: model.LevelPark, Parent: "lanzhou"},
	}
}

func extractOne(t *testing.T, text string, date Date) []Proposal {
	t.Helper()
	ps := Extract(Article{Text: text, Date: date}, Catalog{Regions: testRegions()}, Options{})
	for _, p := range ps {
		if text[p.Offset:p.Offset+len(p.Fragment)] != p.Fragment {
			t.Fatalf("fragment %q is not at offset %d", p.Fragment, p.Offset)
		}
		if n := utf8.RuneCountInString(p.Fragment); n > MaxFragment {
			t.Fatalf("fragment %q has %d runes", p.Fragment, n)
		}
	}
	return ps
}

func find(ps []Proposal, published string) *Proposal {
	for i := range ps {
		if ps[i].Published == published {
			return &ps[i]
		}
	}
	return nil
}

func TestFiguresWithQualifiersUnitsAndKinds(t *testing.T) {
	text := "2024年,武威市与浙能集团等50多家企业洽谈对接,签约项目60项,总投资145.53亿元,同比增长38.01%," +
		"年处理鲜奶超10万吨,产品附加值提升30%以上,居全省第二位,累计对接重点项目40余项,近七成企业实现盈利,比上年提高五个百分点。"
	ps := extractOne(t, text, Date{})
	tests := []struct {
		published string
		value     float64
		unit      string
		qual      model.Qualifier
		kind      model.Kind
	}{
		{"50多家", 50, "家", model.QualMore, model.KindCount},
		{"60项", 60, "项", model.QualNone, model.KindCount},
		{"145.53亿元", 145.53, "亿元", model.QualNone, model.KindLevel},
		{"38.01%", 38.01, "%", model.QualNone, model.KindGrowthPct},
		{"超10万吨", 10, "万吨", model.QualOver, model.KindLevel},
		{"30%以上", 30, "%", model.QualAtLeast, model.KindGrowthPct},
		{"第二位", 2, "位", model.QualNone, model.KindRank},
		{"40余项", 40, "项", model.QualOdd, model.KindCount},
		{"近七成", 70, "%", model.QualNearly, model.KindSharePct},
		{"五个百分点", 5, "个百分点", model.QualNone, model.KindGrowthPct},
	}
	for _, tt := range tests {
		p := find(ps, tt.published)
		if p == nil {
			t.Errorf("%s not proposed", tt.published)
			continue
		}
		if p.Value != tt.value || p.Unit != tt.unit || p.Qualifier != tt.qual || p.Kind != tt.kind {
			t.Errorf("%s: got %v %s %q %s, want %v %s %q %s", tt.published, p.Value, p.Unit, p.Qualifier, p.Kind, tt.value, tt.unit, tt.qual, tt.kind)
		}
		if p.Period != "2024" || p.Region != "wuwei" {
			t.Errorf("%s: period %q region %q, want 2024 wuwei", tt.published, p.Period, p.Region)
		}
	}
	if len(ps) != len(tests) {
		for _, p := range ps {
			t.Logf("proposed %s", p.Published)
		}
		t.Errorf("%d proposals, want %d", len(ps), len(tests))
	}
}

func TestWhatIsNotAFigure(t *testing.T) {
	text := "来源:兰州日报2025-02-04 19:12\n" +
		"在第三十届兰洽会上,围绕“3+2”现代产业体系、“6+X”产业集群和“1+20+3”机制,紧紧围绕全县“6543”发展思路," +
		"陇电入浙±800千伏特高压、2×100万千瓦调峰煤电项目开工,引进“三个500强”企业,落地10亿元以上项目,产值突破百亿元," +
		"“十四五”规划收官,联系电话:0931-8159799,5月下旬开工,工作人员今年35岁。"
	if ps := extractOne(t, text, Date{}); len(ps) != 0 {
		for _, p := range ps {
			t.Errorf("proposed %q (%s) from %q", p.Published, p.Unit, p.Fragment)
		}
	}
}

func TestPeriodsResolvedAgainstTheArticleDate(t *testing.T) {
	date := Date{2025, 2, 4}
	tests := []struct {
		text, published, period string
	}{
		{"今年以来,累计处理反馈问题12件。", "12件", "2025-01/2025-02"},
		{"2024年以来,新认定企业17户。", "17户", "2024-01/2025-02"},
		{"截至目前,已有65家央企设立分支机构。", "65家", "@2025-02"},
		{"截至2024年底,累计建成电站8座。", "8座", "@2024-12"},
		{"去年,全市签约项目437个。", "437个", "2024"},
		{"2024年一季度,签约项目38个。", "38个", "2024Q1"},
		{"2024年1—5月,到位资金88.57亿元。", "88.57亿元", "2024-01/2024-05"},
		{"2024年前三季度,到位资金9亿元。", "9亿元", "2024-01/2024-09"},
		{"“十四五”以来,累计治理沙化土地870万亩。", "870万亩", "2021-01/2025-02"},
		{"“十四五”时期,累计实施项目111个。", "111个", "2021-01/2025-12"},
		{"经过几十年持续努力,古浪县239万亩沙化土地得到治理。", "239万亩", ""},
		{"上半年和三季度均获“进步奖”第一位。", "第一位", "2025-01/2025-09"},
	}
	for _, tt := range tests {
		p := find(extractOne(t, tt.text, date), tt.published)
		if p == nil {
			t.Errorf("%q: %s not proposed", tt.text, tt.published)
			continue
		}
		if p.Period != tt.period {
			t.Errorf("%q: period %q, want %q", tt.text, p.Period, tt.period)
		}
		if tt.period == "" && len(p.Review) == 0 {
			t.Errorf("%q: no period and no reason to review", tt.text)
		}
	}
}

func TestNoDateMeansNoGuess(t *testing.T) {
	p := find(extractOne(t, "今年以来,凉州区签约项目25项。", Date{}), "25项")
	if p == nil || p.Period != "" || len(p.Review) == 0 {
		t.Fatalf("got %+v, want an empty period marked for review", p)
	}
}

func TestTraditionalAndGarbledTextKeepsItsFragmentVerbatim(t *testing.T) {
	text := "2023年,武威市實(shí)現(xiàn)簽約招商引資項目12個、總投資32.18億元,完成營(yíng)造林138萬畝。"
	ps := extractOne(t, text, Date{})
	if len(ps) != 3 {
		t.Fatalf("%d proposals, want 3: %+v", len(ps), ps)
	}
	if ps[0].Region != "wuwei" || ps[0].Period != "2023" || ps[0].IndicatorZH != "签约招商引资项目" {
		t.Errorf("first proposal: %+v", ps[0])
	}
	if !strings.Contains(ps[2].Fragment, "營(yíng)造林") {
		t.Errorf("fragment %q lost the garbled original", ps[2].Fragment)
	}
}

func TestRegions(t *testing.T) {
	text := "2024年,兰州新区爱玛产业园、泰合源年产150万吨光伏新材料等122个项目开工建设。民勤县完成压沙2.5万亩。张掖市签约项目9个。"
	ps := Extract(Article{Text: text, Title: "兰州市招商引资综述"}, Catalog{Regions: testRegions()}, Options{})
	want := map[string][2]string{"150万吨": {"lanzhou_new_area", ""}, "122个": {"lanzhou", ""}, "2.5万亩": {"minqin", ""}, "9个": {"", "张掖市"}}
	for pub, w := range want {
		p := find(ps, pub)
		if p == nil {
			t.Errorf("%s not proposed", pub)
			continue
		}
		if p.Region != w[0] || p.RegionNew != w[1] {
			t.Errorf("%s: region %q new %q, want %q %q", pub, p.Region, p.RegionNew, w[0], w[1])
		}
	}
}

func TestShortNamesOnlyAsSubjects(t *testing.T) {
	text := "2024年,兰州市签约项目12个。民勤持续推进压沙,完成压沙3万亩。\n依托兰州大学建成平台5个。"
	ps := Extract(Article{Text: text}, Catalog{Regions: testRegions()}, Options{})
	want := map[string]string{"12个": "lanzhou", "3万亩": "minqin", "5个": "lanzhou"}
	for pub, region := range want {
		if p := find(ps, pub); p == nil || p.Region != region {
			t.Errorf("%s: got %+v, want region %s", pub, p, region)
		}
	}
}

func TestParseHeader(t *testing.T) {
	tests := []struct {
		text, title, publisher, date string
	}{
		{"引资聚势启新程\n\n来源:兰州日报2025-02-04 19:12\n\n正文", "引资聚势启新程", "兰州日报", "2025-02-04"},
		{"通渭工业集中区为县域经济注入动力\n\n 2025/03/05/ 15:48 来源:定西日报 记者蔺泽华\n", "通渭工业集中区为县域经济注入动力", "定西日报", "2025-03-05"},
		{"- 時間:2023-03-20\n- 點擊:504\n- 來源:甘肅日報\n日前,", "", "甘肃日报", "2023-03-20"},
	}
	for _, tt := range tests {
		title, pub, d, ok := ParseHeader(tt.text)
		if !ok || title != tt.title || pub != tt.publisher || d.String() != tt.date {
			t.Errorf("ParseHeader(%q) = %q %q %v %v", tt.text, title, pub, d, ok)
		}
	}
	if _, _, _, ok := ParseHeader("没有署名的文章。"); ok {
		t.Error("a text without a byline has a header")
	}
}
