package cli

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gansudash/gansudash/store"
)

// seed is a seed article of the score test, kept in the repository.
func seed(name string) string {
	return filepath.Join("..", "..", "model", "extract", "testdata", "seeds", name)
}

// runZH runs a command line in process under a Chinese locale.
func runZH(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return run(t, zhCN, args...)
}

func readRows(t *testing.T, path string) []map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// TestExtractASeedThenImportIt is the done-when: extract a seed
// article to a CSV and import it as it is; the rows a person must check
// first go beside it, each with why, and import --create takes them once
// checked, refusing exactly the ones whose review column says so.
func TestExtractASeedThenImportIt(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t)
	p := filepath.Join(dir, "p.csv")
	check := filepath.Join(dir, "p.review.csv")
	before, _ := os.ReadFile(db)
	_, errOut, code := runZH(t, "--db", db, "extract", seed("004_0571bf3fa009453b.txt"), "-o", p)
	if code != 0 {
		t.Fatalf("extract: %d %s", code, errOut)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("extract changed the database; it must only read it")
	}
	if _, _, code := runZH(t, "--db", filepath.Join(dir, "typo.db"), "extract", seed("004_0571bf3fa009453b.txt"), "-o", p); code != 1 {
		t.Errorf("extract with a --db that does not exist: exit %d, want 1", code)
	}
	if !strings.Contains(errOut, "提出 36 个数据") || !strings.Contains(errOut, "p.review.csv") {
		t.Errorf("summary: %s", errOut)
	}
	rows := readRows(t, p)
	var gio map[string]string
	for _, r := range rows {
		if r["review"] != "" || r["indicator_zh"] != "" || r["region_zh"] != "" {
			t.Errorf("a row that needs a person is in the file to import as it is: %v", r)
		}
		if r["fragment"] == "完成工业总产值16.7亿元" {
			gio = r
		}
	}
	if gio == nil || gio["indicator"] != "gross_industrial_output" || gio["value"] != "16.7" || gio["period"] != "2024" ||
		gio["region"] != "tongwei_industrial_zone" || gio["source"] != "tongwei_2024_zone" {
		t.Fatalf("工业总产值 16.7亿元: %v", gio)
	}
	toCheck := readRows(t, check)
	if len(rows)+len(toCheck) != 36 || len(toCheck) == 0 {
		t.Fatalf("%d rows to import and %d to check; the article has 36 figures", len(rows), len(toCheck))
	}

	// extract -o p.csv && import p.csv: the chain works as it is.
	for _, args := range [][]string{{"import", "--dry-run", p}, {"import", p}} {
		out, errOut, code := runZH(t, append([]string{"--db", db}, args...)...)
		if code != 0 {
			t.Fatalf("%v: %d\n%s%s", args, code, out, errOut)
		}
	}
	// The rows to check: import --create refuses exactly those whose review
	// column says what a person must do, and creates the others.
	_, errOut, code = runZH(t, "--db", db, "import", "--dry-run", "--create", check)
	flagged := 0
	for i, r := range toCheck {
		if r["review"] == "" {
			continue
		}
		flagged++
		// A problem on many rows is listed once: "(on 3 rows: lines 14, 19, 21)".
		// In Chinese: "（共 3 行：第 5、10、12 行）".
		if !regexp.MustCompile(`p\.review\.csv:` + strconv.Itoa(i+2) + `:|第[ 0-9、]*\b` + strconv.Itoa(i+2) + `\b`).MatchString(errOut) {
			t.Errorf("row %d (%s) needs a person but import does not refuse it:\n%s", i+2, r["review"], errOut)
		}
	}
	if flagged == 0 || code != 1 {
		t.Fatalf("%d rows flagged for a person; import --create exit %d:\n%s", flagged, code, errOut)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(store.ProposalColumns)
	for _, r := range toCheck {
		if r["review"] == "" {
			rec := make([]string, len(store.ProposalColumns))
			for i, c := range store.ProposalColumns {
				rec[i] = r[c]
			}
			w.Write(rec)
		}
	}
	w.Flush()
	ok := filepath.Join(dir, "checked.csv")
	os.WriteFile(ok, b.Bytes(), 0o600)
	out, errOut, code := runZH(t, "--db", db, "import", "--create", ok)
	if code != 0 || !strings.Contains(out, "已导入") || !strings.Contains(out, "新建") {
		t.Fatalf("import --create of the checked rows: %d\n%s%s", code, out, errOut)
	}
	// The default dataset has 工业总产值 already; 投入科研经费 is new.
	out, _, code = runZH(t, "--db", db, "export", "--region", "tongwei_industrial_zone")
	if code != 0 || !strings.Contains(out, "投入科研经费1.12亿元") || !strings.Contains(out, "完成工业总产值16.7亿元") {
		t.Errorf("export after the import lacks the figures:\n%s", out)
	}
	// A second run that needs no check leaves no stale file to check.
	os.WriteFile(check, []byte("stale"), 0o600)
	one := filepath.Join(dir, "one.txt")
	os.WriteFile(one, []byte("通渭工业集中区2024年完成工业总产值16.7亿元。\n"), 0o600)
	runZH(t, "--db", db, "extract", "--title", "测试", "--date", "2025-03-05", one, "-o", p)
	if data, err := os.ReadFile(check); err == nil && string(data) == "stale" {
		t.Error("a stale file of rows to check survived a run that wrote none")
	}
}

