package store

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ReadCSV reads a figures table from CSV text. The first record is the
// header; a UTF-8 byte-order mark is dropped. Rows remember their line.
func ReadCSV(file string, data []byte) (*Sheet, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	records, err := readRecords(file, data)
	if err != nil {
		return nil, err
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("%s: the file is empty: expected a header row (region,indicator,period,value,...)", file)
	}
	t, err := NewSheet(file, records[0].Cells)
	if err != nil {
		return nil, err
	}
	t.Rows = records[1:]
	return t, nil
}

// readRecords splits CSV text into records with their starting line.
func readRecords(file string, data []byte) ([]SheetRow, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	var rows []SheetRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s:%d:%d: %v: check the quotes on that line", file, pe.Line, pe.Column, pe.Err)
			}
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, SheetRow{Line: line, Cells: rec})
	}
}

// readSimpleCSV reads a small definitions file (regions, sources) into maps
// keyed by header, with each row's line.
func readSimpleCSV(file string, data []byte, required ...string) ([]map[string]string, []int, error) {
	rows, err := readRecords(file, bytes.TrimPrefix(data, []byte("\ufeff")))
	if err != nil {
		return nil, nil, err
	}
	if len(rows) == 0 {
		return nil, nil, fmt.Errorf("%s: empty", file)
	}
	header := rows[0].Cells
	for _, req := range required {
		found := false
		for _, h := range header {
			found = found || strings.TrimSpace(h) == req
		}
		if !found {
			return nil, nil, fmt.Errorf("%s:1: no %s column", file, req)
		}
	}
	var out []map[string]string
	var lines []int
	for _, r := range rows[1:] {
		if len(r.Cells) != len(header) {
			return nil, nil, fmt.Errorf("%s:%d: %d cells, the header has %d", file, r.Line, len(r.Cells), len(header))
		}
		m := map[string]string{}
		for i, h := range header {
			m[strings.TrimSpace(h)] = strings.TrimSpace(r.Cells[i])
		}
		out = append(out, m)
		lines = append(lines, r.Line)
	}
	return out, lines, nil
}

// readError turns an error from reading a file into a RowError with the
// position the CSV parser gave.
func readError(file string, err error) RowError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return RowError{File: file, Line: pe.Line, Msg: fmt.Sprintf("column %d: %v: check the quotes on that line", pe.Column, pe.Err)}
	}
	return RowError{File: file, Line: 1, Msg: err.Error()}
}

// streamChunk is how many rows the CSV reader hands over at a time.
const streamChunk = 2048

// streamCSV reads the header now and the rows later, on demand: the reader
// runs on its own goroutine, a few thousand rows ahead of whoever consumes
// them, so parsing and resolving a large file use both cores and rows are
// dropped as soon as they are resolved.
func streamCSV(file string, data []byte) (*Sheet, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	return streamCSVFrom(file, bytes.NewReader(data), bytes.Count(data, []byte("\n")), nil)
}

// streamCSVFrom is streamCSV reading from r (a BOM already skipped);
// closer, when given, is closed once the rows have been read.
func streamCSVFrom(file string, r io.Reader, rowsHint int, closer io.Closer) (*Sheet, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: the file is empty: expected a header row (region,indicator,period,value,...)", file)
	}
	if err != nil {
		return nil, readError(file, err)
	}
	t, err := NewSheet(file, header)
	if err != nil {
		return nil, err
	}
	t.rowsHint = rowsHint
	t.closer = closer
	t.stream = func(yield func([]SheetRow)) error {
		defer t.Close()
		chunks := make(chan []SheetRow, 4)
		errc := make(chan error, 1)
		done := make(chan struct{})
		defer close(done)
		go func() {
			defer close(chunks)
			chunk := make([]SheetRow, 0, streamChunk)
			for {
				rec, err := cr.Read()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					errc <- err
					return
				}
				line, _ := cr.FieldPos(0)
				chunk = append(chunk, SheetRow{Line: line, Cells: rec})
				if len(chunk) == streamChunk {
					select {
					case chunks <- chunk:
					case <-done:
						return
					}
					chunk = make([]SheetRow, 0, streamChunk)
				}
			}
			if len(chunk) > 0 {
				select {
				case chunks <- chunk:
				case <-done:
				}
			}
		}()
		for chunk := range chunks {
			yield(chunk)
		}
		select {
		case err := <-errc:
			return err
		default:
			return nil
		}
	}
	return t, nil
}
