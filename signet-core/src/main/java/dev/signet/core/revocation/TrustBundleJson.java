package dev.signet.core.revocation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The trust bundle's payload (docs/formats.md, "Trust bundle"). Written as version 2: {@code
 * {"version":2,"createdAt":T,"roots":[DER...],"timestampChain":[DER...],"revocationList":"<signed
 * list>","importedRoots":[DER...],"importedCertificates":[{"certificateSha256":HEX,
 * "rootsSha256":[HEX...],"profileVersionArns":[ARN...]}...]}} in that member order; certificates as
 * base64 DER; imported roots sorted by their SHA-256 and each used, imported certificates sorted by
 * fingerprint, their roots and ARNs sorted and unique.
 *
 * <p>Version 1 (read, never written) had {@code "certificateBindings":[{"certificateSha256",
 * "profileVersionArns"}]} after the list, and carried imported roots after the Signet root in
 * {@code roots}, without saying which certificate each was imported with. It is read so that no
 * root is trusted for more than it could be: its first root is trusted for every certificate, its
 * other roots only for its bound certificates.
 */
final class TrustBundleJson {
    static final int VERSION = 2;
    static final int VERSION_1 = 1;
    static final int MAX_ROOTS = 64;
    static final int MAX_TIMESTAMP_CHAIN = 8;
    static final int MAX_IMPORTED_ROOTS = 4_096;
    static final int MAX_BINDINGS = 100_000;
    static final int MAX_ARNS_PER_BINDING = 1_000;
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final String WHAT = "the trust bundle payload";
    private static final String[] MEMBERS = {
        "version", "createdAt", "roots", "timestampChain", "revocationList", "importedRoots", "importedCertificates"
    };
    private static final String[] MEMBERS_V1 = {
        "version", "createdAt", "roots", "timestampChain", "revocationList", "certificateBindings"
    };

    private TrustBundleJson() {}

    /**
     * The payload as read (whatever its version), before the embedded list is verified.
     *
     * @param roots the roots trusted for every certificate (the Signet root first)
     * @param imported the imported certificates, each with the roots trusted for it alone
     */
    record Payload(
            Instant createdAt,
            List<X509Certificate> roots,
            List<X509Certificate> timestampChain,
            byte[] signedRevocationList,
            List<ImportedAnchor> imported) {}

