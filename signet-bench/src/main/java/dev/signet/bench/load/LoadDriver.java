package dev.signet.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.signet.bench.TempDirs;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import dev.signet.server.service.principals.IssuedAccessKey;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * The SignPayload load driver. Starts a Signet server in-process on 127.0.0.1 (or targets a running
 * one on loopback), creates a profile ({@code Signet-CMS-SHA256-ECDSA}, or with {@code --platform
 * notation} {@code Notation-OCI-SHA384-ECDSA}, or with {@code --platform iot} {@code
 * AWSIoTDeviceManagement-SHA256-ECDSA} with a certificate it imports first), warms up, then calls
 * SignPayload with real SigV4 on N concurrent persistent connections, bounded by request count and
 * time. In the same run it measures Signet's raw in-process ECDSA P-256 signing rate (same provider,
 * same thread count) and {@code openssl speed ecdsap256} (single core), and reports ops/s,
 * p50/p99/p99.9 latency, the client's CPU per request and the ratios to both. The warm-up goes on past
 * {@code --warmup-seconds}, up to {@code --warmup-max-seconds}, while the JIT compiler is still busy
 * ({@link Warmup}): a measurement of a server in steady state, not of its compiler.
 *
 * <p>Writes JSON (to {@code --out} and, with no {@code --out}, to stdout) and a human summary on stderr.
 *
 * <pre>
 * java -cp signet-bench/target/benchmarks.jar dev.signet.bench.load.LoadDriver --connections 8 --seconds 30
 * </pre>
 */
public final class LoadDriver {
    private LoadDriver() {}

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadDriver: " + e.getMessage());
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        Map<String, Object> report = run(options);
        String json = mapper().writeValueAsString(report);
        if (options.out().isPresent()) {
            Files.writeString(options.out().get(), json + "\n");
        } else {
            System.out.println(json);
        }
        summary(report, System.err);
        System.exit(((Number) report.get("errors")).longValue() == 0 ? 0 : 1);
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Runs the whole measurement and returns the report (see the class comment). */
    public static Map<String, Object> run(LoadOptions options) throws InterruptedException {
        Path dir = null;
        SignetServer server = null;
        try {
            URI endpoint;
            IssuedAccessKey key;
            if (options.endpoint().isPresent()) {
                endpoint = options.endpoint().get();
                key = credentials(options.credentials().orElseThrow());
            } else {
                dir = TempDirs.create("signet-load-");
                server = SignetServer.start(new ServerConfig("127.0.0.1", 0, dir));
                endpoint = server.endpoint();
                key = credentials(dir.resolve(CredentialsFile.BOOTSTRAP_FILE));
            }
            LoadOptions.requireLoopback(endpoint);
            return measure(options, endpoint, key, server != null);
        } finally {
            if (server != null) {
                server.close();
            }
            TempDirs.delete(dir);
        }
    }

