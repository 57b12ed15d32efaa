/**
 * The x86 boot protocol: the bzImage setup_header, the boot_params zero page, screen_info,
 * setup_data and e820, each parsed from bytes and, where the tool writes it, encoded back.
 *
 * <p>May use: org.kexecinspect.format
 */
package org.kexecinspect.format.x86;
