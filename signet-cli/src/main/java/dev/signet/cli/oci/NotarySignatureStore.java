package dev.signet.cli.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.core.format.notation.OciDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Notary Project signatures stored in an OCI registry next to the image they sign. Each signature
 * is an OCI image manifest with {@code artifactType} {@value #SIGNATURE_TYPE}, the empty config
 * ({@value #EMPTY_TYPE}, {@code {}}), one {@code application/jose+json} layer holding the JWS
 * envelope and {@code subject} = the image's descriptor. When the registry does not confirm the
 * subject ({@code OCI-Subject} header) the signature is also listed in the referrers tag schema:
 * tag {@code <alg>-<hex>} of the image digest pointing at an OCI index, updated by
 * read-modify-write. Reading uses the referrers API when the registry has it, else that tag.
 */
public final class NotarySignatureStore {
    public static final String SIGNATURE_TYPE = "application/vnd.cncf.notary.signature";
    public static final String EMPTY_TYPE = "application/vnd.oci.empty.v1+json";
    public static final String JWS_TYPE = "application/jose+json";
    public static final int MAX_ENVELOPE = 1 << 20;
    private static final int MAX_SIGNATURES = 100;
    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClient registry;

    public NotarySignatureStore(RegistryClient registry) {
        this.registry = registry;
    }

    /** Where a signature went: its manifest digest and whether the tag schema was written. */
    public record Pushed(String manifestDigest, boolean referrersApi, String tagSchemaTag) {}

    /** One signature found for an image. */
    public record Found(
            String manifestDigest, Optional<OciDescriptor> subject, Optional<byte[]> envelope, String problem) {}

    public Pushed push(OciDescriptor image, byte[] envelope) {
        String configDigest = registry.putBlob(EMPTY);
        String layerDigest = registry.putBlob(envelope);
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", RegistryClient.OCI_MANIFEST);
        m.put("artifactType", SIGNATURE_TYPE);
        m.set("config", descriptor(EMPTY_TYPE, configDigest, EMPTY.length));
        m.putArray("layers").add(descriptor(JWS_TYPE, layerDigest, envelope.length));
        m.set("subject", descriptor(image.mediaType(), image.digest(), image.size()));
        byte[] manifest = m.toString().getBytes(StandardCharsets.UTF_8);
        String digest = RegistryClient.sha256(manifest);
        boolean api = registry.putManifest(digest, RegistryClient.OCI_MANIFEST, manifest);
        String tag = tagSchemaTag(image.digest());
        if (!api) {
            ObjectNode entry = descriptor(RegistryClient.OCI_MANIFEST, digest, manifest.length);
            entry.put("artifactType", SIGNATURE_TYPE);
            ObjectNode index = tagIndex(tag);
            ArrayNode manifests = (ArrayNode) index.get("manifests");
            boolean listed = false;
            for (JsonNode d : manifests) {
                listed |= digest.equals(d.path("digest").asText());
            }
            if (!listed) {
                manifests.add(entry);
            }
            registry.putManifest(tag, RegistryClient.OCI_INDEX, index.toString().getBytes(StandardCharsets.UTF_8));
        }
        return new Pushed(digest, api, tag);
    }

    /** The Notary signatures the registry lists for an image (referrers API, else the tag schema). */
    public List<Found> find(OciDescriptor image) {
        byte[] index = registry.referrers(image.digest())
                .orElseGet(
                        () -> tagIndex(tagSchemaTag(image.digest())).toString().getBytes(StandardCharsets.UTF_8));
        JsonNode manifests = parse(index, "referrers index").path("manifests");
        List<Found> found = new ArrayList<>();
        for (JsonNode d : manifests) {
            if (!SIGNATURE_TYPE.equals(d.path("artifactType").asText())) {
                continue;
            }
            if (found.size() == MAX_SIGNATURES) {
                break;
            }
            String digest = d.path("digest").asText();
            if (!OciDescriptor.isDigest(digest)) {
                found.add(
                        new Found("(bad digest)", Optional.empty(), Optional.empty(), "the index lists a bad digest"));
                continue;
            }
            found.add(fetch(digest));
        }
        return found;
    }

    private Found fetch(String digest) {
        Optional<RegistryClient.Manifest> m = registry.manifest(digest);
        if (m.isEmpty()) {
            return new Found(digest, Optional.empty(), Optional.empty(), "the signature manifest is missing");
        }
        JsonNode manifest = parse(m.get().bytes(), "signature manifest");
        JsonNode layers = manifest.path("layers");
        if (!SIGNATURE_TYPE.equals(manifest.path("artifactType").asText())
                || !layers.isArray()
                || layers.size() != 1
                || !JWS_TYPE.equals(layers.get(0).path("mediaType").asText())) {
            return new Found(
                    digest,
                    Optional.empty(),
                    Optional.empty(),
                    "not a Notary signature manifest (artifactType, one application/jose+json layer)");
        }
        Optional<OciDescriptor> subject;
        try {
            JsonNode s = manifest.path("subject");
            subject = Optional.of(new OciDescriptor(
                    s.path("mediaType").asText(),
                    s.path("digest").asText(),
                    s.path("size").asLong(-1)));
        } catch (IllegalArgumentException e) {
            return new Found(digest, Optional.empty(), Optional.empty(), "the signature manifest has no valid subject");
        }
        String layerDigest = layers.get(0).path("digest").asText();
        if (!OciDescriptor.isDigest(layerDigest) || layers.get(0).path("size").asLong(-1) > MAX_ENVELOPE) {
            return new Found(digest, subject, Optional.empty(), "the envelope layer has a bad digest or size");
        }
        try {
            return new Found(digest, subject, Optional.of(registry.blob(layerDigest, MAX_ENVELOPE)), "");
        } catch (CliException e) {
            return new Found(digest, subject, Optional.empty(), e.getMessage());
        }
    }

    /** The referrers tag schema's tag for a digest: {@code sha256:hex} becomes {@code sha256-hex}. */
    public static String tagSchemaTag(String digest) {
        return digest.replace(':', '-');
    }

    private ObjectNode tagIndex(String tag) {
        Optional<RegistryClient.Manifest> existing = registry.manifest(tag);
        if (existing.isPresent()) {
            JsonNode n = parse(existing.get().bytes(), "referrers tag index");
            if (n.isObject() && n.path("manifests").isArray()) {
                return (ObjectNode) n;
            }
            throw new CliException(ExitCode.UNAVAILABLE, "tag " + tag + " exists but is not an OCI index");
        }
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", RegistryClient.OCI_INDEX);
        index.putArray("manifests");
        return index;
    }

    private static ObjectNode descriptor(String mediaType, String digest, long size) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    private static JsonNode parse(byte[] json, String what) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) {
                throw new CliException(ExitCode.UNAVAILABLE, "the registry's " + what + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "the registry's " + what + " is not JSON");
        }
    }
}
