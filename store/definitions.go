package store

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/gansudash/gansudash/model"
)

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
				return nil, model.Errorf("%s:%d:%d: %v：请检查该行的引号", "%s:%d:%d: %v: check the quotes on that line", file, pe.Line, pe.Column, csvCause(pe.Err))
			}
			return nil, model.Errorf("%s: %w", "%s: %w", file, err)
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
		return nil, nil, model.Errorf("%s: 为空", "%s: empty", file)
	}
	header := rows[0].Cells
	for _, req := range required {
		found := false
		for _, h := range header {
			found = found || strings.TrimSpace(h) == req
		}
		if !found {
			return nil, nil, model.Errorf("%s:1: 没有 %s 列", "%s:1: no %s column", file, req)
		}
	}
	var out []map[string]string
	var lines []int
	for _, r := range rows[1:] {
		if len(r.Cells) != len(header) {
			return nil, nil, model.Errorf("%s:%d: 有 %d 个单元格，表头有 %d 个", "%s:%d: %d cells, the header has %d", file, r.Line, len(r.Cells), len(header))
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
