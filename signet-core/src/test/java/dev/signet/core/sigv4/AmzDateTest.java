package dev.signet.core.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast X-Amz-Date reads and writes against the formatter they stand in for. */
class AmzDateTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "20261127T120102Z",
                "20240229T235959Z",
                "00010101T000000Z",
                "99991231T235959Z",
                "20260230T000000Z",
                "20250229T000000Z",
                "20260431T101010Z"
            })
    void amzDatesReadAsTheFormatterReadsThem(String amzDate) {
        Instant expected = Instant.from(AmzDate.FORMAT.parse(amzDate));
        assertThat(AmzDate.parse(amzDate)).isEqualTo(expected);
        if (expected.atZone(ZoneOffset.UTC).getYear() >= 1000) {
            assertThat(AmzDate.format(expected)).isEqualTo(AmzDate.FORMAT.format(expected));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2026112T120102Z",
                "20261127 120102Z",
                "20261127T120102",
                "20261127t120102Z",
                "2026-11-27T12:01:02Z",
                "20261327T120102Z",
                "20261100T120102Z",
                "20261127T240102Z",
                "20261127T126002Z",
                "20261127T120160Z",
                "2026112\u0660T120102Z",
                "+2026112T120102Z",
                "20261127T120102ZZ"
            })
    void malformedAmzDatesAreRefusedAsTheFormatterRefusesThem(String amzDate) {
        assertThatThrownBy(() -> AmzDate.FORMAT.parse(amzDate))
                .isInstanceOf(DateTimeParseException.class)
                .hasMessageStartingWith("Text '" + amzDate + "' could not be parsed");
        assertThatThrownBy(() -> AmzDate.parse(amzDate))
                .isInstanceOf(DateTimeParseException.class)
                .hasMessageStartingWith("Text '" + amzDate + "' could not be parsed");
    }

    @Test
    void formatsEverySecondOfADayAsTheFormatterDoes() {
        Instant start = Instant.parse("2026-02-28T00:00:00Z");
        for (int s = 0; s < 2 * 86_400; s += 7) {
            Instant t = start.plusSeconds(s);
            assertThat(AmzDate.format(t)).isEqualTo(AmzDate.FORMAT.format(t));
        }
        assertThat(AmzDate.format(Instant.parse("1000-01-01T00:00:00.999Z"))).isEqualTo("10000101T000000Z");
    }

    @Test
    void yearsTheFormCannotHoldAreRefused() {
        assertThatThrownBy(() -> AmzDate.format(Instant.parse("0999-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("years 1000-9999");
        assertThatThrownBy(() -> AmzDate.format(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("years 1000-9999");
    }
}
