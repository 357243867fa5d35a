package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gansudash/gansudash/store"
)

// heldOut is an article of the extraction's held-out set: 定西's first half
// of 2023, whose figures the default dataset does not have.
var heldOut = filepath.Join("..", "..", "model", "extract", "testdata", "heldout", "dingxi_2023h1.txt")

// waitExit waits for the command in the tmux session to end and returns
// its exit status.
func (s *tmuxSession) waitExit() string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(s.status); err == nil {
			return strings.TrimSpace(string(data))
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("the command did not exit; the screen is:\n%s", s.screen())
	return ""
}

// cursorOn reports whether the row the cursor (▸) is on holds text.
func cursorOn(screen, text string) bool {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "▸") && strings.Contains(l, text) {
			return true
		}
	}
	return false
}

// TestReviewAnArticleInTmuxThenSeeItInTheDashboard is the done-when:
// the real binary reviews an article in tmux (accepts rows, rejects one,
// corrects a period), imports the accepted rows, and the dashboard then
// shows them with their fragments; export holds exactly those.
func TestReviewAnArticleInTmuxThenSeeItInTheDashboard(t *testing.T) {
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "gansudash.db")
	if _, err := store.EnsureDefault(db); err != nil {
		t.Fatal(err)
	}
	s := startTmux(t, 120, 32, fmt.Sprintf("env LANG=zh_CN.UTF-8 %s --db %s extract --review %s", bin, db, heldOut))
	s.waitFor("the review screen", contains("审核 经济半年报", "待定 18", "252.6亿元", "a 接受", "i 导入已接受"))

	s.key("x") // 连续两个季度: a streak, not a figure of its own
	s.key("a") // 地区生产总值 252.6亿元
	s.key("a") // its growth, 8.1%
	s.key("j")
	s.key("j")
	screen := s.key("a") // 两批次开复工项目 846项
	if !cursorOn(screen, "338.2亿元") {
		t.Fatalf("the cursor is not on 完成投资338.2亿元:\n%s", screen)
	}
	// Correct its period: 1—6月 rather than 上半年.
	s.key("e")
	s.waitFor("the field menu", contains("p 期间"))
	s.key("p")
	s.waitFor("the period input", contains("期间（2024"))
	s.key("C-u")
	s.run("send-keys", "-t", "e2e", "-l", "2023-01/2023-06")
	s.key("Enter")
	s.waitFor("the corrected period", contains("2023年1—6月", "已修改第 7 行"))
	s.key("a")
	s.waitFor("the decisions", contains("已接受 4，已拒绝 1，待定 13"))

	s.key("i")
	s.waitFor("the dry run", contains("将导入 4 个数据：新增 4"))
	s.key("y")
	s.waitFor("the import", contains("已导入 4 个数据：新增 4"))
	s.run("send-keys", "-t", "e2e", "q")
	if code := s.waitExit(); code != "0" {
		t.Fatalf("review exited with status %s", code)
	}

	// Exactly the accepted figures are in the database, the corrected
	// period with them, each with its fragment.
	out, errOut, code := runCmd(t, db, "export", "--region", "定西市")
	if code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	for _, want := range []string{"实现地区生产总值252.6亿元", "增长8.1%", "两批次开复工项目846项", "2023-01/2023-06,338.2"} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q", want)
		}
	}
	if strings.Contains(out, "连续两个季度获得") || strings.Contains(out, "固定资产投资增长12.1%") {
		t.Errorf("a rejected or undecided row was imported")
	}

	// The dashboard shows them, and a figure's detail its fragment.
	d := startTmux(t, 120, 32, fmt.Sprintf("env LANG=zh_CN.UTF-8 %s --db %s --region 定西市 --category 招商引资", bin, db))
	screen = d.waitFor("the investment tab of 定西市", contains("甘肃省 › 定西市", "两批次开复工项目", "846项", "投资", "2023年1—6月", "338.2亿元"))
	for i := 0; i < 10 && !cursorOn(screen, "两批次开复工项目"); i++ {
		screen = d.key("j")
	}
	if !cursorOn(screen, "两批次开复工项目") {
		t.Fatalf("cannot reach the imported row:\n%s", screen)
	}
	d.key("Enter")
	d.waitFor("the figure's citation", contains("两批次开复工项目", "经济半年报", "原文：“两批次开复工项目846项”"))
}

// TestTheReviewScreenKeepsTheArticlesEscapesOffTheTerminal reviews an
// article that carries an OSC 52 clipboard write and a clear-screen in its
// text, in tmux with the clipboard open to applications: no tmux buffer
// appears, the screen is not cleared, and the escapes show as text.
func TestTheReviewScreenKeepsTheArticlesEscapesOffTheTerminal(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "gansudash.db")
	if _, err := store.EnsureDefault(db); err != nil {
		t.Fatal(err)
	}
	before := sum(t, db)
	// Three control characters in a few kilobytes: text, not binary, so
	// extract reads the article, escapes and all.
	article := filepath.Join(dir, "hostile.txt")
	body := "武威市招商引资综述\n\n2024年,武威市签约项目\x1b]52;c;cm0gLXJmIH4=\x07 25项,签约金额\x1b[2J47.3亿元。\n\n" +
		strings.Repeat("武威市持续优化营商环境，大力推进招商引资工作。\n", 100)
	if err := os.WriteFile(article, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	// The review starts after tmux is told to accept OSC 52 from
	// applications, so that a sequence that got through would show.
	s := startTmux(t, 120, 30, fmt.Sprintf("sleep 1; env LANG=zh_CN.UTF-8 %s --db %s extract --review --title 测试 %s", bin, db, article))
	s.run("set-option", "-g", "set-clipboard", "on")
	screen := s.waitFor("the review screen", contains("审核 测试", "25项", "47.3亿元"))
	if !strings.Contains(screen, "␛]52;c;") || !strings.Contains(screen, "␛[2J") {
		t.Errorf("the escapes are not shown as text:\n%s", screen)
	}
	if bufs := strings.TrimSpace(s.run("list-buffers")); bufs != "" {
		t.Errorf("an OSC 52 from the article reached the terminal: tmux buffers %q", bufs)
	}
	raw := s.run("capture-pane", "-p", "-e", "-t", "e2e")
	if strings.Contains(raw, "\x1b]") || strings.Contains(raw, "\x07") {
		t.Errorf("the pane holds an OSC sequence: %q", raw)
	}
	s.run("send-keys", "-t", "e2e", "q")
	if code := s.waitExit(); code != "0" {
		t.Fatalf("exit status %s", code)
	}
	if sum(t, db) != before {
		t.Error("quitting the review changed the database")
	}
}
