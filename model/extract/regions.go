package extract

import (
	"strings"

	"github.com/gansudash/gansudash/model"
)

// Regions: the catalog's place names in the text, the article's own region,
// unknown places proposed as new regions, and subjects stripped from labels.

type regionName struct {
	name  []rune
	id    string
	short bool
}

func (x *extractor) addRegion(name, id string, short bool) {
	rs := []rune(name)
	x.regions[rs[0]] = append(x.regions[rs[0]], regionName{rs, id, short})
}

// regionAt returns the region named at r[i], if any.
func (x *extractor) regionAt(r []rune, i, end int, allowShort bool) (string, int) {
	for _, n := range x.regions[r[i]] {
		if n.short && !allowShort {
			continue
		}
		if i+len(n.name) <= end && hasPrefixRunes(r, i, n.name) {
			return n.id, len(n.name)
		}
	}
	return "", 0
}

// findDocContext reads the article's region and year from its title, its
// first headings or the first region its text names.
func (x *extractor) findDocContext() {
	var titles []string
	if x.a.Title != "" {
		titles = append(titles, foldString(x.a.Title))
	} else if t, _, _, ok := ParseHeader(x.a.Text); ok && t != "" {
		titles = append(titles, foldString(t))
	}
	n := 0
	for _, l := range x.d.lines {
		if l.start >= x.d.end || n >= 12 {
			break
		}
		n++
		if l.heading && !containsAny(l.text, bylineWords) {
			titles = append(titles, l.text)
		}
	}
	for _, t := range titles {
		rs := []rune(t)
		for i := range rs {
			// The first region the titles name, or a narrower one named
			// after it (甘肃武威超额完成…: 武威).
			if id, _ := x.regionAt(rs, i, len(rs), true); id != "" && (x.docRegion == "" || x.within(id, x.docRegion)) {
				x.docRegion = id
			}
			if x.docYear == 0 {
				if y, k := digitsAt(rs, i, 4, 4); k > i && k < len(rs) && rs[k] == '年' && y >= 1900 && y <= 2199 && (i == 0 || !isDigit(rs[i-1])) {
					x.docYear = y
				}
			}
		}
		if x.docRegion == "" && x.docRegionNew == "" {
			if name := placeAt(rs, 0); name != "" && len(titles) > 0 && t == titles[0] {
				x.docRegionNew = name
			}
		}
	}
	// A city of Gansu the catalog lacks, named in the title by its name or
	// its stem (——平凉强工业行动).
	if x.docRegion == "" && x.docRegionNew == "" && len(titles) > 0 {
		x.docRegionNew = cityNamedIn([]rune(titles[0]))
	}
	if x.docRegion == "" && x.docRegionNew == "" {
		x.docRegion = x.o.DefaultRegion
	}
	// 我市, 全市 in a city's paper (据金昌日报报道, 来源:平凉日报) are that city.
	if x.docRegion == "" && x.docRegionNew == "" {
		x.cityOfPaper()
	}
	if x.docRegion == "" && x.docRegionNew == "" {
		r := x.d.r
		for i := 0; i < x.d.end; i++ {
			if id, _ := x.regionAt(r, i, x.d.end, false); id != "" {
				x.docRegion = id
				break
			}
			if i == 0 || isBoundary(r[i-1]) {
				if hasPrefixAt(r, i, "全省") && x.province != "" {
					x.docRegion = x.province
					break
				}
				if name := placeAt(r, i); name != "" {
					x.docRegionNew = name
					break
				}
			}
		}
	}
	x.carryYear = x.docYear
}

// parkSuffixes end the names of industrial parks and development zones.
var parkSuffixes = []string{"工业集中区", "工业园区", "产业园区", "经济技术开发区", "高新技术产业开发区", "经济开发区", "开发区", "高新区", "工业园", "产业园"}

// parkNameMax bounds the Han characters between a park's place and its
// suffix (红沙岗能源化工 in 民勤红沙岗能源化工工业集中区).
const parkNameMax = 17

// parkAt reads a park the catalog lacks, named at r[i] after the region it
// lies in: 民勤红沙岗能源化工工业集中区, 天祝金强工业集中区, 平凉工业园区 (a
// stored region's name or its name without 县, or the stem of a division
// of Gansu; then at most parkNameMax Han characters and a park's suffix).
// It records where the park lies and returns its name as printed and its
// length in runes; n is 0 when there is none.
func (x *extractor) parkAt(r []rune, i, end int) (string, int) {
	id, k := x.regionAt(r, i, end, true)
	if id == "" {
		// A division the catalog lacks (平凉工业园区): the division's
		// official name stands for where it lies.
		stem, pl, ok := model.GansuStemAt(string(r[i:min(end, i+6)]))
		if !ok {
			return "", 0
		}
		id, k = pl.Name, len([]rune(stem))
	}
	for j := i + k; j < end && j <= i+k+parkNameMax && isHan(r[j]); j++ {
		for _, suf := range parkSuffixes {
			if hasPrefixAt(r, j, suf) {
				n := j + len([]rune(suf)) - i
				name := string(r[i : i+n])
				if _, m := x.regionAt(r, i, i+n, false); m == n {
					return "", 0 // the stored park itself (通渭工业集中区)
				}
				x.parkIn[name] = id
				return name, n
			}
		}
	}
	return "", 0
}

// cityNamedIn returns the first prefecture-level division of Gansu that rs
// names by its name or stem, if the catalog lacks it; else "".
func cityNamedIn(rs []rune) string {
	for i := range rs {
		if _, p, ok := model.GansuStemAt(string(rs[i:min(len(rs), i+6)])); ok && p.Level == model.LevelCity {
			return p.Name
		}
	}
	return ""
}

