package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gansudash/gansudash/store"
)

// requireTool finds a program the end-to-end tests drive. Without it they
// skip, unless GANSUDASH_E2E=1 (CI sets it) makes its absence a failure.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("GANSUDASH_E2E") == "1" {
			t.Fatalf("%s is not installed, and GANSUDASH_E2E=1 requires the end-to-end tests", name)
		}
		t.Skipf("%s is not installed; install it (apt-get install %s) to run this test", name, name)
	}
	return path
}

// buildBinary builds gansudash into a temp dir, once per test binary.
var builtBinary string

func buildBinary(t *testing.T) string {
	t.Helper()
	if builtBinary != "" {
		return builtBinary
	}
	dir, err := os.MkdirTemp("", "gansudash-bin-")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "gansudash")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/gansudash/gansudash")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	builtBinary = bin
	return bin
}

// tmuxSession is the real binary running in a detached tmux session on a
// private server socket.
type tmuxSession struct {
	t      *testing.T
	socket string
	status string // file the command's exit status is written to
}

func startTmux(t *testing.T, w, h int, command string) *tmuxSession {
	t.Helper()
	requireTool(t, "tmux")
	dir := t.TempDir()
	s := &tmuxSession{t: t, socket: filepath.Join(dir, "tmux.sock"), status: filepath.Join(dir, "status")}
	full := fmt.Sprintf("%s; echo $? > %s; sleep 30", command, s.status)
	s.run("new-session", "-d", "-s", "e2e", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), full)
	t.Cleanup(func() { exec.Command("tmux", "-S", s.socket, "kill-server").Run() })
	return s
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.run("capture-pane", "-p", "-t", "e2e") }

// waitFor polls the screen until ok accepts it or ten seconds pass.
func (s *tmuxSession) waitFor(what string, ok func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		last = s.screen()
		if ok(last) {
			return last
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("timed out waiting for %s; the screen is:\n%s", what, last)
	return ""
}

// key sends one key (tmux send-keys "j j j" in one call can reach Bubble Tea
// as the single key "jjj") and waits for the screen to change.
func (s *tmuxSession) key(k string) string {
	s.t.Helper()
	before := s.screen()
	s.run("send-keys", "-t", "e2e", k)
	return s.waitFor("the screen to change after "+k, func(sc string) bool { return sc != before })
}

func contains(subs ...string) func(string) bool {
	return func(s string) bool {
		for _, sub := range subs {
			if !strings.Contains(s, sub) {
				return false
			}
		}
		return true
	}
}

var countRE = regexp.MustCompile(`(\d+) 项指标`)

func rowCount(t *testing.T, screen string) int {
	t.Helper()
	m := countRE.FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no row count on the screen:\n%s", screen)
	}
	var n int
	fmt.Sscan(m[1], &n)
	return n
}

func TestDashboardInTmuxWithAChineseLocale(t *testing.T) {
	bin := buildBinary(t)
	db := newDB(t)
	s := startTmux(t, 100, 30, fmt.Sprintf("env LANG=zh_CN.UTF-8 LC_ALL= GANSUDASH_DB=%s %s", db, bin))

	first := s.waitFor("the overview", contains("甘肃省 › 武威市", "招商引资", "到位资金", "429.49亿元"))
	all := rowCount(t, first)

	// The first tab is the highlights; tab tab switches to the industry tab.
	s.key("Tab")
	inv := s.waitFor("the investment tab", contains("到位资金", "招商引资"))
	all = rowCount(t, inv)
	s.key("Tab")
	s.waitFor("the industry tab", contains("重点产业链"))

	// enter drills down to a figure's citation, a verbatim fragment of the article.
	s.key("Enter")
	screen := s.waitFor("the citation", contains("数据与出处", "原文：“"))
	m := regexp.MustCompile(`原文：“([^”]+)”`).FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no fragment on the detail screen:\n%s", screen)
	}
	var fragments []byte
	for _, f := range store.DefaultFigureFiles {
		data, err := store.DefaultFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fragments = append(fragments, data...)
	}
	if !bytes.Contains(fragments, []byte(m[1])) {
		t.Errorf("fragment %q is not one of the dataset's verbatim fragments", m[1])
	}
	s.key("Escape")
	s.waitFor("the industry tab again", contains("重点产业链"))

	// / with pinyin initials narrows the rows of the investment tab.
	s.key("BTab")
	s.waitFor("the investment tab", contains("到位资金", fmt.Sprintf("%d 项指标", all)))
	s.key("/")
	for _, k := range []string{"d", "w", "z", "j"} {
		s.key(k)
	}
	s.key("Enter") // keep the filter: the status line shows the count again
	narrowed := s.waitFor("the filter to narrow the rows", contains("筛选 dwzj"))
	if n := rowCount(t, narrowed); n == 0 || n >= all {
		t.Errorf("dwzj (到位资金) left %d of %d rows:\n%s", n, all, narrowed)
	}
	if !strings.Contains(narrowed, "新引进项目到位资金") || strings.Contains(narrowed, "实施招商引资项目") {
		t.Errorf("the narrowed rows are not the 到位资金 ones:\n%s", narrowed)
	}

	// L switches to English.
	s.key("L")
	s.waitFor("English", contains("Gansu Province › Wuwei City", "Investment", "1 Overview"))

	// q quits with status 0 and restores the terminal.
	s.run("send-keys", "-t", "e2e", "q")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(s.status); err == nil {
			if got := strings.TrimSpace(string(data)); got != "0" {
				t.Fatalf("gansudash exited with status %s", got)
			}
			after := s.screen()
			if strings.Contains(after, "招商引资") || strings.Contains(after, "Investment") {
				t.Errorf("the dashboard is still on the screen after quitting:\n%s", after)
			}
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("gansudash did not exit after q; the screen is:\n%s", s.screen())
}
