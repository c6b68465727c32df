package dev.signet.core.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The signed revocation list's payload (docs/formats.md, "Signed revocation list"): {@code
 * {"version":1,"issuedAt":T,"nextUpdate":T,"signatures":[{"signatureId","jobArn","revokedAt"}...],
 * "profileVersions":[{"profileVersionArn","effectiveFrom","revokedAt","spared":[id...]}...]}} in
 * that member order, entries in the list's order, each version's {@code spared} signature ids sorted
 * and distinct. A signature id may appear for several jobs (a deterministic signature of the same
 * input by the same key is the same signature), but each id and job pair at most once; each profile
 * version ARN at most once. At most {@link #MAX_ENTRIES} entries in all, spared ids included.
 */
final class RevocationListJson {
    static final int VERSION = 1;
    static final int MAX_ENTRIES = 1_000_000;
    private static final String WHAT = "the revocation list payload";

    private RevocationListJson() {}

    static byte[] encode(RevocationList list) {
        if (entries(list) > MAX_ENTRIES) {
            throw new IllegalArgumentException("a revocation list holds at most " + MAX_ENTRIES + " entries");
        }
        requireUnique(list);
        return CanonicalJson.write(g -> {
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeStringField("issuedAt", CanonicalJson.time(list.issuedAt()));
            g.writeStringField("nextUpdate", CanonicalJson.time(list.nextUpdate()));
            g.writeArrayFieldStart("signatures");
            for (RevokedSignature s : list.signatures()) {
                g.writeStartObject();
                g.writeStringField("signatureId", s.signatureId());
                g.writeStringField("jobArn", s.jobArn());
                g.writeStringField("revokedAt", CanonicalJson.time(s.revokedAt()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("profileVersions");
            for (RevokedProfileVersion p : list.profileVersions()) {
                g.writeStartObject();
                g.writeStringField("profileVersionArn", p.profileVersionArn());
                g.writeStringField("effectiveFrom", CanonicalJson.time(p.effectiveFrom()));
                g.writeStringField("revokedAt", CanonicalJson.time(p.revokedAt()));
                g.writeArrayFieldStart("spared");
                for (String id : p.spared()) {
                    g.writeString(id);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static RevocationList decode(byte[] json) throws RevocationDataException {
        JsonNode root = CanonicalJson.object(
                CanonicalJson.parse(json, WHAT),
                WHAT,
                "version",
                "issuedAt",
                "nextUpdate",
                "signatures",
                "profileVersions");
        if (CanonicalJson.integer(root, "version", WHAT) != VERSION) {
            throw new RevocationDataException(WHAT + " has version " + root.get("version") + ", not " + VERSION);
        }
        Instant issuedAt = CanonicalJson.instant(root, "issuedAt", WHAT);
        Instant nextUpdate = CanonicalJson.instant(root, "nextUpdate", WHAT);
        if (!nextUpdate.isAfter(issuedAt)) {
            throw new RevocationDataException(WHAT + " has a nextUpdate that is not after its issuedAt");
        }
        List<JsonNode> signatureNodes = CanonicalJson.array(root, "signatures", WHAT, MAX_ENTRIES);
        List<JsonNode> profileNodes =
                CanonicalJson.array(root, "profileVersions", WHAT, MAX_ENTRIES - signatureNodes.size());
        List<RevokedSignature> signatures = new ArrayList<>(signatureNodes.size());
        for (JsonNode n : signatureNodes) {
            signatures.add(signature(n));
        }
        List<RevokedProfileVersion> profiles = new ArrayList<>(profileNodes.size());
        long budget = (long) MAX_ENTRIES - signatureNodes.size() - profileNodes.size();
        for (JsonNode n : profileNodes) {
            RevokedProfileVersion p = profileVersion(n, (int) Math.max(0, budget));
            budget -= p.spared().size();
            profiles.add(p);
        }
        RevocationList list = new RevocationList(issuedAt, nextUpdate, signatures, profiles);
        try {
            requireUnique(list);
        } catch (IllegalArgumentException e) {
            throw new RevocationDataException(WHAT + ": " + e.getMessage());
        }
        CanonicalJson.requireCanonical(json, encode(list), WHAT);
        return list;
    }

    private static RevokedSignature signature(JsonNode n) throws RevocationDataException {
        String where = WHAT + ".signatures[]";
        CanonicalJson.object(n, where, "signatureId", "jobArn", "revokedAt");
        String id = CanonicalJson.text(n, "signatureId", where);
        String job = CanonicalJson.text(n, "jobArn", where);
        Instant revokedAt = CanonicalJson.instant(n, "revokedAt", where);
        try {
            return new RevokedSignature(id, job, revokedAt);
        } catch (IllegalArgumentException e) {
            throw new RevocationDataException(where + ".signatureId is not 64 lower-case hex digits");
        }
    }

    private static RevokedProfileVersion profileVersion(JsonNode n, int maxSpared) throws RevocationDataException {
        String where = WHAT + ".profileVersions[]";
        CanonicalJson.object(n, where, "profileVersionArn", "effectiveFrom", "revokedAt", "spared");
        String arn = CanonicalJson.text(n, "profileVersionArn", where);
        Instant effectiveFrom = CanonicalJson.instant(n, "effectiveFrom", where);
        Instant revokedAt = CanonicalJson.instant(n, "revokedAt", where);
        List<String> spared = new ArrayList<>();
        for (JsonNode id : CanonicalJson.array(n, "spared", where, maxSpared)) {
            if (!id.isTextual()) {
                throw new RevocationDataException(where + ".spared holds a non-string signature id");
            }
            spared.add(id.textValue());
        }
        try {
            return new RevokedProfileVersion(arn, effectiveFrom, revokedAt, spared);
        } catch (IllegalArgumentException e) {
            throw new RevocationDataException(where + ".spared holds an id that is not 64 lower-case hex digits");
        }
    }

    private static long entries(RevocationList list) {
        long n = (long) list.signatures().size() + list.profileVersions().size();
        for (RevokedProfileVersion p : list.profileVersions()) {
            n += p.spared().size();
        }
        return n;
    }

    private static void requireUnique(RevocationList list) {
        Set<String> entries = new HashSet<>();
        for (RevokedSignature s : list.signatures()) {
            if (!entries.add(s.signatureId() + " " + s.jobArn())) {
                throw new IllegalArgumentException(
                        "signature " + s.signatureId() + " of " + s.jobArn() + " is listed twice");
            }
        }
        Set<String> arns = new HashSet<>();
        for (RevokedProfileVersion p : list.profileVersions()) {
            if (!arns.add(p.profileVersionArn())) {
                throw new IllegalArgumentException("profile version " + p.profileVersionArn() + " is listed twice");
            }
        }
    }
}
