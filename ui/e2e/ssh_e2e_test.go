package e2e

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/serve/sshclient"
)

// servedBinary is `gansudash serve` running as its own process on a free
// port of 127.0.0.1, with one authorized key written as OpenSSH writes it.
type servedBinary struct {
	cmd     *exec.Cmd
	addr    string
	port    string
	keyFile string // the client's private key, for ssh -i
	signer  gossh.Signer
	logs    *strings.Builder
	logsMu  *sync.Mutex
	stopped bool
}

var listenRE = regexp.MustCompile(`listen=(127\.0\.0\.1:(\d+))`)

func startServeBinary(t *testing.T, extra ...string) *servedBinary {
	t.Helper()
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "gansudash.db")
	if _, err := store.EnsureDefault(db); err != nil {
		t.Fatal(err)
	}
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := gossh.NewSignerFromKey(priv)
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "id_ed25519")
	os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600)
	sshPub, _ := gossh.NewPublicKey(pub)
	auth := filepath.Join(dir, "authorized_keys")
	os.WriteFile(auth, gossh.MarshalAuthorizedKey(sshPub), 0o600)

	args := append([]string{"serve", "--db", db, "--listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "host"),
		"--authorized-keys", auth}, extra...)
	cmd := exec.Command(bin, args...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &servedBinary{cmd: cmd, keyFile: keyFile, signer: signer, logs: &strings.Builder{}, logsMu: &sync.Mutex{}}
	found := make(chan [2]string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.logsMu.Lock()
			s.logs.WriteString(sc.Text() + "\n")
			s.logsMu.Unlock()
			if m := listenRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- [2]string{m[1], m[2]}:
				default:
				}
			}
		}
	}()
	select {
	case a := <-found:
		s.addr, s.port = a[0], a[1]
		servers.Store(s.addr, cmd.Process.Pid)
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the server did not report its address:\n%s", s.logs.String())
	}
	t.Cleanup(func() { s.stop(t) })
	return s
}

// stop ends the server with SIGTERM, as an operator would; once.
func (s *servedBinary) stop(t *testing.T) {
	if s.stopped {
		return
	}
	s.stopped = true
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(6 * time.Second):
		s.cmd.Process.Kill()
		t.Error("the server did not exit within 5s of SIGTERM")
	}
}

