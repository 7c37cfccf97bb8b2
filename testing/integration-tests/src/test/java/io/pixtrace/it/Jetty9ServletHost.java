package io.pixtrace.it;

import java.nio.file.Path;

/**
 * Embedded Jetty 9.4 (javax Servlet 3.1) serving the test web application (exploded WAR,
 * Jetty's child-first {@code WebAppClassLoader}) on 127.0.0.1 and a free port. Jetty 12 holds
 * the test class path under the same class names, so Jetty 9.4 is driven by reflection.
 */
public final class Jetty9ServletHost {
  private Jetty9ServletHost() {}

  public static void main(String[] args) throws Exception {
    Path webapp = ServletWebapp.create("javax");
    Class<?> serverType = Class.forName("org.eclipse.jetty.server.Server");
    Class<?> connectorType = Class.forName("org.eclipse.jetty.server.ServerConnector");
    Class<?> webappType = Class.forName("org.eclipse.jetty.webapp.WebAppContext");
    Object server = serverType.getConstructor().newInstance();
    Object connector = connectorType.getConstructor(serverType).newInstance(server);
    connectorType.getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
    connectorType.getMethod("setPort", int.class).invoke(connector, 0);
    serverType.getMethod("addConnector", Class.forName("org.eclipse.jetty.server.Connector")).invoke(server, connector);
    Object context = webappType.getConstructor().newInstance();
    webappType.getMethod("setContextPath", String.class).invoke(context, "/");
    webappType.getMethod("setWar", String.class).invoke(context, webapp.toString());
    serverType.getMethod("setHandler", Class.forName("org.eclipse.jetty.server.Handler")).invoke(server, context);
    serverType.getMethod("start").invoke(server);
    System.out.println("servlet-host listening on http://127.0.0.1:" + connectorType.getMethod("getLocalPort").invoke(connector)
        + " (Jetty " + serverType.getMethod("getVersion").invoke(null) + ")");
    serverType.getMethod("join").invoke(server);
  }
}
