package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/store"
)

// badDatabases writes every kind of file that is not a healthy gansudash
// database.
func badDatabases(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	if _, err := store.EnsureDefault(good); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(good)
	random := make([]byte, 256<<10)
	rand.New(rand.NewSource(1)).Read(random)
	files := map[string][]byte{
		"zero-length": {},
		"truncated":   data[:len(data)/3],
		"random":      random,
		"not bbolt":   bytes.Repeat([]byte("地区,指标,期间,数值\n"), 4000),
	}
	out := map[string]string{}
	for name, content := range files {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".db")
		os.WriteFile(p, content, 0o600)
		out[name] = p
	}
	foreign := filepath.Join(dir, "foreign.db")
	b, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		bk, _ := tx.CreateBucket([]byte("sessions"))
		return bk.Put([]byte("k"), []byte("v"))
	})
	b.Close()
	out["bbolt of another program"] = foreign
	// etcd writes its files without a freelist; a read-write open by bbolt
	// would write one.
	etcd := filepath.Join(dir, "etcd.db")
	b, err = bolt.Open(etcd, 0o600, &bolt.Options{NoFreelistSync: true})
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error {
		bk, _ := tx.CreateBucket([]byte("key"))
		return bk.Put([]byte("k"), []byte("v"))
	})
	b.Close()
	out["bbolt of another program without a freelist"] = etcd
	newer := filepath.Join(dir, "newer.db")
	os.WriteFile(newer, data, 0o600)
	b, _ = bolt.Open(newer, 0o600, nil)
	b.Update(func(tx *bolt.Tx) error {
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], store.SchemaVersion+1)
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), v[:])
	})
	b.Close()
	out["newer schema"] = newer
	return out
}

