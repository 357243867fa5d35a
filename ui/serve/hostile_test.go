package serve

import (
	"crypto/rand"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/ui/serve/sshclient"
)

func TestClientTextNeverReachesTheLogAsEscapeSequences(t *testing.T) {
	ts := startServer(t, nil)
	c, err := sshclient.Dial(sshclient.Session{Addr: ts.addr, Signer: ts.signer, User: "evil\x1b]52;c;ZXZpbA==\x07\x1b[2J",
		Command: "report \x1b[31m"})
	if err != nil {
		t.Fatal(err)
	}
	c.Wait(5 * time.Second)
	c.Close()
	stranger := newSigner(t)
	sshclient.Dial(sshclient.Session{Addr: ts.addr, Signer: stranger, User: "x\x1b[2Jy"})
	time.Sleep(100 * time.Millisecond)
	logs := ts.logs.String()
	if strings.ContainsAny(logs, "\x1b\x07") {
		t.Errorf("the server log carries control characters from clients:\n%q", logs)
	}
	if !strings.Contains(logs, "evil␛]52") {
		t.Errorf("the user name should be logged, neutralised:\n%s", logs)
	}
}

// keepServing is an honest session that must keep answering keys while
// hostile clients come and go.
func keepServing(t *testing.T, ts *testServer) (stop func()) {
	c := ts.dial(t, 80, 24)
	if err := c.WaitFor(5*time.Second, "招商引资"); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		keys := "jk"
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			if _, err := c.Key(keys[i%2:i%2+1], 5*time.Second); err != nil {
				t.Errorf("the honest session stopped being served: %v", err)
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	return func() { close(done); wg.Wait() }
}

func TestGarbageAndSilentClientsDoNotHurtOthers(t *testing.T) {
	ts := startServer(t, func(o *Config) { o.HandshakeTimeout = time.Second })
	stop := keepServing(t, ts)
	defer stop()
	baseG, _ := snapshot()

	// Garbage instead of SSH.
	for i := 0; i < 5; i++ {
		conn, err := sshclient.DialRaw(ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		junk := make([]byte, 4096)
		rand.Read(junk)
		conn.Write(junk)
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		buf := make([]byte, 1024)
		for {
			if _, err := conn.Read(buf); err != nil {
				break // the server hung up
			}
		}
		conn.Close()
	}
	// A client that says hello and never authenticates is cut off after the
	// handshake timeout, not after the idle timeout.
	conn, err := sshclient.DialRaw(ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	conn.Write([]byte("SSH-2.0-silent\r\n"))
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 4096)
	for {
		if _, err := conn.Read(buf); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatal("the server kept a silent client for 10 s")
			}
			break
		}
	}
	conn.Close()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a silent client was held %v", d)
	}
	time.Sleep(300 * time.Millisecond)
	if g, _ := snapshot(); g > baseG+5 {
		t.Errorf("goroutines %d -> %d after garbage and silent clients", baseG, g)
	}
}

func TestFiveHundredConnectionsInALoop(t *testing.T) {
	ts := startServer(t, func(o *Config) { o.HandshakeTimeout = time.Second })
	stop := keepServing(t, ts)
	defer stop()
	baseG, baseHeap := snapshot()
	refused := 0
	stranger := newSigner(t)
	for i := 0; i < 500; i++ { // bounded: 500 attempts, then stop
		c, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: "flood",
			Auth: []gossh.AuthMethod{gossh.PublicKeys(stranger)}, HostKeyCallback: gossh.InsecureIgnoreHostKey(),
			Timeout: 2 * time.Second})
		if err != nil {
			refused++
			continue
		}
		c.Close()
		t.Fatal("an unlisted key got in during the flood")
	}
	if refused != 500 {
		t.Errorf("%d of 500 refused", refused)
	}
	time.Sleep(time.Second)
	g, heap := snapshot()
	if g > baseG+5 {
		t.Errorf("goroutines %d -> %d after 500 connections", baseG, g)
	}
	if heap > baseHeap+16<<20 {
		t.Errorf("heap %d KB -> %d KB after 500 connections", baseHeap>>10, heap>>10)
	}
	if !strings.Contains(ts.logs.String(), "connection rate exceeded") {
		t.Error("the per-address rate limit never applied")
	}
	t.Logf("goroutines %d -> %d, heap %d KB -> %d KB", baseG, g, baseHeap>>10, heap>>10)
}

// TestServeStartupErrorsSpeakChinese: what stops the server from starting
// is said in the interface's language, English unchanged.
func TestServeStartupErrorsSpeakChinese(t *testing.T) {
	_, err := loadAuthorizedKeys(filepath.Join(t.TempDir(), "missing"), nil)
	if err == nil {
		t.Fatal("a missing authorized_keys file was accepted")
	}
	zh, en := model.Localize(err, model.Chinese), model.Localize(err, model.English)
	if !strings.Contains(zh, "请把各位官员的公钥写入此文件") || !strings.Contains(zh, "不存在") {
		t.Errorf("Chinese: %s", zh)
	}
	if en != err.Error() || !strings.Contains(en, "write the officials' public keys there") {
		t.Errorf("English: %s", en)
	}
}
