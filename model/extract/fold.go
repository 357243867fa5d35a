package extract

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// t2s maps a traditional character to its simplified form. It is read once
// from OpenCC's own t2s tables (TSCharacters), by converting every CJK
// character one at a time, so matching never relies on a hand-made list.
var (
	t2sOnce sync.Once
	t2s     map[rune]rune
)

func loadT2S() {
	t2s = map[rune]rune{}
	cc, err := opencc.New("t2s")
	if err != nil {
		return // matching then works on simplified text only
	}
	var b strings.Builder
	var in []rune
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			in = append(in, r)
			b.WriteRune(r)
			b.WriteByte('\n')
		}
	}
	add(0x3400, 0x4DBF) // CJK Extension A
	add(0x4E00, 0x9FFF) // CJK Unified Ideographs
	out, err := cc.Convert(b.String())
	if err != nil {
		return
	}
	lines := strings.Split(out, "\n")
	if len(lines) < len(in) {
		return
	}
	for i, r := range in {
		s := lines[i]
		if c, n := utf8.DecodeRuneInString(s); n == len(s) && c != r {
			t2s[r] = c
		}
	}
}

// foldRune folds one rune for matching: traditional to simplified, full-width
// digits and signs to ASCII.
func foldRune(r rune) rune {
	switch {
	case r >= '０' && r <= '９':
		return r - '０' + '0'
	case r >= 'Ａ' && r <= 'Ｚ':
		return r - 'Ａ' + 'A'
	case r >= 'ａ' && r <= 'ｚ':
		return r - 'ａ' + 'a'
	case r == '．':
		return '.'
	case r == '％':
		return '%'
	case r == '＋':
		return '+'
	case r == '－' || r == '−':
		return '-'
	case r == '：':
		return ':'
	case r == '；':
		return ';'
	case r == '（':
		return '('
	case r == '）':
		return ')'
	case r == '！':
		return '!'
	case r == '？':
		return '?'
	case r == '～':
		return '~'
	case r == '／':
		return '/'
	case r == '\u00a0' || r == '\u3000' || r == '\t' || r == '\r':
		return ' '
	}
	if r >= 0x3400 && r <= 0x9FFF {
		if s, ok := t2s[r]; ok {
			return s
		}
	}
	return r
}

// doc is an article prepared for matching: r holds the folded runes, with
// line breaks inside a sentence removed (articles break lines mid-word) and
// pinyin glosses such as 實(shí) dropped; off[i] is the byte offset in the
// original text of r[i], off[len(r)] its end. A '\n' kept in r is a hard
// boundary: the end of a heading or of a paragraph closed by punctuation.
type doc struct {
	src   string
	r     []rune
	off   []int
	lines []line // headings and lines, for the title and the furniture cut
	end   int    // index in r where the article proper ends (page furniture after)
}

type line struct {
	start, end int // rune indexes in doc.r
	text       string
	heading    bool
}

func isTerminal(r rune) bool {
	switch r {
	case '。', '!', '?', ';', '…', '”', '"', '’', ')', '」', '】', ']':
		return true
	}
	return false
}

func hasClausePunct(s string) bool {
	return strings.ContainsAny(s, ",，。;；!！?？")
}

// prepare folds the text and records its lines.
func prepare(src string) *doc {
	t2sOnce.Do(loadT2S)
	d := &doc{src: src}
	d.r = make([]rune, 0, len(src)/2+1)
	d.off = make([]int, 0, len(src)/2+2)
	i := 0
	for i < len(src) {
		j := strings.IndexByte(src[i:], '\n')
		lineEnd := len(src)
		next := len(src)
		if j >= 0 {
			lineEnd = i + j
			next = lineEnd + 1
		}
		d.addLine(i, lineEnd)
		i = next
	}
	d.off = append(d.off, len(src))
	d.end = len(d.r)
	d.cutFurniture()
	return d
}

// addLine appends the folded runes of src[a:b] and decides whether the line
// ends a sentence.
func (d *doc) addLine(a, b int) {
	start := len(d.r)
	lastNonSpace := rune(0)
	for k := a; k < b; {
		c, n := utf8.DecodeRuneInString(d.src[k:])
		if c == utf8.RuneError && n <= 1 {
			c = ' '
			n = 1
		}
		f := foldRune(c)
		// A pinyin gloss after a Han character: 實(shí)現(xiàn).
		if f == '(' && len(d.r) > start && unicode.Is(unicode.Han, d.r[len(d.r)-1]) {
			if m := pinyinGloss(d.src[k+n : b]); m > 0 {
				k += n + m
				continue
			}
		}
		if f == ' ' || unicode.IsSpace(f) {
			// Keep one space only between ASCII letters or digits.
			if len(d.r) > start && isASCIIAlnum(d.r[len(d.r)-1]) {
				nc, _ := utf8.DecodeRuneInString(d.src[k+n:])
				if k+n < b && isASCIIAlnum(foldRune(nc)) {
					d.r = append(d.r, ' ')
					d.off = append(d.off, k)
				}
			}
			k += n
			continue
		}
		d.r = append(d.r, f)
		d.off = append(d.off, k)
		lastNonSpace = f
		k += n
	}
	if len(d.r) == start {
		return
	}
	text := string(d.r[start:])
	heading := !hasClausePunct(text) && len(d.r)-start <= 30
	d.lines = append(d.lines, line{start: start, end: len(d.r), text: text, heading: heading})
	if heading || isTerminal(lastNonSpace) || lastNonSpace == ':' {
		d.r = append(d.r, '\n')
		d.off = append(d.off, b)
	}
}

// pinyinGloss returns the byte length of "shí)" (Latin letters with tone
// marks, then a closing parenthesis) at the start of s, or 0.
func pinyinGloss(s string) int {
	n := 0
	letters := 0
	for n < len(s) && n < 40 {
		c, w := utf8.DecodeRuneInString(s[n:])
		if c == ')' || c == '）' {
			if letters > 0 {
				return n + w
			}
			return 0
		}
		if !(unicode.IsLetter(c) && unicode.In(c, unicode.Latin)) {
			return 0
		}
		letters++
		n += w
	}
	return 0
}

func isASCIIAlnum(r rune) bool {
	return r < 128 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.')
}

// furnitureMarks start the page furniture that follows an article: the
// editor's line, copyright notice, related reading, comment widgets.
var furnitureMarks = []string{"责编", "责任编辑", "编辑:", "版权声明", "相关阅读", "推荐阅读", "相关新闻", "延伸阅读", "热门推荐", "猜你喜欢", "相关推荐", "[责编", "【责编", "[编辑", "【编辑"}

// cutFurniture ends the article at the first furniture line after its first
// quarter, so teasers and counters in a sidebar are not proposed as figures.
func (d *doc) cutFurniture() {
	for _, l := range d.lines {
		if l.start < len(d.r)/4 {
			continue
		}
		t := strings.TrimLeft(l.text, "[【 ")
		for _, m := range furnitureMarks {
			if strings.HasPrefix(t, strings.TrimLeft(m, "[【")) {
				d.end = l.start
				return
			}
		}
	}
}

// verbatim returns the original text of r[a:b] and its byte offset.
func (d *doc) verbatim(a, b int) (string, int) {
	if b <= a {
		return "", d.off[a]
	}
	last := d.off[b-1]
	_, n := utf8.DecodeRuneInString(d.src[last:])
	if n == 0 {
		n = 1
	}
	return d.src[d.off[a] : last+n], d.off[a]
}
