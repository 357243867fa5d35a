// Package synth generates deterministic synthetic figures for benchmarks
// and comparisons, of any number (a million by default, ten million in the
// national shape of National: 3,001 regions): the province of Gansu, its
// cities and synthetic counties,
// indicators of every category and kind, yearly, monthly, cumulative and
// quarterly periods, approximate and derived figures, every source marked as
// synthetic.
//
// Only tests, benchmarks and the comparison scripts under
// store/testdata/compare use it; nothing of it is linked into the gansudash
// binary.
//
// Imports: model and store (its Batch, Create and CSV format).
package synth
