package extract

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Date is a calendar date; fields are zero where unknown (a month known
// without its day has Day 0).
type Date struct{ Year, Month, Day int }

// IsZero reports whether no date is known.
func (d Date) IsZero() bool { return d.Year == 0 }

// String prints 2025-02-04, 2025-02 or 2025.
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return strconv.Itoa(d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// ParseDate reads 2025-02-04, 2025/2/4, 2025.02.04, 2025年2月4日, 2025-02 or
// 2025年2月.
func ParseDate(s string) (Date, bool) {
	t2sOnce.Do(loadT2S)
	rs := []rune(strings.TrimSpace(s))
	for i := range rs {
		rs[i] = foldRune(rs[i])
	}
	d, n := scanDate(rs, 0)
	if n == 0 || n != len(rs) && !(n == len(rs)-1 && rs[n] == '日') {
		return Date{}, false
	}
	return d, true
}

// scanDate reads a date starting at rs[i]: a four-digit year, then a month
// and a day separated by - / . or 年 月 (日). It returns the runes read.
func scanDate(rs []rune, i int) (Date, int) {
	y, j := digitsAt(rs, i, 4, 4)
	if j == i || y < 1900 || y > 2199 {
		return Date{}, 0
	}
	if j >= len(rs) {
		return Date{}, 0
	}
	sep := rs[j]
	if sep != '-' && sep != '/' && sep != '.' && sep != '年' {
		return Date{}, 0
	}
	m, k := digitsAt(rs, j+1, 1, 2)
	if k == j+1 || m < 1 || m > 12 {
		return Date{}, 0
	}
	if sep == '年' {
		if k >= len(rs) || rs[k] != '月' {
			return Date{}, 0
		}
		k++
		day, e := digitsAt(rs, k, 1, 2)
		if e > k && day >= 1 && day <= 31 {
			if e < len(rs) && (rs[e] == '日' || rs[e] == '号') {
				e++
			}
			return Date{y, m, day}, e - i
		}
		return Date{y, m, 0}, k - i
	}
	if k < len(rs) && rs[k] == sep {
		day, e := digitsAt(rs, k+1, 1, 2)
		if e > k+1 && day >= 1 && day <= 31 {
			return Date{y, m, day}, e - i
		}
	}
	return Date{y, m, 0}, k - i
}

func digitsAt(rs []rune, i, min, max int) (int, int) {
	v, j := 0, i
	for j < len(rs) && j-i < max && rs[j] >= '0' && rs[j] <= '9' {
		v = v*10 + int(rs[j]-'0')
		j++
	}
	if j-i < min || j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
		return 0, i
	}
	return v, j
}

// ParseHeader reads the byline a news page prints under its title:
// "来源:兰州日报2025-02-04 19:12", "2025/03/05/ 15:48 来源:定西日报 记者…",
// or a block of lines "时间:2023-03-20" … "来源:甘肃日报". The title is the
// last line before the byline that is not page furniture. ok is false when
// the first 60 lines hold no such byline.
func ParseHeader(text string) (title, publisher string, date Date, ok bool) {
	t2sOnce.Do(loadT2S)
	raw := strings.Split(text, "\n")
	if len(raw) > 60 {
		raw = raw[:60]
	}
	var lines []string
	for _, l := range raw {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, foldString(l))
		}
	}
	src := -1
	for i, l := range lines {
		if strings.Contains(l, "来源:") || strings.Contains(l, "来源 :") {
			src = i
			break
		}
	}
	if src < 0 {
		return dateline(lines)
	}
	f := lines[src]
	rest := f[strings.Index(f, "来源")+len("来源"):]
	rest = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(rest), ":"))
	publisher = leadingName(rest)
	// The date is on the byline or on a line next to it (时间:…).
	for _, k := range []int{src, src - 1, src + 1, src - 2, src + 2} {
		if k < 0 || k >= len(lines) {
			continue
		}
		if d, found := firstDate(lines[k]); found {
			date = d
			break
		}
	}
	if publisher == "" && date.IsZero() {
		return "", "", Date{}, false
	}
	return titleBefore(lines, src), publisher, date, true
}

// titleBefore is the last line before lines[i] that is not page furniture.
func titleBefore(lines []string, i int) string {
	for k := i - 1; k >= 0; k-- {
		l := lines[k]
		if _, found := firstDate(l); found || containsAny(l, bylineWords) || strings.HasPrefix(l, "-") || utf8.RuneCountInString(l) > 80 {
			continue
		}
		return l
	}
	return ""
}

// dateline reads a byline without 来源 among the first lines of a page: a
// labelled date (发布时间:2024-05-06 10:00, - 日期:2024-05-06) or a line
// that is a full date, perhaps a time, and perhaps the publisher's name
// alone ("2020-04-10     张掖日报"). A page's banner of today's date
// (2025年12月07日 星期日) names a weekday and is not the article's date.
func dateline(lines []string) (title, publisher string, date Date, ok bool) {
	for i, l := range lines {
		if i >= 12 {
			break
		}
		d, found := firstDate(l)
		if !found || utf8.RuneCountInString(l) > 40 || containsAny(l, []string{"星期", "周一", "周二", "周三", "周四", "周五", "周六", "周日"}) {
			continue
		}
		rest := strings.TrimLeft(l, "-·• ")
		for _, label := range []string{"发布时间", "发表时间", "发布日期", "更新时间", "时间", "日期"} {
			if after, found := strings.CutPrefix(rest, label); found {
				if after = strings.TrimSpace(after); strings.HasPrefix(after, ":") || strings.HasPrefix(after, "：") {
					return titleBefore(lines, i), "", d, true
				}
			}
		}
		name, bare := besideDate(rest)
		if !bare {
			continue
		}
		return titleBefore(lines, i), name, d, true
	}
	return "", "", Date{}, false
}

// besideDate reports whether l is a date, perhaps with a time (19:12 or
// 19:12:05) or a count of readers at its end, and at most one short run of
// Han characters: the publisher's name, which it returns.
func besideDate(l string) (string, bool) {
	rs := []rune(l)
	var name []rune
	for i := 0; i < len(rs); {
		switch c := rs[i]; {
		case c == ' ' || c == '\t' || c == '\u3000':
			i++
		case isDigit(c):
			if d, n := scanDate(rs, i); n > 0 && d.Day > 0 {
				i += n
				if i < len(rs) && (rs[i] == '日' || rs[i] == '号') {
					i++
				}
				continue
			}
			j := i
			for j < len(rs) && (isDigit(rs[j]) || rs[j] == ':') {
				j++
			}
			// A time, or a count of readers at the end (2022-07-12 650).
			if !strings.Contains(string(rs[i:j]), ":") && (j < len(rs) || j-i > 7) {
				return "", false
			}
			i = j
		case isHan(c):
			if len(name) > 0 && !isHan(rs[i-1]) {
				return "", false // a second name
			}
			name = append(name, c)
			i++
		default:
			return "", false
		}
	}
	if len(name) > 12 {
		return "", false
	}
	return string(name), true
}

// firstDate returns the first full date (year, month and day) in s.
func firstDate(s string) (Date, bool) {
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		if isDigit(rs[i]) && (i == 0 || !isDigit(rs[i-1])) {
			if d, n := scanDate(rs, i); n > 0 && d.Day > 0 {
				return d, true
			}
		}
	}
	return Date{}, false
}

// leadingName returns the publisher's name at the start of s: up to a digit,
// a space or punctuation.
func leadingName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' || r == ' ' || strings.ContainsRune(",，。;；:|/()[]", r) {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}
