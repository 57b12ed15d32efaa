/*
 * fbset-shim.c - an LD_PRELOAD library that makes a program such as fbset
 * see a framebuffer device that does not exist on this machine.
 *
 * open()/openat() of the device path (env FBSHIM_DEVICE, default /dev/fb0)
 * returns a descriptor of /dev/null that the shim remembers.  On that
 * descriptor, ioctl(FBIOGET_FSCREENINFO) and ioctl(FBIOGET_VSCREENINFO) copy
 * the raw struct from the files named by FBSHIM_FIX and FBSHIM_VAR; every
 * other ioctl fails with ENOTTY.  Each file must hold exactly sizeof the
 * struct from this system's <linux/fb.h>, in native byte order, or the ioctl
 * fails with EINVAL.  Every other call goes to the C library unchanged.
 *
 * Build: gcc -std=gnu11 -O2 -Wall -Wextra -Werror -shared -fPIC \
 *            -o fbset-shim.so native-fixtures/fbset-shim.c -ldl
 * Use:   FBSHIM_FIX=x.fix FBSHIM_VAR=x.var LD_PRELOAD=./fbset-shim.so \
 *            fbset -i -fb /dev/fb0
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/fb.h>

/* The descriptor handed out for the device, or -1. */
static int fake_fd = -1;

static const char *device_path(void)
{
	const char *p = getenv("FBSHIM_DEVICE");
	return p && *p ? p : "/dev/fb0";
}

static int is_device(const char *path)
{
	return path && strcmp(path, device_path()) == 0;
}

static int open_fake(void)
{
	int (*real_open)(const char *, int, ...) =
		(int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	int fd = real_open("/dev/null", O_RDONLY);
	if (fd >= 0)
		fake_fd = fd;
	return fd;
}

/* O_CREAT/O_TMPFILE are the only flags that come with a mode argument. */
#define TAKES_MODE(flags) (((flags) & O_CREAT) || ((flags) & __O_TMPFILE) == __O_TMPFILE)

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (TAKES_MODE(flags)) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (is_device(path))
		return open_fake();
	int (*real)(const char *, int, ...) =
		(int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	return real(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (TAKES_MODE(flags)) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (is_device(path))
		return open_fake();
	int (*real)(const char *, int, ...) =
		(int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open64");
	return real(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (TAKES_MODE(flags)) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (is_device(path))
		return open_fake();
	int (*real)(int, const char *, int, ...) =
		(int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
	return real(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (TAKES_MODE(flags)) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (is_device(path))
		return open_fake();
	int (*real)(int, const char *, int, ...) =
		(int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat64");
	return real(dirfd, path, flags, mode);
}

int close(int fd)
{
	if (fd >= 0 && fd == fake_fd)
		fake_fd = -1;
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "close");
	return real(fd);
}

/* Copies exactly size bytes of the file named by env into out. */
static int answer_from(const char *env, void *out, size_t size)
{
	const char *name = getenv(env);
	if (!name || !*name) {
		fprintf(stderr, "fbset-shim: %s is not set\n", env);
		errno = EINVAL;
		return -1;
	}
	FILE *f = fopen(name, "rb");
	if (!f) {
		fprintf(stderr, "fbset-shim: %s: %s\n", name, strerror(errno));
		errno = EINVAL;
		return -1;
	}
	unsigned char extra;
	size_t got = fread(out, 1, size, f);
	int longer = fread(&extra, 1, 1, f) == 1;
	fclose(f);
	if (got != size || longer) {
		fprintf(stderr, "fbset-shim: %s must hold exactly %zu bytes\n", name, size);
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	if (fd >= 0 && fd == fake_fd) {
		if (request == FBIOGET_FSCREENINFO)
			return answer_from("FBSHIM_FIX", arg, sizeof(struct fb_fix_screeninfo));
		if (request == FBIOGET_VSCREENINFO)
			return answer_from("FBSHIM_VAR", arg, sizeof(struct fb_var_screeninfo));
		errno = ENOTTY;
		return -1;
	}
	int (*real)(int, unsigned long, ...) =
		(int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
	return real(fd, request, arg);
}
