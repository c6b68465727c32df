package dev.signet.core.ca;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;

/** {@link Pem}, which reads certificates and keys users upload: declares {@link CertificateException}. */
class PemFuzz {
    @BoundedFuzzTest
    void decodeCertificates(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        FuzzBounds.parse(() -> {
            try {
                Pem.decodeCertificates(text);
            } catch (CertificateException declared) {
                // refused, as documented
            }
        });
    }

    @BoundedFuzzTest
    void decode(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        FuzzBounds.parse(() -> {
            try {
                Pem.decode("PRIVATE KEY", text);
            } catch (CertificateException declared) {
                // refused, as documented
            }
        });
    }
}
