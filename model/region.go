package model

import (
	"strings"
)

// Level is where a region sits in the administrative tree.
type Level uint8

// The administrative levels, from the top.
const (
	LevelProvince Level = iota + 1
	LevelCity
	LevelCounty // county or district (县/区)
	LevelPark   // industrial park, new area or development zone
)

var levelNames = nameTable[Level]{
	LevelProvince: {"province", "省", "province"},
	LevelCity:     {"city", "市", "city"},
	LevelCounty:   {"county", "县区", "county/district"},
	LevelPark:     {"park", "园区/新区", "park/new area"},
}

// ParseLevel reads a level by its identifier (province, city, county, park)
// or a common Chinese or English name for it (县, 区, 新区, district, zone).
func ParseLevel(s string) (Level, error) {
	return levelNames.parse(s, levelSpellings, T("地区级别", "region level"),
		T("省（province）、市（city）、县或区（county）、园区或新区（park）", "province, city, county or park"))
}

var levelSpellings = map[string]Level{
	"district": LevelCounty, "区": LevelCounty, "县": LevelCounty,
	"new_area": LevelPark, "新区": LevelPark, "园区": LevelPark, "zone": LevelPark,
}

// String returns the level's identifier.
func (l Level) String() string { return levelNames.id(l) }

// levelText names a level in a message: its Chinese label, its identifier in
// English.
func levelText(l Level) Text { return Text{ZH: l.Label(Chinese), EN: l.String()} }

// Label returns the level's name for a reader.
func (l Level) Label(lang Lang) string { return levelNames.label(l, lang) }

// Region is a place figures are published for: the province, a city, a county
// or district, or an industrial park or new area. Parent is the ID of the
// region it belongs to; the province has none.
type Region struct {
	ID     string
	NameZH string
	NameEN string
	Level  Level
	Parent string
}

// Name returns the region's name in lang, falling back to the other language.
func (r Region) Name(lang Lang) string { return pickName(lang, r.NameZH, r.NameEN, r.ID) }

func pickName(lang Lang, zh, en, id string) string {
	first, second := zh, en
	if lang == English {
		first, second = en, zh
	}
	switch {
	case first != "":
		return first
	case second != "":
		return second
	}
	return id
}

// Validate reports what is missing or malformed in r.
func (r Region) Validate() error {
	if err := ValidateID(r.ID); err != nil {
		return Errorf("地区 %w", "region %w", err)
	}
	if r.NameZH == "" && r.NameEN == "" {
		return Errorf("地区 %s 没有名称", "region %s has no name", r.ID)
	}
	if !levelNames.known(r.Level) {
		return Errorf("地区 %s 没有级别", "region %s has no level", r.ID)
	}
	if r.Parent == r.ID {
		return Errorf("地区 %s 的上级是其自身", "region %s is its own parent", r.ID)
	}
	if r.Parent == "" && (r.Level == LevelCounty || r.Level == LevelPark) {
		return Errorf("地区 %s 是%s，却没有上级：请写明所属的市（或县）", "region %s is a %s without a parent: name the city (or county) it belongs to", r.ID, levelText(r.Level))
	}
	return nil
}

// LevelFromName gives a region's level from its Chinese name: a division
// of Gansu's by the province's list (临夏市 is a county-level city), else
// from the end of the name: 省 a province, 市 or 州 a city, 县 or 区 a
// county or district, 新区, 园区, 开发区 or 集中区 a park. ok is false when
// the name says nothing.
func LevelFromName(nameZH string) (Level, bool) {
	if p, ok := GansuPlace(nameZH); ok {
		return p.Level, true // 临夏市 and 玉门市 are county-level cities
	}
	for _, s := range []struct {
		suffix string
		level  Level
	}{{"新区", LevelPark}, {"园区", LevelPark}, {"开发区", LevelPark}, {"集中区", LevelPark}, {"工业园", LevelPark},
		{"自治县", LevelCounty}, {"县", LevelCounty}, {"区", LevelCounty}, {"自治州", LevelCity}, {"州", LevelCity},
		{"市", LevelCity}, {"省", LevelProvince}} {
		if strings.HasSuffix(nameZH, s.suffix) {
			return s.level, true
		}
	}
	return 0, false
}

// ValidateID checks an identifier of a region, indicator or source: 1 to 64
// bytes, letters, digits, "_", "-" and "." only, so that it can be part of a
// storage key and typed on a command line.
func ValidateID(id string) error {
	if id == "" {
		return Errorf("ID 为空", "ID is empty")
	}
	if len(id) > 64 {
		return Errorf("ID“%s”超过 64 字节", "ID %q is longer than 64 bytes", id)
	}
	for _, c := range id {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
		if !ok {
			return Errorf("ID“%s”只能包含字母、数字、_、- 和 .", "ID %q may hold only letters, digits, _, - and .", id)
		}
	}
	return nil
}

// RegionTree indexes regions by ID and by parent, to walk the province >
// city > county > park tree.
type RegionTree struct {
	byID     map[string]Region
	children map[string][]string
	roots    []string
}

// NewRegionTree builds the tree; regions whose parent is unknown become roots.
// Children keep the order they are given in.
func NewRegionTree(regions []Region) *RegionTree {
	t := &RegionTree{byID: make(map[string]Region, len(regions)), children: map[string][]string{}}
	for _, r := range regions {
		t.byID[r.ID] = r
	}
	for _, r := range regions {
		if _, ok := t.byID[r.Parent]; ok && r.Parent != r.ID {
			t.children[r.Parent] = append(t.children[r.Parent], r.ID)
		} else {
			t.roots = append(t.roots, r.ID)
		}
	}
	return t
}

// Get returns the region with id.
func (t *RegionTree) Get(id string) (Region, bool) {
	r, ok := t.byID[id]
	return r, ok
}

// Len returns the number of regions.
func (t *RegionTree) Len() int { return len(t.byID) }

// Roots returns the IDs of the regions without a known parent.
func (t *RegionTree) Roots() []string { return t.roots }

// Children returns the IDs of id's direct children.
func (t *RegionTree) Children(id string) []string { return t.children[id] }

// Path returns the regions from the root down to id (甘肃省 › 武威市 › 凉州区).
// A cycle in the parent links stops the walk.
func (t *RegionTree) Path(id string) []Region {
	var path []Region
	seen := map[string]bool{}
	for r, ok := t.byID[id]; ok && !seen[r.ID]; r, ok = t.byID[r.Parent] {
		seen[r.ID] = true
		path = append([]Region{r}, path...)
	}
	return path
}

// Walk visits the tree depth first, parents before children, with each
// region's depth (0 for roots).
func (t *RegionTree) Walk(fn func(r Region, depth int)) {
	seen := map[string]bool{}
	var visit func(id string, depth int)
	visit = func(id string, depth int) {
		if seen[id] {
			return
		}
		seen[id] = true
		fn(t.byID[id], depth)
		for _, c := range t.children[id] {
			visit(c, depth+1)
		}
	}
	for _, id := range t.roots {
		visit(id, 0)
	}
}
