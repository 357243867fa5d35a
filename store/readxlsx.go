package store

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/gansudash/gansudash/model"
)

// readXLSX reads the sheet's rows as displayed in Excel: the text an
// official sees (38.01%, 1,809.81) is the figure as published. Before
// excelize reads anything, the file must be a zip of at most MaxXLSXBytes
// whose parts unpack to at most MaxXLSXUnzipped, and the sheet must declare
// at most MaxXLSXCells cells; the cells actually read are counted too, since a
// declaration can lie.
func readXLSX(in input, sheet string) (*Sheet, error) {
	if err := checkWorkbook(in, sheet); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(in.reader(0), excelize.Options{UnzipSizeLimit: MaxXLSXUnzipped})
	if err != nil {
		return nil, model.Errorf("%s: 无法读取的 XLSX 工作簿：%v", "%s: not a readable XLSX workbook: %v", in.name, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, model.Errorf("%s: 工作簿中没有工作表", "%s: the workbook has no sheets", in.name)
	}
	if sheet == "" {
		sheet = sheets[0]
	} else if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		return nil, model.Errorf("%s: 没有工作表“%s”；现有工作表：%s", "%s: no sheet %q; the sheets are %s", in.name, truncate(sheet),
			model.Text{ZH: strings.Join(sheets, "、"), EN: strings.Join(sheets, ", ")})
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, model.Errorf("%s: 工作表“%s”：%v", "%s: sheet %q: %v", in.name, sheet, err)
	}
	defer rows.Close()
	var t *Sheet
	line, cells := 0, 0
	for rows.Next() {
		line++
		row, err := rows.Columns()
		if err != nil {
			return nil, model.Errorf("%s:%d: %v", "%s:%d: %v", in.name, line, err)
		}
		for len(row) > 0 && strings.TrimSpace(row[len(row)-1]) == "" {
			row = row[:len(row)-1] // formatting alone reaches far to the right
		}
		if cells += len(row); cells > MaxXLSXCells {
			return nil, model.Errorf("%s: 工作表“%s”超过 %d 个单元格，超出 gansudash 的读取上限：请拆分工作表，或另存为 CSV",
				"%s: sheet %q holds more than %d cells; gansudash reads at most that many: split the sheet, or save it as CSV", in.name, sheet, MaxXLSXCells)
		}
		for i, c := range row {
			if i >= MaxColumns {
				return nil, RowError{File: in.name, Line: line, Msg: model.T("有 %d 个单元格；gansudash 最多读取 %d 列：请删除数据右侧的列",
					"%d cells; gansudash reads at most %d columns: delete the columns to the right of the figures", len(row), MaxColumns)}
			}
			if len(c) > MaxCellBytes {
				return nil, RowError{File: in.name, Line: line, Col: i + 1, Msg: model.T("单元格有 %d KB；单元格最多 %d KB", "a cell of %d KB; cells may hold at most %d KB", len(c)>>10, MaxCellBytes>>10)}
			}
		}
		if t == nil {
			if blank(row) {
				continue
			}
			if t, err = NewSheet(in.name, row); err != nil {
				return nil, err
			}
			continue
		}
		t.Rows = append(t.Rows, SheetRow{Line: line, Cells: row})
	}
	if err := rows.Error(); err != nil {
		return nil, model.Errorf("%s: %v", "%s: %v", in.name, err)
	}
	if t == nil {
		return nil, model.Errorf("%s: 工作表“%s”为空：应有表头行", "%s: sheet %q is empty: expected a header row", in.name, sheet)
	}
	if in.closer != nil {
		in.closer.Close()
	}
	return t, nil
}

// checkWorkbook looks at the zip's directory and the sheet's declared
// dimension without unpacking anything but the sheet's first bytes.
func checkWorkbook(in input, sheet string) error {
	if in.size > MaxXLSXBytes {
		return model.Errorf("%s 是 %d MB 的工作簿；gansudash 只读取不超过 %d MB 的工作簿：请另存为 CSV（UTF-8）后导入",
			"%s is a workbook of %d MB; gansudash reads workbooks of up to %d MB: save it as CSV (UTF-8) and import that", in.name, in.size>>20, MaxXLSXBytes>>20)
	}
	magic := make([]byte, 4)
	if _, err := io.ReadFull(in.reader(0), magic); err != nil || !bytes.Equal(magic, []byte("PK\x03\x04")) {
		return model.Errorf("%s: 不是 XLSX 工作簿（XLSX 文件是 zip 压缩包，此文件不是）：请检查文件；如果它是 CSV，请改用 .csv 扩展名",
			"%s: not an XLSX workbook (an XLSX file is a zip archive, and this one is not): check the file, or rename it if it is CSV", in.name)
	}
	zr, err := zip.NewReader(in.r, in.size)
	if err != nil {
		return model.Errorf("%s: 无法读取的 XLSX 工作簿：%v", "%s: not a readable XLSX workbook: %v", in.name, err)
	}
	var total uint64
	var sheets []*zip.File
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if strings.HasPrefix(zf.Name, "xl/worksheets/") && path.Ext(zf.Name) == ".xml" {
			sheets = append(sheets, zf)
		}
	}
	if total > MaxXLSXUnzipped {
		return model.Errorf("%s: 工作簿解压后有 %d MB；gansudash 只读取解压后不超过 %d MB 的工作簿：请将工作表另存为 CSV（UTF-8）后导入",
			"%s: the workbook unpacks to %d MB; gansudash reads workbooks that unpack to at most %d MB: save the sheet as CSV (UTF-8) and import that", in.name, total>>20, MaxXLSXUnzipped>>20)
	}
	for _, zf := range sheets {
		rows, cols, ref, ok := declaredDimension(zf)
		if ok && rows*cols > MaxXLSXCells {
			return model.Errorf("%s: 工作表 %s 声明了 %d 行 × %d 列（%s）；gansudash 最多读取 %d 个单元格：请删除空行和空列，或将工作表另存为 CSV",
				"%s: sheet %s declares %d rows × %d columns (%s); gansudash reads at most %d cells: delete the empty rows and columns, or save the sheet as CSV",
				in.name, path.Base(zf.Name), rows, cols, ref, MaxXLSXCells)
		}
	}
	return nil
}

// declaredDimension reads <dimension ref="A1:XFD1048576"/> from the first
// bytes of a sheet.
func declaredDimension(zf *zip.File) (rows, cols int, ref string, ok bool) {
	rc, err := zf.Open()
	if err != nil {
		return 0, 0, "", false
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, 64<<10))
	for {
		tok, err := dec.Token()
		if err != nil {
			return 0, 0, "", false
		}
		se, isStart := tok.(xml.StartElement)
		if !isStart {
			continue
		}
		switch se.Name.Local {
		case "dimension":
			for _, a := range se.Attr {
				if a.Name.Local == "ref" {
					ref = a.Value
				}
			}
			from, to, found := strings.Cut(ref, ":")
			if !found {
				return 1, 1, ref, true
			}
			c1, r1, err1 := excelize.CellNameToCoordinates(from)
			c2, r2, err2 := excelize.CellNameToCoordinates(to)
			if err1 != nil || err2 != nil {
				return 0, 0, ref, false
			}
			return r2 - r1 + 1, c2 - c1 + 1, ref, true
		case "sheetData":
			return 0, 0, "", false // no dimension before the data
		}
	}
}
