package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/creack/pty"
)

// attack is what anyone can put in a file of figures: a clear-screen, an
// OSC 52 clipboard write, an OSC 0 title, an OSC 8 link, a DCS string, a
// bell, an 8-bit CSI, C1 controls, the end of bracketed paste, bidi
// overrides and line breaks.
const attack = "\x1b[2J\x1b]52;c;aGFja2Vk\x07\x1b]0;pwned\x07\x1b]8;;http://evil\x1b\\点我\x1b]8;;\x1b\\\x1bP1$r\x1b\\\a\u009b6n\u0085\x1b[201~\u202e反转\u2066\r\n第二行\t尾"

// attackFile writes figures whose every text cell carries the attack, and
// one row whose bad value carries it too (for error messages).
func attackFile(t *testing.T, dir string, bad bool) string {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"region", "region_zh", "region_en", "region_level", "region_parent", "indicator", "indicator_zh", "indicator_en",
		"category", "kind", "unit", "scope", "subject", "period", "value", "source", "source_title", "source_publisher",
		"source_authors", "source_note", "fragment", "note"})
	for i, period := range []string{"2023", "2024", "2025"} {
		w.Write([]string{"evil", "恶意市" + attack, "Evil" + attack, "city", "gansu", "evil_amount", "恶意金额" + attack, "Evil amount" + attack,
			"investment", "level", "亿元", "region", "", period, []string{"12", "15.5", "9"}[i], "evil_src", "标题" + attack, "出版" + attack,
			"作者" + attack, "说明" + attack, "原文" + attack[:16], "备注" + attack})
		w.Write([]string{"evil", "", "", "", "", "evil_signed", "恶意签约" + attack, "Evil signed" + attack,
			"investment", "level", "亿元", "event", "活动" + attack, period + "-03", "3", "evil_src", "", "", "", "", "签约" + attack[:10], attack})
	}
	if bad {
		w.Write([]string{"evil", "", "", "", "", "evil_amount", "", "", "", "", "", "", "", "2026", "4x" + attack, "evil_src"})
	}
	w.Flush()
	name := "attack.csv"
	if bad {
		name = "attack-bad.csv"
	}
	p := filepath.Join(dir, name)
	os.WriteFile(p, b.Bytes(), 0o644)
	return p
}

// runPty runs the binary with its stdout, stderr and stdin on a terminal
// and returns everything it wrote there.
func runPty(t *testing.T, env []string, keys func(f *os.File), args ...string) string {
	t.Helper()
	cmd := exec.Command(buildBinary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 120})
	if err != nil {
		t.Skipf("no pty here: %v", err)
	}
	defer f.Close()
	var out bytes.Buffer
	read := make(chan struct{})
	go func() {
		// Answer what a real terminal answers: Bubble Tea's package init
		// asks every process on a terminal for its background colour.
		buf := make([]byte, 32<<10)
		for {
			n, err := f.Read(buf)
			chunk := buf[:n]
			if bytes.Contains(chunk, []byte("\x1b]11;?")) {
				f.WriteString("\x1b]11;rgb:0000/0000/0000\x1b\\")
			}
			if bytes.Contains(chunk, []byte("\x1b[6n")) {
				f.WriteString("\x1b[1;1R")
			}
			out.Write(chunk)
			if err != nil {
				close(read)
				return
			}
		}
	}()
	if keys != nil {
		keys(f)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Errorf("gansudash %v did not finish", args)
	}
	select {
	case <-read:
	case <-time.After(2 * time.Second):
	}
	// The queries are the program's own, not the data's.
	return strings.NewReplacer("\x1b]11;?\x1b\\", "", "\x1b[6n", "").Replace(out.String())
}

// inert fails if text holds a control character (other than line breaks
// and, in a clipboard payload, tabs) or a bidi override.
func inert(t *testing.T, where, text string, tabs bool) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Errorf("%s: invalid UTF-8", where)
	}
	for i, r := range text {
		ok := r == '\n' || r == '\r' || tabs && r == '\t'
		bad := !ok && (r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069)
		if bad {
			t.Errorf("%s: %U at byte %d: %q", where, r, i, text[max(0, i-30):min(len(text), i+30)])
			return
		}
	}
}

var osc52Payload = regexp.MustCompile(`\x1b\]52;c;([A-Za-z0-9+/=]*)\x07`)

// TestNoCommandOrKeyWritesAControlSequenceFromTheData imports a file whose
// every text field is an attack on the terminal, then runs every command
// and key that writes data, with its output on a real terminal: nothing of
// the attack may reach it, or the clipboard, as a control character.
func TestNoCommandOrKeyWritesAControlSequenceFromTheData(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t)
	plain := []string{"GANSUDASH_DB=" + db, "NO_COLOR=1", "TERM=xterm-256color", "LANG=zh_CN.UTF-8"}
	if _, errOut, code := runCmd(t, db, "import", "--create", attackFile(t, dir, false)); code != 0 {
		t.Fatalf("import of the attack file: %s", errOut)
	}
	for _, args := range [][]string{
		{"export"}, {"export", "--format", "json"}, {"export", "--format", "md"}, {"export", "--raw"},
		{"report", "--region", "evil"}, {"report", "--region", "evil", "--lang", "en"}, {"check"},
		{"import", attackFile(t, dir, true)}, {"import", "--dry-run", attackFile(t, dir, false)},
		{"backup", filepath.Join(dir, "evil\x1b]0;x\x07.db")},
		{"export", "--region", "evil" + attack},
	} {
		out := runPty(t, plain, nil, args...)
		if len(out) < 20 {
			t.Errorf("%q wrote almost nothing: %q", args, out)
		}
		inert(t, strings.ReplaceAll(strings.Join(args, " "), attack, "ATTACK"), out, false)
	}
	// A Markdown file is for reading: it is as inert as the terminal.
	md := filepath.Join(dir, "evil.md")
	if _, errOut, code := runCmd(t, db, "export", "--format", "md", "-o", md); code != 0 {
		t.Fatal(errOut)
	}
	data, _ := os.ReadFile(md)
	inert(t, "export --format md -o", string(data), false)

	// y in the dashboard: on the overview, in a detail, on the events page.
	for _, keys := range [][]string{{"y"}, {"\r", "y"}, {"2", "y"}} {
		out := runPty(t, []string{"GANSUDASH_DB=" + db, "LANG=zh_CN.UTF-8", "TERM=xterm-256color"}, func(f *os.File) {
			time.Sleep(700 * time.Millisecond)
			for _, k := range keys {
				f.WriteString(k)
				time.Sleep(300 * time.Millisecond)
			}
			time.Sleep(300 * time.Millisecond)
			f.WriteString("q")
		}, "--region", "evil")
		m := osc52Payload.FindAllStringSubmatch(out, -1)
		if len(m) == 0 {
			t.Errorf("keys %q: no clipboard payload was sent", keys)
			continue
		}
		payload, err := base64.StdEncoding.DecodeString(m[len(m)-1][1])
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(payload), "亿元") {
			t.Errorf("keys %q: the payload does not hold the row: %q", keys, payload)
		}
		inert(t, "y after "+strings.Join(keys, " "), string(payload), true)
	}
}
