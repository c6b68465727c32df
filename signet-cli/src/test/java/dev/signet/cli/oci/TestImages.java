package dev.signet.cli.oci;

import dev.signet.core.format.notation.OciDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** A small OCI image (config, one 4 KiB layer, manifest) uploaded with the distribution API. */
final class TestImages {
    private TestImages() {}

    /** Pushes the image under {@code tag} and returns its manifest's descriptor. */
    static OciDescriptor push(RegistryClient client, String tag) {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = new byte[4096];
        new Random(11).nextBytes(layer);
        String configDigest = client.putBlob(config);
        String layerDigest = client.putBlob(layer);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + configDigest + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                        + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest
                        + "\",\"size\":" + layer.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        client.putManifest(tag, RegistryClient.OCI_MANIFEST, manifest);
        return new OciDescriptor(RegistryClient.OCI_MANIFEST, RegistryClient.sha256(manifest), manifest.length);
    }
}
