#!/bin/sh
# kiosk-assets.sh WEBDIR OUTDIR - put the kiosk's static files in OUTDIR:
# only what the pages use from Det Fælles Designsystem (npm dkfds in
# WEBDIR/node_modules): the borger.dk theme CSS, the IBM Plex Sans
# woff2/woff fonts with their licence, a sprite of the few icons the pages
# name, and the design system's licence; plus our own WEBDIR/kiosk.css.
# The CSS refers to ../fonts/... and ../img/..., so the layout under
# OUTDIR mirrors dkfds' dist/ for the files kept.
#
# Arabic: Noto Sans Arabic regular and bold from Debian's fonts-noto-core
# (NOTO_DIR, default /usr/share/fonts/truetype/noto) go to
# fonts/NotoSansArabic/ with their licence, and WEBDIR/kiosk-arabic.css
# (the @font-face rules) is appended to kiosk.css.  Without the package
# the kiosk.css has no @font-face (so no browser asks for a missing file),
# this script warns and the kiosk logs once at start: Arabic pages then
# use the browser's own Arabic font.
#
# Without node_modules (scripts/deps.sh not run) it still writes kiosk.css
# and warns: the kiosk works, unstyled.
set -eu

ICONS="lock check info warning error success"

web=${1:?usage: kiosk-assets.sh WEBDIR OUTDIR}
out=${2:?usage: kiosk-assets.sh WEBDIR OUTDIR}
dist="$web/node_modules/dkfds/dist"
tmp="$out.tmp.$$"

trap 'rm -rf "$tmp"' EXIT
rm -rf "$tmp"
mkdir -p "$tmp"
cp "$web/kiosk.css" "$tmp/kiosk.css"

# arabic_font: copy Noto Sans Arabic and its @font-face rules, or warn.
arabic_font() {
	noto=${NOTO_DIR:-/usr/share/fonts/truetype/noto}
	if [ ! -f "$noto/NotoSansArabic-Regular.ttf" ] ||
	    [ ! -f "$noto/NotoSansArabic-Bold.ttf" ]; then
		echo "kiosk-assets.sh: no Noto Sans Arabic in $noto" \
		    "(Debian fonts-noto-core, scripts/deps.sh); Arabic pages" \
		    "will use the browser's own font" >&2
		return 0
	fi
	mkdir -p "$tmp/fonts/NotoSansArabic"
	cp "$noto/NotoSansArabic-Regular.ttf" "$noto/NotoSansArabic-Bold.ttf" \
	    "$tmp/fonts/NotoSansArabic/"
	lic=${NOTO_LICENSE:-/usr/share/doc/fonts-noto-core/copyright}
	if [ -f "$lic" ]; then
		cp "$lic" "$tmp/fonts/NotoSansArabic/license.txt"
	fi
	{ echo; cat "$web/kiosk-arabic.css"; } >> "$tmp/kiosk.css"
}
arabic_font

if [ ! -f "$dist/css/dkfds-borgerdk.min.css" ]; then
	echo "kiosk-assets.sh: $dist not found (run scripts/deps.sh);" \
	    "the kiosk will have no design" >&2
	rm -rf "$out"
	mv "$tmp" "$out"
	trap - EXIT
	exit 0
fi

mkdir -p "$tmp/css" "$tmp/img" "$tmp/fonts/IBMPlexSans/complete"
cp "$dist/css/dkfds-borgerdk.min.css" "$tmp/css/"
for kind in woff2 woff; do
	mkdir -p "$tmp/fonts/IBMPlexSans/complete/$kind"
	cp "$dist/fonts/IBMPlexSans/complete/$kind"/*."$kind" \
	    "$tmp/fonts/IBMPlexSans/complete/$kind/"
done
cp "$dist/fonts/IBMPlexSans/complete/woff2/license.txt" \
    "$tmp/fonts/IBMPlexSans/license.txt"
cp "$web/node_modules/dkfds/LICENSE.md" "$tmp/LICENSE-dkfds.txt"

# A sprite with only the icons the templates use (<use href="...#name">).
pattern=$(echo "$ICONS" | sed 's/ /|/g')
{
	printf '<?xml version="1.0" encoding="UTF-8"?>'
	printf '<svg xmlns="http://www.w3.org/2000/svg">'
	sed -e 's#<symbol#\n<symbol#g' -e 's#</symbol>#</symbol>\n#g' \
	    "$dist/img/all-svg-icons.svg" |
	    grep -E "^<symbol id=\"($pattern)\"" | tr -d '\n'
	printf '</svg>\n'
} > "$tmp/img/kiosk-icons.svg"
n=$(grep -o '<symbol ' "$tmp/img/kiosk-icons.svg" | wc -l)
[ "$n" -eq "$(echo "$ICONS" | wc -w)" ] ||
    { echo "kiosk-assets.sh: found $n of the icons: $ICONS" >&2; exit 1; }

touch "$tmp/.stamp"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
