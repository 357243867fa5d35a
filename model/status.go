package model

// Status says how final a published figure is: a statistics bureau's
// figures are first published as preliminary (初步核算) and later final, and
// a work report states last year's outturn as expected (预计) before the year's
// accounts close. All are kept; the final figure is preferred, and the others
// are labelled wherever they show. (A plan or target is not a status but an
// indicator of kind target: it is never drawn in the actual series.)
type Status uint8

// The statuses, most final first.
const (
	StatusFinal       Status = iota // the default: as published, no caveat
	StatusPreliminary               // 初步核算: to be revised
	StatusExpected                  // 预计: stated before the period's accounts closed
)

var statusNames = nameTable[Status]{
	StatusFinal:       {"final", "最终", "final"},
	StatusPreliminary: {"preliminary", "初步", "preliminary"},
	StatusExpected:    {"expected", "预计", "expected"},
}

// ParseStatus reads a status: empty is final.
func ParseStatus(s string) (Status, error) {
	if s == "" { // most figures: no allocation for them
		return StatusFinal, nil
	}
	return statusNames.parse(s, map[string]Status{"": StatusFinal, "初步核算": StatusPreliminary, "初步数": StatusPreliminary,
		"预计数": StatusExpected, "estimate": StatusExpected, "正式": StatusFinal, "最终核实": StatusFinal},
		T("状态", "status"),
		T("最终（final，或留空）、初步核算（preliminary）或预计（expected）；计划数或目标数应录为类型（kind）为 target 的指标",
			"final (or leave it empty), preliminary (初步核算) or expected (预计); a plan or target is an indicator of kind target"))
}

// String returns the status's identifier; the final status is "".
func (s Status) String() string {
	if s == StatusFinal {
		return ""
	}
	return statusNames.id(s)
}

// Label returns the status's name for a reader ("" for final).
func (s Status) Label(lang Lang) string {
	if s == StatusFinal {
		return ""
	}
	return statusNames.label(s, lang)
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return statusNames.known(s) }

// Short is the status as a table cell shows it after the value: 初步 and
// 预计 in Chinese, prelim. and exp. in English; "" for a final figure.
func (s Status) Short(lang Lang) string {
	switch s {
	case StatusPreliminary:
		return lang.Pick("初步", "prelim.")
	case StatusExpected:
		return lang.Pick("预计", "exp.")
	}
	return ""
}
