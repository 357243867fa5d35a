package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/creack/pty"
)

// bigFile writes a file of n new figures: more than an import writes in
// place, so that it streams through every step.
func bigFile(t *testing.T, dir string, n int) string {
	var b strings.Builder
	b.WriteString("region,indicator,subject,period,value,source\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "wuwei,project_total_investment,进度测试%06d,2025,%d.5,wuwei_2024_review\n", i, i)
	}
	p := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runWithStderr runs a command line with stderr on w and stdout captured.
func runWithStderr(t *testing.T, stderr *os.File, lang string, args ...string) (string, int) {
	var out bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: stderr,
		Getenv: func(k string) string {
			if k == "LANG" {
				return lang
			}
			return ""
		}}
	code := Main(env, args)
	return out.String(), code
}

// drain reads everything written to r until it is closed.
func drain(r io.Reader) func() string {
	var mu sync.Mutex
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		b := make([]byte, 4096)
		for {
			n, err := r.Read(b)
			mu.Lock()
			buf.Write(b[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return func() string {
		<-done
		mu.Lock()
		defer mu.Unlock()
		return buf.String()
	}
}

func TestLongWorkShowsProgressOnATerminalAndNothingInAPipe(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t)
	file := bigFile(t, dir, 20000)
	commands := [][]string{
		{"import", "--db", db, file},
		{"check", "--db", db},
		{"export", "--db", db, "-o", filepath.Join(dir, "out.csv")},
		{"backup", "--db", db, filepath.Join(dir, "copy.db")},
	}
	wants := [][]string{{"进度：读取 ", "进度：写入 "}, {"进度：检查 "}, {"进度：导出 "}, {"进度：备份 "}}

	master, slave, err := pty.Open()
	if err != nil {
		t.Skipf("no pty here: %v", err)
	}
	seen := drain(master)
	for _, args := range commands {
		if out, code := runWithStderr(t, slave, "zh_CN.UTF-8", args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, out)
		}
	}
	// English, by the locale.
	if out, code := runWithStderr(t, slave, "en_US.UTF-8", "check", "--db", db); code != 0 {
		t.Fatalf("check in English: exit %d: %s", code, out)
	}
	slave.Close()
	screen := seen()
	master.Close()
	for i, want := range wants {
		for _, w := range want {
			if !strings.Contains(screen, w) {
				t.Errorf("%v: no %q on the terminal:\n%q", commands[i], w, screen)
			}
		}
	}
	for _, w := range []string{"20,000 行", "progress: checking ", "\r"} {
		if !strings.Contains(screen, w) {
			t.Errorf("no %q on the terminal:\n%q", w, screen)
		}
	}
	// The line is erased at the end: the last thing written blanks it.
	if !strings.HasSuffix(screen, " \r") {
		t.Errorf("the progress line is not erased at the end: %q", screen[max(0, len(screen)-80):])
	}

	// Into a pipe: not a byte of progress.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	piped := drain(r)
	db2 := newDB(t)
	for _, args := range [][]string{{"import", "--db", db2, file}, {"check", "--db", db2}, {"backup", "--db", db2, filepath.Join(dir, "copy2.db")}} {
		if out, code := runWithStderr(t, w, "zh_CN.UTF-8", args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, out)
		}
	}
	w.Close()
	if got := piped(); got != "" {
		t.Errorf("stderr into a pipe holds %q, want nothing", got)
	}
}
