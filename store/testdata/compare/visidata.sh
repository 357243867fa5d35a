#!/usr/bin/env bash
# Compares VisiData with gansudash on the same synthetic figures (see README.md):
# VisiData's time to load every row of the CSV and its peak RSS, against
# gansudash's one-off import, its time to the first frame and its peak RSS
# after browsing a few screens.
#
#   store/testdata/compare/visidata.sh            # 1,000,000 rows
#   ROWS=200000 KEEP=1 store/testdata/compare/visidata.sh
#
# Environment: ROWS (default 1000000), WORK (a directory to work in; default a
# new temporary one), KEEP=1 keeps WORK (the CSV is ~400 MB per million rows).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$ROOT"
ROWS=${ROWS:-1000000}
KEEP=${KEEP:-0}
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/gansudash-compare.XXXXXX")}
mkdir -p "$WORK"
CSV=$WORK/synth.csv
DB=$WORK/synth.db
BIN=$WORK/gansudash
SOCK=$WORK/tmux.sock
SESSION=compare

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'visidata.sh: %s\n' "$*" >&2; exit 1; }

cleanup() {
	tmux -S "$SOCK" kill-server >/dev/null 2>&1 || true
	if [ "$KEEP" = 1 ]; then
		log "kept $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
install_pkg() { # package
	if [ "$apt_updated" = 0 ]; then
		as_root apt-get update -qq
		apt_updated=1
	fi
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
}

command -v vd >/dev/null 2>&1 || { log "installing visidata"; install_pkg visidata; }
[ -x /usr/bin/time ] || { log "installing time"; install_pkg time; }
command -v tmux >/dev/null 2>&1 || { log "installing tmux"; install_pkg tmux; }
command -v go >/dev/null 2>&1 || die "go is not on PATH"

VD_VERSION=$(vd --version 2>/dev/null | head -n 1)
case "$VD_VERSION" in
*v2.11*) ;;
*) log "warning: this compares against VisiData 2.11; found: ${VD_VERSION:-unknown}" ;;
esac

# elapsed FILE, rss FILE: wall-clock seconds and peak RSS (MB) from /usr/bin/time -v output.
elapsed() {
	awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + p[i]
		printf "%.2f", s
	}' "$1"
}
rss() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"; }
now_ns() { date +%s%N; }
secs_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }

# ---------------------------------------------------------------- the data
log "writing $ROWS synthetic figures to $CSV (and an empty database)"
rm -f "$CSV" "$DB"
GANSUDASH_SYNTH_CSV=$CSV GANSUDASH_SYNTH_N=$ROWS GANSUDASH_SYNTH_EMPTY_DB=$DB \
	go test ./store/synth -run '^TestWriteCSVFile$' -count=1 >"$WORK/synth.log" 2>&1 ||
	{ cat "$WORK/synth.log" >&2; die "writing the CSV failed"; }
CSV_ROWS=$(($(wc -l <"$CSV") - 1))
CSV_MB=$(du -m "$CSV" | cut -f1)
log "$CSV_ROWS rows, $CSV_MB MB"

# ---------------------------------------------------------------- VisiData
# In batch mode VisiData runs its loaders synchronously (no async threads), so
# a replayed open-file returns only when every row is read; the next command
# prints the row count, to prove it, and quit-sheet leaves nothing to save.
printf 'sheet\tcol\trow\tlongname\tinput\tkeystrokes\tcomment\n' >"$WORK/load.vd"
printf '\t\t\topen-file\t{file}\to\t\n' >>"$WORK/load.vd"
printf '\t\t\texec-python\tvd.status("rows loaded: %%d" %% len(vd.activeSheet.rows))\tg^X\t\n' >>"$WORK/load.vd"
printf '\t\t\tquit-sheet\t\tq\t\n' >>"$WORK/load.vd"
log "VisiData ($VD_VERSION): loading every row"
/usr/bin/time -v -o "$WORK/vd.time" vd -b -p "$WORK/load.vd" "file=$CSV" >"$WORK/vd.log" 2>&1 ||
	{ cat "$WORK/vd.log" >&2; die "VisiData failed"; }
VD_ROWS=$(sed -n 's/.*rows loaded: \([0-9]*\).*/\1/p' "$WORK/vd.log" | tail -n 1)
[ "${VD_ROWS:-0}" -eq "$CSV_ROWS" ] || die "VisiData loaded ${VD_ROWS:-no} rows of $CSV_ROWS"
VD_SECS=$(elapsed "$WORK/vd.time")
VD_RSS=$(rss "$WORK/vd.time")

