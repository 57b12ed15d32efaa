#!/bin/sh
# Prints the path of a real kernel image from Debian's packages, downloading it on first use.
#
#   debian-kernel.sh [amd64|cloud-amd64|arm64|cloud-arm64]
#
# The image and the package's config-<release> (the /boot layout) are cached outside the
# repository, in ${KEXEC_INSPECT_CACHE:-$HOME/.cache/kexec-inspect}; kernel images and .deb files
# are never committed. The package is the one Debian's metapackage linux-image-<flavour> depends on
# now (override with KEXEC_INSPECT_KERNEL_PKG=linux-image-...).
# Needs apt-get and dpkg-deb, and package lists (run `apt-get update` once, as root, before); the
# arm64 flavours need the foreign architecture too (`dpkg --add-architecture arm64`, then
# `apt-get update`), which .ci/run does.
set -eu

flavour=${1:-amd64}
cache=${KEXEC_INSPECT_CACHE:-${HOME:-/tmp}/.cache/kexec-inspect}

case "$flavour" in
    *arm64) arch=arm64 ;;
    *) arch=$(dpkg --print-architecture) ;;
esac

pkg=${KEXEC_INSPECT_KERNEL_PKG:-}
if [ -z "$pkg" ]; then
    pkg=$(apt-cache depends "linux-image-$flavour:$arch" 2>/dev/null \
          | awk '/Depends: linux-image-/ {sub(/:.*/, "", $2); print $2; exit}')
fi
if [ -z "$pkg" ]; then
    hint="run apt-get update"
    [ "$arch" = "$(dpkg --print-architecture)" ] || hint="run dpkg --add-architecture $arch && apt-get update"
    echo "debian-kernel.sh: cannot resolve linux-image-$flavour:$arch (no package lists? $hint)" >&2
    exit 1
fi

dir="$cache/$pkg"
image=$(ls "$dir"/root/boot/vmlinuz-* 2>/dev/null | head -n 1 || true)
if [ -z "$image" ] || ! ls "$dir"/root/boot/config-* >/dev/null 2>&1; then
    mkdir -p "$dir"
    tmp=$(mktemp -d "$dir/.download.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && apt-get download -q "$pkg:$arch" >/dev/null) || {
        echo "debian-kernel.sh: apt-get download $pkg:$arch failed" >&2; exit 1; }
    dpkg-deb -x "$tmp"/*.deb "$tmp/root"
    # keep only the image and its config: the modules are not needed and are large
    mkdir -p "$dir/root/boot"
    mv -f "$tmp"/root/boot/vmlinuz-* "$tmp"/root/boot/config-* "$dir/root/boot/"
    image=$(ls "$dir"/root/boot/vmlinuz-* | head -n 1)
fi
echo "$image"
