package e2e

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gansudash/gansudash/store"
)

// runCmd runs the real binary against a database in a temp dir and returns
// what it printed and its exit status.
func runCmd(t *testing.T, db string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runEnv(t, []string{store.EnvDB + "=" + db}, args...)
}

// baseLocale is the locale every run starts from, whatever the machine
// running the tests has: C.UTF-8, common on servers and over SSH, which names
// no language, so the interface is Chinese. Tests of English add
// LANG=en_US.UTF-8 (enLocale) or --lang en.
var baseLocale = []string{"LC_ALL=", "LC_MESSAGES=", "LANG=C.UTF-8"}

// enLocale asks for English through the locale.
const enLocale = "LANG=en_US.UTF-8"

// englishCommand is the real binary bin with args, speaking English, for
// tests that read its output's numbers.
func englishCommand(bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), baseLocale...), enLocale)
	return cmd
}

// runEnv runs the real binary with extra environment variables.
func runEnv(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(buildBinary(t), args...)
	cmd.Env = append(append(os.Environ(), baseLocale...), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("running gansudash %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

// newDB creates a database of the default figures in a directory of its own
// with the binary's init, as an official would, and returns its path: every
// command but init refuses a --db or GANSUDASH_DB that does not exist.
func newDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "gansudash.db")
	if _, errOut, code := runEnv(t, nil, "init", "--db", db); code != 0 {
		t.Fatalf("init --db %s: exit %d: %s", db, code, errOut)
	}
	return db
}

// exitUsage is gansudash's status for a command line it cannot understand.
const exitUsage = 2

// countCSV counts rows of a CSV by the values of two columns.
func countCSV(t *testing.T, data []byte, colA, colB string) (map[string]int, map[string]int, int) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ia, ib := -1, -1
	for i, h := range rows[0] {
		switch h {
		case colA:
			ia = i
		case colB:
			ib = i
		}
	}
	if ia < 0 || ib < 0 {
		t.Fatalf("no %s or %s column in %v", colA, colB, rows[0])
	}
	a, b := map[string]int{}, map[string]int{}
	for _, r := range rows[1:] {
		a[r[ia]]++
		b[r[ib]]++
	}
	return a, b, len(rows) - 1
}

func TestExportPrintsTheWholeDefaultDatasetWithMatchingCounts(t *testing.T) {
	db := newDB(t)
	out, errOut, code := runCmd(t, db, "export", "--format", "csv")
	if code != 0 {
		t.Fatalf("export exited %d: %s", code, errOut)
	}
	header := strings.SplitN(out, "\n", 2)[0]
	for _, col := range []string{"region", "indicator_zh", "indicator_en", "category", "period", "value", "published",
		"qualifier", "unit", "kind", "derived", "source_title", "source_date", "source_url", "fragment", "note_zh", "note_en"} {
		if !strings.Contains(","+header+",", ","+col+",") {
			t.Errorf("export header lacks %s: %s", col, header)
		}
	}
	wantCat, wantSrc, wantN := map[string]int{}, map[string]int{}, 0
	for _, name := range store.DefaultFigureFiles {
		raw, err := store.DefaultFile(name)
		if err != nil {
			t.Fatal(err)
		}
		c, s, n := countCSV(t, raw, "category", "source")
		for k, v := range c {
			wantCat[k] += v
		}
		for k, v := range s {
			wantSrc[k] += v
		}
		wantN += n
	}
	gotCat, gotSrc, gotN := countCSV(t, []byte(out), "category", "source")
	if gotN != wantN {
		t.Errorf("export printed %d figures, the default data files have %d", gotN, wantN)
	}
	for k, v := range wantCat {
		if gotCat[k] != v {
			t.Errorf("category %s: export %d, CSV %d", k, gotCat[k], v)
		}
	}
	for k, v := range wantSrc {
		if gotSrc[k] != v {
			t.Errorf("source %s: export %d, CSV %d", k, gotSrc[k], v)
		}
	}

	jsonOut, errOut, code := runCmd(t, db, "export", "--format", "json")
	if code != 0 {
		t.Fatalf("export --format json exited %d: %s", code, errOut)
	}
	var objs []map[string]any
	if err := json.Unmarshal([]byte(jsonOut), &objs); err != nil {
		t.Fatalf("export --format json is not JSON: %v", err)
	}
	if len(objs) != wantN {
		t.Errorf("JSON export has %d objects, want %d", len(objs), wantN)
	}
	if _, isNum := objs[0]["value"].(float64); !isNum {
		t.Errorf("JSON value is %T, want a number", objs[0]["value"])
	}
}

