/*
 * reference-blobs.c - write reference binary images of Linux x86 boot and
 * framebuffer structures, filled through the C struct members of the
 * system's own kernel UAPI headers (Debian package linux-libc-dev), so that
 * a decoder can be checked against what the C compiler produces.
 *
 * Usage: reference-blobs OUTDIR
 *
 * Writes (raw, native byte order, exactly sizeof(struct ...) bytes):
 *   OUTDIR/screen_info.bin        struct screen_info        (64 bytes)
 *   OUTDIR/boot_params.bin        struct boot_params        (4096 bytes)
 *   OUTDIR/fb_fix_screeninfo.bin  struct fb_fix_screeninfo
 *   OUTDIR/fb_var_screeninfo.bin  struct fb_var_screeninfo
 *
 * and prints to stdout one line per value it set, read back from the struct:
 *   value <struct> <member path> <decimal unsigned value>
 *   string <struct> <member path> <text>
 *
 * Every scalar gets a distinctive value that uses the member's full width
 * (top byte non-zero); padding/reserved members stay zero.  A few members
 * get realistic values instead so that a parser accepts the zero page
 * (boot flag, "HdrS" magic, protocol version, e820 entries, ...).
 *
 * Build: gcc -std=gnu11 -O0 -Wall -Wextra -Werror -o reference-blobs native-fixtures/reference-blobs.c
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/bootparam.h>
#include <linux/fb.h>
#include <linux/screen_info.h>

/* Running counters, one per member width. */
static unsigned int n8, n16, n32, n64;

/*
 * Next distinctive value for a member of the given width in bytes:
 *   1 byte  0x81, 0x82, ...
 *   2 bytes 0xA101, 0xA102, ...
 *   4 bytes 0xB2C0DE01, 0xB2C0DE02, ...
 *   8 bytes 0xC3F00D01_5EED0001, 0xC3F00D02_5EED0002, ...
 */
static unsigned long long next_value(size_t width)
{
	unsigned long long n;

	switch (width) {
	case 1:
		n = ++n8;
		return 0x80ULL + n;
	case 2:
		n = ++n16;
		return 0xA100ULL + n;
	case 4:
		n = ++n32;
		return 0xB2C0DE00ULL + n;
	case 8:
		n = ++n64;
		return 0xC3F00D005EED0000ULL + (n << 32) + n;
	default:
		fprintf(stderr, "reference-blobs: unexpected width %zu\n", width);
		exit(2);
	}
}

/*
 * PUT: store VAL into (BASE)->MEMBER, then print the value read back.
 * STRUCT is the name of the top-level struct, PREFIX the path of BASE
 * inside it ("" or e.g. "hdr.").
 */
#define PUT(STRUCT, PREFIX, BASE, MEMBER, VAL)                               \
	do {                                                                 \
		(BASE)->MEMBER = (VAL);                                      \
		printf("value %s %s%s %llu\n", (STRUCT), (PREFIX), #MEMBER,  \
		       (unsigned long long)(BASE)->MEMBER);                  \
	} while (0)

/* AUTO: store the next distinctive value of the member's width. */
#define AUTO(STRUCT, PREFIX, BASE, MEMBER)                                   \
	PUT(STRUCT, PREFIX, BASE, MEMBER, next_value(sizeof((BASE)->MEMBER)))

static void fill_screen_info(const char *st, const char *pfx,
			     struct screen_info *si, __u8 is_vga)
{
	AUTO(st, pfx, si, orig_x);
	AUTO(st, pfx, si, orig_y);
	AUTO(st, pfx, si, ext_mem_k);
	AUTO(st, pfx, si, orig_video_page);
	AUTO(st, pfx, si, orig_video_mode);
	AUTO(st, pfx, si, orig_video_cols);
	AUTO(st, pfx, si, flags);
	/* unused2: left zero */
	AUTO(st, pfx, si, orig_video_ega_bx);
	/* unused3: left zero */
	AUTO(st, pfx, si, orig_video_lines);
	PUT(st, pfx, si, orig_video_isVGA, is_vga);
	AUTO(st, pfx, si, orig_video_points);
	AUTO(st, pfx, si, lfb_width);
	AUTO(st, pfx, si, lfb_height);
	AUTO(st, pfx, si, lfb_depth);
	AUTO(st, pfx, si, lfb_base);
	AUTO(st, pfx, si, lfb_size);
	AUTO(st, pfx, si, cl_magic);
	AUTO(st, pfx, si, cl_offset);
	AUTO(st, pfx, si, lfb_linelength);
	AUTO(st, pfx, si, red_size);
	AUTO(st, pfx, si, red_pos);
	AUTO(st, pfx, si, green_size);
	AUTO(st, pfx, si, green_pos);
	AUTO(st, pfx, si, blue_size);
	AUTO(st, pfx, si, blue_pos);
	AUTO(st, pfx, si, rsvd_size);
	AUTO(st, pfx, si, rsvd_pos);
	AUTO(st, pfx, si, vesapm_seg);
	AUTO(st, pfx, si, vesapm_off);
	AUTO(st, pfx, si, pages);
	AUTO(st, pfx, si, vesa_attributes);
	/* 0x3: VIDEO_CAPABILITY_SKIP_QUIRKS | VIDEO_CAPABILITY_64BIT_BASE */
	PUT(st, pfx, si, capabilities, 0x3);
	AUTO(st, pfx, si, ext_lfb_base);
	/* _reserved: left zero */
}