func sum(t *testing.T, path string) [32]byte {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// TestBadDatabaseFilesGiveAClearMessageAndChangeNothing runs the real
// commands on every kind of bad file: a message naming the file, a non-zero
// exit, no panic, no hang, and the file exactly as it was.
func TestBadDatabaseFilesGiveAClearMessageAndChangeNothing(t *testing.T) {
	bin := buildBinary(t)
	// In Chinese: the tests run under C.UTF-8 (baseLocale), like a server.
	want := map[string]string{
		"zero-length":              "不是 gansudash 数据库",
		"truncated":                "数据库文件已损坏",
		"random":                   "不是 gansudash 数据库",
		"not bbolt":                "不是 gansudash 数据库",
		"bbolt of another program": "其他程序的 bbolt 数据库",
		"bbolt of another program without a freelist": "其他程序的 bbolt 数据库",
		"newer schema": "请使用更新版本的 gansudash",
	}
	figures := filepath.Join(t.TempDir(), "figures.csv")
	os.WriteFile(figures, []byte("region,indicator,period,value,source\nwuwei,afforestation,2026,1,wuwei_2024_review\n"), 0o644)
	for name, path := range badDatabases(t) {
		before := sum(t, path)
		for _, args := range [][]string{{"export"}, {"check"}, {"check", "--upgrade"}, {"report"}, {"backup", path + ".bak"},
			{"import", figures}, {"--lang", "zh"}} {
			cmd := exec.Command(bin, append(args, "--db", path)...)
			cmd.Env = append(append(os.Environ(), baseLocale...), "TERM=dumb")
			done := make(chan struct{})
			var out []byte
			var err error
			go func() { out, err = cmd.CombinedOutput(); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("%s %v hung", name, args)
			}
			if err == nil {
				t.Errorf("%s %v succeeded", name, args)
			}
			text := string(out)
			if strings.Contains(text, "panic") || strings.Contains(text, "goroutine ") {
				t.Errorf("%s %v panicked:\n%s", name, args, text)
			}
			if !strings.Contains(text, path) || !strings.Contains(text, want[name]) {
				t.Errorf("%s %v: message does not name the file and say %q:\n%s", name, args, want[name], text)
			}
		}
		if sum(t, path) != before {
			t.Errorf("%s: the file was modified", name)
		}
	}
}

// TestCheckSaysWhatIsWrong runs check on damaged databases.
func TestCheckSaysWhatIsWrong(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	if _, err := store.EnsureDefault(db); err != nil {
		t.Fatal(err)
	}
	b, _ := bolt.Open(db, 0o600, nil)
	b.Update(func(tx *bolt.Tx) error {
		// A figure whose indicator does not exist.
		c := tx.Bucket([]byte("obs")).Cursor()
		k, v := c.First()
		bad := append([]byte("no_such_indicator"), k[bytes.IndexByte(k, 0):]...)
		return tx.Bucket([]byte("obs")).Put(bad, bytes.Clone(v))
	})
	b.Close()
	out, code := runCmdOut(t, db, "check")
	if code == 0 || !strings.Contains(out, "指标“no_such_indicator”不存在") || !strings.Contains(out, "：发现 ") {
		t.Errorf("check on a figure of a missing indicator: exit %d\n%s", code, out)
	}
	en, _, code := runEnv(t, []string{store.EnvDB + "=" + db, enLocale}, "check")
	if code == 0 || !strings.Contains(en, `indicator "no_such_indicator" does not exist`) {
		t.Errorf("check in English: exit %d\n%s", code, en)
	}
	// backup checks its copy the same way: a damaged database never
	// replaces the last good backup.
	good := filepath.Join(filepath.Dir(db), "last-good.db")
	if _, err := store.EnsureDefault(good); err != nil {
		t.Fatal(err)
	}
	before := sum(t, good)
	out, code = runCmdOut(t, db, "backup", good, "--force")
	if code != 1 || !strings.Contains(out, "已损坏") || !strings.Contains(out, "未写入备份") {
		t.Errorf("backup of a damaged database: exit %d\n%s", code, out)
	}
	if sum(t, good) != before {
		t.Error("the last good backup was overwritten by a damaged copy")
	}
	out, code = runCmdOut(t, db, "backup", filepath.Join(filepath.Dir(db), "new.db"))
	if _, err := os.Stat(filepath.Join(filepath.Dir(db), "new.db")); code == 0 || err == nil {
		t.Errorf("backup of a damaged database to a new file: exit %d, file written: %v\n%s", code, err == nil, out)
	}
}

func runCmdOut(t *testing.T, db string, args ...string) (string, int) {
	out, errOut, code := runCmd(t, db, args...)
	return out + errOut, code
}

// TestFormulaCellsAreDefusedInSpreadsheetExports checks CSV injection: a
// cell a spreadsheet would run as a formula is prefixed in CSV and XLSX
// exports unless --raw, and import reads it back as it was.
func TestFormulaCellsAreDefusedInSpreadsheetExports(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t)
	file := filepath.Join(dir, "in.csv")
	os.WriteFile(file, []byte("地区,指标,期间,数值,来源,备注,原文\n"+
		"武威市,人工造林面积,2026年,-3,\"=HYPERLINK(\"\"http://evil\"\";\"\"点我\"\")\",@SUM(A1:A9),+1+1\n"), 0o644)
	if _, errOut, code := runCmd(t, db, "import", "--create", file); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	out, _, _ := runCmd(t, db, "export", "--region", "武威市", "--category", "防沙治沙")
	if !strings.Contains(out, `'=HYPERLINK(`) || !strings.Contains(out, "'@SUM(A1:A9)") || !strings.Contains(out, "'+1+1") {
		t.Errorf("formula cells not defused:\n%s", out)
	}
	if !strings.Contains(out, ",2026,-3,'-3万亩,") {
		t.Errorf("the number -3 must stay a number, the text -3万亩 be defused:\n%s", out)
	}
	raw, _, _ := runCmd(t, db, "export", "--raw", "--region", "武威市", "--category", "防沙治沙")
	if !strings.Contains(raw, `"=HYPERLINK(""http://evil"";""点我"")"`) || strings.Contains(raw, "'=") {
		t.Errorf("--raw must keep cells as they are:\n%s", raw)
	}
	// What export wrote, import reads back unchanged.
	exported := filepath.Join(dir, "out.csv")
	os.WriteFile(exported, []byte(out), 0o644)
	res, errOut, code := runCmd(t, db, "import", exported)
	if code != 0 || !strings.Contains(res, "新增 0，修改 0") {
		t.Errorf("re-import of the defused export: %s %s", res, errOut)
	}
	xlsx := filepath.Join(dir, "out.xlsx")
	if _, errOut, code := runCmd(t, db, "export", "--format", "xlsx", "-o", xlsx); code != 0 {
		t.Fatal(errOut)
	}
	table, err := store.ReadFile(xlsx, store.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range table.Rows {
		for _, c := range r.Cells {
			if strings.HasPrefix(c, "=") {
				t.Errorf("an XLSX cell starts with =: %q", c)
			}
			found = found || strings.HasPrefix(c, "'=HYPERLINK")
		}
	}
	if !found {
		t.Error("the defused cell is missing from the XLSX export")
	}
}

// bigImport writes a file of n new figures.
func bigImport(t *testing.T, dir string, n int) string {
	var b strings.Builder
	b.WriteString("region,indicator,subject,period,value,source\n")
	for i := 0; i < n; i++ {
		b.WriteString("wuwei,project_total_investment,空间测试" + strings.Repeat("长", 20) + strconv.Itoa(i) + ",2025," + strconv.Itoa(i) + ".5,wuwei_2024_review\n")
	}
	p := filepath.Join(dir, "big.csv")
	os.WriteFile(p, []byte(b.String()), 0o644)
	return p
}

// TestAFullDiskLeavesTheDatabaseAsItWas imports more than fits, on a tiny
// filesystem (when this machine allows mounting one) and under a file-size
// limit: a clear error, the same figures as before, and check passes. (The
// file's bytes may differ: bbolt writes a transaction's pages before its
// meta page, so a failed commit can leave unreferenced pages behind.)
func TestAFullDiskLeavesTheDatabaseAsItWas(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	file := bigImport(t, dir, 20000)
	runs := map[string]func(db string) *exec.Cmd{
		"file-size limit": func(db string) *exec.Cmd {
			return exec.Command("bash", "-c", "ulimit -f 1200 && exec "+bin+" import --db "+db+" "+file)
		},
	}
	mnt := filepath.Join(dir, "tiny")
	os.Mkdir(mnt, 0o755)
	if err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt).Run(); err == nil {
		defer exec.Command("umount", mnt).Run()
		runs["full tmpfs"] = func(db string) *exec.Cmd { return exec.Command(bin, "import", "--db", db, file) }
	} else {
		t.Log("cannot mount a tmpfs here; testing the file-size limit only")
	}
	for name, cmd := range runs {
		db := filepath.Join(dir, "g.db")
		if name == "full tmpfs" {
			db = filepath.Join(mnt, "g.db")
		}
		os.Remove(db)
		if _, err := store.EnsureDefault(db); err != nil {
			t.Fatal(err)
		}
		exportOf := func() string {
			out, err := exec.Command(bin, "export", "--db", db).Output()
			if err != nil {
				t.Fatalf("%s: export: %v", name, err)
			}
			return string(out)
		}
		before := exportOf()
		c := cmd(db)
		c.Env = append(os.Environ(), baseLocale...)
		out, err := c.CombinedOutput()
		if err == nil {
			t.Errorf("%s: an import that cannot fit succeeded", name)
			continue
		}
		if !strings.Contains(string(out), "未写入任何内容") || !strings.Contains(string(out), db) {
			t.Errorf("%s: unclear message:\n%s", name, out)
		}
		if exportOf() != before {
			t.Errorf("%s: the figures changed", name)
		}
		if out, err := exec.Command(bin, "check", "--db", db).CombinedOutput(); err != nil {
			t.Errorf("%s: check after the failed import: %v\n%s", name, err, out)
		}
	}
}

// TestAReadOnlyDataDirectoryIsAClearError: the first run cannot create its
// database in the data directory ($XDG_DATA_HOME) and says so, suggesting --db.
func TestAReadOnlyDataDirectoryIsAClearError(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	os.Mkdir(dir, 0o755)
	if os.Geteuid() == 0 {
		if err := exec.Command("chattr", "+i", dir).Run(); err != nil {
			t.Skip("running as root on a filesystem without chattr +i: cannot make a directory read-only")
		}
		defer exec.Command("chattr", "-i", dir).Run()
	} else {
		os.Chmod(dir, 0o500)
		defer os.Chmod(dir, 0o755)
	}
	_, errOut, code := runEnv(t, []string{store.EnvDB + "=", "XDG_DATA_HOME=" + dir}, "export")
	if code != 1 || !strings.Contains(errOut, "--db") || !strings.Contains(errOut, dir) {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files were left in the read-only directory: %v", entries)
	}
}
