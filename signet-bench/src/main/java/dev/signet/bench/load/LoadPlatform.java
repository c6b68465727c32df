package dev.signet.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The platforms the load driver signs for, and the SignPayload payload each takes for one artifact
 * digest: the digest itself for CMS, a Notary payload naming an image manifest by that digest for
 * Notation (what the Notation AWS Signer plugin sends), and for the detached IoT JSON platform
 * Signet's payload stating a firmware image's length and that digest (its profile signs with
 * imported material, see {@link ImportedMaterial}).
 */
public enum LoadPlatform {
    CMS("Signet-CMS-SHA256-ECDSA", "application/vnd.signet.digest+sha256"),
    NOTATION("Notation-OCI-SHA384-ECDSA", "application/vnd.cncf.notary.payload.v1+json"),
    IOT("AWSIoTDeviceManagement-SHA256-ECDSA", "application/vnd.signet.iot-digest.v1+json");

    /** The firmware length the IoT payload states (FormatCase.IOT_PAYLOAD signs the same). */
    public static final int IOT_FIRMWARE_BYTES = 4096;

    private final String platformId;
    private final String payloadFormat;

    LoadPlatform(String platformId, String payloadFormat) {
        this.platformId = platformId;
        this.payloadFormat = payloadFormat;
    }

    public String platformId() {
        return platformId;
    }

    public String payloadFormat() {
        return payloadFormat;
    }

    /** The payload that signs an artifact whose SHA-256 is {@code digest}. */
    public byte[] payload(byte[] digest) {
        return switch (this) {
            case CMS -> digest;
            case NOTATION ->
                ("{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                                + "\"digest\":\"sha256:" + HexFormat.of().formatHex(digest) + "\",\"size\":16724}}")
                        .getBytes(StandardCharsets.UTF_8);
            case IOT ->
                ("{\"rawPayloadSize\":" + IOT_FIRMWARE_BYTES + ",\"sha256\":\""
                                + HexFormat.of().formatHex(digest) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
        };
    }

    /** Whether a profile on this platform needs imported signing material (a certificateArn). */
    public boolean importsMaterial() {
        return this == IOT;
    }

    /** The platform named by {@code --platform}: cms, notation or iot. */
    static LoadPlatform parse(String name) {
        return switch (name) {
            case "cms" -> CMS;
            case "notation" -> NOTATION;
            case "iot" -> IOT;
            default -> throw new IllegalArgumentException("--platform must be cms, notation or iot");
        };
    }
}
