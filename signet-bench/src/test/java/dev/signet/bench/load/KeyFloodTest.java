package dev.signet.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the flood benchmark briefly against a real in-process server. No timing assertions. */
class KeyFloodTest {

    @Test
    void validCallersAreServedAndEveryFloodRequestIsRefused() throws Exception {
        Map<String, Double> r = KeyFlood.run(KeyFlood.Options.parse(
                "--connections", "2", "--flood-connections", "2", "--seconds", "2", "--warmup-seconds", "1"));

        assertThat(r.get("flood.valid.errors")).isZero();
        assertThat(r.get("flood.other"))
                .as("a flood request that was not refused")
                .isZero();
        assertThat(r.get("flood.refused")).isPositive();
        assertThat(r.get("flood.alone.ops")).isPositive();
        assertThat(r.get("flood.flooded.ops")).isPositive();
        assertThat(r.get("flood.ratio")).isEqualTo(r.get("flood.flooded.ops") / r.get("flood.alone.ops"));
        assertThat(r.get("flood.flooded.p99_ms")).isGreaterThanOrEqualTo(r.get("flood.flooded.p50_ms"));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        KeyFlood.summary(r, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("ratio").contains("refused");
    }

    @Test
    void refusesUnboundedRuns() {
        assertThatThrownBy(() -> KeyFlood.Options.parse("--seconds", "1"))
                .hasMessageContaining("--seconds must be 2..600");
        assertThatThrownBy(() -> KeyFlood.Options.parse("--flood-connections", "0"))
                .hasMessageContaining("must be 1..64");
        assertThatThrownBy(() -> KeyFlood.Options.parse("--bogus", "1")).hasMessage("unknown option --bogus");
    }
}
