package io.pixtrace.examples.thumbnail;

/**
 * A request that cannot be answered with a thumbnail, with the HTTP status and the short
 * message the client gets as a {@code text/plain} body.
 */
public class ThumbnailException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** @param status the HTTP status to answer, e.g. 400, 422, 502 */
  public ThumbnailException(int status, String message) {
    this(status, message, null);
  }

  /** @param status the HTTP status to answer, e.g. 400, 422, 502 */
  public ThumbnailException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status to answer. */
  public int status() {
    return status;
  }
}