// cityOfPaper sets the article's region to the city whose paper published
// it (金昌日报, 平凉日报), when the text speaks of 我市, 本市 or 全市.
func (x *extractor) cityOfPaper() {
	r := x.d.r
	if text := string(r); !strings.Contains(text, "我市") && !strings.Contains(text, "本市") && !strings.Contains(text, "全市") {
		return
	}
	for _, rs := range [][]rune{[]rune(foldString(x.a.Publisher)), r[:min(len(r), 600)]} {
		for i := range rs {
			if !hasPrefixAt(rs, i, "日报") && !hasPrefixAt(rs, i, "晚报") {
				continue
			}
			for j := max(0, i-4); j < i; j++ {
				stem, p, ok := model.GansuStemAt(string(rs[j:i]))
				if !ok || p.Level != model.LevelCity || j+len([]rune(stem)) != i {
					continue
				}
				if id, n := x.regionAt([]rune(p.Name), 0, len([]rune(p.Name)), false); n > 0 {
					x.docRegion = id
				} else {
					x.docRegionNew = p.Name
				}
				return
			}
		}
	}
}

// within reports whether region id lies inside region outer (and is not
// outer itself), by the catalog's parents.
func (x *extractor) within(id, outer string) bool {
	if id == "" || outer == "" {
		return false
	}
	for n := 0; id != "" && n < 8; n++ {
		id = x.parent[id]
		if id == outer {
			return true
		}
	}
	return false
}

// subjectVerbs follow a place name that is the subject of its clause.
var subjectVerbs = []string{"正在", "已", "将", "坚持", "持续", "立足", "聚焦", "聚力", "全力", "深入", "积极", "围绕", "以", "把", "共", "累计", "新增", "完成", "实现", "签约", "引进", "大力", "加快", "着力", "不断", "始终", "先后", "全年", "今年", "去年", "已经", "通过", "依托", "紧盯", "抢抓", "认真", "牢牢", "主动", "充分", "还", "探索", "推动", "推进", "实施", "开展", "建成", "谋划", "成功", "新认定", "入库", "培育", "招引"}

func startsWithAny(r []rune, i int, ws []string) bool {
	for _, w := range ws {
		if hasPrefixAt(r, i, w) {
			return true
		}
	}
	return false
}

// reportingWords frame a report: 近日,记者从…获悉.
var reportingWords = []string{"获悉", "了解到", "得知", "获知"}

// bylineWords mark page furniture and bylines, never a title.
var bylineWords = []string{">", "位置", "来源", "时间", "点击", "记者", "编辑", "阅读", "发布", "分享", "责编", "首页"}

// placeAt reads a place the catalog lacks at r[i]: a division of Gansu by
// its official or short name on the province's list (和政县, 积石山县,
// 临夏州; model.GansuPlaceAt), unless the name runs on into a word (临夏市场,
// 环县域). Other runs ending in 市 or 县 are phrases far more often than
// places outside the province (下达市列项目, 翻阅全市), and are not read.
func placeAt(r []rune, i int) string {
	name, _, ok := model.GansuPlaceAt(string(r[i:min(len(r), i+16)]))
	if !ok {
		return ""
	}
	if k := i + len([]rune(name)); k < len(r) && strings.ContainsRune("级场民值直属内外域", r[k]) {
		return ""
	}
	return name
}

// openingRegion reports whether a region named at p is the subject of its
// sentence: only a time expression and punctuation stand before it, and no
// list follows it in its clause (兰州新区爱玛产业园、… names projects).
func (x *extractor) openingRegion(s, p, q, e int) bool {
	r := x.d.r
	if p-s > 16 {
		return false
	}
	for i := q; i < e && i < q+60 && (!isBoundary(r[i]) || r[i] == '、'); i++ {
		if r[i] == '、' {
			return false
		}
	}
	for i := s; i < p; i++ {
		if r[i] == '在' || r[i] == '与' || r[i] == '赴' || r[i] == '到' {
			return false
		}
	}
	return true
}

// stripRegion drops a region named at the start of a label, and the verb
// of achievement after it (武威市实现签约项目 → 签约项目).
func (x *extractor) stripRegion(s string) string {
	rs := []rune(s)
	if len(rs) == 0 {
		return s
	}
	// A park or a place the catalog lacks is dropped like a stored region
	// (民勤红沙岗能源化工工业集中区风光电装机 → 风光电装机).
	n := 0
	if _, k := x.parkAt(rs, 0, len(rs)); k > 0 {
		n = k
	} else if _, k := x.regionAt(rs, 0, len(rs), true); k > 0 {
		n = k
	} else if name := placeAt(rs, 0); name != "" {
		n = len([]rune(name))
	}
	if n > 0 && n < len(rs) {
		s = string(rs[n:])
	}
	for _, v := range []string{"实现", "完成", "共"} {
		if t, ok := strings.CutPrefix(s, v); ok && len([]rune(t)) >= 2 {
			s = t
		}
	}
	return s
}

var subjects = []string{"全市", "全省", "全县", "全区", "我市", "我省", "我县", "我区", "全州"}

func stripSubject(s string) string {
	for _, w := range subjects {
		if t, ok := strings.CutPrefix(s, w); ok {
			s = t
		}
	}
	for _, w := range []string{"共", "累计", "新"} {
		if i := strings.Index(s, w); i > 0 && i <= 12 && w != "新" {
			s = s[i+len(w):]
		}
	}
	return s
}
