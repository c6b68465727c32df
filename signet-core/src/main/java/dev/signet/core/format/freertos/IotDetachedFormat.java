package dev.signet.core.format.freertos;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWSIoTDeviceManagement-SHA256-ECDSA}: a detached JSON signature ({@code JSONDetached})
 * with {@code payloadLocation} pointing at the artifact, SHA-256 with ECDSA P-256.
 */
public final class IotDetachedFormat extends IotJsonFormat {
    public static final String ID = "iot-json-detached";

    public IotDetachedFormat() {
        super(new IotJsonFlavor(
                ID,
                Set.of("AWSIoTDeviceManagement-SHA256-ECDSA"),
                false,
                HashAlgorithm.SHA256,
                Map.of(KeyAlgorithm.ECDSA_P256, "SHA256withECDSA")));
    }
}
