package dev.signet.core.format.notation;

import dev.signet.core.tsa.TimestampEvidence;
import dev.signet.core.tsa.TimestampException;
import dev.signet.core.tsa.TimestampVerifier;
import java.util.Base64;

/**
 * The unprotected header {@value #HEADER}: the padded standard base64 of a DER RFC 3161
 * TimeStampToken whose message imprint is the digest of the JWS signature value (the raw bytes of
 * the decoded {@code signature} member), as the Notary Project JWS envelope specifies, made with
 * {@link dev.signet.core.tsa.Timestamper#timestampVerified(dev.signet.core.crypto.HashAlgorithm, byte[])}
 * and checked here with {@link TimestampVerifier}; refuses non-canonical base64.
 */
final class NotaryTimestamp {
    static final String HEADER = "io.cncf.notary.timestampSignature";

    private NotaryTimestamp() {}

    /**
     * The verified token in {@code headerValue}.
     *
     * @throws TimestampException when the value is not canonical base64, the token is invalid, or it
     *     covers other data than {@code signatureValue}
     */
    static TimestampEvidence verify(String headerValue, byte[] signatureValue) throws TimestampException {
        if (headerValue.length() > TimestampVerifier.MAX_TOKEN_SIZE * 4 / 3 + 4) {
            throw new TimestampException(HEADER + " is larger than " + TimestampVerifier.MAX_TOKEN_SIZE + " bytes");
        }
        byte[] token;
        try {
            token = Base64.getDecoder().decode(headerValue);
        } catch (IllegalArgumentException e) {
            throw new TimestampException(HEADER + " is not base64");
        }
        if (token.length == 0 || !Base64.getEncoder().encodeToString(token).equals(headerValue)) {
            throw new TimestampException(HEADER + " must be canonical padded base64");
        }
        return TimestampVerifier.verify(token, signatureValue);
    }
}
