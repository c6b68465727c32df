package dev.signet.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageTokensTest {
    private static final byte[] KEY = new byte[32];

    static {
        new Random(1).nextBytes(KEY);
    }

    private final PageTokens tokens = new PageTokens(KEY);

    @Test
    void aTokenOpensToItsPositionUnderTheSameFilterOnly() {
        String token = tokens.issue("filter-a", "last:item/ü");
        assertThat(tokens.open("filter-a", Optional.of(token))).contains("last:item/ü");
        assertThat(tokens.open("filter-a", Optional.empty())).isEmpty();
        assertRefused("filter-b", token);
        assertRefused("filter-a", token, new PageTokens(new byte[32]));
    }

    @Test
    void everySingleCharacterChangeIsRefused() {
        String token = tokens.issue("f", "position-123");
        String alphabet = "ABCabc019-_.";
        for (int i = 0; i < token.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (token.charAt(i) != c) {
                    String changed = token.substring(0, i) + c + token.substring(i + 1);
                    if (!tokens.issue("f", "position-123").equals(changed)) {
                        assertRefused("f", changed);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "abc", ".abc", "abc.", "a.b", "!!!.???", "cG9z.=====", "a.b.c"})
    void malformedTokensAreRefused(String token) {
        assertRefused("f", token);
    }

    @Test
    void overlongTokensAreRefused() {
        assertRefused("f", "A".repeat(5000) + ".AAAA");
    }

    @Test
    void shortKeysAreAProgrammingError() {
        assertThatThrownBy(() -> new PageTokens(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a page token key has at least 32 bytes");
    }

    private void assertRefused(String filter, String token) {
        assertRefused(filter, token, tokens);
    }

    private static void assertRefused(String filter, String token, PageTokens with) {
        assertThatThrownBy(() -> with.open(filter, Optional.of(token)))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("nextToken is invalid")
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ValidationException");
    }
}
