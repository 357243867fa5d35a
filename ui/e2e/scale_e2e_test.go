package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/store/synth"
)

// The measurements of whole processes at one and ten million figures. They
// build large files, so they run only when asked:
//
//	GANSUDASH_1M=1 go test ./ui/e2e -run 'Million' -v
//	GANSUDASH_10M=1 go test ./ui/e2e -run 'TenMillion' -v -timeout 1h
//
// GANSUDASH_BENCH_DIR shares the synthetic files with the store's
// benchmarks (1M.csv, 1M.db, 10M.csv, 10M.db), built there once and reused.

// syntheticFiles returns the CSV and the database of a size ("1M" or
// "10M"), built when missing.
func syntheticFiles(t *testing.T, size string) (csv, db string) { return synthetic(t, size, true) }

// syntheticDB returns the database alone.
func syntheticDB(t *testing.T, size string) string {
	_, db := synthetic(t, size, false)
	return db
}

func synthetic(t *testing.T, size string, withCSV bool) (csv, db string) {
	t.Helper()
	env, opt := "GANSUDASH_1M", synth.Options{}
	if size == "10M" {
		env, opt = "GANSUDASH_10M", synth.National(10_000_000)
	}
	if os.Getenv(env) == "" {
		t.Skipf("set %s=1 to build %s synthetic figures and measure", env, size)
	}
	dir := os.Getenv("GANSUDASH_BENCH_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	csv, db = filepath.Join(dir, size+".csv"), filepath.Join(dir, size+".db")
	if _, err := os.Stat(csv); err != nil && withCSV {
		f, err := os.Create(csv)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := synth.WriteCSV(f, opt); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(db); err != nil {
		if err := synth.BuildDB(db, opt); err != nil {
			t.Fatal(err)
		}
	}
	return csv, db
}

// emptyDB creates a database without figures.
func emptyDB(t *testing.T, dir string) string {
	path := filepath.Join(dir, "empty.db")
	db, err := store.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path
}

// timedImport runs gansudash import --create as its own process and returns
// its wall time and peak RSS (the kernel's ru_maxrss of the child).
func timedImport(t *testing.T, bin, db, csv string) (time.Duration, float64, string) {
	cmd := englishCommand(bin, "import", "--db", db, "--create", csv)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	took := time.Since(start)
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no rusage on this system")
	}
	return took, float64(ru.Maxrss) / 1024, strings.TrimSpace(out.String())
}

func testImportPeakRSS(t *testing.T, size string, limitMB float64) {
	csv, _ := syntheticFiles(t, size)
	bin := buildBinary(t)
	db := emptyDB(t, t.TempDir())
	took, peak, out := timedImport(t, bin, db, csv)
	t.Logf("%s: import --create of %s took %v, peak RSS %.1f MB", size, filepath.Base(csv), took.Round(10*time.Millisecond), peak)
	if !strings.Contains(out, " added") {
		t.Errorf("import said: %s", out)
	}
	if peak > limitMB {
		t.Errorf("peak RSS %.1f MB, the target is under %.0f MB", peak, limitMB)
	}
	if out, err := englishCommand(bin, "check", "--db", db).CombinedOutput(); err != nil {
		t.Errorf("check after the import: %v\n%s", err, out)
	}
}

// TestImportPeakRSSOfAMillionRows and its ten-million twin measure the real
// binary importing the synthetic CSV into an empty database.
func TestImportPeakRSSOfAMillionRows(t *testing.T)   { testImportPeakRSS(t, "1M", 300) }
func TestImportPeakRSSOfTenMillionRows(t *testing.T) { testImportPeakRSS(t, "10M", 400) }

var holdsRE = regexp.MustCompile(`holds (\d+) figures`)

// figuresIn runs check, which must pass, and returns the figures it counted.
func figuresIn(t *testing.T, bin, db string) int {
	t.Helper()
	out, err := englishCommand(bin, "check", "--db", db).CombinedOutput()
	if err != nil {
		t.Fatalf("check: %v\n%s", err, out)
	}
	m := holdsRE.FindSubmatch(out)
	if m == nil {
		t.Fatalf("check said: %s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// projectFigures writes n figures of 2,000 projects of one city, monthly:
// rows an official's dashboard shows in one table once they are imported.
func projectFigures(t *testing.T, dir string, n int) string {
	var b strings.Builder
	b.WriteString("region,indicator,subject,period,value,source\n")
	for i := 0; i < n; i++ {
		m := i / 2000
		fmt.Fprintf(&b, "wuwei,project_total_investment,规模测试项目%04d,%d-%02d,%d.5,wuwei_2024_review\n", i%2000, 2000+m/12, m%12+1, i%997)
	}
	p := filepath.Join(dir, "projects.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSIGKILLDuringAMillionRowImportLeavesBeforeOrAfter kills imports of a
// million rows at many moments: each leaves a database that check passes
// and that holds none or all of the file.
func TestSIGKILLDuringAMillionRowImportLeavesBeforeOrAfter(t *testing.T) {
	if os.Getenv("GANSUDASH_1M") == "" {
		t.Skip("set GANSUDASH_1M=1 to kill imports of a million rows")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	if _, err := store.EnsureDefault(base); err != nil {
		t.Fatal(err)
	}
	const rows = 1_000_000
	file := projectFigures(t, dir, rows)
	before := figuresIn(t, bin, base)
	killDuringImport(t, bin, base, file, func(db string) int { return figuresIn(t, bin, db) }, before, rows)
}

// TestTheDashboardIsNeverBlockedByAMillionRowImport opens the real
// dashboard in tmux and imports a million rows with the real binary:
// keys pressed during the import are answered as quickly as before it, and
// the dashboard shows the new figures when the import completes.
func TestTheDashboardIsNeverBlockedByAMillionRowImport(t *testing.T) {
	if os.Getenv("GANSUDASH_1M") == "" {
		t.Skip("set GANSUDASH_1M=1 to import a million rows under an open dashboard")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "gansudash.db")
	if _, err := store.EnsureDefault(db); err != nil {
		t.Fatal(err)
	}
	file := projectFigures(t, dir, 1_000_000)
	s := startTmux(t, 120, 40, fmt.Sprintf("env LANG=zh_CN.UTF-8 GANSUDASH_DB=%s %s --region 武威市", db, bin))
	s.waitFor("the overview", contains("招商引资"))
	tab := regexp.MustCompile(`招商引资 (\d+)`)
	beforeTab := tab.FindString(s.screen())

	// key presses the selection one row down or up and returns how long the
	// screen took to change.
	down := true
	press := func() time.Duration {
		k := "j"
		if !down {
			k = "k"
		}
		down = !down
		before := s.screen()
		start := time.Now()
		s.run("send-keys", "-t", "e2e", k)
		for time.Since(start) < 10*time.Second {
			if s.screen() != before {
				return time.Since(start)
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("the dashboard did not answer %s within 10 s:\n%s", k, s.screen())
		return 0
	}
	var idle []time.Duration
	for i := 0; i < 20; i++ {
		idle = append(idle, press())
	}
	cmd := exec.Command(bin, "import", "--db", db, file)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var busy []time.Duration
	var importErr error
	finished := false
	for !finished {
		busy = append(busy, press())
		time.Sleep(100 * time.Millisecond)
		select {
		case importErr = <-done:
			finished = true
		default:
		}
	}
	if importErr != nil {
		t.Fatalf("import: %v\n%s", importErr, out.String())
	}
	imported := time.Now()
	after := s.waitFor("the new figures", func(sc string) bool {
		m := tab.FindString(sc)
		return m != "" && m != beforeTab
	})
	seen := time.Since(imported)
	stats := func(l []time.Duration) string {
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		return fmt.Sprintf("%d keys, median %v, max %v", len(l), l[len(l)/2].Round(time.Millisecond), l[len(l)-1].Round(time.Millisecond))
	}
	t.Logf("key to frame (tmux polled every 5 ms): idle %s; during the import %s; tab %q became %q %v after the import ended",
		stats(idle), stats(busy), beforeTab, tab.FindString(after), seen.Round(10*time.Millisecond))
	if len(busy) < 5 {
		t.Errorf("only %d keys were pressed during the import", len(busy))
	}
	if max := busy[len(busy)-1]; max > time.Second {
		t.Errorf("a key took %v to answer during the import", max)
	}
	if seen > 3*time.Second {
		t.Errorf("the new figures showed %v after the import, want within 3 s", seen)
	}
	if strings.Contains(after, "locked") || strings.Contains(after, "锁定") {
		t.Errorf("the dashboard reports a lock:\n%s", after)
	}
}
