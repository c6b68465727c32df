package dev.signet.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the load driver for a few hundred requests against a real in-process server. No timing assertions. */
class LoadDriverTest {

    @ParameterizedTest
    @CsvSource({"raw, cms", "sdk, cms", "raw, notation", "raw, iot"})
    void signsEveryRequestAndReportsRatios(String client, String platform) throws Exception {
        LoadOptions options = LoadOptions.parse(
                "--connections", "4",
                "--requests", "300",
                "--seconds", "120",
                "--warmup-requests", "40",
                "--warmup-seconds", "60",
                "--raw-seconds", "1",
                "--openssl-seconds", "1",
                "--client", client,
                "--platform", platform);

        Map<String, Object> report = LoadDriver.run(options);

        assertThat(report.get("platform"))
                .isEqualTo(
                        switch (platform) {
                            case "cms" -> "Signet-CMS-SHA256-ECDSA";
                            case "notation" -> "Notation-OCI-SHA384-ECDSA";
                            default -> "AWSIoTDeviceManagement-SHA256-ECDSA";
                        });
        assertThat(report.get("ok")).isEqualTo(300L);
        assertThat(report.get("errors")).isEqualTo(0L);
        assertThat(report.get("warmupRequests")).isEqualTo(40L);
        assertThat((Double) report.get("opsPerSecond")).isPositive();
        assertThat((Double) report.get("p99Millis")).isGreaterThanOrEqualTo((Double) report.get("p50Millis"));
        assertThat((Double) report.get("rawOpsPerSecond")).isPositive();
        assertThat((Double) report.get("opensslSignsPerSecond")).isPositive();
        assertThat((Double) report.get("ratioToRaw")).isPositive();
        assertThat((Double) report.get("ratioToOpenssl")).isPositive();
        assertThat((Double) report.get("serverCpuMicrosPerRequest")).isPositive();
        assertThat((Double) report.get("rawCpuMicrosPerSign")).isPositive();
        String json = LoadDriver.mapper().writeValueAsString(report);
        assertThat(json).contains("\"ratioToOpenssl\"").doesNotContain("secret");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        LoadDriver.summary(report, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("ops/s").contains("p99.9");
        System.out.print(text.toString(StandardCharsets.UTF_8)); // the client CPU per request, for the record
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--endpoint=http://10.0.0.1:8080  | only targets loopback addresses",
                // a name outside .localhost is refused as it is, never looked up (no DNS in tests)
                "--endpoint=http://example.com:80 | only targets loopback addresses, not http://example.com:80",
                "--endpoint=https://127.0.0.1:80  | --endpoint must be http://127.0.0.1:PORT",
                "--endpoint=http://127.0.0.1      | --endpoint must be http://127.0.0.1:PORT",
                "--connections=0                  | --connections must be 1..256",
                "--requests=0                     | --requests must be 1..",
                "--seconds=0                      | durations must be 1..600 seconds",
                "--seconds=100000                 | durations must be 1..600 seconds",
                "--client=curl                    | --client must be raw or sdk",
                "--warmup-max-seconds=601         | --warmup-seconds and --warmup-max-seconds must be 0..600",
                "--bogus=1                        | unknown option --bogus"
            })
    void refusesNonLoopbackTargetsAndUnboundedRuns(String arg, String reason) {
        String[] kv = arg.split("=", 2);
        String[] args = kv[0].equals("--endpoint")
                ? new String[] {kv[0], kv[1], "--credentials", "/nonexistent"}
                : new String[] {kv[0], kv[1]};
        assertThatThrownBy(() -> LoadOptions.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://127.1.2.3:1", "http://[::1]:8080", "http://localhost:80"})
    void acceptsLoopbackTargets(String endpoint) {
        assertThat(LoadOptions.parse("--endpoint", endpoint, "--credentials", "/nonexistent")
                        .endpoint())
                .contains(java.net.URI.create(endpoint));
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[1000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(LoadDriver.percentile(sorted, 50)).isEqualTo(500);
        assertThat(LoadDriver.percentile(sorted, 99)).isEqualTo(990);
        assertThat(LoadDriver.percentile(sorted, 99.9)).isEqualTo(999);
        assertThat(LoadDriver.percentile(new long[0], 99)).isZero();
    }

    @Test
    void parsesOpensslSpeedOutput() {
        String out = "CPUINFO: x\n                              sign    verify    sign/s verify/s\n"
                + " 256 bits ecdsa (nistp256)   0.0000s   0.0001s  24841.7   7311.5\n";
        assertThat(OpensslSpeed.parse("OpenSSL 3", out).signsPerSecond()).isEqualTo(24841.7);
        assertThatThrownBy(() -> OpensslSpeed.parse("OpenSSL 3", "garbage"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not find the nistp256 line");
    }
}
