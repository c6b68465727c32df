package dev.signet.bench.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What bin/bench was asked to do, validated. The report goes to {@code target/} unless {@code
 * --write-docs} (full mode only: quick numbers are not the report) names the tracked
 * docs/benchmarks.md, or {@code --out} another file.
 *
 * @param root the repository root (bin/bench passes it)
 * @param full full mode (the report's sizes, 3 runs) rather than quick (tiny inputs, 1 run)
 * @param runs runs per measurement, 1..99
 * @param only the parts to run, in {@link #PARTS}
 * @param out where the report is written
 */
record BenchOptions(Path root, boolean full, int runs, Set<String> only, Path out) {
    static final List<String> PARTS = List.of(
            "jmh",
            "load",
            "formats",
            "flood",
            "jar",
            "authenticode",
            "openpgp",
            "digest",
            "batch",
            "rss",
            "clientsign",
            "cluster",
            "pkcs11",
            "policy");
    /** Parts {@code --only} takes that no default run includes: {@code cluster-jobs} is the cluster part's StartSigningJob half. */
    static final List<String> NARROW_PARTS = List.of("cluster-jobs");

    static final String USAGE = """
            usage: bin/bench quick|full [--runs N] [--only PART,...] [--out FILE | --write-docs] [--no-build]
              quick          smoke check of every instrument: tiny inputs, 1 run (target/benchmarks-quick.md)
              full           the report: issue 6's sizes, 3 runs (target/benchmarks.md)
              --write-docs   full mode: write the report to docs/benchmarks.md, the tracked copy
              --out FILE     write the report to FILE
              --runs N       runs per measurement (1..99)
              --only LIST    a subset of jmh,load,formats,flood,jar,authenticode,openpgp,digest,batch,rss,clientsign,cluster,pkcs11,policy
                             (or cluster-jobs: only the cluster part's StartSigningJob comparison)
              --no-build     use the jars already built""";

    BenchOptions {
        only = Set.copyOf(only);
    }

    /** The CLI's jar, which the batch, RSS and cluster parts run (bin/bench builds it). */
    Path signetJar() {
        return root.resolve("signet-cli/target/signet.jar");
    }

    boolean wants(String part) {
        return only.contains(part);
    }

    /** Whether any of the cluster part runs: all of it, or its StartSigningJob half alone. */
    boolean wantsCluster() {
        return wants("cluster") || wants("cluster-jobs");
    }

    String mode() {
        return full ? "full" : "quick";
    }

    /** Parses {@code --root DIR [MODE [options]]} (quick by default); an error names what is wrong. */
    static BenchOptions parse(String... args) {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.size() < 2 || !rest.get(0).equals("--root")) {
            throw new IllegalArgumentException("run through bin/bench");
        }
        Path root = Path.of(rest.remove(1)).toAbsolutePath();
        rest.remove(0);
        if (rest.isEmpty()) {
            rest.add("quick");
        }
        if (!(rest.get(0).equals("quick") || rest.get(0).equals("full"))) {
            throw new IllegalArgumentException("the first argument is quick or full, not " + rest.get(0));
        }
        boolean full = rest.remove(0).equals("full");
        int runs = full ? 3 : 1;
        Set<String> only = Set.copyOf(PARTS);
        Path out = null;
        boolean writeDocs = false;
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            if (option.equals("--write-docs")) {
                writeDocs = true;
                continue;
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = rest.remove(0);
            switch (option) {
                case "--runs" -> runs = runs(value);
                case "--only" -> only = parts(value);
                case "--out" -> out = Path.of(value).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (writeDocs && !full) {
            throw new IllegalArgumentException("--write-docs is for full mode: quick numbers are not the report");
        }
        if (writeDocs && out != null) {
            throw new IllegalArgumentException("--write-docs and --out both name the report's file: give one");
        }
        if (writeDocs) {
            out = root.resolve("docs/benchmarks.md");
        } else if (out == null) {
            out = root.resolve(full ? "target/benchmarks.md" : "target/benchmarks-quick.md");
        }
        return new BenchOptions(root, full, runs, only, out);
    }

    private static int runs(String value) {
        if (!value.matches("[1-9][0-9]?")) {
            throw new IllegalArgumentException("--runs must be 1..99");
        }
        return Integer.parseInt(value);
    }

    private static Set<String> parts(String value) {
        Set<String> parts = Set.of(value.split(","));
        for (String part : parts) {
            if (!PARTS.contains(part) && !NARROW_PARTS.contains(part)) {
                throw new IllegalArgumentException("--only: unknown part '" + part + "' (parts: "
                        + String.join(",", PARTS) + "," + String.join(",", NARROW_PARTS) + ")");
            }
        }
        return parts;
    }
}
