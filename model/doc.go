// Package model is gansudash's domain: regions and their tree, indicators,
// periods, values as published (with their qualifiers 多, 余, 超, 近, 以上, 约),
// units and their exact conversions, observations, series and the arithmetic
// on them (the latest figure, the comparable period a year earlier, growth
// computed from two levels versus growth as published, derived values and
// the formulas they were derived by).
//
// It owns the rules a figure obeys, not how figures are stored or shown.
//
// Imports: the standard library only. No storage, no terminal, no I/O: every
// function here can be read and tested alone, and store/ and ui/ both build
// on it.
package model
