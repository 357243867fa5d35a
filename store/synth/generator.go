package synth

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
)

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
		model.CategoryAgriculture: "agr", model.CategoryInnovation: "inn", model.CategoryFiscal: "fis", model.CategoryOther: "oth", model.CategoryMacro: "mac"}[c]
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
