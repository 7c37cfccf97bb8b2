package io.pixtrace.it;

import java.nio.file.Path;

/** The client suite with the hosts on JDK 17. */
class HttpClientsJdk17IT extends HttpClientsIT {
  @Override
  Path java() throws Exception {
    return HostProcess.java17();
  }
}