static void fill_setup_header(const char *st, const char *pfx,
			      struct setup_header *h)
{
	AUTO(st, pfx, h, setup_sects);
	AUTO(st, pfx, h, root_flags);
	AUTO(st, pfx, h, syssize);
	AUTO(st, pfx, h, ram_size);
	AUTO(st, pfx, h, vid_mode);
	AUTO(st, pfx, h, root_dev);
	PUT(st, pfx, h, boot_flag, 0xAA55);
	/* bytes 0xeb 0x6a: short jump; 0x202 + 0x6a = 0x26c, the end of the 123-byte header */
	PUT(st, pfx, h, jump, 0x6aeb);
	PUT(st, pfx, h, header, 0x53726448); /* "HdrS" */
	PUT(st, pfx, h, version, 0x020f);
	AUTO(st, pfx, h, realmode_swtch);
	AUTO(st, pfx, h, start_sys_seg);
	AUTO(st, pfx, h, kernel_version);
	AUTO(st, pfx, h, type_of_loader);
	AUTO(st, pfx, h, loadflags);
	AUTO(st, pfx, h, setup_move_size);
	AUTO(st, pfx, h, code32_start);
	AUTO(st, pfx, h, ramdisk_image);
	AUTO(st, pfx, h, ramdisk_size);
	AUTO(st, pfx, h, bootsect_kludge);
	AUTO(st, pfx, h, heap_end_ptr);
	AUTO(st, pfx, h, ext_loader_ver);
	AUTO(st, pfx, h, ext_loader_type);
	AUTO(st, pfx, h, cmd_line_ptr);
	AUTO(st, pfx, h, initrd_addr_max);
	AUTO(st, pfx, h, kernel_alignment);
	AUTO(st, pfx, h, relocatable_kernel);
	AUTO(st, pfx, h, min_alignment);
	AUTO(st, pfx, h, xloadflags);
	AUTO(st, pfx, h, cmdline_size);
	AUTO(st, pfx, h, hardware_subarch);
	AUTO(st, pfx, h, hardware_subarch_data);
	AUTO(st, pfx, h, payload_offset);
	AUTO(st, pfx, h, payload_length);
	AUTO(st, pfx, h, setup_data);
	AUTO(st, pfx, h, pref_address);
	AUTO(st, pfx, h, init_size);
	AUTO(st, pfx, h, handover_offset);
	AUTO(st, pfx, h, kernel_info_offset);
}

/*
 * struct efi_info is not packed, so its address inside the packed
 * struct boot_params must not be taken; go through bp->efi_info.<member>.
 */
static void fill_efi_info(const char *st, struct boot_params *bp)
{
	PUT(st, "", bp, efi_info.efi_loader_signature, 0x34364c45); /* "EL64" */
	AUTO(st, "", bp, efi_info.efi_systab);
	AUTO(st, "", bp, efi_info.efi_memdesc_size);
	AUTO(st, "", bp, efi_info.efi_memdesc_version);
	AUTO(st, "", bp, efi_info.efi_memmap);
	AUTO(st, "", bp, efi_info.efi_memmap_size);
	AUTO(st, "", bp, efi_info.efi_systab_hi);
	AUTO(st, "", bp, efi_info.efi_memmap_hi);
}

static void fill_boot_params(struct boot_params *bp)
{
	const char *st = "boot_params";

	/* VIDEO_TYPE_EFI (0x70) in the zero page's screen_info */
	fill_screen_info(st, "screen_info.", &bp->screen_info, 0x70);
	AUTO(st, "", bp, tboot_addr);
	AUTO(st, "", bp, acpi_rsdp_addr);
	AUTO(st, "", bp, ext_ramdisk_image);
	AUTO(st, "", bp, ext_ramdisk_size);
	AUTO(st, "", bp, ext_cmd_line_ptr);
	AUTO(st, "", bp, cc_blob_address);
	fill_efi_info(st, bp);
	AUTO(st, "", bp, alt_mem_k);
	AUTO(st, "", bp, scratch);
	PUT(st, "", bp, e820_entries, 3);
	PUT(st, "", bp, eddbuf_entries, 0);
	PUT(st, "", bp, edd_mbr_sig_buf_entries, 0);
	AUTO(st, "", bp, kbd_status);
	PUT(st, "", bp, secure_boot, 3);
	PUT(st, "", bp, sentinel, 0);
	fill_setup_header(st, "hdr.", &bp->hdr);

	/*
	 * Three non-overlapping, non-wrapping e820 ranges with
	 * full-width distinctive addresses and sizes, types 1, 2, 3
	 * (E820_TYPE_RAM, E820_TYPE_RESERVED, E820_TYPE_ACPI).
	 */
	PUT(st, "", bp, e820_table[0].addr, 0x11E820A000001000ULL);
	PUT(st, "", bp, e820_table[0].size, 0x01E820A100002000ULL);
	PUT(st, "", bp, e820_table[0].type, 1);
	PUT(st, "", bp, e820_table[1].addr, 0x22E820A200003000ULL);
	PUT(st, "", bp, e820_table[1].size, 0x02E820A300004000ULL);
	PUT(st, "", bp, e820_table[1].type, 2);
	PUT(st, "", bp, e820_table[2].addr, 0x33E820A400005000ULL);
	PUT(st, "", bp, e820_table[2].size, 0x03E820A500006000ULL);
	PUT(st, "", bp, e820_table[2].type, 3);
}

