package dev.signet.server.service.profile;

import dev.signet.core.ca.Pem;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * {@link CertificatePem}, the reader of stored certificate chains. It never reads a client's bytes
 * directly: an imported chain is parsed by {@link Pem#decodeCertificates} (fuzzed in signet-core and
 * through {@code CertificateServiceFuzz}) and stored as {@link CertificatePem#encode} writes it, and
 * profile chains are Signet's own. So the property fuzzed is the round trip: every chain that {@link
 * Pem} accepts from a client must come back from storage as the same certificates, with their
 * TBSCertificate readable (revocation status hashes it), or a stored import would turn into an
 * internal error whenever it is read. Declares {@link CertificateException} (from {@link Pem}).
 */
class CertificatePemFuzz {
    @BoundedFuzzTest
    void roundTrip(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        FuzzBounds.parse(() -> {
            List<X509Certificate> chain;
            try {
                chain = Pem.decodeCertificates(text);
            } catch (CertificateException declared) {
                return;
            }
            List<X509Certificate> stored = CertificatePem.decode(CertificatePem.encode(chain));
            if (!stored.equals(chain)) {
                throw new AssertionError("a stored chain reads back as other certificates");
            }
            for (X509Certificate certificate : stored) {
                try {
                    certificate.getTBSCertificate();
                } catch (CertificateEncodingException e) {
                    throw new AssertionError("a stored certificate has no readable TBSCertificate", e);
                }
            }
        });
    }
}
