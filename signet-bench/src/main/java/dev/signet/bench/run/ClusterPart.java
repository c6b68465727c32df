package dev.signet.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.bench.BenchFailure;
import dev.signet.bench.jmh.DigestBenchmark;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * Issue 18's benchmarks, against {@code signet server} processes on what {@link ClusterServices}
 * starts: SignPayload on PostgreSQL beside the same load on SQLite (the load driver against each
 * server in turn, same machine, same run), and StartSigningJob of a large artifact with its content
 * in S3 (S3Proxy) beside the filesystem store, both on PostgreSQL, each on a fresh server so its peak
 * RSS (VmHWM) is that job's (start-up included).
 */
final class ClusterPart {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration JOB_BOUND = Duration.ofMinutes(30);

    private ClusterPart() {}

    /** Both comparisons, or ({@code withLoad} false) the StartSigningJob one alone. */
    static void cluster(BenchRun run, boolean withLoad) throws IOException, InterruptedException {
        ClusterSizes sizes = ClusterSizes.of(run.options.full());
        try (ClusterServices services = ClusterServices.start(run)) {
            if (withLoad) {
                signPayload(run, services, sizes);
            }
            signingJobs(run, services, sizes);
        }
    }

    /**
     * Both servers run side by side (the one not measured idles); each gets one warm-up load, then
     * the runs alternate SQLite, PostgreSQL. CPU per request is the server process's CPU over the
     * measured load driver process, whose own JVM start and 2 s of raw and openssl rates add a few
     * idle ticks, divided by the requests answered; PostgreSQL's own processes are counted apart.
     */
    private static void signPayload(BenchRun run, ClusterServices services, ClusterSizes sizes) throws IOException {
        run.log("cluster: SignPayload on SQLite and on PostgreSQL");
        SignetServerProcess sqlite = run.startServer(run.work.resolve("srv-sqlite"));
        SignetServerProcess postgres = run.startServer(run.work.resolve("srv-postgres"), services.newDatabase());
        try {
            loadDriver(run, sqlite, sizes.warmArgs(), "cluster-warm-sqlite.json");
            loadDriver(run, postgres, sizes.warmArgs(), "cluster-warm-postgres.json");
            for (int r = 1; r <= run.options.runs(); r++) {
                run.log("cluster: SignPayload run " + r + "/" + run.options.runs());
                double onSqlite = measureLoad(run, sqlite, "sqlite", r, sizes, () -> 0);
                double onPostgres = measureLoad(run, postgres, "postgres", r, sizes, services::postgresCpuSeconds);
                run.record("cluster.load.postgres_vs_sqlite", onPostgres / onSqlite);
            }
        } finally {
            sqlite.close();
            postgres.close();
        }
    }

    /** One measured load run; records its figures under {@code cluster.load.LABEL.*} and returns its ops/s. */
    private static double measureLoad(
            BenchRun run,
            SignetServerProcess server,
            String label,
            int r,
            ClusterSizes sizes,
            DoubleSupplier databaseCpu)
            throws IOException {
        double server0 = server.cpuSeconds();
        double database0 = databaseCpu.getAsDouble();
        JsonNode result = loadDriver(run, server, sizes.loadArgs(), "cluster-" + label + "-" + r + ".json");
        double serverCpu = server.cpuSeconds() - server0;
        double databaseCpuSeconds = databaseCpu.getAsDouble() - database0;
        double ok = result.path("ok").asDouble();
        if (ok <= 0) {
            throw new BenchFailure("the load driver answered no request on " + label);
        }
        String key = "cluster.load." + label + ".";
        double ops = result.path("opsPerSecond").asDouble();
        run.record(key + "ops", ops);
        run.record(key + "p99_ms", result.path("p99Millis").asDouble());
        run.record(key + "server_cpu_us", serverCpu * 1e6 / ok);
        run.record(key + "database_cpu_us", databaseCpuSeconds * 1e6 / ok);
        return ops;
    }

    private static JsonNode loadDriver(BenchRun run, SignetServerProcess server, List<String> args, String name)
            throws IOException {
        Path out = run.work.resolve(name);
        List<String> command = run.bench(
                "dev.signet.bench.load.LoadDriver",
                "--endpoint",
                server.endpoint(),
                "--credentials",
                server.data().resolve("credentials"),
                "--warmup-requests",
                "0",
                "--raw-seconds",
                "1",
                "--openssl-seconds",
                "1",
                "--out",
                out);
        command.addAll(args);
        run.commands.ok(BenchRun.STEP, command);
        return JSON.readTree(out.toFile());
    }

    /**
     * Per run, filesystem then S3 content, each on a new database and a fresh server: the client's
     * wall time from the first byte uploaded to the last byte of the signed output downloaded, and
     * the server's peak RSS. Its phases (parts uploaded, completion, job, download) are logged.
     */
    private static void signingJobs(BenchRun run, ClusterServices services, ClusterSizes sizes)
            throws IOException, InterruptedException {
        // every part of the artifact has this content: the disk holds one part, not the whole artifact
        Path part = run.work.resolve("cluster-part.bin");
        DigestBenchmark.writeDeterministic(part, sizes.partBytes());
        for (int r = 1; r <= run.options.runs(); r++) {
            run.log("cluster: StartSigningJob of " + sizes.jobBytes() / Sizes.MIB + " MiB, run " + r + "/"
                    + run.options.runs());
            double filesystem = signingJob(run, "filesystem", r, services.newDatabase(), part, sizes);
            List<String> s3 = new ArrayList<>(services.newDatabase());
            s3.addAll(services.newBucket());
            double onS3 = signingJob(run, "s3", r, s3, part, sizes);
            // a rate ratio: S3's speed relative to the filesystem's
            run.record("cluster.job.s3_vs_filesystem", filesystem / onS3);
        }
    }

