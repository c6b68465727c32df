package dev.signet.server.http.ca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.ca.Pem;
import dev.signet.server.http.Json;
import dev.signet.server.http.NativeApi;
import dev.signet.server.http.RequestJson;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.ca.CaRenewalService;
import io.javalin.http.Context;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Set;

/**
 * {@code POST /v1/ca/renew} (docs/native-api.md), action {@code signet:RenewCertificateAuthority}
 * on the CA's ARN: request {@code {"kind": "issuing"|"root"|"tsa"}}, response the new issuing CA's
 * generation, subject, expiry and chain (PEM), for a root renewal the new root (PEM), for a TSA
 * renewal the time-stamping certificate's subject, expiry and chain instead of an issuing CA. Thin:
 * one service call.
 */
public final class CaRenewalRoute implements NativeApi.RouteSet {
    private final CaRenewalService renewals;
    private final ObjectMapper mapper = Json.mapper();

    public CaRenewalRoute(CaRenewalService renewals) {
        this.renewals = Objects.requireNonNull(renewals, "renewals");
    }

    @Override
    public void register(NativeApi api) {
        api.add("POST", "/v1/ca/renew", "RenewCertificateAuthority", renewals.resourceArn(), this::renew);
    }

    private void renew(Context ctx, Caller caller) throws IOException {
        String kind = RequestJson.of(ctx, Set.of("kind")).text("kind");
        CaRenewalService.Renewal made = renewals.renew(
                caller,
                switch (kind) {
                    case "issuing" -> CaRenewalService.Kind.ISSUING;
                    case "root" -> CaRenewalService.Kind.ROOT;
                    case "tsa" -> CaRenewalService.Kind.TSA;
                    default -> throw ServiceException.validation("kind must be issuing, root or tsa");
                });
        ObjectNode out = mapper.createObjectNode();
        out.put("kind", kind);
        made.issuing().ifPresent(ca -> {
            ObjectNode issuing = certificate(out.putObject("issuing"), ca.chain());
            issuing.put("generation", ca.generation());
        });
        if (!made.timestamping().isEmpty()) {
            certificate(out.putObject("timestamping"), made.timestamping());
        }
        ArrayNode roots = out.putArray("newRoots");
        for (X509Certificate root : made.roots()) {
            ObjectNode node = roots.addObject();
            node.put("subject", root.getSubjectX500Principal().getName());
            node.put("notAfter", root.getNotAfter().toInstant().toString());
            node.put("pem", Pem.encode(root));
        }
        ctx.status(200).contentType("application/json").result(mapper.writeValueAsBytes(out));
    }

    /** {@code node} with the subject and expiry of {@code chain}'s first certificate and the chain as PEM. */
    private static ObjectNode certificate(ObjectNode node, java.util.List<X509Certificate> chain) {
        X509Certificate cert = chain.get(0);
        node.put("subject", cert.getSubjectX500Principal().getName());
        node.put("notAfter", cert.getNotAfter().toInstant().toString());
        StringBuilder pem = new StringBuilder();
        chain.forEach(c -> pem.append(Pem.encode(c)));
        node.put("chainPem", pem.toString());
        return node;
    }
}
