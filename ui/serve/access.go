package serve

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/charmbracelet/keygen"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// Who may connect: the host key, the authorized keys and their options.

// authorize admits listed public keys only, re-reading the file when it
// changes; every refusal is logged with the key's fingerprint.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	fp := gossh.FingerprintSHA256(key)
	why := s.keys.allowed(key, ctx.RemoteAddr(), time.Now(), s.log)
	if why == "" {
		if hc, ok := ctx.Value(handshakeKey{}).(*handshakeConn); ok {
			hc.authenticated()
		}
		return true
	}
	s.log.Warn("authentication refused: "+why, "user", sanitize.Line(ctx.User()), "key", fp,
		"remote", ctx.RemoteAddr().String())
	return false
}

// ensureHostKey generates an ed25519 host key at path on first start
// (mode 0600), and returns its fingerprint.
func ensureHostKey(path string) (string, error) {
	if path == "" {
		return "", model.Errorf("没有主机密钥路径：请用 --host-key 指定", "no host key path: give --host-key")
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return "", err
		}
		if _, err := keygen.New(path, keygen.WithKeyType(keygen.Ed25519), keygen.WithWrite()); err != nil {
			return "", model.Errorf("生成主机密钥 %s：%w", "generating the host key %s: %w", path, err)
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
		return "", model.Errorf("主机密钥 %s：%w", "host key %s: %w", path, err)
	}
	return gossh.FingerprintSHA256(signer.PublicKey()), nil
}
