package ui

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/ui/cells"
)

// readSheet reads an exported workbook as a spreadsheet program would.
func readSheet(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// column returns the index of a header, failing when it is missing.
func column(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return -1
}

// TestEExportsTheViewsFiguresWithTheirCitations: e writes a workbook a
// spreadsheet opens with the right characters, one row per figure of the
// filtered view, each with its region, indicator and source; the file
// imports back.
func TestEExportsTheViewsFiguresWithTheirCitations(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	m.ctx.ExportDir = t.TempDir()
	press(t, m, "tab") // 招商引资
	press(t, m, append([]string{"/"}, typed("dwzj")...)...)
	press(t, m, "enter", "e")
	s := screen(m)
	if !strings.Contains(s, "已导出（含出处）到 "+m.ctx.ExportDir) {
		t.Fatalf("no export notice:\n%s", s)
	}
	files, _ := filepath.Glob(filepath.Join(m.ctx.ExportDir, "gansudash-overview-wuwei-investment-*.xlsx"))
	if len(files) != 1 {
		t.Fatalf("export files: %v", files)
	}
	rows := readSheet(t, files[0])
	header := rows[0]
	region, ind, title, frag := column(t, header, "地区名称"), column(t, header, "指标名称"), column(t, header, "来源标题"), column(t, header, "原文")
	column(t, header, "发布单位") // the publisher has its column too
	if len(rows) < 1+overviewOf(t, m).table.Len() {
		t.Errorf("the export has %d figures; the filtered view shows %d rows", len(rows)-1, overviewOf(t, m).table.Len())
	}
	found := false
	for _, r := range rows[1:] {
		for len(r) < len(header) {
			r = append(r, "")
		}
		if r[region] == "" || r[ind] == "" || r[title] == "" {
			t.Errorf("a row without its region, indicator or source: %v", r)
		}
		if !strings.Contains(r[ind], "到位资金") {
			t.Errorf("a row outside the filter was exported: %v", r)
		}
		if r[region] == "武威市" && r[ind] == "到位资金" && strings.Contains(r[title], "磁力场") && r[frag] == "到位资金429.49亿元" {
			found = true
		}
	}
	if !found {
		t.Errorf("武威市 到位资金 429.49亿元 is not exported with its source and fragment:\n%v", rows)
	}
	// The file imports back: every column import needs is there.
	db := filepath.Join(t.TempDir(), "back.db")
	if _, err := store.EnsureDefault(db); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Import(db, files, store.ImportOptions{DryRun: true}); err != nil {
		t.Errorf("the exported workbook does not import back: %v", err)
	}
	// The detail screen exports its whole series, derived figures with
	// their derivation.
	press(t, m, "enter", "e")
	files, _ = filepath.Glob(filepath.Join(m.ctx.ExportDir, "gansudash-series-*.xlsx"))
	if len(files) != 1 {
		t.Fatalf("series export files: %v", files)
	}
	rows = readSheet(t, files[0])
	all := fmt.Sprint(rows)
	for _, want := range []string{"429.49", "429.49/(1+50.38/100)", "到位资金增速"} {
		if !strings.Contains(all, want) {
			t.Errorf("series export lacks %q:\n%v", want, rows)
		}
	}
}

// TestTheSourcesListExportsAsCSVWithABOM: a page without figures writes
// its table as CSV that Excel on Chinese Windows reads as UTF-8.
func TestTheSourcesListExportsAsCSVWithABOM(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	m.ctx.ExportDir = t.TempDir()
	press(t, m, "3", "e")
	files, _ := filepath.Glob(filepath.Join(m.ctx.ExportDir, "gansudash-sources-*.csv"))
	if len(files) != 1 {
		t.Fatalf("export files: %v\n%s", files, screen(m))
	}
	data, _ := os.ReadFile(files[0])
	if !bytes.HasPrefix(data, []byte("\ufeff标题,")) {
		t.Errorf("the CSV does not start with a BOM and its header: %q", data[:min(len(data), 40)])
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) < 10 || !strings.Contains(fmt.Sprint(rows), "兰州日报") {
		t.Errorf("sources CSV (%v): %v", err, rows)
	}
}

func TestENeverWritesWhenExportIsOff(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	m.ctx.NoExport = true
	dir := t.TempDir()
	m.ctx.ExportDir = dir
	press(t, m, "e")
	if !strings.Contains(screen(m), "不能写文件") {
		t.Errorf("no refusal notice:\n%s", screen(m))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Error("a file was written although export is off")
	}
}

var osc52RE = regexp.MustCompile("\x1b\\]52;c;([A-Za-z0-9+/=]*)\x07")

// copyKey presses y and delivers what its command reads, without the tick
// that ends the sequence.
func copyKey(t *testing.T, m *Model) string {
	t.Helper()
	_, cmd := m.Update(keyMsg("y"))
	if cmd == nil {
		t.Fatal("y returned no command")
	}
	m.Update(cmd())
	frame := screen(m)
	match := osc52RE.FindStringSubmatch(frame)
	if match == nil {
		t.Fatalf("no OSC 52 sequence in the frame:\n%s", frame)
	}
	text, err := base64.StdEncoding.DecodeString(match[1])
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

func TestYCopiesTheFigureWithItsCitationThroughOSC52(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	text := copyKey(t, m)
	for _, want := range []string{"地区\t指标\t对象\t期间\t数值\t单位", "武威市\t到位资金\t\t2023年\t429.49亿元\t亿元",
		"打造“磁力场”", "到位资金429.49亿元", "到位资金增速"} {
		if !strings.Contains(text, want) {
			t.Errorf("copied text lacks %q:\n%s", want, text)
		}
	}
	frame := screen(m)
	checkFrame(t, "frame with OSC 52", frame, 100, 30)
	// Whether the terminal acted on it cannot be known: "sent", not "copied".
	if !strings.Contains(frame, "已发送") || strings.Contains(frame, "已复制") {
		t.Errorf("the notice must say the text was sent:\n%s", frame)
	}
	send(t, m, clipboardDoneMsg{})
	if osc52RE.MatchString(screen(m)) {
		t.Error("the clipboard sequence stays in the frames")
	}
	// Y shows the copied text to select by hand.
	press(t, m, "Y")
	if s := screen(m); !strings.Contains(s, "429.49亿元") || !strings.Contains(s, "复制的内容") {
		t.Errorf("Y does not show the copied text:\n%s", s)
	}
	press(t, m, "esc", "enter") // the detail screen copies the whole series
	text = copyKey(t, m)
	if strings.Count(text, "\n") < 4 || !strings.Contains(text, "429.49/(1+50.38/100)") || !strings.Contains(text, "武威市\t到位资金") {
		t.Errorf("series copy:\n%s", text)
	}
	// An event copies its figures with their source.
	press(t, m, "2")
	text = copyKey(t, m)
	if !strings.Contains(text, "签约金额") || !strings.Contains(text, "凝心聚力谱新篇") || !strings.Contains(text, "武威市") {
		t.Errorf("event copy:\n%s", text)
	}
}

func TestReportIsPlainTextWithEveryRowAndItsSources(t *testing.T) {
	v := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30).ctx.Data
	var buf bytes.Buffer
	err := Report(&buf, v, ReportOptions{Region: "tongwei_industrial_zone", Width: 90, Lang: model.Chinese, Renderer: plainRenderer()})
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"甘肃省 › 定西市 › 通渭县 › 通渭工业集中区", "工业", "工业总产值", "16.7亿元", "▲26.5% 公布", "来源（最新数据）", "定西日报 · 2025-03-05"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsRune(out, '\x1b') {
		t.Error("a report for a file or pipe carries escape sequences")
	}
	if strings.Contains(out, "▸") {
		t.Error("a printed report marks a selected row")
	}
	for _, line := range strings.Split(out, "\n") {
		if w := cells.Width(line); w > 90 {
			t.Errorf("line is %d cells, wider than 90: %q", w, line)
		}
	}
}
