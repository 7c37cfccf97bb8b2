package io.pixtrace.it;

import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 (EE 10, {@code jakarta.servlet} 6) serving the test web application
 * (exploded WAR, Jetty's child-first {@code WebAppClassLoader}) on 127.0.0.1 and a free port.
 */
public final class JettyServletHost {
  private JettyServletHost() {}

  public static void main(String[] args) throws Exception {
    Path webapp = ServletWebapp.create("jakarta");
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebAppContext context = new WebAppContext();
    context.setContextPath("/");
    context.setWar(webapp.toString());
    context.setParentLoaderPriority(false);
    server.setHandler(context);
    server.start();
    System.out.println("servlet-host listening on http://127.0.0.1:" + connector.getLocalPort()
        + " (Jetty " + Server.getVersion() + ")");
    server.join();
  }
}
