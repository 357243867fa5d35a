package model

import (
	"strings"
)

// nameTable is the names of an enumeration's values: an identifier (what
// files and flags use), a Chinese label and an English label.
type nameTable[T comparable] map[T][3]string

// id returns v's identifier, or "unknown".
func (t nameTable[T]) id(v T) string {
	if n, ok := t[v]; ok {
		return n[0]
	}
	return "unknown"
}

// label returns v's name for a reader in lang, or "?".
func (t nameTable[T]) label(v T, lang Lang) string {
	if n, ok := t[v]; ok {
		return lang.Pick(n[1], n[2])
	}
	return "?"
}

// known reports whether v is a value of the enumeration.
func (t nameTable[T]) known(v T) bool {
	_, ok := t[v]
	return ok
}

// parse reads a value by its identifier or Chinese label (trimmed, any
// case), or by one of extra's other spellings. The error names what is being
// read and the identifiers to use, in both languages.
func (t nameTable[T]) parse(s string, extra map[string]T, what, use Text) (T, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	if v, ok := t.find(k, byIDOrChinese); ok {
		return v, nil
	}
	if v, ok := extra[k]; ok {
		return v, nil
	}
	var zero T
	return zero, Errorf("未知%s“%s”：请填%s", "unknown %s %q: use %s", what, s, use)
}

// find returns the value whose names match s as match decides.
func (t nameTable[T]) find(s string, match func(s string, names [3]string) bool) (T, bool) {
	for v, n := range t {
		if match(s, n) {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// byIDOrChinese matches s (already trimmed, lower-case) against the
// identifier or the Chinese label.
func byIDOrChinese(s string, n [3]string) bool { return s == n[0] || s == n[1] }
