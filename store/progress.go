package store

import (
	"github.com/gansudash/gansudash/model"
)

// Progress is how far a long piece of work got: an import, export, check or
// backup. Done and Total count Unit; Total is 0 when unknown.
type Progress struct {
	Step  model.Text // what is being done now: 读取/reading, 写入/writing, ...
	Done  int64
	Total int64
	Unit  ProgressUnit
	// Final marks the last report of the work.
	Final bool
}

// ProgressUnit says what a Progress counts.
type ProgressUnit uint8

// Units of progress.
const (
	ProgressRows  ProgressUnit = iota // rows or figures
	ProgressBytes                     // bytes
)

// ProgressFunc hears progress. It is called from the goroutine doing the
// work, at most every progressEvery rows, so it must be quick; it may be
// nil.
type ProgressFunc func(Progress)

// progressEvery is how many rows pass between two reports.
const progressEvery = 1 << 13

// report calls fn when it is set.
func (fn ProgressFunc) report(step model.Text, done, total int64, unit ProgressUnit) {
	if fn != nil {
		fn(Progress{Step: step, Done: done, Total: total, Unit: unit})
	}
}

// finish reports the end of the work.
func (fn ProgressFunc) finish(step model.Text, done, total int64, unit ProgressUnit) {
	if fn != nil {
		fn(Progress{Step: step, Done: done, Total: total, Unit: unit, Final: true})
	}
}

// Steps of the work, as progress names them.
var (
	stepRead   = model.Text{ZH: "读取", EN: "reading"}
	stepCopy   = model.Text{ZH: "复制", EN: "copying"}
	stepWrite  = model.Text{ZH: "写入", EN: "writing"}
	stepVerify = model.Text{ZH: "校验", EN: "verifying"}
	stepExport = model.Text{ZH: "导出", EN: "exporting"}
	stepCheck  = model.Text{ZH: "检查", EN: "checking"}
	stepBackup = model.Text{ZH: "备份", EN: "backing up"}
)
