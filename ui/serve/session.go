package serve

import (
	"fmt"
	"io"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"github.com/gansudash/gansudash/ui"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// One official's session: its log lines, what it runs (dashboard, report,
// or a refusal), and its goodbye.

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

// route handles sessions that are not a dashboard: commands (report) and
// sessions without a terminal.
func (s *Server) route(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		cmd := sess.Command()
		_, _, hasPty := sess.Pty()
		switch {
		case len(cmd) > 0:
			sess.Exit(s.command(sess, cmd))
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

// command runs what a client asked for (ssh host report ...) with the same
// front end as the command line, reading the server's shared data. It
// returns the exit status.
func (s *Server) command(sess ssh.Session, args []string) int {
	pty, _, hasPty := sess.Pty()
	var out, errOut io.Writer = sess, sess.Stderr()
	if hasPty { // a pty in raw mode needs \r\n
		out, errOut = crlfWriter{sess}, crlfWriter{sess.Stderr()}
	}
	env := sessionEnv(sess)
	lang := ui.CommandLang(args, env)
	getenv := func(name string) string {
		if name == "TERM" {
			return pty.Term
		}
		return env(name)
	}
	root := &cobra.Command{Use: "gansudash", SilenceErrors: true, SilenceUsage: true, Args: ui.UnknownCommand,
		RunE: func(*cobra.Command, []string) error { return nil }} // runnable, so that Args judges what it was given
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetFlagErrorFunc(ui.FlagError)
	root.AddCommand(ui.ReportCommand(ui.ReportEnv{
		Data:   func(time.Duration) (ui.Data, error) { return s.viewer, nil },
		Out:    out,
		Getenv: getenv,
		TTY:    hasPty,
		Width:  pty.Window.Width,
		Lang:   lang,
	}))
	ui.LocalizeHelp(root, lang)
	root.SetArgs(args)
	root.SetOut(out)
	root.SetErr(errOut)
	cmd, err := root.ExecuteC()
	return ui.ReportError(errOut, cmd, err, lang)
}

type crlfWriter struct{ w io.Writer }

func (c crlfWriter) Write(p []byte) (int, error) {
	_, err := c.w.Write([]byte(strings.ReplaceAll(string(p), "\n", "\r\n")))
	return len(p), err
}
