/*
 * read-blob.c - read a blob written by another program into the real
 * struct screen_info or struct boot_params of the system's own kernel UAPI
 * headers (Debian package linux-libc-dev), and print members as the C
 * compiler sees them, so that an encoder can be checked against the ABI.
 *
 * Usage: read-blob FILE
 *
 * FILE is chosen by its size:
 *   sizeof(struct boot_params)  (4096)  a zero page
 *   sizeof(struct screen_info)  (64)    a bare screen_info
 *
 * Output (stdout), one line each, decimal unsigned values:
 *   struct <boot_params|screen_info>
 *   screen_info.<member> <value>          every member, in declaration order
 *                                         (_reserved as _reserved[0], _reserved[1])
 * and for a zero page also:
 *   hdr.type_of_loader, hdr.version, hdr.xloadflags, hdr.hardware_subarch,
 *   acpi_rsdp_addr, efi_info.efi_loader_signature, efi_info.efi_memmap_size
 *
 * Exit status: 0 on success, 2 for wrong usage or a file of another size,
 * 1 if the file cannot be read.
 *
 * Build: gcc -std=gnu11 -O0 -Wall -Wextra -Werror -o read-blob native-fixtures/read-blob.c
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <asm/bootparam.h>
#include <linux/screen_info.h>

/* Print member PATH of the struct at BASE as "<PREFIX><PATH> <value>". */
#define P(PREFIX, BASE, PATH)                                                \
	printf("%s%s %llu\n", (PREFIX), #PATH,                               \
	       (unsigned long long)(BASE)->PATH)

static void print_screen_info(const struct screen_info *si)
{
	const char *p = "screen_info.";

	P(p, si, orig_x);
	P(p, si, orig_y);
	P(p, si, ext_mem_k);
	P(p, si, orig_video_page);
	P(p, si, orig_video_mode);
	P(p, si, orig_video_cols);
	P(p, si, flags);
	P(p, si, unused2);
	P(p, si, orig_video_ega_bx);
	P(p, si, unused3);
	P(p, si, orig_video_lines);
	P(p, si, orig_video_isVGA);
	P(p, si, orig_video_points);
	P(p, si, lfb_width);
	P(p, si, lfb_height);
	P(p, si, lfb_depth);
	P(p, si, lfb_base);
	P(p, si, lfb_size);
	P(p, si, cl_magic);
	P(p, si, cl_offset);
	P(p, si, lfb_linelength);
	P(p, si, red_size);
	P(p, si, red_pos);
	P(p, si, green_size);
	P(p, si, green_pos);
	P(p, si, blue_size);
	P(p, si, blue_pos);
	P(p, si, rsvd_size);
	P(p, si, rsvd_pos);
	P(p, si, vesapm_seg);
	P(p, si, vesapm_off);
	P(p, si, pages);
	P(p, si, vesa_attributes);
	P(p, si, capabilities);
	P(p, si, ext_lfb_base);
	P(p, si, _reserved[0]);
	P(p, si, _reserved[1]);
}

/*
 * struct efi_info is not packed, so its address inside the packed
 * struct boot_params is not taken; members are read through bp->efi_info.
 */
static void print_boot_params(const struct boot_params *bp)
{
	print_screen_info(&bp->screen_info);
	P("", bp, hdr.type_of_loader);
	P("", bp, hdr.version);
	P("", bp, hdr.xloadflags);
	P("", bp, hdr.hardware_subarch);
	P("", bp, acpi_rsdp_addr);
	P("", bp, efi_info.efi_loader_signature);
	P("", bp, efi_info.efi_memmap_size);
}

int main(int argc, char **argv)
{
	/* one byte more than the larger struct, to tell "too long" from "exact" */
	static unsigned char buf[sizeof(struct boot_params) + 1];
	static struct boot_params bp;
	static struct screen_info si;
	size_t n;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argc > 0 ? argv[0] : "read-blob");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		fprintf(stderr, "read-blob: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	if (ferror(f)) {
		fprintf(stderr, "read-blob: %s: read failed\n", argv[1]);
		fclose(f);
		return 1;
	}
	fclose(f);

	if (n == sizeof(bp)) {
		memcpy(&bp, buf, sizeof(bp));
		printf("struct boot_params\n");
		print_boot_params(&bp);
	} else if (n == sizeof(si)) {
		memcpy(&si, buf, sizeof(si));
		printf("struct screen_info\n");
		print_screen_info(&si);
	} else {
		fprintf(stderr, "read-blob: %s: %zu%s bytes: neither a boot_params (%zu) nor a screen_info (%zu)\n",
			argv[1], n, n == sizeof(buf) ? " or more" : "", sizeof(bp), sizeof(si));
		return 2;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
