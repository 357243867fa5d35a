// Package serve delivers the dashboard over SSH to many officials at once:
// one Bubble Tea program per session, sized to the client's terminal and
// styled by its own renderer, all reading one shared, cached view of the
// database. Nothing reachable over SSH writes the database.
package serve

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/keygen"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui"
	"github.com/gansudash/gansudash/ui/cells"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// Config configures the server.
type Config struct {
	Listen             string        // address; default 127.0.0.1:23234
	DB                 string        // database path
	HostKeyPath        string        // ed25519 host key, generated on first start
	AuthorizedKeysPath string        // who may connect (public keys only)
	MaxSessions        int           // default 100
	IdleTimeout        time.Duration // default 30m
	HandshakeTimeout   time.Duration // to authenticate; default 20s
	// ConnRate and ConnBurst limit new connections per remote address
	// (default 5 per second, bursts of 60: an office behind one NAT address
	// may well connect fifty officials at nine in the morning).
	ConnRate  rate.Limit
	ConnBurst int
	// RefreshInterval is how often the server looks for an import (default 1s).
	RefreshInterval time.Duration
	Logger          *log.Logger
}

// Defaults.
const (
	DefaultListen      = "127.0.0.1:23234"
	DefaultMaxSessions = 100
	DefaultIdleTimeout = 30 * time.Minute
)

// Server is a running SSH server.
type Server struct {
	opt         Config
	ssh         *ssh.Server
	viewer      *store.Viewer
	log         *log.Logger
	keys        *authorizedKeys
	limiter     *addrLimiter
	fingerprint string
	listener    net.Listener

	mu       sync.Mutex
	sessions map[*session]struct{}
	active   atomic.Int32
	closing  atomic.Bool
	stop     chan struct{}
	done     sync.WaitGroup
}

// session is one connected official.
type session struct {
	sess    ssh.Session
	program *tea.Program
}

// New prepares a server: it opens the database through a shared Viewer,
// loads or generates the host key, and reads the authorized keys.
func New(opt Config) (*Server, error) {
	if opt.Listen == "" {
		opt.Listen = DefaultListen
	}
	if opt.MaxSessions <= 0 {
		opt.MaxSessions = DefaultMaxSessions
	}
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = DefaultIdleTimeout
	}
	if opt.HandshakeTimeout <= 0 {
		opt.HandshakeTimeout = 20 * time.Second
	}
	if opt.ConnRate <= 0 {
		opt.ConnRate = 5
	}
	if opt.ConnBurst <= 0 {
		opt.ConnBurst = 60
	}
	if opt.RefreshInterval <= 0 {
		opt.RefreshInterval = ui.RefreshInterval
	}
	if opt.Logger == nil {
		opt.Logger = log.New(os.Stderr)
	}
	cells.Init()
	s := &Server{opt: opt, log: opt.Logger, sessions: map[*session]struct{}{}, stop: make(chan struct{}),
		limiter: newAddrLimiter(opt.ConnRate, opt.ConnBurst)}
	var err error
	if s.viewer, err = store.OpenViewer(opt.DB, 0); err != nil {
		return nil, err
	}
	if s.keys, err = loadAuthorizedKeys(opt.AuthorizedKeysPath); err != nil {
		return nil, err
	}
	if s.fingerprint, err = ensureHostKey(opt.HostKeyPath); err != nil {
		return nil, err
	}
	s.ssh, err = wish.NewServer(
		wish.WithAddress(opt.Listen),
		ssh.HostKeyFile(opt.HostKeyPath),
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithIdleTimeout(opt.IdleTimeout),
		// The last middleware runs first: logging wraps everything, the
		// goodbye runs once the session's program has ended.
		wish.WithMiddleware(
			s.goodbye,
			// termenv.Ascii forces nothing: each client keeps its own colours.
			bm.MiddlewareWithProgramHandler(s.program, termenv.Ascii),
			s.route,
			s.limit,
			s.logSession,
		),
	)
	if err != nil {
		return nil, err
	}
	s.ssh.ConnCallback = s.accept
	s.ssh.ConnectionFailedCallback = func(c net.Conn, err error) {
		s.log.Debug("connection failed", "remote", c.RemoteAddr().String(), "err", err)
	}
	return s, nil
}

// Listen binds the address (port 0 picks a free port) and returns it.
func (s *Server) Listen() (net.Addr, error) {
	l, err := net.Listen("tcp", s.opt.Listen)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", s.opt.Listen, err)
	}
	s.listener = l
	return l.Addr(), nil
}

