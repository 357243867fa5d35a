package store

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gansudash/gansudash/model"
)

const articleText = "引资聚势启新程\n\n来源:兰州日报2025-02-04 19:12\n\n  2024年,兰州市签约项目437个,签约总额1809.81亿元。\n"

func TestReadArticleUTF8WithAndWithoutBOM(t *testing.T) {
	for _, data := range [][]byte{[]byte(articleText), append([]byte("\ufeff"), articleText...)} {
		a, err := ReadArticle("a.txt", data)
		if err != nil {
			t.Fatal(err)
		}
		if a.Text != articleText {
			t.Errorf("text %q", a.Text)
		}
		if a.Title != "引资聚势启新程" || a.Publisher != "兰州日报" || a.Date.String() != "2025-02-04" {
			t.Errorf("metadata %q %q %v", a.Title, a.Publisher, a.Date)
		}
	}
}

func TestReadArticleGB18030(t *testing.T) {
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(articleText))
	if err != nil {
		t.Fatal(err)
	}
	a, err := ReadArticle("a.txt", gb)
	if err != nil {
		t.Fatal(err)
	}
	if a.Text != articleText {
		t.Errorf("decoded %q", a.Text)
	}
	// 0xFF is neither UTF-8 nor GB18030: x/text would turn it into U+FFFD
	// without a word; ReadArticle says where it is.
	bad, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(articleText + "第二行\n第三"))
	bad = append(bad, 0xff)
	_, err = ReadArticle("a.txt", bad)
	if err == nil || !strings.Contains(err.Error(), "a.txt:7:3:") || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("error %v, want a.txt:7:3 and what to do", err)
	}
}

func TestReadArticleRefusesWhatIsNotAnArticle(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty.txt", nil, "is empty"},
		{"blank.txt", []byte(" \n\t\n"), "is empty"},
		{"nul.txt", []byte("第一行\n文本\x00二进制"), "nul.txt:2:3: a NUL byte: this is a binary file"},
		{"utf16.txt", []byte{0xff, 0xfe, 'a', 0}, "UTF-16"},
		{"big.txt", bytes.Repeat([]byte("签约项目25项。\n"), MaxArticleBytes/20+1), "at most 8 MB"},
		{"old.docx", []byte("\xd0\xcf\x11\xe0 an old Word file"), "not a .docx"},
		{"garbage.docx", []byte("PK\x03\x04 truncated"), "unreadable .docx"},
		{"ctrl.txt", []byte("a\x01b\x02c\x03d\x04e"), "binary file"},
	}
	for _, tt := range tests {
		_, err := ReadArticle(tt.name, tt.data)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>兰州市招商引资_兰州新闻网</title>
<meta name="publishdate" content="2025-02-04 19:12"><link rel="canonical" href="https://example.org/a.html">
<style>p{color:red}</style><script>var n = 123456;</script></head>
<body><nav><a href="/">首页</a> 阅读 9999</nav><div class="share-bar">分享到 12</div>
<h1>引资聚势启新程</h1>
<div class="content"><p>2024年,兰州市签约项目437个,<br>签约总额1809.81亿元。</p>
<p>　　兰州新区签约项目122个。</p></div>
<footer>版权所有 0931-8159799</footer><aside class="related">相关阅读 5条</aside></body></html>`

func TestReadArticleHTML(t *testing.T) {
	a, err := ReadArticle("page.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	want := "引资聚势启新程\n\n2024年,兰州市签约项目437个,\n签约总额1809.81亿元。\n\n　　兰州新区签约项目122个。\n"
	if a.Text != want {
		t.Errorf("text\n%q\nwant\n%q", a.Text, want)
	}
	if a.Title != "引资聚势启新程" || a.Date.String() != "2025-02-04" || a.URL != "https://example.org/a.html" {
		t.Errorf("metadata %q %v %q", a.Title, a.Date, a.URL)
	}
	// The same page saved in GBK, as many Gansu sites serve it.
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(strings.Replace(page, `charset="utf-8"`, `charset="gbk"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadArticle("page.htm", gbk)
	if err != nil {
		t.Fatal(err)
	}
	if b.Text != want {
		t.Errorf("GBK page text %q", b.Text)
	}
}

