package store

import (
	"io"
	"io/fs"
	"os"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/model/extract"
)

// maxDocxBytes bounds a .docx file read for its text: its pictures make it
// larger than its text, but never this large for an article.
const maxDocxBytes = 64 << 20

// ReadArticleFile reads an article from a file for extraction, as
// ReadArticle reads its bytes. Only regular files are read, and never more
// than an article may hold: a device, a pipe or a file over the limit is
// refused before its content is read.
func ReadArticleFile(path string) (extract.Article, error) {
	st, err := os.Stat(path)
	if err != nil {
		return extract.Article{}, osError(err)
	}
	limit := int64(MaxArticleBytes)
	if DetectArticleFormat(path, nil) == ArticleDocx {
		limit = maxDocxBytes
	}
	switch {
	case st.IsDir():
		return extract.Article{}, model.Errorf("%s 是目录，不是文章：请给出文章文件（.txt、.html 或 .docx）", "%s is a directory, not an article: give an article's file (.txt, .html or .docx)", path)
	case st.Mode()&fs.ModeNamedPipe != 0 || !st.Mode().IsRegular():
		return extract.Article{}, model.Errorf("%s 不是普通文件：请把文章存为文件（.txt、.html 或 .docx）", "%s is not a regular file: save the article to a file (.txt, .html or .docx)", path)
	case st.Size() > limit:
		return extract.Article{}, model.Errorf("%s 有 %.1f MB；一篇文章最多 %d MB：请只取文章本身所在的网页，或拆分文件",
			"%s is %.1f MB; an article may hold at most %d MB: extract the article's own page or split the file", path, float64(st.Size())/(1<<20), limit>>20)
	}
	f, err := os.Open(path)
	if err != nil {
		return extract.Article{}, osError(err)
	}
	defer f.Close()
	// The file may grow after Stat: read at most one byte past the limit.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return extract.Article{}, osError(err)
	}
	if int64(len(data)) > limit {
		return extract.Article{}, model.Errorf("%s 超过 %d MB；一篇文章最多 %d MB：请拆分文件", "%s is over %d MB; an article may hold at most %d MB: split the file", path, limit>>20, limit>>20)
	}
	return ReadArticle(path, data)
}
