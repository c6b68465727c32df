package dev.signet.bench.run;

import java.util.List;

/**
 * The inputs and durations of a run: full mode has issue 6's sizes, quick mode tiny ones that only
 * show every instrument works. The OpenPGP and digest rows read one file of {@code bigFileBytes}.
 */
record Sizes(
        int jarEntries,
        long jarBytes,
        long peBytes,
        long bigFileBytes,
        int batchFiles,
        long rssBytes,
        int serverWarmSeconds,
        List<String> loadArgs,
        List<String> floorArgs,
        List<String> floodArgs,
        List<String> jmhArgs,
        List<String> formatArgs) {
    static final long MIB = 1 << 20;

    static Sizes of(boolean full) {
        if (full) {
            return new Sizes(
                    10_000,
                    100 * MIB,
                    50 * MIB,
                    1024 * MIB,
                    1000,
                    4096 * MIB,
                    40,
                    List.of(
                            "--connections",
                            "8",
                            "--requests",
                            "1000000",
                            "--seconds",
                            "30",
                            "--warmup-requests",
                            "200000",
                            "--warmup-seconds",
                            "20",
                            "--warmup-max-seconds",
                            "90",
                            "--raw-seconds",
                            "5",
                            "--openssl-seconds",
                            "5"),
                    List.of("3000", "2000", "5"),
                    List.of(
                            "--connections",
                            "4",
                            "--flood-connections",
                            "4",
                            "--seconds",
                            "20",
                            "--warmup-seconds",
                            "10"),
                    // 1 fork, 1 s warm-up, 3 x 1 s measurements per configuration: ~50 configurations in ~6 minutes
                    List.of("-f", "1", "-wi", "1", "-w", "1s", "-i", "3", "-r", "1s"),
                    List.of("--seconds", "3", "--pairs", "15", "--block-seconds", "0.1"));
        }
        return new Sizes(
                200,
                2 * MIB,
                MIB,
                16 * MIB,
                20,
                64 * MIB,
                2,
                List.of(
                        "--connections",
                        "8",
                        "--requests",
                        "300",
                        "--seconds",
                        "20",
                        "--warmup-requests",
                        "50",
                        "--warmup-seconds",
                        "5",
                        "--raw-seconds",
                        "1",
                        "--openssl-seconds",
                        "1"),
                List.of("200", "100", "3"),
                List.of("--connections", "2", "--flood-connections", "2", "--seconds", "2", "--warmup-seconds", "1"),
                List.of(
                        "-wi",
                        "0",
                        "-i",
                        "1",
                        "-r",
                        "1s",
                        "-f",
                        "1",
                        "-p",
                        "algorithm=ECDSA_P256",
                        "-p",
                        "formatCase=CMS_DETACHED",
                        "-p",
                        "sizeMiB=4"),
                List.of(
                        "--seconds",
                        "0.2",
                        "--pairs",
                        "3",
                        "--block-seconds",
                        "0.05",
                        "CMS_PAYLOAD_TSA",
                        "NOTATION_PAYLOAD_TSA",
                        "FREERTOS_JSON"));
    }

    /** The input sizes, for the report. */
    String describe() {
        return "jar=" + jarEntries + " entries/" + jarBytes / MIB + " MiB, PE=" + peBytes / MIB
                + " MiB, OpenPGP and digest="
                + bigFileBytes / MIB + " MiB (one file), batch=" + batchFiles
                + " files, RSS artifact=" + rssBytes / MIB + " MiB";
    }
}
