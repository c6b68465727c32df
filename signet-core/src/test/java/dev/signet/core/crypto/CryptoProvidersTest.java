package dev.signet.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CryptoProvidersTest {
    private static final String REQUESTED = System.getProperty(CryptoProviders.PROPERTY, "auto");

    @ParameterizedTest
    @ValueSource(strings = {"SHA256withECDSA", "SHA384withECDSA", "SHA256withRSA", "Ed25519"})
    void signaturesAreServedByTheRequestedProvider(String algorithm) throws Exception {
        String served = CryptoProviders.signature(algorithm).getProvider().getName();
        if (REQUESTED.equals("bc")) {
            assertThat(served).isEqualTo("BC");
        } else {
            assertThat(CryptoProviders.accpAvailable())
                    .as("ACCP must load on this machine")
                    .isTrue();
            assertThat(served).isEqualTo("AmazonCorrettoCryptoProvider");
        }
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void digestsNeverUseBouncyCastle(HashAlgorithm algorithm) {
        String served = CryptoProviders.messageDigest(algorithm).getProvider().getName();
        assertThat(served).isNotEqualTo("BC");
        if (!REQUESTED.equals("bc")) {
            assertThat(served).isEqualTo("AmazonCorrettoCryptoProvider");
        }
    }

    @Test
    void modeMatchesTheSystemProperty() {
        assertThat(CryptoProviders.mode().name().toLowerCase()).isEqualTo(REQUESTED);
    }

    @Test
    void describeNamesEveryAlgorithmAndProvider() {
        assertThat(CryptoProviders.describe())
                .contains("mode=" + REQUESTED)
                .contains("SHA256withECDSA=")
                .contains("SHA-256=");
    }

    @Test
    void nothingIsInstalledJvmWide() {
        assertThat(java.security.Security.getProvider("AmazonCorrettoCryptoProvider"))
                .isNull();
        assertThat(java.security.Security.getProvider("BC")).isNull();
    }

    @Test
    void whatAccpLacksComesFromTheJdkOrBouncyCastle() throws Exception {
        // probed on ACCP 2.5.0: no Ed25519 KeyFactory and no Ed448 at all
        String keyFactory = CryptoProviders.keyFactory("Ed25519").getProvider().getName();
        String ed448 = CryptoProviders.signature("Ed448").getProvider().getName();
        if (REQUESTED.equals("bc")) {
            assertThat(keyFactory).isEqualTo("BC");
        } else {
            assertThat(keyFactory).isEqualTo("SunEC");
        }
        assertThat(ed448).isEqualTo("BC");
    }
}
