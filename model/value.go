package model

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Qualifier marks a figure the article published as approximate. "50多家" is
// 50 with qualifier 多: the number alone would claim a precision the source
// does not.
type Qualifier string

// The qualifiers the articles use.
const (
	QualNone    Qualifier = ""
	QualMore    Qualifier = "多"  // 50多: more than 50
	QualOdd     Qualifier = "余"  // 30余: 30-odd
	QualOver    Qualifier = "超"  // 超10: over 10
	QualNearly  Qualifier = "近"  // 近130: nearly 130
	QualAtLeast Qualifier = "以上" // 35%以上: 35% or more
	QualAbout   Qualifier = "约"  // 约20: about 20
	QualBreak   Qualifier = "突破" // 突破100亿元: has passed 100 (a milestone crossed)
)

var qualifiers = []Qualifier{QualMore, QualOdd, QualOver, QualNearly, QualAtLeast, QualAbout, QualBreak}

// ParseQualifier reads a qualifier; the empty string is QualNone.
func ParseQualifier(s string) (Qualifier, error) {
	t := strings.TrimSpace(s)
	switch t {
	case "":
		return QualNone, nil
	case "超过":
		return QualOver, nil
	case "左右":
		return QualAbout, nil
	}
	for _, q := range qualifiers {
		if t == string(q) {
			return q, nil
		}
	}
	return QualNone, Errorf("未知修饰词“%s”：请用 多、余、超、近、以上、约 或 突破", "unknown qualifier %q: use 多, 余, 超, 近, 以上, 约 or 突破", s)
}

// IsPrefix reports whether the qualifier is written before the number (超10,
// 近130, 约20, 突破100) rather than after it (50多, 30余, 35%以上).
func (q Qualifier) IsPrefix() bool {
	return q == QualOver || q == QualNearly || q == QualAbout || q == QualBreak
}

// Apply writes number with the qualifier in its place, in Chinese ("50多",
// "超10") or English ("50+", ">10", "~130", "≥35").
func (q Qualifier) Apply(number string, lang Lang) string {
	if q == QualNone {
		return number
	}
	if lang == English {
		switch q {
		case QualMore, QualOdd:
			return number + "+"
		case QualOver, QualBreak:
			return ">" + number
		case QualNearly:
			return "nearly " + number
		case QualAtLeast:
			return "≥" + number
		case QualAbout:
			return "~" + number
		}
	}
	if q.IsPrefix() {
		return string(q) + number
	}
	return number + string(q)
}

// ParsedValue is a figure read from text the way officials write it.
type ParsedValue struct {
	Number    float64
	Qualifier Qualifier
	Unit      string // the unit written in the cell, "" when none
}

// ValueError says why a text is not a figure.
type ValueError struct {
	Text   string
	Reason Text // ": why", or empty
}

func (e *ValueError) Error() string { return e.Localize(English) }

// Localize says why the text is not a figure, in lang.
func (e *ValueError) Localize(lang Lang) string {
	return T("“%s”不是数字%s", "%q is not a number%s", e.Text, e.Reason).Localize(lang)
}

// ParseValue reads a figure as officials write it: 1,809.81; full-width digits
// ４４.９; the unit in the cell (44.9亿元, 38.01%); negatives (-3.2, −3.2,
// 下降3.2%); qualifiers (50多, 30余, 超10, 近130, 35%以上, 约20, 突破100); a
// rank (第二位).
// The unit returned is whatever trails the number; the caller checks it
// against the indicator.
func ParseValue(text string) (ParsedValue, error) {
	if v, ok := plainNumber(text); ok {
		return ParsedValue{Number: v}, nil
	}
	if pv, ok := numberAndKnownUnit(text); ok {
		return pv, nil
	}
	return parseValueText(text)
}

