package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/charmbracelet/log"
	"github.com/spf13/cobra"
	"golang.org/x/time/rate"

	"github.com/gansudash/gansudash/ui"
	"github.com/gansudash/gansudash/ui/serve"
)

func (a *app) serveCommand() *cobra.Command {
	var cfg serve.Config
	var connRate float64
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "serve the dashboard over SSH to officials with listed keys, read-only",
		Long: `Serve the dashboard over SSH: one server process, each official in their own terminal's size,
colours and language, reading one shared view of the database. Only listed public keys get in;
nothing reachable over SSH writes the database. SIGINT or SIGTERM ends every session with a
goodbye line.`,
		Example: `  gansudash serve
  gansudash serve --listen 0.0.0.0:23234 --authorized-keys /etc/gansudash/authorized_keys --max-sessions 100
  ssh -p 23234 server                       (an official connects)
  ssh -p 23234 server report --region 武威市`,
		Args: ui.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.dbPath(true)
			if err != nil {
				return err
			}
			cfg.DB = path
			if cfg.HostKeyPath == "" {
				if cfg.HostKeyPath, err = serve.DefaultHostKeyPath(); err != nil {
					return err
				}
			}
			if cfg.AuthorizedKeysPath == "" {
				if cfg.AuthorizedKeysPath, err = serve.DefaultAuthorizedKeysPath(); err != nil {
					return err
				}
			}
			cfg.ConnRate = rate.Limit(connRate)
			cfg.Logger = log.NewWithOptions(a.env.Stderr, log.Options{ReportTimestamp: true, TimeFormat: "2006-01-02 15:04:05"})
			srv, err := serve.New(cfg)
			if err != nil {
				return err
			}
			if _, err := srv.Listen(); err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return srv.Run(ctx)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Listen, "listen", serve.DefaultListen, "address to listen on")
	f.StringVar(&cfg.HostKeyPath, "host-key", "", "ed25519 host key, generated on first start (default: in the data directory)")
	f.StringVar(&cfg.AuthorizedKeysPath, "authorized-keys", "", "public keys allowed to connect, one per line (default: authorized_keys beside the default database)")
	f.IntVar(&cfg.MaxSessions, "max-sessions", serve.DefaultMaxSessions, "sessions at once; the next one is refused politely")
	f.DurationVar(&cfg.IdleTimeout, "idle-timeout", serve.DefaultIdleTimeout, "close a session after this long without input or output")
	f.Float64Var(&connRate, "conn-rate", 5, "new connections per second allowed from one address")
	f.IntVar(&cfg.ConnBurst, "conn-burst", 60, "connections one address may open at once before the rate applies")
	return cmd
}
