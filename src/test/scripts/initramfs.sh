#!/bin/sh
# Real kernel modules and real initramfs images, made from Debian's kernel packages with the real
# tools, cached outside the repository in ${KEXEC_INSPECT_CACHE:-$HOME/.cache/kexec-inspect}/initramfs
# (nothing here is ever committed).
#
#   initramfs.sh modules FLAVOUR [DEBIAN-VERSION]
#       Prints a directory holding the Hyper-V-related modules of linux-image-FLAVOUR (amd64, arm64)
#       exactly as the package ships them, under their lib/modules/<release>/kernel/... paths, and
#       the files "release" (the module directory's name) and "version" (the package version).
#       Without DEBIAN-VERSION: the version the metapackage depends on now; with one (e.g. 6.1.176-1,
#       bookworm's point release, which apt still lists beside the security update): that one.
#   initramfs.sh images
#       Prints a directory of initramfs images assembled the way Debian does it: an uncompressed
#       early cpio (GNU cpio -H newc, a kernel/x86/microcode tree) followed by the main cpio
#       compressed with the real gzip, zstd, xz, lz4, bzip2, lzma and lzop as mkinitramfs calls them;
#       plus a "crc" early archive, each compressed stream followed by another segment, and zero
#       padding between segments. Beside each IMAGE, IMAGE.segments lists its cpio parts in order
#       ("<compression> <list-file> <offset> <length>"), each list-file the sorted names GNU cpio was
#       given (find . | sort, as mkinitramfs does), offset and length the part's place in IMAGE.
#   initramfs.sh mkinitramfs
#       Prints the path of an image made by Debian's own mkinitramfs (initramfs-tools-core) for the
#       current amd64 kernel, with MODULES=list and the modules listed below. mkinitramfs reads
#       /lib/modules/<release> and /etc/modprobe.d, which this machine does not have: they are
#       provided in a private mount namespace (unshare -m; an overlay on /usr/lib, bind mounts on
#       /etc/modprobe.d and /boot, which it reads for config-<release>), so nothing outside the
#       cache is changed. Exits 77 when the namespace or
#       the overlay cannot be made (not root, or no CAP_SYS_ADMIN in a container).
#
# Needs apt-get, dpkg-deb, cpio, depmod (kmod), the compressors, and for the last command
# initramfs-tools-core and util-linux (unshare); arm64 needs `dpkg --add-architecture arm64` and
# `apt-get update` first, as for debian-kernel.sh.
set -eu

cache=${KEXEC_INSPECT_CACHE:-${HOME:-/tmp}/.cache/kexec-inspect}/initramfs

# the modules the Hyper-V kdump problem involves (hv_vmbus, pci-hyperv, hyperv_drm, nvme: drivers/hv, drivers/pci/controller/pci-hyperv.c, drivers/gpu/drm/hyperv), as paths under kernel/
WANTED="drivers/hv/hv_vmbus drivers/pci/controller/pci-hyperv drivers/pci/controller/pci-hyperv-intf
drivers/gpu/drm/hyperv/hyperv_drm drivers/nvme/host/nvme drivers/nvme/host/nvme-core"

die() { echo "initramfs.sh: $*" >&2; exit 1; }

arch_of() {
    case "$1" in
        *arm64) echo arm64 ;;
        *) dpkg --print-architecture ;;
    esac
}

# package name and version of linux-image-FLAVOUR[=VERSION]
resolve() {
    flavour=$1 version=${2:-} arch=$(arch_of "$1")
    meta="linux-image-$flavour:$arch"
    [ -n "$version" ] && meta="$meta=$version"
    pkg=$(apt-cache depends "$meta" 2>/dev/null | awk '/Depends: linux-image-/ {sub(/:.*/, "", $2); print $2; exit}')
    [ -n "$pkg" ] || die "cannot resolve $meta (run apt-get update; arm64 needs dpkg --add-architecture arm64)"
    if [ -z "$version" ]; then
        version=$(apt-cache policy "linux-image-$flavour:$arch" | awk '/Candidate:/ {print $2; exit}')
    fi
    echo "$pkg $version $arch"
}