    private static double signingJob(
            BenchRun run, String label, int r, List<String> flags, Path part, ClusterSizes sizes)
            throws IOException, InterruptedException {
        SignetServerProcess server = run.startServer(run.work.resolve("srv-job-" + label + "-" + r), flags);
        try {
            AccessKey key = CredentialsFile.read(server.data().resolve(CredentialsFile.BOOTSTRAP_FILE))
                    .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                    .orElseThrow(() -> new BenchFailure("no admin key in " + server.data()));
            StaticCredentialsProvider credentials =
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret()));
            try (S3Client s3 = S3Client.builder()
                            .endpointOverride(server.endpoint())
                            .region(Region.US_EAST_1)
                            .forcePathStyle(true)
                            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                            .credentialsProvider(credentials)
                            .httpClient(ApacheHttpClient.builder()
                                    // on a busy machine a 16 MiB part's request can take over the default 30 s
                                    .maxConnections(8)
                                    .socketTimeout(JOB_BOUND)
                                    .build())
                            .build();
                    SignerClient signer = SignerClient.builder()
                            .endpointOverride(server.endpoint())
                            .region(Region.US_EAST_1)
                            .credentialsProvider(credentials)
                            .httpClient(UrlConnectionHttpClient.create())
                            .build()) {
                s3.createBucket(b -> b.bucket("bench"));
                s3.putBucketVersioning(
                        b -> b.bucket("bench").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
                long start = System.nanoTime();
                long[] phases = new long[4];
                String version = upload(s3, part, sizes, phases);
                String job = signer.startSigningJob(b -> b.profileName("bench")
                                .clientRequestToken(UUID.randomUUID().toString())
                                .source(s -> s.s3(o -> o.bucketName("bench")
                                        .key("artifact.bin")
                                        .version(version)))
                                .destination(
                                        d -> d.s3(o -> o.bucketName("bench").prefix("signed/"))))
                        .jobId();
                DescribeSigningJobResponse done = awaitJob(signer, job);
                phases[2] = System.nanoTime();
                long downloaded = download(s3, done.signedObject().s3().key());
                phases[3] = System.nanoTime();
                double seconds = (phases[3] - start) / 1e9;
                run.log(String.format(
                        "cluster: %s: parts %.2f s, completion %.2f s, job %.2f s, download %.2f s",
                        label,
                        (phases[0] - start) / 1e9,
                        (phases[1] - phases[0]) / 1e9,
                        (phases[2] - phases[1]) / 1e9,
                        (phases[3] - phases[2]) / 1e9));
                if (downloaded == 0) {
                    throw new BenchFailure("the signed output of job " + job + " on " + label + " is empty");
                }
                run.record("cluster.job." + label + ".seconds", seconds);
                run.record("cluster.job." + label + ".rss_kb", server.peakRssKb());
                return seconds;
            }
        } catch (SdkException e) {
            throw new BenchFailure("StartSigningJob with " + label + " content failed: " + e.getMessage(), e);
        } finally {
            server.close();
        }
    }

    /**
     * A multipart upload of {@code artifact.bin}, every part {@code part}'s content, four in flight; its
     * version. Notes in {@code phases} when the parts were uploaded [0] and the upload completed [1].
     */
    private static String upload(S3Client s3, Path part, ClusterSizes sizes, long[] phases)
            throws InterruptedException {
        String id = s3.createMultipartUpload(b -> b.bucket("bench").key("artifact.bin"))
                .uploadId();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CompletedPart>> futures = new ArrayList<>();
            for (int n = 1; n <= sizes.parts(); n++) {
                int number = n;
                futures.add(pool.submit(() -> {
                    String etag = s3.uploadPart(
                                    b -> b.bucket("bench")
                                            .key("artifact.bin")
                                            .uploadId(id)
                                            .partNumber(number),
                                    RequestBody.fromFile(part))
                            .eTag();
                    return CompletedPart.builder().partNumber(number).eTag(etag).build();
                }));
            }
            List<CompletedPart> parts = new ArrayList<>();
            for (Future<CompletedPart> f : futures) {
                parts.add(f.get(JOB_BOUND.toSeconds(), TimeUnit.SECONDS));
            }
            phases[0] = System.nanoTime();
            String version = s3.completeMultipartUpload(b ->
                            b.bucket("bench").key("artifact.bin").uploadId(id).multipartUpload(m -> m.parts(parts)))
                    .versionId();
            phases[1] = System.nanoTime();
            if (version == null) {
                throw new BenchFailure("CompleteMultipartUpload returned no version id");
            }
            return version;
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchFailure("the multipart upload failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static DescribeSigningJobResponse awaitJob(SignerClient signer, String job) throws InterruptedException {
        long deadline = System.nanoTime() + JOB_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            DescribeSigningJobResponse d = signer.describeSigningJob(b -> b.jobId(job));
            if (d.status() == SigningStatus.SUCCEEDED) {
                return d;
            }
            if (d.status() != SigningStatus.IN_PROGRESS) {
                throw new BenchFailure("signing job " + job + " ended " + d.statusAsString() + ": " + d.statusReason());
            }
            Thread.sleep(200);
        }
        throw new BenchFailure("signing job " + job + " did not end in " + JOB_BOUND.toMinutes() + " minutes");
    }

    /** Reads the signed output to its end; its length. */
    private static long download(S3Client s3, String key) throws IOException {
        try (InputStream in = s3.getObject(b -> b.bucket("bench").key(key))) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