// TestTheRealOpenSSHClientInTmux connects with OpenSSH's ssh, inside tmux,
// to the real server: the dashboard appears, keys move the selection, and q
// ends the session with exit status 0.
func TestTheRealOpenSSHClientInTmux(t *testing.T) {
	requireTool(t, "ssh")
	s := startServeBinary(t)
	sshCmd := fmt.Sprintf("env LANG=zh_CN.UTF-8 ssh -tt -p %s -i %s -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o SendEnv=LANG 127.0.0.1",
		s.port, s.keyFile)
	tm := startTmux(t, 100, 30, sshCmd)
	first := tm.waitFor("the dashboard over SSH", contains("甘肃省 › 武威市", "到位资金", "招商引资"))
	if !strings.Contains(first, "▸到位资金") {
		t.Fatalf("the first row is not selected:\n%s", first)
	}
	tm.key("j")
	moved := tm.waitFor("the selection to move", func(sc string) bool { return !strings.Contains(sc, "▸到位资金") })
	// One row marked in the table, and the panel under it naming it in full.
	if strings.Count(moved, "▸") != 2 || !strings.Contains(moved, "▸ 新引进省外项目签约额") {
		t.Errorf("after j:\n%s", moved)
	}
	tm.run("send-keys", "-t", "e2e", "q")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(tm.status); err == nil {
			if got := strings.TrimSpace(string(data)); got != "0" {
				t.Fatalf("ssh exited with status %s", got)
			}
			s.logsMu.Lock()
			logs := s.logs.String()
			s.logsMu.Unlock()
			if !strings.Contains(logs, "INFO session") || !strings.Contains(logs, "pty=true") {
				t.Errorf("the session is not logged:\n%s", logs)
			}
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("ssh did not exit after q:\n%s", tm.screen())
}

// TestSSHLoadAgainstTheBinary measures key-to-frame latency, server memory
// and the server's CPU per key for several numbers of concurrent sessions
// against the real server process. Each session presses a key every
// GANSUDASH_SSH_INTERVAL (default 20ms after the previous frame: the stress
// load; 500ms is a fast reader) for GANSUDASH_SSH_SECONDS (default 5). It
// runs only when asked:
//
//	GANSUDASH_SSH_LOAD=100,300,500 GANSUDASH_SSH_INTERVAL=500ms GANSUDASH_SSH_SECONDS=20 go test -run TestSSHLoadAgainstTheBinary -v ./ui/e2e
//	GANSUDASH_SSH_LOAD=100,300,500 go test -run TestSSHLoadAgainstTheBinary -v ./ui/e2e
//
// The clients run in the test process, on the same machine: they stop
// emulating the screen once the dashboard is up, so that they cost little
// beside the server.
func TestSSHLoadAgainstTheBinary(t *testing.T) {
	spec := os.Getenv("GANSUDASH_SSH_LOAD")
	if spec == "" {
		t.Skip("set GANSUDASH_SSH_LOAD=10,50,100 to measure")
	}
	interval, stress := 20*time.Millisecond, true
	if v := os.Getenv("GANSUDASH_SSH_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("GANSUDASH_SSH_INTERVAL=%q: %v", v, err)
		}
		interval, stress = d, false
	}
	seconds := 5
	if v := os.Getenv("GANSUDASH_SSH_SECONDS"); v != "" {
		seconds, _ = strconv.Atoi(v)
	}
	mode := fmt.Sprintf("a key every %v", interval)
	if stress {
		mode = fmt.Sprintf("a key %v after each frame (stress)", interval)
	}
	fmt.Printf("\n%s, %d s per run, %d CPUs\n\n", mode, seconds, runtime.NumCPU())
	fmt.Printf("| sessions | keys | keys/s | p50 key-to-frame | p99 key-to-frame | max | server RSS with the sessions open | server RSS peak (VmHWM) | server CPU per key |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, f := range strings.Split(spec, ",") {
		n, _ := strconv.Atoi(strings.TrimSpace(f))
		s := startServeBinary(t, "--max-sessions", strconv.Itoa(n+10), "--conn-burst", strconv.Itoa(n+10))
		pid := s.cmd.Process.Pid
		r := loadSessions(t, s.addr, s.signer, n, time.Duration(seconds)*time.Second, interval, stress)
		lat := r.latencies
		if len(lat) == 0 {
			t.Fatalf("%d sessions: no key was answered", n)
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		perKey := "?"
		if r.cpu >= 0 {
			perKey = fmt.Sprintf("%.2f ms", float64(r.cpu.Microseconds())/1000/float64(len(lat)))
		}
		fmt.Printf("| %d | %d | %.0f | %.1f ms | %.1f ms | %.1f ms | %.1f MB | %s | %s |\n", n, len(lat), float64(len(lat))/r.took.Seconds(),
			ms(lat[len(lat)/2]), ms(lat[len(lat)*99/100]), ms(lat[len(lat)-1]), r.openRSS, procStatus(t, pid, "VmHWM"), perKey)
		s.stop(t)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func procStatus(t *testing.T, pid int, field string) string {
	mb := procMB(pid, field)
	if mb < 0 {
		return "?"
	}
	return fmt.Sprintf("%.1f MB", mb)
}

// procMB reads a memory field (VmRSS, VmHWM) of a process in MB, -1 if it
// cannot.
func procMB(pid int, field string) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, field+":") {
			kb, _ := strconv.Atoi(strings.Fields(l)[1])
			return float64(kb) / 1024
		}
	}
	return -1
}

// procCPU reads the CPU time a process has used (user and system), -1 if
// it cannot.
func procCPU(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	// The fields after the command name, which is in parentheses.
	i := bytes.LastIndexByte(data, ')')
	fields := strings.Fields(string(data[i+1:]))
	if len(fields) < 13 {
		return -1
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ
}

type loadResult struct {
	latencies []time.Duration
	openRSS   float64       // MB, once every session shows the dashboard
	cpu       time.Duration // the server's, while the keys were pressed; -1 unknown
	took      time.Duration
}

// loadSessions opens n sessions, a few milliseconds apart, waits until every
// one shows the dashboard, then has each press keys for d: every interval
// (a fast reader), or interval after each frame (stress).
func loadSessions(t *testing.T, addr string, signer gossh.Signer, n int, d, interval time.Duration, stress bool) loadResult {
	var mu sync.Mutex
	var res loadResult
	var wg, ready sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		time.Sleep(5 * time.Millisecond) // no handshake storm: the dashboard is what is measured
		go func(i int) {
			defer wg.Done()
			readied := false
			defer func() {
				if !readied {
					ready.Done()
				}
			}()
			c, err := sshclient.Dial(sshclient.Session{Addr: addr, Signer: signer, Width: 100, Height: 30})
			if err != nil {
				t.Errorf("session %d: %v", i, err)
				return
			}
			defer c.Close()
			if err := c.WaitFor(60*time.Second, "到位资金"); err != nil {
				t.Errorf("session %d: %v", i, err)
				return
			}
			c.StopScreen()
			readied = true
			ready.Done()
			<-start
			keys := "jjjkkk"
			begin := time.Now()
			end := begin.Add(d)
			if !stress { // spread the sessions over the interval
				time.Sleep(time.Duration(i) * interval / time.Duration(n))
			}
			next := time.Now()
			for k := 0; time.Now().Before(end); k++ {
				l, err := c.Key(keys[k%len(keys):k%len(keys)+1], 5*time.Second)
				if err != nil {
					if err != io.EOF {
						t.Errorf("session %d: %v", i, err)
					}
					return
				}
				mu.Lock()
				res.latencies = append(res.latencies, l)
				mu.Unlock()
				if stress {
					time.Sleep(interval)
					continue
				}
				next = next.Add(interval)
				if wait := time.Until(next); wait > 0 {
					time.Sleep(wait)
				} else {
					next = time.Now()
				}
			}
		}(i)
	}
	ready.Wait()
	pid := serverPID(addr)
	res.openRSS = procMB(pid, "VmRSS")
	cpu0 := procCPU(pid)
	began := time.Now()
	close(start)
	wg.Wait()
	res.took = time.Since(began)
	res.cpu = -1
	if cpu1 := procCPU(pid); cpu0 >= 0 && cpu1 >= 0 {
		res.cpu = cpu1 - cpu0
	}
	return res
}

