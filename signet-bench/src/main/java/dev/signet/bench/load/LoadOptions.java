package dev.signet.bench.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The load driver's settings, validated: counts and durations are bounded, and the target is a
 * loopback address (127.0.0.0/8 or ::1) only.
 *
 * @param endpoint the running server to target; empty to start one in-process
 * @param credentials that server's credentials file ({@code DATA/credentials}); required with an endpoint
 * @param warmupMaxSeconds how long the warm-up may go on past {@code warmupSeconds} while this JVM's
 *     JIT compiler is still busy (see {@link LoadDriver}); at most {@code warmupSeconds} turns it off
 */
record LoadOptions(
        Optional<URI> endpoint,
        Optional<Path> credentials,
        int connections,
        long requests,
        int seconds,
        long warmupRequests,
        int warmupSeconds,
        int warmupMaxSeconds,
        int rawSeconds,
        int opensslSeconds,
        String client,
        LoadPlatform platform,
        Optional<Path> out) {
    static final long MAX_REQUESTS = 5_000_000;
    static final int MAX_SECONDS = 600;

    LoadOptions {
        if (connections < 1 || connections > 256) {
            throw new IllegalArgumentException("--connections must be 1..256");
        }
        if (requests < 1 || requests > MAX_REQUESTS || warmupRequests < 0 || warmupRequests > MAX_REQUESTS) {
            throw new IllegalArgumentException(
                    "--requests must be 1.." + MAX_REQUESTS + ", --warmup-requests 0.." + MAX_REQUESTS);
        }
        for (int s : new int[] {seconds, rawSeconds, opensslSeconds}) {
            if (s < 1 || s > MAX_SECONDS) {
                throw new IllegalArgumentException("durations must be 1.." + MAX_SECONDS + " seconds");
            }
        }
        if (warmupSeconds < 0
                || warmupSeconds > MAX_SECONDS
                || warmupMaxSeconds < 0
                || warmupMaxSeconds > MAX_SECONDS) {
            throw new IllegalArgumentException("--warmup-seconds and --warmup-max-seconds must be 0.." + MAX_SECONDS);
        }
        if (!client.equals("raw") && !client.equals("sdk")) {
            throw new IllegalArgumentException("--client must be raw or sdk");
        }
        if (endpoint.isPresent()) {
            requireLoopback(endpoint.get());
            if (credentials.isEmpty()) {
                throw new IllegalArgumentException("--endpoint needs --credentials DATA/credentials of that server");
            }
        }
    }

    /**
     * An IP literal must be a loopback address; a name must be {@code localhost} or end in {@code
     * .localhost} (RFC 6761: always loopback) and resolve to loopback. Any other name is refused
     * without a lookup, so the check never asks DNS.
     */
    static void requireLoopback(URI endpoint) {
        if (!"http".equals(endpoint.getScheme()) || endpoint.getHost() == null || endpoint.getPort() < 1) {
            throw new IllegalArgumentException("--endpoint must be http://127.0.0.1:PORT");
        }
        String host = endpoint.getHost().toLowerCase(Locale.ROOT);
        boolean literal = host.startsWith("[") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        if (!literal && !host.equals("localhost") && !host.endsWith(".localhost")) {
            throw new IllegalArgumentException("the load driver only targets loopback addresses, not " + endpoint);
        }
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException("the load driver only targets loopback addresses, not " + endpoint);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + endpoint.getHost());
        }
    }

    static LoadOptions parse(String... args) {
        Optional<URI> endpoint = Optional.empty();
        Optional<Path> credentials = Optional.empty();
        Optional<Path> out = Optional.empty();
        int connections = 8;
        long requests = 200_000;
        int seconds = 30;
        long warmupRequests = 2_000;
        int warmupSeconds = 5;
        int warmupMaxSeconds = 0;
        int rawSeconds = 5;
        int opensslSeconds = 5;
        String client = "raw";
        LoadPlatform platform = LoadPlatform.CMS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--endpoint" -> endpoint = Optional.of(URI.create(v));
                case "--credentials" -> credentials = Optional.of(Path.of(v));
                case "--connections" -> connections = Integer.parseInt(v);
                case "--requests" -> requests = Long.parseLong(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--warmup-requests" -> warmupRequests = Long.parseLong(v);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(v);
                case "--warmup-max-seconds" -> warmupMaxSeconds = Integer.parseInt(v);
                case "--raw-seconds" -> rawSeconds = Integer.parseInt(v);
                case "--openssl-seconds" -> opensslSeconds = Integer.parseInt(v);
                case "--client" -> client = v;
                case "--platform" -> platform = LoadPlatform.parse(v);
                case "--out" -> out = Optional.of(Path.of(v));
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        return new LoadOptions(
                endpoint,
                credentials,
                connections,
                requests,
                seconds,
                warmupRequests,
                warmupSeconds,
                warmupMaxSeconds,
                rawSeconds,
                opensslSeconds,
                client,
                platform,
                out);
    }

    static final String USAGE = """
            usage: LoadDriver [--endpoint http://127.0.0.1:PORT --credentials DATA/credentials]
                              [--connections 8] [--requests 200000] [--seconds 30]
                              [--warmup-requests 2000] [--warmup-seconds 5] [--warmup-max-seconds 0]
                              [--raw-seconds 5]
                              [--openssl-seconds 5] [--client raw|sdk] [--platform cms|notation|iot]
                              [--out result.json]
            Without --endpoint a server is started in-process on 127.0.0.1 in a temp data dir.""";
}
