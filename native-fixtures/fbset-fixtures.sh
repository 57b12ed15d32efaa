#!/bin/sh
# Regenerates native-fixtures/fbset/: runs the real `fbset -i` (Debian package fbset) on framebuffer
# structs that this machine does not have, through the LD_PRELOAD shim fbset-shim.c. For each case it
# keeps the raw inputs (<case>.fix = struct fb_fix_screeninfo, <case>.var = struct fb_var_screeninfo,
# as FBIOGET_FSCREENINFO / FBIOGET_VSCREENINFO return them on this ABI) and fbset's stdout (<case>.txt).
# Real captures are copied from native-fixtures/captures; the other cases are built member by member
# with fb-construct.c. See native-fixtures/fbset/README.md.
#
# Needs: gcc, linux-libc-dev, fbset (apt-get install -y fbset). Run from anywhere:
#   sh native-fixtures/fbset-fixtures.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="$here/fbset"
captures="$here/captures/qemu-ovmf-debian-6.1"
fbset=$(command -v fbset || true)
[ -n "$fbset" ] || { echo "fbset is not installed: apt-get install -y fbset" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -shared -fPIC -o "$work/fbset-shim.so" "$here/fbset-shim.c" -ldl
gcc -std=gnu11 -O0 -Wall -Wextra -Werror -o "$work/fb-construct" "$here/fb-construct.c"
mkdir -p "$out"

# run CASE: fbset -i on CASE.fix/CASE.var, stdout into CASE.txt (fbset's exit status must be 0)
run() {
    FBSHIM_DEVICE=/dev/fb0 FBSHIM_FIX="$out/$1.fix" FBSHIM_VAR="$out/$1.var" LD_PRELOAD="$work/fbset-shim.so" \
        "$fbset" -i -fb /dev/fb0 > "$out/$1.txt"
}

# real: CASE DIR  (copies DIR/fb_fix.bin and DIR/fb_var.bin)
real() {
    cp "$captures/$2/fb_fix.bin" "$out/$1.fix"
    cp "$captures/$2/fb_var.bin" "$out/$1.var"
    run "$1"
}

# constructed: CASE member=value...
constructed() {
    name=$1
    shift
    "$work/fb-construct" "$out/$name.fix" "$out/$name.var" "$@"
    run "$name"
}

real efifb-qemu efifb-kexec_load/first
real bochs-drm-qemu bochs-drm/first

constructed hyperv_fb id=hyperv_fb smem_start=0xf8000000 smem_len=0x800000 visual=2 line_length=4096 \
    xres=1024 yres=768 xres_virtual=1024 yres_virtual=768 bits_per_pixel=32 \
    red=16/8 green=8/8 blue=0/8 transp=24/8

constructed hyperv_drm id=hyperv_drmdrmfb smem_start=0 smem_len=0x300000 visual=2 xpanstep=1 ypanstep=1 \
    line_length=4096 xres=1024 yres=768 xres_virtual=1024 yres_virtual=768 bits_per_pixel=32 \
    red=16/8 green=8/8 blue=0/8 transp=0/0 accel_flags=1

constructed vesafb-16bpp id="VESA VGA" smem_start=0xe0000000 smem_len=0x300000 visual=2 line_length=2048 \
    xres=1024 yres=768 xres_virtual=1024 yres_virtual=1536 bits_per_pixel=16 \
    red=11/5 green=5/6 blue=0/5 transp=0/0 pixclock=12714 left_margin=128 right_margin=32 \
    upper_margin=16 lower_margin=4 hsync_len=128 vsync_len=4 height=4294967295 width=4294967295

constructed efifb-above-4g id="EFI VGA" smem_start=0x4000000000 smem_len=0x7e9000 visual=2 line_length=7680 \
    xres=1920 yres=1080 xres_virtual=1920 yres_virtual=1080 bits_per_pixel=32 \
    red=16/8 green=8/8 blue=0/8 transp=24/8

# Lines fbset prints only for unusual structs: MMIO, interleaved planes, unknown accelerator, every
# sync/vmode flag plus a sync bit outside the known ones, nonstd, grayscale, a size above 2^31 (%d).
constructed odd-interleaved id=kexec-inspect smem_start=0xa0000 smem_len=0x80000000 type=2 type_aux=2 \
    visual=3 xpanstep=8 ypanstep=2 ywrapstep=1 line_length=640 mmio_start=0xfe000000 mmio_len=0x4000 \
    accel=999 capabilities=1 \
    xres=640 yres=480 xres_virtual=640 yres_virtual=960 bits_per_pixel=8 grayscale=1 \
    red=0/8 green=0/8 blue=0/8 nonstd=1 accel_flags=1 pixclock=39721 left_margin=40 right_margin=24 \
    upper_margin=32 lower_margin=11 hsync_len=96 vsync_len=2 sync=0x13f vmode=1

# Text type with a named type_aux, an unknown visual, a named accelerator, double scan, a virtual
# width of 2^32-1 (printed with %d).
constructed odd-text id=vgacon-like smem_start=0xb8000 smem_len=0x8000 type=3 type_aux=1 visual=9 \
    line_length=160 accel=1 \
    xres=640 yres=400 xres_virtual=4294967295 yres_virtual=400 bits_per_pixel=4 \
    red=0/4 green=0/4 blue=0/4 vmode=2

# A type fbset does not know (type_aux on its own line), static pseudocolour, a 15-character id (the
# longest that fits with its NUL).
constructed odd-unknown-type id=abcdefghijklmno smem_start=0xfd000000 smem_len=65536 type=7 type_aux=5 \
    visual=5 line_length=80 xres=640 yres=480 xres_virtual=640 yres_virtual=480 bits_per_pixel=1

# VGA planes with a named type_aux, the MONO10 visual.
constructed odd-vga-planes id=vga16 smem_start=0xa0000 smem_len=65536 type=4 type_aux=2 visual=1 \
    line_length=80 xres=640 yres=480 xres_virtual=640 yres_virtual=480 bits_per_pixel=4 \
    red=0/6 green=0/6 blue=0/6

dpkg-query -W -f='${Package} ${Version} ${Architecture}\n' fbset > "$out/fbset-version.txt"
echo "wrote $(ls "$out"/*.fix | wc -l) cases into $out"
