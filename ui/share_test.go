package ui

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/ui/cells"
)

func TestEExportsTheCurrentViewAsCSVAndShowsThePath(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	m.ctx.ExportDir = t.TempDir()
	press(t, m, append([]string{"/"}, typed("dwzj")...)...)
	press(t, m, "enter", "e")
	s := screen(m)
	if !strings.Contains(s, "已导出到 "+m.ctx.ExportDir) {
		t.Fatalf("no export notice:\n%s", s)
	}
	files, _ := filepath.Glob(filepath.Join(m.ctx.ExportDir, "gansudash-overview-wuwei-investment-*.csv"))
	if len(files) != 1 {
		t.Fatalf("export files: %v", files)
	}
	data, _ := os.ReadFile(files[0])
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+overviewOf(t, m).table.Len() || rows[0][0] != "指标" {
		t.Errorf("the export has %d rows (header %v); the filtered view shows %d", len(rows), rows[0], overviewOf(t, m).table.Len())
	}
	for _, r := range rows[1:] {
		if !strings.Contains(r[0], "到位资金") {
			t.Errorf("a row outside the filter was exported: %v", r)
		}
	}
	// The detail screen exports its series in the import format.
	press(t, m, "enter", "e")
	files, _ = filepath.Glob(filepath.Join(m.ctx.ExportDir, "gansudash-series-*.csv"))
	if len(files) != 1 {
		t.Fatalf("series export files: %v", files)
	}
	data, _ = os.ReadFile(files[0])
	if !strings.HasPrefix(string(data), "region,region_zh,") || !strings.Contains(string(data), "429.49") {
		t.Errorf("series export:\n%s", data)
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

func TestYCopiesTheRowWithItsCitationThroughOSC52(t *testing.T) {
	m := newTestModel(t, defaultDB(t), model.Chinese, false, 100, 30)
	m.Update(keyMsg("y")) // not send: it would also run the tick that ends the sequence
	frame := screen(m)
	match := osc52RE.FindStringSubmatch(frame)
	if match == nil {
		t.Fatalf("no OSC 52 sequence in the frame")
	}
	text, err := base64.StdEncoding.DecodeString(match[1])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"到位资金\t2023年\t429.49亿元", "来源：《打造“磁力场”", "原文：“到位资金429.49亿元”"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("copied text lacks %q:\n%s", want, text)
		}
	}
	checkFrame(t, "frame with OSC 52", frame, 100, 30)
	if !strings.Contains(frame, "已复制") {
		t.Errorf("no copy notice")
	}
	send(t, m, clipboardDoneMsg{})
	if osc52RE.MatchString(screen(m)) {
		t.Error("the clipboard sequence stays in the frames")
	}
	press(t, m, "enter") // the detail screen copies the whole series
	m.Update(keyMsg("y"))
	text, _ = base64.StdEncoding.DecodeString(osc52RE.FindStringSubmatch(screen(m))[1])
	if strings.Count(string(text), "\n") != 3 || !strings.Contains(string(text), "429.49/(1+50.38/100)") {
		t.Errorf("series copy:\n%s", text)
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
