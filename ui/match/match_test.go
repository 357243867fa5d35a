package match

import "testing"

func TestFilterByChineseEnglishOrPinyinInitials(t *testing.T) {
	row := Prepare("招商引资到位资金", "Funds in place")
	tests := []struct {
		q    string
		want bool
	}{
		{"", true},
		{"招商", true},
		{"到位资金", true},
		{"zsyz", true},
		{"ZSYZ", true},
		{"dwzj", true},
		{"funds", true},
		{"FUNDS IN", true},
		{"zsyz funds", true},
		{"工业", false},
		{"gy", false},
		{"zsyzx", false},
		{"zs gy", false},
	}
	for _, tt := range tests {
		if got := row.Match(NewQuery(tt.q)); got != tt.want {
			t.Errorf("Match(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestPlaceNamesReadCorrectly(t *testing.T) {
	tests := []struct {
		text, q string
	}{
		{"长沙", "cs"},
		{"重庆", "cq"},
		{"增长", "zz"},
		{"重点项目", "zdxm"},
		{"银行", "yh"},
		{"武威市", "wws"},
		{"凉州区", "lzq"},
		{"兰州新区", "lzxq"},
		{"2024年招商", "2024nzs"},
	}
	for _, tt := range tests {
		if !Prepare(tt.text).Match(NewQuery(tt.q)) {
			t.Errorf("%q does not match %q", tt.text, tt.q)
		}
	}
}

func TestInitialsDoNotRunAcrossTexts(t *testing.T) {
	row := Prepare("招商", "引资")
	if row.Match(NewQuery("zsyz")) {
		t.Error("initials matched across two separate texts")
	}
}

func TestSortTextOrdersChineseByPinyin(t *testing.T) {
	// 定西 (ding) < 兰州 (lan) < 武威 (wu), though their code points sort otherwise.
	a, b, c := SortText("定西市"), SortText("兰州市"), SortText("武威市")
	if !(a < b && b < c) {
		t.Errorf("pinyin order broken: %q %q %q", a, b, c)
	}
}
