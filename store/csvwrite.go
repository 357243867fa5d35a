package store

import (
	"encoding/csv"
	"io"
)

// CSVWriter writes rows as CSV that a spreadsheet opens safely: cells a
// spreadsheet would run as a formula are defused (see DefuseCell) unless raw
// is set. It is the one CSV writer of export, the dashboard's "e" and the
// synthetic data.
type CSVWriter struct {
	w   *csv.Writer
	raw bool
}

// NewCSVWriter writes CSV to w.
func NewCSVWriter(w io.Writer, raw bool) *CSVWriter {
	return &CSVWriter{w: csv.NewWriter(w), raw: raw}
}

// Write writes one row. The cells are defused in place.
func (c *CSVWriter) Write(cells []string) error {
	if !c.raw {
		for i := range cells {
			cells[i] = DefuseCell(cells[i])
		}
	}
	return c.w.Write(cells)
}

// Flush writes what is buffered and reports any error of the rows written.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}
