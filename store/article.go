package store

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gansudash/gansudash/model"
	"github.com/gansudash/gansudash/model/extract"
)

// MaxArticleBytes bounds the text of one article: the longest government
// reports run to a few hundred thousand characters.
const MaxArticleBytes = 8 << 20

// maxDocxXML bounds the uncompressed word/document.xml of a .docx: its
// markup is several times the text, and a zip bomb declares or expands
// far beyond it.
const maxDocxXML = 64 << 20

// Article formats ReadArticle recognises.
const (
	ArticleText = "text"
	ArticleHTML = "html"
	ArticleDocx = "docx"
)

// DetectArticleFormat tells a plain-text article, a saved web page and a
// Word document apart by extension, else by content.
func DetectArticleFormat(name string, data []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		return ArticleDocx
	case ".html", ".htm", ".shtml", ".xhtml", ".mhtml":
		return ArticleHTML
	case ".txt", ".text", ".md":
		return ArticleText
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return ArticleDocx
	}
	head := bytes.ToLower(data[:min(len(data), 1024)])
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	if bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		bytes.HasPrefix(head, []byte("<?xml")) && bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<head")) {
		return ArticleHTML
	}
	return ArticleText
}

// ReadArticle turns an article file into plain text for extraction: UTF-8
// text (with or without a BOM), GB18030 (GBK) text, a saved web page, or a
// .docx. The title, publisher and date come from the page's byline
// (来源:兰州日报2025-02-04) or its metadata, where it has them.
func ReadArticle(name string, data []byte) (extract.Article, error) {
	var a extract.Article
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))) == 0 {
		return a, model.Errorf("%s 为空：请把文章正文存入该文件，或改用保存的网页或 .docx", "%s is empty: save the article's text into it, or give the saved web page or .docx instead", name)
	}
	format := DetectArticleFormat(name, data)
	if format != ArticleDocx && len(data) > MaxArticleBytes {
		return a, model.Errorf("%s 有 %.1f MB；一篇文章的文本最多 %d MB：请只取文章本身所在的网页，或拆分文件",
			"%s is %.1f MB; an article may hold at most %d MB of text: extract the article's own page or split the file", name, float64(len(data))/(1<<20), MaxArticleBytes>>20)
	}
	var err error
	switch format {
	case ArticleDocx:
		a, err = readDocx(name, data)
	case ArticleHTML:
		a, err = readHTML(name, data)
	default:
		var text string
		text, err = decodeArticleText(name, data)
		a.Text = text
	}
	if err != nil {
		return extract.Article{}, err
	}
	if len(a.Text) > MaxArticleBytes {
		return extract.Article{}, model.Errorf("%s 的文本有 %.1f MB；一篇文章最多 %d MB：请拆分文件", "%s holds %.1f MB of text; an article may hold at most %d MB: split the file", name, float64(len(a.Text))/(1<<20), MaxArticleBytes>>20)
	}
	if strings.TrimSpace(a.Text) == "" {
		return extract.Article{}, model.Errorf("%s 没有文字（只有标记或图片）：请把文章正文复制到 .txt 文件中", "%s has no text (only markup or pictures): copy the article's text into a .txt file", name)
	}
	if title, pub, date, ok := extract.ParseHeader(a.Text); ok {
		if a.Title == "" {
			a.Title = title
		}
		if pub != "" {
			a.Publisher = pub
		}
		if !date.IsZero() {
			a.Date = date
		}
	}
	return a, nil
}

