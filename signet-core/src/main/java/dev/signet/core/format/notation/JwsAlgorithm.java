package dev.signet.core.format.notation;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SignatureAlgorithm;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Optional;

/** The JWS algorithms Signet signs and verifies Notary envelopes with: ECDSA over P-256 and P-384. */
enum JwsAlgorithm {
    ES256(KeyAlgorithm.ECDSA_P256, HashAlgorithm.SHA256, 32),
    ES384(KeyAlgorithm.ECDSA_P384, HashAlgorithm.SHA384, 48);

    final SignatureAlgorithm signature;
    final HashAlgorithm hash;
    /** The length of r and s in the JOSE encoding. */
    final int fieldBytes;

    JwsAlgorithm(KeyAlgorithm key, HashAlgorithm hash, int fieldBytes) {
        this.signature = new SignatureAlgorithm(key, hash);
        this.hash = hash;
        this.fieldBytes = fieldBytes;
    }

    static Optional<JwsAlgorithm> forKey(KeyAlgorithm key) {
        return switch (key) {
            case ECDSA_P256 -> Optional.of(ES256);
            case ECDSA_P384 -> Optional.of(ES384);
            default -> Optional.empty();
        };
    }

    static Optional<JwsAlgorithm> forPublicKey(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits == 256 ? Optional.of(ES256) : bits == 384 ? Optional.of(ES384) : Optional.empty();
        }
        return Optional.empty();
    }
}
