package model

import (
	"errors"
	"io/fs"
	"testing"
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
