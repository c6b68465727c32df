package dev.signet.bench.load;

import dev.signet.bench.TempDirs;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import dev.signet.server.service.principals.IssuedAccessKey;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * What a flood of requests signed with random access key ids (every one refused: no server issued
 * them) costs the valid callers of the same server. Starts a Signet server in-process on 127.0.0.1,
 * creates a {@code Signet-CMS-SHA256-ECDSA} profile, then runs SignPayload from {@code --connections}
 * valid connections in alternating phases of equal length: alone, and while {@code
 * --flood-connections} more connections send SignPayload with a new random key id each, back to
 * back. Two rounds of each, after a warm-up with the flood on, so neither side is measured cold or
 * always first. The ratio of the valid callers' rates (flooded / alone) is the result; on a shared
 * machine the flood's own CPU (its client threads and the server's work to refuse) takes a share,
 * so the ratio shows what the refusals cost beyond that share when compared with the flood's rate.
 *
 * <p>Writes {@code KEY<TAB>VALUE} lines (bin/bench records them) to {@code --out}, else to stdout,
 * and a summary on stderr; exits non-zero when a valid request failed or a flood request was
 * neither refused (403) nor told to retry (429).
 *
 * <pre>
 * java -cp signet-bench/target/benchmarks.jar dev.signet.bench.load.KeyFlood --seconds 20
 * </pre>
 */
public final class KeyFlood {
    private static final int ROUNDS = 2;
    private static final long MAX_REQUESTS_PER_PHASE = 1_000_000;

    private KeyFlood() {}

    /** The run's settings: connections on each side, the seconds of each measured side, the output. */
    record Options(int connections, int floodConnections, int seconds, int warmupSeconds, Optional<Path> out) {
        Options {
            if (connections < 1 || connections > 64 || floodConnections < 1 || floodConnections > 64) {
                throw new IllegalArgumentException("--connections and --flood-connections must be 1..64");
            }
            if (seconds < 2 || seconds > 600 || warmupSeconds < 0 || warmupSeconds > 600) {
                throw new IllegalArgumentException("--seconds must be 2..600, --warmup-seconds 0..600");
            }
        }

