package io.pixtrace.examples.avatar.libvips;

/**
 * The input bytes are not an image libvips can decode (unknown format, truncated header,
 * or a format the caller does not accept).
 */
public class CorruptImageException extends VipsException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with the given libvips error text or reason. */
    public CorruptImageException(String message) {
        super(message);
    }
}
