package serve

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	"golang.org/x/time/rate"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui"
	"github.com/gansudash/gansudash/ui/cells"
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
	if s.keys, err = loadAuthorizedKeys(opt.AuthorizedKeysPath, s.log); err != nil {
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
		return nil, model.Errorf("监听 %s：%w", "listening on %s: %w", s.opt.Listen, err)
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

// ShutdownGrace is how long sessions get to say goodbye when the server
// stops; the process is gone within a second more.
const ShutdownGrace = 4 * time.Second

// Run listens (if Listen was not called), serves until ctx is done (SIGINT
// or SIGTERM in the serve command), then ends every session with a goodbye
// and returns within ShutdownGrace.
func (s *Server) Run(ctx context.Context) error {
	served := make(chan error, 1)
	go func() { served <- s.Serve() }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
		s.log.Info("stopping", "reason", context.Cause(ctx))
	}
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	if err := s.Shutdown(sctx); err != nil {
		s.log.Warn("sessions closed forcibly", "err", err)
	}
	s.log.Info("stopped")
	return nil
}

// DefaultHostKeyPath is where the host key lives when --host-key does not
// say: beside the default database.
func DefaultHostKeyPath() (string, error) {
	def, err := store.DefaultPath()
	if err != nil {
		return "", model.Errorf("%w（或用 --host-key 指定）", "%w (or give --host-key)", err)
	}
	return filepath.Join(filepath.Dir(def), "ssh_host_ed25519_key"), nil
}

// DefaultAuthorizedKeysPath is the authorized keys file when
// --authorized-keys does not say: a file of the dashboard's own beside the
// default database, not the account's ~/.ssh/authorized_keys, whose keys
// (and their restrictions) are for the account's shell.
func DefaultAuthorizedKeysPath() (string, error) {
	def, err := store.DefaultPath()
	if err != nil {
		return "", model.Errorf("%w（或用 --authorized-keys 指定）", "%w (or give --authorized-keys)", err)
	}
	return filepath.Join(filepath.Dir(def), "authorized_keys"), nil
}
