package dev.signet.server;

import java.util.List;

/**
 * The JVM flags a Signet server runs with: {@code bin/signet server} (the CLI's {@code Launch} writes
 * them into its argument file), the benchmarks' servers and the memory tests' servers. Deployments that
 * start {@code java -jar signet.jar server} themselves should pass them too (docs/operations.md).
 *
 * <p>A heap of at most 192 MiB: the server's live data is some 25-35 MB, and with the JVM's default
 * (a quarter of the machine's memory) G1 grew the heap to 110-155 MB during a 1 GiB upload with S3
 * content when collections were slow (a busy machine: pauses of 100-400 ms read as GC overhead), which
 * with the ~200 MB the JVM needs outside the heap put the peak resident set at 280-345 MB, over the 300
 * MB budget. With the bound G1 sizes the young generation to it and the heap stayed near 55 MB.
 */
public final class ServerJvm {
    /** The flags, in the order given to {@code java}. */
    public static final List<String> FLAGS = List.of("-Xmx192m");

    private ServerJvm() {}
}
