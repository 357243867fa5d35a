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
		Short: a.t("通过 SSH 向持有已登记公钥的官员提供仪表盘，只读", "serve the dashboard over SSH to officials with listed keys, read-only"),
		Long: a.t(`通过 SSH 提供仪表盘：一个服务器进程，每位官员用自己终端的大小、颜色和语言，读取同一份共享的数据库视图。
只有登记的公钥才能登录；通过 SSH 能做的任何事都不会写入数据库。收到 SIGINT 或 SIGTERM 时，
每个会话都以一句告别结束。`,
			`Serve the dashboard over SSH: one server process, each official in their own terminal's size,
colours and language, reading one shared view of the database. Only listed public keys get in;
nothing reachable over SSH writes the database. SIGINT or SIGTERM ends every session with a
goodbye line.`),
		Example: a.t(`  gansudash serve
  gansudash serve --listen 0.0.0.0:23234 --authorized-keys /etc/gansudash/authorized_keys --max-sessions 100
  ssh -p 23234 server                       （官员连接）
  ssh -p 23234 server report --region 武威市`,
			`  gansudash serve
  gansudash serve --listen 0.0.0.0:23234 --authorized-keys /etc/gansudash/authorized_keys --max-sessions 100
  ssh -p 23234 server                       (an official connects)
  ssh -p 23234 server report --region 武威市`),
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
	f.StringVar(&cfg.Listen, "listen", serve.DefaultListen, a.t("监听的`地址`", "address to listen on"))
	f.StringVar(&cfg.HostKeyPath, "host-key", "", a.t("ed25519 主机密钥`文件`，首次启动时生成（默认：在数据目录中）",
		"ed25519 host key, generated on first start (default: in the data directory)"))
	f.StringVar(&cfg.AuthorizedKeysPath, "authorized-keys", "", a.t("允许连接的公钥`文件`，每行一个（默认：默认数据库旁的 authorized_keys）",
		"public keys allowed to connect, one per line (default: authorized_keys beside the default database)"))
	f.IntVar(&cfg.MaxSessions, "max-sessions", serve.DefaultMaxSessions, a.t("同时允许的会话`数`；超出时礼貌地拒绝", "sessions at once; the next one is refused politely"))
	f.DurationVar(&cfg.IdleTimeout, "idle-timeout", serve.DefaultIdleTimeout, a.t("会话无输入也无输出超过此`时长`即关闭", "close a session after this long without input or output"))
	f.Float64Var(&connRate, "conn-rate", 5, a.t("一个地址每秒允许的新连接`数`", "new connections per second allowed from one address"))
	f.IntVar(&cfg.ConnBurst, "conn-burst", 60, a.t("一个地址在限速生效前可一次打开的连接`数`", "connections one address may open at once before the rate applies"))
	return cmd
}
