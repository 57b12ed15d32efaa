#!/bin/sh
# Rebuilds the fuzz seed corpus under src/test/resources/org/kexecinspect/fuzz/ from real inputs:
# the head of Debian's real kernels (src/test/scripts/debian-kernel.sh), the real dumps in
# native-fixtures/, the fixtures under src/test/resources, and streams made by the real
# gzip/bzip2/lzma/xz/lz4/zstd/lzop/cpio tools. README.md there lists every file and its source.
# Files are small (<= 64 KiB); no whole kernel image is written. Needs python3 and those tools.
#
#   sh src/fuzz/seeds.sh
set -eu
cd "$(dirname "$0")/../.."
out=src/test/resources/org/kexecinspect/fuzz
amd64=$(sh src/test/scripts/debian-kernel.sh amd64)
arm64=$(sh src/test/scripts/debian-kernel.sh arm64)
rel_amd64=$(basename "$amd64" | sed 's/^vmlinuz-//')
rel_arm64=$(basename "$arm64" | sed 's/^vmlinuz-//')
q=native-fixtures/captures/qemu-ovmf-debian-6.1
hv=native-fixtures/hyperv-captures
res=src/test/resources/org/kexecinspect
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

seeds() { d="$out/$1Inputs/$2"; mkdir -p "$d"; echo "$d"; }