# ---------------------------------------------------------------- gansudash
log "building gansudash"
go build -o "$BIN" .

log "gansudash import --create (regions, indicators and sources from the rows)"
/usr/bin/time -v -o "$WORK/import.time" "$BIN" import --db "$DB" --create "$CSV" >"$WORK/import.log" 2>&1 ||
	{ cat "$WORK/import.log" >&2; die "import failed"; }
grep -q "imported $CSV_ROWS figures" "$WORK/import.log" || { cat "$WORK/import.log" >&2; die "import did not take every row"; }
IMPORT_SECS=$(elapsed "$WORK/import.time")
IMPORT_RSS=$(rss "$WORK/import.time")
DB_MB=$(du -m "$DB" | cut -f1)

tm() { tmux -S "$SOCK" "$@"; }
screen() { tm capture-pane -p -t "$SESSION" 2>/dev/null || true; }
# wait_for PATTERN SECONDS: poll the screen until it shows PATTERN.
wait_for() {
	local deadline=$(($(now_ns) + $2 * 1000000000))
	until screen | grep -q -- "$1"; do
		[ "$(now_ns)" -lt "$deadline" ] || return 1
		sleep 0.02
	done
}
# key KEY: send one key (tmux can coalesce several into one input) and wait
# up to 10 s for the screen to change.
SCREENS=0
key() {
	local before deadline
	before=$(screen)
	tm send-keys -t "$SESSION" "$1"
	deadline=$(($(now_ns) + 10000000000))
	while [ "$(screen)" = "$before" ]; do
		if [ "$(now_ns)" -ge "$deadline" ]; then
			log "warning: the screen did not change after $1"
			return 0
		fi
		sleep 0.02
	done
	SCREENS=$((SCREENS + 1))
}

log "gansudash dashboard in tmux (200x60): time to the first frame with the table"
tm kill-server >/dev/null 2>&1 || true
rm -f "$SOCK"
T0=$(now_ns)
tm new-session -d -s "$SESSION" -x 200 -y 60 \
	"exec env LANG=C.UTF-8 LC_ALL= TERM=xterm-256color '$BIN' --db '$DB' --lang zh"
wait_for '项指标' 120 || { screen >&2; die "the dashboard did not show its table"; }
FIRST_SECS=$(secs_since "$T0")
PID=$(tm list-panes -t "$SESSION" -F '#{pane_pid}')
[ "$(cat "/proc/$PID/comm" 2>/dev/null)" = gansudash ] || die "pane process $PID is not gansudash"
FIRST_RSS=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status")

log "browsing: rows, every category tab, compare, a figure's detail, pages"
for k in j j j j j Tab Tab Tab Tab Tab Tab Tab Tab Tab c Escape Enter Escape PageDown PageDown PageDown G g; do
	key "$k"
done
# a county, then its figures
key r
key j
key j
key Enter
BROWSE_RSS=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status")
tm send-keys -t "$SESSION" q
for _ in $(seq 100); do
	tm has-session -t "$SESSION" >/dev/null 2>&1 || break
	sleep 0.05
done

# ---------------------------------------------------------------- results
printf '\n%s rows x %s columns, CSV %s MB, gansudash database %s MB (warm page cache, %s CPUs)\n\n' \
	"$CSV_ROWS" "$(head -n 1 "$CSV" | awk -F, '{ print NF }')" "$CSV_MB" "$DB_MB" "$(nproc)"
printf '%-30s %-44s %10s %12s\n' tool step "wall s" "peak RSS MB"
printf '%-30s %-44s %10s %12s\n' ------------------------------ -------------------------------------------- ---------- ------------
printf '%-30s %-44s %10s %12s\n' "${VD_VERSION#saul.pw/}" "load every row of the CSV (vd -b replay)" "$VD_SECS" "$VD_RSS"
printf '%-30s %-44s %10s %12s\n' gansudash "import --create (once)" "$IMPORT_SECS" "$IMPORT_RSS"
printf '%-30s %-44s %10s %12s\n' gansudash "dashboard: first frame with the table" "$FIRST_SECS" "$FIRST_RSS"
printf '%-30s %-44s %10s %12s\n' gansudash "dashboard: after browsing $SCREENS screens" "-" "$BROWSE_RSS"
