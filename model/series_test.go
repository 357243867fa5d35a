package model

import (
	"math"
	"strings"
	"testing"
)

var visits = Indicator{ID: "tourist_visits", NameZH: "接待游客", NameEN: "Tourist visits",
	Category: CategoryTourism, Kind: KindLevel, Unit: "万人次"}

func obs(p Period, v float64, published, source string) Observation {
	return Observation{Indicator: visits.ID, Region: "wuwei", Period: p, Value: v, Published: published,
		Unit: visits.Unit, Kind: visits.Kind, Source: source}
}

func derivedObs(p Period, formula string) Observation {
	v, err := EvalFormula(formula)
	if err != nil {
		panic(err)
	}
	o := obs(p, v, "", "a")
	o.Derivation = formula
	return o
}

func growthObs(p Period, v float64, published string, q Qualifier) Observation {
	return Observation{Indicator: "tourist_visits_growth", Region: "wuwei", Period: p, Value: v,
		Published: published, Unit: "%", Kind: KindGrowthPct, Qualifier: q, Source: "a"}
}

func TestChangePrefersTwoPublishedLevelsAndSaysSo(t *testing.T) {
	s := Series{Indicator: visits, Observations: []Observation{
		obs(Year(2024), 150, "150万人次", "a"), obs(Year(2023), 100, "100万人次", "b"),
	}, Growth: []Observation{growthObs(Year(2024), 49, "49%", QualNone)}}
	c, ok := s.Change()
	if !ok || c.Published || c.Derived || c.Value != 50 || c.Unit != "%" {
		t.Fatalf("Change = %+v, %v; want computed 50%% from two published levels", c, ok)
	}
	if c.From != Year(2023) || c.To != Year(2024) {
		t.Errorf("Change compares %v with %v, want 2023 with 2024", c.From, c.To)
	}
}

func TestChangeFallsBackToThePublishedRate(t *testing.T) {
	s := Series{Indicator: visits, Observations: []Observation{obs(Year(2024), 5005.68, "5005.68万人次", "a")},
		Growth: []Observation{growthObs(Year(2024), 133.77, "133.77%", QualNone), growthObs(Year(2023), 10, "10%", QualNone)}}
	c, ok := s.Change()
	if !ok || !c.Published || c.Value != 133.77 || c.Text != "133.77%" {
		t.Fatalf("Change = %+v, %v; want the published 133.77%%", c, ok)
	}
}

func TestChangeFromADerivedLevelDefersToThePublishedRate(t *testing.T) {
	s := Series{Indicator: visits, Observations: []Observation{
		obs(Year(2024), 5005.68, "5005.68万人次", "a"), derivedObs(Year(2023), "5005.68/(1+133.77/100)"),
	}, Growth: []Observation{growthObs(Year(2024), 133.77, "133.77%", QualNone)}}
	c, ok := s.Change()
	if !ok || !c.Published {
		t.Fatalf("Change = %+v; a level derived from the published rate must not pass for a computed change", c)
	}
	s.Growth = nil
	c, ok = s.Change()
	if !ok || c.Published || !c.Derived || math.Abs(c.Value-133.77) > 1e-9 {
		t.Fatalf("without the rate, Change = %+v; want a computed change marked derived", c)
	}
}

func TestApproximateInputsMakeAnApproximateChange(t *testing.T) {
	a := obs(Year(2023), 50, "50多家", "a")
	a.Qualifier = QualMore
	s := Series{Indicator: visits, Observations: []Observation{a, obs(Year(2024), 60, "60家", "a")}}
	c, ok := s.Change()
	if !ok || !c.Approx {
		t.Fatalf("Change = %+v, want it marked approximate", c)
	}
	g := Series{Indicator: visits, Observations: []Observation{obs(Year(2025), 10, "10", "a")},
		Growth: []Observation{growthObs(Year(2025), 35, "35%以上", QualAtLeast)}}
	if c, _ := g.Change(); !c.Approx || c.Text != "35%以上" {
		t.Errorf("published 35%%以上 gave %+v; want approximate with its text", c)
	}
}

func TestChangeOfPercentagesIsInPoints(t *testing.T) {
	rate := Indicator{ID: "r", Kind: KindGrowthPct, Unit: "%"}
	s := Series{Indicator: rate, Observations: []Observation{
		{Period: Year(2023), Value: 15, Published: "15%"}, {Period: Year(2024), Value: 19.8, Published: "19.8%"},
	}}
	c, ok := s.Change()
	if !ok || c.Unit != "pp" || math.Abs(c.Value-4.8) > 1e-9 {
		t.Errorf("Change of a rate = %+v, want +4.8 pp", c)
	}
}

func TestNoChangeWithoutAComparablePeriod(t *testing.T) {
	s := Series{Indicator: visits, Observations: []Observation{
		obs(Year(2024), 100, "100", "a"), obs(Range(2025, 1, 5), 40, "40", "a"),
	}}
	if c, ok := s.Change(); ok {
		t.Errorf("2025年1—5月 has no 2024年1—5月 to compare with, got %+v", c)
	}
	zero := Series{Indicator: visits, Observations: []Observation{obs(Year(2023), 0, "0", "a"), obs(Year(2024), 5, "5", "a")}}
	if c, ok := zero.Change(); ok {
		t.Errorf("growth from zero is undefined, got %+v", c)
	}
}

