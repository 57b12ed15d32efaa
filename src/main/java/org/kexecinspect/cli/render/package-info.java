/**
 * Report trees and their printers: aligned text for people, JSON and JSON Lines for programs,
 * hexdumps and C initializers for blobs.
 *
 * <p>May use: org.kexecinspect.format
 */
package org.kexecinspect.cli.render;
