package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui"
)

// run runs a command line in process, with env as the whole environment
// (the locale, GANSUDASH_DB), against real database files.
func run(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] }}
	code = Main(e, args)
	return out.String(), errb.String(), code
}

// Locales as officials' machines have them.
var (
	cUTF8 = map[string]string{"LANG": "C.UTF-8"}
	posix = map[string]string{"LANG": "POSIX"}
	zhCN  = map[string]string{"LANG": "zh_CN.UTF-8"}
	enUS  = map[string]string{"LANG": "en_US.UTF-8"}
)

// newDB creates a database of the default figures with init, as an official
// would, and returns its path.
func newDB(t *testing.T, args ...string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "gansudash.db")
	if _, errOut, code := run(t, cUTF8, append([]string{"init", "--db", db}, args...)...); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	return db
}

func TestLanguageRule(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		flag string
		want model.Lang
	}{
		{nil, "", model.Chinese},
		{map[string]string{"LANG": "C.UTF-8"}, "", model.Chinese},
		{map[string]string{"LANG": "C"}, "", model.Chinese},
		{map[string]string{"LANG": "POSIX"}, "", model.Chinese},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, "", model.Chinese},
		{map[string]string{"LANG": "zh_TW.Big5"}, "", model.Chinese},
		{map[string]string{"LANG": "en_US.UTF-8"}, "", model.English},
		{map[string]string{"LANG": "en"}, "", model.English},
		{map[string]string{"LANG": "en_GB.utf8@euro"}, "", model.English},
		{map[string]string{"LANG": "fr_FR.UTF-8"}, "", model.Chinese},
		{map[string]string{"LANG": "de_DE"}, "", model.Chinese},
		// The first variable that names a language decides; C and POSIX
		// name none and count as unset.
		{map[string]string{"LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"}, "", model.English},
		{map[string]string{"LC_ALL": "POSIX", "LC_MESSAGES": "C", "LANG": "zh_CN.UTF-8"}, "", model.Chinese},
		{map[string]string{"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "", model.Chinese},
		{map[string]string{"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "", model.English},
		{map[string]string{"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "", model.English},
		{map[string]string{"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "", model.Chinese},
		// --lang overrides the locale.
		{map[string]string{"LANG": "zh_CN.UTF-8"}, "en", model.English},
		{map[string]string{"LANG": "en_US.UTF-8"}, "zh", model.Chinese},
	} {
		got, err := ui.DetectLang(tc.flag, func(k string) string { return tc.env[k] })
		if err != nil || got != tc.want {
			t.Errorf("env %v, --lang %q: %v, %v; want %v", tc.env, tc.flag, got, err, tc.want)
		}
	}
	if _, err := ui.DetectLang("fr", func(string) string { return "" }); err == nil {
		t.Error("--lang fr was accepted")
	}
}

func TestLangArgIsReadBeforeParsing(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"export", "--lang", "en"}, "en"},
		{[]string{"--lang=en", "report"}, "en"},
		{[]string{"--lang", "zh", "--lang", "en"}, "en"},
		{[]string{"import", "--lang", "en", "--", "--lang", "zh"}, "en"},
		{[]string{"--lang"}, ""},
	} {
		if got := ui.LangArg(tc.args); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.args, got, tc.want)
		}
	}
}

// cobraEnglish is what cobra and pflag would print in English.
var cobraEnglish = []string{"Usage:", "Flags:", "Global Flags:", "Available Commands:", "Examples:", "for more information",
	"help for", "[flags]", "[command]", "autocompletion", " string ", " duration ", " int ", "(default"}

func TestHelpFollowsTheLocale(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		zh   bool
	}{
		{"C.UTF-8", cUTF8, nil, true},
		{"POSIX", posix, nil, true},
		{"no locale", nil, nil, true},
		{"zh_CN", zhCN, nil, true},
		{"en_US", enUS, nil, false},
		{"--lang en over C.UTF-8", cUTF8, []string{"--lang", "en"}, false},
		{"--lang=en over zh_CN", zhCN, []string{"--lang=en"}, false},
		{"--lang zh over en_US", enUS, []string{"--lang", "zh"}, true},
	} {
		for _, cmd := range [][]string{{"--help"}, {"import", "--help"}, {"help", "export"}, {"report", "--help"},
			{"serve", "--help"}, {"init", "--help"}, {"completion", "--help"}, {"completion", "bash", "--help"}} {
			args := append(append([]string{}, cmd...), tc.args...)
			out, errOut, code := run(t, tc.env, args...)
			if code != 0 || errOut != "" {
				t.Fatalf("%s %q: exit %d: %s", tc.name, args, code, errOut)
			}
			if tc.zh {
				if !strings.Contains(out, "用法：") || !strings.Contains(out, "选项：") {
					t.Errorf("%s %q: no Chinese usage:\n%s", tc.name, args, out)
				}
				for _, en := range cobraEnglish {
					if strings.Contains(out, en) {
						t.Errorf("%s %q: %q in the Chinese help:\n%s", tc.name, args, en, out)
					}
				}
			} else if !strings.Contains(out, "Usage:") || !strings.Contains(out, "Flags:") || strings.Contains(out, "用法") {
				t.Errorf("%s %q: not the English help:\n%s", tc.name, args, out)
			}
		}
	}
	out, _, _ := run(t, cUTF8, "--help")
	for _, want := range []string{"命令：", "  import      从 CSV", "  init        新建数据库", "  completion  生成命令行补全脚本",
		"  help        显示 gansudash 或某个命令的帮助", "--db 路径", "--lang 语言", "-h, --help", `运行 "gansudash [命令] --help"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the Chinese --help lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = run(t, cUTF8, "export", "--help")
	for _, want := range []string{"gansudash export [选项]", "示例：", "全局选项：", "--format 格式", "（默认 \"csv\"）", "-o, --output 文件"} {
		if !strings.Contains(out, want) {
			t.Errorf("the Chinese export --help lacks %q:\n%s", want, out)
		}
	}
	// The flags line up in display columns, Chinese value names included.
	col := -1
	for _, l := range strings.Split(out[strings.Index(out, "选项：\n")+len("选项：\n"):], "\n") {
		if !strings.HasPrefix(l, " ") {
			break
		}
		left := strings.TrimLeft(l, " ")
		cut := strings.Index(left, "   ")
		if cut < 0 {
			t.Errorf("no gap before the usage: %q", l)
			continue
		}
		rest := left[cut:]
		w := displayWidth(l[:len(l)-len(strings.TrimLeft(rest, " "))])
		if col >= 0 && w != col {
			t.Errorf("flag usage at column %d, not %d: %q", w, col, l)
		}
		col = w
	}
	if col < 0 {
		t.Error("no flags found in the Chinese export --help")
	}
}

// displayWidth counts CJK characters as two columns.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 {
			w += 2
		} else {
			w++
		}
	}
	return w
}

func TestCommandLineErrorsInTheInterfaceLanguage(t *testing.T) {
	db := newDB(t)
	for _, tc := range []struct {
		args   []string
		zh, en string
	}{
		{[]string{"exprot"}, "未知命令“exprot”（是不是要用“export”？）", `unknown command "exprot" (did you mean "export"?)`},
		{[]string{"help", "imprt"}, "未知命令“imprt”（是不是要用“import”？）", `unknown command "imprt" (did you mean "import"?)`},
		{[]string{"--frobnicate"}, "未知选项：--frobnicate", "unknown flag: --frobnicate"},
		{[]string{"export", "--bogus"}, "未知选项：--bogus", "unknown flag: --bogus"},
		{[]string{"export", "-x"}, "未知的短选项：-x", "unknown shorthand flag: 'x' in -x"},
		{[]string{"export", "-o"}, "选项 -o 需要一个值", "flag needs an argument: 'o' in -o"},
		{[]string{"report", "--wait"}, "选项 --wait 需要一个值", "flag needs an argument: --wait"},
		{[]string{"report", "--width", "x"}, "选项 --width 的值“x”无效：应为整数", `invalid argument "x" for "--width" flag`},
		{[]string{"import", "--wait", "soon", "a.csv"}, "选项 --wait 的值“soon”无效：应为时长", `invalid argument "soon" for "--wait" flag`},
		{[]string{"export", "stray"}, "gansudash export：多余的参数“stray”", `gansudash export: unexpected argument "stray"`},
		{[]string{"export", "--format", "xml"}, "未知格式“xml”：请用 csv、json、md、xlsx", `unknown format "xml": use csv, json, md, xlsx`},
		{[]string{"export", "--category", "sports"}, "未知类别“sports”", `unknown category "sports"`},
		{[]string{"export", "--region", "武威"}, "“武威市”", `did you mean "武威市"?`},
		{[]string{"import"}, "import：请指定要导入的文件", "import: name the files to import"},
		{[]string{"completion", "bash", "x"}, "gansudash completion bash：多余的参数“x”", `unknown command "x" for "gansudash completion bash"`},
		{[]string{"export", "--lang", "fr"}, "未知语言“fr”：请用 zh 或 en", `unknown language "fr": use zh or en`},
	} {
		for _, lang := range []struct {
			env  map[string]string
			want string
			hint string
		}{{cUTF8, tc.zh, "查看用法"}, {enUS, tc.en, "for usage"}} {
			env := map[string]string{store.EnvDB: db}
			for k, v := range lang.env {
				env[k] = v
			}
			out, errOut, code := run(t, env, tc.args...)
			if code != ui.ExitUsage || out != "" {
				t.Errorf("%q under %v: exit %d, stdout %q; want %d", tc.args, lang.env, code, out, ui.ExitUsage)
			}
			if strings.Count(errOut, lang.want) != 1 || !strings.Contains(errOut, lang.hint) {
				t.Errorf("%q under %v: stderr does not say %q once, with %q:\n%s", tc.args, lang.env, lang.want, lang.hint, errOut)
			}
		}
	}
}

// TestAMistypedDBIsAnErrorAndCreatesNothing: every command, the dashboard
// included, refuses a --db (or GANSUDASH_DB) that does not exist, says how to
// create one, and leaves no file or directory behind.
func TestAMistypedDBIsAnErrorAndCreatesNothing(t *testing.T) {
	good := newDB(t)
	csv := filepath.Join(t.TempDir(), "figures.csv")
	os.WriteFile(csv, []byte("地区,指标,期间,数值,来源\n武威市,人工造林面积,2026年,1,wuwei_2024_review\n"), 0o644)
	for _, args := range [][]string{{}, {"--region", "武威市"}, {"export"}, {"export", "--format", "xlsx", "-o", "x.xlsx"},
		{"report"}, {"import", csv}, {"import", "--dry-run", csv}, {"check"}, {"check", "--upgrade"}, {"backup", "copy.db"},
		{"serve", "--listen", "127.0.0.1:0"}} {
		for _, how := range []string{"--db", store.EnvDB} {
			dir := t.TempDir()
			missing := filepath.Join(dir, "typo", "gansudsah.db")
			env := map[string]string{"LANG": "C.UTF-8"}
			a := append([]string{}, args...)
			for i, s := range a {
				if s == "x.xlsx" || s == "copy.db" {
					a[i] = filepath.Join(dir, s)
				}
			}
			if how == "--db" {
				a = append(a, "--db", missing)
				env[store.EnvDB] = good // --db wins over a GANSUDASH_DB that exists
			} else {
				env[store.EnvDB] = missing
			}
			out, errOut, code := run(t, env, a...)
			want := "数据库 " + missing + " 不存在（由 " + how + " 指定）；新建请用 gansudash init --db " + missing
			if code != ui.ExitFailed || !strings.Contains(errOut, want) {
				t.Errorf("%q with %s: exit %d, stdout %q, stderr %q; want exit 1 and %q", args, how, code, out, errOut, want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("%q with %s left %v behind", args, how, entries)
			}
		}
	}
	_, errOut, _ := run(t, map[string]string{"LANG": "en_US.UTF-8"}, "export", "--db", "/nonexistent/g.db")
	if !strings.Contains(errOut, "database /nonexistent/g.db does not exist (named by --db); to create one, run gansudash init --db /nonexistent/g.db") {
		t.Errorf("in English: %s", errOut)
	}
	_, errOut, _ = run(t, cUTF8, "export", "--db", "/nonexistent/my figures.db")
	if !strings.Contains(errOut, "gansudash init --db '/nonexistent/my figures.db'") {
		t.Errorf("a path with a space is not quoted for the shell: %s", errOut)
	}
}

func TestTheDefaultDatabaseIsStillCreatedOnTheFirstRun(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	want := filepath.Join(data, "gansudash", "gansudash.db")
	// check changes nothing, so it does not create it either.
	if _, _, code := run(t, cUTF8, "check"); code == 0 {
		t.Error("check succeeded without a database")
	}
	if _, err := os.Stat(want); err == nil {
		t.Fatal("check created the default database")
	}
	out, errOut, code := run(t, cUTF8, "export", "--region", "武威市")
	if code != 0 || !strings.Contains(out, "wuwei") {
		t.Fatalf("export on the first run: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(want); err != nil {
		t.Errorf("the first run did not create %s: %v", want, err)
	}
}

func TestInitCreatesAndNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "新", "gansudash.db")
	out, errOut, code := run(t, cUTF8, "init", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "已用内置的默认数据新建数据库 "+db+"：") || !strings.Contains(out, " 条数据，") {
		t.Fatalf("init: exit %d: %s%s", code, out, errOut)
	}
	rep, _, code := run(t, cUTF8, "report", "--db", db, "--region", "兰州市")
	if code != 0 || !strings.Contains(rep, "1809.81亿元") {
		t.Errorf("report on the new database: exit %d\n%s", code, rep)
	}
	before, _ := os.ReadFile(db)
	for _, args := range [][]string{{"init", "--db", db}, {"init", "--db", db, "--empty"}} {
		_, errOut, code = run(t, cUTF8, args...)
		if code != ui.ExitFailed || !strings.Contains(errOut, "数据库 "+db+" 已存在：init 不会覆盖它") {
			t.Errorf("%q on an existing database: exit %d: %s", args, code, errOut)
		}
	}
	_, errOut, _ = run(t, map[string]string{store.EnvDB: db, "LANG": "en_US.UTF-8"}, "init")
	if !strings.Contains(errOut, "database "+db+" already exists: init does not replace it") {
		t.Errorf("init on GANSUDASH_DB that exists, in English: %s", errOut)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("a refused init changed the database")
	}

	empty := filepath.Join(dir, "empty.db")
	out, errOut, code = run(t, map[string]string{store.EnvDB: empty}, "init", "--empty")
	if code != 0 || !strings.Contains(out, "已新建空数据库 "+empty) {
		t.Fatalf("init --empty: exit %d: %s%s", code, out, errOut)
	}
	if _, errOut, code = run(t, cUTF8, "report", "--db", empty); code != 1 || !strings.Contains(errOut, "数据库中还没有数据") {
		t.Errorf("report on the empty database: exit %d: %s", code, errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("init left more than its databases behind: %v", entries)
	}
}

func TestImportSpeaksTheInterfaceLanguage(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("地区,指标,期间,数值,来源\n武威市,人工造林面积,2025年,4x.9,wuwei_2024_review\n"), 0o644)
	warn := filepath.Join(dir, "warn.csv")
	os.WriteFile(warn, []byte("地区,地区中文名,指标,期间,数值,来源,序号\nwuwei,武威,afforestation,2026,1,wuwei_2024_review,1\n"), 0o644)
	env := func(lang map[string]string) map[string]string {
		return map[string]string{store.EnvDB: db, "LANG": lang["LANG"]}
	}
	for _, tc := range []struct {
		env              map[string]string
		args             []string
		code             int
		stdout, stderr   []string
		notOut, notInErr string
	}{
		{env(cUTF8), []string{"import", bad}, 1, nil, []string{bad + ":2:4: 列 数值：“4x.9”不是数字：数字后的“x.9”不是单位",
			"gansudash: 共 1 个问题，涉及 1 行；未导入任何数据：请改正文件后重新导入"}, "", "column"},
		{env(enUS), []string{"import", bad}, 1, nil, []string{bad + `:2:4: column 数值: "4x.9" is not a number`,
			"gansudash: 1 problem in 1 row; nothing was imported"}, "", "列"},
		{env(cUTF8), []string{"import", "--dry-run", warn}, 0, []string{"试导入（未写入任何内容）：将导入 1 条数据（1 个文件）：新增 1，修改 0，未变 0"},
			[]string{"gansudash: 注意：" + warn + ":2:2: 列 地区中文名：填的是“武威”，地区 wuwei 的名称却是“武威市”：保留已存的名称",
				"gansudash: 忽略了 gansudash 不认识的列 " + warn + ": 序号"}, "figures", "warning"},
		{env(cUTF8), []string{"import", warn}, 0, []string{"已导入 1 条数据（1 个文件）：新增 1，修改 0，未变 0"}, nil, "imported", ""},
		{env(enUS), []string{"import", warn}, 0, []string{"imported 1 figures from 1 file(s): 0 added, 0 changed, 1 unchanged"},
			[]string{"gansudash: warning: " + warn + `:2:2: column 地区中文名: "武威", but region wuwei is called "武威市"`}, "已", "注意"},
	} {
		out, errOut, code := run(t, tc.env, tc.args...)
		if code != tc.code {
			t.Errorf("%q %v: exit %d, want %d: %s", tc.args, tc.env["LANG"], code, tc.code, errOut)
		}
		for _, w := range tc.stdout {
			if !strings.Contains(out, w) {
				t.Errorf("%q %v: stdout lacks %q:\n%s", tc.args, tc.env["LANG"], w, out)
			}
		}
		for _, w := range tc.stderr {
			if !strings.Contains(errOut, w) {
				t.Errorf("%q %v: stderr lacks %q:\n%s", tc.args, tc.env["LANG"], w, errOut)
			}
		}
		if tc.notOut != "" && strings.Contains(out, tc.notOut) || tc.notInErr != "" && strings.Contains(errOut, tc.notInErr) {
			t.Errorf("%q %v: the other language shows:\n%s%s", tc.args, tc.env["LANG"], out, errOut)
		}
	}
}

func TestBackupAndCheckSpeakTheInterfaceLanguage(t *testing.T) {
	db := newDB(t)
	copyTo := filepath.Join(t.TempDir(), "copy.db")
	out, errOut, code := run(t, cUTF8, "backup", copyTo, "--db", db)
	if code != 0 || !strings.HasPrefix(out, "已把 "+db+" 备份到 "+copyTo+"（") || !strings.HasSuffix(out, " 字节）\n") {
		t.Errorf("backup: exit %d: %s%s", code, out, errOut)
	}
	out, _, code = run(t, cUTF8, "check", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "正常："+db+" 存有 ") {
		t.Errorf("check: exit %d: %s", code, out)
	}
	out, _, code = run(t, enUS, "check", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "ok: "+db+" holds ") {
		t.Errorf("check in English: exit %d: %s", code, out)
	}
}

func TestCheckProblemsInTheInterfaceLanguage(t *testing.T) {
	db := newDB(t)
	b, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		// A figure whose indicator does not exist.
		c := tx.Bucket([]byte("obs")).Cursor()
		k, v := c.First()
		bad := append([]byte("no_such_indicator"), k[bytes.IndexByte(k, 0):]...)
		return tx.Bucket([]byte("obs")).Put(bad, bytes.Clone(v))
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, cUTF8, "check", "--db", db)
	if code != 1 || !strings.Contains(out, "指标“no_such_indicator”不存在") || strings.Contains(out, "does not exist") ||
		!strings.Contains(errOut, "gansudash: "+db+"：发现 ") {
		t.Errorf("check under C.UTF-8: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = run(t, enUS, "check", "--db", db)
	if code != 1 || !strings.Contains(out, `indicator "no_such_indicator" does not exist`) || !strings.Contains(errOut, "problems found") {
		t.Errorf("check under en_US: exit %d\n%s%s", code, out, errOut)
	}
}
