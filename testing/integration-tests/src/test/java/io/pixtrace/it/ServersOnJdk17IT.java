package io.pixtrace.it;

import java.nio.file.Path;

/** The server suite with every server and mode, the hosts on JDK 17. */
class ServersOnJdk17IT extends ServersOnAnotherJdk {
  @Override
  Path jdk() throws Exception {
    return HostProcess.java17();
  }
}
