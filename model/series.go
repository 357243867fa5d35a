package model

import (
	"cmp"
	"math"
	"sort"
)

// Point is the preferred figure of a series for one period, reduced to what
// arithmetic and sparklines need.
type Point struct {
	Period    Period
	Value     float64
	Derived   bool
	Qualifier Qualifier
	Source    string // the source the figure was taken from
}

// Series is one indicator in one region (and subject) over time, with every
// observation of it from every source, and the growth rates published for it
// by the indicator whose GrowthOf names this one.
type Series struct {
	Key          SeriesKey
	Indicator    Indicator
	Observations []Observation // sorted by period, then source
	Growth       []Observation // published growth of this series, sorted likewise
	Revisions    []Revision    // values imports replaced, by period and source, oldest first
}

// SortObservations sorts by series, period, then published before derived,
// then source: the order storage keys give.
func SortObservations(obs []Observation) {
	sort.SliceStable(obs, func(i, j int) bool { return compareObs(obs[i], obs[j]) < 0 })
}

func compareObs(a, b Observation) int {
	switch {
	case a.Indicator != b.Indicator:
		return cmp.Compare(a.Indicator, b.Indicator)
	case a.Region != b.Region:
		return cmp.Compare(a.Region, b.Region)
	case a.Subject != b.Subject:
		return cmp.Compare(a.Subject, b.Subject)
	}
	if c := a.Period.Compare(b.Period); c != 0 {
		return c
	}
	if a.Status != b.Status { // the most final figure of a period first
		return cmp.Compare(a.Status, b.Status)
	}
	if a.Derived() != b.Derived() {
		if a.Derived() {
			return 1
		}
		return -1
	}
	return cmp.Compare(a.Source, b.Source)
}

// Points returns the preferred figure for each period, oldest first: a
// published figure over a derived one, then the first source by ID.
func (s Series) Points() []Point { return bestPoints(s.Observations) }

func bestPoints(obs []Observation) []Point {
	sorted := append([]Observation(nil), obs...)
	SortObservations(sorted)
	var pts []Point
	for i, o := range sorted {
		if i > 0 && sorted[i-1].Period == o.Period {
			continue // sorted puts the preferred observation of a period first
		}
		pts = append(pts, Point{Period: o.Period, Value: o.Value, Derived: o.Derived(), Qualifier: o.Qualifier, Source: o.Source})
	}
	return pts
}

// Latest returns the preferred observation of the most recent period.
func (s Series) Latest() (Observation, bool) {
	if len(s.Observations) == 0 {
		return Observation{}, false
	}
	sorted := append([]Observation(nil), s.Observations...)
	SortObservations(sorted)
	last := sorted[len(sorted)-1].Period
	for _, o := range sorted {
		if o.Period == last {
			return o, true
		}
	}
	return Observation{}, false
}

// At returns every observation of period p, from every source.
func (s Series) At(p Period) []Observation {
	var out []Observation
	for _, o := range s.Observations {
		if o.Period == p {
			out = append(out, o)
		}
	}
	return out
}

// Sources returns the distinct source IDs of the series, sorted.
func (s Series) Sources() []string {
	seen := map[string]bool{}
	var ids []string
	for _, o := range s.Observations {
		if !seen[o.Source] {
			seen[o.Source] = true
			ids = append(ids, o.Source)
		}
	}
	sort.Strings(ids)
	return ids
}

