package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// authorizedKey is one usable line of the authorized keys file, with the
// options gansudash honours.
type authorizedKey struct {
	key    gossh.PublicKey
	line   int
	from   []string  // from="pattern-list": the addresses it may come from
	expiry time.Time // expiry-time="YYYYMMDD[HHMM[SS]]": zero for none
}

// Options of an OpenSSH authorized_keys line that gansudash either
// honours, or may ignore because they forbid what it never offers (port,
// agent and X11 forwarding, ~/.ssh/rc), or re-allow what restrict forbade.
// Every other option (restrict, no-pty, command=, permitopen=, principals=,
// cert-authority, tunnel=, environment=, verify-required, ...) would change
// what the key may do in a way gansudash cannot honour: such a line is
// refused and logged, so that a key meant to be restricted never gets in
// unrestricted.
var ignorableOptions = map[string]bool{
	"no-port-forwarding": true, "no-agent-forwarding": true, "no-x11-forwarding": true, "no-user-rc": true,
	"port-forwarding": true, "agent-forwarding": true, "x11-forwarding": true, "user-rc": true, "pty": true,
	"no-touch-required": true,
}

// authorizedKeys is the authorized keys file, re-read when it changes.
type authorizedKeys struct {
	path    string
	mu      sync.Mutex
	stamp   os.FileInfo
	keys    []authorizedKey
	refused []string // lines refused at the last reading, to log once
}

func loadAuthorizedKeys(path string, logger *log.Logger) (*authorizedKeys, error) {
	if path == "" {
		return nil, model.Errorf("没有 authorized_keys 文件：请用 --authorized-keys 指定", "no authorized_keys file: give --authorized-keys")
	}
	a := &authorizedKeys{path: path}
	if err := a.reload(); err != nil {
		return nil, model.Errorf("%s：%w：请把各位官员的公钥写入此文件，每行一个（即其 ~/.ssh/id_ed25519.pub 的那一行），然后重新启动", "%s: %w: write the officials' public keys there, one per line (the line of their ~/.ssh/id_ed25519.pub), and start again", path, err)
	}
	a.logRefused(logger)
	return a, nil
}

func (a *authorizedKeys) reload() error {
	st, err := os.Stat(a.path)
	if err != nil {
		return err
	}
	if st.Size() > 4<<20 {
		return model.Errorf("%d MB，作为公钥列表太大", "%d MB is too large for a list of keys", st.Size()>>20)
	}
	data, err := os.ReadFile(a.path)
	if err != nil {
		return err
	}
	var keys []authorizedKey
	var refused []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		k, err := parseAuthorizedLine(text)
		if err != nil {
			refused = append(refused, fmt.Sprintf("line %d: %v", n, err))
			continue
		}
		k.line = n
		keys = append(keys, k)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	a.keys, a.refused, a.stamp = keys, refused, st
	return nil
}

// parseAuthorizedLine reads one line: its key and the options gansudash
// honours; an option it cannot honour refuses the line.
func parseAuthorizedLine(text string) (authorizedKey, error) {
	key, _, options, _, err := gossh.ParseAuthorizedKey([]byte(text))
	if err != nil {
		return authorizedKey{}, model.Errorf("不是公钥（%v）", "not a public key (%v)", err)
	}
	k := authorizedKey{key: key}
	for _, opt := range options {
		name, value, hasValue := strings.Cut(opt, "=")
		name = strings.ToLower(name)
		value = strings.Trim(value, `"`)
		switch {
		case name == "from" && hasValue:
			k.from = strings.Split(value, ",")
		case name == "expiry-time" && hasValue:
			t, err := parseExpiry(value)
			if err != nil {
				return k, err
			}
			k.expiry = t
		case ignorableOptions[name] && !hasValue:
		default:
			return k, model.Errorf("选项 %s，gansudash 无法执行：此密钥被拒绝；请给使用仪表盘的官员一行不带此选项的公钥", "option %s, which gansudash cannot honour: the key is refused; give the dashboard's officials a line without it", sanitize.Line(name))
		}
	}
	return k, nil
}

// parseExpiry reads YYYYMMDD[HHMM[SS]] in the local time zone, as OpenSSH does.
func parseExpiry(v string) (time.Time, error) {
	for _, layout := range []string{"20060102150405", "200601021504", "20060102"} {
		if len(v) == len(layout) {
			if t, err := time.ParseInLocation(layout, v, time.Local); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, model.Errorf("expiry-time“%s”不是 YYYYMMDD[HHMM[SS]]：此密钥被拒绝", "expiry-time %q is not YYYYMMDD[HHMM[SS]]: the key is refused", sanitize.Line(v))
}

func (a *authorizedKeys) logRefused(logger *log.Logger) {
	for _, r := range a.refused {
		logger.Warn("authorized_keys line refused", "path", a.path, "why", r)
	}
}

func (a *authorizedKeys) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.keys)
}

// allowed says why key may not come in from remote at now, or "" if it
// may; it re-reads the file if it changed.
func (a *authorizedKeys) allowed(key ssh.PublicKey, remote net.Addr, now time.Time, logger *log.Logger) string {
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
			a.logRefused(logger)
		}
	}
	why := "key not in authorized_keys"
	for _, k := range a.keys {
		if !ssh.KeysEqual(key, k.key) {
			continue
		}
		switch {
		case !k.expiry.IsZero() && now.After(k.expiry):
			why = fmt.Sprintf("key expired at %s (authorized_keys line %d)", k.expiry.Format("2006-01-02 15:04"), k.line)
		case k.from != nil && !fromAllows(k.from, remoteHost(remote)):
			why = fmt.Sprintf("key may only come from %s (authorized_keys line %d)", sanitize.Line(strings.Join(k.from, ",")), k.line)
		default:
			return ""
		}
	}
	return why
}

// fromAllows applies an OpenSSH from= pattern list to the client's address:
// it must match a pattern (* and ? wildcards, or CIDR address/bits) and no
// negated one (!pattern). Host names are not looked up, so a pattern that
// names a host matches only an address written the same way.
func fromAllows(patterns []string, host string) bool {
	ip := net.ParseIP(host)
	allowed := false
	for _, p := range patterns {
		p = strings.TrimSpace(p)
		negated := strings.HasPrefix(p, "!")
		p = strings.TrimPrefix(p, "!")
		var match bool
		if _, network, err := net.ParseCIDR(p); err == nil {
			match = ip != nil && network.Contains(ip)
		} else {
			match, _ = path.Match(strings.ToLower(p), strings.ToLower(host))
		}
		if match && negated {
			return false
		}
		allowed = allowed || match
	}
	return allowed
}
