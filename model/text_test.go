package model

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

func TestErrorsSayThemselvesInBothLanguagesAndWrap(t *testing.T) {
	inner := Errorf("第 %d 行：%q 不是数字", "line %d: %q is not a number", 3, "4x.9")
	outer := Errorf("导入失败：%w", "import failed: %w", inner)
	if got := outer.Error(); got != `import failed: line 3: "4x.9" is not a number` {
		t.Errorf("English: %q", got)
	}
	if got := Localize(outer, Chinese); got != `导入失败：第 3 行："4x.9" 不是数字` {
		t.Errorf("Chinese: %q", got)
	}
	if !errors.Is(Errorf("找不到 %w", "not found: %w", fs.ErrNotExist), fs.ErrNotExist) {
		t.Error("Errorf does not wrap its error argument")
	}
	if got := Localize(errors.New("plain"), Chinese); got != "plain" {
		t.Errorf("a plain error: %q", got)
	}
}

// englishSentence finds three English words in a row: a message for a
// Chinese reader may quote identifiers (growth_pct, --create, data.csv) but
// not English prose.
var englishSentence = regexp.MustCompile(`\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b`)

func checkChinese(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	zh := Localize(err, Chinese)
	if !strings.ContainsFunc(zh, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || englishSentence.MatchString(zh) {
		t.Errorf("not Chinese: %s", zh)
	}
	if !strings.Contains(zh, want) {
		t.Errorf("Chinese lacks %q:\n%s", want, zh)
	}
	if en := Localize(err, English); en != err.Error() {
		t.Errorf("English %q differs from Error() %q", en, err.Error())
	}
}

func TestModelErrorsInChinese(t *testing.T) {
	_, err := ParsePeriod("明年")
	checkChinese(t, err, "“明年”不是期间：请写成 "+PeriodFormsZH)
	if !strings.Contains(err.Error(), PeriodForms) {
		t.Errorf("the English error lost the forms: %v", err)
	}
	_, err = ParsePeriod("2024-13")
	checkChinese(t, err, "“2024-13”不是期间")
	_, err = ParsePeriod("2024-02-30")
	checkChinese(t, err, "“2024-02-30”不是")
	_, err = ParseValue("4x.9")
	checkChinese(t, err, "“4x.9”不是数字：数字后的“x.9”不是单位")
	_, err = ParseValue("")
	checkChinese(t, err, "单元格为空")
	_, err = ParseStatus("draft")
	checkChinese(t, err, "未知状态“draft”：请填最终（final，或留空）、初步核算（preliminary）或预计（expected）")
	_, err = ParseCategory("mining")
	checkChinese(t, err, "招商引资（investment）、工业（industry）")
	_, err = ParseKind("total")
	checkChinese(t, err, "增速（growth_pct）")
	_, err = ParseScope("park")
	checkChinese(t, err, "未知范围“park”")
	_, err = ParseLevel("village")
	checkChinese(t, err, "未知地区级别“village”")
	_, err = ParseQualifier("大约")
	checkChinese(t, err, "未知修饰词“大约”")
	_, err = ConvertUnit(1, "万亩", "亿元")
	checkChinese(t, err, "万亩 无法换算为 亿元")
	_, err = EvalFormula("1+(2*3")
	checkChinese(t, err, "推算式“1+(2*3”：第 7 列缺少 )")
	_, err = EvalFormula("1+x")
	checkChinese(t, err, "第 3 列有多余的“x”")
	checkChinese(t, Region{ID: "x", NameZH: "某区", Level: LevelCounty}.Validate(), "地区 x 是县区，却没有上级")
	checkChinese(t, Indicator{ID: "bad id"}.Validate(), "指标 ID“bad id”只能包含")
	o := Observation{Indicator: "a", Region: "r", Period: Year(2024), Unit: "个", Kind: KindCount, Source: "s", Published: "3个", Subject: ""}
	checkChinese(t, o.Validate(Indicator{ID: "a", Unit: "个", Kind: KindCount, Scope: ScopeProject}), "指标 a 按项目统计：请在 subject 中写明项目")
}

// TestSystemErrorsSayTheCommonCausesInChinese: a file that does not exist,
// already exists or may not be read is said in Chinese, wherever the error
// sits in a message; English stays as the system says it.
func TestSystemErrorsSayTheCommonCausesInChinese(t *testing.T) {
	_, err := os.Stat(filepath.Join(t.TempDir(), "缺失.csv"))
	wrapped := Errorf("读取 %s：%w", "reading %s: %w", "缺失.csv", err)
	zh := Localize(wrapped, Chinese)
	if !strings.Contains(zh, "无法读取") || !strings.Contains(zh, "文件或目录不存在") || strings.Contains(zh, "no such file") {
		t.Errorf("Chinese: %s", zh)
	}
	if en := Localize(wrapped, English); !strings.Contains(en, "no such file or directory") {
		t.Errorf("English: %s", en)
	}
	if got := Localize(fs.ErrPermission, Chinese); got != "没有权限" {
		t.Errorf("permission: %s", got)
	}
	if got := Localize(errors.New("something else"), Chinese); got != "something else" {
		t.Errorf("an unknown cause is left as the system says it: %s", got)
	}
}