// docx builds a .docx whose document.xml is body.
func docx(t *testing.T, body io.Reader, method uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: method})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(w, body); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const documentXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>通渭工业集中区</w:t></w:r></w:p>
<w:p><w:r><w:t>2024年,完成工业总产值</w:t></w:r><w:r><w:t>16.7亿元</w:t></w:r><w:r><w:br/><w:t>增速26.5%。</w:t></w:r></w:p>
</w:body></w:document>`

func TestReadArticleDocx(t *testing.T) {
	a, err := ReadArticle("a.docx", docx(t, strings.NewReader(documentXML), zip.Deflate))
	if err != nil {
		t.Fatal(err)
	}
	if want := "通渭工业集中区\n\n2024年,完成工业总产值16.7亿元\n增速26.5%。\n"; a.Text != want {
		t.Errorf("text %q, want %q", a.Text, want)
	}
}

func TestReadArticleRefusesAZipBomb(t *testing.T) {
	// 65 MB of spaces deflate to about 65 KB.
	bomb := docx(t, io.LimitReader(repeatReader(' '), maxDocxXML+1<<20), zip.Deflate)
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes; it should be small", len(bomb))
	}
	_, err := ReadArticle("bomb.docx", bomb)
	if err == nil || !strings.Contains(err.Error(), "zip bomb") {
		t.Errorf("error %v, want a zip bomb refused", err)
	}
	// A header that lies about the size is refused: by archive/zip itself,
	// or by reading no further than the bound.
	var deflated bytes.Buffer
	fw, _ := flate.NewWriter(&deflated, flate.BestSpeed)
	io.Copy(fw, io.LimitReader(repeatReader(' '), maxDocxXML+1<<20))
	fw.Close()
	var liar bytes.Buffer
	zw0 := zip.NewWriter(&liar)
	raw, err := zw0.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate,
		CompressedSize64: uint64(deflated.Len()), UncompressedSize64: 1000})
	if err != nil {
		t.Fatal(err)
	}
	raw.Write(deflated.Bytes())
	zw0.Close()
	if _, err := ReadArticle("liar.docx", liar.Bytes()); err == nil || !strings.Contains(err.Error(), "zip bomb") && !strings.Contains(err.Error(), "unreadable .docx") {
		t.Errorf("lying header: error %v, want the file refused", err)
	}
	// A zip without word/document.xml is not a Word document.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte("<workbook/>"))
	zw.Close()
	if _, err := ReadArticle("book.docx", buf.Bytes()); err == nil || !strings.Contains(err.Error(), "word/document.xml") {
		t.Errorf("error %v, want word/document.xml missing", err)
	}
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

func TestArticleAndBatchErrorsInChinese(t *testing.T) {
	_, err := ReadArticle("a.txt", []byte("\ufeff  \n"))
	checkChinese(t, err, "a.txt 为空：请把文章正文存入该文件")
	_, err = ReadArticle("a.txt", []byte{0xff, 0xfe, 'a', 0})
	checkChinese(t, err, "a.txt 是 UTF-16 文本：请另存为 UTF-8")
	// The zip library's own words stay as they are, inside Chinese ones.
	_, err = ReadArticle("a.docx", []byte("PK\x03\x04 not a zip"))
	if zh := model.Localize(err, model.Chinese); !strings.HasPrefix(zh, "a.docx: 无法读取的 .docx（zip: ") || !strings.HasSuffix(zh, "）：请在 Word 中打开后重新保存，或另存为文本") {
		t.Errorf("Chinese: %s", zh)
	}

	// A batch that contradicts the database.
	db := mustOpen(t, newDefaultDB(t), OpenOptions{})
	defer db.Close()
	_, err = db.Apply(&Batch{Regions: []model.Region{{ID: "wuwei", NameZH: "武威", Level: model.LevelCity, Parent: "gansu"}}})
	checkChinese(t, err, "地区 wuwei 已有不同的定义（武威市，city，上级“gansu”）；请沿用已有定义")
}
