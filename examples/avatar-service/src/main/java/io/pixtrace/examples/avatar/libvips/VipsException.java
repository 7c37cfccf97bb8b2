package io.pixtrace.examples.avatar.libvips;

/**
 * A libvips operation failed. The message carries the text of libvips' error buffer at the
 * time of the failure.
 */
public class VipsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with the given libvips error text. */
    public VipsException(String message) {
        super(message);
    }
}
