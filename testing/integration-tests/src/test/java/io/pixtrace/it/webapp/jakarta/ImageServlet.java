package io.pixtrace.it.webapp.jakarta;

import io.pixtrace.it.app.ImageApp;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * {@link ImageApp} as a servlet mapped to {@code /{case}/*}. In async mode the asynchronous
 * cases start async processing: {@code chain} and {@code full} answer from the thread that
 * finished the work and call {@code complete()}; {@code later} downloads on a thread of
 * {@code AsyncContext.start} and hands the bytes on through {@code dispatch()}, the dispatched
 * call making the thumbnail and writing the response; {@code never} never completes (no container timeout).
 */
public class ImageServlet extends HttpServlet {
  private static final Set<String> ASYNC_CASES = Set.of("chain", "later", "full", "never");

  /**
   * Makes the app (and its pools) at start-up, outside any request, when the host runs it
   * ({@code -Dimageapp.origin}); the other servlet tests' hosts share the web application.
   */
  @Override
  public void init() {
    if (System.getProperty("imageapp.origin") != null) {
      ImageApp.get();
    }
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
    Object source = request.getAttribute("imageapp.source");
    if (source != null) { // the dispatch of work begun on another thread: the pixels are done here
      write(response, 200, ImageApp.process((byte[]) source));
      return;
    }
    String kase = request.getServletPath().substring(1);
    String name = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
    ImageApp app = ImageApp.get();
    ImageApp.Reply reply;
    if (app.mode == ImageApp.Mode.ASYNC && ASYNC_CASES.contains(kase) || kase.equals("never")) {
      AsyncContext async = request.startAsync();
      async.setTimeout(0);
      reply = new AsyncReply(async, kase.equals("later"));
    } else {
      reply = new SyncReply(app, response);
    }
    try {
      app.handle(kase, name, reply);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ServletException(e);
    }
  }

  static void write(HttpServletResponse response, int status, String body) {
    try {
      response.setStatus(status);
      response.setContentType("text/plain");
      byte[] bytes = ImageApp.bytes(body);
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private record SyncReply(ImageApp app, HttpServletResponse response) implements ImageApp.Reply {
    @Override
    public void send(int status, String body) {
      write(response, status, body);
    }

    @Override
    public void later(Runnable work) {
      app.schedule(work, 100);
    }
  }

  private record AsyncReply(AsyncContext async, boolean dispatch) implements ImageApp.Reply {
    @Override
    public void send(int status, String body) {
      write((HttpServletResponse) async.getResponse(), status, body);
      async.complete();
    }

    @Override
    public void sendProcessed(byte[] source) {
      if (!dispatch) {
        ImageApp.Reply.super.sendProcessed(source);
        return;
      }
      async.getRequest().setAttribute("imageapp.source", source);
      async.dispatch();
    }

    @Override
    public void later(Runnable work) {
      async.start(() -> {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        work.run();
      });
    }
  }
}
