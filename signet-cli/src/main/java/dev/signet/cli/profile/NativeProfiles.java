package dev.signet.cli.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.cli.client.ProfileView;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;

/**
 * A profile as the native {@code /v1/profiles} routes return it (docs/native-api.md): the AWS
 * members {@link ProfileView} holds, plus where its key lives and where its certificate comes from.
 */
record NativeProfiles(ProfileView view, String certificateState, String keyBackend) {
    static NativeProfiles of(JsonNode p) {
        JsonNode validity = p.path("signatureValidityPeriod");
        ProfileView view = new ProfileView(
                p.path("profileName").asText(),
                text(p, "arn"),
                text(p, "profileVersion"),
                text(p, "profileVersionArn"),
                text(p, "platformId"),
                Optional.empty(),
                text(p, "status"),
                text(p, "statusReason"),
                validity.path("value").isInt()
                        ? Optional.of(validity.get("value").asInt())
                        : Optional.empty(),
                text(validity, "type"));
        return new NativeProfiles(
                view, p.path("certificateState").asText(), p.path("keyBackend").asText());
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = view.toMap();
        m.put("certificateState", certificateState);
        m.put("keyBackend", keyBackend);
        return m;
    }

    void print(PrintWriter out) {
        ProfileText.details(out, view);
        out.println("key backend:  " + keyBackend);
        out.println("certificate:  " + certificateState);
        if (certificateState.equals("PendingCertificate")) {
            out.println("next: signet profile csr " + view.name() + " --out " + view.name()
                    + ".csr, have your CA issue the certificate, then signet profile certificate " + view.name()
                    + " --chain CHAIN.pem");
        }
    }

    private static Optional<String> text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || !value.isTextual() ? Optional.empty() : Optional.of(value.asText());
    }
}
