package io.pixtrace.it;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Lays out the test web application as an exploded WAR in a temporary directory: the classes
 * of {@code io.pixtrace.it.webapp.<api>} under {@code WEB-INF/classes} and a
 * {@code WEB-INF/web.xml} that maps them, with a filter in front of all but {@code /plain/*}.
 * The directory stays (the tests point {@code java.io.tmpdir} into {@code target/}). Containers load it with their child-first web
 * application class loader.
 */
final class ServletWebapp {
  private ServletWebapp() {}

  /** @param api {@code jakarta} or {@code javax} */
  static Path create(String api) throws IOException, URISyntaxException {
    Path root = Files.createTempDirectory("pixtrace-webapp-" + api);
    Path classes = root.resolve("WEB-INF/classes");
    String pkgPath = "io/pixtrace/it/webapp/" + api;
    Path from = Path.of(ServletWebapp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(pkgPath);
    Files.createDirectories(classes.resolve(pkgPath));
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, classes.resolve(pkgPath).resolve(f.getFileName()));
      }
    }
    Files.writeString(root.resolve("WEB-INF/web.xml"), webXml(api));
    return root;
  }

  private static String webXml(String api) {
    String pkg = "io.pixtrace.it.webapp." + api + ".";
    String header = api.equals("jakarta")
        ? "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"5.0\" metadata-complete=\"true\">"
        : "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\" version=\"3.1\" metadata-complete=\"true\">";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + header + "\n"
        + "  <filter><filter-name>stamp</filter-name><filter-class>" + pkg + "StampFilter</filter-class>"
        + "<async-supported>true</async-supported></filter>\n"
        + "  <filter-mapping><filter-name>stamp</filter-name><url-pattern>/thumb/*</url-pattern>"
        + "<url-pattern>/async/*</url-pattern><url-pattern>/boom</url-pattern></filter-mapping>\n"
        + servlet("thumb", pkg + "ThumbServlet", "/thumb/*")
        + servlet("plain", pkg + "ThumbServlet", "/plain/*")
        + servlet("async", pkg + "AsyncServlet", "/async/*")
        + servlet("boom", pkg + "BoomServlet", "/boom")
        + (api.equals("jakarta") ? imageApp(pkg) : "")
        + "</web-app>\n";
  }

  /** The server suite's {@link io.pixtrace.it.app.ImageApp}, one mapping per case (AbstractServerIT). */
  private static String imageApp(String pkg) {
    StringBuilder b = new StringBuilder("  <servlet><servlet-name>image</servlet-name><servlet-class>" + pkg
        + "ImageServlet</servlet-class><load-on-startup>1</load-on-startup><async-supported>true</async-supported></servlet>\n");
    for (String kase : new String[] {"sync", "chain", "later", "error", "throw", "full", "never", "health"}) {
      b.append("  <servlet-mapping><servlet-name>image</servlet-name><url-pattern>/").append(kase)
          .append("/*</url-pattern></servlet-mapping>\n");
    }
    return b.toString();
  }

  private static String servlet(String name, String className, String pattern) {
    return "  <servlet><servlet-name>" + name + "</servlet-name><servlet-class>" + className + "</servlet-class>"
        + "<async-supported>true</async-supported></servlet>\n"
        + "  <servlet-mapping><servlet-name>" + name + "</servlet-name><url-pattern>" + pattern
        + "</url-pattern></servlet-mapping>\n";
  }
}
