/*
 * layouts.c - print the memory layout of Linux x86 boot / framebuffer
 * structures exactly as the C compiler lays them out for this ABI, using
 * the system's own kernel UAPI headers (Debian package linux-libc-dev).
 *
 * Output (stdout), one line each:
 *   sizeof <struct> <decimal size>
 *   field <struct> <member> <decimal offset> <decimal size>
 *
 * Members are listed in declaration order.  Array and nested-struct
 * members are a single line carrying the size of the whole member.
 *
 * Build: gcc -std=gnu11 -O0 -Wall -Wextra -Werror -o layouts native-fixtures/layouts.c
 * Run:   ./layouts
 */
#include <stddef.h>
#include <stdio.h>

#include <asm/bootparam.h>
#include <linux/fb.h>
#include <linux/screen_info.h>

/* Size of struct s. */
#define S(s) printf("sizeof %s %zu\n", #s, sizeof(struct s))

/* Offset and size of member m of struct s. */
#define F(s, m)                                                         \
	printf("field %s %s %zu %zu\n", #s, #m, offsetof(struct s, m),  \
	       sizeof(((struct s *)0)->m))

static void screen_info_layout(void)
{
	S(screen_info);
	F(screen_info, orig_x);
	F(screen_info, orig_y);
	F(screen_info, ext_mem_k);
	F(screen_info, orig_video_page);
	F(screen_info, orig_video_mode);
	F(screen_info, orig_video_cols);
	F(screen_info, flags);
	F(screen_info, unused2);
	F(screen_info, orig_video_ega_bx);
	F(screen_info, unused3);
	F(screen_info, orig_video_lines);
	F(screen_info, orig_video_isVGA);
	F(screen_info, orig_video_points);
	F(screen_info, lfb_width);
	F(screen_info, lfb_height);
	F(screen_info, lfb_depth);
	F(screen_info, lfb_base);
	F(screen_info, lfb_size);
	F(screen_info, cl_magic);
	F(screen_info, cl_offset);
	F(screen_info, lfb_linelength);
	F(screen_info, red_size);
	F(screen_info, red_pos);
	F(screen_info, green_size);
	F(screen_info, green_pos);
	F(screen_info, blue_size);
	F(screen_info, blue_pos);
	F(screen_info, rsvd_size);
	F(screen_info, rsvd_pos);
	F(screen_info, vesapm_seg);
	F(screen_info, vesapm_off);
	F(screen_info, pages);
	F(screen_info, vesa_attributes);
	F(screen_info, capabilities);
	F(screen_info, ext_lfb_base);
	F(screen_info, _reserved);
}

static void setup_header_layout(void)
{
	S(setup_header);
	F(setup_header, setup_sects);
	F(setup_header, root_flags);
	F(setup_header, syssize);
	F(setup_header, ram_size);
	F(setup_header, vid_mode);
	F(setup_header, root_dev);
	F(setup_header, boot_flag);
	F(setup_header, jump);
	F(setup_header, header);
	F(setup_header, version);
	F(setup_header, realmode_swtch);
	F(setup_header, start_sys_seg);
	F(setup_header, kernel_version);
	F(setup_header, type_of_loader);
	F(setup_header, loadflags);
	F(setup_header, setup_move_size);
	F(setup_header, code32_start);
	F(setup_header, ramdisk_image);
	F(setup_header, ramdisk_size);
	F(setup_header, bootsect_kludge);
	F(setup_header, heap_end_ptr);
	F(setup_header, ext_loader_ver);
	F(setup_header, ext_loader_type);
	F(setup_header, cmd_line_ptr);
	F(setup_header, initrd_addr_max);
	F(setup_header, kernel_alignment);
	F(setup_header, relocatable_kernel);
	F(setup_header, min_alignment);
	F(setup_header, xloadflags);
	F(setup_header, cmdline_size);
	F(setup_header, hardware_subarch);
	F(setup_header, hardware_subarch_data);
	F(setup_header, payload_offset);
	F(setup_header, payload_length);
	F(setup_header, setup_data);
	F(setup_header, pref_address);
	F(setup_header, init_size);
	F(setup_header, handover_offset);
	F(setup_header, kernel_info_offset);
}