    private static Map<String, Object> measure(LoadOptions o, URI endpoint, IssuedAccessKey key, boolean inProcess)
            throws InterruptedException {
        String profile = "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String certificateArn = o.platform().importsMaterial() ? ImportedMaterial.importEcdsaP256(endpoint, key) : null;
        try (SignerClient admin = SignerClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            admin.putSigningProfile(r -> {
                r.profileName(profile)
                        .platformId(o.platform().platformId())
                        .signatureValidityPeriod(v -> v.value(30).type("DAYS"));
                if (certificateArn != null) {
                    r.signingMaterial(m -> m.certificateArn(certificateArn));
                }
            });
        }
        SignerClient shared = o.client().equals("sdk")
                ? SdkPayloadClient.shared(endpoint, key.accessKeyId(), key.secretAccessKey(), o.connections())
                : null;
        Supplier<PayloadClient> clients = shared != null
                ? () -> SdkPayloadClient.using(shared, profile, o.platform())
                : () -> new RawPayloadClient(endpoint, key.accessKeyId(), key.secretAccessKey(), profile, o.platform());
        Warmup warm;
        LoadPhase.Result run;
        long jitBefore;
        try {
            warm = Warmup.run(clients, o);
            jitBefore = Warmup.jitMillis();
            run = LoadPhase.run(clients, o.connections(), o.requests(), o.seconds() * 1_000_000_000L);
        } finally {
            if (shared != null) {
                shared.close();
            }
        }
        RawSigningRate.Result raw = RawSigningRate.measure(
                o.connections(),
                Math.min(2_000_000_000L, o.rawSeconds() * 500_000_000L),
                o.rawSeconds() * 1_000_000_000L);
        OpensslSpeed.Result openssl = OpensslSpeed.ecdsaP256(o.opensslSeconds());

        long[] lat = run.latenciesNanos().clone();
        Arrays.sort(lat);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "signpayload-load");
        r.put("time", Instant.now().toString());
        r.put("server", inProcess ? "in-process" : endpoint.toString());
        r.put("client", o.client().equals("raw") ? "raw-socket-sigv4" : "aws-sdk-apache");
        r.put("platform", o.platform().platformId());
        r.put("connections", o.connections());
        r.put("cryptoProvider", CryptoProviders.describe());
        r.put("warmupRequests", warm.requests());
        r.put("warmupSeconds", round(warm.seconds(), 1));
        r.put("jitMillisPerSecondWarmupEnd", round(warm.lastJitMillisPerSecond(), 1));
        r.put("jitMillisPerSecond", round((Warmup.jitMillis() - jitBefore) / (run.elapsedNanos() / 1e9), 1));
        r.put("requests", run.ok() + run.errors());
        r.put("ok", run.ok());
        r.put("errors", run.errors() + warm.errors());
        r.put("elapsedSeconds", round(run.elapsedNanos() / 1e9, 3));
        r.put("opsPerSecond", round(run.opsPerSecond(), 1));
        r.put("p50Millis", round(percentile(lat, 50) / 1e6, 3));
        r.put("p99Millis", round(percentile(lat, 99) / 1e6, 3));
        r.put("p999Millis", round(percentile(lat, 99.9) / 1e6, 3));
        r.put("maxMillis", round(lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, 3));
        r.put("clientCpuMicrosPerRequest", round(run.clientCpuMicrosPerRequest(), 1));
        r.put("serverCpuMicrosPerRequest", inProcess ? round(run.serverCpuMicrosPerRequest(), 1) : -1);
        r.put("rawCpuMicrosPerSign", round(raw.cpuMicrosPerSign(), 1));
        r.put("rawProvider", raw.provider());
        r.put("rawThreads", raw.threads());
        r.put("rawOpsPerSecond", round(raw.opsPerSecond(), 1));
        r.put("ratioToRaw", round(raw.opsPerSecond() == 0 ? 0 : run.opsPerSecond() / raw.opsPerSecond(), 4));
        r.put("openssl", openssl.version());
        r.put("opensslSignsPerSecond", openssl.signsPerSecond());
        r.put("ratioToOpenssl", round(run.opsPerSecond() / openssl.signsPerSecond(), 4));
        r.put("targetRatioToOpenssl", 0.5);
        r.put("targetRatioToRaw", 0.6);
        r.put("targetP99Millis", 20.0);
        return r;
    }

    /** The nearest-rank percentile of sorted values (0 for none). */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length / 100.0 - 1e-9);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    /** The bootstrap admin key a fresh server wrote to {@code file}. */
    static IssuedAccessKey credentials(Path file) {
        try {
            AccessKey key = CredentialsFile.read(file)
                    .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                    .orElseThrow(() -> new IllegalStateException("no [signet] profile in " + file));
            return new IssuedAccessKey(key.id(), key.secret());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void summary(Map<String, Object> r, PrintStream out) {
        out.printf(
                "SignPayload %s, %s client, %s connections: %s ops/s (%s ok, %s errors in %s s)%n",
                r.get("platform"),
                r.get("client"),
                r.get("connections"),
                r.get("opsPerSecond"),
                r.get("ok"),
                r.get("errors"),
                r.get("elapsedSeconds"));
        out.printf(
                "  latency p50 %s ms, p99 %s ms, p99.9 %s ms, max %s ms; CPU per request: client %s us, server %s us"
                        + " (a raw sign: %s us)%n",
                r.get("p50Millis"),
                r.get("p99Millis"),
                r.get("p999Millis"),
                r.get("maxMillis"),
                r.get("clientCpuMicrosPerRequest"),
                r.get("serverCpuMicrosPerRequest"),
                r.get("rawCpuMicrosPerSign"));
        out.printf(
                "  raw in-process %s (%s threads): %s signs/s -> ratio %s (target >= 0.6)%n",
                r.get("rawProvider"), r.get("rawThreads"), r.get("rawOpsPerSecond"), r.get("ratioToRaw"));
        out.printf(
                "  %s speed ecdsap256 (1 core): %s signs/s -> ratio %s (target >= 0.5)%n",
                r.get("openssl"), r.get("opensslSignsPerSecond"), r.get("ratioToOpenssl"));
    }
}
