package io.pixtrace.bootstrap;

/**
 * An outbound request as a download's advice reads it from the client library's own request
 * type, before it goes out.
 *
 * @param method the request method as the library has it (upper-cased by the stage;
 *     {@code null} counts as {@code GET})
 * @param url the absolute URL as sent, before redaction ({@code null}: nothing is started)
 */
public record DownloadRequest(String method, String url) {}