static void boot_params_layout(void)
{
	S(boot_params);
	F(boot_params, screen_info);
	F(boot_params, apm_bios_info);
	F(boot_params, _pad2);
	F(boot_params, tboot_addr);
	F(boot_params, ist_info);
	F(boot_params, acpi_rsdp_addr);
	F(boot_params, _pad3);
	F(boot_params, hd0_info);
	F(boot_params, hd1_info);
	F(boot_params, sys_desc_table);
	F(boot_params, olpc_ofw_header);
	F(boot_params, ext_ramdisk_image);
	F(boot_params, ext_ramdisk_size);
	F(boot_params, ext_cmd_line_ptr);
	F(boot_params, _pad4);
	F(boot_params, cc_blob_address);
	F(boot_params, edid_info);
	F(boot_params, efi_info);
	F(boot_params, alt_mem_k);
	F(boot_params, scratch);
	F(boot_params, e820_entries);
	F(boot_params, eddbuf_entries);
	F(boot_params, edd_mbr_sig_buf_entries);
	F(boot_params, kbd_status);
	F(boot_params, secure_boot);
	F(boot_params, _pad5);
	F(boot_params, sentinel);
	F(boot_params, _pad6);
	F(boot_params, hdr);
	F(boot_params, _pad7);
	F(boot_params, edd_mbr_sig_buffer);
	F(boot_params, e820_table);
	F(boot_params, _pad8);
	F(boot_params, eddbuf);
	F(boot_params, _pad9);
}

static void efi_info_layout(void)
{
	S(efi_info);
	F(efi_info, efi_loader_signature);
	F(efi_info, efi_systab);
	F(efi_info, efi_memdesc_size);
	F(efi_info, efi_memdesc_version);
	F(efi_info, efi_memmap);
	F(efi_info, efi_memmap_size);
	F(efi_info, efi_systab_hi);
	F(efi_info, efi_memmap_hi);
}

static void boot_e820_entry_layout(void)
{
	S(boot_e820_entry);
	F(boot_e820_entry, addr);
	F(boot_e820_entry, size);
	F(boot_e820_entry, type);
}

static void fb_fix_screeninfo_layout(void)
{
	S(fb_fix_screeninfo);
	F(fb_fix_screeninfo, id);
	F(fb_fix_screeninfo, smem_start);
	F(fb_fix_screeninfo, smem_len);
	F(fb_fix_screeninfo, type);
	F(fb_fix_screeninfo, type_aux);
	F(fb_fix_screeninfo, visual);
	F(fb_fix_screeninfo, xpanstep);
	F(fb_fix_screeninfo, ypanstep);
	F(fb_fix_screeninfo, ywrapstep);
	F(fb_fix_screeninfo, line_length);
	F(fb_fix_screeninfo, mmio_start);
	F(fb_fix_screeninfo, mmio_len);
	F(fb_fix_screeninfo, accel);
	F(fb_fix_screeninfo, capabilities);
	F(fb_fix_screeninfo, reserved);
}

static void fb_var_screeninfo_layout(void)
{
	S(fb_var_screeninfo);
	F(fb_var_screeninfo, xres);
	F(fb_var_screeninfo, yres);
	F(fb_var_screeninfo, xres_virtual);
	F(fb_var_screeninfo, yres_virtual);
	F(fb_var_screeninfo, xoffset);
	F(fb_var_screeninfo, yoffset);
	F(fb_var_screeninfo, bits_per_pixel);
	F(fb_var_screeninfo, grayscale);
	F(fb_var_screeninfo, red);
	F(fb_var_screeninfo, green);
	F(fb_var_screeninfo, blue);
	F(fb_var_screeninfo, transp);
	F(fb_var_screeninfo, nonstd);
	F(fb_var_screeninfo, activate);
	F(fb_var_screeninfo, height);
	F(fb_var_screeninfo, width);
	F(fb_var_screeninfo, accel_flags);
	F(fb_var_screeninfo, pixclock);
	F(fb_var_screeninfo, left_margin);
	F(fb_var_screeninfo, right_margin);
	F(fb_var_screeninfo, upper_margin);
	F(fb_var_screeninfo, lower_margin);
	F(fb_var_screeninfo, hsync_len);
	F(fb_var_screeninfo, vsync_len);
	F(fb_var_screeninfo, sync);
	F(fb_var_screeninfo, vmode);
	F(fb_var_screeninfo, rotate);
	F(fb_var_screeninfo, colorspace);
	F(fb_var_screeninfo, reserved);
}

static void fb_bitfield_layout(void)
{
	S(fb_bitfield);
	F(fb_bitfield, offset);
	F(fb_bitfield, length);
	F(fb_bitfield, msb_right);
}

int main(void)
{
	screen_info_layout();
	setup_header_layout();
	boot_params_layout();
	efi_info_layout();
	boot_e820_entry_layout();
	fb_fix_screeninfo_layout();
	fb_var_screeninfo_layout();
	fb_bitfield_layout();
	return fflush(stdout) == 0 ? 0 : 1;
}