func TestExportFiltersByRegionAndCategory(t *testing.T) {
	db := newDB(t)
	out, errOut, code := runCmd(t, db, "export", "--region", "武威市", "--category", "防沙治沙")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	regions, cats, n := countCSV(t, []byte(out), "region", "category")
	if n == 0 || len(cats) != 1 || cats["desertification"] != n {
		t.Errorf("categories %v in a desertification export", cats)
	}
	if regions["gulang"] == 0 || regions["lanzhou"] != 0 {
		t.Errorf("regions %v: want Wuwei and the counties under it, not Lanzhou", regions)
	}
}

func TestExportWritesAFileOnlyWhenComplete(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t)
	target := filepath.Join(dir, "out.csv")
	if _, errOut, code := runCmd(t, db, "export", "-o", target); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(target)
	if err != nil || !bytes.HasPrefix(data, []byte("region,")) {
		t.Fatalf("out.csv: %v %.40q", err, data)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestExportWithABOMOpensInExcelAndImportsBack: --bom starts the CSV with
// the byte-order mark Excel on Chinese Windows needs to read UTF-8; import
// reads the file back; --bom is refused for formats it does not apply to.
func TestExportWithABOMOpensInExcelAndImportsBack(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t)
	target := filepath.Join(dir, "武威.csv")
	if _, errOut, code := runCmd(t, db, "export", "--bom", "--region", "武威市", "-o", target); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, _ := os.ReadFile(target)
	if !bytes.HasPrefix(data, []byte("\ufeffregion,")) || !bytes.Contains(data, []byte("武威市")) {
		t.Fatalf("the file does not start with a BOM and its header: %.40q", data)
	}
	if out, errOut, code := runCmd(t, db, "import", "--dry-run", target); code != 0 || !strings.Contains(out, "未变") {
		t.Errorf("the BOM file does not import back: %d %s%s", code, out, errOut)
	}
	if _, errOut, code := runCmd(t, db, "export", "--bom", "--format", "json"); code != 2 || !strings.Contains(errOut, "--bom") {
		t.Errorf("--bom with JSON: exit %d: %s", code, errOut)
	}
}

func TestBadCommandLinesExitTwoWithAHint(t *testing.T) {
	db := newDB(t)
	tests := []struct {
		args   []string
		zh, en string
	}{
		{[]string{"frobnicate"}, "未知命令“frobnicate”", `unknown command "frobnicate"`},
		{[]string{"export", "--format", "xml"}, "未知格式“xml”", `unknown format "xml"`},
		{[]string{"export", "--category", "sports"}, "未知类别“sports”", `unknown category "sports"`},
		{[]string{"export", "--region", "武威"}, "“武威市”", `did you mean "武威市"?`},
		{[]string{"export", "--bogus"}, "未知选项：--bogus", "unknown flag: --bogus"},
		{[]string{"export", "stray"}, "多余的参数“stray”", `unexpected argument "stray"`},
	}
	for _, tt := range tests {
		for _, l := range []struct{ env, want, hint string }{{"LANG=POSIX", tt.zh, "查看用法"}, {enLocale, tt.en, "for usage"}} {
			_, errOut, code := runEnv(t, []string{store.EnvDB + "=" + db, l.env}, tt.args...)
			if code != exitUsage {
				t.Errorf("%v %s: exit %d, want %d", tt.args, l.env, code, exitUsage)
			}
			if !strings.Contains(errOut, l.want) || !strings.Contains(errOut, l.hint) {
				t.Errorf("%v %s: stderr %q does not say %q and %q", tt.args, l.env, errOut, l.want, l.hint)
			}
		}
	}
}