// Serve accepts sessions until Shutdown. Call Listen first.
func (s *Server) Serve() error {
	if s.listener == nil {
		if _, err := s.Listen(); err != nil {
			return err
		}
	}
	s.log.Info("gansudash serving", "listen", s.listener.Addr().String(), "host_key", s.fingerprint,
		"authorized_keys", s.opt.AuthorizedKeysPath, "keys", s.keys.count(), "db", s.opt.DB,
		"max_sessions", s.opt.MaxSessions, "idle_timeout", s.opt.IdleTimeout)
	s.done.Add(1)
	go s.refresh()
	err := s.ssh.Serve(s.listener)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Fingerprint returns the host key's SHA256 fingerprint.
func (s *Server) Fingerprint() string { return s.fingerprint }

// Sessions returns the number of open sessions.
func (s *Server) Sessions() int { return int(s.active.Load()) }

// Shutdown stops accepting connections, ends every session with a goodbye
// line, and returns when they are gone or ctx expires (then it closes them).
func (s *Server) Shutdown(ctx context.Context) error {
	if s.closing.Swap(true) {
		return nil
	}
	close(s.stop)
	s.log.Info("shutting down", "sessions", s.active.Load())
	s.mu.Lock()
	for ss := range s.sessions {
		if ss.program != nil {
			ss.program.Quit()
		}
	}
	s.mu.Unlock()
	err := s.ssh.Shutdown(ctx)
	if err != nil {
		s.ssh.Close()
	}
	s.done.Wait()
	return err
}

// refresh looks for imports and tells every session when the data changed;
// one stat per interval serves all sessions.
func (s *Server) refresh() {
	defer s.done.Done()
	t := time.NewTicker(s.opt.RefreshInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			changed, err := s.viewer.Refresh()
			if err != nil {
				s.log.Warn("reading the database", "err", err)
				continue
			}
			if !changed {
				continue
			}
			s.log.Info("data changed; refreshing sessions", "generation", s.viewer.Generation())
			s.mu.Lock()
			for ss := range s.sessions {
				if ss.program != nil {
					go ss.program.Send(ui.DataChanged())
				}
			}
			s.mu.Unlock()
		}
	}
}

// accept rate-limits new connections per remote address and bounds the
// time a connection may take to authenticate.
func (s *Server) accept(ctx ssh.Context, conn net.Conn) net.Conn {
	if s.closing.Load() {
		return nil
	}
	host := remoteHost(conn.RemoteAddr())
	if !s.limiter.allow(host) {
		s.log.Warn("connection rate exceeded", "remote", conn.RemoteAddr().String())
		return nil
	}
	hc := &handshakeConn{Conn: conn, deadline: time.Now().Add(s.opt.HandshakeTimeout)}
	hc.Conn.SetDeadline(hc.deadline)
	ctx.SetValue(handshakeKey{}, hc)
	return hc
}

type handshakeKey struct{}

// handshakeConn holds a connection to a deadline until it authenticates, so
// a client that connects and says nothing cannot hold a goroutine for the
// whole idle timeout.
type handshakeConn struct {
	net.Conn
	mu       sync.Mutex
	deadline time.Time // zero once authenticated
}

func (c *handshakeConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.deadline.IsZero() && (t.IsZero() || t.After(c.deadline)) {
		t = c.deadline
	}
	return c.Conn.SetDeadline(t)
}

func (c *handshakeConn) authenticated() {
	c.mu.Lock()
	c.deadline = time.Time{}
	c.mu.Unlock()
}

// authorize admits listed public keys only, re-reading the file when it
// changes; every refusal is logged with the key's fingerprint.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	fp := gossh.FingerprintSHA256(key)
	if s.keys.allowed(key, s.log) {
		if hc, ok := ctx.Value(handshakeKey{}).(*handshakeConn); ok {
			hc.authenticated()
		}
		return true
	}
	s.log.Warn("authentication refused: key not in authorized_keys", "user", sanitize.Line(ctx.User()), "key", fp,
		"remote", ctx.RemoteAddr().String())
	return false
}

// logSession logs each session's start and end.
func (s *Server) logSession(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		pty, _, hasPty := sess.Pty()
		fp := ""
		if k := sess.PublicKey(); k != nil {
			fp = gossh.FingerprintSHA256(k)
		}
		// User names, terminal types and commands come from the client: they
		// reach the administrator's terminal only through the sanitiser.
		user := sanitize.Line(sess.User())
		s.log.Info("session", "user", user, "key", fp, "remote", sess.RemoteAddr().String(),
			"pty", hasPty, "term", sanitize.Line(pty.Term), "size", fmt.Sprintf("%dx%d", pty.Window.Width, pty.Window.Height),
			"command", sanitize.Line(strings.Join(sess.Command(), " ")))
		next(sess)
		s.log.Info("disconnect", "user", user, "key", fp, "remote", sess.RemoteAddr().String(),
			"duration", time.Since(start).Round(time.Millisecond))
	}
}