// numberAndKnownUnit reads the next most common case, a plain number
// followed at once by a known unit (44.9亿元, 38.01%), without the general
// parser's copies: check reads every stored figure's published text. It
// gives what parseValueText gives, or false.
func numberAndKnownUnit(text string) (ParsedValue, bool) {
	i := 0
	if i < len(text) && text[i] == '-' {
		i++
	}
	for i < len(text) && (text[i] >= '0' && text[i] <= '9' || text[i] == '.') {
		i++
	}
	if i == len(text) || !KnownUnit(text[i:]) {
		return ParsedValue{}, false
	}
	v, ok := plainNumber(text[:i])
	if !ok {
		return ParsedValue{}, false
	}
	if v == 0 {
		v = 0 // no negative zero
	}
	return ParsedValue{Number: v, Unit: text[i:]}, true
}

// parseValueText is ParseValue's general parser.
func parseValueText(text string) (ParsedValue, error) {
	s := strings.TrimSpace(publishedForms.Replace(normalizeDigits(text)))
	var pv ParsedValue
	if s == "" {
		return pv, &ValueError{text, T("：单元格为空", ": the cell is empty")}
	}
	lower := strings.ToLower(s) // once: a million figures are checked in a row
	for _, w := range []struct {
		prefix string
		q      Qualifier
		sign   float64
	}{{"about ", QualAbout, 1}, {"around ", QualAbout, 1}, {"close to ", QualNearly, 1}, {"nearly ", QualNearly, 1},
		{"almost ", QualNearly, 1}, {"more than ", QualOver, 1}, {"over ", QualOver, 1}, {"up ", QualNone, 1}, {"down ", QualNone, -1}} {
		// Figures quoted from English pages (新华社's English service).
		if rest, ok := strings.CutPrefix(lower, w.prefix); ok {
			s = strings.TrimSpace(s[len(s)-len(rest):])
			if w.q != QualNone {
				pv.Qualifier = w.q
			}
			if w.sign < 0 {
				s = "-" + s
			}
			break
		}
	}
	sign := 1.0
	for _, w := range []string{"下降", "减少", "降低", "回落"} {
		if rest, ok := strings.CutPrefix(s, w); ok {
			s, sign = rest, -1
		}
	}
	for _, w := range []string{"增长", "增加", "上升", "提高", "增速"} {
		if rest, ok := strings.CutPrefix(s, w); ok {
			s = rest
		}
	}
	for _, q := range []string{"超过", "突破", "超", "近", "约"} {
		if rest, ok := strings.CutPrefix(s, q); ok && pv.Qualifier == QualNone {
			pv.Qualifier, _ = ParseQualifier(q)
			s = rest
			break
		}
	}
	for _, q := range []string{"以上", "左右"} {
		if rest, ok := strings.CutSuffix(s, q); ok && pv.Qualifier == QualNone {
			pv.Qualifier, _ = ParseQualifier(q)
			s = rest
		}
	}
	if rank, ok := parseRank(s); ok {
		pv.Number, pv.Unit = float64(rank), "位"
		return pv, nil
	}
	num, unit := splitNumber(s)
	if pv.Qualifier == QualNone {
		for _, q := range []Qualifier{QualMore, QualOdd} {
			if rest, ok := strings.CutPrefix(unit, string(q)); ok {
				pv.Qualifier, unit = q, rest
			}
		}
	}
	if num == "" {
		return pv, &ValueError{text, Text{}}
	}
	clean := strings.ReplaceAll(num, ",", "")
	if strings.Contains(num, ",") && !groupedOK(num) {
		return pv, &ValueError{text, T("：千位分隔符位置不对", ": its thousands separators are misplaced")}
	}
	v, err := strconv.ParseFloat(clean, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return pv, &ValueError{text, Text{}}
	}
	unit = strings.TrimSpace(unit)
	if unit != "" && !validUnitText(unit) {
		return pv, &ValueError{text, T("：数字后的“%s”不是单位", ": %q after the number is not a unit", unit)}
	}
	pv.Number, pv.Unit = sign*v, unit
	if pv.Number == 0 {
		pv.Number = 0 // no negative zero
	}
	return pv, nil
}

