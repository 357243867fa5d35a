package synth

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gansudash/gansudash/model"
)

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
			Source: src.ID, NoteZH: "按次年公布值及其增速推算的上年数值", NoteEN: "The prior year's level, derived from the next year's published level and its growth."}
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
