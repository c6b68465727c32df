package dev.signet.server.http.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.server.http.Json;
import dev.signet.server.http.NativeApi;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.certificate.CertificateService;
import dev.signet.server.service.certificate.ImportedCertificate;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v1/certificates}: imports signing material for the IoT platforms. Request {@code
 * {"certificate": PEM, "privateKey": PKCS#8 PEM, "certificateChain": PEM (optional)}}; response
 * {@code {"certificateArn", "certificateSha256", "subject", "notBefore", "notAfter", "keyAlgorithm"}}.
 * The private key is never echoed. The chain's root becomes trusted for this one certificate only.
 */
public final class CertificateRoutes implements NativeApi.RouteSet {
    private final CertificateService certificates;
    private final ObjectMapper mapper = Json.mapper();

    public CertificateRoutes(CertificateService certificates) {
        this.certificates = Objects.requireNonNull(certificates, "certificates");
    }

    @Override
    public void register(NativeApi api) {
        api.add("POST", "/v1/certificates", "ImportCertificate", this::importCertificate);
    }

    private void importCertificate(Context ctx, Caller caller) throws IOException {
        JsonNode body;
        try {
            body = mapper.readTree(ctx.bodyAsBytes());
        } catch (JsonProcessingException e) {
            throw Json.duplicateMember(e)
                    .map(member -> ServiceException.validation(Json.duplicateMessage(member)))
                    .orElseGet(() -> ServiceException.badRequest("the request body is not JSON"));
        } catch (IOException e) {
            throw ServiceException.badRequest("the request body is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw ServiceException.badRequest("the request body must be a JSON object");
        }
        ImportedCertificate imported = certificates.importCertificate(
                caller,
                text(body, "certificate"),
                text(body, "privateKey"),
                optionalText(body, "certificateChain"),
                optionalText(body, "keyBackend"));
        ObjectNode out = mapper.createObjectNode();
        out.put("certificateArn", imported.certificateArn());
        out.put("certificateSha256", imported.certificateSha256());
        out.put("subject", imported.subject());
        out.put("notBefore", imported.notBefore().getEpochSecond());
        out.put("notAfter", imported.notAfter().getEpochSecond());
        out.put("keyAlgorithm", imported.key().algorithm().name());
        out.put("keyBackend", imported.key().backend());
        ctx.status(200).contentType("application/json").result(mapper.writeValueAsBytes(out));
    }

    private static String text(JsonNode body, String member) {
        return optionalText(body, member).orElseThrow(() -> ServiceException.validation(member + " is required"));
    }

    private static Optional<String> optionalText(JsonNode body, String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ServiceException.validation(member + " must be a string");
        }
        return Optional.of(value.asText());
    }
}