// limit refuses sessions beyond the cap, politely.
func (s *Server) limit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if n := s.active.Add(1); int(n) > s.opt.MaxSessions {
			s.active.Add(-1)
			s.log.Warn("session refused: server full", "user", sanitize.Line(sess.User()), "remote", sess.RemoteAddr().String(), "max", s.opt.MaxSessions)
			fmt.Fprintf(sess.Stderr(), "gansudash: 服务器已满（最多 %d 个会话），请稍后再试。The server is full (%d sessions); please try again later.\r\n",
				s.opt.MaxSessions, s.opt.MaxSessions)
			sess.Exit(1)
			return
		}
		defer s.active.Add(-1)
		if s.closing.Load() {
			fmt.Fprint(sess.Stderr(), goodbyeLine)
			sess.Exit(1)
			return
		}
		next(sess)
	}
}

// route handles sessions that are not a dashboard: commands (report) and
// sessions without a terminal.
func (s *Server) route(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		cmd := sess.Command()
		_, _, hasPty := sess.Pty()
		switch {
		case len(cmd) > 0 && cmd[0] == "report":
			code := s.report(sess, cmd[1:])
			sess.Exit(code)
		case len(cmd) > 0:
			fmt.Fprintf(sess.Stderr(), "gansudash: unknown command %q over SSH; the server offers the dashboard (ssh -t) and \"report\"\r\n", sanitize.Line(cmd[0]))
			sess.Exit(2)
		case !hasPty:
			fmt.Fprint(sess.Stderr(), "gansudash: 仪表盘需要终端：请用 ssh -t 连接，或运行 ssh … report 获取纯文本报告。The dashboard needs a terminal: connect with ssh -t, or run ssh … report for a plain-text report.\r\n")
			sess.Exit(1)
		default:
			next(sess)
		}
	}
}

// goodbyeLine is what sessions read when the server shuts down.
const goodbyeLine = "\r\ngansudash: 服务器正在关闭，再见。The server is shutting down; goodbye.\r\n"

// goodbye runs after a session's program ends.
func (s *Server) goodbye(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if s.closing.Load() {
			io.WriteString(sess, goodbyeLine)
		}
		next(sess)
	}
}

// sessionEnv reads a variable the client sent (LANG, LC_ALL, NO_COLOR).
func sessionEnv(sess ssh.Session) func(string) string {
	env := sess.Environ()
	return func(name string) string {
		for i := len(env) - 1; i >= 0; i-- {
			if k, v, ok := strings.Cut(env[i], "="); ok && k == name {
				return v
			}
		}
		return ""
	}
}

// program makes the session's dashboard: language from the client's
// locale when it sends one (else Chinese), styles from the session's own
// renderer so colours and NO_COLOR follow the client's terminal.
func (s *Server) program(sess ssh.Session) *tea.Program {
	pty, _, _ := sess.Pty()
	lang, _ := ui.DetectLang("", sessionEnv(sess))
	r := bm.MakeRenderer(sess)
	ctx := &ui.Context{Data: s.viewer, Lang: lang, ASCII: ui.WantASCII(false, pty.Term), Renderer: r, NoExport: true}
	m, err := ui.New(ctx, ui.DashboardOptions{})
	if err != nil {
		s.log.Error("opening the dashboard", "err", err)
		fmt.Fprintf(sess.Stderr(), "gansudash: %s\r\n", sanitize.Line(err.Error()))
		return nil
	}
	opts := append(bm.MakeOptions(sess), tea.WithAltScreen(), tea.WithMouseCellMotion(),
		tea.WithoutSignalHandler(), tea.WithContext(sess.Context()))
	p := tea.NewProgram(m, opts...)
	ss := &session{sess: sess, program: p}
	s.mu.Lock()
	s.sessions[ss] = struct{}{}
	s.mu.Unlock()
	go func() {
		<-sess.Context().Done()
		s.mu.Lock()
		delete(s.sessions, ss)
		s.mu.Unlock()
	}()
	return p
}