// publishedForms brings the ways a figure is printed on pages that are not
// in simplified Chinese to the forms ParseValue reads: traditional
// characters (億元, 增長) and English units (billion yuan, percent).
var publishedForms = strings.NewReplacer(
	"億", "亿", "萬", "万", "畝", "亩", "噸", "吨", "個", "个", "項", "项", "戶", "户", "增長", "增长", "點", "点",
	" billion yuan", "十亿元", " trillion yuan", "万亿元", " million yuan", "百万元", " percent", "%", " per cent", "%",
	" yuan", "元",
)

// plainNumber reads the common case, an ASCII decimal such as 44.9 or -3.2,
// without the work the general parser does.
func plainNumber(s string) (float64, bool) {
	if s == "" || len(s) > 32 {
		return 0, false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0:
			dot = true
		case c == '-' && i == 0 && len(s) > 1:
		default:
			return 0, false
		}
	}
	if s[len(s)-1] == '.' || s[0] == '-' && s[1] == '.' {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v == 0 && s[0] == '-' {
		return 0, false
	}
	return v, true
}

// splitNumber splits "-1,809.81亿元" into "-1,809.81" and "亿元".
func splitNumber(s string) (string, string) {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	start := i
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
		i++
	}
	if i == start {
		return "", s
	}
	// An exponent, as spreadsheets write large numbers: 1.5E+06.
	if j := i; j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		j++
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			i = k
		}
	}
	return s[:i], s[i:]
}

// groupedOK checks that commas group digits by three: 1,809.81 yes, 18,09 no.
func groupedOK(num string) bool {
	intPart, _, _ := strings.Cut(strings.TrimLeft(num, "+-"), ".")
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// validUnitText accepts what can trail a number as a unit: letters (Han or
// Latin) and %, with no digits or stray punctuation, so "4x.9" is rejected
// rather than read as 4 with unit "x.9".
func validUnitText(u string) bool {
	if KnownUnit(u) {
		return true
	}
	for _, r := range u {
		if !(unicode.Is(unicode.Han, r) || unicode.IsLetter(r) && r < 128 || r == '%' || r == '/') {
			return false
		}
	}
	return true
}

// parseRank reads 第二位, 第2位, 第一, 全省第一 as a rank.
func parseRank(s string) (int, bool) {
	i := strings.Index(s, "第")
	if i < 0 {
		return 0, false
	}
	body := strings.TrimSuffix(s[i+len("第"):], "位")
	body = strings.TrimSuffix(body, "名")
	if n, err := strconv.Atoi(body); err == nil && n > 0 {
		return n, true
	}
	if n := ChineseNumeral(body); n > 0 {
		return n, true
	}
	return 0, false
}

// normalizeDigits turns full-width digits, signs and separators into ASCII
// and U+2212 MINUS SIGN into "-", so "４４.９" reads as 44.9.
func normalizeDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '．':
			return '.'
		case r == '，':
			return ','
		case r == '－' || r == '−':
			return '-'
		case r == '＋':
			return '+'
		case r == '％':
			return '%'
		case r == '\u00a0' || r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

// FormatNumber prints a published number with the digits it needs and no
// more: 1809.81, 0.9, 50.
func FormatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// FormatDerived prints a computed number to two decimals, the precision the
// articles publish; the caller marks it derived.
func FormatDerived(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// Sum adds published figures and prints the total to the most decimals
// among them: 44.9 + 101.06 is 145.96, not 145.96000000000001 or 145.960.
func Sum(values []float64) (float64, string) {
	total, decimals := 0.0, 0
	for _, v := range values {
		total += v
		s := FormatNumber(v)
		if i := strings.IndexByte(s, '.'); i >= 0 {
			decimals = max(decimals, len(s)-i-1)
		}
	}
	text := strconv.FormatFloat(total, 'f', decimals, 64)
	v, _ := strconv.ParseFloat(text, 64)
	return v, text
}
