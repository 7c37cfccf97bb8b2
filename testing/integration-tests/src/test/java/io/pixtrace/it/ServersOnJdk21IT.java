package io.pixtrace.it;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** The server suite with every server and mode, the hosts on JDK 21. */
class ServersOnJdk21IT {
  static Path jdk() throws Exception {
    return HostProcess.java21();
  }

  @Nested
  class JdkServerSync extends JdkServerSyncIT {
    @Override
    Path java() throws Exception {
      return jdk();
    }
  }

  @Nested
  class JdkServerAsync extends JdkServerAsyncIT {
    @Override
    Path java() throws Exception {
      return jdk();
    }
  }

  @Nested
  class TomcatSync extends TomcatSyncIT {
    @Override
    Path java() throws Exception {
      return jdk();
    }
  }

  @Nested
  class TomcatAsync extends TomcatAsyncIT {
    @Override
    Path java() throws Exception {
      return jdk();
    }
  }

  @Nested
  class JettySync extends JettySyncIT {
    @Override
    Path java() throws Exception {
      return jdk();
    }
  }

  @Nested
  class JettyAsync extends JettyAsyncIT {
    @Override
    Path java() throws Exception {
      return jdk();
    }
  }

  @Nested
  class SpringMvcAsync extends SpringMvcAsyncIT {
    @Override
    Path java() throws Exception {
      return jdk();
    }
  }

  @Nested
  class WebFlux extends WebFluxIT {
    @Override
    Path java() throws Exception {
      return jdk();
    }
  }
}
