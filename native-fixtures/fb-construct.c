/*
 * fb-construct.c - write a struct fb_fix_screeninfo and a struct
 * fb_var_screeninfo, filled from member=value arguments, as the raw bytes an
 * FBIOGET_FSCREENINFO / FBIOGET_VSCREENINFO ioctl would return on this ABI.
 *
 * Usage: fb-construct OUT.fix OUT.var [member=value]...
 *
 * Members are spelled as in <linux/fb.h>.  Numbers are C literals (strtoull
 * base 0: 1024, 0xf8000000).  id takes text (at most 15 bytes, NUL added).
 * The colour channels red, green, blue and transp take offset/length or
 * offset/length/msb_right.  Everything not named is zero.  Offsets and sizes
 * come from offsetof()/sizeof() against the system's own header; nothing is
 * hard-coded.
 *
 * Build: gcc -std=gnu11 -O0 -Wall -Wextra -Werror -o fb-construct native-fixtures/fb-construct.c
 * Exit status: 0 on success, 2 for a bad argument, 1 if a file cannot be written.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/fb.h>

struct member {
	const char *name;
	size_t offset;
	size_t size;
};

#define M(s, m) { #m, offsetof(struct s, m), sizeof(((struct s *)0)->m) }

static const struct member fix_members[] = {
	M(fb_fix_screeninfo, smem_start), M(fb_fix_screeninfo, smem_len),
	M(fb_fix_screeninfo, type), M(fb_fix_screeninfo, type_aux),
	M(fb_fix_screeninfo, visual), M(fb_fix_screeninfo, xpanstep),
	M(fb_fix_screeninfo, ypanstep), M(fb_fix_screeninfo, ywrapstep),
	M(fb_fix_screeninfo, line_length), M(fb_fix_screeninfo, mmio_start),
	M(fb_fix_screeninfo, mmio_len), M(fb_fix_screeninfo, accel),
	M(fb_fix_screeninfo, capabilities),
};

static const struct member var_members[] = {
	M(fb_var_screeninfo, xres), M(fb_var_screeninfo, yres),
	M(fb_var_screeninfo, xres_virtual), M(fb_var_screeninfo, yres_virtual),
	M(fb_var_screeninfo, xoffset), M(fb_var_screeninfo, yoffset),
	M(fb_var_screeninfo, bits_per_pixel), M(fb_var_screeninfo, grayscale),
	M(fb_var_screeninfo, nonstd), M(fb_var_screeninfo, activate),
	M(fb_var_screeninfo, height), M(fb_var_screeninfo, width),
	M(fb_var_screeninfo, accel_flags), M(fb_var_screeninfo, pixclock),
	M(fb_var_screeninfo, left_margin), M(fb_var_screeninfo, right_margin),
	M(fb_var_screeninfo, upper_margin), M(fb_var_screeninfo, lower_margin),
	M(fb_var_screeninfo, hsync_len), M(fb_var_screeninfo, vsync_len),
	M(fb_var_screeninfo, sync), M(fb_var_screeninfo, vmode),
	M(fb_var_screeninfo, rotate), M(fb_var_screeninfo, colorspace),
};

#define COUNT(a) (sizeof(a) / sizeof(*(a)))

static void bad(const char *arg, const char *why)
{
	fprintf(stderr, "fb-construct: %s: %s\n", arg, why);
	exit(2);
}

static unsigned long long number(const char *arg, const char *text)
{
	char *end;
	if (!*text)
		bad(arg, "empty number");
	unsigned long long v = strtoull(text, &end, 0);
	if (*end)
		bad(arg, "not a number");
	return v;
}

/* Stores v in a member of the given width, in native byte order. */
static void store(unsigned char *base, const struct member *m, unsigned long long v, const char *arg)
{
	unsigned char *p = base + m->offset;
	switch (m->size) {
	case 2: { uint16_t x = (uint16_t)v; if (x != v) bad(arg, "too large"); memcpy(p, &x, 2); break; }
	case 4: { uint32_t x = (uint32_t)v; if (x != v) bad(arg, "too large"); memcpy(p, &x, 4); break; }
	case 8: { uint64_t x = (uint64_t)v; memcpy(p, &x, 8); break; }
	default: bad(arg, "unexpected member width");
	}
}

static int set_from(const struct member *table, size_t n, unsigned char *base,
		    const char *name, const char *value, const char *arg)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(table[i].name, name) == 0) {
			store(base, &table[i], number(arg, value), arg);
			return 1;
		}
	}
	return 0;
}

static struct fb_bitfield *channel(struct fb_var_screeninfo *var, const char *name)
{
	if (!strcmp(name, "red")) return &var->red;
	if (!strcmp(name, "green")) return &var->green;
	if (!strcmp(name, "blue")) return &var->blue;
	if (!strcmp(name, "transp")) return &var->transp;
	return NULL;
}

static void set_channel(struct fb_bitfield *bf, const char *value, const char *arg)
{
	char buf[64];
	if (strlen(value) >= sizeof(buf))
		bad(arg, "too long");
	strcpy(buf, value);
	char *offset = strtok(buf, "/");
	char *length = strtok(NULL, "/");
	char *msb = strtok(NULL, "/");
	if (!offset || !length || strtok(NULL, "/"))
		bad(arg, "expected offset/length[/msb_right]");
	bf->offset = (__u32)number(arg, offset);
	bf->length = (__u32)number(arg, length);
	bf->msb_right = msb ? (__u32)number(arg, msb) : 0;
}

static int write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct fb_fix_screeninfo fix;
	struct fb_var_screeninfo var;

	if (argc < 3) {
		fprintf(stderr, "usage: fb-construct OUT.fix OUT.var [member=value]...\n");
		return 2;
	}
	memset(&fix, 0, sizeof(fix));
	memset(&var, 0, sizeof(var));
	for (int i = 3; i < argc; i++) {
		const char *arg = argv[i];
		const char *eq = strchr(arg, '=');
		char name[32];
		if (!eq || (size_t)(eq - arg) >= sizeof(name))
			bad(arg, "expected member=value");
		memcpy(name, arg, eq - arg);
		name[eq - arg] = 0;
		const char *value = eq + 1;
		struct fb_bitfield *bf;
		if (!strcmp(name, "id")) {
			if (strlen(value) >= sizeof(fix.id))
				bad(arg, "id longer than 15 bytes");
			strcpy(fix.id, value);
		} else if ((bf = channel(&var, name)) != NULL) {
			set_channel(bf, value, arg);
		} else if (!set_from(fix_members, COUNT(fix_members), (unsigned char *)&fix, name, value, arg)
			   && !set_from(var_members, COUNT(var_members), (unsigned char *)&var, name, value, arg)) {
			bad(arg, "no such member");
		}
	}
	return write_file(argv[1], &fix, sizeof(fix)) | write_file(argv[2], &var, sizeof(var));
}