func TestErrorsNeverCarryEscapeSequencesToTheTerminal(t *testing.T) {
	db := newDB(t)
	_, errOut, code := runCmd(t, db, "export", "--region", "\x1b]52;c;aGk=\x07evil")
	if code != exitUsage {
		t.Fatalf("an unknown region: exit %d: %s", code, errOut)
	}
	if strings.ContainsAny(errOut, "\x1b\x07") {
		t.Errorf("stderr carries raw control characters: %q", errOut)
	}
}

func TestAMissingHomeDirectoryIsAClearError(t *testing.T) {
	_, errOut, code := runEnv(t, []string{"HOME=", "XDG_DATA_HOME=", store.EnvDB + "="}, "export")
	if code == 0 || !strings.Contains(errOut, "--db") {
		t.Errorf("exit %d, stderr %q: want a failure that suggests --db", code, errOut)
	}
}

func TestHelpListsEveryCommandAndEachCommandItsFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "gansudash.db")
	for _, l := range []struct{ env, use, usage string }{
		{"LANG=C.UTF-8", "gansudash import 文件...", "用法："},
		{"LANG=POSIX", "gansudash import 文件...", "用法："},
		{enLocale, "gansudash import FILE...", "Usage:"},
	} {
		out, errOut, code := runEnv(t, []string{store.EnvDB + "=" + db, l.env}, "--help")
		if code != 0 {
			t.Fatalf("--help under %s exited %d: %s", l.env, code, errOut)
		}
		for _, c := range []string{"import", "export", "report", "backup", "check", "init", "serve", "completion", "help"} {
			if !regexp.MustCompile(`(?m)^  ` + c + ` +\S`).MatchString(out) {
				t.Errorf("--help under %s does not list %s with a summary:\n%s", l.env, c, out)
			}
		}
		if !strings.Contains(out, l.usage) || strings.Contains(out, "Usage of") || strings.Contains(out, "gansudash :") {
			t.Errorf("--help under %s is not cobra's layout in its language:\n%s", l.env, out)
		}
		if _, err := os.Stat(db); err == nil {
			t.Error("--help created a database")
		}
		for _, args := range [][]string{{"help", "import"}, {"import", "--help"}} {
			out, errOut, code := runEnv(t, []string{store.EnvDB + "=" + db, l.env}, args...)
			if code != 0 {
				t.Fatalf("%v under %s exited %d: %s", args, l.env, code, errOut)
			}
			for _, want := range []string{l.use, "--dry-run", "--create", "--encoding", "--sheet", "--source", "--wait", "--db", "2025年5月.xlsx"} {
				if !strings.Contains(out, want) {
					t.Errorf("%v under %s does not show %q:\n%s", args, l.env, want, out)
				}
			}
		}
	}
}

func TestAnUnknownCommandOrFlagIsReportedOnceWithTheClosestCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "gansudash.db")
	for _, tc := range []struct {
		args   []string
		zh, en string
	}{
		{[]string{"exprot"}, "未知命令“exprot”（是不是要用“export”？）", `unknown command "exprot" (did you mean "export"?)`},
		{[]string{"help", "imprt"}, "未知命令“imprt”（是不是要用“import”？）", `unknown command "imprt" (did you mean "import"?)`},
		{[]string{"--frobnicate"}, "未知选项：--frobnicate", "unknown flag: --frobnicate"},
	} {
		for _, l := range []struct {
			env  []string
			args []string
			want string
		}{
			{nil, tc.args, tc.zh},
			{[]string{enLocale}, tc.args, tc.en},
			{nil, append([]string{"--lang", "en"}, tc.args...), tc.en},
		} {
			_, errOut, code := runEnv(t, append([]string{store.EnvDB + "=" + db}, l.env...), l.args...)
			if code != exitUsage {
				t.Errorf("%v %v: exit %d, want %d", l.env, l.args, code, exitUsage)
			}
			if n := strings.Count(errOut, l.want); n != 1 {
				t.Errorf("%v %v: stderr says %q %d times, want once:\n%s", l.env, l.args, l.want, n, errOut)
			}
		}
	}
}