# --- x86 ---------------------------------------------------------------------------------------
d=$(seeds X86FuzzTest x86Kernel)
head -c 16384 "$amd64" > "$d/debian-$rel_amd64-head16k.bin"
# The real setup sectors and the first bytes of the protected-mode code, then a tiny xz payload
# (kernel flags: xz --check=crc32) of real arm64 Image bytes with the real banner; payload_offset,
# payload_length and syssize patched to match, so --deep reaches the decoder and the banner scan.
grep_off=$(grep -a -b -o -m1 'Linux version 6' "$arm64" | head -n 1 | cut -d: -f1)
{ head -c 8192 "$arm64"; tail -c +"$((grep_off + 1))" "$arm64" | head -c 512; } > "$tmp/plain"
python3 - "$amd64" "$tmp/plain" "$d/debian-$rel_amd64-setup-with-tiny-xz-payload.bin" <<'PY'
import struct, subprocess, sys
img = open(sys.argv[1], 'rb').read(1 << 16)
setup = (img[0x1f1] or 4) + 1
pm = setup * 512
payload_off = struct.unpack_from('<I', img, 0x248)[0]
xz = subprocess.run(['xz', '--check=crc32', '-9', '-c', sys.argv[2]], capture_output=True, check=True).stdout
out = bytearray(img[:pm + payload_off]) + xz + bytes(16)
struct.pack_into('<I', out, 0x24c, len(xz))
struct.pack_into('<I', out, 0x1f4, (len(out) - pm + 15) // 16)
open(sys.argv[3], 'wb').write(out)
PY
d=$(seeds X86FuzzTest bootParams)
cp $q/bochs-drm/first/boot_params.bin "$d/qemu-ovmf-bochs-drm-first.boot_params.bin"
cp $q/efifb-kexec_load/first/boot_params.bin "$d/qemu-ovmf-efifb-first.boot_params.bin"
cp $q/efifb-kexec_load/kdump/boot_params.bin "$d/qemu-ovmf-efifb-kdump.boot_params.bin"
cp $hv/gen2-local-x86/sys/kernel/boot_params/data "$d/hyperv-gen2-local-x86-constructed.boot_params.bin"
d=$(seeds X86FuzzTest screenInfo)
cp $q/bochs-drm/first/screen_info_global.bin "$d/qemu-ovmf-bochs-drm.screen_info.bin"
head -c 64 $q/efifb-kexec_load/kdump/boot_params.bin > "$d/qemu-ovmf-efifb-kdump-head64.screen_info.bin"
d=$(seeds X86FuzzTest setupDataNode)
# FuzzedDataProvider: bytes from the front are the payload, the integers from the back pick the
# index and type; a real e820 row set (the boot_params table) and a PCI header-sized blob.
python3 - $q/efifb-kexec_load/first/boot_params.bin "$d" <<'PY'
import sys
bp = open(sys.argv[1], 'rb').read()
n = bp[0x1e8]
rows = bp[0x2d0:0x2d0 + 20 * max(n, 1)]
# trailing bytes read backwards: consumeInt(0,255) index, consumeBoolean, consumeInt(0,12) type, consumeBoolean
open(sys.argv[2] + '/e820-rows-from-qemu-efifb-boot_params.bin', 'wb').write(rows + bytes([0, 1, 0, 1]))
open(sys.argv[2] + '/dtb-magic-16-bytes.bin', 'wb').write(bytes.fromhex('d00dfeed000000400000003800000000') + bytes([0, 2, 1, 1]))
PY
d=$(seeds X86FuzzTest bootParamsDirectory)
cat $q/efifb-kexec_load/first/boot_params.bin > "$d/qemu-ovmf-efifb-first-page-only.bin"
{ cat $q/efifb-kexec_load/first/boot_params.bin; printf '0x020f\n\001\002\003\004\005\006\007'; } > "$d/qemu-ovmf-efifb-first-page-and-tail.bin"

# --- arm64 -------------------------------------------------------------------------------------
d=$(seeds Arm64FuzzTest arm64Kernel)
head -c 16384 "$arm64" > "$d/debian-$rel_arm64-head16k.bin"
{ head -c 16384 "$arm64"; tail -c +"$((grep_off + 1))" "$arm64" | head -c 512; } | gzip -9n > "$d/debian-$rel_arm64-head16k-and-banner.gz"
python3 - "$tmp/plain" "$d/zboot-gzip-of-debian-$rel_arm64-head-and-banner.bin" <<'PY'
import struct, subprocess, sys
gz = subprocess.run(['gzip', '-9n', '-c', sys.argv[1]], capture_output=True, check=True).stdout
# the layout of drivers/firmware/efi/libstub/zboot-header.S, as EfiZbootTest builds it
h = bytearray(0x1000)
struct.pack_into('<I', h, 0, 0x5a4d); h[4:8] = b'zimg'
struct.pack_into('<II', h, 8, 0x1000, len(gz)); h[0x18:0x1c] = b'gzip'
struct.pack_into('<II', h, 0x38, 0x818223cd, 0x40); h[0x40:0x46] = b'PE\0\0\x64\xaa'
open(sys.argv[2], 'wb').write(bytes(h) + gz)
PY
d2=$(seeds Arm64FuzzTest efiZbootHeader)
head -c 4096 "$d/zboot-gzip-of-debian-$rel_arm64-head-and-banner.bin" > "$d2/zboot-gzip-head4k.bin"
head -c 4096 "$arm64" > "$d2/debian-$rel_arm64-raw-head4k-not-zboot.bin"

# --- payload decoders --------------------------------------------------------------------------
head -c 2097152 /dev/zero > "$tmp/zeros"
d=$(seeds PayloadFuzzTest gzip); gzip -9n -c "$tmp/plain" > "$d/arm64-head-and-banner.gz"; gzip -9n -c "$tmp/zeros" > "$d/zeros-2MiB-over-cap.gz"
d=$(seeds PayloadFuzzTest bzip2); bzip2 -9 -c "$tmp/plain" > "$d/arm64-head-and-banner.bz2"; bzip2 -9 -c "$tmp/zeros" > "$d/zeros-2MiB-over-cap.bz2"
d=$(seeds PayloadFuzzTest lzma); lzma -9 -c "$tmp/plain" > "$d/arm64-head-and-banner.lzma"; lzma -9 -c "$tmp/zeros" > "$d/zeros-2MiB-over-cap.lzma"
d=$(seeds PayloadFuzzTest xz); xz --check=crc32 -9 -c "$tmp/plain" > "$d/arm64-head-and-banner.xz"; xz --check=crc32 -c "$tmp/zeros" > "$d/zeros-2MiB-over-cap.xz"
d=$(seeds PayloadFuzzTest lz4Legacy); lz4 -q -l -9 -c "$tmp/plain" > "$d/arm64-head-and-banner.lz4"; lz4 -q -l -c "$tmp/zeros" > "$d/zeros-2MiB-over-cap.lz4"
d=$(seeds PayloadFuzzTest zstd); zstd -q -19 -c "$tmp/plain" > "$d/arm64-head-and-banner.zst"; zstd -q -c "$tmp/zeros" > "$d/zeros-2MiB-over-cap.zst"
d=$(seeds PayloadFuzzTest lzo); lzop -9 -c "$tmp/plain" > "$d/arm64-head-and-banner.lzo"; lzop -c "$tmp/zeros" > "$d/zeros-2MiB-over-cap.lzo"

# --- framebuffer -------------------------------------------------------------------------------
d=$(seeds FbFuzzTest fbFixLp64)
cp $q/bochs-drm/first/fb_fix.bin "$d/qemu-bochs-drm.fb_fix.bin"
cp $q/efifb-kexec_load/first/fb_fix.bin "$d/qemu-efifb.fb_fix.bin"
d=$(seeds FbFuzzTest fbFixIlp32)
# the efifb LP64 dump re-laid out field by field as ILP32 (include/uapi/linux/fb.h, 32-bit longs)
python3 - $q/efifb-kexec_load/first/fb_fix.bin "$d/qemu-efifb-as-ilp32.fb_fix.bin" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
ident = b[:16]
smem_start, = struct.unpack_from('<Q', b, 16)
smem_len, typ, aux, visual = struct.unpack_from('<IIII', b, 24)
xp, yp, yw = struct.unpack_from('<HHH', b, 40)
line, = struct.unpack_from('<I', b, 48)
mmio_start, = struct.unpack_from('<Q', b, 56)
mmio_len, accel = struct.unpack_from('<II', b, 64)
caps, r0, r1 = struct.unpack_from('<HHH', b, 72)
o = ident + struct.pack('<IIIIIHHHHI', smem_start & 0xffffffff, smem_len, typ, aux, visual, xp, yp, yw, 0, line)
o = o[:44] + struct.pack('<I', line)
o += struct.pack('<IIIHHH', mmio_start & 0xffffffff, mmio_len, accel, caps, r0, r1)
o = o.ljust(68, b'\0')
assert len(o) == 68
open(sys.argv[2], 'wb').write(o)
PY
d=$(seeds FbFuzzTest fbVar)
cp $q/bochs-drm/first/fb_var.bin "$d/qemu-bochs-drm.fb_var.bin"
cp $q/efifb-kexec_load/first/fb_var.bin "$d/qemu-efifb.fb_var.bin"
d=$(seeds FbFuzzTest fbsetText)
cp $res/fb/ssd130x-lkml-2023.fbset-i.txt "$d/ssd130x-lkml-2023.fbset-i.txt"
[ -f $hv/gen2-local-x86/kexec-inspect/fbset-i.txt ] && cp $hv/gen2-local-x86/kexec-inspect/fbset-i.txt "$d/hyperv-gen2-local-x86-constructed.fbset-i.txt"
d=$(seeds FbFuzzTest procFb)
cp $q/bochs-drm/first/proc_fb.txt "$d/qemu-bochs-drm.proc_fb.txt"
cp $hv/gen2-local-x86/proc/fb "$d/hyperv-gen2-local-x86-constructed.proc_fb.txt"

# --- text --------------------------------------------------------------------------------------
d=$(seeds TextFuzzTest iomem)
cp native-fixtures/captures/real-world/decui-2026-gen1-local-7680x4320.iomem.txt "$d/"
cp $q/efifb-kexec_load/first/iomem.txt "$d/qemu-ovmf-efifb-first.iomem.txt"
cp $res/format/text/iomem/*.iomem.txt "$d/"
d=$(seeds TextFuzzTest kernelConfig)
cfg=$(dirname "$amd64")/config-$rel_amd64
head -n 1200 "$cfg" > "$d/debian-config-$rel_amd64-first-1200-lines.txt"
d=$(seeds TextFuzzTest kdumpTools)
cp $res/kdump/debian-12-kdump-tools-1.8.1.etc-default-kdump-tools "$d/"
cp $hv/sources/debian-kdump-tools-1.8.1.conf "$d/"
d=$(seeds TextFuzzTest sysconfigKdump)
cp $res/kdump/fedora-kdump-utils.etc-sysconfig-kdump.x86_64 "$d/"
d=$(seeds TextFuzzTest kdumpConf)
cp $res/kdump/fedora-kdump-utils.etc-kdump.conf.x86_64 "$d/"
d=$(seeds TextFuzzTest kexecCmd)
cp $q/bochs-drm/first/kexec_cmd.txt "$d/qemu-bochs-drm.kexec_cmd.txt"
cp $q/efifb-kexec_load/first/kexec_cmd.txt "$d/qemu-efifb.kexec_cmd.txt"
d=$(seeds TextFuzzTest kernelCmdline)
cp $q/bochs-drm/first/cmdline.txt "$d/qemu-bochs-drm.cmdline.txt"
cp $res/kdump/hyperv-gen2-arch-5.13.cmdline.txt "$d/"
d=$(seeds TextFuzzTest detectedArtifact)
cp $q/efifb-kexec_load/first/fb_fix.bin "$d/qemu-efifb.fb_fix.bin"
cp $q/efifb-kexec_load/first/fb_var.bin "$d/qemu-efifb.fb_var.bin"
cp $q/efifb-kexec_load/first/iomem.txt "$d/qemu-efifb.iomem.txt"
cp $q/efifb-kexec_load/first/kexec_cmd.txt "$d/qemu-efifb.kexec_cmd.txt"
cp $q/bochs-drm/first/screen_info_global.bin "$d/qemu-bochs-drm.screen_info.bin"
cp $q/efifb-kexec_load/kdump/boot_params.bin "$d/qemu-efifb-kdump.boot_params.bin"
cp $res/fb/ssd130x-lkml-2023.fbset-i.txt "$d/"
cp $res/kdump/debian-12-kdump-tools-1.8.1.etc-default-kdump-tools "$d/"
cp $res/kdump/fedora-kdump-utils.etc-kdump.conf.x86_64 "$d/"

# --- the whole inspect command --------------------------------------------------------------------
d=$(seeds CliFuzzTest inspect)
cp "$out"/TextFuzzTestInputs/detectedArtifact/* "$d/"
cp "$out"/X86FuzzTestInputs/x86Kernel/*-setup-with-tiny-xz-payload.bin "$out"/Arm64FuzzTestInputs/arm64Kernel/zboot-gzip-* "$d/"

# --- initramfs ---------------------------------------------------------------------------------
d=$(seeds InitramfsFuzzTest cpio)
mkdir -p "$tmp/root/etc/modprobe.d" "$tmp/root/usr/lib/modules/$rel_amd64/kernel/drivers/video/fbdev" "$tmp/early/kernel/x86/microcode"
cp $res/kdump/debian-12-udev.modprobe.d-fbdev-blacklist.conf "$tmp/root/etc/modprobe.d/fbdev-blacklist.conf"
printf 'options hyperv_fb\n' > "$tmp/root/etc/modprobe.d/hyperv.conf"
head -c 1024 "$cfg" > "$tmp/root/usr/lib/modules/$rel_amd64/kernel/drivers/video/fbdev/hyperv_fb.ko"
cp $res/kdump/debian-6.1.0-56-amd64.modules.builtin "$tmp/root/usr/lib/modules/$rel_amd64/modules.builtin"
printf 'GenuineIntel.bin' > "$tmp/early/kernel/x86/microcode/GenuineIntel.bin"
(cd "$tmp/root" && find . | LC_ALL=C sort | cpio --quiet -o -H newc --reproducible) > "$tmp/main.cpio"
(cd "$tmp/early" && find . | LC_ALL=C sort | cpio --quiet -o -H newc --reproducible) > "$tmp/early.cpio"
cp "$tmp/main.cpio" "$d/tiny-newc.cpio"
(cd "$tmp/root" && find . | LC_ALL=C sort | cpio --quiet -o -H crc --reproducible) > "$d/tiny-crc.cpio"
gzip -9n -c "$tmp/main.cpio" > "$d/tiny-newc.cpio.gz"
zstd -q -19 -c "$tmp/main.cpio" > "$d/tiny-newc.cpio.zst"
{ cat "$tmp/early.cpio"; gzip -9n -c "$tmp/main.cpio"; } > "$d/early-microcode-cpio-then-gzip-main.img"

# --- captures ----------------------------------------------------------------------------------
d=$(seeds CaptureFuzzTest rawArchive)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C $hv/gen2-local-x86 -cf - etc proc kexec-inspect > "$d/hyperv-gen2-local-x86-constructed-etc-proc.tar"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C $hv/gen2-local-x86 -cf - . | gzip -9n > "$d/hyperv-gen2-local-x86-constructed.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C $hv/gen1-local-x86 -cf - . | xz -9 > "$d/hyperv-gen1-local-x86-constructed.tar.xz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C $hv/gen2-local-arm64 -cf - . | zstd -q -19 > "$d/hyperv-gen2-local-arm64-constructed.tar.zst"
for m in tar tarGz; do
    d=$(seeds CaptureFuzzTest $m)
    # FuzzedDataProvider input: real files' bytes; the fuzzer finds the entry structure
    cp $hv/gen2-local-x86/proc/iomem "$d/hyperv-gen2-local-x86-constructed.proc-iomem.txt"
    cp $hv/gen2-local-x86/kexec-inspect/manifest.json "$d/hyperv-gen2-local-x86-constructed.manifest.json"
done
find "$out" -type f -size +64k -print | sed 's/^/too large: /' >&2