func TestLatestPrefersPublishedOverDerivedAndSparklineKeepsOneShape(t *testing.T) {
	s := Series{Indicator: visits, Observations: []Observation{
		obs(Range(2025, 1, 5), 88.57, "88.57亿元", "b"),
		derivedObs(Range(2024, 1, 5), "88.57/(1+38.01/100)"),
		obs(Year(2024), 300, "300亿元", "a"),
		obs(Year(2023), 429.49, "429.49亿元", "c"),
	}}
	l, ok := s.Latest()
	if !ok || l.Period != Range(2025, 1, 5) || l.Value != 88.57 {
		t.Fatalf("Latest = %+v", l)
	}
	spark := Sparkline(s.Points())
	if len(spark) != 2 || spark[1] != 88.57 {
		t.Errorf("Sparkline = %v, want the two 1—5月 points", spark)
	}
}

func TestConflictingSourcesAreFlagged(t *testing.T) {
	s := Series{Indicator: visits, Observations: []Observation{
		obs(Year(2024), 100, "100", "a"), obs(Year(2024), 100, "100", "b"),
	}}
	if len(s.Conflicts()) != 0 {
		t.Error("two sources agreeing are not a conflict")
	}
	if got := s.Sources(); strings.Join(got, ",") != "a,b" {
		t.Errorf("Sources = %v", got)
	}
	s.Observations = append(s.Observations, obs(Year(2024), 101, "101", "c"))
	if c := s.Conflicts(); len(c) != 1 || c[0] != Year(2024) {
		t.Errorf("Conflicts = %v, want [2024]", c)
	}
	if sum := s.Summarize(); !sum.Conflict || sum.NSources != 3 || sum.NObs != 3 {
		t.Errorf("Summary = %+v", sum)
	}
}

func TestSummaryChangeMatchesSeriesChange(t *testing.T) {
	s := Series{Indicator: visits, Observations: []Observation{obs(Year(2024), 5005.68, "5005.68万人次", "a"), derivedObs(Year(2023), "5005.68/(1+133.77/100)")}}
	g := Series{Indicator: Indicator{ID: "tourist_visits_growth", Kind: KindGrowthPct, Unit: "%", GrowthOf: visits.ID},
		Observations: []Observation{growthObs(Year(2024), 133.77, "133.77%", QualNone)}}
	s.Growth = g.Observations
	want, _ := s.Change()
	gs := g.Summarize()
	got, ok := s.Summarize().Change(visits.Kind, &gs)
	if !ok || got.Value != want.Value || got.Published != want.Published || got.Text != want.Text {
		t.Errorf("Summary.Change = %+v, Series.Change = %+v", got, want)
	}
}

func TestObservationDisplay(t *testing.T) {
	o := obs(Year(2024), 50, "50多家", "a")
	o.Qualifier, o.Unit = QualMore, "家"
	if got := o.Display(Chinese); got != "50多家" {
		t.Errorf("Display(zh) = %q, want the published text", got)
	}
	if got := o.Display(English); got != "50+" {
		t.Errorf("Display(en) = %q, want 50+", got)
	}
	d := derivedObs(Year(2023), "5005.68/(1+133.77/100)")
	if got := d.Display(Chinese); got != "≈2141.28万人次" {
		t.Errorf("derived Display = %q, want ≈2141.28万人次", got)
	}
	if got := d.Display(English); got != "≈2141.28 10k visits" {
		t.Errorf("derived Display(en) = %q", got)
	}
}

func TestObservationValidate(t *testing.T) {
	good := obs(Year(2024), 1, "1万人次", "a")
	if err := good.Validate(visits); err != nil {
		t.Fatalf("valid observation rejected: %v", err)
	}
	tests := map[string]func(o *Observation){
		"unit":       func(o *Observation) { o.Unit = "亿元" },
		"no source":  func(o *Observation) { o.Source = "" },
		"period":     func(o *Observation) { o.Period = Period{} },
		"published":  func(o *Observation) { o.Published = "" },
		"derived":    func(o *Observation) { o.Derivation = "1+1" },
		"subject":    func(o *Observation) { o.Subject = "某项目" },
		"fragment":   func(o *Observation) { o.Fragment = strings.Repeat("字", 41) },
		"not finite": func(o *Observation) { o.Value = math.Inf(1) },
		"kind":       func(o *Observation) { o.Kind = KindCount },
		"no region":  func(o *Observation) { o.Region = "" },
		"wrong ind":  func(o *Observation) { o.Indicator = "x" },
	}
	for name, mutate := range tests {
		o := good
		mutate(&o)
		if err := o.Validate(visits); err == nil {
			t.Errorf("%s: invalid observation accepted", name)
		}
	}
}

