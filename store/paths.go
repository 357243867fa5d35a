package store

import (
	"os"
	"path/filepath"
	"runtime"

	"github.com/gansudash/gansudash/model"
)

// EnvDB names the environment variable that overrides the default database path.
const EnvDB = "GANSUDASH_DB"

// DefaultPath returns where the database lives when neither --db nor
// GANSUDASH_DB says otherwise: the user's data directory
// (~/.local/share/gansudash/gansudash.db on Linux, honouring XDG_DATA_HOME;
// ~/Library/Application Support/gansudash on macOS; %LocalAppData%\gansudash
// on Windows).
func DefaultPath() (string, error) {
	dir, err := dataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "gansudash", "gansudash.db"), nil
}

func dataDir() (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return d, nil
		}
		return "", model.Errorf("未设置 %LocalAppData%：请用 --db 或 GANSUDASH_DB 指定数据库路径", "%LocalAppData% is not set: give the database path with --db or GANSUDASH_DB")
	case "darwin", "ios":
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return "", model.Errorf("没有主目录（未设置 $HOME）：请用 --db 或 GANSUDASH_DB 指定数据库路径", "no home directory ($HOME is not set): give the database path with --db or GANSUDASH_DB")
		}
		return filepath.Join(home, "Library", "Application Support"), nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", model.Errorf("没有主目录（未设置 $HOME）：请用 --db 或 GANSUDASH_DB 指定数据库路径", "no home directory ($HOME is not set): give the database path with --db or GANSUDASH_DB")
	}
	return filepath.Join(home, ".local", "share"), nil
}
