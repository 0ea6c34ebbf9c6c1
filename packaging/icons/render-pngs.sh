#!/usr/bin/env bash
# Renders the hicolor PNG sizes of the application icon from persona-studio.svg; the PNGs are
# committed, so building needs no SVG renderer. Run after changing the SVG
# (needs rsvg-convert: apt-get install librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" persona-studio.svg -o "persona-studio-$size.png"
done
