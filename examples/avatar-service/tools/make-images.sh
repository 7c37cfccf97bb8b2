#!/bin/sh
# Regenerates the bundled demo images in src/main/resources/images with the
# libvips command-line tools (vips, vipsheader). Not part of the build: the
# images are committed, so neither Maven nor CI needs the CLI.
set -eu
cd "$(dirname "$0")/.."
out=src/main/resources/images
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A simple head-and-shoulders figure, used on top of the noise backgrounds.
figure() { # $1 = size in px, $2 = fill colour, $3 = opacity
  cat <<SVG
<svg xmlns="http://www.w3.org/2000/svg" width="$1" height="$1" viewBox="0 0 100 100">
  <g fill="$2" fill-opacity="$3">
    <circle cx="50" cy="38" r="19"/>
    <path d="M14 100 C14 72 30 62 50 62 C70 62 86 72 86 100 Z"/>
  </g>
</svg>
SVG
}

# alice.jpg: 320x320 JPEG, perlin noise through a false-colour map + figure.
vips perlin "$tmp/p.v" 320 320 --cell-size 80 --seed 7
vips linear "$tmp/p.v" "$tmp/p8.v" 100 128 --uchar
vips falsecolour "$tmp/p8.v" "$tmp/alice-bg.v"
figure 320 white 0.85 > "$tmp/alice.svg"
vips composite2 "$tmp/alice-bg.v" "$tmp/alice.svg" "$tmp/alice.v" over
vips copy "$tmp/alice.v" "$out/alice.jpg[Q=85,strip]"

# bob.png: 256x256 PNG with alpha, a round badge with transparent corners.
cat > "$tmp/bob.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 100 100">
  <defs>
    <linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#3fa7d6"/>
      <stop offset="1" stop-color="#1d3557"/>
    </linearGradient>
  </defs>
  <circle cx="50" cy="50" r="48" fill="url(#g)"/>
  <circle cx="50" cy="44" r="24" fill="#ffd166"/>
  <circle cx="41" cy="40" r="3.5" fill="#1d3557"/>
  <circle cx="59" cy="40" r="3.5" fill="#1d3557"/>
  <path d="M38 52 Q50 62 62 52" stroke="#1d3557" stroke-width="3" fill="none" stroke-linecap="round"/>
</svg>
SVG
vips copy "$tmp/bob.svg" "$out/bob.png[compression=9,strip]"

# carol.webp: 384x384 WebP, worley noise through the false-colour map + figure.
vips worley "$tmp/w.v" 384 384 --cell-size 64 --seed 3
vips linear "$tmp/w.v" "$tmp/w8.v" 4 0 --uchar
vips invert "$tmp/w8.v" "$tmp/w8i.v"
vips falsecolour "$tmp/w8i.v" "$tmp/carol-bg.v"
figure 384 '#222244' 0.8 > "$tmp/carol.svg"
vips composite2 "$tmp/carol-bg.v" "$tmp/carol.svg" "$tmp/carol.v" over
vips copy "$tmp/carol.v" "$out/carol.webp[Q=80,strip]"

# mp.png: 256x256 opaque PNG, the grey "mystery person" default.
cat > "$tmp/mp.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 100 100">
  <rect width="100" height="100" fill="#dcdcdc"/>
  <g fill="#a6a6a6">
    <circle cx="50" cy="38" r="19"/>
    <path d="M14 100 C14 72 30 62 50 62 C70 62 86 72 86 100 Z"/>
  </g>
</svg>
SVG
vips copy "$tmp/mp.svg" "$tmp/mp.v"
vips extract_band "$tmp/mp.v" "$tmp/mp3.v" 0 --n 3
vips copy "$tmp/mp3.v" "$out/mp.png[compression=9,strip]"

vipsheader "$out"/*
ls -l "$out"
