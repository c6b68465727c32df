package dev.signet.core.format.freertos;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import java.util.Map;
import java.util.Set;

/**
 * {@code AmazonFreeRTOS-TI-CC3220SF}: the embedded JSON image signed with SHA-1 and RSA ({@code
 * SHA1withRSA}), because that is what the TI CC3220SF boot loader checks. SHA-1 is legacy and
 * allowed on this platform only.
 */
public final class TiCc3220sfFormat extends IotJsonFormat {
    public static final String ID = "ti-cc3220sf-json";

    public TiCc3220sfFormat() {
        super(new IotJsonFlavor(
                ID,
                Set.of("AmazonFreeRTOS-TI-CC3220SF"),
                true,
                HashAlgorithm.SHA1,
                Map.of(KeyAlgorithm.RSA_2048, "SHA1withRSA", KeyAlgorithm.RSA_3072, "SHA1withRSA")));
    }
}
