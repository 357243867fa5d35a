package e2e

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gansudash/gansudash/store"
)

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestAnImportWhileTheDashboardIsOpenIsSeenWithinTwoSeconds runs the real
// dashboard in tmux (one process, reading the database) and imports with the
// real binary (another process): the import neither waits nor fails, and the
// dashboard shows the new figure within two seconds, where the user was.
func TestAnImportWhileTheDashboardIsOpenIsSeenWithinTwoSeconds(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "gansudash.db")
	if _, err := store.EnsureDefault(db); err != nil {
		t.Fatal(err)
	}
	s := startTmux(t, 100, 30, fmt.Sprintf("env LANG=zh_CN.UTF-8 GANSUDASH_DB=%s %s", db, bin))
	s.waitFor("the overview", contains("到位资金"))
	s.key("Tab")
	s.key("Tab")
	s.key("Tab")
	s.waitFor("the desertification tab", contains("人工造林面积", "2024年", "防沙治沙 21"))
	s.key("Down") // the user's place: the second row
	before := s.screen()

	csv := "地区,指标,期间,数值,来源\n武威市,人工造林面积,2025年,23.4,2025年林草局月报\n"
	file := filepath.Join(dir, "may.csv")
	os.WriteFile(file, []byte(csv), 0o644)
	start := time.Now()
	out, err := exec.Command(bin, "import", "--db", db, "--create", file).CombinedOutput()
	if err != nil {
		t.Fatalf("import while the dashboard is open: %v\n%s", err, out)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the import waited %v for the dashboard", d)
	}
	imported := time.Now()
	after := s.waitFor("the new figure", contains("23.4万亩"))
	if d := time.Since(imported); d > 2*time.Second {
		t.Errorf("the dashboard showed the new figure after %v, want within 2s", d)
	}
	// A figure of a series already there: the tab counts the same series.
	tab := regexp.MustCompile(`防沙治沙 \d+`)
	if !strings.Contains(after, "2025年") || tab.FindString(after) == "" || tab.FindString(after) != tab.FindString(before) {
		t.Errorf("after the reload (the tab said %q before):\n%s", tab.FindString(before), after)
	}
	// The cursor is still on the second row.
	cursorLine := func(screen string) int {
		for i, l := range strings.Split(screen, "\n") {
			if strings.Contains(l, "▸") && !strings.Contains(l, "地区") {
				return i
			}
		}
		return -1
	}
	if cursorLine(after) != cursorLine(before) || cursorLine(after) < 0 {
		t.Errorf("the cursor moved from line %d to %d:\n%s", cursorLine(before), cursorLine(after), after)
	}
}

// TestSIGKILLDuringALargeImportLeavesBeforeOrAfter kills imports at many
// moments and checks that each leaves a database that check passes and that
// holds none or all of the file.
func TestSIGKILLDuringALargeImportLeavesBeforeOrAfter(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	if _, err := store.EnsureDefault(base); err != nil {
		t.Fatal(err)
	}
	const rows = 150000
	var b strings.Builder
	b.WriteString("region,indicator,subject,period,value,source\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&b, "wuwei,project_total_investment,kill-test-%06d,%d,%d.5,wuwei_2024_review\n", i/3, 2021+i%3, i%991)
	}
	file := filepath.Join(dir, "big.csv")
	os.WriteFile(file, []byte(b.String()), 0o644)

	figures := func(db string) int {
		out, err := exec.Command(bin, "export", "--db", db, "--region", "wuwei", "--category", "investment").Output()
		if err != nil {
			t.Fatalf("export: %v", err)
		}
		return bytes.Count(out, []byte("kill-test-"))
	}
	checkPasses := func(db string) {
		if out, err := exec.Command(bin, "check", "--db", db).CombinedOutput(); err != nil {
			t.Fatalf("check after a kill: %v\n%s", err, out)
		}
	}

	killDuringImport(t, bin, base, file, func(db string) int {
		checkPasses(db)
		return figures(db)
	}, 0, rows)
}

