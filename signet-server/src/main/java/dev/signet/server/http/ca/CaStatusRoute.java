package dev.signet.server.http.ca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.server.http.Json;
import dev.signet.server.http.NativeApi;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ca.CaStatus;
import dev.signet.server.service.ca.CaStatusService;
import dev.signet.server.service.ca.CertificateExpiry;
import dev.signet.server.service.ca.ProfileCertificateExpiry;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code GET /v1/ca/status} (docs/native-api.md): when the CA's, the TSA's and the caller's profiles'
 * certificates expire, and what to do next. Thin: one service call, encoded as JSON.
 */
public final class CaStatusRoute implements NativeApi.RouteSet {
    private final CaStatusService status;
    private final ObjectMapper mapper = Json.mapper();

    public CaStatusRoute(CaStatusService status) {
        this.status = Objects.requireNonNull(status, "status");
    }

    @Override
    public void register(NativeApi api) {
        api.add("GET", "/v1/ca/status", "GetCaStatus", this::status);
    }

    private void status(Context ctx, Caller caller) throws IOException {
        CaStatus s = status.status(caller);
        ObjectNode out = mapper.createObjectNode();
        out.put("at", s.at().toString());
        ArrayNode authority = out.putArray("authority");
        s.authority().forEach(c -> certificate(authority.addObject(), c, s.at()));
        ArrayNode profiles = out.putArray("expiringProfiles");
        for (ProfileCertificateExpiry p : s.expiringProfiles()) {
            ObjectNode node = profiles.addObject();
            node.put("profileName", p.profileName());
            node.put("profileVersion", p.profileVersion());
            node.put("profileVersionArn", p.profileVersionArn());
            node.put("certificateState", p.state().name());
            certificate(node.putObject("certificate"), p.certificate(), s.at());
        }
        ArrayNode advice = out.putArray("advice");
        s.advice().forEach(advice::add);
        ctx.status(200).contentType("application/json").result(mapper.writeValueAsBytes(out));
    }

    private static void certificate(ObjectNode node, CertificateExpiry c, Instant now) {
        node.put("role", c.role());
        node.put("subject", c.subject());
        node.put("notBefore", c.notBefore().toString());
        node.put("notAfter", c.notAfter().toString());
        node.put("daysLeft", c.daysLeft(now));
        node.put("sha256", c.sha256());
    }
}
