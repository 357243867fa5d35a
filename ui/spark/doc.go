// Package spark draws one-line sparklines and horizontal bars, in Unicode
// blocks or, for consoles and fonts without them, in ASCII.
//
// Sparklines scale between the series' own minimum and maximum: a chart
// library that scales from zero and clamps negatives to zero (ntcharts'
// sparkline does) is fine for amounts but wrong for growth rates.
//
// Imports: the standard library only.
package spark
