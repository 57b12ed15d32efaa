/**
 * What a user names on the command line: opening files and directories safely, telling their kind
 * from the content, and decoding each into one artifact record for inspect.
 *
 * <p>May use: org.kexecinspect.format, org.kexecinspect.format.log, org.kexecinspect.payload
 */
package org.kexecinspect.input;
