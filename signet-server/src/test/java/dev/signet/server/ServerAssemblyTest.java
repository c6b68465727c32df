package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the composition root owns is closed when the server stops or cannot start. */
class ServerAssemblyTest {
    @TempDir
    Path dir;

    /** The background threads a server starts: job workers, the job poller, the upload sweeper. */
    static Set<Thread> workers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t ->
                        t.getName().startsWith("signet-job-") || t.getName().equals("signet-upload-sweeper"))
                .collect(Collectors.toSet());
    }

    /** The workers started since {@code before}, once they had up to 30 s to end. */
    static Set<Thread> leftSince(Set<Thread> before) throws InterruptedException {
        Set<Thread> left = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            left = workers();
            left.removeAll(before);
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        return left;
    }

    @Test
    void aStartThatCannotListenClosesWhatItOpened() throws Exception {
        Set<Thread> before = workers();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            ServerConfig config = new ServerConfig("127.0.0.1", taken.getLocalPort(), dir);
            assertThatThrownBy(() -> SignetServer.start(config))
                    .isInstanceOf(SignetServerException.class)
                    .hasMessageStartingWith("Cannot start Signet: ");
        }
        assertThat(leftSince(before)).as("workers of the failed start").isEmpty();
        try (SignetServer again = SignetServer.start(new ServerConfig("127.0.0.1", 0, dir))) {
            assertThat(again.port()).isPositive();
        }
    }

    @Test
    void closingTheServerStopsItsWorkers() throws Exception {
        Set<Thread> before = workers();
        SignetServer server = SignetServer.start(new ServerConfig("127.0.0.1", 0, dir));
        Set<Thread> started = workers();
        started.removeAll(before);
        assertThat(started).extracting(Thread::getName).contains("signet-job-poller", "signet-upload-sweeper");
        server.close();
        assertThat(leftSince(before)).isEmpty();
    }
}
