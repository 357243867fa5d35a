package model

import (
	"strings"
	"testing"
)

// The province's list: 14 prefecture-level divisions (12 cities, 2
// autonomous prefectures) and 86 county-level ones (17 districts, 5
// county-level cities, 57 counties, 7 autonomous counties).
func TestTheGazetteerHoldsEveryDivisionOfGansuOnce(t *testing.T) {
	cities, counties := 0, map[string]int{}
	seen := map[string]bool{}
	for _, d := range gansuDivisions {
		cities++
		for _, c := range d.counties {
			name := strings.Split(c, "|")[0]
			switch {
			case strings.HasSuffix(name, "自治县"):
				counties["autonomous"]++
			case strings.HasSuffix(name, "区"):
				counties["district"]++
			case strings.HasSuffix(name, "市"):
				counties["city"]++
			default:
				counties["county"]++
			}
		}
		for _, n := range append([]string{d.city}, d.short...) {
			if seen[n] {
				t.Errorf("%s is named twice", n)
			}
			seen[n] = true
		}
		for _, c := range d.counties {
			for _, n := range strings.Split(c, "|") {
				if seen[n] {
					t.Errorf("%s is named twice", n)
				}
				seen[n] = true
			}
		}
	}
	want := map[string]int{"district": 17, "city": 5, "county": 57, "autonomous": 7}
	if cities != 14 || len(counties) != 4 || counties["district"] != 17 || counties["city"] != 5 || counties["county"] != 57 || counties["autonomous"] != 7 {
		t.Errorf("%d prefecture-level, county-level %v; want 14 and %v", cities, counties, want)
	}
}

func TestAPlaceIsFoundByItsOfficialOrShortNameWithItsLevelAndCity(t *testing.T) {
	for _, tt := range []struct {
		name, official, parent string
		level                  Level
	}{
		{"积石山县", "积石山保安族东乡族撒拉族自治县", "临夏回族自治州", LevelCounty},
		{"临夏州", "临夏回族自治州", "", LevelCity},
		{"临夏市", "临夏市", "临夏回族自治州", LevelCounty}, // a county-level city
		{"玉门市", "玉门市", "酒泉市", LevelCounty},
		{"天祝县", "天祝藏族自治县", "武威市", LevelCounty},
		{"嘉峪关市", "嘉峪关市", "", LevelCity},
	} {
		p, ok := GansuPlace(tt.name)
		if !ok || p.Name != tt.official || p.Parent != tt.parent || p.Level != tt.level {
			t.Errorf("GansuPlace(%s) = %+v, %v", tt.name, p, ok)
		}
	}
	for _, tt := range []struct{ text, name string }{
		{"和政县储备项目64项", "和政县"},
		{"积石山县储备项目", "积石山县"},
		{"正宁县、瓜州县", "正宁县"},
		{"临夏州共储备", "临夏州"},
		{"临夏县储备", "临夏县"},
		{"和平发展", ""},
		{"宁夏回族自治区", ""},
	} {
		if name, _, _ := GansuPlaceAt(tt.text); name != tt.name {
			t.Errorf("GansuPlaceAt(%s) = %q, want %q", tt.text, name, tt.name)
		}
	}
}
