package io.pixtrace.it;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * The server suite with every server and mode, the hosts on another JDK than the build's
 * ({@link ServersOnJdk17IT}, {@link ServersOnJdk21IT}).
 */
abstract class ServersOnAnotherJdk {
  /** The {@code java} the hosts run with. */
  abstract Path jdk() throws Exception;

  @Nested
  class JdkServerSync extends JdkServerSyncIT {
    @Override
    Path java() throws Exception {
      return ServersOnAnotherJdk.this.jdk();
    }
  }

  @Nested
  class JdkServerAsync extends JdkServerAsyncIT {
    @Override
    Path java() throws Exception {
      return ServersOnAnotherJdk.this.jdk();
    }
  }

  @Nested
  class TomcatSync extends TomcatSyncIT {
    @Override
    Path java() throws Exception {
      return ServersOnAnotherJdk.this.jdk();
    }
  }

  @Nested
  class TomcatAsync extends TomcatAsyncIT {
    @Override
    Path java() throws Exception {
      return ServersOnAnotherJdk.this.jdk();
    }
  }

  @Nested
  class JettySync extends JettySyncIT {
    @Override
    Path java() throws Exception {
      return ServersOnAnotherJdk.this.jdk();
    }
  }

  @Nested
  class JettyAsync extends JettyAsyncIT {
    @Override
    Path java() throws Exception {
      return ServersOnAnotherJdk.this.jdk();
    }
  }

  @Nested
  class SpringMvcAsync extends SpringMvcAsyncIT {
    @Override
    Path java() throws Exception {
      return ServersOnAnotherJdk.this.jdk();
    }
  }

  @Nested
  class WebFlux extends WebFluxIT {
    @Override
    Path java() throws Exception {
      return ServersOnAnotherJdk.this.jdk();
    }
  }
}
