#!/bin/sh
# Prints the path of a real kernel image from Debian's packages, downloading it on first use.
#
#   debian-kernel.sh [amd64|cloud-amd64]
#
# The image is cached outside the repository, in ${KEXEC_INSPECT_CACHE:-$HOME/.cache/kexec-inspect};
# kernel images and .deb files are never committed. The package is the one Debian's metapackage
# linux-image-<flavour> depends on now (override with KEXEC_INSPECT_KERNEL_PKG=linux-image-...).
# Needs apt-get and dpkg-deb, and package lists (run `apt-get update` once, as root, before).
set -eu

flavour=${1:-amd64}
cache=${KEXEC_INSPECT_CACHE:-${HOME:-/tmp}/.cache/kexec-inspect}

pkg=${KEXEC_INSPECT_KERNEL_PKG:-}
if [ -z "$pkg" ]; then
    pkg=$(apt-cache depends "linux-image-$flavour" 2>/dev/null \
          | awk '/Depends: linux-image-/ {print $2; exit}')
fi
if [ -z "$pkg" ]; then
    echo "debian-kernel.sh: cannot resolve linux-image-$flavour (no package lists? run apt-get update)" >&2
    exit 1
fi

dir="$cache/$pkg"
image=$(ls "$dir"/root/boot/vmlinuz-* 2>/dev/null | head -n 1 || true)
if [ -z "$image" ]; then
    mkdir -p "$dir"
    tmp=$(mktemp -d "$dir/.download.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && apt-get download -q "$pkg" >/dev/null) || {
        echo "debian-kernel.sh: apt-get download $pkg failed" >&2; exit 1; }
    dpkg-deb -x "$tmp"/*.deb "$tmp/root"
    # keep only the image: the modules are not needed and are large
    mkdir -p "$dir/root/boot"
    mv "$tmp"/root/boot/vmlinuz-* "$dir/root/boot/"
    image=$(ls "$dir"/root/boot/vmlinuz-* | head -n 1)
fi
echo "$image"
