package io.pixtrace.it;

import java.nio.file.Path;

/** The client suite with the hosts on JDK 21. */
class HttpClientsJdk21IT extends HttpClientsIT {
  @Override
  Path java() throws Exception {
    return HostProcess.java21();
  }
}
