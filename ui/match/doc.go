// Package match filters rows by what officials type after "/": Chinese
// (招商), English (invest, any case) or pinyin initials (zsyz for 招商引资).
//
// The trap: go-pinyin gives one reading per character, and for polyphonic
// characters it is often the wrong one for a place name (重庆 reads as zq, 长沙
// as zs). Every reading of a polyphonic character counts here, so 长沙 matches
// cs and 重庆 cq.
//
// Imports: go-pinyin only.
package match
