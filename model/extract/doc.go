// Package extract proposes the quantitative figures of an article as rows
// for import: value, unit, qualifier, what it measures, kind, period,
// region, subject and the shortest verbatim fragment that shows it. It is
// pure Go: text in, proposals out; no file or network I/O.
//
// # How it reads
//
// The text is folded for matching only: traditional characters become
// simplified through OpenCC's own t2s table (loaded once, from the tables
// the opencc module embeds), full-width digits become ASCII, pinyin glosses
// pasted from pages (實(shí)現(xiàn)) and line breaks inside a sentence are
// dropped. Every Fragment and Published is cut from the original text, so
// it stays verbatim, and Offset is its byte offset there.
//
// A figure is a number with a unit from a fixed lexicon (亿元, 万亩, 个,
// %, 倍, MW, ...), with its qualifier (多 余 超 近 约 以上 突破), or one of
// the few Chinese-numeral forms that are figures: 七成 (returned as 70 %,
// not 7 成), 五个百分点, 两倍, 百分之三十, 第二位 and 全省第一 (rank), 连续两个
// 季度, and bare magnitudes after a qualifier (近千公里). Numbers without a
// unit, dates, times, phone numbers, codes (3+2, 1+20+3), products
// (2×100), ±800, voltage classes (750千伏), ordinals in names (第三十届),
// thresholds (10亿元以上项目, 百亿级), numbers in a short quoted name
// (“省47条”, 「28条」) and page furniture after the editor's line are not
// figures.
//
// The label is the noun phrase before the number (签约金额44.9亿元), else the
// one after it (15个省列重大项目); a growth rate after a level takes the
// level's label (工业总产值增速). 分别 pairs lists of labels or places with
// lists of figures.
//
// # Periods
//
// Period uses the canonical forms of model.ParsePeriod: 2024, 2025H1,
// 2025Q1, 2024-03, 2025-01/2025-05, a range across years (2024-01/2025-02:
// 2024年以来 in an article of February 2025; 2021-01/2025-12: 十四五时期)
// and a stock as of a month (@2025-02: 截至目前, 现已, 目前). The nearest
// time expression in the figure's sentence decides; else the one opening
// its paragraph; else the part of a year (前三季度, 1—9月, 上半年) that last
// opened a sentence, in the year the text last set, unless it was one of
// two coordinated periods (上半年和三季度均获…); else that year. A stock
// (至目前) opening a later sentence of a paragraph frames that sentence
// only. 今年, 去年, 以来, 目前 and 日前 need the article's date (Article.Date,
// from the byline or --date): without it Period is "" and Review says why.
// Nothing is guessed.
//
// # Regions
//
// The nearest region named in the sentence (full names, or names without
// their suffix when they open a clause before a verb), else the one that
// opened the paragraph, else the article's: from its title or headings, a
// city of Gansu its title names (——平凉强工业行动), Options.DefaultRegion,
// the city whose paper speaks of 我市 or 全市 (据金昌日报报道), or the first
// region its text names. Of two places named one after the other
// (甘肃省武威市), the narrower one counts. A region named inside a list
// closed by 等 is the list items', not the total's. An unknown place
// opening a clause is proposed in RegionNew: a division of Gansu on the
// province's list (model.GansuPlace: 和政县, 积石山县, 临夏州), or a park
// named after a stored region or a division of Gansu
// (民勤红沙岗能源化工工业集中区 with RegionParent minqin, 平凉工业园区 with
// RegionParent 平凉市). Other words ending in 市 or 县 are not places
// (下达市列项目).
package extract
