package dev.signet.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.format.SignatureEvidence;

/** Field-by-field equality of {@link SignatureEvidence} (the record's equals compares arrays by reference). */
public final class EvidenceAssertions {
    private EvidenceAssertions() {}

    /** What a signer returned is exactly what the full verifier reports for its output. */
    public static void assertSameEvidence(SignatureEvidence signed, SignatureEvidence verified) {
        assertThat(signed.formatId()).isEqualTo(verified.formatId());
        assertThat(signed.intact()).isEqualTo(verified.intact());
        assertThat(signed.integrityDetail()).isEqualTo(verified.integrityDetail());
        assertThat(signed.chain()).containsExactlyElementsOf(verified.chain());
        assertThat(signed.signingTime()).isEqualTo(verified.signingTime());
        assertThat(signed.timestamp()).isEqualTo(verified.timestamp());
        assertThat(signed.signatureValue()).isEqualTo(verified.signatureValue());
        assertThat(signed.signatureId()).isEqualTo(verified.signatureId());
        assertThat(signed.expiresAt()).isEqualTo(verified.expiresAt());
    }
}
