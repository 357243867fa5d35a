package store

import (
	"os"
	"testing"
)

// TestMain removes the million-figure files the benchmarks build.
func TestMain(m *testing.M) {
	code := m.Run()
	if millionDir != "" {
		os.RemoveAll(millionDir)
	}
	os.Exit(code)
}
