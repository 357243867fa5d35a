package model

import (
	"strings"
)

// Lang is the language names and labels are printed in.
type Lang uint8

// Chinese is the default language; English is the alternative.
const (
	Chinese Lang = iota
	English
)

// ParseLang reads "zh" or "en" (and zh_CN, zh-Hans, en_US, ...).
func ParseLang(s string) (Lang, error) {
	switch l := strings.ToLower(strings.TrimSpace(s)); {
	case strings.HasPrefix(l, "zh"):
		return Chinese, nil
	case strings.HasPrefix(l, "en"):
		return English, nil
	}
	return Chinese, Errorf("未知语言“%s”：请用 zh 或 en", "unknown language %q: use zh or en", s)
}

// String returns "zh" or "en".
func (l Lang) String() string {
	if l == English {
		return "en"
	}
	return "zh"
}

// Pick returns zh or en according to l.
func (l Lang) Pick(zh, en string) string {
	if l == English {
		return en
	}
	return zh
}
