package io.pixtrace.it.webapp.javax;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /thumb/*}: answers with what it was asked and the class loader that loaded it (the
 * web application's); {@code /thumb/missing} is a 404.
 */
public class ThumbServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if ("/missing".equals(request.getPathInfo())) {
      response.sendError(404, "no such thumbnail");
      return;
    }
    response.setContentType("text/plain");
    response.getWriter().print("thumb " + request.getPathInfo() + " w=" + request.getParameter("w")
        + " loader=" + getClass().getClassLoader().getClass().getName());
  }
}
