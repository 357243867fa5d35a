package e2e

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// importMeasured runs the real binary's import on file and returns its
// stderr (in English: the messages' words are checked below), exit status,
// peak RSS in MB and wall time.
func importMeasured(t *testing.T, db, file string) (string, int, float64, time.Duration) {
	t.Helper()
	cmd := exec.Command(buildBinary(t), "import", "--db", db, file)
	cmd.Env = append(append(os.Environ(), baseLocale...), enLocale)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	start := time.Now()
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("import of %s still running after a minute", filepath.Base(file))
	}
	took := time.Since(start)
	rss := 0.0
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = float64(ru.Maxrss) / 1024 // kilobytes on Linux
	}
	return errb.String(), cmd.ProcessState.ExitCode(), rss, took
}

// TestHostileInputsFailFastInBoundedMemory feeds import what a careless
// user or an attacker might: files of up to 2 GB, a device, a pipe, a zip
// bomb, one endless line. Each must fail with a clear error naming the limit,
// well within a minute, with a peak RSS under 300 MB, changing nothing.
func TestHostileInputsFailFastInBoundedMemory(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from Linux's rusage")
	}
	dir := t.TempDir()
	db := newDB(t)
	if _, errOut, code := runCmd(t, db, "export", "-o", filepath.Join(dir, "first-run.csv")); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	before := sum(t, db)

	sparse := func(name string) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(2 << 30); err != nil {
			t.Skipf("cannot make a 2 GB sparse file here: %v", err)
		}
		f.Close()
		return p
	}
	cases := []struct {
		name  string
		make  func() string
		wants []string
	}{
		{"a 2 GB sparse CSV", func() string { return sparse("sparse.csv") }, []string{"sparse.csv:1:1", "NUL byte", "binary"}},
		{"a 2 GB sparse JSON", func() string { return sparse("sparse.json") }, []string{"sparse.json:1:1", "NUL byte", "binary"}},
		{"a 2 GB file named .xlsx that is not a zip", func() string { return sparse("sparse.xlsx") }, []string{"sparse.xlsx", "64 MB"}},
		{"a device", func() string { return "/dev/zero" }, []string{"/dev/zero", "device"}},
		{"a named pipe", func() string {
			p := filepath.Join(dir, "fifo.csv")
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			return p
		}, []string{"fifo.csv", "named pipe"}},
		{"one endless line", func() string {
			p := filepath.Join(dir, "endless.csv")
			f, _ := os.Create(p)
			line := bytes.Repeat([]byte("a"), 1<<20)
			for i := 0; i < 256; i++ {
				f.Write(line)
			}
			f.Close()
			return p
		}, []string{"endless.csv:1", "1024 KB"}},
		{"an unterminated quote", func() string {
			p := filepath.Join(dir, "quote.csv")
			var b bytes.Buffer
			b.WriteString("地区,指标,期间,数值,来源\n武威市,\"人工造林面积,2025,1,wuwei_2024_review\n")
			for i := 0; i < 100000; i++ {
				b.WriteString("武威市,人工造林面积,2025,1,wuwei_2024_review\n")
			}
			os.WriteFile(p, b.Bytes(), 0o644)
			return p
		}, []string{"quote.csv:2", "never closed"}},
		{"a zip bomb: a sheet unpacking to 600 MB", func() string {
			return zipBomb(t, filepath.Join(dir, "bomb.xlsx"), "", 600<<20)
		}, []string{"bomb.xlsx", "unpacks to", "512 MB"}},
		{"a sheet declaring A1:XFD1048576", func() string {
			return zipBomb(t, filepath.Join(dir, "declared.xlsx"), "A1:XFD1048576", 1<<20)
		}, []string{"declared.xlsx", "A1:XFD1048576", "1048576 rows × 16384 columns"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := tc.make()
			errOut, code, rss, took := importMeasured(t, db, file)
			t.Logf("%s: exit %d in %v, peak RSS %.0f MB: %s", tc.name, code, took.Round(time.Millisecond), rss, strings.TrimSpace(errOut))
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			for _, w := range tc.wants {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr does not say %q:\n%s", w, errOut)
				}
			}
			if rss > 300 {
				t.Errorf("peak RSS %.0f MB, want under 300 MB", rss)
			}
			if took > 30*time.Second {
				t.Errorf("took %v to refuse it", took)
			}
			if sum(t, db) != before {
				t.Error("the database changed")
			}
		})
	}
}

// zipBomb writes a workbook whose one sheet declares ref (if any) and
// unpacks to about size bytes of rows that compress a thousandfold.
func zipBomb(t *testing.T, path, ref string, size int) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	add := func(name, body string) {
		w, _ := zw.Create(name)
		io.WriteString(w, body)
	}
	add("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	add("xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	io.WriteString(w, `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	if ref != "" {
		io.WriteString(w, `<dimension ref="`+ref+`"/>`)
	}
	io.WriteString(w, `<sheetData>`)
	row := []byte(strings.Repeat(`<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaa</t></is></c></row>`, 1024))
	for n := 0; n < size; n += len(row) {
		w.Write(row)
	}
	io.WriteString(w, `</sheetData></worksheet>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
