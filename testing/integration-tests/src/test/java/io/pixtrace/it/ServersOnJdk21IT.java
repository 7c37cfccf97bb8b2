package io.pixtrace.it;

import java.nio.file.Path;

/** The server suite with every server and mode, the hosts on JDK 21. */
class ServersOnJdk21IT extends ServersOnAnotherJdk {
  @Override
  Path jdk() throws Exception {
    return HostProcess.java21();
  }
}
