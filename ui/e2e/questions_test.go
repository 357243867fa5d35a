package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gansudash/gansudash/store"
)

// question is an official's everyday question, the keys that answer it
// from the opening screen, and what the answer screen must show: the
// figures and where they were published.
type question struct {
	name string
	keys []string
	want []string
}

// questions are the four questions of a Wuwei official the dashboard must
// answer in at most five keys, with the answer and its source on one
// screen.
var questions = []question{
	{
		name: "How much did Wuwei sign at each 2024 promotion event, and in total?",
		keys: []string{"2"},
		want: []string{"2024年3月", "44.9亿元", "101.06亿元", "145.53亿元", "418亿元", "合计（算，4场）", "145.96亿元（2场）", "563.53亿元（2场）", "来源：《凝心聚力谱新篇"},
	},
	{
		name: "How does Wuwei's 到位资金 compare with Lanzhou's?",
		keys: []string{"c"},
		want: []string{"各地对比：到位资金", "兰州市", "1350亿元", "武威市", "587.76亿元", "2013年：2个同级地区有数据", "蘭州日報"},
	},
	{
		name: "What did Wuwei and its counties achieve in desertification control in 2024, and who published it?",
		keys: []string{"Tab", "Tab", "Tab", "v"},
		want: []string{"汇总：武威市及下辖", "武威市本级", "凉州区", "古浪县", "民勤县", "工程固沙", "17.2万亩", "人工造林面积", "20万亩", "来源："},
	},
	{
		name: "Is the Tongwei industrial zone growing, by how much, says who?",
		keys: []string{"r", "G", "Enter"},
		want: []string{"通渭工业集中区", "工业总产值", "16.7亿元", "▲26.5% 公布", "定西日报"},
	},
}

// TestFourQuestionsInFiveKeysUnderChineseAndCLocales drives the built
// binary in tmux from its opening screen, under zh_CN.UTF-8 and under
// C.UTF-8 (common on servers and over SSH, where the interface must still
// be Chinese).
func TestFourQuestionsInFiveKeysUnderChineseAndCLocales(t *testing.T) {
	bin := buildBinary(t)
	for _, locale := range []string{"zh_CN.UTF-8", "C.UTF-8"} {
		for _, q := range questions {
			t.Run(locale+"/"+q.name, func(t *testing.T) {
				if len(q.keys) > 5 {
					t.Fatalf("%d keys: more than five", len(q.keys))
				}
				db := filepath.Join(t.TempDir(), "gansudash.db")
				if _, err := store.EnsureDefault(db); err != nil {
					t.Fatal(err)
				}
				s := startTmux(t, 100, 30, fmt.Sprintf("env LANG=%s LC_ALL= GANSUDASH_DB=%s %s", locale, db, bin))
				s.waitFor("the opening screen", contains("甘肃省 › 武威市", "要点"))
				for _, k := range q.keys {
					s.key(k)
				}
				screen := s.waitFor("the answer", func(sc string) bool { return contains(q.want...)(sc) })
				if strings.Contains(screen, "…亿元") {
					t.Errorf("a value is cut:\n%s", screen)
				}
			})
		}
	}
}
