package dev.signet.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.tsa.TimestampEvidence;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** EXPIRY: the carried expiry, else the certificate's end; a time-stamp does not extend it. */
class ExpiryCheckTest extends CheckTestBase {
    // ---- EXPIRY

    @Test
    void aCarriedExpiryThatPassedIsExpiredWhileTheCertificateIsStillValid() {
        SignatureEvidence signed = evidence().withExpiresAt(NOW.plus(Duration.ofMinutes(10)));
        VerificationResult result = judge(full(emptyList(), CHECKED).build(), signed);
        assertThat(reason(result, Check.EXPIRY)).isEqualTo(ReasonCode.EXPIRED);
        assertThat(message(result, Check.EXPIRY)).contains("its signed expiry");
        assertThat(result.signature().orElseThrow().expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void withoutACarriedExpiryTheCertificateEndIsTheExpiry() {
        VerificationResult result =
                judge(full(emptyList(), NOW.plus(Duration.ofDays(31))).build(), evidence());
        assertThat(reason(result, Check.EXPIRY)).isEqualTo(ReasonCode.EXPIRED);
        assertThat(message(result, Check.EXPIRY)).contains("certificate's notAfter");
    }

    @Test
    void aCarriedExpiryLaterThanTheCertificateIsTheExpiry() {
        SigningKey shortLived =
                pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)));
        SignatureEvidence signed = evidence(shortLived, Optional.of(NOW)).withExpiresAt(NOW.plus(Duration.ofDays(60)));
        VerificationResult later =
                judge(full(emptyList(), NOW.plus(Duration.ofDays(10))).build(), signed);
        assertThat(reason(later, Check.EXPIRY)).as(message(later, Check.EXPIRY)).isEqualTo(ReasonCode.OK);
        VerificationResult past =
                judge(full(emptyList(), NOW.plus(Duration.ofDays(61))).build(), signed);
        assertThat(reason(past, Check.EXPIRY)).isEqualTo(ReasonCode.EXPIRED);
    }

    @Test
    void signedAfterTheCertificateExpiredIsExpiredWhateverTheCarriedExpiry() {
        SigningKey shortLived =
                pki.signingKey(KeyAlgorithm.ECDSA_P256, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)));
        SignatureEvidence signed = evidence(shortLived, Optional.of(NOW.plus(Duration.ofDays(3))))
                .withExpiresAt(NOW.plus(Duration.ofDays(60)));
        VerificationResult result =
                judge(full(emptyList(), NOW.plus(Duration.ofDays(4))).build(), signed);
        assertThat(reason(result, Check.EXPIRY)).isEqualTo(ReasonCode.EXPIRED);
        assertThat(message(result, Check.EXPIRY)).contains("after the certificate expired");
    }

    @Test
    void aTrustedTimeStampDoesNotExtendTheExpiry() {
        SignatureEvidence signed =
                evidence().withTimestamp(new TimestampEvidence(NOW.plus(Duration.ofMinutes(1)), tsaChain));
        VerificationResult result =
                judge(full(emptyList(), NOW.plus(Duration.ofDays(31))).build(), signed);
        assertThat(reason(result, Check.TIMESTAMP)).isEqualTo(ReasonCode.OK);
        assertThat(reason(result, Check.CHAIN)).isEqualTo(ReasonCode.OK);
        assertThat(reason(result, Check.EXPIRY)).isEqualTo(ReasonCode.EXPIRED);
    }

    @Test
    void signedOrCheckedBeforeTheCertificateStartsIsNotYetValid() {
        VerificationResult early =
                judge(full(emptyList(), CHECKED).build(), evidence(key, Optional.of(NOW.minus(Duration.ofDays(2)))));
        assertThat(reason(early, Check.EXPIRY)).isEqualTo(ReasonCode.NOT_YET_VALID);
        VerificationResult checkedEarly =
                judge(full(emptyList(), NOW.minus(Duration.ofDays(2))).build(), evidence(key, Optional.empty()));
        assertThat(reason(checkedEarly, Check.EXPIRY)).isEqualTo(ReasonCode.NOT_YET_VALID);
    }
}
