package dev.signet.core.crypto.software;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackendException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The on-disk form of one software key: a small text file of {@code name=value} lines.
 *
 * <pre>
 * format=signet-software-key-1
 * keyId=...
 * algorithm=ECDSA_P256
 * publicKey=base64(X.509 SubjectPublicKeyInfo)
 * sealedPrivateKey=base64(MasterKey.seal(PKCS#8, aad))
 * </pre>
 *
 * The aad binds the sealed private key to its key id, algorithm and public key, so swapping any of
 * them between files fails authentication.
 */
record KeyFile(String keyId, KeyAlgorithm algorithm, byte[] publicKey, byte[] sealedPrivateKey) {
    static final String FORMAT = "signet-software-key-1";
    static final int MAX_SIZE = 64 * 1024;

    KeyFile {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        publicKey = publicKey.clone();
        sealedPrivateKey = sealedPrivateKey.clone();
    }

    byte[] aad() {
        String text = FORMAT + "|" + keyId + "|" + algorithm.name() + "|"
                + Base64.getEncoder().encodeToString(publicKey);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    byte[] encode() {
        String text = "format=" + FORMAT + "\n"
                + "keyId=" + keyId + "\n"
                + "algorithm=" + algorithm.name() + "\n"
                + "publicKey=" + Base64.getEncoder().encodeToString(publicKey) + "\n"
                + "sealedPrivateKey=" + Base64.getEncoder().encodeToString(sealedPrivateKey) + "\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static KeyFile decode(String expectedKeyId, byte[] bytes) {
        if (bytes.length > MAX_SIZE) {
            throw new KeyBackendException("key file for " + expectedKeyId + " is too large");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0
                    || fields.put(line.substring(0, eq), line.substring(eq + 1).trim()) != null) {
                throw new KeyBackendException("key file for " + expectedKeyId + " is malformed");
            }
        }
        if (!FORMAT.equals(fields.get("format")) || !expectedKeyId.equals(fields.get("keyId"))) {
            throw new KeyBackendException("key file for " + expectedKeyId + " has the wrong format or key id");
        }
        try {
            return new KeyFile(
                    expectedKeyId,
                    KeyAlgorithm.valueOf(Objects.requireNonNull(fields.get("algorithm"))),
                    Base64.getDecoder().decode(Objects.requireNonNull(fields.get("publicKey"))),
                    Base64.getDecoder().decode(Objects.requireNonNull(fields.get("sealedPrivateKey"))));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new KeyBackendException("key file for " + expectedKeyId + " is malformed");
        }
    }
}
