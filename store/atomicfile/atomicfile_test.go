package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gansudash/gansudash/model"
)

func write(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// leftovers lists the files in dir other than the expected ones.
func leftovers(t *testing.T, dir string, want ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, e := range entries {
		found := false
		for _, w := range want {
			found = found || e.Name() == w
		}
		if !found {
			extra = append(extra, e.Name())
		}
	}
	return extra
}

func TestWriteReplacesOrRefusesAnExistingFileAsAsked(t *testing.T) {
	for _, tc := range []struct {
		name    string
		mode    Mode
		want    string
		wantErr error
	}{
		{"replace", Replace, "new", nil},
		{"no clobber", NoClobber, "old", fs.ErrExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			dest := filepath.Join(dir, "out.csv")
			if err := os.WriteFile(dest, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			err := Write(dest, tc.mode, write("new"))
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Write = %v, want %v", err, tc.wantErr)
			}
			got, _ := os.ReadFile(dest)
			if string(got) != tc.want {
				t.Errorf("the file holds %q, want %q", got, tc.want)
			}
			if extra := leftovers(t, dir, "out.csv"); len(extra) > 0 {
				t.Errorf("left behind %v", extra)
			}
		})
	}
}

func TestAFailedWriteLeavesNothingAndKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "report.csv")
	os.WriteFile(dest, []byte("old"), 0o644)
	boom := errors.New("disk on fire")
	err := Write(dest, Replace, func(w io.Writer) error {
		io.WriteString(w, "half of it")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write = %v, want the writer's error", err)
	}
	if got, _ := os.ReadFile(dest); string(got) != "old" {
		t.Errorf("the old file became %q", got)
	}
	if extra := leftovers(t, dir, "report.csv"); len(extra) > 0 {
		t.Errorf("left behind %v", extra)
	}
}

func TestBuildGivesAPathThatDoesNotExistYetBesideTheDestination(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "gansudash.db")
	err := Build(dest, NoClobber, func(tmp string) error {
		if filepath.Dir(tmp) != dir {
			t.Errorf("temporary file %s is not beside %s", tmp, dest)
		}
		if _, err := os.Stat(tmp); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the temporary path exists already: %v", err)
		}
		return os.WriteFile(tmp, []byte("db"), 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dest); string(got) != "db" {
		t.Errorf("dest holds %q", got)
	}
}

func TestErrorsNameTheDestinationNotTheTemporaryFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing-dir")
	dest := filepath.Join(dir, "out.csv")
	err := Write(dest, Replace, write("x"))
	if err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
	if !strings.Contains(err.Error(), dest) || strings.Contains(err.Error(), ".tmp") {
		t.Errorf("error %q should name %s and no temporary file", err, dest)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v lost its cause", err)
	}
}

func TestErrorsSayThemselvesInChineseAndStayPathErrors(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(dest, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(dest, NoClobber, write("new"))
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != dest || err.Error() != pe.Error() {
		t.Fatalf("%v is not the *fs.PathError it was", err)
	}
	if got, want := model.Localize(err, model.Chinese), "无法创建 "+dest+"：文件已存在"; got != want {
		t.Errorf("Chinese: %q, want %q", got, want)
	}
	if got := model.Localize(err, model.English); got != err.Error() {
		t.Errorf("English: %q, want %q", got, err.Error())
	}
	err = Write(filepath.Join(dir, "missing", "out.csv"), Replace, write("new"))
	if got := model.Localize(err, model.Chinese); !strings.HasPrefix(got, "无法创建 ") || !strings.HasSuffix(got, "：文件或目录不存在") {
		t.Errorf("Chinese: %q", got)
	}
}