// killDuringImport imports file into a copy of base once, to know how long
// it takes, then into ten fresh copies, killing each with SIGKILL at a
// moment from 5% to 100% of that time: each must hold the figures count
// says it had before (none of the file) or after (all of it), and at
// least one kill must land before the commit.
func killDuringImport(t *testing.T, bin, base, file string, count func(db string) int, before, rows int) {
	t.Helper()
	dir := t.TempDir()
	full := filepath.Join(dir, "full.db")
	copyFile(t, base, full)
	start := time.Now()
	if out, err := exec.Command(bin, "import", "--db", full, file).CombinedOutput(); err != nil {
		t.Fatalf("full import: %v\n%s", err, out)
	}
	took := time.Since(start)
	if n := count(full); n != before+rows {
		t.Fatalf("a full import holds %d figures, want %d", n, before+rows)
	}
	none, all := 0, 0
	for _, frac := range []float64{0.05, 0.2, 0.4, 0.6, 0.75, 0.85, 0.9, 0.95, 0.98, 1.0} {
		db := filepath.Join(dir, fmt.Sprintf("kill-%v.db", frac))
		copyFile(t, base, db)
		cmd := exec.Command(bin, "import", "--db", db, file)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(frac * float64(took)))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		switch n := count(db); n {
		case before:
			none++
		case before + rows:
			all++
		default:
			t.Errorf("killed at %.0f%% of %v: the database holds %d figures, want %d or %d", frac*100, took, n, before, before+rows)
		}
	}
	t.Logf("import of %d rows took %v; killed 10 times: %d left none, %d left all", rows, took.Round(10*time.Millisecond), none, all)
	if none == 0 {
		t.Error("no kill landed before the commit: the test did not test anything")
	}
}

// TestImportCommandLine imports with the real binary, in Chinese (C.UTF-8,
// as on a server) and in English (en_US.UTF-8).
func TestImportCommandLine(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t)
	en := []string{store.EnvDB + "=" + db, enLocale}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("地区,指标,期间,数值,来源\n武威市,人工造林面积,2025年,4x.9,wuwei_2024_review\n"), 0o644)
	_, errOut, code := runCmd(t, db, "import", bad)
	if code != 1 || !strings.Contains(errOut, bad+":2:4: 列 数值：“4x.9”不是数字：数字后的“x.9”不是单位") ||
		!strings.Contains(errOut, "gansudash: 共 1 个问题，涉及 1 行；未导入任何数据") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	_, errOut, code = runEnv(t, en, "import", bad)
	if code != 1 || !strings.Contains(errOut, bad+`:2:4: column 数值: "4x.9" is not a number`) || !strings.Contains(errOut, "nothing was imported") {
		t.Errorf("in English: exit %d, stderr:\n%s", code, errOut)
	}
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("地区,指标,期间,数值,来源,序号\n武威市,人工造林面积,2025年,22,wuwei_2024_review,1\n"), 0o644)
	out, errOut, code := runCmd(t, db, "import", good, "--dry-run")
	if code != 0 || !strings.Contains(out, "试导入（未写入任何内容）：将导入 1 条数据（1 个文件）：新增 1") || !strings.Contains(errOut, "忽略了 gansudash 不认识的列") {
		t.Errorf("dry run: exit %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = runEnv(t, en, "import", good, "--dry-run")
	if code != 0 || !strings.Contains(out, "would import (dry run, nothing written) 1 figures from 1 file(s): 1 added") || !strings.Contains(errOut, "ignored column") {
		t.Errorf("dry run in English: exit %d\n%s\n%s", code, out, errOut)
	}
	out, _, code = runCmd(t, db, "import", good)
	if code != 0 || !strings.Contains(out, "新增 1") {
		t.Errorf("import: exit %d %s", code, out)
	}
	out, _, _ = runEnv(t, en, "import", good)
	if !strings.Contains(out, "0 added, 0 changed, 1 unchanged") {
		t.Errorf("second import: %s", out)
	}
	out, _, code = runCmd(t, db, "check")
	if code != 0 || !strings.HasPrefix(out, "正常：") {
		t.Errorf("check: exit %d %s", code, out)
	}
	if _, errOut, code := runCmd(t, db, "import"); code != exitUsage || !strings.Contains(errOut, "请指定要导入的文件") {
		t.Errorf("import without files: exit %d %s", code, errOut)
	}
}

func TestReportToAPipeHasNoColour(t *testing.T) {
	bin := buildBinary(t)
	db := newDB(t)
	cmd := exec.Command(bin, "report", "--db", db, "--region", "兰州市", "--lang", "zh", "--width", "80")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLORTERM=truecolor")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsRune(out, 0x1b) {
		t.Error("report into a pipe carries escape sequences")
	}
	for _, want := range []string{"甘肃省 › 兰州市", "招商引资", "1809.81亿元", "兰州日报 · 2025-02-04"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