// decodeArticleText decodes a text file: UTF-8 as is (a BOM dropped), else
// GB18030. Binary files and undecodable bytes are errors with their place.
func decodeArticleText(name string, data []byte) (string, error) {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return "", model.Errorf("%s 是 UTF-16 文本：请另存为 UTF-8（记事本：另存为，编码选 UTF-8）后重试", "%s is UTF-16 text: save it as UTF-8 (in Notepad: Save as, Encoding UTF-8) and try again", name)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line, col := position(data, i)
		return "", model.Errorf("%s:%d:%d: 有 NUL 字节：这是二进制文件，不是文本；请提供 .txt、保存的网页（.html）或 .docx", "%s:%d:%d: a NUL byte: this is a binary file, not text; give a .txt, a saved web page (.html) or a .docx", name, line, col)
	}
	var text string
	if utf8.Valid(data) {
		text = string(bytes.TrimPrefix(data, []byte("\ufeff")))
	} else {
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return "", model.Errorf("%s: 既非 UTF-8 也非 GB18030 文本（%v）：请另存为 UTF-8 文本", "%s: neither UTF-8 nor GB18030 text (%v): save it as UTF-8 text", name, err)
		}
		text = string(decoded)
		// x/text replaces undecodable bytes with U+FFFD without an error.
		if i := strings.IndexRune(text, utf8.RuneError); i >= 0 {
			line := strings.Count(text[:i], "\n") + 1
			col := utf8.RuneCountInString(text[strings.LastIndexByte(text[:i], '\n')+1:i]) + 1
			return "", model.Errorf("%s:%d:%d: 有既非 UTF-8 也非 GB18030（GBK）的字节：请把文章另存为 UTF-8 文本后重试", "%s:%d:%d: bytes that are neither UTF-8 nor GB18030 (GBK): save the article as UTF-8 text and try again", name, line, col)
		}
	}
	if line, col, ok := controlChar(text); ok {
		return "", model.Errorf("%s:%d:%d: 有文本中不应出现的控制字符：这像是二进制文件；请提供 .txt、保存的网页（.html）或 .docx",
			"%s:%d:%d: control characters that text does not hold: this looks like a binary file; give a .txt, a saved web page (.html) or a .docx", name, line, col)
	}
	return text, nil
}

// controlChar finds the first of more than a few control characters (other
// than tab, newline, carriage return and form feed) that mark binary data.
func controlChar(text string) (int, int, bool) {
	n, first := 0, -1
	for i, r := range text {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r == 0x7f {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	if n == 0 || n < 4 && n*1000 < len(text) {
		return 0, 0, false
	}
	line := strings.Count(text[:first], "\n") + 1
	col := utf8.RuneCountInString(text[strings.LastIndexByte(text[:first], '\n')+1:first]) + 1
	return line, col, true
}

// position returns the line and column (in characters) of byte i.
func position(data []byte, i int) (int, int) {
	line := bytes.Count(data[:i], []byte("\n")) + 1
	start := bytes.LastIndexByte(data[:i], '\n') + 1
	return line, utf8.RuneCount(data[start:i]) + 1
}

// skipTags are page furniture, never article text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Footer: true,
	atom.Aside: true, atom.Form: true, atom.Iframe: true, atom.Svg: true, atom.Button: true,
	atom.Select: true, atom.Template: true, atom.Object: true, atom.Embed: true, atom.Canvas: true,
	atom.Head: true, atom.Menu: true,
}

// furnitureClasses in a class or id mark navigation, sharing and sidebars.
var furnitureClasses = []string{"nav", "menu", "footer", "share", "breadcrumb", "sidebar", "comment", "advert", "banner", "related", "recommend", "toolbar", "copyright", "login", "search"}

// blockTags end a paragraph.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Tr: true, atom.Section: true, atom.Article: true, atom.Blockquote: true,
	atom.Pre: true, atom.Table: true, atom.Dd: true, atom.Dt: true, atom.Ul: true, atom.Ol: true,
	atom.Header: true, atom.Main: true, atom.Figure: true, atom.Figcaption: true, atom.Center: true,
}

