package io.pixtrace.examples.avatar;

/**
 * Ends a request with a given HTTP status and a short plain-text message. Thrown by request
 * handling and by processing tasks alike.
 */
public class HttpStatusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /** Creates the exception for HTTP {@code status} with a one-line {@code message}. */
    public HttpStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** Creates the exception for HTTP {@code status}, keeping the underlying {@code cause}. */
    public HttpStatusException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status code to answer with. */
    public int status() {
        return status;
    }
}
