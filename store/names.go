package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"github.com/gansudash/gansudash/model"
)

// makeID derives a stable ID for a definition given only by name: from the
// English name when there is one (funds_in_place), else a prefix and a short
// hash of the name.
func makeID(prefix, english, name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(english) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	id := strings.Trim(b.String(), "_")
	if id != "" && len(id) <= 48 {
		return id
	}
	sum := sha256.Sum256([]byte(name))
	return prefix + "_" + hex.EncodeToString(sum[:5])
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// suggest returns ` (did you mean "X"?)` for the known name or ID closest to v
// (empty when none is close).
func (r *Resolver) suggest(kind, v string) model.Text {
	var candidates []string
	switch kind {
	case "region":
		for id, reg := range r.regions {
			candidates = append(candidates, id, reg.NameZH, reg.NameEN)
		}
	case "indicator":
		for id, ind := range r.indicators {
			candidates = append(candidates, id, ind.NameZH, ind.NameEN)
		}
	case "source":
		for id, s := range r.sources {
			candidates = append(candidates, id, s.Title)
		}
	}
	best, bestD := "", -1
	target := []rune(strings.ToLower(v))
	for _, cand := range candidates {
		if cand == "" {
			continue
		}
		d := editDistance(target, []rune(strings.ToLower(cand)))
		if bestD < 0 || d < bestD || d == bestD && cand < best {
			best, bestD = cand, d
		}
	}
	limit := len(target)/2 + 1
	if best == "" || bestD > limit {
		return model.Text{}
	}
	return model.T("（是否指“%s”？）", " (did you mean %q?)", best)
}

// kindText names a kind of definition in a message.
func kindText(kind string) model.Text {
	switch kind {
	case kindRegion:
		return model.Text{ZH: "地区", EN: kind}
	case kindIndicator:
		return model.Text{ZH: "指标", EN: kind}
	case kindSource:
		return model.Text{ZH: "来源", EN: kind}
	}
	return model.Text{ZH: kind, EN: kind}
}

// editDistance is the Levenshtein distance between two rune slices.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
