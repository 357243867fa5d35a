package e2e

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestDashboardMemoryWithAMillionFigures opens the real dashboard on a
// million synthetic figures in tmux at 200x60, browses twenty screens (one
// key per send-keys, waiting for each to change), and reads the process's
// peak memory. It builds the database first, so it runs only when asked
// (GANSUDASH_BENCH_DIR reuses the store benchmarks' databases):
//
//	GANSUDASH_1M=1 go test -run TestDashboardMemoryWithAMillionFigures -v ./ui/e2e
//	GANSUDASH_10M=1 go test -run TestDashboardMemoryWithTenMillionFigures -v ./ui/e2e
func TestDashboardMemoryWithAMillionFigures(t *testing.T)   { testDashboardMemory(t, "1M") }
func TestDashboardMemoryWithTenMillionFigures(t *testing.T) { testDashboardMemory(t, "10M") }

func testDashboardMemory(t *testing.T, size string) {
	db := syntheticDB(t, size)
	bin := buildBinary(t)
	start := time.Now()
	s := startTmux(t, 200, 60, fmt.Sprintf("env LANG=zh_CN.UTF-8 GANSUDASH_DB=%s %s", db, bin))
	s.waitFor("the first table", func(sc string) bool { return strings.Contains(sc, "项指标 · 1/") })
	firstFrame := time.Since(start)
	pid := dashboardPID(t, s)
	keys := []string{"Tab", "j", "j", "Enter", "Escape", "Tab", "c", "Escape", "r", "j", "Enter",
		"Tab", "G", "Enter", "Escape", "2", "3", "Enter", "Escape", "1"}
	for _, k := range keys {
		s.key(k)
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	peak := statusKB(string(status), "VmHWM")
	t.Logf("%s: first frame after %v (process start included); peak RSS after %d screens: %.1f MB", size, firstFrame, len(keys), float64(peak)/1024)
	if peak > 100<<10 {
		t.Errorf("peak RSS %d KB, the target is under 100 MB", peak)
	}
}

// dashboardPID finds the gansudash process in the tmux pane.
func dashboardPID(t *testing.T, s *tmuxSession) int {
	out := strings.TrimSpace(s.run("display", "-p", "-t", "e2e", "#{pane_pid}"))
	shell, _ := strconv.Atoi(out)
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		fields := strings.Fields(string(stat))
		comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if len(fields) > 3 && fields[3] == strconv.Itoa(shell) && strings.TrimSpace(string(comm)) == "gansudash" {
			return pid
		}
		if pid == shell && strings.TrimSpace(string(comm)) == "gansudash" {
			return pid
		}
	}
	t.Fatalf("no gansudash process under the pane's shell %d", shell)
	return 0
}

func statusKB(status, field string) int {
	for _, l := range strings.Split(status, "\n") {
		if strings.HasPrefix(l, field+":") {
			kb, _ := strconv.Atoi(strings.Fields(l)[1])
			return kb
		}
	}
	return 0
}
