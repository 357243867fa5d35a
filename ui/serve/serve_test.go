package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/log"
	gossh "golang.org/x/crypto/ssh"

	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/serve/sshclient"
)

// testServer is a server on 127.0.0.1 with a fresh database and one
// authorized key.
type testServer struct {
	*Server
	addr    string
	signer  gossh.Signer
	keys    string // authorized_keys path
	db      string
	logs    *syncBuffer
	hostKey gossh.PublicKey
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func startServer(t testing.TB, mutate func(*Config)) *testServer {
	t.Helper()
	dir := t.TempDir()
	ts := &testServer{db: filepath.Join(dir, "gansudash.db"), keys: filepath.Join(dir, "authorized_keys"),
		signer: newSigner(t), logs: &syncBuffer{}}
	if _, err := store.EnsureDefault(ts.db); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ts.keys, gossh.MarshalAuthorizedKey(ts.signer.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	opt := Config{Listen: "127.0.0.1:0", DB: ts.db, HostKeyPath: filepath.Join(dir, "host_ed25519"),
		AuthorizedKeysPath: ts.keys, Logger: log.New(ts.logs), RefreshInterval: 200 * time.Millisecond}
	if mutate != nil {
		mutate(&opt)
	}
	srv, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	addr, err := srv.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ts.Server, ts.addr = srv, addr.String()
	pem, _ := os.ReadFile(opt.HostKeyPath)
	hk, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	ts.hostKey = hk.PublicKey()
	go srv.Serve()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return ts
}

func (ts *testServer) dial(t testing.TB, w, h int, env ...string) *sshclient.Client {
	t.Helper()
	c, err := sshclient.Dial(sshclient.Session{Addr: ts.addr, Signer: ts.signer, HostKey: ts.hostKey, Width: w, Height: h, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestTheDashboardOverSSHFollowsTheClientsTerminal(t *testing.T) {
	ts := startServer(t, nil)
	c := ts.dial(t, 100, 30, "LANG=zh_CN.UTF-8")
	if err := c.WaitFor(5*time.Second, "甘肃省 › 武威市", "招商引资", "到位资金", "通渭工业"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Key("j", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	// A window change reflows the screen: at 50 columns the region tree
	// leaves the side and the view labels leave the header.
	if err := c.Resize(50, 15); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	sidePane := func(s string) bool { return strings.Contains(s, "│▸") } // the selected row beside the region tree
	for time.Now().Before(deadline) && (sidePane(c.Screen()) || !strings.Contains(c.Screen(), "到位资金")) {
		time.Sleep(20 * time.Millisecond)
	}
	s := c.Screen()
	if sidePane(s) || strings.Contains(s, "通渭工业") || strings.Contains(s, "3 来源") || !strings.Contains(s, "到位资金") {
		t.Errorf("not reflowed to 50x15:\n%s", s)
	}
	if lines := strings.Split(strings.TrimRight(s, "\n"), "\n"); len(lines) != 15 {
		t.Errorf("screen has %d lines, want 15", len(lines))
	}

	en := ts.dial(t, 100, 30, "LANG=en_US.UTF-8")
	if err := en.WaitFor(5*time.Second, "Gansu Province › Wuwei City", "Investment"); err != nil {
		t.Errorf("a client with an English locale: %v", err)
	}
	none := ts.dial(t, 100, 30)
	if err := none.WaitFor(5*time.Second, "招商引资"); err != nil {
		t.Errorf("a client that sends no locale gets Chinese: %v", err)
	}
	if !strings.Contains(ts.logs.String(), "session") || !strings.Contains(ts.logs.String(), gossh.FingerprintSHA256(ts.signer.PublicKey())) {
		t.Errorf("sessions are not logged with the key fingerprint:\n%s", ts.logs.String())
	}
}

func TestQEndsTheSessionWithStatusZero(t *testing.T) {
	ts := startServer(t, nil)
	c := ts.dial(t, 80, 24)
	if err := c.WaitFor(5*time.Second, "招商引资"); err != nil {
		t.Fatal(err)
	}
	c.Send("q")
	if err := c.Wait(5 * time.Second); err != nil {
		t.Errorf("q ended the session with %v, want exit status 0", err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for ts.Sessions() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if ts.Sessions() != 0 {
		t.Errorf("%d sessions still counted after q", ts.Sessions())
	}
}

func TestAnUnlistedKeyIsRefusedAndLogged(t *testing.T) {
	ts := startServer(t, nil)
	stranger := newSigner(t)
	_, err := sshclient.Dial(sshclient.Session{Addr: ts.addr, Signer: stranger, Width: 80, Height: 24})
	if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("an unlisted key got in: %v", err)
	}
	if !strings.Contains(ts.logs.String(), "authentication refused") || !strings.Contains(ts.logs.String(), gossh.FingerprintSHA256(stranger.PublicKey())) {
		t.Errorf("the refusal is not logged with the key:\n%s", ts.logs.String())
	}
	// No password, no keyboard-interactive, no anonymous access.
	_, err = gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: "official",
		Auth: []gossh.AuthMethod{gossh.Password("secret"), gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return []string{"secret"}, nil
		})},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err == nil {
		t.Error("password or keyboard-interactive authentication was accepted")
	}
	_, err = gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: "official", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err == nil {
		t.Error("anonymous access was accepted")
	}
}

func TestASessionWithoutAPtyExplainsOrReportsAndExits(t *testing.T) {
	ts := startServer(t, nil)
	c := ts.dial(t, 0, 0)
	err := c.Wait(5 * time.Second)
	if sshclient.ExitStatus(err) != 1 || !strings.Contains(c.Output(), "ssh -t") {
		t.Errorf("no pty: exit %v, output %q", err, c.Output())
	}
	r, err := sshclient.Dial(sshclient.Session{Addr: ts.addr, Signer: ts.signer, Command: "report --region 兰州市 --lang zh --width 90"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Wait(5 * time.Second); err != nil {
		t.Fatalf("report: %v\n%s", err, r.Output())
	}
	out := r.Output()
	if !strings.Contains(out, "1809.81亿元") || !strings.Contains(out, "兰州日报") || strings.ContainsRune(out, 0x1b) {
		t.Errorf("report over SSH without a pty:\n%s", out)
	}
	// In the client's language: Chinese without a locale, English for en_US.
	for env, want := range map[string]string{"": "未知命令“import”", "LANG=en_US.UTF-8": `unknown command "import"`} {
		bad, _ := sshclient.Dial(sshclient.Session{Addr: ts.addr, Signer: ts.signer, Command: "import x.csv", Env: strings.Fields(env)})
		if err := bad.Wait(5 * time.Second); sshclient.ExitStatus(err) != 2 || !strings.Contains(bad.Output(), want) {
			t.Errorf("a write command over SSH with %q: %v %q", env, err, bad.Output())
		}
		bad.Close()
	}
}

func TestTheSessionCapRefusesPolitely(t *testing.T) {
	ts := startServer(t, func(o *Config) { o.MaxSessions = 2 })
	for i := 0; i < 2; i++ {
		c := ts.dial(t, 80, 24)
		if err := c.WaitFor(5*time.Second, "招商引资"); err != nil {
			t.Fatal(err)
		}
	}
	third := ts.dial(t, 80, 24)
	err := third.Wait(5 * time.Second)
	if sshclient.ExitStatus(err) != 1 || !strings.Contains(third.Output(), "服务器已满") || !strings.Contains(third.Output(), "try again later") {
		t.Errorf("third session: exit %v, output %q", err, third.Output())
	}
}

func TestAuthorizedKeysAreReReadWhenTheFileChanges(t *testing.T) {
	ts := startServer(t, nil)
	newcomer := newSigner(t)
	if _, err := sshclient.Dial(sshclient.Session{Addr: ts.addr, Signer: newcomer, Width: 80, Height: 24}); err == nil {
		t.Fatal("a key not yet listed got in")
	}
	f, err := os.OpenFile(ts.keys, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(gossh.MarshalAuthorizedKey(newcomer.PublicKey()))
	f.Close()
	c, err := sshclient.Dial(sshclient.Session{Addr: ts.addr, Signer: newcomer, Width: 80, Height: 24})
	if err != nil {
		t.Fatalf("a key added to authorized_keys was refused without a restart: %v", err)
	}
	c.Close()
}

func TestTheHostKeyIsGeneratedOnceWithMode0600AndReused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "keys", "host")
	fp1, err := ensureHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v, %v; want 0600", st.Mode().Perm(), err)
	}
	fp2, err := ensureHostKey(path)
	if err != nil || fp1 != fp2 || !strings.HasPrefix(fp1, "SHA256:") {
		t.Errorf("fingerprints %q then %q (%v): the key must be reused", fp1, fp2, err)
	}
}

func TestAnImportReachesOpenSessions(t *testing.T) {
	ts := startServer(t, nil)
	c := ts.dial(t, 100, 30, "LANG=zh_CN.UTF-8")
	if err := c.WaitFor(5*time.Second, "到位资金"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "new.csv")
	os.WriteFile(file, []byte("地区,指标,期间,数值,来源\n武威市,到位资金,2024年,512.34,wuwei_2024_review\n"), 0o644)
	start := time.Now()
	if _, err := store.Import(ts.db, []string{file}, store.ImportOptions{}); err != nil {
		t.Fatalf("import while a session is open: %v", err)
	}
	if err := c.WaitFor(3*time.Second, "512.34亿元"); err != nil {
		t.Fatal(err)
	}
	t.Logf("the session showed the import after %v", time.Since(start))
}

func TestShutdownSaysGoodbyeWithinFiveSeconds(t *testing.T) {
	ts := startServer(t, nil)
	c := ts.dial(t, 80, 24)
	if err := c.WaitFor(5*time.Second, "招商引资"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	ts.Shutdown(ctx)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	c.Wait(2 * time.Second)
	if !strings.Contains(c.Output(), "服务器正在关闭") {
		t.Errorf("no goodbye line; the session read:\n%q", c.Output()[max(0, len(c.Output())-300):])
	}
}

// TestFiftySessionsSendingKeysThenNoLeak opens 50 sessions at once, each
// sending keys for a few seconds; every session must get frames, and after
// they disconnect the server's goroutines and memory return near baseline.
func TestFiftySessionsSendingKeysThenNoLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	ts := startServer(t, nil)
	warm := ts.dial(t, 100, 30) // load the shared cache once, so the baseline includes it
	warm.WaitFor(5*time.Second, "到位资金")
	warm.Close()
	waitIdle(t, ts)
	baseG, baseHeap := snapshot()

	const sessions = 50
	const seconds = 5
	lat := runLoad(t, ts.addr, ts.signer, ts.hostKey, sessions, seconds*time.Second)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) < sessions*5 {
		t.Fatalf("only %d keys answered by %d sessions in %ds", len(lat), sessions, seconds)
	}
	t.Logf("%d sessions, %d keys: p50 %v, p99 %v", sessions, len(lat), lat[len(lat)/2], lat[len(lat)*99/100])

	waitIdle(t, ts)
	g, heap := snapshot()
	if g > baseG+10 {
		t.Errorf("goroutines: %d before, %d after 50 sessions came and went", baseG, g)
	}
	if heap > baseHeap+16<<20 {
		t.Errorf("heap: %d MB before, %d MB after", baseHeap>>20, heap>>20)
	}
	t.Logf("goroutines %d -> %d, heap %d KB -> %d KB", baseG, g, baseHeap>>10, heap>>10)
}

// runLoad opens n sessions at once; each sends j/k keys for d and records
// how long each key took to produce a frame. Every session must get frames.
func runLoad(t testing.TB, addr string, signer gossh.Signer, hostKey gossh.PublicKey, n int, d time.Duration) []time.Duration {
	var mu sync.Mutex
	var all []time.Duration
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := sshclient.Dial(sshclient.Session{Addr: addr, Signer: signer, HostKey: hostKey, Width: 100, Height: 30})
			if err != nil {
				errs <- fmt.Errorf("session %d: %v", i, err)
				return
			}
			defer c.Close()
			if err := c.WaitFor(10*time.Second, "到位资金"); err != nil {
				errs <- fmt.Errorf("session %d: %v", i, err)
				return
			}
			keys := []string{"j", "j", "j", "k", "k", "k"}
			end := time.Now().Add(d)
			var mine []time.Duration
			for k := 0; time.Now().Before(end); k++ { // bounded by the deadline
				l, err := c.Key(keys[k%len(keys)], 5*time.Second)
				if err != nil {
					errs <- fmt.Errorf("session %d: %v", i, err)
					return
				}
				mine = append(mine, l)
				time.Sleep(20 * time.Millisecond)
			}
			if len(mine) == 0 {
				errs <- fmt.Errorf("session %d got no frames", i)
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	return all
}

func waitIdle(t testing.TB, ts *testServer) {
	deadline := time.Now().Add(10 * time.Second)
	for ts.Sessions() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if ts.Sessions() > 0 {
		t.Fatalf("%d sessions still open", ts.Sessions())
	}
	time.Sleep(300 * time.Millisecond) // let connection goroutines finish
}

func snapshot() (int, uint64) {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return runtime.NumGoroutine(), m.HeapInuse
}

// TestReportOverSSHTakesTheSameFlagsAsLocally: one report front end, so a
// flag the command line takes (--ascii, --category) works over SSH too.
func TestReportOverSSHTakesTheSameFlagsAsLocally(t *testing.T) {
	ts := startServer(t, nil)
	r, err := sshclient.Dial(sshclient.Session{Addr: ts.addr, Signer: ts.signer,
		Command: "report --region 武威市 --category 防沙治沙 --ascii --lang zh --width 80"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Wait(5 * time.Second); err != nil {
		t.Fatalf("report --ascii over SSH: %v\n%s", err, r.Output())
	}
	out := r.Output()
	if !strings.Contains(out, "甘肃省 > 武威市") || !strings.Contains(out, "防沙治沙") || strings.Contains(out, "招商引资 (") {
		t.Errorf("report --ascii --category over SSH:\n%s", out)
	}
	for _, glyph := range []string{"›", "▲", "▼", "…", "│", "█"} {
		if strings.Contains(out, glyph) {
			t.Errorf("an ASCII report draws %q", glyph)
		}
	}
}

// TestAuthorizedKeysOptionsAreHonouredOrTheLineRefused: from= and
// expiry-time= restrict a key as OpenSSH would; an option gansudash cannot
// honour (restrict, no-pty, command=) refuses its line, logged, while the
// file's other keys still work.
func TestAuthorizedKeysOptionsAreHonouredOrTheLineRefused(t *testing.T) {
	line := func(opts string, s gossh.Signer) string {
		k := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
		if opts != "" {
			k = opts + " " + k
		}
		return k + "\n"
	}
	future := time.Now().Add(24 * time.Hour).Format("200601021504")
	past := time.Now().Add(-24 * time.Hour).Format("20060102")
	cases := []struct {
		opts string
		in   bool
		log  string
	}{
		{``, true, ""},
		{`from="127.0.0.1"`, true, ""},
		{`from="127.0.0.*,10.0.0.0/8"`, true, ""},
		{`from="127.0.0.0/8"`, true, ""},
		{`from="10.9.9.9"`, false, "may only come from 10.9.9.9"},
		{`from="!127.0.0.1,*"`, false, "may only come from"},
		{`expiry-time="` + future + `"`, true, ""},
		{`expiry-time="` + past + `"`, false, "key expired"},
		{`no-port-forwarding,no-agent-forwarding`, true, ""},
		{`from="10.9.9.9",no-pty,command="/bin/false"`, false, "cannot honour"},
		{`restrict`, false, "option restrict"},
		{`no-pty`, false, "option no-pty"},
		{`command="/bin/false"`, false, "option command"},
	}
	for _, tc := range cases {
		t.Run(tc.opts, func(t *testing.T) {
			ts := startServer(t, nil)
			key := newSigner(t)
			other := newSigner(t)
			os.WriteFile(ts.keys, []byte("# officials\n"+line(tc.opts, key)+line("", other)), 0o600)
			c, err := sshclient.Dial(sshclient.Session{Addr: ts.addr, Signer: key, Width: 80, Height: 24})
			if (err == nil) != tc.in {
				t.Errorf("got in: %v (err %v), want %v", err == nil, err, tc.in)
			}
			if err == nil {
				c.Close()
			}
			if tc.log != "" && !strings.Contains(ts.logs.String(), tc.log) {
				t.Errorf("the log does not say %q:\n%s", tc.log, ts.logs.String())
			}
			o, err := sshclient.Dial(sshclient.Session{Addr: ts.addr, Signer: other, Width: 80, Height: 24})
			if err != nil {
				t.Errorf("the file's other key no longer gets in: %v", err)
			} else {
				o.Close()
			}
		})
	}
}

func TestTheDefaultKeysFileIsTheDashboardsOwn(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	p, err := DefaultAuthorizedKeysPath()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(p, ".ssh") || filepath.Base(p) != "authorized_keys" || filepath.Base(filepath.Dir(p)) != "gansudash" {
		t.Errorf("default keys file %s: want gansudash's own, beside its database", p)
	}
}
