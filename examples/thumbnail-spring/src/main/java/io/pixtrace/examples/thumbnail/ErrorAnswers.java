package io.pixtrace.examples.thumbnail;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every failure becomes a short {@code text/plain} answer with {@code Cache-Control: no-store}:
 * a {@link ThumbnailException} with its status and message, Spring MVC's own errors (unknown
 * path 404, wrong method 405, ...) with their status, anything else 500. No Spring Boot error
 * page, so answers carry no time stamps.
 */
@RestControllerAdvice
public class ErrorAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);

  /** The answer to a failed thumbnail request. */
  @ExceptionHandler(ThumbnailException.class)
  public ResponseEntity<String> thumbnailFailed(ThumbnailException e) {
    if (e.status() >= 500) {
      // Expected failures of the origin: one line, no stack trace.
      LOG.warn("thumbnail failed: {} {} ({})", e.status(), e.getMessage(),
          e.getCause() == null ? "-" : String.valueOf(e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause()));
    }
    return answer(HttpStatusCode.valueOf(e.status()), e.getMessage());
  }

  /** Spring MVC's errors keep their status; anything else is a 500. */
  @ExceptionHandler(Exception.class)
  public ResponseEntity<String> failed(Exception e) {
    if (e instanceof ErrorResponse error) {
      return answer(error.getStatusCode(), error.getBody().getTitle() == null
          ? "error" : error.getBody().getTitle().toLowerCase(java.util.Locale.ROOT));
    }
    LOG.error("internal error", e);
    return answer(HttpStatusCode.valueOf(500), "internal server error");
  }

  private static ResponseEntity<String> answer(HttpStatusCode status, String message) {
    return ResponseEntity.status(status)
        .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noStore())
        .body(message + "\n");
  }
}
