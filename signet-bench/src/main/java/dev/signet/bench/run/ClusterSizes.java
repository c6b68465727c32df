package dev.signet.bench.run;

import java.util.List;

/**
 * The cluster part's sizes: issue 18's in full mode (a 1 GiB artifact, 30 s of SignPayload), tiny
 * ones in quick mode that only show the instruments work.
 *
 * @param jobBytes the StartSigningJob artifact, uploaded in parts of {@code partBytes}
 * @param partBytes the client's multipart part size (the AWS SDK's and CLI's common 16 MiB in full mode)
 * @param warmArgs the load driver's warm-up run against each server, before anything is measured
 * @param loadArgs each measured load driver run
 */
record ClusterSizes(long jobBytes, long partBytes, List<String> warmArgs, List<String> loadArgs) {
    static ClusterSizes of(boolean full) {
        if (full) {
            return new ClusterSizes(
                    1024 * Sizes.MIB,
                    16 * Sizes.MIB,
                    List.of("--connections", "8", "--requests", "200000", "--seconds", "20"),
                    List.of("--connections", "8", "--requests", "1000000", "--seconds", "30"));
        }
        return new ClusterSizes(
                24 * Sizes.MIB,
                8 * Sizes.MIB,
                List.of("--connections", "4", "--requests", "50", "--seconds", "5"),
                List.of("--connections", "8", "--requests", "300", "--seconds", "20"));
    }

    int parts() {
        return (int) (jobBytes / partBytes);
    }

    String describe() {
        return "StartSigningJob artifact " + jobBytes / Sizes.MIB + " MiB (" + parts() + " parts of "
                + partBytes / Sizes.MIB + " MiB, 4 in flight); SignPayload load " + String.join(" ", loadArgs)
                + " after a warm-up of " + String.join(" ", warmArgs);
    }
}