# downloads PKG:ARCH=VERSION into DIR and extracts it to DIR/root
download() {
    pkg=$1 version=$2 arch=$3 dir=$4
    (cd "$dir" && apt-get download -q "$pkg:$arch=$version" >/dev/null 2>&1) \
        || die "apt-get download $pkg:$arch=$version failed"
    dpkg-deb -x "$dir"/*.deb "$dir/root"
}

modules() {
    resolved=$(resolve "$@") || exit 1
    set -- $resolved
    pkg=$1 version=$2 arch=$3
    out="$cache/modules/${pkg}_${version}_$arch"
    if [ ! -f "$out/version" ]; then
        tmp=$(mktemp -d "${TMPDIR:-/tmp}/initramfs-sh.XXXXXX")
        trap 'rm -rf "$tmp"' EXIT
        download "$pkg" "$version" "$arch" "$tmp"
        release=$(ls "$tmp/root/lib/modules")
        rm -rf "$out.new"
        mkdir -p "$out.new"
        for m in $WANTED; do
            # whatever suffix the package uses: .ko, .ko.xz, .ko.zst
            for f in "$tmp/root/lib/modules/$release/kernel/$m".ko*; do
                [ -e "$f" ] || continue
                rel=${f#"$tmp/root/"}
                mkdir -p "$out.new/$(dirname "$rel")"
                cp -p "$f" "$out.new/$rel"
            done
        done
        # what depmod reads beside the modules
        for f in modules.order modules.builtin modules.builtin.modinfo; do
            cp -p "$tmp/root/lib/modules/$release/$f" "$out.new/lib/modules/$release/"
        done
        echo "$release" > "$out.new/release"
        echo "$version" > "$out.new/version"
        rm -rf "$out"
        mv "$out.new" "$out"
        rm -rf "$tmp"
        trap - EXIT
    fi
    echo "$out"
}

# cpio of the tree DIR as mkinitramfs makes it; LIST gets the names given to cpio
make_cpio() {
    dir=$1 format=$2 list=$3
    (cd "$dir" && find . | LC_ALL=C sort > "$list" && cpio --quiet --reproducible -o -H "$format" < "$list")
}

# IMAGE PART...: concatenates the parts into $out/IMAGE and describes them in IMAGE.segments, one
# line per part: "<compression> <list-file> <offset> <length>" ("none" for uncompressed cpio); a
# part "pad N" is N NUL bytes and gets no line. $out/PART.cpio.COMPRESSION must exist.
assemble() {
    image=$1
    shift
    : > "$out/$image"
    : > "$out/$image.segments"
    for part in "$@"; do
        set -- $part
        offset=$(stat -c %s "$out/$image")
        if [ "$1" = pad ]; then
            head -c "$2" /dev/zero >> "$out/$image"
            continue
        fi
        if [ "$1" = none ]; then file="$out/$2.cpio"; else file="$out/$2.cpio.$1"; fi
        cat "$file" >> "$out/$image"
        echo "$1 $2.list $offset $(stat -c %s "$file")" >> "$out/$image.segments"
    done
}

images() {
    mods=$(modules amd64) || exit 1
    release=$(cat "$mods/release")
    version=$(cat "$mods/version")
    out="$cache/images-$version"
    if [ -f "$out/done" ]; then
        echo "$out"
        return
    fi
    rm -rf "$out"
    mkdir -p "$out/early/kernel/x86/microcode" "$out/main/etc/modprobe.d" "$out/extra/usr/lib/modprobe.d"
    # The early archive holds constructed stand-ins for microcode blobs (not real microcode, which
    # is not in these packages): only the layout matters, Debian's intel-microcode hook layout.
    head -c 9000 /dev/zero | tr '\0' 'I' > "$out/early/kernel/x86/microcode/GenuineIntel.bin"
    head -c 5000 /dev/zero | tr '\0' 'A' > "$out/early/kernel/x86/microcode/AuthenticAMD.bin"
    cp -a "$mods/lib" "$out/main/"
    # real module dependency files for the tree, from the real depmod
    depmod -b "$out/main" "$release"
    printf '# kexec-inspect test image: keep the synthetic-video DRM driver out of the kdump kernel\nblacklist hyperv_drm\n' \
        > "$out/main/etc/modprobe.d/blacklist-hyperv_drm.conf"
    printf 'options hv_vmbus max_version=0x50005\n' > "$out/extra/usr/lib/modprobe.d/hv_vmbus-extra.conf"

    make_cpio "$out/early" newc "$out/early.list" > "$out/early.cpio"
    make_cpio "$out/early" crc "$out/early-crc.list" > "$out/early-crc.cpio"
    make_cpio "$out/main" newc "$out/main.list" > "$out/main.cpio"
    make_cpio "$out/extra" newc "$out/extra.list" > "$out/extra.cpio"
    gzip -n -c < "$out/extra.cpio" > "$out/extra.cpio.gzip"
    zstd -q -c < "$out/extra.cpio" > "$out/extra.cpio.zstd"

    # the compressors as mkinitramfs calls them (initramfs-tools 0.142, COMPRESS=...)
    for c in "gzip:gzip -n" "zstd:zstd -q" "xz:xz --check=crc32" "lz4:lz4 -l" "bzip2:bzip2" "lzma:lzma" \
             "lzo:lzop"; do
        name=${c%%:*}
        command=${c#*:}
        $command -c < "$out/main.cpio" > "$out/main.cpio.$name"
        assemble "early+$name.img" "none early" "$name main"
        # the same stream followed by another segment, which starts where the tool's stream ended.
        # lz4 -l writes no end mark; the kernel's unlz4 stops at a zero block length: pad first.
        if [ "$name" = lz4 ]; then
            assemble "early+lz4+pad+gzip.img" "none early" "lz4 main" "pad 512" "gzip extra"
        else
            assemble "early+$name+gzip.img" "none early" "$name main" "gzip extra"
        fi
    done
    assemble "early-crc+gzip.img" "none early-crc" "gzip main"
    # two compressed segments with zero padding between them, as the buffer format allows
    assemble "early+gzip+pad+zstd.img" "none early" "gzip main" "pad 1024" "zstd extra"

    rm -f "$out"/*.cpio "$out"/*.cpio.*
    echo "$release" > "$out/release"
    touch "$out/done"
    echo "$out"
}

mkinitramfs_image() {
    command -v mkinitramfs >/dev/null || die "mkinitramfs not found (apt-get install initramfs-tools-core)"
    command -v unshare >/dev/null || die "unshare not found (util-linux)"
    resolved=$(resolve amd64) || exit 1
    set -- $resolved
    pkg=$1 version=$2 arch=$3
    out="$cache/mkinitramfs-$version"
    if [ -f "$out/initrd.img" ]; then
        echo "$out/initrd.img"
        return
    fi
    rm -rf "$out"
    mkdir -p "$out/work/upper/modules" "$out/work/ovl" "$out/work/modprobe.d" "$out/work/boot" "$out/conf"
    trap 'rm -rf "$out/work"' EXIT
    download "$pkg" "$version" "$arch" "$out/work"
    release=$(ls "$out/work/root/lib/modules")
    mv "$out/work/root/lib/modules/$release" "$out/work/upper/modules/"
    # mkinitramfs reads the kernel's config to check the compression is supported (CONFIG_RD_*)
    mv "$out/work/root/boot/config-$release" "$out/work/boot/"
    rm -rf "$out/work/root" "$out/work"/*.deb
    printf '# kexec-inspect test image: keep the synthetic-video DRM driver out of the kdump kernel\nblacklist hyperv_drm\n' \
        > "$out/work/modprobe.d/blacklist-hyperv_drm.conf"
    # a configuration directory of our own: only the listed modules (and what they depend on)
    cp -a /etc/initramfs-tools/. "$out/conf/"
    sed -i 's/^MODULES=.*/MODULES=list/; s/^COMPRESS=.*/COMPRESS=zstd/' "$out/conf/initramfs.conf"
    printf 'hv_vmbus\npci-hyperv\nhyperv_drm\nnvme\n' > "$out/conf/modules"
    echo "$release" > "$out/release"
    cp "$out/conf/modules" "$out/modules.list"
    cp "$out/work/modprobe.d/blacklist-hyperv_drm.conf" "$out/"
    if ! unshare -m true 2>/dev/null; then
        echo "initramfs.sh: cannot make a mount namespace (unshare -m) here" >&2
        rm -rf "$out"
        exit 77
    fi
    status=0
    SOURCE_DATE_EPOCH=1700000000 unshare -m sh -c '
        set -e
        mount --make-rprivate /
        mount -t overlay overlay -o "lowerdir=/usr/lib,upperdir=$1/work/upper,workdir=$1/work/ovl" /usr/lib \
            || exit 77
        mount --bind "$1/work/modprobe.d" /etc/modprobe.d || exit 77
        mount --bind "$1/work/boot" /boot || exit 77
        mkinitramfs -d "$1/conf" -o "$1/initrd.img.new" "$2"
    ' sh "$out" "$release" >"$out/mkinitramfs.log" 2>&1 || status=$?
    if [ "$status" -ne 0 ]; then
        cat "$out/mkinitramfs.log" >&2
        rm -rf "$out"
        [ "$status" -eq 77 ] && exit 77
        die "mkinitramfs failed ($status)"
    fi
    mv "$out/initrd.img.new" "$out/initrd.img"
    rm -rf "$out/work"
    trap - EXIT
    echo "$out/initrd.img"
}

case "${1:-}" in
    modules) shift; modules "$@" ;;
    images) images ;;
    mkinitramfs) mkinitramfs_image ;;
    *) echo "usage: initramfs.sh modules FLAVOUR [DEBIAN-VERSION] | images | mkinitramfs" >&2; exit 2 ;;
esac
