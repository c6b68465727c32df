package dev.signet.bench.load;

import dev.signet.bench.TempDirs;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.pkcs11.Pkcs11KeyBackend;
import dev.signet.core.crypto.pkcs11.Pkcs11Settings;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.server.KeySettings;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import dev.signet.server.service.principals.IssuedAccessKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * Issue 20's PKCS#11 row: SignPayload (CMS P-256, the raw client) with the profile key on a SoftHSM2
 * token and with a software key, in the same run and on the same number of connections, beside
 * SoftHSM2's raw rate: {@code NONEwithECDSA} over a 32-byte digest through SunPKCS11 on the same
 * module with the same kind of key (a private, sensitive token object), on as many threads, measured before and after the SignPayload runs (the mean is the
 * baseline). The target is SignPayload on SoftHSM2 at 0.6x the raw rate or more.
 *
 * <p>Needs SoftHSM2 ({@code softhsm2-util}, the module) and {@code SOFTHSM2_CONF} set for this JVM
 * to a file it may write (SoftHSM2 reads it when the module is initialised); the token lives in a
 * temporary directory removed at the end. Arguments: {@code --threads N --seconds S --warmup-seconds
 * W [--out FILE]}; prints {@code KEY<TAB>VALUE} lines (to FILE if given) and a summary on stderr.
 */
public final class Pkcs11Bench {
    private static final Path MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final String LABEL = "signet-bench";
    private static final String PIN = "123456";
    private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");

    private Pkcs11Bench() {}