        static Options parse(String... args) {
            int connections = 4;
            int flood = 4;
            int seconds = 20;
            int warmup = 10;
            Optional<Path> out = Optional.empty();
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + args[i]);
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--connections" -> connections = Integer.parseInt(v);
                    case "--flood-connections" -> flood = Integer.parseInt(v);
                    case "--seconds" -> seconds = Integer.parseInt(v);
                    case "--warmup-seconds" -> warmup = Integer.parseInt(v);
                    case "--out" -> out = Optional.of(Path.of(v));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(connections, flood, seconds, warmup, out);
        }
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("KeyFlood: " + e.getMessage());
            System.err.println("usage: KeyFlood [--connections 4] [--flood-connections 4] [--seconds 20]"
                    + " [--warmup-seconds 10] [--out results.tsv]");
            System.exit(2);
            return;
        }
        Map<String, Double> results = run(options);
        StringBuilder tsv = new StringBuilder();
        results.forEach((k, v) -> tsv.append(k).append('\t').append(format(v)).append('\n'));
        if (options.out().isPresent()) {
            Files.writeString(options.out().get(), tsv);
        } else {
            System.out.print(tsv);
        }
        summary(results, System.err);
        boolean clean = results.get("flood.valid.errors") == 0 && results.get("flood.other") == 0;
        System.exit(clean ? 0 : 1);
    }

    /** Starts a server, measures, stops it; returns the measurements by bin/bench's keys. */
    public static Map<String, Double> run(Options o) throws InterruptedException {
        Path dir = TempDirs.create("signet-flood-");
        try (SignetServer server = SignetServer.start(new ServerConfig("127.0.0.1", 0, dir))) {
            URI endpoint = server.endpoint();
            IssuedAccessKey key = LoadDriver.credentials(dir.resolve(CredentialsFile.BOOTSTRAP_FILE));
            String profile = putProfile(endpoint, key);
            Supplier<PayloadClient> valid = () ->
                    new RawPayloadClient(endpoint, key.accessKeyId(), key.secretAccessKey(), profile, LoadPlatform.CMS);
            long phaseNanos = o.seconds() * 1_000_000_000L / ROUNDS;
            try (Flood warm = Flood.start(endpoint, profile, o.floodConnections())) {
                LoadPhase.run(valid, o.connections(), MAX_REQUESTS_PER_PHASE, o.warmupSeconds() * 1_000_000_000L);
            }
            List<LoadPhase.Result> alone = new ArrayList<>();
            List<LoadPhase.Result> flooded = new ArrayList<>();
            Flood.Counts counts = new Flood.Counts();
            for (int round = 0; round < ROUNDS; round++) {
                alone.add(LoadPhase.run(valid, o.connections(), MAX_REQUESTS_PER_PHASE, phaseNanos));
                try (Flood flood = Flood.start(endpoint, profile, o.floodConnections())) {
                    flooded.add(LoadPhase.run(valid, o.connections(), MAX_REQUESTS_PER_PHASE, phaseNanos));
                    counts.add(flood.stop());
                }
            }
            return results(o, alone, flooded, counts);
        } finally {
            TempDirs.delete(dir);
        }
    }

    private static Map<String, Double> results(
            Options o, List<LoadPhase.Result> alone, List<LoadPhase.Result> flooded, Flood.Counts flood) {
        double aloneOps = ops(alone);
        double floodedOps = ops(flooded);
        long floodedNanos =
                flooded.stream().mapToLong(LoadPhase.Result::elapsedNanos).sum();
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("flood.connections", (double) o.connections());
        r.put("flood.flood_connections", (double) o.floodConnections());
        r.put("flood.alone.ops", aloneOps);
        r.put("flood.flooded.ops", floodedOps);
        r.put("flood.ratio", aloneOps == 0 ? 0 : floodedOps / aloneOps);
        r.put("flood.alone.p50_ms", percentileMillis(alone, 50));
        r.put("flood.alone.p99_ms", percentileMillis(alone, 99));
        r.put("flood.flooded.p50_ms", percentileMillis(flooded, 50));
        r.put("flood.flooded.p99_ms", percentileMillis(flooded, 99));
        r.put("flood.rate", floodedNanos == 0 ? 0 : flood.all() * 1e9 / floodedNanos);
        r.put("flood.refused", (double) flood.refused.get());
        r.put("flood.throttled", (double) flood.throttled.get());
        r.put("flood.other", (double) flood.other.get());
        r.put("flood.valid.errors", (double)
                (alone.stream().mapToLong(LoadPhase.Result::errors).sum()
                        + flooded.stream().mapToLong(LoadPhase.Result::errors).sum()));
        return r;
    }

    private static double ops(List<LoadPhase.Result> phases) {
        long ok = phases.stream().mapToLong(LoadPhase.Result::ok).sum();
        long nanos = phases.stream().mapToLong(LoadPhase.Result::elapsedNanos).sum();
        return nanos == 0 ? 0 : ok * 1e9 / nanos;
    }

    private static double percentileMillis(List<LoadPhase.Result> phases, double p) {
        long[] all = phases.stream()
                .flatMapToLong(r -> Arrays.stream(r.latenciesNanos()))
                .sorted()
                .toArray();
        return LoadDriver.percentile(all, p) / 1e6;
    }

    private static String putProfile(URI endpoint, IssuedAccessKey key) {
        String profile = "flood" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (SignerClient admin = SignerClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            admin.putSigningProfile(r -> r.profileName(profile)
                    .platformId(LoadPlatform.CMS.platformId())
                    .signatureValidityPeriod(v -> v.value(30).type("DAYS")));
        }
        return profile;
    }

    static void summary(Map<String, Double> r, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "SignPayload from %.0f valid connections: %.1f ops/s alone, %.1f ops/s during a flood of random key"
                        + " ids from %.0f connections (%.1f requests/s): ratio %.3f%n",
                r.get("flood.connections"),
                r.get("flood.alone.ops"),
                r.get("flood.flooded.ops"),
                r.get("flood.flood_connections"),
                r.get("flood.rate"),
                r.get("flood.ratio"));
        out.printf(
                Locale.ROOT,
                "  valid p50/p99 %.2f/%.2f ms alone, %.2f/%.2f ms flooded; flood refused %.0f (403), throttled %.0f"
                        + " (429), other %.0f; valid errors %.0f%n",
                r.get("flood.alone.p50_ms"),
                r.get("flood.alone.p99_ms"),
                r.get("flood.flooded.p50_ms"),
                r.get("flood.flooded.p99_ms"),
                r.get("flood.refused"),
                r.get("flood.throttled"),
                r.get("flood.other"),
                r.get("flood.valid.errors"));
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * Threads sending SignPayload with random key ids, back to back, until stopped; counts how the
     * server answered: 403 (refused as unknown), 429 (told to retry), anything else.
     */
    static final class Flood implements AutoCloseable {
        /** How a flood was answered. */
        static final class Counts {
            final AtomicLong refused = new AtomicLong();
            final AtomicLong throttled = new AtomicLong();
            final AtomicLong other = new AtomicLong();

            long all() {
                return refused.get() + throttled.get() + other.get();
            }

            void add(Counts c) {
                refused.addAndGet(c.refused.get());
                throttled.addAndGet(c.throttled.get());
                other.addAndGet(c.other.get());
            }
        }

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Counts counts = new Counts();
        private final List<Thread> threads = new ArrayList<>();

        static Flood start(URI endpoint, String profile, int connections) {
            Flood flood = new Flood();
            for (int i = 0; i < connections; i++) {
                Thread t = new Thread(() -> flood.send(endpoint, profile), "flood-" + i);
                t.setDaemon(true);
                flood.threads.add(t);
                t.start();
            }
            return flood;
        }

        private void send(URI endpoint, String profile) {
            byte[] digest = new byte[32];
            try (RawPayloadClient client = RawPayloadClient.withRandomKeyIds(endpoint, profile)) {
                while (running.get()) {
                    ThreadLocalRandom.current().nextBytes(digest);
                    int status;
                    try {
                        status = client.status(digest);
                    } catch (IOException e) {
                        status = -1;
                    }
                    (status == 403 ? counts.refused : status == 429 ? counts.throttled : counts.other)
                            .incrementAndGet();
                }
            }
        }

        /** Stops the threads (each within 60 s) and returns what they counted. */
        Counts stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(60_000);
            }
            return counts;
        }

        @Override
        public void close() {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
