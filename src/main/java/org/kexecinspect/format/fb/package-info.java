/**
 * The fbdev user API: fb_fix_screeninfo and fb_var_screeninfo in their LP64 and ILP32 layouts,
 * the text of fbset -i, /proc/fb, and which driver owns a framebuffer by its fix.id.
 *
 * <p>May use: org.kexecinspect.format, org.kexecinspect.format.x86
 */
package org.kexecinspect.format.fb;
