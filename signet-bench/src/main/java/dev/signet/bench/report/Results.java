package dev.signet.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The raw measurements of a bench run, several values per key (one per run), e.g. {@code
 * jar.peer.wall} = 12.3 s; the report shows their medians. Not thread-safe.
 */
public final class Results {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    public void add(String key, double value) {
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    /** The median of the key's runs, if any were recorded. */
    Optional<Double> median(String key) {
        List<Double> v = values.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(median(v));
    }

    /** The smallest value of the key's runs, if any were recorded. */
    Optional<Double> min(String key) {
        List<Double> v = values.get(key);
        return v == null || v.isEmpty()
                ? Optional.empty()
                : Optional.of(v.stream().min(Double::compare).get());
    }

    /** The largest value of the key's runs, if any were recorded. */
    Optional<Double> max(String key) {
        List<Double> v = values.get(key);
        return v == null || v.isEmpty()
                ? Optional.empty()
                : Optional.of(v.stream().max(Double::compare).get());
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
