package model

import (
	"errors"
	"io/fs"
	"strings"
)

// How a failed file operation reads in Chinese. Errors from the system
// print in English; Localize says the common ones (a file that exists, does
// not exist, may not be read, a full disk) in Chinese, so that a message in
// the Chinese interface is Chinese through and through.

// localizeOS says a system error in Chinese, or reports false.
func localizeOS(err error) (string, bool) {
	var pe *fs.PathError
	if errors.As(err, &pe) && error(pe) == err {
		return "无法" + opZH(pe.Op) + " " + pe.Path + "：" + causeZH(pe.Err), true
	}
	if c := causeZH(err); c != err.Error() {
		return c, true
	}
	return "", false
}

// opZH names an operation of fs.PathError in Chinese.
func opZH(op string) string {
	switch op {
	case "open":
		return "打开"
	case "stat", "lstat", "read":
		return "读取"
	case "create", "link":
		return "创建"
	case "write", "sync", "close":
		return "写入"
	case "replace":
		return "替换"
	case "rename":
		return "重命名"
	case "mkdir":
		return "创建目录"
	case "remove":
		return "删除"
	}
	return op
}

// causeZH says the common causes of a failed file operation in Chinese.
func causeZH(err error) string {
	switch {
	case errors.Is(err, fs.ErrExist):
		return "文件已存在"
	case errors.Is(err, fs.ErrNotExist):
		return "文件或目录不存在"
	case errors.Is(err, fs.ErrPermission):
		return "没有权限"
	}
	msg := err.Error()
	for _, s := range []string{"no space left on device", "disk quota exceeded", "file too large", "not enough space on the disk"} {
		if strings.Contains(msg, s) {
			return "磁盘空间不足或文件大小受限（" + msg + "）"
		}
	}
	return msg
}
