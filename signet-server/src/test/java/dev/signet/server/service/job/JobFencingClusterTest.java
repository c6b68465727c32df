package dev.signet.server.service.job;

import static dev.signet.server.service.SignerServiceFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.filesystem.FilesystemObjectStore;
import dev.signet.server.objects.index.IndexedObjectStore;
import dev.signet.server.service.SignerServiceFixture;
import dev.signet.server.store.Database;
import dev.signet.server.store.TestDatabase;
import dev.signet.server.store.signer.JdbiJobRepository;
import dev.signet.server.store.signer.JdbiProfileRepository;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes' job runners on one PostgreSQL (each with its own connection pool, both over one
 * object directory, as nodes over one shared object store): any node claims any job, a crashed
 * node's job is taken over when its lease ends, a heartbeat keeps a long job's lease (and the lease
 * of a job claimed and waiting for a busy worker), and a worker whose lease was taken over is
 * refused by the fence, so every job's output is written once.
 */
class JobFencingClusterTest {
    private static final Duration LEASE = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private SignerServiceFixture a;
    private String version;

    /** Node B: its own database pool, repositories, object store and executor over A's keys. */
    private record Node(Database database, JdbiJobRepository jobs, ObjectStore objects, JobExecutor executor) {}

    @BeforeEach
    void setUp() throws Exception {
        String url = TestDatabase.newPostgresUrl();
        a = new SignerServiceFixture(Database.postgres(url, TestDatabase.USER, TestDatabase.USER), dir);
        a.runner.close();
        a.profiles.put(ADMIN, SigningJobServiceTest.profile("app", SigningJobServiceTest.CMS));
        a.objects.createBucket("src", "000000000000");
        a.objects.setVersioning("src", true);
        a.objects.createBucket("dst", "000000000000");
        // versioned, so a second write of one output would show as a second version
        a.objects.setVersioning("dst", true);
        version = a.objects
                .put(
                        "src",
                        "a.bin",
                        new ByteArrayInputStream("an artifact".getBytes(StandardCharsets.UTF_8)),
                        "application/octet-stream")
                .versionId();
        this.url = url;
    }

