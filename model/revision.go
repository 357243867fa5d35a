package model

import "time"

// Revision is a value of a figure that a later import replaced: the figure
// as it was, and when and by which file it was replaced. Nothing an import
// replaces is lost.
type Revision struct {
	Old        Observation
	ReplacedAt time.Time
	ReplacedBy string // the file whose value replaced it
}
