#!/usr/bin/env bash
# Builds the Debian package and checks it the way a user meets it (README.md, "Install"):
#   1. configure build-deb/ for /usr, build, `cpack -G DEB`
#   2. lintian (no errors), desktop-file-validate, appstreamcli validate --no-net, the MIME rules
#   3. `apt-get install ./persona-studio_*.deb` into a fresh Debian 12 chroot (debootstrap), or with
#      --host on this machine, then run the installed programs with the source tree hidden:
#      persona-cli --version / info, a one-turn persona-cli chat with the demo persona,
#      persona-studio --screenshot (offscreen), the user-only database
#   4. purge the package and check that nothing of it is left under /usr
# Usage: packaging/test-deb.sh [--host] [--keep]   (as root; installs the tools it needs)
# Environment: BUILD_DIR (default build-deb), CHROOT_BASE (default /var/tmp/persona-deb-chroot,
# made once by debootstrap and reused).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-deb}
chroot_base=${CHROOT_BASE:-/var/tmp/persona-deb-chroot}
mode=chroot
keep=0
for arg in "$@"; do
  case $arg in
    --host) mode=host ;;
    --keep) keep=1 ;;
    *) echo "usage: $0 [--host] [--keep]" >&2; exit 2 ;;
  esac
done
step() { printf '\n==== %s\n' "$*"; }
fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }

step "tools"
tools=(lintian desktop-file-utils appstream shared-mime-info libglib2.0-bin)
[[ $mode == chroot ]] && tools+=(debootstrap)
missing=()
for t in "${tools[@]}"; do dpkg-query -W -f='${Status}' "$t" 2>/dev/null | grep -q 'ok installed' || missing+=("$t"); done
if ((${#missing[@]})); then apt-get install -y --no-install-recommends "${missing[@]}"; fi

step "build the package"
# A new build folder gets no tests; an existing one (BUILD_DIR=build) keeps its settings but is
# pointed at /usr. Only what the package holds is built: cpack itself builds nothing
# (CMAKE_SKIP_INSTALL_ALL_DEPENDENCY), so a build folder with tests is not rebuilt whole.
fresh=()
[[ -f $build/CMakeCache.txt ]] || fresh=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPERSONA_BUILD_TESTS=OFF)
cmake -S "$root" -B "$build" "${fresh[@]}" -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON
cmake --build "$build" --parallel "$(nproc)" --target persona-studio persona-cli persona_spshim \
  persona-studio_man persona-cli_man persona_changelog
rm -f "$build"/persona-studio_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/persona-studio_*.deb)
echo "$deb: $(du -h "$deb" | cut -f1) (Installed-Size: $(dpkg-deb -f "$deb" Installed-Size) KiB)"
dpkg-deb -f "$deb" Depends

step "lintian"
lintian --info --fail-on error "$deb" || fail "lintian reports errors"

step "desktop entry, AppStream metainfo, MIME type (from the package's files)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/pkg"
desktop-file-validate "$tmp"/pkg/usr/share/applications/*.desktop
appstreamcli validate --no-net "$tmp"/pkg/usr/share/metainfo/*.metainfo.xml
"$root/packaging/check-mime.sh" "$tmp/pkg/usr/share/mime/packages/persona-studio.xml" "$root"

# Runs the installed programs in the target system (/ or the chroot) with the source tree and the
# build folders hidden under an empty tmpfs, so that nothing can come from them.
installed_checks='
set -eu
out=$(mktemp -d)
persona-cli --version
info=$(persona-cli info); echo "$info"
echo "$info" | grep -Eq "\"sentencepiece_shim\": \"/usr/(bin/\.\./)?lib/[a-z0-9_-]+/persona-studio/" ||
  { echo "the shim was not found in /usr/lib/<multiarch>/persona-studio"; exit 1; }
persona-cli import /usr/share/persona-studio/personas/kirill.card.json --db "$out/p.db" >/dev/null
reply=$(echo "Привет! Где ты учишься?" | persona-cli chat --persona Кирилл --db "$out/p.db" --seed 7 --max-new-tokens 24)
echo "$reply"
echo "$reply" | grep -q "^Кирилл: ." || { echo "no reply in the chat"; exit 1; }
XDG_DATA_HOME="$out/xdg" persona-cli persona list >/dev/null
stat -c "%a %n" "$out/xdg/persona-studio" "$out/xdg/persona-studio/persona.db"
[ "$(stat -c %a "$out/xdg/persona-studio/persona.db")" = 600 ] || { echo "database not 0600"; exit 1; }
[ "$(stat -c %a "$out/xdg/persona-studio")" = 700 ] || { echo "database folder not 0700"; exit 1; }
XDG_RUNTIME_DIR="$out" XDG_DATA_HOME="$out/gui" XDG_CONFIG_HOME="$out/gui" QT_QPA_PLATFORM=offscreen persona-studio --screenshot "$out/window.png"
[ -s "$out/window.png" ] || { echo "no screenshot"; exit 1; }
echo "screenshot: $(wc -c < "$out/window.png") bytes"
rm -rf "$out"
'

find_ours() {  # every path under /usr named after the package or its programs
  find "$1/usr" \( -iname '*persona-studio*' -o -iname '*persona_studio*' -o -iname '*persona_spshim*' \
    -o -iname 'persona-cli*' \) 2>/dev/null | sort
}
# After the purge: no file of the package, and the desktop caches the triggers rebuilt name none.
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' >"$tmp/files"
leftover_check="
left=0
while read -r f; do [ -e \"\$f\" ] && { echo \"left: \$f\"; left=1; }; done <<'LIST'
$(cat "$tmp/files")
LIST
grep -rl -e persona-studio -e x-character-card /usr/share/mime /usr/share/applications 2>/dev/null && left=1
exit \$left
"

if [[ $mode == host ]]; then
  step "install on this machine"
  dpkg-query -W persona-studio >/dev/null 2>&1 && fail "persona-studio is already installed here"
  find_ours / >"$tmp/before"
  cp "$deb" "$tmp/"
  start=$(date +%s%N)
  apt-get install -y "$tmp/$(basename "$deb")"
  echo "install time: $((($(date +%s%N) - start) / 1000000)) ms"
  step "run the installed programs (source tree hidden)"
  unshare --mount --propagation private bash -c \
    'mount -t tmpfs tmpfs "$1" && cd / && bash -c "$2"' _ "$root" "$installed_checks"
  step "purge"
  apt-get purge -y persona-studio
  bash -c "$leftover_check" || fail "files of the package are left under /usr"
  find_ours / >"$tmp/after"
  diff "$tmp/before" "$tmp/after" || fail "files of the package are left under /usr"
else
  step "install into a clean Debian 12 chroot"
  if [[ ! -x $chroot_base/base/usr/bin/apt-get ]]; then
    rm -rf "$chroot_base/base"
    mkdir -p "$chroot_base"
    debootstrap --variant=minbase bookworm "$chroot_base/base" http://deb.debian.org/debian
  fi
  target=$chroot_base/run
  rm -rf "$target"
  cp -a "$chroot_base/base" "$target"
  cp /etc/resolv.conf "$target/etc/resolv.conf"
  cp "$deb" "$target/tmp/"
  find_ours "$target" >"$tmp/before"
  # proc for /proc/self/exe (how the programs find their data), dev for /dev/null and friends.
  unshare --mount --propagation private bash -c '
    set -eu
    t=$1; mount -t proc proc "$t/proc"; mount --rbind /dev "$t/dev"
    chroot "$t" apt-get update -qq
    start=$(date +%s%N)
    chroot "$t" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "/tmp/$2" >"$t/tmp/install.log"
    echo "install time, downloads included: $((($(date +%s%N) - start) / 1000000)) ms"
    grep -E "^(Need to get|After this operation|[0-9]+ upgraded)" "$t/tmp/install.log" || true
    chroot "$t" bash -c "$3"
    chroot "$t" apt-get purge -y -q persona-studio >/dev/null
    chroot "$t" bash -c "$4"
  ' _ "$target" "$(basename "$deb")" "$installed_checks" "$leftover_check"
  find_ours "$target" >"$tmp/after"
  diff "$tmp/before" "$tmp/after" || fail "files of the package are left under /usr in the chroot"
  ((keep)) || rm -rf "$target"
fi
step "all checks passed"