func TestRegionTreePathAndWalk(t *testing.T) {
	tree := NewRegionTree([]Region{
		{ID: "gansu", NameZH: "甘肃省", Level: LevelProvince},
		{ID: "wuwei", NameZH: "武威市", Level: LevelCity, Parent: "gansu"},
		{ID: "liangzhou", NameZH: "凉州区", Level: LevelCounty, Parent: "wuwei"},
		{ID: "lanzhou", NameZH: "兰州市", Level: LevelCity, Parent: "gansu"},
		{ID: "loop_a", NameZH: "甲", Level: LevelCity, Parent: "loop_b"},
		{ID: "loop_b", NameZH: "乙", Level: LevelCity, Parent: "loop_a"},
	})
	var names []string
	for _, r := range tree.Path("liangzhou") {
		names = append(names, r.NameZH)
	}
	if strings.Join(names, " › ") != "甘肃省 › 武威市 › 凉州区" {
		t.Errorf("Path = %v", names)
	}
	var walk []string
	tree.Walk(func(r Region, depth int) { walk = append(walk, strings.Repeat(" ", depth)+r.ID) })
	if strings.Join(walk, ",") != "gansu, wuwei,  liangzhou, lanzhou" {
		t.Errorf("Walk = %q", walk)
	}
	if p := tree.Path("loop_a"); len(p) != 2 {
		t.Errorf("a parent cycle must stop the walk, got %d regions", len(p))
	}
}

func TestValidateID(t *testing.T) {
	for _, ok := range []string{"wuwei", "funds_in_place", "a-b.c", "X1"} {
		if err := ValidateID(ok); err != nil {
			t.Errorf("ValidateID(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "武威", "a b", "a\x00b", strings.Repeat("a", 65), "a/b"} {
		if err := ValidateID(bad); err == nil {
			t.Errorf("ValidateID(%q) should fail", bad)
		}
	}
}

// TestAFinalFigureIsPreferredToAPreliminaryOneAndIsNoConflict: the
// preliminary figure a final one revised is shown as revised, not as two
// sources disagreeing; two final figures that differ are a disagreement.
func TestAFinalFigureIsPreferredToAPreliminaryOneAndIsNoConflict(t *testing.T) {
	pre := obs(Year(2024), 98, "98万人次", "early")
	pre.Status = StatusPreliminary
	final := obs(Year(2024), 100, "100万人次", "late")
	s := Series{Indicator: visits, Observations: []Observation{pre, final}}
	sum := s.Summarize()
	if sum.Latest.Value != 100 || sum.Latest.Status != StatusFinal || sum.Conflict || len(s.Conflicts()) != 0 {
		t.Errorf("Summary = %+v, conflicts %v: want the final 100, no conflict", sum, s.Conflicts())
	}
	if pts := s.Points(); len(pts) != 1 || pts[0].Value != 100 {
		t.Errorf("Points = %+v, want the final figure only", pts)
	}
	other := obs(Year(2024), 101, "101万人次", "other")
	s.Observations = append(s.Observations, other)
	if sum := s.Summarize(); !sum.Conflict || len(s.Conflicts()) != 1 {
		t.Errorf("two final figures 100 and 101: Summary %+v, conflicts %v; want a conflict", sum, s.Conflicts())
	}
	// An expected figure (预计) gives way to a preliminary one, which gives
	// way to the final one.
	exp := obs(Year(2025), 120, "120万人次", "plan")
	exp.Status = StatusExpected
	pre25 := obs(Year(2025), 118, "118万人次", "early")
	pre25.Status = StatusPreliminary
	s = Series{Indicator: visits, Observations: []Observation{exp, pre25}}
	if got := s.Summarize().Latest; got.Value != 118 || got.Status != StatusPreliminary {
		t.Errorf("Latest = %+v, want the preliminary 118 over the expected 120", got)
	}
	for in, want := range map[string]Status{"": StatusFinal, "初步核算": StatusPreliminary, "预计": StatusExpected, "expected": StatusExpected} {
		if got, err := ParseStatus(in); err != nil || got != want {
			t.Errorf("ParseStatus(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseStatus("大概"); err == nil || !strings.Contains(Localize(err, Chinese), "初步核算") {
		t.Errorf("an unknown status must list the accepted ones: %v", err)
	}
}

// TestAChangeComputedAcrossTwoSourcesSaysSo: two levels from different
// sources may differ in definition; the change computed from them is
// marked, one computed within a source is not.
func TestAChangeComputedAcrossTwoSourcesSaysSo(t *testing.T) {
	s := Series{Indicator: visits, Observations: []Observation{obs(Year(2023), 100, "100", "a"), obs(Year(2024), 120, "120", "b")}}
	if c, ok := s.Change(); !ok || !c.CrossSource || math.Abs(c.Value-20) > 1e-9 {
		t.Errorf("Change = %+v, %v; want 20%% marked as across two sources", c, ok)
	}
	s.Observations[1].Source = "a"
	if c, ok := s.Change(); !ok || c.CrossSource {
		t.Errorf("Change = %+v, %v; within one source it is not marked", c, ok)
	}
}
