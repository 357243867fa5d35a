package store

import (
	"cmp"
	"encoding/binary"
	"slices"

	"github.com/gansudash/gansudash/model"
)

// permute reorders obs (and meta, when as long) in place so that
// obs[n] = old obs[order[n]], following the permutation's cycles: a million
// observations are not copied into a second slice.
func permute(obs []model.Observation, keep []RowMeta, order []int32) {
	withKeep := len(keep) == len(obs)
	for start := range order {
		if order[start] < 0 || int(order[start]) == start {
			continue
		}
		tmpObs := obs[start]
		var tmpKeep RowMeta
		if withKeep {
			tmpKeep = keep[start]
		}
		cur := start
		for {
			next := int(order[cur])
			order[cur] = -1
			if next == start {
				obs[cur] = tmpObs
				if withKeep {
					keep[cur] = tmpKeep
				}
				break
			}
			obs[cur] = obs[next]
			if withKeep {
				keep[cur] = keep[next]
			}
			cur = next
		}
	}
}

// storageOrder returns the indices of obs in storage-key order (indicator,
// region, subject, period, source), stable for equal keys. Each distinct
// string is replaced by its rank among the distinct strings of its part
// (IDs hold no NUL, the key separator and the smallest byte, so ranks order
// exactly as keys do), and a million figures sort on four integers each.
func storageOrder(obs []model.Observation) []int32 {
	rank := func(get func(*model.Observation) string) []uint32 {
		ids := map[string]uint32{}
		for i := range obs {
			ids[get(&obs[i])] = 0
		}
		distinct := make([]string, 0, len(ids))
		for s := range ids {
			distinct = append(distinct, s)
		}
		slices.Sort(distinct)
		for r, s := range distinct {
			ids[s] = uint32(r)
		}
		out := make([]uint32, len(obs))
		for i := range obs {
			out[i] = ids[get(&obs[i])]
		}
		return out
	}
	ind := rank(func(o *model.Observation) string { return o.Indicator })
	reg := rank(func(o *model.Observation) string { return o.Region })
	sub := rank(func(o *model.Observation) string { return o.Subject })
	src := rank(func(o *model.Observation) string { return o.Source })
	type sortKey struct {
		a, b, c, d uint64
		i          int32
	}
	keys := make([]sortKey, len(obs))
	for i := range obs {
		pk := obs[i].Period.Key()
		keys[i] = sortKey{a: uint64(ind[i])<<32 | uint64(reg[i]), b: uint64(sub[i]), c: binary.BigEndian.Uint64(pk[:]), d: uint64(src[i]), i: int32(i)}
	}
	byKey := func(x, y sortKey) int {
		switch {
		case x.a != y.a:
			return cmp.Compare(x.a, y.a)
		case x.b != y.b:
			return cmp.Compare(x.b, y.b)
		case x.c != y.c:
			return cmp.Compare(x.c, y.c)
		case x.d != y.d:
			return cmp.Compare(x.d, y.d)
		}
		return int(x.i - y.i)
	}
	if !slices.IsSortedFunc(keys, byKey) {
		slices.SortFunc(keys, byKey) // the index breaks ties: stable
	}
	order := make([]int32, len(keys))
	for n, k := range keys {
		order[n] = k.i
	}
	return order
}
