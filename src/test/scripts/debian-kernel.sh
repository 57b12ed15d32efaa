#!/bin/sh
# Prints the path of a real kernel image from Debian's packages, downloading it on first use.
#
#   debian-kernel.sh [amd64|cloud-amd64|arm64|cloud-arm64] [SUITE]
#
# The image and the package's config are cached outside the repository, in
# ${KEXEC_INSPECT_CACHE:-$HOME/.cache/kexec-inspect}; kernel images and .deb files are never
# committed. The package is the one Debian's metapackage linux-image-<flavour> depends on now
# (override with KEXEC_INSPECT_KERNEL_PKG=linux-image-...).
#
# Without SUITE the system's own package lists decide (run `apt-get update` once, as root, before;
# the arm64 flavours need the foreign architecture too: `dpkg --add-architecture arm64`, then
# `apt-get update`, which .ci/run does). With SUITE (trixie, sid, ...) the script keeps a private
# apt configuration for that suite of deb.debian.org in the cache (sources.list, lists, archives):
# the system's sources are not touched, root is not needed, and the lists are fetched once
# (KEXEC_INSPECT_APT_REFRESH=1 fetches them again).
#
# Layouts: up to Debian 13 the image package ships /boot/vmlinuz-REL and /boot/config-REL; from
# 7.x (unstable) linux-image-REL is a metapackage over linux-binary-REL (the image,
# /usr/lib/modules/REL/vmlinuz) and linux-base-REL (/usr/lib/modules/REL/config), nothing under
# /boot. The cache keeps the package's own paths under $cache/<package>/root/, image and config only.
set -eu

flavour=${1:-amd64}
suite=${2:-}
cache=${KEXEC_INSPECT_CACHE:-${HOME:-/tmp}/.cache/kexec-inspect}

case "$flavour" in
    *arm64) arch=arm64 ;;
    *) arch=$(dpkg --print-architecture) ;;
esac

# apt-get / apt-cache with the system's configuration, or with the suite's private one
if [ -n "$suite" ]; then
    case "$suite" in *[!a-z0-9-]*) echo "debian-kernel.sh: bad suite name '$suite'" >&2; exit 2 ;; esac
    apt_dir="$cache/apt-$suite"
    set -- -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null \
        -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null \
        -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Dir::State::status=/dev/null \
        -o "APT::Architecture=$(dpkg --print-architecture)" -o "APT::Architectures=$(dpkg --print-architecture),arm64"
    [ "$(id -u)" -ne 0 ] || set -- "$@" -o APT::Sandbox::User=root
    if [ "${KEXEC_INSPECT_APT_REFRESH:-0}" = 1 ] || ! ls "$apt_dir"/lists/*_Packages* >/dev/null 2>&1; then
        mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
        echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" \
            >"$apt_dir/sources.list"
        apt-get "$@" -q update >/dev/null || {
            echo "debian-kernel.sh: apt-get update of $suite (private lists in $apt_dir) failed" >&2; exit 1; }
    fi
else
    set --
fi

pkg=${KEXEC_INSPECT_KERNEL_PKG:-}
if [ -z "$pkg" ]; then
    pkg=$(apt-cache "$@" depends "linux-image-$flavour:$arch" 2>/dev/null \
          | awk '/Depends: linux-image-/ {sub(/:.*/, "", $2); print $2; exit}')
fi
if [ -z "$pkg" ]; then
    hint="run apt-get update"
    [ -n "$suite" ] && hint="suite $suite has no linux-image-$flavour:$arch?"
    [ -z "$suite" ] && [ "$arch" != "$(dpkg --print-architecture)" ] && hint="run dpkg --add-architecture $arch && apt-get update"
    echo "debian-kernel.sh: cannot resolve linux-image-$flavour:$arch ($hint)" >&2
    exit 1
fi

dir="$cache/$pkg"
first() {   # the first of the arguments that is a file (globs that matched nothing stay as they are)
    for f in "$@"; do [ -f "$f" ] && { echo "$f"; return 0; }; done
    return 0
}
image=$(first "$dir"/root/boot/vmlinuz-* "$dir"/root/usr/lib/modules/*/vmlinuz)
if [ -z "$image" ] || [ -z "$(first "$dir"/root/boot/config-* "$dir"/root/usr/lib/modules/*/config)" ]; then
    # the 7.x split: the image and the config are in linux-binary-REL and linux-base-REL
    debs=$(apt-cache "$@" depends "$pkg:$arch" 2>/dev/null \
           | awk '/Depends: linux-(binary|base)-/ {sub(/:.*/, "", $2); print $2}' | sort -u)
    [ -n "$debs" ] || debs=$pkg
    mkdir -p "$dir"
    tmp=$(mktemp -d "$dir/.download.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    for deb in $debs; do
        (cd "$tmp" && apt-get "$@" download -q "$deb:$arch" >/dev/null) || {
            echo "debian-kernel.sh: apt-get download $deb:$arch failed" >&2; exit 1; }
    done
    for deb in "$tmp"/*.deb; do
        dpkg-deb -x "$deb" "$tmp/root"
    done
    # keep only the image and its config: the modules are not needed and are large
    (cd "$tmp/root" && for f in boot/vmlinuz-* boot/config-* usr/lib/modules/*/vmlinuz usr/lib/modules/*/config; do
        [ -f "$f" ] || continue
        mkdir -p "$dir/root/$(dirname "$f")"
        mv -f "$f" "$dir/root/$f"
    done)
    image=$(first "$dir"/root/boot/vmlinuz-* "$dir"/root/usr/lib/modules/*/vmlinuz)
    [ -n "$image" ] || { echo "debian-kernel.sh: $debs hold no vmlinuz" >&2; exit 1; }
fi
echo "$image"
