package io.pixtrace.it.webapp.javax;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@code /boom}: throws; the container answers 500. */
public class BoomServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    throw new IllegalStateException("boom");
  }
}
