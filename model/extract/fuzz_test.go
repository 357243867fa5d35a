package extract

import (
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzExtract: Extract never panics nor hangs, and every proposal's
// fragment is the text at its offset, at most MaxFragment runes.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"2024年,武威市签约项目25项,签约金额44.9亿元,同比增长38.01%。",
		"今年1月至5月,凉州区超10万吨、近七成、第二位,截至目前65家。",
		"實(shí)現(xiàn)簽約項目12個、總投資32.18億元",
		"来源:兰州日报2025-02-04 19:12\n“3+2”±800千伏2×100万千瓦",
		"1,809.81亿元 ４４．９亿元 50多家 35%以上 分别达99.03%、50.78%",
		"\xff\xfe2024年\x00签约(",
	} {
		f.Add(s)
	}
	c := Catalog{Regions: testRegions()}
	f.Fuzz(func(t *testing.T, text string) {
		done := make(chan []Proposal, 1)
		go func() { done <- Extract(Article{Text: text, Date: Date{2025, 2, 4}}, c, Options{}) }()
		var ps []Proposal
		select {
		case ps = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Extract has run 10 s on %d bytes: %q", len(text), text)
		}
		for _, p := range ps {
			if p.Offset < 0 || p.Offset+len(p.Fragment) > len(text) || text[p.Offset:p.Offset+len(p.Fragment)] != p.Fragment {
				t.Fatalf("fragment %q is not the text at %d", p.Fragment, p.Offset)
			}
			if utf8.RuneCountInString(p.Fragment) > MaxFragment {
				t.Fatalf("fragment %q is longer than %d runes", p.Fragment, MaxFragment)
			}
		}
	})
}
