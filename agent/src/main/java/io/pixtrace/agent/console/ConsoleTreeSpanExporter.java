package io.pixtrace.agent.console;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints each finished trace as an indented tree, for people
 * ({@code IMGPROXY_OPEN_TELEMETRY_PROTOCOL=console}): one line per span with its duration in
 * milliseconds, its start offset from the request's start, and its key attributes; errors
 * and exception events under the span. Spans wait until their trace's local root (the
 * request span) has ended; traces whose root never comes are dropped after a minute.
 */
public final class ConsoleTreeSpanExporter implements SpanExporter {
  private static final long STALE_NANOS = 60_000_000_000L;
  /** Attributes already shown in the span's name or too noisy for a person's view. */
  private static final Set<String> HIDDEN = Set.of(
      "http.request.method", "url.scheme", "network.protocol.version", "client.address",
      "server.port", "user_agent.original", "server.address", "thread.id", "thread.name");

  private final PrintStream out;
  private final Map<String, Pending> pending = new LinkedHashMap<>();

  /** An exporter printing to {@code out} (the agent uses standard error). */
  public ConsoleTreeSpanExporter(PrintStream out) {
    this.out = out;
  }

  private static final class Pending {
    final long firstSeen = System.nanoTime();
    final List<SpanData> spans = new ArrayList<>();
  }

  @Override
  public synchronized CompletableResultCode export(Collection<SpanData> spans) {
    List<String> complete = new ArrayList<>();
    for (SpanData span : spans) {
      pending.computeIfAbsent(span.getTraceId(), id -> new Pending()).spans.add(span);
      if (isLocalRoot(span)) {
        complete.add(span.getTraceId());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String traceId : complete) {
      Pending p = pending.remove(traceId);
      if (p != null) {
        render(traceId, p.spans, text);
      }
    }
    long now = System.nanoTime();
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      if (now - it.next().firstSeen > STALE_NANOS) {
        it.remove();
      }
    }
    if (text.length() > 0) {
      out.print(text);
      out.flush();
    }
    return CompletableResultCode.ofSuccess();
  }

  private static boolean isLocalRoot(SpanData span) {
    SpanContext parent = span.getParentSpanContext();
    return !parent.isValid() || parent.isRemote();
  }

  /** Renders one trace; visible for tests. */
  static void render(String traceId, List<SpanData> spans, StringBuilder text) {
    Map<String, List<SpanData>> children = new HashMap<>();
    List<SpanData> roots = new ArrayList<>();
    Set<String> ids = new java.util.HashSet<>();
    for (SpanData s : spans) {
      ids.add(s.getSpanId());
    }
    for (SpanData s : spans) {
      String parent = s.getParentSpanId();
      if (ids.contains(parent)) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
      } else {
        roots.add(s);
      }
    }
    Comparator<SpanData> byStart = Comparator.comparingLong(SpanData::getStartEpochNanos);
    roots.sort(byStart);
    children.values().forEach(l -> l.sort(byStart));
    String service = spans.get(0).getResource().getAttribute(AttributeKey.stringKey("service.name"));
    text.append("[pixtrace] trace ").append(traceId);
    if (service != null) {
      text.append("  service=").append(service);
    }
    text.append('\n');
    for (SpanData root : roots) {
      line(root, root.getStartEpochNanos(), "", "", children, text);
    }
  }

  private static void line(SpanData span, long origin, String prefix, String childPrefix,
      Map<String, List<SpanData>> children, StringBuilder text) {
    text.append(prefix).append(span.getName());
    if (span.getKind() != SpanKind.INTERNAL) {
      text.append(" (").append(span.getKind()).append(')');
    }
    text.append(String.format(" %.1f ms", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6));
    if (span.getStartEpochNanos() != origin) {
      text.append(String.format(" @+%.1f ms", (span.getStartEpochNanos() - origin) / 1e6));
    }
    span.getAttributes().forEach((key, value) -> {
      if (!HIDDEN.contains(key.getKey())) {
        text.append("  ").append(key.getKey()).append('=').append(value);
      }
    });
    text.append('\n');
    if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
      text.append(childPrefix).append("  ! ERROR");
      String description = span.getStatus().getDescription();
      if (description != null && !description.isEmpty()) {
        text.append(": ").append(oneLine(description));
      }
      text.append('\n');
      for (EventData e : span.getEvents()) {
        if ("exception".equals(e.getName())) {
          text.append(childPrefix).append("  ! exception ")
              .append(e.getAttributes().get(AttributeKey.stringKey("exception.type")));
          String message = e.getAttributes().get(AttributeKey.stringKey("exception.message"));
          if (message != null) {
            text.append(": ").append(oneLine(message));
          }
          text.append('\n');
        }
      }
    }
    List<SpanData> kids = children.getOrDefault(span.getSpanId(), List.of());
    for (int i = 0; i < kids.size(); i++) {
      boolean last = i == kids.size() - 1;
      line(kids.get(i), origin, childPrefix + (last ? "└── " : "├── "),
          childPrefix + (last ? "    " : "│   "), children, text);
    }
  }

  /** Multi-line messages (libvips' error buffer) stay on the span's line in the tree. */
  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s*\\R\\s*", " | ");
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