    /** The version 2 payload; imported certificates must have distinct fingerprints. */
    static byte[] encode(Payload bundle) {
        Map<String, X509Certificate> importedRoots = new TreeMap<>();
        Map<String, ImportedAnchor> imported = new TreeMap<>();
        for (ImportedAnchor a : bundle.imported()) {
            if (imported.put(a.certificateSha256(), a) != null) {
                throw new IllegalArgumentException(
                        "the imported certificate " + a.certificateSha256() + " is listed twice");
            }
            a.roots().forEach(r -> importedRoots.put(ImportedAnchor.fingerprint(r), r));
        }
        String list = new String(bundle.signedRevocationList(), StandardCharsets.US_ASCII);
        return CanonicalJson.write(g -> {
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeStringField("createdAt", CanonicalJson.time(bundle.createdAt()));
            writeCertificates(g, "roots", bundle.roots());
            writeCertificates(g, "timestampChain", bundle.timestampChain());
            g.writeStringField("revocationList", list);
            writeCertificates(g, "importedRoots", List.copyOf(importedRoots.values()));
            g.writeArrayFieldStart("importedCertificates");
            for (ImportedAnchor a : imported.values()) {
                g.writeStartObject();
                g.writeStringField("certificateSha256", a.certificateSha256());
                Set<String> roots = new TreeSet<>();
                a.roots().forEach(r -> roots.add(ImportedAnchor.fingerprint(r)));
                writeStrings(g, "rootsSha256", roots);
                writeStrings(g, "profileVersionArns", new TreeSet<>(a.profileVersionArns()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /**
     * A version 1 payload, as Signet wrote it before version 2 (kept to check that a version 1
     * payload is canonical, and for tests).
     */
    static byte[] encodeV1(
            Instant createdAt,
            List<X509Certificate> roots,
            List<X509Certificate> timestampChain,
            byte[] signedRevocationList,
            Map<String, Set<String>> certificateBindings) {
        Map<String, Set<String>> bindings = new TreeMap<>();
        certificateBindings.forEach((fingerprint, arns) -> {
            if (!FINGERPRINT.matcher(fingerprint).matches() || arns.isEmpty()) {
                throw new IllegalArgumentException(
                        "a certificate binding maps a lower-case hex SHA-256 fingerprint to profile version ARNs");
            }
            bindings.put(fingerprint, new TreeSet<>(arns));
        });
        String list = new String(signedRevocationList, StandardCharsets.US_ASCII);
        return CanonicalJson.write(g -> {
            g.writeStartObject();
            g.writeNumberField("version", VERSION_1);
            g.writeStringField("createdAt", CanonicalJson.time(createdAt));
            writeCertificates(g, "roots", roots);
            writeCertificates(g, "timestampChain", timestampChain);
            g.writeStringField("revocationList", list);
            g.writeArrayFieldStart("certificateBindings");
            for (Map.Entry<String, Set<String>> b : bindings.entrySet()) {
                g.writeStartObject();
                g.writeStringField("certificateSha256", b.getKey());
                writeStrings(g, "profileVersionArns", b.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeCertificates(JsonGenerator g, String name, List<X509Certificate> certificates)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (X509Certificate c : certificates) {
            g.writeString(CanonicalJson.base64(c));
        }
        g.writeEndArray();
    }

    private static void writeStrings(JsonGenerator g, String name, Set<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    static Payload decode(byte[] json) throws RevocationDataException {
        JsonNode root = CanonicalJson.parse(json, WHAT);
        if (root == null || !root.isObject()) {
            throw new RevocationDataException(WHAT + " is not a JSON object");
        }
        JsonNode version = root.get("version");
        if (version != null && version.isInt() && version.intValue() == VERSION_1) {
            return decodeV1(json, CanonicalJson.object(root, WHAT, MEMBERS_V1));
        }
        CanonicalJson.object(root, WHAT, MEMBERS);
        if (CanonicalJson.integer(root, "version", WHAT) != VERSION) {
            throw new RevocationDataException(
                    WHAT + " has version " + root.get("version") + "; this Signet reads versions 1 and 2");
        }
        Instant createdAt = CanonicalJson.instant(root, "createdAt", WHAT);
        List<X509Certificate> roots = roots(root);
        List<X509Certificate> tsa = timestampChain(root);
        byte[] list = revocationList(root);
        List<X509Certificate> importedRoots = CanonicalJson.certificates(
                CanonicalJson.array(root, "importedRoots", WHAT, MAX_IMPORTED_ROOTS), WHAT + ".importedRoots");
        Map<String, X509Certificate> rootsByFingerprint = new HashMap<>();
        for (X509Certificate r : importedRoots) {
            rootsByFingerprint.put(ImportedAnchor.fingerprint(r), r);
        }
        List<ImportedAnchor> imported = new ArrayList<>();
        String where = WHAT + ".importedCertificates[]";
        for (JsonNode n : CanonicalJson.array(root, "importedCertificates", WHAT, MAX_BINDINGS)) {
            CanonicalJson.object(n, where, "certificateSha256", "rootsSha256", "profileVersionArns");
            String fingerprint = fingerprint(n, where);
            if (imported.stream().anyMatch(a -> a.certificateSha256().equals(fingerprint))) {
                throw new RevocationDataException(where + " lists certificate " + fingerprint + " twice");
            }
            List<X509Certificate> anchorRoots = new ArrayList<>();
            for (JsonNode r : CanonicalJson.array(n, "rootsSha256", where, MAX_ROOTS)) {
                X509Certificate found = r.isTextual() ? rootsByFingerprint.get(r.textValue()) : null;
                if (found == null) {
                    throw new RevocationDataException(where + ".rootsSha256 names a root not in importedRoots");
                }
                anchorRoots.add(found);
            }
            imported.add(new ImportedAnchor(fingerprint, arns(n, where), anchorRoots));
        }
        Payload payload = new Payload(createdAt, roots, tsa, list, imported);
        // canonical: sorted, unique, and every imported root used by some certificate
        CanonicalJson.requireCanonical(json, encode(payload), WHAT);
        return payload;
    }

    /** Version 1: the first root is trusted for all; the others only for the bound certificates. */
    private static Payload decodeV1(byte[] json, JsonNode root) throws RevocationDataException {
        Instant createdAt = CanonicalJson.instant(root, "createdAt", WHAT);
        List<X509Certificate> roots = roots(root);
        List<X509Certificate> tsa = timestampChain(root);
        byte[] list = revocationList(root);
        String where = WHAT + ".certificateBindings[]";
        Map<String, Set<String>> bindings = new TreeMap<>();
        for (JsonNode n : CanonicalJson.array(root, "certificateBindings", WHAT, MAX_BINDINGS)) {
            CanonicalJson.object(n, where, "certificateSha256", "profileVersionArns");
            String fingerprint = fingerprint(n, where);
            if (bindings.put(fingerprint, arns(n, where)) != null) {
                throw new RevocationDataException(where + " binds certificate " + fingerprint + " twice");
            }
        }
        CanonicalJson.requireCanonical(json, encodeV1(createdAt, roots, tsa, list, bindings), WHAT);
        List<X509Certificate> importedRoots = roots.subList(1, roots.size());
        List<ImportedAnchor> imported = new ArrayList<>();
        bindings.forEach((fingerprint, arns) -> imported.add(new ImportedAnchor(fingerprint, arns, importedRoots)));
        return new Payload(createdAt, List.of(roots.get(0)), tsa, list, imported);
    }

    private static List<X509Certificate> roots(JsonNode root) throws RevocationDataException {
        List<X509Certificate> roots =
                CanonicalJson.certificates(CanonicalJson.array(root, "roots", WHAT, MAX_ROOTS), WHAT + ".roots");
        if (roots.isEmpty()) {
            throw new RevocationDataException(WHAT + ".roots is empty");
        }
        return roots;
    }

    private static List<X509Certificate> timestampChain(JsonNode root) throws RevocationDataException {
        return CanonicalJson.certificates(
                CanonicalJson.array(root, "timestampChain", WHAT, MAX_TIMESTAMP_CHAIN), WHAT + ".timestampChain");
    }

    private static byte[] revocationList(JsonNode root) throws RevocationDataException {
        JsonNode list = root.get("revocationList");
        if (!list.isTextual() || list.textValue().isEmpty()) {
            throw new RevocationDataException(WHAT + ".revocationList is not a non-empty string");
        }
        return list.textValue().getBytes(StandardCharsets.UTF_8);
    }

    private static String fingerprint(JsonNode n, String where) throws RevocationDataException {
        String fingerprint = CanonicalJson.text(n, "certificateSha256", where);
        if (!FINGERPRINT.matcher(fingerprint).matches()) {
            throw new RevocationDataException(where + ".certificateSha256 is not 64 lower-case hex digits");
        }
        return fingerprint;
    }

    private static Set<String> arns(JsonNode n, String where) throws RevocationDataException {
        List<JsonNode> arnNodes = CanonicalJson.array(n, "profileVersionArns", where, MAX_ARNS_PER_BINDING);
        Set<String> arns = new LinkedHashSet<>();
        for (JsonNode a : arnNodes) {
            if (!a.isTextual() || a.textValue().isEmpty() || a.textValue().length() > CanonicalJson.MAX_TEXT) {
                throw new RevocationDataException(where + ".profileVersionArns holds a value that is not an ARN");
            }
            if (!arns.add(a.textValue())) {
                throw new RevocationDataException(where + ".profileVersionArns lists an ARN twice");
            }
        }
        if (arns.isEmpty()) {
            throw new RevocationDataException(where + ".profileVersionArns is empty");
        }
        return Set.copyOf(arns);
    }
}
