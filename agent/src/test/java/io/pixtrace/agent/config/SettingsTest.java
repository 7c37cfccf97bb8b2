package io.pixtrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.pixtrace.instrumentation.api.Layer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void offByDefaultWithOneLineOnHowToTurnItOn() {
    Settings s = Settings.read(Map.of());
    assertThat(s.enabled()).isFalse();
    assertThat(s.offReason()).contains("IMGPROXY_OPEN_TELEMETRY_ENDPOINT=host:port");
    assertThat(s.errors()).isEmpty();
  }

  @Test
  void imgproxy3EndpointTurnsItOnOverGrpcPlaintextByDefault() {
    Settings s = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "collector:4317"));
    assertThat(s.enabled()).isTrue();
    assertThat(OtelProperties.imgproxyProperties(s))
        .containsEntry("otel.exporter.otlp.endpoint", "http://collector:4317")
        .containsEntry("otel.exporter.otlp.protocol", "grpc")
        .containsEntry("otel.traces.exporter", "otlp")
        .doesNotContainKey("otel.metrics.exporter");
  }

  @Test
  void protocolsMapToOtlpEndpoints() {
    assertThat(OtelProperties.imgproxyProperties(Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "c:4318",
        "IMGPROXY_OPEN_TELEMETRY_PROTOCOL", "http"))))
        .containsEntry("otel.exporter.otlp.endpoint", "http://c:4318")
        .containsEntry("otel.exporter.otlp.protocol", "http/protobuf");
    assertThat(OtelProperties.imgproxyProperties(Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "c:4318",
        "IMGPROXY_OPEN_TELEMETRY_PROTOCOL", "HTTPS"))))
        .containsEntry("otel.exporter.otlp.endpoint", "https://c:4318");
    assertThat(OtelProperties.imgproxyProperties(Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "c:4317",
        "IMGPROXY_OPEN_TELEMETRY_GRPC_INSECURE", "false"))))
        .containsEntry("otel.exporter.otlp.endpoint", "https://c:4317");
  }

  @Test
  void metricsServiceNameAndPropagators() {
    Settings s = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "c:4317",
        "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true",
        "IMGPROXY_OPEN_TELEMETRY_SERVICE_NAME", "avatars",
        "IMGPROXY_OPEN_TELEMETRY_PROPAGATORS", "tracecontext, B3multi,xray"));
    assertThat(OtelProperties.imgproxyProperties(s))
        .containsEntry("otel.metrics.exporter", "otlp")
        .containsEntry("otel.service.name", "avatars")
        .containsEntry("otel.propagators", "tracecontext,b3multi,xray");
  }

  @Test
  void imgproxy4EnableLeavesTheEndpointToOtelVariables() {
    Settings s = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_ENABLE", "true",
        "IMGPROXY_OPEN_TELEMETRY_PROPAGATE_EXTERNAL", "true"));
    assertThat(s.enabled()).isTrue();
    assertThat(s.propagateExternal()).isTrue();
    assertThat(OtelProperties.imgproxyProperties(s)).doesNotContainKey("otel.exporter.otlp.endpoint");
  }

  @Test
  void masterSwitchesWinOverEverything() {
    Map<String, String> on = Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "c:4317");
    for (Map.Entry<String, String> off : Map.of("OTEL_SDK_DISABLED", "true", "OTEL_ENABLED", "false",
        "OTEL_EXPORT_ENABLED", "false").entrySet()) {
      Map<String, String> env = new java.util.HashMap<>(on);
      env.put(off.getKey(), off.getValue());
      Settings s = Settings.read(env);
      assertThat(s.enabled()).as(off.getKey()).isFalse();
      assertThat(s.offReason()).contains(off.getKey());
    }
    assertThat(Settings.read(Map.of("OTEL_EXPORT_ENABLED", "true")).enabled()).isTrue();
  }

  @Test
  void badValuesNameTheVariableTheValueAndWhatIsAllowed() {
    Settings s = Settings.read(Map.of(
        "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "http://c:4317",
        "IMGPROXY_OPEN_TELEMETRY_PROTOCOL", "grcp",
        "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "yes please",
        "IMGPROXY_OPEN_TELEMETRY_CONNECTION_TIMEOUT", "-3",
        "IMGPROXY_OPEN_TELEMETRY_PROPAGATORS", "tracecontext,zipkin"));
    assertThat(s.errors()).hasSize(5);
    assertThat(s.errors()).anySatisfy(e -> assertThat(e)
        .startsWith("IMGPROXY_OPEN_TELEMETRY_ENDPOINT=\"http://c:4317\"").contains("host:port"));
    assertThat(s.errors()).anySatisfy(e -> assertThat(e)
        .startsWith("IMGPROXY_OPEN_TELEMETRY_PROTOCOL=\"grcp\"").contains("grpc, https, http, console"));
    assertThat(s.errors()).anySatisfy(e -> assertThat(e)
        .startsWith("IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS=\"yes please\"").contains("true or false"));
    assertThat(s.errors()).anySatisfy(e -> assertThat(e)
        .startsWith("IMGPROXY_OPEN_TELEMETRY_CONNECTION_TIMEOUT=\"-3\"").contains("1 to 3600"));
    assertThat(s.errors()).anySatisfy(e -> assertThat(e).contains("\"zipkin\"").contains("b3multi"));
    assertThat(s.enabled()).as("a bad endpoint turns export off").isFalse();
    assertThat(s.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  /** Stalwart's {@code Name: value} and {@code OTEL_EXPORTER_OTLP_HEADERS}' {@code Name=value}, mixed. */
  @Test
  void headersInEitherForm() {
    Settings s = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "c:4317", "IMGPROXY_OPEN_TELEMETRY_HEADERS",
        "Authorization=Bearer x, X-Tenant: a=b,X-Encoded=p%2Bq%3Dr+s,\nX-Colon=t:u"));
    assertThat(s.errors()).isEmpty();
    assertThat(s.headers()).containsExactly(Map.entry("Authorization", "Bearer x"), Map.entry("X-Tenant", "a=b"),
        Map.entry("X-Encoded", "p+q=r s"), Map.entry("X-Colon", "t:u"));
    Settings bad = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "c:4317",
        "IMGPROXY_OPEN_TELEMETRY_HEADERS", "Authorization=Bearer %zz, X-Ok=1"));
    assertThat(bad.errors()).singleElement().asString().contains("entry 1").contains("%-escape").doesNotContain("Bearer");
    assertThat(bad.headers()).containsOnlyKeys("X-Ok");
  }

  @Test
  void imgproxyValuesOverrideOtelOnesAndSaySo() {
    Settings s = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "c:4317",
        "IMGPROXY_OPEN_TELEMETRY_SERVICE_NAME", "avatars"));
    System.setProperty("otel.service.name", "from-otel");
    OtelProperties.Overrides overrides;
    try {
      overrides = OtelProperties.overrides(s, DefaultConfigProperties.createFromMap(
          Map.of("otel.service.name", "from-otel", "otel.exporter.otlp.traces.endpoint", "http://other:4317")));
    } finally {
      System.clearProperty("otel.service.name");
    }
    assertThat(overrides.properties()).containsEntry("otel.service.name", "avatars")
        .as("signal-specific OTEL endpoints lose to the imgproxy one too")
        .containsEntry("otel.exporter.otlp.traces.endpoint", "http://c:4317");
    assertThat(overrides.notes()).singleElement().satisfies(n -> assertThat(n)
        .contains("OTEL_SERVICE_NAME=from-otel").contains("otel.service.name=avatars"));
  }

  @Test
  void theServiceIsNamedAfterTheJarOrMainClassUnlessSomethingNamesIt() {
    Settings s = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "c:4317"));
    assertThat(OtelProperties.overrides(s, DefaultConfigProperties.createFromMap(Map.of())).properties())
        .containsKey("otel.service.name");
    assertThat(OtelProperties.overrides(s, DefaultConfigProperties.createFromMap(
        Map.of("otel.resource.attributes", "team=images,service.name=thumbs"))).properties())
        .doesNotContainKey("otel.service.name");
  }

  @Test
  void pemContentPathsAndHalfPairs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path ca = dir.resolve("ca.pem");
    java.nio.file.Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    Settings fromPath = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_SERVER_CERT", ca.toString()));
    assertThat(fromPath.serverCert()).startsWith("-----BEGIN CERTIFICATE-----\n");
    Settings escaped = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_SERVER_CERT",
        "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----"));
    assertThat(escaped.serverCert()).isEqualTo("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
    Settings half = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_CLIENT_KEY",
        "-----BEGIN PRIVATE KEY-----\\nsecretbytes\\n-----END PRIVATE KEY-----"));
    assertThat(half.clientKey()).isNull();
    assertThat(half.errors()).singleElement().satisfies(e -> assertThat(e)
        .contains("IMGPROXY_OPEN_TELEMETRY_CLIENT_KEY is set without IMGPROXY_OPEN_TELEMETRY_CLIENT_CERT")
        .doesNotContain("secretbytes"));
    Settings missing = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_SERVER_CERT", dir.resolve("nope.pem").toString()));
    assertThat(missing.errors()).singleElement().satisfies(e -> assertThat(e)
        .startsWith("IMGPROXY_OPEN_TELEMETRY_SERVER_CERT is neither PEM content nor a readable PEM file"));
  }

  @Test
  void throttlePrometheusAliasAndPropagationSwitch() {
    Settings s = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "c:4317",
        "IMGPROXY_OPEN_TELEMETRY_THROTTLE", "250ms",
        "IMGPROXY_OPEN_TELEMETRY_PROPAGATORS", "b3",
        "IMGPROXY_OPEN_TELEMETRY_DISABLE", "propagation",
        "OTEL_PROMETHEUS_ENDPOINT", "0.0.0.0:9467"));
    assertThat(s.errors()).isEmpty();
    assertThat(OtelProperties.imgproxyProperties(s))
        .containsEntry("otel.bsp.schedule.delay", "250")
        .containsEntry("otel.blrp.schedule.delay", "250")
        .containsEntry("otel.propagators", "none");
    assertThat(s.prometheusBind()).isEqualTo("0.0.0.0:9467");
    Settings pull = Settings.read(Map.of("IMGPROXY_PROMETHEUS_BIND", "127.0.0.1:9464"));
    assertThat(pull.enabled()).isTrue();
    assertThat(OtelProperties.imgproxyProperties(pull)).containsEntry("otel.traces.exporter", "none")
        .containsEntry("otel.metrics.exporter", "none");
  }

  @Test
  void stageMethods() {
    Settings s = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_PROCESSING_METHODS", "com.acme.Images#resize; com.acme.Thumbs$Inner#*",
        "IMGPROXY_OPEN_TELEMETRY_DOWNLOAD_METHODS", "com.acme.Fetch#get"));
    assertThat(s.errors()).isEmpty();
    assertThat(s.stageMethods()).containsEntry(Layer.PROCESSING, java.util.List.of("com.acme.Images#resize", "com.acme.Thumbs$Inner#*"))
        .containsEntry(Layer.DOWNLOAD, java.util.List.of("com.acme.Fetch#get"))
        .doesNotContainKey(Layer.QUEUE);
  }

  @Test
  void consoleNeedsNoCollector() {
    Settings s = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_PROTOCOL", "console",
        "IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS", "true"));
    assertThat(s.enabled()).isTrue();
    assertThat(OtelProperties.imgproxyProperties(s))
        .containsEntry("otel.traces.exporter", ConsoleExporterNames.NAME)
        .containsEntry("otel.metrics.exporter", ConsoleExporterNames.NAME);
  }

  /**
   * The configured sensitive names are added to the defaults; they replace them only when asked
   * and when at least one is valid (docs/configuration.md, SENSITIVE_QUERY_PARAMS).
   */
  @Test
  void sensitiveNamesAddToTheDefaultsUnlessReplacedOnPurpose() {
    String names = "IMGPROXY_OPEN_TELEMETRY_SENSITIVE_QUERY_PARAMS";
    String replace = "IMGPROXY_OPEN_TELEMETRY_SENSITIVE_QUERY_PARAMS_REPLACE";
    Settings added = Settings.read(Map.of(names, "tenant, x-acme-*"));
    assertThat(added.sensitiveQueryParams()).containsAll(io.pixtrace.bootstrap.UrlRedactor.DEFAULT_NAMES)
        .contains("tenant", "x-acme-*").contains("access_token", "api_key", "client_secret", "X-Amz-*");
    Settings malformed = Settings.read(Map.of(names, "a b,*x"));
    assertThat(malformed.errors()).hasSize(2).allSatisfy(e -> assertThat(e).startsWith(names).contains("it is left out"));
    assertThat(malformed.sensitiveQueryParams()).isEqualTo(io.pixtrace.bootstrap.UrlRedactor.DEFAULT_NAMES);
    Settings replaced = Settings.read(Map.of(names, "tenant", replace, "true"));
    assertThat(replaced.errors()).isEmpty();
    assertThat(replaced.sensitiveQueryParams()).containsExactly("tenant");
    Settings nothingValid = Settings.read(Map.of(names, "a b", replace, "true"));
    assertThat(nothingValid.errors()).hasSize(2).last().asString()
        .isEqualTo(replace + "=true but " + names + " holds no valid name: the default names stay redacted");
    assertThat(nothingValid.sensitiveQueryParams()).isEqualTo(io.pixtrace.bootstrap.UrlRedactor.DEFAULT_NAMES);
  }

  /** Bracketed IPv6 hosts are addresses; an unbalanced bracket or a bare IPv6 address is not. */
  @Test
  void hostPortAddresses() {
    assertThat(Parsers.validHostPort("[::1]:9464")).isTrue();
    assertThat(Parsers.validHostPort("[fe80::1%eth0]:4317")).isTrue();
    assertThat(Parsers.validHostPort("otel-collector.monitoring.svc:4317")).isTrue();
    assertThat(Parsers.validHostPort("10.0.0.1:4317")).isTrue();
    assertThat(Parsers.validHostPort("[::1:9464")).isFalse();
    assertThat(Parsers.validHostPort("::1:9464")).isFalse();
    assertThat(Parsers.validHostPort("[]:9464")).isFalse();
    assertThat(Parsers.validHostPort("collector :4317")).isFalse();
  }

  /**
   * The SDK's checked variables reach it as checked: a good one normalized (trimmed, in ms), a
   * bad one as the SDK's default; a batch larger than its queue is cut to the queue.
   */
  @Test
  void checkedSdkVariablesReachTheSdkAsChecked() {
    Settings s = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "c:4317", "OTEL_BSP_SCHEDULE_DELAY", " 2s ",
        "OTEL_BSP_MAX_QUEUE_SIZE", "-1", "OTEL_BLRP_MAX_QUEUE_SIZE", "100", "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "200"));
    assertThat(s.errors()).containsExactly(
        "OTEL_BSP_MAX_QUEUE_SIZE=\"-1\" is not a count: allowed is a whole number from 1 to 2147483647; using 2048",
        "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE=\"200\" is larger than OTEL_BLRP_MAX_QUEUE_SIZE (100): a batch is at most the queue;"
            + " using 100");
    Map<String, String> p = OtelProperties.overrides(s, DefaultConfigProperties.createFromMap(Map.of())).properties();
    assertThat(p).containsEntry("otel.bsp.schedule.delay", "2000").containsEntry("otel.bsp.max.queue.size", "2048")
        .containsEntry("otel.blrp.max.queue.size", "100").containsEntry("otel.blrp.max.export.batch.size", "100")
        .doesNotContainKey("otel.bsp.max.export.batch.size");
    Settings throttled = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_ENDPOINT", "c:4317", "OTEL_BSP_SCHEDULE_DELAY", "2s",
        "IMGPROXY_OPEN_TELEMETRY_THROTTLE", "300ms"));
    assertThat(OtelProperties.overrides(throttled, DefaultConfigProperties.createFromMap(Map.of())).properties())
        .as("THROTTLE wins").containsEntry("otel.bsp.schedule.delay", "300");
  }

  /** Values are trimmed before they are parsed: {@code "XRAY "} is the X-Ray generator, with no error. */
  @Test
  void valuesAreTrimmed() {
    Settings s = Settings.read(Map.of("IMGPROXY_OPEN_TELEMETRY_TRACE_ID_GENERATOR", "XRAY ",
        "IMGPROXY_OPEN_TELEMETRY_ENDPOINT", " collector:4317 "));
    assertThat(s.errors()).isEmpty();
    assertThat(s.xrayIds()).isTrue();
    assertThat(s.shown(Variables.TRACE_ID_GENERATOR)).isEqualTo("xray");
    assertThat(s.endpoints()).containsExactly("collector:4317");
  }
}
