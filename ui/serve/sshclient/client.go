package sshclient

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/hinshun/vt10x"
	gossh "golang.org/x/crypto/ssh"
)

// Session describes a connection to make.
type Session struct {
	Addr   string
	User   string
	Signer gossh.Signer
	// HostKey, when set, is the only host key accepted.
	HostKey       gossh.PublicKey
	Width, Height int      // 0: no pty
	Env           []string // NAME=value, sent before the shell
	Command       string   // "" requests a shell (the dashboard)
	Term          string   // default xterm-256color
}

// Client is one connected session.
type Client struct {
	conn    *gossh.Client
	sess    *gossh.Session
	stdin   io.WriteCloser
	mu      sync.Mutex
	term    vt10x.Terminal
	raw     bytes.Buffer
	frames  int
	updated chan struct{}
	done    chan struct{}
	exitErr error
	quiet   bool // output is counted, not kept nor emulated (StopScreen)
}

// Dial connects, starts the shell or command, and begins reading output.
func Dial(opt Session) (*Client, error) {
	hostCB := gossh.InsecureIgnoreHostKey() // test servers on 127.0.0.1 with a fresh key
	if opt.HostKey != nil {
		hostCB = gossh.FixedHostKey(opt.HostKey)
	}
	user := opt.User
	if user == "" {
		user = "official"
	}
	conn, err := gossh.Dial("tcp", opt.Addr, &gossh.ClientConfig{
		User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(opt.Signer)},
		HostKeyCallback: hostCB, Timeout: 10 * time.Second,
	})
	if err != nil {
		return nil, err
	}
	sess, err := conn.NewSession()
	if err != nil {
		conn.Close()
		return nil, err
	}
	c := &Client{conn: conn, sess: sess, updated: make(chan struct{}, 1), done: make(chan struct{})}
	for _, e := range opt.Env {
		k, v, _ := strings.Cut(e, "=")
		sess.Setenv(k, v)
	}
	w, h := opt.Width, opt.Height
	if w > 0 && h > 0 {
		term := opt.Term
		if term == "" {
			term = "xterm-256color"
		}
		if err := sess.RequestPty(term, h, w, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
			c.Close()
			return nil, err
		}
	} else {
		w, h = 200, 100
	}
	c.term = vt10x.New(vt10x.WithSize(w, h))
	if c.stdin, err = sess.StdinPipe(); err != nil {
		c.Close()
		return nil, err
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		c.Close()
		return nil, err
	}
	sess.Stderr = &stderrTo{c}
	if opt.Command != "" {
		err = sess.Start(opt.Command)
	} else {
		err = sess.Shell()
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	go c.read(out)
	return c, nil
}

type stderrTo struct{ c *Client }

func (s *stderrTo) Write(p []byte) (int, error) {
	s.c.mu.Lock()
	s.c.raw.Write(p)
	s.c.mu.Unlock()
	return len(p), nil
}

// Queries a real terminal answers; unanswered, the server waits seconds.
var replies = []struct{ query, reply string }{
	{"\x1b]11;?", "\x1b]11;rgb:0000/0000/0000\x1b\\"},
	{"\x1b[c", "\x1b[?62;22c"},
}

func (c *Client) read(out io.Reader) {
	defer close(c.done)
	buf := make([]byte, 32<<10)
	for {
		n, err := out.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			for _, r := range replies {
				if bytes.Contains(chunk, []byte(r.query)) {
					io.WriteString(c.stdin, r.reply)
				}
			}
			c.mu.Lock()
			if !c.quiet {
				c.raw.Write(chunk)
				c.term.Write(chunk)
			}
			c.frames++
			c.mu.Unlock()
			select {
			case c.updated <- struct{}{}:
			default:
			}
		}
		if err != nil {
			c.exitErr = c.sess.Wait()
			return
		}
	}
}

// StopScreen stops keeping and emulating the output: frames are still
// counted and Key still times them, at a fraction of the cost, so that a
// load test's clients leave the CPU to the server they measure.
func (c *Client) StopScreen() {
	c.mu.Lock()
	c.quiet = true
	c.raw.Reset()
	c.mu.Unlock()
}

// Screen returns the emulated screen's text.
func (c *Client) Screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.term.String()
}

// Output returns every byte received, stderr included.
func (c *Client) Output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.raw.String()
}

// Frames returns how many output chunks arrived.
func (c *Client) Frames() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.frames
}

// WaitFor waits until the screen holds every one of want.
func (c *Client) WaitFor(timeout time.Duration, want ...string) error {
	deadline := time.After(timeout)
	for {
		s := c.Screen()
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(s, w)
		}
		if ok {
			return nil
		}
		select {
		case <-c.updated:
		case <-c.done:
			return fmt.Errorf("the session ended; waiting for %q; the screen is:\n%s", want, c.Screen())
		case <-deadline:
			return fmt.Errorf("timed out waiting for %q; the screen is:\n%s", want, c.Screen())
		}
	}
}

// Send types keys.
func (c *Client) Send(keys string) error {
	_, err := io.WriteString(c.stdin, keys)
	return err
}

// Key sends one key and returns how long the first output after it took to
// arrive (the key-to-frame latency).
func (c *Client) Key(key string, timeout time.Duration) (time.Duration, error) {
	select { // forget an update that arrived before the key
	case <-c.updated:
	default:
	}
	start := time.Now()
	if err := c.Send(key); err != nil {
		return 0, err
	}
	select {
	case <-c.updated:
		return time.Since(start), nil
	case <-c.done:
		return 0, io.EOF
	case <-time.After(timeout):
		return 0, fmt.Errorf("no frame within %v after %q", timeout, key)
	}
}

// Resize sends a window change and resizes the emulated screen.
func (c *Client) Resize(w, h int) error {
	c.mu.Lock()
	c.term.Resize(w, h)
	c.mu.Unlock()
	return c.sess.WindowChange(h, w)
}

// Wait waits for the session to end and returns its exit error (nil for
// exit status 0, *ssh.ExitError otherwise).
func (c *Client) Wait(timeout time.Duration) error {
	select {
	case <-c.done:
		return c.exitErr
	case <-time.After(timeout):
		return fmt.Errorf("the session did not end within %v", timeout)
	}
}

// Close ends the session and the connection.
func (c *Client) Close() error {
	if c.sess != nil {
		c.sess.Close()
	}
	return c.conn.Close()
}

// ExitStatus extracts the exit status from Wait's error.
func ExitStatus(err error) int {
	if err == nil {
		return 0
	}
	if e, ok := err.(*gossh.ExitError); ok {
		return e.ExitStatus()
	}
	return -1
}

// DialRaw opens a TCP connection without speaking SSH (for hostile-client tests).
func DialRaw(addr string) (net.Conn, error) { return net.DialTimeout("tcp", addr, 5*time.Second) }
