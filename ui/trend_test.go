package ui

import (
	"strings"
	"testing"

	"github.com/gansudash/gansudash/model"
)

func pt(p string, v float64) model.Point {
	per, err := model.ParsePeriod(p)
	if err != nil {
		panic(err)
	}
	return model.Point{Period: per, Value: v}
}

// TestASparklineNeedsThreeComparablePeriods: one or two points, or points
// of different shapes, say how many periods there are instead of drawing.
func TestASparklineNeedsThreeComparablePeriods(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	ctx := m.ctx
	for _, c := range []struct {
		points []model.Point
		want   string
	}{
		{nil, ""},
		{[]model.Point{pt("2024", 1)}, ""},
		{[]model.Point{pt("2023", 1), pt("2024", 2)}, "2期"},
		{[]model.Point{pt("2022", 1), pt("2024-01/2024-05", 3), pt("2024", 2)}, "3期"},
		{[]model.Point{pt("2022", 1), pt("2023", 3), pt("2024", 2)}, "▁█▅"},
	} {
		if got := trendCell(ctx, c.points); got != c.want {
			t.Errorf("trendCell(%v) = %q, want %q", c.points, got, c.want)
		}
	}
}

// TestTheDetailChartsYearsTargetsAndDisagreements: Gansu's GDP growth has
// years of figures, a target and sources that disagree; the detail shows
// each, told apart.
func TestTheDetailChartsYearsTargetsAndDisagreements(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 80)
	send(t, m, pushMsg{newDetail(m.ctx, model.SeriesKey{Indicator: "gdp_growth", Region: "gansu"})})
	frame := screen(m)
	d := m.top().(*detail)
	if len(d.target.Observations) == 0 {
		t.Fatalf("no target series loaded for gdp_growth")
	}
	for _, want := range []string{"历年数据（%）", "2023年 ", "  目标", "░", "目标"} {
		if !strings.Contains(frame, want) {
			t.Errorf("the detail lacks %q:\n%s", want, frame)
		}
	}
	// Wuwei's GDP is published differently by several sources.
	send(t, m, pushMsg{newDetail(m.ctx, model.SeriesKey{Indicator: "gdp", Region: "wuwei"})})
	frame = screen(m)
	if len(m.top().(*detail).series.Conflicts()) == 0 {
		t.Fatal("Wuwei's GDP has no conflicting sources any more: the test needs a series that has")
	}
	for _, want := range []string{"说法不一致，各来源数值见下", "来源不一致"} {
		if !strings.Contains(frame, want) {
			t.Errorf("the detail lacks %q:\n%s", want, frame)
		}
	}
}

// TestNoChangeIsComputedAcrossAChangedDefinition: 2023's 24家 counts
// 行业头部企业 and 2024's 17家 头部企业; they are two indicators, so no
// computed ▼29.17% appears that no article published.
func TestNoChangeIsComputedAcrossAChangedDefinition(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	ov := overviewOf(t, m)
	found := 0
	for _, s := range ov.all {
		if s.Key.Indicator == "top500_and_leading_firms_introduced" || s.Key.Indicator == "top500_and_industry_leading_firms_introduced" {
			found++
			if c, ok := s.Change(m.ctx.Indicator(s.Key.Indicator).Kind, nil); ok {
				t.Errorf("%s: a change %+v across a changed definition", s.Key.Indicator, c)
			}
		}
	}
	if found != 2 {
		t.Fatalf("found %d of the two indicators", found)
	}
}

// TestAnEmptyRegionSaysSoWhileChoosing: in the region chooser, a region
// with no figures in the tab is dimmed, counted "-", and named in the
// status line as having none.
func TestAnEmptyRegionSaysSoWhileChoosing(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 120, 30)
	press(t, m, "tab", "tab", "tab", "r") // 防沙治沙
	ov := overviewOf(t, m)
	for i := 0; i < 20 && !ov.regions.selectedEmpty(); i++ {
		press(t, m, "down")
	}
	if !ov.regions.selectedEmpty() {
		t.Fatal("no region without desertification figures in the tree")
	}
	name := m.ctx.RegionName(ov.regions.selected())
	if s := screen(m); !strings.Contains(s, name+"：此类别暂无数据") {
		t.Errorf("the status line does not say %s has no figures:\n%s", name, s)
	}
}

// TestARegionFoundBySlashIsLoadedWhenTheChooserCloses: / narrows the
// tree; enter opens the region found with its own figures, not the header
// of one over the table of another.
func TestARegionFoundBySlashIsLoadedWhenTheChooserCloses(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 120, 30)
	press(t, m, "r", "/", "t", "w", "enter", "enter")
	ov := overviewOf(t, m)
	if ov.region != "tongwei" || ov.focusReg {
		t.Fatalf("region %s, chooser open %v: want 通渭县, closed", ov.region, ov.focusReg)
	}
	if !ov.loaded || len(ov.all) == 0 {
		t.Fatal("通渭县's figures were never loaded")
	}
	for _, s := range ov.all {
		if s.Key.Region != "tongwei" {
			t.Fatalf("the table holds %s's series %s under 通渭县's header", s.Key.Region, s.Key.Indicator)
		}
	}
}