// TestExtractRefusesBadInputsAndWritesNothing: an empty file, a binary
// file, one over the size limit and a broken .docx each fail with an error
// that names the file, and -o is neither created nor changed, even when
// the bad file comes after a good one.
func TestExtractRefusesBadInputsAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := filepath.Join(dir, "big.txt")
	f, _ := os.Create(big)
	f.Truncate(store.MaxArticleBytes + 1)
	f.Close()
	bin := make([]byte, 4096)
	for i := range bin {
		bin[i] = byte(i * 7)
	}
	cases := map[string]string{
		write("empty.txt", nil):  "为空",
		write("binary.txt", bin): "NUL",
		big:                      "MB",
		write("broken.docx", []byte("PK\x03\x04junk")): ".docx",
		write("notzip.docx", []byte("plain text")):     "zip",
	}
	good := seed("004_0571bf3fa009453b.txt")
	existing := write("old.csv", []byte("keep me\n"))
	for file, want := range cases {
		for _, out := range []string{filepath.Join(dir, "new.csv"), existing} {
			stdout, errOut, code := runZH(t, "--db", newDB(t), "extract", good, file, "-o", out)
			if code != 1 || !strings.Contains(errOut, filepath.Base(file)) || !strings.Contains(errOut, want) || stdout != "" {
				t.Errorf("%s: exit %d, stderr %q, want %q", filepath.Base(file), code, errOut, want)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "new.csv")); err == nil {
			t.Errorf("%s: -o was written", filepath.Base(file))
		}
		if data, _ := os.ReadFile(existing); string(data) != "keep me\n" {
			t.Errorf("%s: the existing -o file changed", filepath.Base(file))
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") || strings.Contains(e.Name(), ".tmp") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestExtractToStandardOutputIsSanitised: an article carrying escape
// sequences (a colour change, an OSC 52 clipboard write) prints none.
func TestExtractToStandardOutputIsSanitised(t *testing.T) {
	dir := t.TempDir()
	art := filepath.Join(dir, "a.txt")
	// Three control characters in a few kilobytes of text: not binary,
	// so the article is read, escapes and all.
	filler := strings.Repeat("武威市持续优化营商环境，大力推进招商引资工作。\n", 80)
	os.WriteFile(art, []byte("武威市招商\n\n2024年,武威市签约项目\x1b]52;c;ZWNobyBwd25lZA==\x07 25项,到位资金\x1b[31m44.9亿元。\n"+filler), 0o600)
	out, errOut, code := runZH(t, "--db", newDB(t), "extract", art, "--title", "测试")
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("an escape sequence reached standard output: %q", out)
	}
	if !strings.Contains(out, "44.9") || !strings.Contains(out, "␛") {
		t.Errorf("the figures or the visible escape are missing: %q", out)
	}
}

// TestExtractFlagsCiteTheArticle: --title, --publisher, --date, --url cite
// it, --date dates 今年, --region places what names no place; a bad flag
// value is a usage error.
func TestExtractFlagsCiteTheArticle(t *testing.T) {
	dir := t.TempDir()
	art := filepath.Join(dir, "a.txt")
	os.WriteFile(art, []byte("今年以来,签约项目25项,签约金额44.9亿元。\n"), 0o600)
	out, errOut, code := runZH(t, "--db", newDB(t), "extract", art, "--title", "某报道", "--publisher", "武威日报",
		"--date", "2025-06-30", "--url", "https://example.org/a", "--region", "武威市")
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("%v %q", err, out)
	}
	r := map[string]string{}
	for i, h := range rows[1] {
		r[rows[0][i]] = h
	}
	for k, v := range map[string]string{"source_title": "某报道", "source_publisher": "武威日报", "source_date": "2025-06-30",
		"source_url": "https://example.org/a", "region": "wuwei", "period": "2025-01/2025-06"} {
		if r[k] != v {
			t.Errorf("%s = %q, want %q", k, r[k], v)
		}
	}
	for _, bad := range [][]string{{"--date", "2025-13-40"}, {"--region", "火星"}, {"--review", "-o", "x.csv"}, {"--dir", "x"}} {
		_, errOut, code := runZH(t, append([]string{"--db", newDB(t), "extract", art}, bad...)...)
		if code != 2 {
			t.Errorf("%v: exit %d, %s", bad, code, errOut)
		}
	}
	if _, _, code := runZH(t, "extract"); code != 2 {
		t.Errorf("no file: exit %d", code)
	}
}

// TestOpenCCsGlobalFlagDoesNotLeak: the opencc module registers -dir on
// the standard flag package; cobra must neither show nor accept it.
func TestOpenCCsGlobalFlagDoesNotLeak(t *testing.T) {
	out, _, code := runZH(t, "extract", "--help")
	if code != 0 || !strings.Contains(out, "--review") {
		t.Fatalf("extract --help: %d %s", code, out)
	}
	if strings.Contains(out, "dict dir") || strings.Contains(out, "-dir") {
		t.Errorf("opencc's -dir flag shows in the help:\n%s", out)
	}
}
