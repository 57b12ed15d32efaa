package org.kexecinspect.payload;

import java.io.IOException;

/**
 * A payload that cannot be decoded: corrupt data, a limit exceeded. Raised inside the streams
 * (which may only throw IOException) and turned into a FormatException with the file offset by
 * {@link Payloads}.
 */
public class PayloadException extends IOException {
    private static final long serialVersionUID = 1L;

    public PayloadException(String reason) {
        super(reason);
    }
}