func TestCompletionScriptsLoad(t *testing.T) {
	db := filepath.Join(t.TempDir(), "gansudash.db")
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		out, errOut, code := runCmd(t, db, "completion", shell)
		if code != 0 || !strings.Contains(out, "gansudash") {
			t.Errorf("completion %s: exit %d, %d bytes: %s", shell, code, len(out), errOut)
		}
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to load the script into")
	}
	script, _, _ := runCmd(t, db, "completion", "bash")
	file := filepath.Join(t.TempDir(), "gansudash.bash")
	os.WriteFile(file, []byte(script), 0o644)
	got, err := exec.Command(bash, "-c", "source "+file+" && complete -p gansudash").CombinedOutput()
	if err != nil || !strings.Contains(string(got), "gansudash") {
		t.Errorf("the bash completion does not load: %v\n%s", err, got)
	}
}

// TestTheSyntheticGeneratorIsNotInTheBinary: store/synth serves benchmarks
// only; none of it (its tables, its functions) may be linked into gansudash.
func TestTheSyntheticGeneratorIsNotInTheBinary(t *testing.T) {
	out, err := exec.Command("go", "tool", "nm", buildBinary(t)).Output()
	if err != nil {
		t.Skipf("go tool nm: %v", err)
	}
	if !bytes.Contains(out, []byte("gansudash/store.(*DB).Apply")) {
		t.Fatal("go tool nm lists no symbol of store: the check below would prove nothing")
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, "gansudash/store/synth") {
			t.Errorf("the binary holds %s", strings.TrimSpace(l))
		}
	}
}

// TestReportWaitsForAnImportAndSaysWhenThereIsNothing: a cron report that
// runs while an import writes waits for it (--wait), and an empty database
// is said to be empty, not an unknown region "".
func TestReportWaitsForAnImportAndSaysWhenThereIsNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "gansudash.db")
	if _, err := store.EnsureDefault(db); err != nil {
		t.Fatal(err)
	}
	writer, err := store.Open(db, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{})
	go func() {
		time.Sleep(time.Second)
		writer.Close()
		close(released)
	}()
	out, errOut, code := runCmd(t, db, "report", "--region", "兰州市", "--lang", "zh", "--wait", "20s")
	<-released
	if code != 0 || !strings.Contains(out, "1809.81亿元") {
		t.Errorf("report while the database was held for a second: exit %d: %s", code, errOut)
	}
	writer, err = store.Open(db, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, errOut, code = runCmd(t, db, "report", "--wait", "300ms")
	writer.Close()
	if code != 1 || !strings.Contains(errOut, "数据库已被另一进程锁定") {
		t.Errorf("report --wait 300ms on a held database: exit %d: %s", code, errOut)
	}

	empty := filepath.Join(dir, "empty.db")
	e, err := store.Create(empty)
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	_, errOut, code = runCmd(t, empty, "report")
	if code != 1 || !strings.Contains(errOut, "数据库中还没有数据") || strings.Contains(errOut, "“”") {
		t.Errorf("report on an empty database: exit %d: %s", code, errOut)
	}
}

