package dev.signet.core.platform;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import java.util.List;

/**
 * One signing platform exactly as {@code GetSigningPlatform} returns it, plus what Signet needs to
 * sign for it: the key algorithm of the keys it generates and the signature format id.
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
        String formatId) {}