// readHTML keeps a saved page's text with its paragraph breaks, without
// scripts, styles, navigation, sharing widgets and sidebars.
func readHTML(name string, data []byte) (extract.Article, error) {
	var a extract.Article
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line, col := position(data, i)
		return a, model.Errorf("%s:%d:%d: 有 NUL 字节：这不是保存的网页；请重新保存网页（另存为，网页，仅 HTML）", "%s:%d:%d: a NUL byte: this is not a saved web page; save the page again (Save as, Web page, HTML only)", name, line, col)
	}
	if !utf8.Valid(data) {
		enc, encName, _ := charset.DetermineEncoding(data, "text/html")
		decoded, err := enc.NewDecoder().Bytes(data)
		if err != nil {
			return a, model.Errorf("%s: 按 %s 解码网页时出错：%v；请另存为 UTF-8", "%s: decoding the page as %s: %v; save it as UTF-8", name, encName, err)
		}
		if i := bytes.IndexRune(decoded, utf8.RuneError); i >= 0 {
			line, col := position(decoded, i)
			return a, model.Errorf("%s:%d:%d: 有不属于 %s 的字节：请把网页另存为 UTF-8 后重试", "%s:%d:%d: bytes that are not %s: save the page as UTF-8 and try again", name, line, col, encName)
		}
		data = decoded
	}
	doc, err := html.Parse(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	if err != nil {
		return a, model.Errorf("%s: 无法读取的网页：%v", "%s: not a readable web page: %v", name, err)
	}
	var b strings.Builder
	var h1, title string
	var meta func(n *html.Node)
	meta = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if title == "" {
					title = strings.TrimSpace(collapse(nodeText(n)))
				}
			case atom.Meta:
				readMeta(n, &a)
			case atom.Link:
				if attr(n, "rel") == "canonical" && a.URL == "" {
					a.URL = attr(n, "href")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			meta(c)
		}
	}
	meta(doc)
	var walk func(n *html.Node, pre bool)
	walk = func(n *html.Node, pre bool) {
		if n.Type == html.ElementNode {
			if skipTags[n.DataAtom] || isFurniture(n) {
				return
			}
			if n.DataAtom == atom.H1 && h1 == "" {
				h1 = strings.TrimSpace(collapse(nodeText(n)))
			}
			if n.DataAtom == atom.Br {
				b.WriteString("\n")
				return
			}
			if n.DataAtom == atom.Pre {
				pre = true
			}
			if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
				b.WriteString(" ")
			}
		}
		if n.Type == html.TextNode {
			t := n.Data
			if !pre {
				t = collapse(t)
			}
			b.WriteString(t)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, pre)
		}
		if n.Type == html.ElementNode && blockTags[n.DataAtom] {
			b.WriteString("\n\n")
		}
	}
	walk(doc, false)
	a.Text = tidyParagraphs(b.String())
	switch {
	case h1 != "":
		a.Title = h1
	case title != "":
		a.Title = title
	}
	return a, nil
}

func attr(n *html.Node, key string) string {
	for _, at := range n.Attr {
		if strings.EqualFold(at.Key, key) {
			return at.Val
		}
	}
	return ""
}

func isFurniture(n *html.Node) bool {
	if n.DataAtom == atom.Body || n.DataAtom == atom.Html {
		return false
	}
	cls := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	if strings.TrimSpace(cls) == "" {
		return false
	}
	for _, f := range furnitureClasses {
		if strings.Contains(cls, f) {
			return true
		}
	}
	return false
}

// readMeta reads the publication date, publisher and address a page states
// in its metadata.
func readMeta(n *html.Node, a *extract.Article) {
	key := strings.ToLower(attr(n, "name") + attr(n, "property") + attr(n, "itemprop"))
	val := strings.TrimSpace(attr(n, "content"))
	if val == "" {
		return
	}
	switch key {
	case "publishdate", "pubdate", "article:published_time", "og:release_date", "datepublished", "date", "publish_date", "dc.date":
		if a.Date.IsZero() {
			if d, ok := extract.ParseDate(firstField(val)); ok {
				a.Date = d
			}
		}
	case "source", "contentsource", "og:site_name", "publisher":
		if a.Publisher == "" {
			a.Publisher = val
		}
	case "og:url":
		if a.URL == "" {
			a.URL = val
		}
	}
}

