package extract

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// synthArticle builds a deterministic article of at least n runes in the
// style of the seeds: headings, paragraphs, figures with units, qualifiers,
// periods and regions.
func synthArticle(n int) string { return synth(n, 0) }

// synthBytes builds the same kind of article, of at least n bytes.
func synthBytes(n int) string { return synth(0, n) }

func synth(runes, size int) string {
	sentences := []string{
		"%d年,武威市完成工业总产值%d.%d亿元、增速%d.%d%%,签约项目%d项,签约金额%d.%d亿元。",
		"今年1月至5月,凉州区共实施招商引资项目%d项,总投资%d.%d亿元,同比增长%d.%d%%。",
		"截至目前,已有%d家企业在兰设立分支机构近%d户,现已累计对接重点项目%d余项。",
		"——民勤县完成人工造林%d万亩、工程固沙%d.%d万亩,义务植树%d万株。",
		"新能源装机规模%d万千瓦,居全省第%s位,奶牛存栏%d.%d万头,产品附加值提升%d%%以上。",
		"上半年,预计完成到位资金%d.%d亿元,同比增长%d%%以上,1700多人参加,超%d万吨。",
	}
	digits := []string{"一", "二", "三", "四", "五"}
	var b strings.Builder
	count := 0
	for i := 0; runes > 0 && count < runes || size > 0 && b.Len() < size; i++ {
		before := b.Len()
		if i%7 == 0 {
			fmt.Fprintf(&b, "\n招商出新招 项目掀热潮%d\n\n", i)
		}
		t := sentences[i%len(sentences)]
		args := []any{}
		for k := 0; k < strings.Count(t, "%d")+strings.Count(t, "%s"); k++ {
			args = append(args, 10+(i*7+k*13)%990)
		}
		if strings.Contains(t, "%s") {
			for k := range args {
				if k == 1 {
					args[k] = digits[i%len(digits)]
				}
			}
			t = strings.Replace(t, "%s", "%v", 1)
		}
		fmt.Fprintf(&b, t, args...)
		if i%3 == 2 {
			b.WriteString("\n\n")
		}
		count += utf8.RuneCountInString(b.String()[before:])
	}
	return b.String()
}

func benchExtract(b *testing.B, text string) {
	c := Catalog{Regions: testRegions()}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Extract(Article{Text: text, Date: Date{2025, 6, 30}}, c, Options{})
	}
}

// BenchmarkExtract10k: a 10,000-character article; the target is 50 ms.
func BenchmarkExtract10k(b *testing.B) { benchExtract(b, synthArticle(10000)) }

// BenchmarkExtract1MB: a megabyte of article text; the target is 2 s.
func BenchmarkExtract1MB(b *testing.B) { benchExtract(b, synthBytes(1<<20)) }

// BenchmarkExtract1MBLine: a megabyte on one line without punctuation.
func BenchmarkExtract1MBLine(b *testing.B) { benchExtract(b, noPunctuationLine(1<<20)) }

// noPunctuationLine is n bytes on one line, no punctuation: figures,
// labels and place names run together, the worst case for any search that
// goes back to the start of the sentence.
func noPunctuationLine(n int) string {
	unit := "签约项目25项签约金额44.9亿元武威市今年以来超10万吨分别达到"
	return strings.Repeat(unit, n/len(unit)+1)[:n/len(unit)*len(unit)]
}

// benchFloor is the least any extraction must do with the text: decode it
// into runes and look at each once. Run beside the extraction benchmarks,
// on the same machine at the same time, it says how far above the floor
// the extractor is, whatever the machine.
func benchFloor(b *testing.B, text string) {
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, r := range []rune(text) {
			if r >= '0' && r <= '9' || r == '。' {
				n++
			}
		}
	}
	if n == 0 {
		b.Fatal("no digits: the floor scanned nothing")
	}
}

// BenchmarkFloor10k, BenchmarkFloor1MB: the floor for the same inputs.
func BenchmarkFloor10k(b *testing.B) { benchFloor(b, synthArticle(10000)) }
func BenchmarkFloor1MB(b *testing.B) { benchFloor(b, synthBytes(1<<20)) }

// TestExtractMemoryIsLinearInItsInput checks that memory grows with the
// input, not with its square: four times the input may cost at most six
// times the allocations. Allocation counts do not depend on the machine's
// load; times do, so the speed targets (10,000 characters in 50 ms, a
// megabyte in 2 s) are measured by the benchmarks above, not asserted
// here. -short skips it.
func TestExtractMemoryIsLinearInItsInput(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	c := Catalog{Regions: testRegions()}
	Extract(Article{Text: "预热"}, c, Options{}) // loads the t2s table
	run := func(name, text string) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		props := Extract(Article{Text: text, Date: Date{2025, 6, 30}}, c, Options{})
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s: %d bytes, %d proposals, %.1f MB allocated", name, len(text), len(props), float64(alloc)/(1<<20))
		if len(props) == 0 {
			t.Fatalf("%s: no proposals, so nothing was measured", name)
		}
		return alloc
	}
	for _, input := range []struct {
		name string
		make func(int) string
	}{{"article", synthBytes}, {"line without punctuation", noPunctuationLine}} {
		quarter := run("256 KB "+input.name, input.make(1<<18))
		whole := run("1 MB "+input.name, input.make(1<<20))
		if whole > 6*quarter {
			t.Errorf("%s: 4× the input cost %.1f× the memory: not linear", input.name, float64(whole)/float64(quarter))
		}
	}
}