// report prints the plain-text report into the session: ssh host report.
func (s *Server) report(sess ssh.Session, args []string) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(sess.Stderr())
	region := fs.String("region", "", "region (ID or name)")
	category := fs.String("category", "", "category")
	width := fs.Int("width", 0, "line width")
	langFlag := fs.String("lang", "", "zh or en")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	lang, err := ui.DetectLang(*langFlag, sessionEnv(sess))
	if err != nil {
		fmt.Fprintf(sess.Stderr(), "gansudash: %s\r\n", sanitize.Line(err.Error()))
		return 2
	}
	cat, err := s.viewer.Catalog()
	if err != nil {
		fmt.Fprintf(sess.Stderr(), "gansudash: %s\r\n", sanitize.Line(err.Error()))
		return 1
	}
	id, err := cat.ResolveRegion(*region)
	var c model.Category
	if err == nil && *category != "" {
		c, err = model.ParseCategory(*category)
	}
	if err != nil {
		fmt.Fprintf(sess.Stderr(), "gansudash: %s\r\n", sanitize.Line(err.Error()))
		return 2
	}
	pty, _, hasPty := sess.Pty()
	w := *width
	if w <= 0 {
		w = 100
		if hasPty && pty.Window.Width > 0 {
			w = pty.Window.Width
		}
	}
	var out io.Writer = sess
	if hasPty {
		out = crlfWriter{sess} // a pty in raw mode needs \r\n
	}
	err = ui.Report(out, s.viewer, ui.ReportOptions{Region: id, Category: c, Width: w, Lang: lang,
		ASCII: ui.WantASCII(false, pty.Term), Renderer: bm.MakeRenderer(sess)})
	if err != nil {
		fmt.Fprintf(sess.Stderr(), "gansudash: %s\r\n", sanitize.Line(err.Error()))
		return 1
	}
	return 0
}

type crlfWriter struct{ w io.Writer }

func (c crlfWriter) Write(p []byte) (int, error) {
	_, err := c.w.Write([]byte(strings.ReplaceAll(string(p), "\n", "\r\n")))
	return len(p), err
}

// ensureHostKey generates an ed25519 host key at path on first start
// (mode 0600), and returns its fingerprint.
func ensureHostKey(path string) (string, error) {
	if path == "" {
		return "", errors.New("no host key path: give --host-key")
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return "", err
		}
		if _, err := keygen.New(path, keygen.WithKeyType(keygen.Ed25519), keygen.WithWrite()); err != nil {
			return "", fmt.Errorf("generating the host key %s: %w", path, err)
		}
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return "", err
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	signer, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		return "", fmt.Errorf("host key %s: %w", path, err)
	}
	return gossh.FingerprintSHA256(signer.PublicKey()), nil
}

// authorizedKeys is the authorized_keys file, re-read when it changes.
type authorizedKeys struct {
	path  string
	mu    sync.Mutex
	stamp os.FileInfo
	keys  []gossh.PublicKey
}

func loadAuthorizedKeys(path string) (*authorizedKeys, error) {
	if path == "" {
		return nil, errors.New("no authorized_keys file: give --authorized-keys")
	}
	a := &authorizedKeys{path: path}
	if err := a.reload(); err != nil {
		return nil, fmt.Errorf("%s: %w: add the officials' public keys, one per line, and start again", path, err)
	}
	return a, nil
}

func (a *authorizedKeys) reload() error {
	st, err := os.Stat(a.path)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(a.path)
	if err != nil {
		return err
	}
	var keys []gossh.PublicKey
	for len(strings.TrimSpace(string(data))) > 0 {
		key, _, _, rest, err := gossh.ParseAuthorizedKey(data)
		if err != nil {
			break // no further keys (comments and blank lines are skipped by the parser)
		}
		keys = append(keys, key)
		data = rest
	}
	a.keys, a.stamp = keys, st
	return nil
}

func (a *authorizedKeys) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.keys)
}

// allowed reports whether key is listed, re-reading the file if it changed.
func (a *authorizedKeys) allowed(key ssh.PublicKey, logger *log.Logger) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if st, err := os.Stat(a.path); err != nil {
		logger.Error("authorized_keys unreadable: refusing everyone", "path", a.path, "err", err)
		a.keys = nil
	} else if a.stamp == nil || !st.ModTime().Equal(a.stamp.ModTime()) || st.Size() != a.stamp.Size() {
		if err := a.reload(); err != nil {
			logger.Error("authorized_keys unreadable: refusing everyone", "path", a.path, "err", err)
			a.keys = nil
		} else {
			logger.Info("authorized_keys re-read", "path", a.path, "keys", len(a.keys))
		}
	}
	for _, k := range a.keys {
		if ssh.KeysEqual(key, k) {
			return true
		}
	}
	return false
}

// addrLimiter is a token bucket per remote host, bounded in size.
type addrLimiter struct {
	mu     sync.Mutex
	rate   rate.Limit
	burst  int
	byHost map[string]*rate.Limiter
}

const maxLimiters = 10000

func newAddrLimiter(r rate.Limit, burst int) *addrLimiter {
	return &addrLimiter{rate: r, burst: burst, byHost: map[string]*rate.Limiter{}}
}

func (l *addrLimiter) allow(host string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.byHost[host]
	if !ok {
		if len(l.byHost) >= maxLimiters {
			l.byHost = map[string]*rate.Limiter{} // forget old hosts rather than grow
		}
		lim = rate.NewLimiter(l.rate, l.burst)
		l.byHost[host] = lim
	}
	return lim.Allow()
}

func remoteHost(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}
