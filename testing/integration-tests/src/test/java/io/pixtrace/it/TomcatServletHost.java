package io.pixtrace.it;

import java.nio.file.Path;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

/**
 * Embedded Tomcat serving the test web application (exploded WAR, Tomcat's child-first
 * {@code WebappClassLoader}) on 127.0.0.1 and a free port. Argument: {@code jakarta}
 * (Tomcat 10.1) or {@code javax} (Tomcat 9): the calls used here link against both.
 */
public final class TomcatServletHost {
  private TomcatServletHost() {}

  public static void main(String[] args) throws Exception {
    Path webapp = ServletWebapp.create(args[0]);
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(webapp.resolveSibling(webapp.getFileName() + "-tomcat").toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    Connector connector = tomcat.getConnector();
    connector.setProperty("address", "127.0.0.1");
    tomcat.addWebapp("", webapp.toString());
    tomcat.start();
    System.out.println("servlet-host listening on http://127.0.0.1:" + connector.getLocalPort()
        + " (" + ServerInfo.getServerInfo() + ")");
    tomcat.getServer().await();
  }
}
