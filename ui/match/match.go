package match

import (
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// Fields is a row's searchable text, prepared once when rows are loaded so
// that typing a filter costs no pinyin lookups.
type Fields struct {
	lower    string   // every text, lower-cased, separated by "\x00"
	initials []uint64 // per character: the set of letters (bits 0-25) and digits (26-35) it may start with
}

// Prepare indexes the texts of one row.
func Prepare(texts ...string) Fields {
	var f Fields
	f.lower = strings.ToLower(strings.Join(texts, "\x00"))
	for _, t := range texts {
		for _, r := range t {
			f.initials = append(f.initials, initialSet(r))
		}
		f.initials = append(f.initials, 0) // texts do not run into each other
	}
	return f
}

// Query is a parsed filter: terms that must all match.
type Query struct {
	terms []string
}

// NewQuery parses the filter text; terms are separated by spaces.
func NewQuery(s string) Query {
	return Query{terms: strings.Fields(strings.ToLower(s))}
}

// Empty reports whether the query filters nothing out.
func (q Query) Empty() bool { return len(q.terms) == 0 }

// Match reports whether every term of q is found in f: as a substring of the
// text, or, for terms of ASCII letters and digits, as consecutive initials.
func (f Fields) Match(q Query) bool {
	for _, t := range q.terms {
		if !strings.Contains(f.lower, t) && !f.matchInitials(t) {
			return false
		}
	}
	return true
}

func (f Fields) matchInitials(term string) bool {
	bits := make([]uint64, 0, len(term))
	for i := 0; i < len(term); i++ {
		b := bitOf(rune(term[i]))
		if b == 0 {
			return false
		}
		bits = append(bits, b)
	}
	for start := 0; start+len(bits) <= len(f.initials); start++ {
		ok := true
		for i, b := range bits {
			if f.initials[start+i]&b == 0 {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func bitOf(r rune) uint64 {
	switch {
	case r >= 'a' && r <= 'z':
		return 1 << (r - 'a')
	case r >= 'A' && r <= 'Z':
		return 1 << (r - 'A')
	case r >= '0' && r <= '9':
		return 1 << (26 + r - '0')
	}
	return 0
}

var (
	cacheMu sync.RWMutex
	cache   = map[rune]uint64{}
	args    = func() pinyin.Args {
		a := pinyin.NewArgs()
		a.Heteronym = true
		a.Style = pinyin.FirstLetter
		return a
	}()
)

// initialSet returns the letters a character may be typed as: every pinyin
// initial of a Han character, the character itself for ASCII letters and
// digits, nothing for the rest.
func initialSet(r rune) uint64 {
	if b := bitOf(r); b != 0 {
		return b
	}
	if !unicode.Is(unicode.Han, r) {
		return 0
	}
	cacheMu.RLock()
	set, ok := cache[r]
	cacheMu.RUnlock()
	if ok {
		return set
	}
	for _, p := range pinyin.SinglePinyin(r, args) {
		if p != "" {
			set |= bitOf(rune(p[0]))
		}
	}
	cacheMu.Lock()
	cache[r] = set
	cacheMu.Unlock()
	return set
}

var sortArgs = pinyin.NewArgs() // first reading, no tones

// SortText returns a key that sorts Chinese text by pinyin (and other text
// case-insensitively), the order officials expect in a list of names.
func SortText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			if p := pinyin.SinglePinyin(r, sortArgs); len(p) > 0 {
				b.WriteString(p[0])
				b.WriteByte(' ')
				continue
			}
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
