package dev.signet.core.platform;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SignatureAlgorithm;
import java.util.List;
import java.util.Objects;

/**
 * One signing platform exactly as {@code GetSigningPlatform} returns it, plus what Signet needs to
 * sign for it: the key algorithm of the keys it generates and the signature format id.
 *
 * <p>The AWS fields keep AWS's exact values, including ones outside the published model's enums
 * (AWS returns category {@code AWS} and hash {@code SHA384}). Defaults must be among the allowed
 * values; lists are copied.
 */
public record SigningPlatform(
        String platformId,
        String displayName,
        String partner,
        String target,
        String category,
        List<String> encryptionAlgorithms,
        String defaultEncryptionAlgorithm,
        List<String> hashAlgorithms,
        String defaultHashAlgorithm,
        List<String> supportedImageFormats,
        String defaultImageFormat,
        int maxSizeInMB,
        boolean revocationSupported,
        KeyAlgorithm keyAlgorithm,
        HashAlgorithm hashAlgorithm,
        String formatId) {
    public SigningPlatform {
        Objects.requireNonNull(platformId, "platformId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(partner, "partner");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(category, "category");
        encryptionAlgorithms = List.copyOf(encryptionAlgorithms);
        hashAlgorithms = List.copyOf(hashAlgorithms);
        supportedImageFormats = List.copyOf(supportedImageFormats);
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
        Objects.requireNonNull(formatId, "formatId");
        requireAmong(defaultEncryptionAlgorithm, encryptionAlgorithms, "defaultEncryptionAlgorithm");
        requireAmong(defaultHashAlgorithm, hashAlgorithms, "defaultHashAlgorithm");
        requireAmong(defaultImageFormat, supportedImageFormats, "defaultImageFormat");
        if (maxSizeInMB <= 0) {
            throw new IllegalArgumentException(platformId + ": maxSizeInMB must be positive");
        }
        if (!hashAlgorithms.contains(hashAlgorithm.awsName())) {
            throw new IllegalArgumentException(platformId + ": hashAlgorithm " + hashAlgorithm + " is not allowed");
        }
    }

    /** The algorithm Signet signs with for this platform by default. */
    public SignatureAlgorithm signatureAlgorithm() {
        return new SignatureAlgorithm(keyAlgorithm, hashAlgorithm);
    }

    /** Largest artifact in bytes. */
    public long maxSizeInBytes() {
        return maxSizeInMB * 1024L * 1024L;
    }

    private static void requireAmong(String value, List<String> allowed, String field) {
        if (value == null || !allowed.contains(value)) {
            throw new IllegalArgumentException(field + " '" + value + "' is not among " + allowed);
        }
    }
}
