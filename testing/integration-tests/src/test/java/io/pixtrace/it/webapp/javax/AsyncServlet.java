package io.pixtrace.it.webapp.javax;

import javax.servlet.AsyncContext;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /async/*}: answers from another thread after {@code ms} milliseconds (default 300)
 * and completes; with {@code ms=never} it never does, and the 200 ms async timeout fires.
 */
public class AsyncServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    AsyncContext async = request.startAsync();
    String ms = request.getParameter("ms");
    if ("never".equals(ms)) {
      async.setTimeout(200);
      return;
    }
    long delay = ms == null ? 300 : Long.parseLong(ms);
    Thread worker = new Thread(() -> {
      try {
        Thread.sleep(delay);
        async.getResponse().setContentType("text/plain");
        async.getResponse().getWriter().print("async done after " + delay + " ms");
      } catch (InterruptedException | IOException e) {
        throw new IllegalStateException(e);
      } finally {
        async.complete();
      }
    }, "async-worker");
    worker.start();
  }
}
