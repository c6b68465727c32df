package dev.signet.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The shared process runner: bounded even for a hung tool, never blocked by a chatty one. */
class ProcessesTest {
    @Test
    void aHungToolFailsWithinTheBoundAndItsChildrenAreKilled() {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // the bound under test is 1 s; the 60 s guard only keeps a broken runner from hanging the build
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try {
                Processes.run(Duration.ofSeconds(1), "bash", "-c", "sleep 60 & echo child $!; wait");
            } catch (AssertionError e) {
                failure.set(e);
            }
        });

        assertThat(failure.get())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not finish in PT1S")
                .hasMessageContaining("output so far:\nchild ");
        long child = Long.parseLong(failure.get().getMessage().replaceAll("(?s).*child (\\d+).*", "$1"));
        assertThat(awaitGone(child))
                .as("the background sleep (pid %d) was killed", child)
                .isTrue();
    }

    @Test
    void outputLargerThanAPipeBufferDoesNotBlockTheWait() {
        Processes.Result result = Processes.run(Duration.ofSeconds(60), "bash", "-c", "yes | head -c 5000000");

        assertThat(result.ok()).isTrue();
        assertThat(result.output()).hasSize(5_000_000);
    }

    @Test
    void standardOutputAndErrorCanBeKeptApart() {
        Processes.Result result = Processes.runSeparately(
                new ProcessBuilder("bash", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(60));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).isEqualTo("out\n");
        assertThat(result.error()).isEqualTo("err\n");
    }

    @Test
    void standardInputIsEmpty() {
        assertThat(Processes.run(Duration.ofSeconds(60), "wc", "-c").output().strip())
                .isEqualTo("0");
    }

    @Test
    void aMissingToolFailsTheTest() {
        assertThatThrownBy(() -> Processes.run(Duration.ofSeconds(60), "signet-no-such-tool"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("signet-no-such-tool is required by this test and could not be run");
    }

    /** Whether the process is gone within 10 s (a killed process is reaped by init asynchronously). */
    private static boolean awaitGone(long pid) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
