package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAMistypedDBIsAnErrorEverywhereAndCreatesNothing runs the real binary
// with a --db (or GANSUDASH_DB) that does not exist: every command, the
// dashboard in a real terminal included, says so in Chinese with how to
// create one, exits 1 and leaves nothing behind; init creates it and refuses
// to do so twice.
func TestAMistypedDBIsAnErrorEverywhereAndCreatesNothing(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "gansudsah.db")
	csv := filepath.Join(t.TempDir(), "figures.csv")
	os.WriteFile(csv, []byte("地区,指标,期间,数值,来源\n武威市,人工造林面积,2026年,1,wuwei_2024_review\n"), 0o644)
	want := "数据库 " + missing + " 不存在（由 --db 指定）；新建请用 gansudash init --db " + missing
	for _, args := range [][]string{{}, {"--region", "武威市"}, {"export"}, {"report"}, {"import", csv}, {"check"},
		{"backup", filepath.Join(dir, "copy.db")}, {"serve", "--listen", "127.0.0.1:0"}} {
		out, errOut, code := runEnv(t, nil, append(args, "--db", missing)...)
		if code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("%q --db %s: exit %d, stdout %q, stderr %q; want exit 1 and %q", args, missing, code, out, errOut, want)
		}
		_, errOut, code = runEnv(t, []string{"GANSUDASH_DB=" + missing}, args...)
		if code != 1 || !strings.Contains(errOut, "不存在（由 GANSUDASH_DB 指定）") {
			t.Errorf("%q with GANSUDASH_DB=%s: exit %d, stderr %q", args, missing, code, errOut)
		}
	}
	// In a real terminal the dashboard says so before it takes the screen.
	s := startTmux(t, 200, 10, fmt.Sprintf("env LANG=C.UTF-8 LC_ALL= LC_MESSAGES= %s --db %s", bin, missing))
	s.waitFor("the error in the terminal", contains("不存在（由 --db 指定）", "gansudash init --db"))
	waitStatus(t, s, "1")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a mistyped --db left %v behind", entries)
	}

	out, errOut, code := runEnv(t, nil, "init", "--db", missing)
	if code != 0 || !strings.Contains(out, "已用内置的默认数据新建数据库 "+missing) {
		t.Fatalf("init: exit %d: %s%s", code, out, errOut)
	}
	if out, errOut, code := runEnv(t, nil, "export", "--db", missing, "--region", "武威市"); code != 0 || !strings.Contains(out, "wuwei") {
		t.Errorf("export from the database init made: exit %d: %s", code, errOut)
	}
	if _, errOut, code := runEnv(t, []string{enLocale}, "init", "--db", missing); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("a second init: exit %d: %s", code, errOut)
	}
}

// waitStatus waits for the command in the tmux session to exit with want.
func waitStatus(t *testing.T, s *tmuxSession, want string) {
	t.Helper()
	s.waitFor("the command to exit", func(string) bool {
		b, err := os.ReadFile(s.status)
		return err == nil && strings.TrimSpace(string(b)) != ""
	})
	if b, _ := os.ReadFile(s.status); strings.TrimSpace(string(b)) != want {
		t.Errorf("exit status %q, want %s", b, want)
	}
}