    private String url;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        a.close();
    }

    private Node nodeB() throws Exception {
        Database database = Database.postgres(url, TestDatabase.USER, TestDatabase.USER);
        open.add(database);
        IndexedObjectStore objects = FilesystemObjectStore.open(dir.resolve("objects"), database, a.clock);
        JobExecutor executor = new JobExecutor(
                new JdbiProfileRepository(database),
                a.issuer,
                a.platforms,
                objects,
                a.arns,
                dir.resolve("work-b"),
                a.clock);
        return new Node(database, new JdbiJobRepository(database), objects, executor);
    }

    private JobRunner runner(JobRepository jobs, JobExecutor executor) {
        return runner(jobs, executor, 2);
    }

    private JobRunner runner(JobRepository jobs, JobExecutor executor, int threads) {
        JobRunner runner = new JobRunner(jobs, executor, a.clock, threads, 8, Duration.ofMillis(50), LEASE);
        open.add(runner);
        return runner;
    }

    private String startJob(String token) {
        return a.jobs.start(ADMIN, SigningJobServiceTest.start("app", "src", "a.bin", version, token))
                .jobId();
    }

    private List<ObjectInfo> outputsOf(String jobId) throws Exception {
        return a.objects.listVersions("dst", "signed/" + jobId, 100);
    }

    private int attempts(String jobId) {
        return a.database
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT attempts FROM signing_job WHERE job_id = :id")
                        .bind("id", jobId)
                        .mapTo(Integer.class)
                        .one());
    }

    @Test
    void aWorkerWhoseLeaseWasTakenOverWritesNothingAndRecordsNothing() throws Exception {
        String id = startJob("stolen");
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        // node A stalls (a long pause) just before committing its output, and its heartbeats do
        // not reach the database meanwhile, so its lease runs out
        ObjectStore stallingStore = JobProfileRaceTest.proxy(ObjectStore.class, a.objects, (method, args) -> {
            if (method.getName().equals("putIf")) {
                stalled.countDown();
                assertThat(resume.await(60, TimeUnit.SECONDS)).isTrue();
            }
        });
        JobRepository silentHeartbeats = (JobRepository) java.lang.reflect.Proxy.newProxyInstance(
                JobRepository.class.getClassLoader(), new Class<?>[] {JobRepository.class}, (p, method, args) -> {
                    if (method.getName().equals("extend")) {
                        return true;
                    }
                    try {
                        return method.invoke(a.jobRepository, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        JobExecutor stallingExecutor = new JobExecutor(
                a.profileRepository, a.issuer, a.platforms, stallingStore, a.arns, dir.resolve("work-a"), a.clock);
        JobRunner stalledRunner = runner(silentHeartbeats, stallingExecutor);
        stalledRunner.wake(id);
        assertThat(stalled.await(60, TimeUnit.SECONDS)).isTrue();

        // node B takes the job over once A's lease ended, and is still reading the source when A
        // wakes up: the job is InProgress, only the fence tells A's write from B's
        CountDownLatch bReading = new CountDownLatch(1);
        CountDownLatch bMayGoOn = new CountDownLatch(1);
        Node b = nodeB();
        ObjectStore heldStore = JobProfileRaceTest.proxy(ObjectStore.class, b.objects(), (method, args) -> {
            if (method.getName().equals("open")) {
                bReading.countDown();
                assertThat(bMayGoOn.await(60, TimeUnit.SECONDS)).isTrue();
            }
        });
        JobExecutor heldExecutor = new JobExecutor(
                new JdbiProfileRepository(b.database()),
                a.issuer,
                a.platforms,
                heldStore,
                a.arns,
                dir.resolve("work-b"),
                a.clock);
        runner(b.jobs(), heldExecutor);
        assertThat(bReading.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(attempts(id)).isEqualTo(2);

        // A commits its output and result under its old fence: refused, nothing written
        resume.countDown();
        stalledRunner.close(); // waits for A's worker to finish
        assertThat(outputsOf(id)).as("outputs after the late writer").isEmpty();
        assertThat(a.jobRepository.find(id).orElseThrow().status()).isEqualTo(JobStatus.InProgress);

        bMayGoOn.countDown();
        SigningJob done = a.awaitFinished(id);
        assertThat(done.status()).isEqualTo(JobStatus.Succeeded);
        assertThat(attempts(id)).isEqualTo(2);
        assertThat(outputsOf(id)).hasSize(1);
    }

    @Test
    void aCrashedNodesJobIsTakenOverWhenItsLeaseEnds() throws Exception {
        String id = startJob("crashed");
        Instant now = a.clock.instant();
        // a node claimed the job, then died without a heartbeat
        JobLease dead =
                a.jobRepository.claim(id, "dead-node", now, now.plus(LEASE)).orElseThrow();

        Node b = nodeB();
        runner(b.jobs(), b.executor());
        SigningJob done = a.awaitFinished(id);

        assertThat(done.status()).isEqualTo(JobStatus.Succeeded);
        assertThat(attempts(id)).isEqualTo(2);
        assertThat(outputsOf(id)).hasSize(1);
        assertThat(a.jobRepository.fail(dead, "the dead node came back", a.clock.instant()))
                .isFalse();
    }

    @Test
    void heartbeatsKeepTheLeaseOfAJobThatTakesLongerThanOneLease() throws Exception {
        String id = startJob("long");
        CountDownLatch reading = new CountDownLatch(1);
        // reading the source takes more than two leases (a large artifact)
        ObjectStore slowStore = JobProfileRaceTest.proxy(ObjectStore.class, a.objects, (method, args) -> {
            if (method.getName().equals("open")) {
                reading.countDown();
                Thread.sleep(LEASE.multipliedBy(2).plusSeconds(1).toMillis());
            }
        });
        JobExecutor slow = new JobExecutor(
                a.profileRepository, a.issuer, a.platforms, slowStore, a.arns, dir.resolve("work-a"), a.clock);
        runner(a.jobRepository, slow).wake(id);
        assertThat(reading.await(60, TimeUnit.SECONDS)).isTrue();
        Node b = nodeB();
        runner(b.jobs(), b.executor());

        SigningJob done = a.awaitFinished(id);
        assertThat(done.status()).isEqualTo(JobStatus.Succeeded);
        assertThat(attempts(id)).as("claimed once: B never took the job over").isEqualTo(1);
        assertThat(outputsOf(id)).hasSize(1);
    }

    @Test
    void aJobClaimedAndWaitingBehindABusyWorkerKeepsItsLease() throws Exception {
        String first = startJob("busy");
        String second = startJob("waiting");
        CountDownLatch reading = new CountDownLatch(1);
        AtomicBoolean slowOnce = new AtomicBoolean(true);
        // A's only worker reads the first job's source for more than two leases; A's poller has
        // meanwhile claimed the second job, which waits in A's queue
        ObjectStore slowStore = JobProfileRaceTest.proxy(ObjectStore.class, a.objects, (method, args) -> {
            if (method.getName().equals("open") && slowOnce.getAndSet(false)) {
                reading.countDown();
                Thread.sleep(LEASE.multipliedBy(2).plusSeconds(1).toMillis());
            }
        });
        JobExecutor slow = new JobExecutor(
                a.profileRepository, a.issuer, a.platforms, slowStore, a.arns, dir.resolve("work-a"), a.clock);
        runner(a.jobRepository, slow, 1);
        assertThat(reading.await(60, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (attempts(second) == 0) {
            assertThat(System.nanoTime())
                    .as("A claimed the second job within 60 s")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        Node b = nodeB();
        runner(b.jobs(), b.executor());

        for (String id : List.of(first, second)) {
            SigningJob done = a.awaitFinished(id);
            assertThat(done.status()).as(id).isEqualTo(JobStatus.Succeeded);
            assertThat(attempts(id))
                    .as("%s claimed once: waiting in A's queue is no interruption for B to take over", id)
                    .isEqualTo(1);
            assertThat(outputsOf(id)).as(id).hasSize(1);
        }
    }

    @Test
    void twoNodesShareTheQueueAndSignEachJobOnce() throws Exception {
        Node b = nodeB();
        runner(a.jobRepository, a.executor);
        runner(b.jobs(), b.executor());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            // stored without waking a runner: both nodes find them by polling
            ids.add(startJob("many-" + i));
        }
        for (String id : ids) {
            SigningJob done = a.awaitFinished(id);
            assertThat(done.status()).as(id).isEqualTo(JobStatus.Succeeded);
            assertThat(attempts(id)).as(id).isEqualTo(1);
            assertThat(outputsOf(id)).as(id).hasSize(1);
        }
    }
}
