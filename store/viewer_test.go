package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gansudash/gansudash/model"
)

func TestTheViewerReleasesTheFileSoWritersNeverWaitLong(t *testing.T) {
	path := newDefaultDB(t)
	v, err := OpenViewer(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if _, err := v.RegionSummaries("wuwei", model.CategoryInvestment); err != nil {
		t.Fatal(err)
	}
	// Right after a query the file may still be open; within Linger it is not.
	time.Sleep(Linger + 50*time.Millisecond)
	w, err := Open(path, OpenOptions{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("a writer could not open the file after the viewer's query: %v", err)
	}
	w.Close()
}

func TestRefreshReportsAChangeEvenWhenAQuerySawItFirst(t *testing.T) {
	path := newDefaultDB(t)
	v, err := OpenViewer(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if changed, _ := v.Refresh(); changed {
		t.Fatal("Refresh reported a change before any write")
	}
	time.Sleep(Linger + 50*time.Millisecond)
	file := filepath.Join(t.TempDir(), "a.csv")
	writeFile(t, filepath.Dir(file), "a.csv", []byte("region,indicator,period,value,source\nwuwei,afforestation,2025,22,wuwei_2024_review\n"))
	if _, err := Import(path, []string{file}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	// A query reads the new generation before the refresh tick does.
	sums, err := v.RegionSummaries("wuwei", model.CategoryDesertification)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range sums {
		found = found || s.Key.Indicator == "afforestation" && s.Latest.Period == model.Year(2025)
	}
	if !found {
		t.Error("the query did not see the import")
	}
	if changed, err := v.Refresh(); !changed || err != nil {
		t.Errorf("Refresh = %v, %v: the change must still be reported so every page reloads", changed, err)
	}
	if changed, _ := v.Refresh(); changed {
		t.Error("the same change was reported twice")
	}
}

func TestRefreshWhileAnImportHoldsTheLockIsNotAnError(t *testing.T) {
	path := newDefaultDB(t)
	v, err := OpenViewer(path, 50*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	time.Sleep(Linger + 50*time.Millisecond)
	w := mustOpen(t, path, OpenOptions{})
	// Touch the file so the stamp differs, as a write in progress would.
	now := time.Now().Add(time.Second)
	if err := chtimes(path, now); err != nil {
		t.Fatal(err)
	}
	changed, err := v.Refresh()
	w.Close()
	if changed || err != nil {
		t.Errorf("Refresh during a write = %v, %v; want no change and no error", changed, err)
	}
	if _, err := v.IndicatorSummaries("afforestation"); err != nil && !errors.Is(err, ErrLocked) {
		t.Errorf("query after the write: %v", err)
	}
}

func chtimes(path string, t time.Time) error { return os.Chtimes(path, t, t) }
