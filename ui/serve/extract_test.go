package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gansudash/gansudash/ui/serve/sshclient"
)

// TestExtractAndItsReviewAreNotServedOverSSH: extract reads files and its
// review imports into the database; the server serves only the dashboard
// and report, so a client asking for either is refused as an unknown
// command and nothing is read or written.
func TestExtractAndItsReviewAreNotServedOverSSH(t *testing.T) {
	ts := startServer(t, nil)
	before, err := os.ReadFile(ts.db)
	if err != nil {
		t.Fatal(err)
	}
	article := filepath.Join(t.TempDir(), "a.txt")
	os.WriteFile(article, []byte("2024年,武威市签约项目25项。\n"), 0o600)
	out := filepath.Join(t.TempDir(), "p.csv")
	for _, command := range []string{"extract " + article, "extract --review " + article, "extract " + article + " -o " + out} {
		c, err := sshclient.Dial(sshclient.Session{Addr: ts.addr, Signer: ts.signer, HostKey: ts.hostKey, Command: command})
		if err != nil {
			t.Fatal(err)
		}
		err = c.Wait(5 * time.Second)
		// Refused before anything runs: as an unknown command, or for the
		// flag (-o) the server's commands do not have.
		refused := []string{`unknown command "extract"`, "unknown flag", "unknown shorthand flag", "未知命令“extract”", "未知选项", "未知的短选项"}
		if sshclient.ExitStatus(err) != 2 || !containsAny(c.Output(), refused) {
			t.Errorf("%s over SSH: %v %q", command, err, c.Output())
		}
		c.Close()
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("extract over SSH wrote its output file")
	}
	after, _ := os.ReadFile(ts.db)
	if string(before) != string(after) {
		t.Error("the database changed")
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
