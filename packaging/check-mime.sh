#!/usr/bin/env bash
# Checks the Character Card MIME rules (persona-studio-mime.xml) the way a file manager applies
# them: a private MIME database made from freedesktop.org.xml plus ours, asked through GIO about
# sample files. Usage: packaging/check-mime.sh [MIME_XML] [REPO_ROOT]   (needs shared-mime-info,
# libglib2.0-bin's gio and python3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
xml=${1:-$here/persona-studio-mime.xml}
root=${2:-$(dirname "$here")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/mime/packages" "$work/files"
cp /usr/share/mime/packages/freedesktop.org.xml "$xml" "$work/mime/packages/"
XDG_DATA_DIRS=$work update-mime-database "$work/mime"

card=$root/resources/personas/kirill.card.json
f=$work/files
cp "$card" "$f/kirill.card.json"
cp "$card" "$f/kirill.json"
cp "$card" "$f/kirill-card"
printf '{"name": "not a card"}\n' >"$f/plain.json"
# PNG cards as persona-cli writes them (IHDR, IDAT, the "chara" tEXt chunk, IEND) and a plain PNG.
python3 - "$f" <<'EOF'
import base64, struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
idat, end = chunk(b"IDAT", zlib.compress(b"\x00\x80")), chunk(b"IEND", b"")
card = chunk(b"tEXt", b"chara\x00" + base64.b64encode(b'{"spec":"chara_card_v2"}'))
for name, data in (("kirill.card.png", png + idat + card + end), ("kirill-card-png", png + card + idat + end),
                   ("photo.png", png + idat + end)):
    open(f"{sys.argv[1]}/{name}", "wb").write(data)
EOF

status=0
expect() {  # file, expected type
  local got
  got=$(XDG_DATA_DIRS=$work XDG_DATA_HOME=$work/none gio info -a standard::content-type "$f/$1" 2>/dev/null |
        sed -n 's/.*standard::content-type: //p')
  if [[ $got == "$2" ]]; then echo "ok   $1: $got"; else echo "FAIL $1: $got, expected $2"; status=1; fi
}
expect kirill.card.json application/x-character-card+json
expect kirill-card application/x-character-card+json  # no telling name: the content decides
expect kirill.json application/json                   # a .json name alone is not sniffed
expect plain.json application/json
expect kirill.card.png image/x-character-card
expect kirill-card-png image/x-character-card
expect photo.png image/png
exit $status
