package model

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Source is where figures were published: an article, a report, a file an
// official imported. Publisher and Date stay empty when the source does not
// state them; they are never guessed.
type Source struct {
	ID        string
	Title     string
	Publisher string
	Date      string // YYYY-MM-DD as published, or empty
	Authors   string
	NoteZH    string // what a reader needs to know about the source, in Chinese
	NoteEN    string // and in English
	URL       string // the page's address, when it was published on the web
}

// Note returns the source's note in lang (the other language's when only
// that one exists).
func (s Source) Note(lang Lang) string { return pickNote(s.NoteZH, s.NoteEN, lang) }

// Validate reports what is missing or malformed in s.
func (s Source) Validate() error {
	if err := ValidateID(s.ID); err != nil {
		return Errorf("来源 %w", "source %w", err)
	}
	if strings.TrimSpace(s.Title) == "" {
		return Errorf("来源 %s 没有标题", "source %s has no title", s.ID)
	}
	if s.Date != "" && !validDate(s.Date) {
		return Errorf("来源 %s：日期“%s”不是 YYYY-MM-DD 格式", "source %s: date %q is not YYYY-MM-DD", s.ID, s.Date)
	}
	if s.URL != "" && !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
		return Errorf("来源 %s：地址“%s”不是网址：请写成 http://… 或 https://…", "source %s: address %q is not a web address: write it as http://… or https://…", s.ID, s.URL)
	}
	return nil
}

func validDate(d string) bool {
	if len(d) != 10 || d[4] != '-' || d[7] != '-' {
		return false
	}
	p, err := ParsePeriod(d[:7])
	if err != nil {
		return false
	}
	day := int(d[8]-'0')*10 + int(d[9]-'0')
	return p.Kind == PeriodMonth && d[8] >= '0' && d[8] <= '3' && d[9] >= '0' && d[9] <= '9' && day >= 1 && day <= 31
}

// SeriesKey identifies one series: an indicator in a region, for one subject
// (an event, project or company) or for the region as a whole (Subject "").
type SeriesKey struct {
	Indicator string
	Region    string
	Subject   string
}

// Observation is one published figure: an indicator's value in a region for a
// period, with the text exactly as published and where it was published.
// Value is in the indicator's unit; Published keeps the original wording
// (50多家, 9000万元). A derived observation was computed, not published:
// Derivation holds the formula and Published is empty.
type Observation struct {
	Indicator  string
	Region     string
	Subject    string
	Period     Period
	Value      float64
	Published  string
	Unit       string
	Kind       Kind
	Qualifier  Qualifier
	Status     Status // final, preliminary (初步核算) or expected (预计)
	Derivation string
	Source     string
	Fragment   string
	NoteZH     string // what a reader needs to know (预计, 累计, a change of definition), in Chinese
	NoteEN     string // and in English
}

// Note returns the figure's note in lang, or the other language's when only
// that one exists: a caveat is never hidden for want of a translation.
func (o Observation) Note(lang Lang) string { return pickNote(o.NoteZH, o.NoteEN, lang) }

func pickNote(zh, en string, lang Lang) string {
	if lang == English && en != "" || zh == "" {
		return en
	}
	return zh
}

// SplitNote files a note given in one column under its language: Chinese
// when it holds Chinese characters, English otherwise.
func SplitNote(note string) (zh, en string) {
	for _, r := range note {
		if unicode.Is(unicode.Han, r) && !strings.ContainsRune("，。：；", r) {
			// Chinese characters inside an English sentence (a company's
			// name) do not make it Chinese: a Chinese note is mostly Chinese.
			han, letters := 0, 0
			for _, c := range note {
				switch {
				case unicode.Is(unicode.Han, c):
					han++
				case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
					letters++
				}
			}
			if han*2 >= letters {
				return note, ""
			}
			return "", note
		}
	}
	return "", note
}

// MaxFragment is the longest verbatim fragment, in characters, a figure cites.
const MaxFragment = 40

// Derived reports whether the figure was computed rather than published.
func (o Observation) Derived() bool { return o.Derivation != "" }

// Key returns the series the observation belongs to.
func (o Observation) Key() SeriesKey {
	return SeriesKey{Indicator: o.Indicator, Region: o.Region, Subject: o.Subject}
}

// Display returns the figure for a table cell: as published when it was
// published (50多家), else the computed number to two decimals with its unit,
// marked with ≈ so it never passes for a published figure.
func (o Observation) Display(lang Lang) string {
	if !o.Derived() && o.Published != "" && lang == Chinese {
		return o.Published
	}
	num := FormatNumber(o.Value)
	if o.Derived() {
		num = "≈" + FormatDerived(o.Value)
	}
	num = o.Qualifier.Apply(num, lang)
	u := UnitLabel(o.Unit, lang)
	switch {
	case u == "":
		return num
	case u == "%" || lang == Chinese:
		return num + u
	}
	return num + " " + u
}

// Validate checks the observation on its own and against its indicator.
func (o Observation) Validate(ind Indicator) error {
	if o.Indicator != ind.ID {
		return Errorf("用指标 %[2]s 校验了 %[1]s 的数据", "observation of %s checked against indicator %s", o.Indicator, ind.ID)
	}
	if o.Region == "" {
		return Errorf("没有地区", "no region")
	}
	if err := o.Period.check(); err != nil {
		return Errorf("期间：%v", "period: %v", err)
	}
	if math.IsNaN(o.Value) || math.IsInf(o.Value, 0) {
		return Errorf("数值不是有限数", "value is not a finite number")
	}
	if o.Unit != ind.Unit {
		return Errorf("单位 %s 与指标 %s 的单位 %s 不同", "unit %s differs from indicator %s's unit %s", o.Unit, ind.ID, ind.Unit)
	}
	if o.Kind != ind.Kind {
		return Errorf("类型 %s 与指标 %s 的类型 %s 不同", "kind %s differs from indicator %s's kind %s", o.Kind, ind.ID, ind.Kind)
	}
	if (ind.Scope == ScopeRegion) != (o.Subject == "") {
		if o.Subject == "" {
			return Errorf("指标 %s 按%s统计：请在 subject 中写明%[2]s", "indicator %s is per %s: name the %s in subject", ind.ID, scopeText(ind.Scope), ind.Scope)
		}
		return Errorf("指标 %s 是地区合计，该数据却填了 subject“%s”", "indicator %s is a region total but the figure names subject %q", ind.ID, o.Subject)
	}
	if o.Source == "" {
		return Errorf("没有来源：每个数据都须注明出处", "no source: every figure cites where it was published")
	}
	if !o.Status.Valid() {
		return Errorf("未知状态 %d", "unknown status %d", o.Status)
	}
	if o.Derived() && o.Published != "" {
		return Errorf("推算的数据不应有公布原文", "a derived figure has no published text")
	}
	if !o.Derived() && o.Published == "" {
		return Errorf("既没有公布原文（公布时的写法），也没有推算式", "no published text (the value as published) and no derivation")
	}
	// A fragment of at most MaxFragment bytes has at most as many runes:
	// counting is for the longer ones (a million figures are checked).
	if len(o.Fragment) > MaxFragment && utf8.RuneCountInString(o.Fragment) > MaxFragment {
		return Errorf("原文摘录有 %d 个字，超过 %d 个", "fragment is %d characters, more than %d", utf8.RuneCountInString(o.Fragment), MaxFragment)
	}
	return nil
}
