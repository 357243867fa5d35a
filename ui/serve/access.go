package serve

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/charmbracelet/keygen"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/gansudash/gansudash/ui/sanitize"
)

// Who may connect: the host key, the authorized keys and their options.

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

// authorizedKeys is the authorized_keys file, re-read when it changes.
type authorizedKeys struct {
	path  string
	mu    sync.Mutex
	stamp os.FileInfo
	keys  []gossh.PublicKey
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
