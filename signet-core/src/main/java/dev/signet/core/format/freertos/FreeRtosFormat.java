package dev.signet.core.format.freertos;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import java.util.Map;
import java.util.Set;

/**
 * {@code AmazonFreeRTOS-Default}: the signed OTA image as JSON with the firmware embedded ({@code
 * payload}), SHA-256 with ECDSA P-256 ({@code SHA256withECDSA}, the OTA job's {@code
 * sig-sha256-ecdsa}) or RSA ({@code SHA256withRSA}).
 */
public final class FreeRtosFormat extends IotJsonFormat {
    public static final String ID = "freertos-json";

    public FreeRtosFormat() {
        super(new IotJsonFlavor(
                ID,
                Set.of("AmazonFreeRTOS-Default"),
                true,
                HashAlgorithm.SHA256,
                Map.of(
                        KeyAlgorithm.ECDSA_P256, "SHA256withECDSA",
                        KeyAlgorithm.RSA_2048, "SHA256withRSA",
                        KeyAlgorithm.RSA_3072, "SHA256withRSA")));
    }

    /** The default FreeRTOS flavor judges signed JSON images whose algorithm is unknown (altered). */
    @Override
    boolean claimsUnknownAlgorithms() {
        return true;
    }
}
