package store

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/gansudash/gansudash/model"
)

// TestStorageOrderIsTheOrderOfTheStoredKeys checks the integer-rank sort
// against the byte order of the keys bbolt stores, on IDs chosen to be
// awkward: prefixes of each other, "_" against ".", empty and Chinese
// subjects, every kind of period.
func TestStorageOrderIsTheOrderOfTheStoredKeys(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	ids := []string{"a", "ab", "a_b", "a.b", "a-b", "abc", "b", "B", "a0", "a9", "z"}
	subjects := []string{"", "项目", "项目A", "A", "项", "Ω", "a b"}
	periods := []model.Period{model.Year(2024), model.Year(2023), model.Half(2024, 1), model.Quarter(2024, 4),
		model.Month(2024, 12), model.Range(2024, 1, 5), model.Month(2100, 1), model.Year(1999)}
	obs := make([]model.Observation, 5000)
	for i := range obs {
		obs[i] = model.Observation{Indicator: ids[rng.Intn(len(ids))], Region: ids[rng.Intn(len(ids))],
			Subject: subjects[rng.Intn(len(subjects))], Period: periods[rng.Intn(len(periods))], Source: ids[rng.Intn(len(ids))]}
	}
	order := storageOrder(obs)
	if len(order) != len(obs) {
		t.Fatalf("%d indices for %d observations", len(order), len(obs))
	}
	seen := make([]bool, len(obs))
	for n := 1; n < len(order); n++ {
		a, b := storageKey(&obs[order[n-1]]), storageKey(&obs[order[n]])
		if c := bytes.Compare(a, b); c > 0 || c == 0 && order[n-1] > order[n] {
			t.Fatalf("position %d: key %q sorts after %q", n, a, b)
		}
		seen[order[n]] = true
	}
	seen[order[0]] = true
	for i, s := range seen {
		if !s {
			t.Fatalf("observation %d is missing from the order", i)
		}
	}
}
