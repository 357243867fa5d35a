package model

import "strings"

// Place is one of Gansu province's administrative divisions as the
// province's own list names them: the 14 prefecture-level divisions (12
// cities and 2 autonomous prefectures) and the 86 county-level ones (17
// districts, 5 county-level cities, 57 counties and 7 autonomous counties).
// Short are the names articles use besides the official one (临夏州,
// 积石山县, 天祝县). Parent is the official name of the prefecture-level
// division a county-level one belongs to, "" for those.
//
// The list tells a place from a phrase (和政县 is a county, 和 is not a
// conjunction there), gives a county-level city its level (临夏市, 玉门市 are
// counties, not cities) and names the city a new county belongs to. It is
// not the catalog: a region exists in the database only once imported.
type Place struct {
	Name   string
	Short  []string
	Level  Level
	Parent string
}

// gansuDivisions: each prefecture-level division with its short names,
// then its county-level divisions, each written "official|short|…" (the
// autonomous ones have a short name: 天祝藏族自治县|天祝县). A county-level
// city (临夏市) is listed among the counties: its level is county.
var gansuDivisions = []struct {
	city     string
	short    []string
	counties []string
}{
	{"兰州市", nil, []string{"城关区", "七里河区", "西固区", "安宁区", "红古区", "永登县", "皋兰县", "榆中县"}},
	{"嘉峪关市", nil, nil},
	{"金昌市", nil, []string{"金川区", "永昌县"}},
	{"白银市", nil, []string{"白银区", "平川区", "靖远县", "会宁县", "景泰县"}},
	{"天水市", nil, []string{"秦州区", "麦积区", "清水县", "秦安县", "甘谷县", "武山县", "张家川回族自治县|张家川县"}},
	{"武威市", nil, []string{"凉州区", "民勤县", "古浪县", "天祝藏族自治县|天祝县"}},
	{"张掖市", nil, []string{"甘州区", "肃南裕固族自治县|肃南县", "民乐县", "临泽县", "高台县", "山丹县"}},
	{"平凉市", nil, []string{"崆峒区", "泾川县", "灵台县", "崇信县", "华亭市", "庄浪县", "静宁县"}},
	{"酒泉市", nil, []string{"肃州区", "金塔县", "瓜州县", "肃北蒙古族自治县|肃北县", "阿克塞哈萨克族自治县|阿克塞县", "玉门市", "敦煌市"}},
	{"庆阳市", nil, []string{"西峰区", "庆城县", "环县", "华池县", "合水县", "正宁县", "宁县", "镇原县"}},
	{"定西市", nil, []string{"安定区", "通渭县", "陇西县", "渭源县", "临洮县", "漳县", "岷县"}},
	{"陇南市", nil, []string{"武都区", "成县", "文县", "宕昌县", "康县", "西和县", "礼县", "徽县", "两当县"}},
	{"临夏回族自治州", []string{"临夏州"}, []string{"临夏市", "临夏县", "康乐县", "永靖县", "广河县", "和政县", "东乡族自治县|东乡县", "积石山保安族东乡族撒拉族自治县|积石山县"}},
	{"甘南藏族自治州", []string{"甘南州"}, []string{"合作市", "临潭县", "卓尼县", "舟曲县", "迭部县", "玛曲县", "碌曲县", "夏河县"}},
}

var gansuPlaces = func() map[string]Place {
	m := map[string]Place{}
	add := func(p Place) {
		m[p.Name] = p
		for _, s := range p.Short {
			m[s] = p
		}
	}
	for _, d := range gansuDivisions {
		add(Place{Name: d.city, Short: d.short, Level: LevelCity})
		for _, c := range d.counties {
			names := strings.Split(c, "|")
			add(Place{Name: names[0], Short: names[1:], Level: LevelCounty, Parent: d.city})
		}
	}
	return m
}()

// gansuStems are the divisions' names without their suffix (平凉 for
// 平凉市, 崇信 for 崇信县, 临夏 for 临夏州), where two characters or more
// remain; a prefecture-level division keeps a stem it shares (临夏).
var gansuStems = func() map[string]Place {
	m := map[string]Place{}
	add := func(names []string) {
		p := gansuPlaces[names[0]]
		for _, n := range names {
			rs := []rune(n)
			if len(rs) < 3 || !strings.ContainsRune("市县区州", rs[len(rs)-1]) {
				continue
			}
			if stem := string(rs[:len(rs)-1]); m[stem].Name == "" {
				m[stem] = p
			}
		}
	}
	for _, d := range gansuDivisions { // the cities first: 白银 is 白银市
		add(append([]string{d.city}, d.short...))
	}
	for _, d := range gansuDivisions {
		for _, c := range d.counties {
			add(strings.Split(c, "|"))
		}
	}
	return m
}()

// GansuStemAt returns the longest stem of a division of Gansu (its name
// without 市, 县, 区 or 州: 平凉, 崇信) that s starts with, and the division.
// A stem is a common word more often than a name is (安定, 合作, 清水): a
// caller reads it only where something else says a place is meant.
func GansuStemAt(s string) (string, Place, bool) {
	best, bp := "", Place{}
	rs := []rune(s)
	for n := 2; n <= 6 && n <= len(rs); n++ {
		if p, ok := gansuStems[string(rs[:n])]; ok {
			best, bp = string(rs[:n]), p
		}
	}
	return best, bp, best != ""
}

// GansuPlace returns the division of Gansu named name, by its official name
// or a short one.
func GansuPlace(name string) (Place, bool) {
	p, ok := gansuPlaces[name]
	return p, ok
}

// GansuPlaceAt returns the longest name of a division of Gansu that s
// starts with, and the division.
func GansuPlaceAt(s string) (string, Place, bool) {
	best, bp := "", Place{}
	// Names are 2 to 15 characters; try each prefix that ends in a suffix.
	for i, r := range s {
		if i > 0 && strings.ContainsRune("市县区州", r) {
			n := s[:i+len(string(r))]
			if p, ok := gansuPlaces[n]; ok && len(n) > len(best) {
				best, bp = n, p
			}
		}
		if i > 60 {
			break
		}
	}
	return best, bp, best != ""
}
