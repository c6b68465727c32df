package dev.signet.core.format.authenticode;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.jca.KeyBackendPrivateKey;
import dev.signet.core.crypto.jca.KeyBackendProvider;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignRequest;
import dev.signet.core.tsa.TimestampException;
import dev.signet.core.tsa.Timestamper;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.concurrent.Callable;
import net.jsign.AuthenticodeSigner;
import net.jsign.DigestAlgorithm;
import net.jsign.Signable;
import net.jsign.timestamp.RFC3161Timestamper;
import net.jsign.timestamp.TimestampingException;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;

/**
 * Signs a file in place with jsign's {@link AuthenticodeSigner} (the files {@link PeSigning} does
 * not sign itself); the key stays in the backend (a {@link
 * KeyBackendPrivateKey} with the {@link KeyBackendProvider}), and time-stamps in process.
 */
final class AuthenticodeSigning {
    private AuthenticodeSigning() {}

    static void sign(SignRequest request, Path file) throws FormatException {
        jsign(() -> {
            try (Signable signable = AuthenticodeFiles.open(file)) {
                if (!signable.getSignatures().isEmpty()) {
                    throw new FormatException("the file already carries an Authenticode signature");
                }
                signer(request).sign(signable);
            }
            return null;
        });
    }

    /**
     * A call into jsign's signing, which declares {@code Exception}: its checked exceptions are
     * signing failures, and what {@link AuthenticodeFiles#read} counts as a malformed file is the
     * file's; both become a FormatException. Any other unchecked exception (a key backend's failure,
     * a bug) escapes as what it is.
     */
    private static <T> T jsign(Callable<T> call) throws FormatException {
        return AuthenticodeFiles.read("jsign could not sign the file", () -> {
            try {
                return call.call();
            } catch (IOException | FormatException | RuntimeException e) {
                throw e; // judged by AuthenticodeFiles.read, or escaping
            } catch (Exception e) { // jsign's sign() declares Exception
                throw new FormatException("jsign could not sign the file: " + AuthenticodeFiles.oneLine(e), e);
            }
        });
    }

    private static AuthenticodeSigner signer(SignRequest request) {
        String algorithm = new SignatureAlgorithm(request.key().handle().algorithm(), HashAlgorithm.SHA256).jcaName();
        AuthenticodeSigner signer = new AuthenticodeSigner(
                request.key().chain().toArray(new Certificate[0]), KeyBackendPrivateKey.of(request.key()));
        signer.withDigestAlgorithm(DigestAlgorithm.SHA256)
                .withSignatureAlgorithm(algorithm, KeyBackendProvider.instance())
                .withTimestamping(request.timestamper().isPresent());
        if (request.timestamper().isPresent()) {
            signer.withTimestamper(
                    new InProcessTimestamper(request.timestamper().get()));
        }
        return signer;
    }

    /** jsign's RFC 3161 mode, with the token from a {@link Timestamper} instead of an HTTP TSA. */
    static final class InProcessTimestamper extends RFC3161Timestamper {
        private final Timestamper timestamper;

        InProcessTimestamper(Timestamper timestamper) {
            this.timestamper = timestamper;
            setURL("http://in-process.invalid/"); // jsign iterates over URLs; this one is never contacted
            setRetries(1);
            setRetryWait(0);
        }

        @Override
        protected CMSSignedData timestamp(DigestAlgorithm algo, byte[] encryptedDigest)
                throws IOException, TimestampingException {
            try {
                byte[] digest =
                        CryptoProviders.messageDigest(HashAlgorithm.SHA256).digest(encryptedDigest);
                return new CMSSignedData(timestamper.timestamp(HashAlgorithm.SHA256, digest));
            } catch (TimestampException | CMSException e) {
                throw new TimestampingException("in-process time-stamping failed: " + e.getMessage(), e);
            }
        }
    }
}
