package dev.signet.core.revocation;

import dev.signet.core.ca.Pem;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.TestVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The signed revocation list: the JWS as {@link SignedRevocationList#verify} opens it against the
 * committed vector's root, and the canonical JSON payload as {@link RevocationListJson#decode}
 * reads it once the signature holds (fuzzed directly, since no mutation forges the signature). Both
 * declare {@link RevocationDataException}.
 */
class SignedRevocationListFuzz {
    private static final List<X509Certificate> ROOTS = roots();

    @BoundedFuzzTest
    void verify(byte[] input) {
        FuzzBounds.parse(() -> {
            try {
                SignedRevocationList.verify(input, ROOTS);
            } catch (RevocationDataException declared) {
                // refused, as documented
            }
        });
    }

    @BoundedFuzzTest
    void decode(byte[] json) {
        FuzzBounds.parse(() -> {
            try {
                RevocationListJson.decode(json);
            } catch (RevocationDataException declared) {
                // refused, as documented
            }
        });
    }

    private static List<X509Certificate> roots() {
        try {
            return Pem.decodeCertificates(
                    Files.readString(TestVectors.of("revocation-list").file("root.pem")));
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("the committed vector's root does not load", e);
        }
    }
}
