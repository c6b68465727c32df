package dev.signet.core.format.notation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads envelopes as plain JSON (not through the format's own parser) and re-signs edited protected
 * headers with the real key, so a test sees what an independent verifier sees and the header rules
 * alone must refuse an edited one.
 */
public final class Envelopes {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Envelopes() {}

    public static ObjectNode root(byte[] envelope) {
        try {
            return (ObjectNode) JSON.readTree(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode protectedHeader(byte[] envelope) {
        try {
            return (ObjectNode) JSON.readTree(Base64.getUrlDecoder()
                    .decode(root(envelope).get("protected").textValue()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> crit(JsonNode header) {
        List<String> crit = new ArrayList<>();
        header.path("crit").forEach(n -> crit.add(n.textValue()));
        return crit;
    }

    /** Removes {@code name} from {@code crit}, if listed. */
    public static void uncrit(ObjectNode header, String name) {
        ArrayNode crit = (ArrayNode) header.get("crit");
        for (int i = crit.size() - 1; i >= 0; i--) {
            if (crit.get(i).textValue().equals(name)) {
                crit.remove(i);
            }
        }
    }

    /** Removes header {@code name} and its {@code crit} entry. */
    public static void drop(ObjectNode header, String name) {
        header.remove(name);
        uncrit(header, name);
    }

    /** The envelope with its protected header edited by {@code edit} and signed again with {@code key} (ES384). */
    public static byte[] resign(byte[] envelope, SigningKey key, Consumer<ObjectNode> edit) {
        ObjectNode header = protectedHeader(envelope);
        edit.accept(header);
        ObjectNode root = root(envelope);
        try {
            String protectedB64 =
                    Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(header));
            byte[] input = (protectedB64 + "." + root.get("payload").textValue()).getBytes(StandardCharsets.US_ASCII);
            byte[] der = key.sign(HashAlgorithm.SHA384, input);
            root.put("protected", protectedB64);
            root.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(EcdsaJose.derToJose(der, 48)));
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (dev.signet.core.format.FormatException e) {
            throw new IllegalStateException(e);
        }
    }
}
