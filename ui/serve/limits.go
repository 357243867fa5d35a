package serve

import (
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"golang.org/x/time/rate"

	"github.com/gansudash/gansudash/ui/sanitize"
)

// What a client may take: connections per address, time to authenticate,
// sessions at once.

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