static void fill_fb_fix(struct fb_fix_screeninfo *fix)
{
	const char *st = "fb_fix_screeninfo";
	static const char id[] = "kexec-inspect";

	_Static_assert(sizeof(id) <= sizeof(fix->id), "id does not fit");
	memcpy(fix->id, id, sizeof(id)); /* includes the terminating NUL */
	printf("string %s id %.*s\n", st, (int)strnlen(fix->id, sizeof(fix->id)),
	       fix->id);
	AUTO(st, "", fix, smem_start);
	AUTO(st, "", fix, smem_len);
	AUTO(st, "", fix, type);
	AUTO(st, "", fix, type_aux);
	AUTO(st, "", fix, visual);
	AUTO(st, "", fix, xpanstep);
	AUTO(st, "", fix, ypanstep);
	AUTO(st, "", fix, ywrapstep);
	AUTO(st, "", fix, line_length);
	AUTO(st, "", fix, mmio_start);
	AUTO(st, "", fix, mmio_len);
	AUTO(st, "", fix, accel);
	AUTO(st, "", fix, capabilities);
	/* reserved[2]: left zero */
}

static void fill_bitfield(const char *st, const char *pfx, struct fb_bitfield *b)
{
	AUTO(st, pfx, b, offset);
	AUTO(st, pfx, b, length);
	AUTO(st, pfx, b, msb_right);
}

static void fill_fb_var(struct fb_var_screeninfo *var)
{
	const char *st = "fb_var_screeninfo";

	AUTO(st, "", var, xres);
	AUTO(st, "", var, yres);
	AUTO(st, "", var, xres_virtual);
	AUTO(st, "", var, yres_virtual);
	AUTO(st, "", var, xoffset);
	AUTO(st, "", var, yoffset);
	AUTO(st, "", var, bits_per_pixel);
	AUTO(st, "", var, grayscale);
	fill_bitfield(st, "red.", &var->red);
	fill_bitfield(st, "green.", &var->green);
	fill_bitfield(st, "blue.", &var->blue);
	fill_bitfield(st, "transp.", &var->transp);
	AUTO(st, "", var, nonstd);
	AUTO(st, "", var, activate);
	AUTO(st, "", var, height);
	AUTO(st, "", var, width);
	AUTO(st, "", var, accel_flags);
	AUTO(st, "", var, pixclock);
	AUTO(st, "", var, left_margin);
	AUTO(st, "", var, right_margin);
	AUTO(st, "", var, upper_margin);
	AUTO(st, "", var, lower_margin);
	AUTO(st, "", var, hsync_len);
	AUTO(st, "", var, vsync_len);
	AUTO(st, "", var, sync);
	AUTO(st, "", var, vmode);
	AUTO(st, "", var, rotate);
	AUTO(st, "", var, colorspace);
	/* reserved[4]: left zero */
}

static int write_blob(const char *dir, const char *name, const void *data,
		      size_t len)
{
	char path[4096];
	FILE *f;
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		fprintf(stderr, "reference-blobs: path too long: %s/%s\n", dir, name);
		return -1;
	}
	f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "reference-blobs: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fwrite(data, 1, len, f) != len) {
		fprintf(stderr, "reference-blobs: %s: write failed\n", path);
		fclose(f);
		return -1;
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "reference-blobs: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct screen_info si;
	static struct boot_params bp;
	static struct fb_fix_screeninfo fix;
	static struct fb_var_screeninfo var;
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTDIR\n", argc > 0 ? argv[0] : "reference-blobs");
		return 2;
	}

	/* Everything not set below (padding, reserved, other members) is zero. */
	memset(&si, 0, sizeof(si));
	memset(&bp, 0, sizeof(bp));
	memset(&fix, 0, sizeof(fix));
	memset(&var, 0, sizeof(var));

	/* VIDEO_TYPE_VLFB (0x23) in the standalone screen_info */
	fill_screen_info("screen_info", "", &si, 0x23);
	fill_boot_params(&bp);
	fill_fb_fix(&fix);
	fill_fb_var(&var);

	if (fflush(stdout) != 0)
		rc = 1;
	if (write_blob(argv[1], "screen_info.bin", &si, sizeof(si)) ||
	    write_blob(argv[1], "boot_params.bin", &bp, sizeof(bp)) ||
	    write_blob(argv[1], "fb_fix_screeninfo.bin", &fix, sizeof(fix)) ||
	    write_blob(argv[1], "fb_var_screeninfo.bin", &var, sizeof(var)))
		rc = 1;
	return rc;
}
