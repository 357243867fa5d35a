package synth

import (
	"math"

	"github.com/gansudash/gansudash/model"
)

// Hashing: every random choice is a hash of the seed and what it is about, so
// a figure does not depend on the order figures are generated in.

type hkey uint64

func mix64(x uint64) uint64 { // splitmix64's finaliser
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func (h hkey) with(v int) hkey {
	return hkey(mix64(uint64(h) ^ (uint64(v)*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019)))
}

// unit is uniform in [0, 1).
func (h hkey) unit() float64 { return float64(uint64(h)>>11) * 0x1p-53 }

// norm is standard normal (Box–Muller).
func (h hkey) norm() float64 {
	u1 := (float64(uint64(h)>>11) + 0.5) * 0x1p-53
	u2 := float64(mix64(uint64(h)+0x9e3779b97f4a7c15)>>11) * 0x1p-53
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}

func (h hkey) intn(n int) int { return int(uint64(h) % uint64(n)) }

// What a hash is about.
const (
	tagRegion = iota + 1
	tagCounty
	tagSubject
	tagIndicator
	tagCover
	tagSeries
	tagInclude
	tagLength
	tagScale
	tagDerived
	tagBase
	tagTrend
	tagYear
	tagPeriod
	tagQual
	tagQualKind
	tagShuffle
	tagDec
)

func periodCode(p model.Period) int {
	return p.Year<<16 | int(p.Kind)<<8 | p.From<<4 | p.To
}
