package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/model/extract"
	"github.com/gansudash/gansudash/store"
	"github.com/gansudash/gansudash/store/atomicfile"
	"github.com/gansudash/gansudash/ui"
	"github.com/gansudash/gansudash/ui/sanitize"
)

// extractFlags are the flags of gansudash extract.
type extractFlags struct {
	out                         string
	review, ascii               bool
	region                      string
	title, publisher, date, url string
	threshold                   float64
}

func (a *app) extractCommand() *cobra.Command {
	var fl extractFlags
	cmd := &cobra.Command{
		Use:   a.t("extract 文件...", "extract FILE..."),
		Short: a.t("从文章中提出数据，写成 import 读取的行，或逐条审核后导入", "propose the figures of articles as rows import reads, or review and import them"),
		Long: a.t(`读取文章（UTF-8 或 GB18030 文本、保存的网页、.docx），提出其中每个数据：数值、单位、约数写法、
所衡量的指标（有相符的已有指标则用之）、类型、期间、地区、对象，以及显示该数据的原文摘录。每行是
import 读取的列，另加 confidence（把握）、review（须人工核对的原因）和 sentence（所在句子），import 忽略这三列。

用 -o 文件.csv 时，可直接导入的行（已有指标、已有地区、无须核对）写入该文件，须先核对的行（新指标或新地区、
期间不明等）写入旁边的 文件.review.csv，核对后用 import --create 导入。不读取 PDF：请把网页另存为 HTML、
把正文复制为 .txt 文件，或先用 pdftotext 转换。

--review 则在文章旁逐条审核（仅本终端，不经 SSH）：a 接受，x 拒绝，e 修改，A 接受把握不低于
--min-confidence 的全部行，i 导入已接受的行（要么全部导入，要么一条也不导入，同 import --create），
L 中文/English，q 不写入而退出。`, `Read articles (UTF-8 or GB18030 text, a saved web page, a .docx) and propose every figure in them:
value, unit, qualifier, what it measures (an existing indicator where one fits), kind, period, region,
subject and the verbatim fragment that shows it. The rows are the columns import reads, plus
confidence, review (why a person must check the row) and sentence, which import ignores.

With -o FILE.csv the rows import takes as they are (known indicators and regions, nothing to check) go
to that file, and the rows to check first (a new indicator or region, an unknown period ...) to
FILE.review.csv beside it, for import --create once checked. PDF is not read: save the page as HTML,
copy its text into a .txt file, or run pdftotext first.

--review opens the proposals beside the article instead (this terminal only, never over SSH):
a accept, x reject, e edit, A accept all above --min-confidence, i import the accepted rows
(all or nothing, as import --create does), L English/中文, q quit without writing.`),
		Example: `  gansudash extract 文章.txt -o 建议.csv
  gansudash import 建议.csv
  gansudash import --create 建议.review.csv
  gansudash extract 网页.html --date 2025-02-04 --region 兰州市 > 建议.csv
  gansudash extract 报告.docx --review`,
		RunE: func(cmd *cobra.Command, files []string) error {
			return a.runExtract(files, fl)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&fl.out, "output", "o", "", a.t("把可直接导入的建议写入`文件`（完整后才出现），须核对的写入旁边的 .review.csv；不给则写到标准输出",
		"write the proposals import takes as they are to `file` (it appears only when complete), those to check to a .review.csv beside it; standard output otherwise"))
	f.BoolVar(&fl.review, "review", false, a.t("在文章旁审核建议，然后导入接受的行", "review the proposals beside the article, then import the accepted ones"))
	f.Float64Var(&fl.threshold, "min-confidence", 0.9, a.t("审核时 A 接受把握不低于此值的全部行（0.1 到 0.9）", "in --review, A accepts every row at least this confident (0.1 to 0.9)"))
	f.StringVar(&fl.region, "region", "", a.t("文章未指明地区的数据所属的`地区`（ID 或名称）", "`region` of figures the article names no place for (ID or name)"))
	f.StringVar(&fl.title, "title", "", a.t("文章`标题`，页面未注明时", "the article's `title`, when its page does not state it"))
	f.StringVar(&fl.publisher, "publisher", "", a.t("文章的`发布单位`，署名未注明时", "`who` published the article, when its byline does not say"))
	f.StringVar(&fl.date, "date", "", a.t("文章`日期` YYYY-MM-DD：今年、去年、截至目前据此理解", "the article's `date` YYYY-MM-DD: 今年, 去年 and 截至目前 are read against it"))
	f.StringVar(&fl.url, "url", "", a.t("文章页面的`网址`", "the `address` of the article's page"))
	f.BoolVar(&fl.ascii, "ascii", false, a.t("审核界面只用 ASCII 字符绘制", "draw the review screen with ASCII only"))
	return cmd
}

// extracted is one article and what was proposed from it.
type extracted struct {
	file    string
	article extract.Article
	props   []extract.Proposal
	source  store.ProposalSource
}

func (a *app) runExtract(files []string, fl extractFlags) error {
	lang := a.lang
	switch {
	case len(files) == 0:
		return ui.Usagef("extract：请给出文章文件，如 gansudash extract 文章.txt -o 建议.csv", "extract: name the article files, e.g. gansudash extract 文章.txt -o 建议.csv")
	case fl.review && fl.out != "":
		return ui.Usagef("--review 导入您接受的数据，-o 把建议写入文件留待以后：请只给其中之一", "--review imports what you accept, -o writes proposals for later: give one of them")
	case fl.review && len(files) > 1:
		return ui.Usagef("--review 一次审核一篇文章：请只给一个文件", "--review reviews one article at a time: name one file")
	case fl.threshold < 0 || fl.threshold > 1:
		return ui.Usagef("--min-confidence %v：请给 0 到 1 之间的数", "--min-confidence %v: give a number between 0 and 1", fl.threshold)
	}
	var date extract.Date
	if fl.date != "" {
		d, ok := extract.ParseDate(fl.date)
		if !ok {
			return ui.Usagef("--date “%s”：请把文章日期写成 YYYY-MM-DD，如 2025-02-04", "--date %q: write the article's date as YYYY-MM-DD, e.g. 2025-02-04", fl.date)
		}
		date = d
	}
	// The catalog is only read: a database named with --db must exist, as
	// for every command; the default one is not created for this (its
	// absence means the embedded default catalog).
	path, err := a.dbPath(false)
	if err != nil {
		return err
	}
	cat, err := store.ReadArticleCatalog(path)
	if err != nil {
		return err
	}
	var opt extract.Options
	if fl.region != "" {
		if opt.DefaultRegion, err = cat.ResolveRegion(fl.region); err != nil {
			return ui.Usagef("--region：%v", "--region: %v", err)
		}
	}
	// Every file is read before anything is written: one bad file writes
	// nothing at all.
	var all []extracted
	for _, f := range files {
		art, err := store.ReadArticleFile(f)
		if err != nil {
			return err
		}
		a.applySourceFlags(&art, fl, date, f, lang)
		if art.Title == "" {
			if art.Title = store.TitleLine(art.Text); art.Title != "" {
				fmt.Fprintln(a.env.Stderr, "gansudash: "+line(model.T("%s：页面未注明标题，取其首行“%s”为标题（可用 --title 指定）",
					"%s: the page states no title; citing its first line %q as the title (give --title to change it)", f, art.Title).Localize(lang)))
			} else {
				fmt.Fprintln(a.env.Stderr, "gansudash: "+line(model.T("%s：页面未注明标题，无法注明出处：请用 --title 指定文章标题",
					"%s: the page states no title, so the rows cite no source: give the article's title with --title", f).Localize(lang)))
			}
		}
		props := extract.Extract(art, cat.Extract(), opt)
		all = append(all, extracted{file: f, article: art, props: props, source: cat.CiteArticle(art)})
	}
	if fl.review {
		e := all[0]
		return ui.RunReview(ui.ReviewOptions{
			File: e.file, Article: e.article, Proposals: e.props, Catalog: cat, Source: e.source,
			Lang: lang, ASCII: ui.WantASCII(fl.ascii, a.env.Getenv("TERM")), Threshold: fl.threshold,
			Import: func(name string, data []byte, dryRun bool) (store.ImportResult, error) {
				path, err := a.dbPath(true)
				if err != nil {
					return store.ImportResult{}, err
				}
				return store.ImportBytes(path, name, data, store.ImportOptions{Create: true, DryRun: dryRun})
			},
		})
	}
	var buf bytes.Buffer
	sets := make([]store.ArticleProposals, len(all))
	for i, e := range all {
		sets[i] = store.ArticleProposals{Proposals: e.props, Source: e.source}
	}
	// The rows as written: their review cell adds what the catalog says to
	// the extractor's notes (a per-project indicator needs its project).
	rows := cat.ProposalRows(sets...)
	reviewCol := slices.Index(store.ProposalColumns, store.ProposalReview)
	review := 0
	var ready, toCheck [][]string
	for _, row := range rows {
		if row[reviewCol] != "" {
			review++
		}
		if store.ProposalReady(row) {
			ready = append(ready, row)
		} else {
			toCheck = append(toCheck, row)
		}
	}
	if fl.out == "" || fl.out == "-" {
		// One stream: every row, the review column saying which to check.
		if err := store.WriteProposalRows(&buf, rows); err != nil {
			return err
		}
		// Standard output may be a terminal: nothing from an article may
		// reach it as a control sequence.
		sw := sanitize.NewWriter(a.env.Stdout)
		if _, err := sw.Write(buf.Bytes()); err != nil {
			return err
		}
		if err := sw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(a.env.Stderr, "gansudash: "+model.T("从 %d 篇文章中提出 %d 个数据，其中 %d 个须核对（见 review 列）",
			"proposed %[2]d figures from %[1]d article(s), %[3]d of them to check (see the review column)", len(all), len(rows), review).Localize(lang))
		return nil
	}
	// A file: the rows import takes as they are go to it, so that
	// extract -o p.csv && import p.csv works; the rows a person must check
	// first (new indicators or regions, an unknown period, a project not
	// named) go beside it, with why in their review column.
	checkFile := strings.TrimSuffix(fl.out, filepath.Ext(fl.out)) + ".review.csv"
	var check bytes.Buffer
	if err := store.WriteProposalRows(&buf, ready); err != nil {
		return err
	}
	if err := store.WriteProposalRows(&check, toCheck); err != nil {
		return err
	}
	write := func(path string, data []byte) error {
		return atomicfile.Write(path, atomicfile.Replace, func(w io.Writer) error {
			_, err := w.Write(data)
			return err
		})
	}
	if len(toCheck) > 0 {
		if err := write(checkFile, check.Bytes()); err != nil {
			return err
		}
	} else if err := os.Remove(checkFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err // a stale file from an earlier run must not be taken for this one's
	}
	if err := write(fl.out, buf.Bytes()); err != nil {
		return err
	}
	msg := model.T("从 %d 篇文章中提出 %d 个数据：%d 个可直接导入，已写入 %s（gansudash import %[4]s）",
		"proposed %[2]d figures from %[1]d article(s): %[3]d import as they are, written to %[4]s (gansudash import %[4]s)",
		len(all), len(rows), len(ready), line(fl.out))
	fmt.Fprintln(a.env.Stderr, "gansudash: "+msg.Localize(lang))
	if len(toCheck) > 0 {
		msg = model.T("另有 %d 个须先核对（新指标或新地区、期间不明等，原因见 review 列），已写入 %s：核对后用 gansudash import --create %[2]s，或用 --review 逐条审核",
			"%d more need checking first (a new indicator or region, an unknown period ..., see their review column), written to %s: after checking, gansudash import --create %[2]s, or go through them with --review",
			len(toCheck), line(checkFile))
		fmt.Fprintln(a.env.Stderr, "gansudash: "+msg.Localize(lang))
	}
	return nil
}

// applySourceFlags cites the article with the flags: each fills what the
// article's page does not state, and replaces what it states with a note.
func (a *app) applySourceFlags(art *extract.Article, fl extractFlags, date extract.Date, file string, lang model.Lang) {
	set := func(field *string, flag, name string) {
		flag = strings.TrimSpace(flag)
		if flag == "" {
			return
		}
		if *field != "" && *field != flag {
			fmt.Fprintln(a.env.Stderr, "gansudash: "+line(model.T("%s：文章自称%s为“%s”，按 --%s 用“%s”", "%s: the article gives %s %q; using --%s %q",
				file, name, *field, name, flag).Localize(lang)))
		}
		*field = flag
	}
	set(&art.Title, fl.title, "title")
	set(&art.Publisher, fl.publisher, "publisher")
	set(&art.URL, fl.url, "url")
	if !date.IsZero() {
		d := art.Date.String()
		set(&d, date.String(), "date")
		art.Date = date
	}
}
