package dev.signet.cli.server;

import dev.signet.cli.testing.SignetCluster;
import dev.signet.server.testing.S3Proxy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code signet server} processes (the real launcher, one YAML file each) sharing one
 * embedded PostgreSQL and one S3-compatible store (S3Proxy in its own JVM, {@code objects.type:
 * s3}) with a 4 s job lease ({@code jobs.lease}): {@link StartSigningJobsUnderKill}, node 1 killed
 * with SIGKILL and restarted. No job is InProgress within two lease periods of the moment the
 * backlog drained (the clock starts there, not at the last request: how long a backlog takes
 * depends on the machine's load, not on the lease; see that class), every job Succeeded, its output
 * verifies and was written once. The two-node run of the same is a phase of {@link
 * ClusterTwoNodesIT}.
 */
class ClusterStartSigningJobIT {
    private static final Duration LEASE = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @Test
    void everyJobEndsAndItsOutputIsWrittenOnceThoughANodeWasKilled() throws Exception {
        try (S3Proxy proxy = S3Proxy.start()) {
            String settings =
                    SignetCluster.s3Objects(proxy.newBucket(), dir) + StartSigningJobsUnderKill.leaseYaml(LEASE);
            try (SignetCluster cluster = SignetCluster.start(dir, 3, settings)) {
                StartSigningJobsUnderKill.Result result = new StartSigningJobsUnderKill(cluster, dir, LEASE, 1).run();
                System.out.printf("ClusterStartSigningJobIT: %s%n", result);
            }
        }
    }
}
