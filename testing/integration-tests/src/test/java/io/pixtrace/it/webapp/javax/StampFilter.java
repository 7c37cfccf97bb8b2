package io.pixtrace.it.webapp.javax;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A filter in front of every servlet (mapped to {@code /*}): stamps a response header. */
public class StampFilter implements Filter {
  @Override
  public void init(FilterConfig config) {}

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    ((HttpServletResponse) response).setHeader("X-Stamp", "filtered");
    chain.doFilter(request, response);
  }

  @Override
  public void destroy() {}
}
