package dev.signet.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The raw measurements bin/bench recorded: {@code KEY<TAB>VALUE} lines, one per run, e.g. {@code
 * jar.peer.wall 12.3}. Malformed lines are an error (the script wrote them; a bad one means a bug).
 */
final class Results {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    void add(String key, double value) {
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    static Results read(Path tsv) throws IOException {
        Results r = new Results();
        int n = 0;
        for (String line : Files.readAllLines(tsv)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 2 || f[0].isBlank()) {
                throw new IllegalArgumentException(tsv + ":" + n + ": expected KEY<TAB>VALUE");
            }
            try {
                r.add(f[0], Double.parseDouble(f[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(tsv + ":" + n + ": not a number: " + f[1]);
            }
        }
        return r;
    }

    /** The median of the key's runs, if any were recorded. */
    Optional<Double> median(String key) {
        List<Double> v = values.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(median(v));
    }

    int count(String key) {
        List<Double> v = values.get(key);
        return v == null ? 0 : v.size();
    }

    static double median(List<Double> v) {
        List<Double> sorted = new ArrayList<>(v);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