// servers maps a listening address to its process, for loadSessions.
var servers sync.Map

func serverPID(addr string) int {
	if pid, ok := servers.Load(addr); ok {
		return pid.(int)
	}
	return -1
}

// TestReportWidthIsBoundedLocallyAndOverSSH: --width past the limit is a
// usage error, and twenty SSH clients asking for the widest report at once
// keep the server under 100 MB.
func TestReportWidthIsBoundedLocallyAndOverSSH(t *testing.T) {
	db := newDB(t)
	for _, w := range []string{"5000000", "-5", "100000000"} {
		_, errOut, code := runCmd(t, db, "report", "--width", w)
		if code != exitUsage || !strings.Contains(errOut, "报告宽度须在 40 到 1000 列之间") {
			t.Errorf("report --width %s: exit %d: %s", w, code, errOut)
		}
	}
	s := startServeBinary(t)
	// Over SSH the client's locale decides, by the same rule: none (or
	// C.UTF-8) is Chinese, en_US English; --lang overrides it.
	for _, tc := range []struct {
		env     []string
		command string
		want    string
	}{
		{nil, "report --width 5000000", "报告宽度须在 40 到 1000 列之间"},
		{[]string{"LANG=C.UTF-8"}, "report --width 5000000", "报告宽度须在 40 到 1000 列之间"},
		{[]string{"LANG=en_US.UTF-8"}, "report --width 5000000", "between 40 and 1000"},
		{[]string{"LANG=C.UTF-8"}, "report --width 5000000 --lang en", "between 40 and 1000"},
		{[]string{"LANG=en_US.UTF-8"}, "report --bogus", "unknown flag: --bogus"},
		{nil, "report --bogus", "未知选项：--bogus"},
	} {
		c, err := sshclient.Dial(sshclient.Session{Addr: s.addr, Signer: s.signer, Command: tc.command, Env: tc.env})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Wait(10 * time.Second); sshclient.ExitStatus(err) != exitUsage || !strings.Contains(c.Output(), tc.want) {
			t.Errorf("%s over SSH with %v: %v %q; want %q", tc.command, tc.env, err, c.Output(), tc.want)
		}
		c.Close()
	}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := sshclient.Dial(sshclient.Session{Addr: s.addr, Signer: s.signer, Command: "report --width 1000 --region 武威市"})
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			if err := c.Wait(30 * time.Second); err != nil {
				errs <- fmt.Errorf("%v: %.200s", err, c.Output())
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	peak := procMB(s.cmd.Process.Pid, "VmHWM")
	if peak < 0 {
		t.Skip("no /proc to read the server's memory from")
	}
	t.Logf("server peak RSS after 20 reports at width 1000: %.1f MB", peak)
	if peak > 100 {
		t.Errorf("server peak RSS %.1f MB, want under 100 MB", peak)
	}
}

// TestAReportOverSSHWithATerminalAsksItNothing: ssh -t server report > file
// must not wait for a key, and the file must not start with terminal
// queries (whose answers would later be typed into the official's shell).
func TestAReportOverSSHWithATerminalAsksItNothing(t *testing.T) {
	s := startServeBinary(t)
	c, err := sshclient.Dial(sshclient.Session{Addr: s.addr, Signer: s.signer, Width: 100, Height: 30,
		Command: "report --region 兰州市", Env: []string{"LANG=zh_CN.UTF-8"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	if err := c.Wait(10 * time.Second); err != nil {
		t.Fatalf("report with a pty: %v\n%s", err, c.Output())
	}
	out := c.Output()
	for _, q := range []string{"\x1b]11;?", "\x1b[c", "\x1b]10;?", "\x1b[6n"} {
		if strings.Contains(out, q) {
			t.Errorf("the report queried the terminal with %q", q)
		}
	}
	if !strings.Contains(out, "1809.81亿元") {
		t.Errorf("no report:\n%s", out)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the report took %v: it waited for something", took)
	}
}
