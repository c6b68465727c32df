package dev.signet.core.revocation;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;

/**
 * The trust bundle: the whole file as {@link TrustBundle#parse} checks it (its JWS, its signer, the
 * revocation list inside), and the canonical JSON payload as {@link TrustBundleJson#decode} reads it
 * once the signature holds (fuzzed directly, since no mutation forges the signature). Both declare
 * {@link RevocationDataException}.
 */
class TrustBundleFuzz {
    @BoundedFuzzTest
    void parse(byte[] file) {
        FuzzBounds.parse(() -> {
            try {
                TrustBundle.parse(file);
            } catch (RevocationDataException declared) {
                // refused, as documented
            }
        });
    }

    @BoundedFuzzTest
    void decode(byte[] json) {
        FuzzBounds.parse(() -> {
            try {
                TrustBundleJson.decode(json);
            } catch (RevocationDataException declared) {
                // refused, as documented
            }
        });
    }
}