// Conflicts returns the periods for which published figures from different
// sources, as final as each other, disagree; the dashboard flags them instead
// of picking one silently. (A preliminary figure and the final one that
// revised it are labelled, not flagged.)
func (s Series) Conflicts() []Period {
	var out []Period
	byPeriod := map[Period][]Observation{}
	for _, o := range s.Observations {
		if !o.Derived() {
			byPeriod[o.Period] = append(byPeriod[o.Period], o)
		}
	}
	for p, obs := range byPeriod {
		best := obs[0].Status
		for _, o := range obs {
			best = min(best, o.Status)
		}
		var first *Observation
		for i := range obs {
			o := &obs[i]
			if o.Status != best {
				continue
			}
			if first == nil {
				first = o
			} else if o.Value != first.Value || o.Qualifier != first.Qualifier {
				out = append(out, p)
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// Change is how a figure moved against the comparable period a year earlier.
// It is either computed from two levels or taken as published; the two are
// never mixed without saying which is which.
type Change struct {
	// Value is a relative change in percent for levels and counts, a
	// difference in percentage points for percentages, a difference in
	// positions for ranks.
	Value     float64
	Unit      string // "%", "pp" or "" (rank positions)
	Published bool   // taken from a published growth rate, not computed
	Text      string // the growth as published (e.g. 35%以上), when Published
	Derived   bool   // computed from a derived level: it only restates a published rate
	Approx    bool   // an input carries a qualifier (多, 超, 以上 ...): the change is approximate
	// CrossSource says a computed change compares figures of two different
	// sources, whose definitions may differ: the reader must be told.
	CrossSource bool
	From, To    Period
}

// ChangeOf works out the change of the latest point against the year before.
// growth holds the published growth rates of the series (may be nil). A change
// computed from two published levels comes first; otherwise the published
// rate for the latest period; otherwise a change computed from a derived level.
func ChangeOf(kind Kind, points []Point, growth []Observation) (Change, bool) {
	if len(points) == 0 {
		return Change{}, false
	}
	latest := points[len(points)-1]
	var prior *Point
	want := latest.Period.YearEarlier()
	for i := range points {
		if points[i].Period == want {
			prior = &points[i]
		}
	}
	computed, okComputed := computeChange(kind, prior, latest)
	published, okPublished := publishedGrowth(growth, latest.Period)
	switch {
	case okComputed && !computed.Derived:
		return computed, true
	case okPublished:
		return published, true
	case okComputed:
		return computed, true
	}
	return Change{}, false
}

func computeChange(kind Kind, prior *Point, latest Point) (Change, bool) {
	if prior == nil {
		return Change{}, false
	}
	c := Change{From: prior.Period, To: latest.Period, Derived: prior.Derived || latest.Derived,
		Approx:      prior.Qualifier != QualNone || latest.Qualifier != QualNone,
		CrossSource: prior.Source != latest.Source}
	switch {
	case kind.IsPercent():
		c.Value, c.Unit = latest.Value-prior.Value, "pp"
	case kind == KindRank:
		c.Value = latest.Value - prior.Value
	case prior.Value == 0:
		return Change{}, false
	default:
		c.Value, c.Unit = (latest.Value/prior.Value-1)*100, "%"
	}
	if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) {
		return Change{}, false
	}
	return c, true
}

func publishedGrowth(growth []Observation, p Period) (Change, bool) {
	for _, g := range growth {
		if g.Period == p && !g.Derived() {
			return Change{Value: g.Value, Unit: "%", Published: true, Text: g.Published,
				Approx: g.Qualifier != QualNone, From: p.YearEarlier(), To: p}, true
		}
	}
	return Change{}, false
}

// Change returns the series' change on a year earlier, as ChangeOf decides.
func (s Series) Change() (Change, bool) { return ChangeOf(s.Indicator.Kind, s.Points(), s.Growth) }

// Sparkline returns the values of the points that share the latest point's
// shape (the same months, published the same way), oldest first, so that
// 2024年 is never drawn next to 2025年1—5月.
func Sparkline(points []Point) []float64 {
	if len(points) == 0 {
		return nil
	}
	last := points[len(points)-1].Period
	var vals []float64
	for _, p := range points {
		if p.Period.SameShape(last) {
			vals = append(vals, p.Value)
		}
	}
	return vals
}

// MaxSummaryPoints bounds the points a Summary keeps: the most recent ones.
const MaxSummaryPoints = 32

// Summary is what an overview row needs of a series, precomputed so that a
// table of ten thousand series never reads their observations.
type Summary struct {
	Key      SeriesKey
	Category Category
	Latest   Observation // the preferred observation of the latest period
	Points   []Point     // the preferred figure per period, oldest first, at most MaxSummaryPoints
	NObs     int
	NSources int
	Conflict bool // sources disagree on some period
}

// Summarize reduces a series to its Summary.
func (s Series) Summarize() Summary {
	sorted := append([]Observation(nil), s.Observations...)
	SortObservations(sorted)
	return SummarizeSorted(s.Key, s.Indicator.Category, sorted)
}

// SummarizeSorted summarises one series' observations given in period order
// (storage order: by period, then source), in one pass and without copying
// them: the store calls it for every series an import touches.
func SummarizeSorted(key SeriesKey, cat Category, obs []Observation) Summary {
	return SummarizeSortedInto(key, cat, obs, make([]Point, 0, min(len(obs), MaxSummaryPoints*2)))
}

// SummarizeSortedInto is SummarizeSorted with the points appended to
// points[:0], whose array the summary may keep: check summarises every
// series of a database and reuses one.
func SummarizeSortedInto(key SeriesKey, cat Category, obs []Observation, points []Point) Summary {
	sum := Summary{Key: key, Category: cat, NObs: len(obs), Points: points[:0]}
	var sources []string
	for i := 0; i < len(obs); {
		best, firstPub := -1, -1
		j := i
		for ; j < len(obs) && obs[j].Period == obs[i].Period; j++ {
			o := &obs[j]
			if !containsString(sources, o.Source) {
				sources = append(sources, o.Source)
			}
			if o.Derived() {
				continue
			}
			if firstPub < 0 || o.Status < obs[firstPub].Status {
				firstPub = j
			} else if o.Status == obs[firstPub].Status && (o.Value != obs[firstPub].Value || o.Qualifier != obs[firstPub].Qualifier) {
				// Two figures as final as each other disagree: a conflict. A
				// preliminary figure revised by the final one is not.
				sum.Conflict = true
			}
			if best < 0 || o.Status < obs[best].Status || o.Status == obs[best].Status && o.Source < obs[best].Source {
				best = j
			}
		}
		if best < 0 { // only derived figures: the first by source
			best = i
			for k := i + 1; k < j; k++ {
				if obs[k].Source < obs[best].Source {
					best = k
				}
			}
		}
		o := &obs[best]
		sum.Points = append(sum.Points, Point{Period: o.Period, Value: o.Value, Derived: o.Derived(), Qualifier: o.Qualifier, Source: o.Source})
		sum.Latest = *o
		i = j
	}
	sum.NSources = len(sources)
	if n := len(sum.Points); n > MaxSummaryPoints {
		sum.Points = append([]Point(nil), sum.Points[n-MaxSummaryPoints:]...)
	}
	return sum
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Change returns the change of the summarised series; growth is the summary
// of its published growth series, if any.
func (s Summary) Change(kind Kind, growth *Summary) (Change, bool) {
	var g []Observation
	if growth != nil {
		for _, p := range growth.Points {
			if !p.Derived {
				g = append(g, Observation{Period: p.Period, Value: p.Value, Qualifier: p.Qualifier,
					Published: growthText(*growth, p)})
			}
		}
	}
	return ChangeOf(kind, s.Points, g)
}

// ChangeAt returns the change of the summarised series at period p, as if
// p were its latest: the points after p are left out.
func (s Summary) ChangeAt(kind Kind, growth *Summary, p Period) (Change, bool) {
	n := len(s.Points)
	for n > 0 && p.Before(s.Points[n-1].Period) {
		n--
	}
	if n == 0 || s.Points[n-1].Period != p {
		return Change{}, false
	}
	cut := s
	cut.Points = s.Points[:n]
	return cut.Change(kind, growth)
}

// PointAt returns the summary's point of period p.
func (s Summary) PointAt(p Period) (Point, bool) {
	for _, pt := range s.Points {
		if pt.Period == p {
			return pt, true
		}
	}
	return Point{}, false
}

// growthText recovers the published text of a growth point when it is the
// summary's latest figure, else formats the number.
func growthText(g Summary, p Point) string {
	if g.Latest.Period == p.Period && g.Latest.Published != "" {
		return g.Latest.Published
	}
	return p.Qualifier.Apply(FormatNumber(p.Value), Chinese) + "%"
}
