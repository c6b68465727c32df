package dev.signet.cli.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.client.SignedPayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batch's contract with a stand-in signer (the signature is the file's name, each call takes a
 * random short while so that calls finish out of order): outputs and reports in input order, exactly
 * the given number of calls at once (no more, and really that many), and on a failure exactly the
 * outcome of signing one file after the other.
 */
class BatchSignerTest {
    private static final int FILES = 120;

    @TempDir
    Path dir;

    private final List<Path> artifacts = new ArrayList<>();
    private final List<Path> targets = new ArrayList<>();
    private final List<Path> reported = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private final Set<String> threadNames = ConcurrentHashMap.newKeySet();

    private void files(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            Path f = Files.writeString(dir.resolve(String.format("f%03d.txt", i)), "file " + i);
            artifacts.add(f);
            targets.add(f.resolveSibling(f.getFileName() + ".p7s"));
        }
    }

    /** Signs with the file's name as its signature; fails the files listed. */
    private SignedPayload sign(Path artifact, Map<String, CliException> failures) {
        int now = running.incrementAndGet();
        mostRunning.accumulateAndGet(now, Math::max);
        threadNames.add(Thread.currentThread().getName());
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
        CliException failure = failures.get(artifact.getFileName().toString());
        if (failure != null) {
            throw failure;
        }
        return new SignedPayload(
                "job-" + artifact.getFileName(),
                "owner",
                artifact.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    private void run(int threads, Map<String, CliException> failures) {
        BatchSigner.run(artifacts, targets, threads, a -> sign(a, failures), (artifact, target, signed) -> {
            assertThat(target).isEqualTo(artifact.resolveSibling(artifact.getFileName() + ".p7s"));
            assertThat(signed.jobId()).isEqualTo("job-" + artifact.getFileName());
            reported.add(artifact);
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8})
    void signsEveryFileIntoItsOwnTargetAndReportsThemInInputOrder(int threads) throws Exception {
        files(FILES);
        run(threads, Map.of());

        assertThat(reported).containsExactlyElementsOf(artifacts);
        for (Path artifact : artifacts) {
            assertThat(artifact.resolveSibling(artifact.getFileName() + ".p7s"))
                    .hasBinaryContent(artifact.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(mostRunning.get()).isLessThanOrEqualTo(threads);
        assertThat(threadNames).allMatch(n -> n.startsWith("signet-sign-")).hasSizeLessThanOrEqualTo(threads);
        try (var listing = Files.list(dir)) {
            assertThat(listing.filter(p -> p.getFileName().toString().endsWith(".tmp")))
                    .isEmpty();
        }
    }

    /**
     * Real parallelism: each call waits until {@code threads} calls are in flight together (bounded).
     * A signer that ran the files one after the other would never open the latch and fail here.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 8})
    void makesTheGivenNumberOfCallsAtOnce(int threads) throws Exception {
        files(threads * 3);
        CountDownLatch allInFlight = new CountDownLatch(threads);

        BatchSigner.run(
                artifacts,
                targets,
                threads,
                a -> {
                    allInFlight.countDown();
                    try {
                        if (!allInFlight.await(30, TimeUnit.SECONDS)) {
                            throw new AssertionError((threads - allInFlight.getCount()) + " of " + threads
                                    + " calls were in flight at once after 30 s");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted", e);
                    }
                    return sign(a, Map.of());
                },
                (artifact, target, signed) -> reported.add(artifact));

        assertThat(reported).containsExactlyElementsOf(artifacts);
        assertThat(threadNames).hasSize(threads);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 57, FILES - 1})
    void aFailureReportsTheFilesBeforeItAndWritesNothingAfterIt(int failing) throws Exception {
        files(FILES);
        CliException failure = new CliException(ExitCode.REJECTED, "ValidationException: file " + failing);

        CliException thrown = catchThrowableOfType(
                () -> run(8, Map.of(artifacts.get(failing).getFileName().toString(), failure)), CliException.class);

        assertThat(thrown).isSameAs(failure);
        assertThat(reported).containsExactlyElementsOf(artifacts.subList(0, failing));
        for (int i = 0; i < FILES; i++) {
            if (i < failing) {
                assertThat(targets.get(i)).exists();
            } else {
                assertThat(targets.get(i))
                        .as("no signature for file %d after the failure", i)
                        .doesNotExist();
            }
        }
        try (var listing = Files.list(dir)) {
            assertThat(listing.filter(p -> p.getFileName().toString().endsWith(".tmp")))
                    .as("the signatures of requests in flight are discarded with their temporary files")
                    .isEmpty();
        }
    }

    @Test
    void theFirstFailureInInputOrderIsTheOneReported() throws Exception {
        files(40);
        CliException early = new CliException(ExitCode.UNAVAILABLE, "server error: early");
        CliException late = new CliException(ExitCode.REJECTED, "late");
        Map<String, CliException> failures = Map.of(
                artifacts.get(5).getFileName().toString(), early,
                artifacts.get(2).getFileName().toString(), late);

        assertThat(catchThrowableOfType(() -> run(8, failures), CliException.class))
                .isSameAs(late);
        assertThat(reported).containsExactlyElementsOf(artifacts.subList(0, 2));
    }

    @Test
    void anUnexpectedFailurePropagatesUnchanged() throws Exception {
        files(10);
        IllegalStateException bug = new IllegalStateException("bug");
        assertThatThrownBy(() -> BatchSigner.run(
                        artifacts,
                        targets,
                        4,
                        a -> {
                            throw bug;
                        },
                        (a, t, s) -> {}))
                .isSameAs(bug);
    }

    @Test
    void boundsItsThreadsAndRefusesMismatchedLists() throws Exception {
        assertThat(BatchSigner.threadsFor(1)).isEqualTo(1);
        assertThat(BatchSigner.threadsFor(5)).isEqualTo(5);
        assertThat(BatchSigner.threadsFor(1000)).isEqualTo(BatchSigner.MAX_THREADS);
        files(2);
        assertThatThrownBy(() -> BatchSigner.run(artifacts, targets.subList(0, 1), 2, a -> null, (a, t, s) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("one target per artifact");
        assertThatThrownBy(() -> BatchSigner.run(artifacts, targets, 0, a -> null, (a, t, s) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be 1..8");
        assertThatThrownBy(() -> BatchSigner.run(artifacts, targets, 9, a -> null, (a, t, s) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be 1..8");
    }
}