// firstField returns the date part of "2025-02-04 19:12" or "2025-02-04T19:12:00+08:00".
func firstField(s string) string {
	if i := strings.IndexAny(s, " T"); i > 0 {
		return s[:i]
	}
	return s
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// collapse turns runs of white space into one space, as a browser shows
// them; a full-width space (U+3000) indenting a paragraph is kept.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r != '\u3000' && unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	if space && b.Len() > 0 {
		b.WriteByte(' ')
	}
	return b.String()
}

// tidyParagraphs trims each line and keeps at most one empty line between
// paragraphs.
func tidyParagraphs(s string) string {
	var out []string
	blank := true
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimRight(strings.TrimLeft(l, " "), " \t")
		if strings.TrimSpace(l) == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		out = append(out, l)
		blank = false
	}
	return strings.TrimSpace(strings.Join(out, "\n")) + "\n"
}

// readDocx reads the paragraphs of a Word document's word/document.xml.
func readDocx(name string, data []byte) (extract.Article, error) {
	var a extract.Article
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return a, model.Errorf("%s 不是 .docx（没有 zip 签名）：如果是旧的 .doc，请在 Word 中另存为 .docx 或文本", "%s is not a .docx (no zip signature): if it is an old .doc, save it as .docx or as text in Word", name)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return a, model.Errorf("%s: 无法读取的 .docx（%v）：请在 Word 中打开后重新保存，或另存为文本", "%s: unreadable .docx (%v): open it in Word and save it again, or save it as text", name, err)
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if doc == nil {
		return a, model.Errorf("%s: 是没有 word/document.xml 的 zip 文件，不是 Word 文档：请把文章另存为 .docx 或文本", "%s: a zip file without word/document.xml, so not a Word document: save the article as .docx or as text", name)
	}
	if doc.UncompressedSize64 > maxDocxXML {
		return a, model.Errorf("%s: word/document.xml 声明解压后有 %d MB，超过一篇文章文档的上限 %d MB；可能是 zip 炸弹，已拒绝：请把文章另存为文本",
			"%s: word/document.xml declares %d MB uncompressed, over the %d MB an article's document may hold; refusing it as a possible zip bomb: save the article as text", name, doc.UncompressedSize64>>20, maxDocxXML>>20)
	}
	rc, err := doc.Open()
	if err != nil {
		return a, model.Errorf("%s: 无法读取的 .docx（%v）：请在 Word 中打开后重新保存", "%s: unreadable .docx (%v): open it in Word and save it again", name, err)
	}
	defer rc.Close()
	// The declared size can lie: read at most the bound, plus one byte to
	// tell a bomb from a document of exactly the bound.
	xmlData, err := io.ReadAll(io.LimitReader(rc, maxDocxXML+1))
	if err != nil {
		return a, model.Errorf("%s: 无法读取的 .docx（%v）：请在 Word 中打开后重新保存", "%s: unreadable .docx (%v): open it in Word and save it again", name, err)
	}
	if len(xmlData) > maxDocxXML {
		return a, model.Errorf("%s: word/document.xml 解压后超过 %d MB；可能是 zip 炸弹，已拒绝：请把文章另存为文本", "%s: word/document.xml expands beyond %d MB; refusing it as a possible zip bomb: save the article as text", name, maxDocxXML>>20)
	}
	text, err := docxText(xmlData)
	if err != nil {
		return a, model.Errorf("%s: 无法读取的 .docx：word/document.xml：%v；请在 Word 中打开后重新保存", "%s: unreadable .docx: word/document.xml: %v; open it in Word and save it again", name, err)
	}
	a.Text = text
	return a, nil
}

// docxText returns the text of document.xml, one line per paragraph.
func docxText(data []byte) (string, error) {
	const w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	d := xml.NewDecoder(bytes.NewReader(data))
	var b strings.Builder
	inText := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != w {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				b.WriteByte('\t')
			case "br", "cr":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			if t.Name.Space != w {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				b.WriteString("\n\n")
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
		if b.Len() > MaxArticleBytes {
			return "", model.Errorf("文本超过 %d MB", "more than %d MB of text", MaxArticleBytes>>20)
		}
	}
	return tidyParagraphs(b.String()), nil
}