    public static void main(String[] args) throws Exception {
        int threads = 8;
        int seconds = 10;
        int warmup = 5;
        Path out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup-seconds" -> warmup = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (threads < 1 || threads > 64 || seconds < 1 || seconds > 600 || warmup < 0 || warmup > 600) {
            throw new IllegalArgumentException("--threads 1..64, --seconds 1..600, --warmup-seconds 0..600");
        }
        Map<String, Double> r = run(threads, seconds, warmup);
        StringBuilder tsv = new StringBuilder();
        r.forEach((k, v) -> tsv.append(k)
                .append('\t')
                .append(String.format(Locale.ROOT, "%.3f", v))
                .append('\n'));
        if (out != null) {
            Files.writeString(out, tsv);
        } else {
            System.out.print(tsv);
        }
        System.err.printf(
                Locale.ROOT,
                "PKCS#11 (SoftHSM2), %d threads: raw NONEwithECDSA %.0f/s, Pkcs11KeyBackend.signDigest %.0f/s;"
                        + " SignPayload CMS P-256: SoftHSM2 key %.0f/s (%.2fx raw; target 0.6x), software key %.0f/s (%.2fx)%n",
                threads,
                r.get("pkcs11.raw.ops"),
                r.get("pkcs11.backend.ops"),
                r.get("pkcs11.signpayload.ops"),
                r.get("pkcs11.ratio"),
                r.get("pkcs11.software.signpayload.ops"),
                r.get("pkcs11.vs_software"));
        System.exit(
                r.get("pkcs11.signpayload.errors") == 0 && r.get("pkcs11.software.signpayload.errors") == 0 ? 0 : 1);
    }

    static Map<String, Double> run(int threads, int seconds, int warmup) throws Exception {
        Path dir = TempDirs.create("signet-pkcs11-bench-");
        try {
            long slot = initToken(dir);
            // the same kind of key the backend makes: a token object, private, sensitive, not extractable
            // (SoftHSM2 reads and decrypts such a key on every use; a session key would flatter the raw rate)
            Provider raw = Security.getProvider("SunPKCS11")
                    .configure("--name=bench\nlibrary=\"" + MODULE + "\"\nslot=" + slot + "\n"
                            + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n CKA_TOKEN = true\n CKA_PRIVATE = true\n"
                            + " CKA_SENSITIVE = true\n CKA_EXTRACTABLE = false\n}\n"
                            + "attributes(generate, CKO_PUBLIC_KEY, *) = {\n CKA_TOKEN = true\n}\n");
            KeyStore login = KeyStore.getInstance("PKCS11", raw);
            login.load(null, PIN.toCharArray());
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", raw);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            rawRate(raw, pair, threads, TimeUnit.SECONDS.toNanos(warmup));
            double rawBefore = rawRate(raw, pair, threads, TimeUnit.SECONDS.toNanos(seconds));

            Path pin = Files.writeString(dir.resolve("pin"), PIN);
            Pkcs11Settings token = new Pkcs11Settings(MODULE, LABEL, threads);
            double backendOps =
                    backendRate(token, threads, TimeUnit.SECONDS.toNanos(warmup), TimeUnit.SECONDS.toNanos(seconds));
            KeySettings pkcs11 = KeySettings.pkcs11(token, pin);
            // alternated, twice each, so that neither side alone runs on a JIT still warming up
            List<LoadPhase.Result> softwareRuns = new ArrayList<>();
            List<LoadPhase.Result> tokenRuns = new ArrayList<>();
            for (int round = 1; round <= 2; round++) {
                softwareRuns.add(signPayload(dir.resolve("software-" + round), c -> c, threads, seconds, warmup));
                tokenRuns.add(
                        signPayload(dir.resolve("hsm-" + round), c -> c.withKeys(pkcs11), threads, seconds, warmup));
            }
            double rawAfter = rawRate(raw, pair, threads, TimeUnit.SECONDS.toNanos(seconds));

            double rawOps = (rawBefore + rawAfter) / 2;
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("pkcs11.threads", (double) threads);
            r.put("pkcs11.raw.ops", rawOps);
            r.put("pkcs11.raw.before.ops", rawBefore);
            r.put("pkcs11.raw.after.ops", rawAfter);
            r.put("pkcs11.backend.ops", backendOps);
            double tokenOps = ops(tokenRuns);
            double softwareOps = ops(softwareRuns);
            r.put("pkcs11.signpayload.ops", tokenOps);
            r.put("pkcs11.signpayload.errors", (double) errors(tokenRuns));
            r.put("pkcs11.software.signpayload.ops", softwareOps);
            r.put("pkcs11.software.signpayload.errors", (double) errors(softwareRuns));
            r.put("pkcs11.ratio", rawOps == 0 ? 0 : tokenOps / rawOps);
            r.put("pkcs11.vs_software", softwareOps == 0 ? 0 : tokenOps / softwareOps);
            return r;
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** A token labelled {@link #LABEL} in {@code dir}, configured through the file SOFTHSM2_CONF names. */
    private static long initToken(Path dir) throws IOException, InterruptedException {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            throw new IllegalStateException("set SOFTHSM2_CONF to a file this run may write (bin/bench does)");
        }
        Path tokens = Files.createDirectories(dir.resolve("tokens"));
        Files.writeString(
                Path.of(conf),
                "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        Process init = new ProcessBuilder(
                        "softhsm2-util",
                        "--init-token",
                        "--free",
                        "--label",
                        LABEL,
                        "--pin",
                        PIN,
                        "--so-pin",
                        "12345678")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("init.log").toFile())
                .start();
        if (!init.waitFor(60, TimeUnit.SECONDS)) {
            init.destroyForcibly();
            throw new IllegalStateException("softhsm2-util --init-token did not finish in 60 s");
        }
        String log = Files.readString(dir.resolve("init.log"));
        Matcher slot = SLOT.matcher(log);
        if (init.exitValue() != 0 || !slot.find()) {
            throw new IllegalStateException("softhsm2-util --init-token failed: " + log);
        }
        return Long.parseLong(slot.group(1));
    }

    private static double rawRate(Provider provider, KeyPair pair, int threads, long nanos)
            throws InterruptedException {
        AtomicLong count = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + nanos;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    Signature signature = Signature.getInstance("NONEwithECDSA", provider);
                    byte[] digest = new byte[32];
                    long n = 0;
                    while (System.nanoTime() < deadline) {
                        digest[(int) (n & 31)]++;
                        signature.initSign(pair.getPrivate());
                        signature.update(digest);
                        signature.sign();
                        n++;
                    }
                    count.addAndGet(n);
                } catch (GeneralSecurityException e) {
                    failures.incrementAndGet();
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join(nanos / 1_000_000 + 60_000);
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " raw signing threads failed");
        }
        return count.get() * 1e9 / (System.nanoTime() - start);
    }

    private static double ops(List<LoadPhase.Result> runs) {
        long ok = runs.stream().mapToLong(LoadPhase.Result::ok).sum();
        long nanos = runs.stream().mapToLong(LoadPhase.Result::elapsedNanos).sum();
        return nanos == 0 ? 0 : ok * 1e9 / nanos;
    }

    private static long errors(List<LoadPhase.Result> runs) {
        return runs.stream().mapToLong(LoadPhase.Result::errors).sum();
    }

    /** Pkcs11KeyBackend.signDigest (P-256, SHA-256 digests) on {@code threads} threads: the backend's own cost. */
    private static double backendRate(Pkcs11Settings settings, int threads, long warmupNanos, long nanos)
            throws InterruptedException {
        Pkcs11KeyBackend backend = new Pkcs11KeyBackend(settings, PIN.toCharArray());
        KeyHandle key = backend.generate(KeyAlgorithm.ECDSA_P256);
        SignatureAlgorithm algorithm = new SignatureAlgorithm(KeyAlgorithm.ECDSA_P256, HashAlgorithm.SHA256);
        double rate = 0;
        for (long phase : new long[] {warmupNanos, nanos}) {
            AtomicLong count = new AtomicLong();
            long start = System.nanoTime();
            long deadline = start + phase;
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    byte[] digest = new byte[32];
                    long n = 0;
                    while (System.nanoTime() < deadline) {
                        digest[(int) (n & 31)]++;
                        backend.signDigest(key, algorithm, digest);
                        n++;
                    }
                    count.addAndGet(n);
                });
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) {
                worker.join(phase / 1_000_000 + 60_000);
            }
            rate = count.get() * 1e9 / (System.nanoTime() - start);
        }
        return rate;
    }

    private static LoadPhase.Result signPayload(
            Path dataDir, UnaryOperator<ServerConfig> configure, int threads, int seconds, int warmup)
            throws InterruptedException {
        try (SignetServer server = SignetServer.start(configure.apply(new ServerConfig("127.0.0.1", 0, dataDir)))) {
            URI endpoint = server.endpoint();
            IssuedAccessKey key = LoadDriver.credentials(dataDir.resolve(CredentialsFile.BOOTSTRAP_FILE));
            String profile = putProfile(endpoint, key);
            Supplier<PayloadClient> clients = () ->
                    new RawPayloadClient(endpoint, key.accessKeyId(), key.secretAccessKey(), profile, LoadPlatform.CMS);
            LoadPhase.run(clients, threads, 1_000_000, TimeUnit.SECONDS.toNanos(warmup));
            return LoadPhase.run(clients, threads, 1_000_000, TimeUnit.SECONDS.toNanos(seconds));
        }
    }

    private static String putProfile(URI endpoint, IssuedAccessKey key) {
        String profile =
                "pkcs11" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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
}
