package dev.signet.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignatureFormatsTest {
    @Test
    void eachPlatformGetsTheFirstFormatThatNamesIt() {
        assertThat(SignatureFormats.all()).isNotEmpty();
        for (SignatureFormat format : SignatureFormats.all()) {
            for (String platform : format.platformIds()) {
                SignatureFormat first = SignatureFormats.all().stream()
                        .filter(f -> f.platformIds().contains(platform))
                        .findFirst()
                        .orElseThrow();
                assertThat(SignatureFormats.forPlatform(platform)).as(platform).containsSame(first);
            }
        }
    }

    @Test
    void anUnknownPlatformHasNoFormat() {
        assertThat(SignatureFormats.forPlatform("No-Such-Platform")).isEmpty();
        assertThat(SignatureFormats.forPlatform("")).isEmpty();
    }
}
