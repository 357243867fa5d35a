package store

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/gansudash/gansudash/model"
)

// readEverything does what the dashboard, export and check do with a file:
// open it read-only and read every part of it.
func readEverything(path string) error {
	db, err := Open(path, OpenOptions{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	err = db.View(func(s *Snapshot) error {
		c, err := s.Catalog()
		if err != nil {
			return err
		}
		for _, r := range c.Regions {
			for _, cat := range model.Categories {
				if _, err := s.RegionSummaries(r.ID, cat); err != nil {
					return err
				}
			}
		}
		return s.ForEachObservation(func(*model.Observation) error { return nil })
	})
	if err != nil {
		return err
	}
	rep, err := db.Check()
	if err == nil && len(rep.Problems) > 0 {
		err = fmt.Errorf("check: %s", rep.Problems[0])
	}
	return err
}

// TestATruncatedDatabaseNeverCrashes cuts the file at every page boundary:
// each cut must give a clear error (or, where only free pages were cut, the
// figures), never a crash, and leave the file as it was.
func TestATruncatedDatabaseNeverCrashes(t *testing.T) {
	src := newDefaultDB(t)
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	failures := 0
	for size := 0; size < len(data); size += 4096 {
		path := filepath.Join(dir, "cut.db")
		if err := os.WriteFile(path, data[:size], 0o600); err != nil {
			t.Fatal(err)
		}
		before := fileHash(t, path)
		if err := readEverything(path); err != nil {
			failures++
		}
		if fileHash(t, path) != before {
			t.Fatalf("reading a file cut at %d bytes modified it", size)
		}
	}
	if failures == 0 {
		t.Error("no cut was noticed: the test did not test anything")
	}
}

// corruptions is how many damaged files TestACorruptedDatabaseNeverCrashes
// tries; GANSUDASH_CORRUPTIONS raises it for a long run.
var corruptions = func() int {
	if n, err := strconv.Atoi(os.Getenv("GANSUDASH_CORRUPTIONS")); err == nil && n > 0 {
		return n
	}
	return 200
}()

// TestACorruptedDatabaseNeverCrashes overwrites pages with garbage (a fixed
// seed, so a failure reproduces): errors are fine, crashes and hangs are not.
func TestACorruptedDatabaseNeverCrashes(t *testing.T) {
	src := newDefaultDB(t)
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(7))
	dir := t.TempDir()
	damaged := 0
	for i := 0; i < corruptions; i++ {
		bad := append([]byte(nil), data...)
		page := rng.Intn(len(bad) / 4096)
		off := page*4096 + rng.Intn(4096-64)
		n := 1 + rng.Intn(64)
		for j := 0; j < n; j++ {
			bad[off+j] = byte(rng.Intn(256))
		}
		path := filepath.Join(dir, "bad.db")
		os.WriteFile(path, bad, 0o600)
		done := make(chan error, 1)
		go func() { done <- readEverything(path) }()
		select {
		case err := <-done:
			if err != nil {
				damaged++
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("reading a file corrupted at page %d offset %d hung", page, off)
		}
	}
	t.Logf("%d corruptions: %d noticed (open, read or check), the rest hit bytes nothing can tell apart from data", corruptions, damaged)
	if damaged == 0 {
		t.Error("no corruption was noticed")
	}
}
