/**
 * The pure parsers' common ground: the one bounds-checked little-endian reader, byte sources and views,
 * struct layouts, the one malformed-input exception, and compression magics. The bottom layer.
 *
 * <p>May use: none
 */
package org.kexecinspect.format;