// TestALineBreakInAFileNameForgesNoLineAndNoMessageNamesATemporaryFile
func TestALineBreakInAFileNameForgesNoLineAndNoMessageNamesATemporaryFile(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t)
	forged := filepath.Join(dir, "bad\ngansudash: imported 100 figures.csv")
	os.WriteFile(forged, []byte("地区,指标,期间,数值,来源\n武威市,人工造林面积,2025年,4x.9,wuwei_2024_review\n"), 0o644)
	_, errOut, code := runCmd(t, db, "import", forged)
	if code != 1 || !strings.Contains(errOut, "“4x.9”不是数字") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, l := range strings.Split(errOut, "\n") {
		if strings.HasPrefix(l, "gansudash: imported") {
			t.Errorf("the file name forged a line: %q", l)
		}
	}
	// An export to a directory that cannot be written names the file asked
	// for, not the temporary file beside it.
	ro := filepath.Join(dir, "ro")
	os.Mkdir(ro, 0o500)
	_, errOut, _ = runCmd(t, db, "export", "-o", filepath.Join(ro, "out.csv"))
	if os.Geteuid() != 0 && (strings.Contains(errOut, ".tmp") || !strings.Contains(errOut, "out.csv")) {
		t.Errorf("export into a read-only directory: %s", errOut)
	}
}

// TestPeriodsOfEveryFormImportAndRevisionsExport: the forms the period issue
// asks for import; a nonsense period lists every form; a changed value
// leaves two entries in export --history.
func TestPeriodsOfEveryFormImportAndRevisionsExport(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t)
	file := filepath.Join(dir, "periods.csv")
	os.WriteFile(file, []byte("地区,指标,指标名称,类别,类型,单位,期间,数值,来源\n"+
		"武威市,治沙造林累计,治沙造林（累计）,desertification,level,万亩,2013-01/2022-12,237.8,wuwei_2024_review\n"+
		"定西市,央企在兰分支机构,,,,,截至2025年2月,130,lanzhou_2024_investment\n"+
		"凉州区,省外到位资金,,,,,2025年1—5月,88.57,liangzhou_2025_county\n"+
		"武威市,治沙造林累计,,,,,十四五以来,192.8,wuwei_2024_review\n"), 0o644)
	out, errOut, code := runCmd(t, db, "import", "--create", file)
	if code != 0 || !strings.Contains(out, "已导入 4 条数据") {
		t.Fatalf("import of every period form: exit %d\n%s%s", code, out, errOut)
	}
	exported, _, _ := runCmd(t, db, "export", "--region", "武威市", "--category", "防沙治沙")
	for _, want := range []string{"2013-01/2022-12", "2021-01/.."} {
		if !strings.Contains(exported, want) {
			t.Errorf("export lacks period %s", want)
		}
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("地区,指标,期间,数值,来源\n武威市,人工造林面积,去年冬天,1,wuwei_2024_review\n"), 0o644)
	_, errOut, code = runCmd(t, db, "import", bad)
	for _, form := range []string{"2013-01/2022-12", "截至2025年2月", "十四五以来", "2025年1—5月"} {
		if code != 1 || !strings.Contains(errOut, form) {
			t.Errorf("a nonsense period's error does not offer %s: %s", form, errOut)
		}
	}
	changed := filepath.Join(dir, "changed.csv")
	os.WriteFile(changed, []byte("地区,指标,期间,数值,来源\n定西市,央企在兰分支机构,截至2025年2月,131,lanzhou_2024_investment\n"), 0o644)
	out, errOut, code = runCmd(t, db, "import", changed)
	if code != 0 || !strings.Contains(out, "1 个被替换的值保存在修订记录中") {
		t.Fatalf("re-import of a changed value: exit %d %s %s", code, out, errOut)
	}
	history, errOut, code := runCmd(t, db, "export", "--history")
	rows, err := csv.NewReader(strings.NewReader(history)).ReadAll()
	if code != 0 || err != nil || len(rows) != 3 {
		t.Fatalf("export --history: exit %d, %d rows, %v: %q%s", code, len(rows), err, rows, errOut)
	}
	last := len(rows[0]) - 1
	if rows[1][last-2] != "current" || rows[2][last-2] != "replaced" || rows[2][last] != "changed.csv" {
		t.Errorf("export --history rows: %q", rows[1:])
	}
}
