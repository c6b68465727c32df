package dev.signet.cli.client;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.credentials.Credentials;
import dev.signet.cli.credentials.ProfileCredentials;
import dev.signet.cli.http.HttpRequest;
import dev.signet.cli.http.HttpResponse;
import dev.signet.cli.http.HttpSession;
import dev.signet.cli.http.MalformedResponseException;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.SigV4;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * STS AssumeRole for role profiles ({@link ProfileCredentials}): one Query API request ({@code POST
 * /}, form-encoded, SigV4 for the service {@code sts}) to the same endpoint as every other request,
 * over the CLI's HTTP transport, as the AWS CLI sends it. The XML answer is parsed with DTDs and
 * external entities refused. A refusal is the server's own code and message ({@link ServerRefusal}),
 * prefixed with the profile and role; an answer without credentials is {@link ExitCode#UNAVAILABLE}.
 * Bounded: 5 s to connect, 60 s for the answer, at most 64 KiB of it.
 */
public final class AssumeRoleClient implements ProfileCredentials.RoleAssumer {
    private static final int MAX_RESPONSE = 64 * 1024;
    private static final HttpSession.Settings LIMITS = new HttpSession.Settings(5_000, 60_000, MAX_RESPONSE, 0);

    private final URI endpoint;
    private final String region;
    private final Clock clock;

    public AssumeRoleClient(URI endpoint, String region, Clock clock) {
        this.endpoint = endpoint;
        this.region = region;
        this.clock = clock;
    }

    @Override
    public Credentials assume(Credentials caller, ProfileCredentials.RoleRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "AssumeRole");
        form.put("Version", "2011-06-15");
        form.put("RoleArn", request.roleArn());
        form.put("RoleSessionName", request.sessionName());
        request.externalId().ifPresent(id -> form.put("ExternalId", id));
        request.durationSeconds().ifPresent(seconds -> form.put("DurationSeconds", Integer.toString(seconds)));
        byte[] body = encode(form);
        URI url = endpoint.resolve("/");
        String contentType = "application/x-www-form-urlencoded; charset=utf-8";
        SigV4Signer.Signed signed = new SigV4Signer(caller, region, "sts")
                .sign(
                        "POST",
                        url.getRawPath(),
                        HttpRequest.hostHeader(url),
                        Map.of("content-type", contentType),
                        SigV4.sha256Hex(body),
                        clock.instant());
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", contentType));
        headers.add(Map.entry("X-Amz-Date", signed.amzDate()));
        headers.add(Map.entry("X-Amz-Content-Sha256", signed.contentSha256()));
        headers.add(Map.entry("Authorization", signed.authorization()));
        signed.securityToken().ifPresent(token -> headers.add(Map.entry("X-Amz-Security-Token", token)));
        HttpResponse response;
        try (HttpSession http = new HttpSession(LIMITS)) {
            response = http.send(new HttpRequest("POST", url, headers, Optional.of(HttpRequest.Body.of(body))));
        } catch (MalformedResponseException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server's AssumeRole response " + e.getMessage(), e);
        } catch (IOException e) {
            throw Unreachable.error(endpoint, e);
        }
        Optional<Document> xml = parse(response.body());
        String what = "AssumeRole of " + request.roleArn() + " for profile '" + request.profile() + "'";
        if (response.status() != 200) {
            CliException refusal = ServerRefusal.of(
                    caller,
                    response.status(),
                    xml.map(x -> text(x, "Code")).orElse(null),
                    xml.map(x -> text(x, "Message")).orElse(null),
                    null);
            throw new CliException(refusal.exitCode(), what + " failed: " + refusal.getMessage());
        }
        return session(
                xml.orElseThrow(
                        () -> new CliException(ExitCode.UNAVAILABLE, what + ": the server's answer is not XML")),
                what,
                request);
    }

    private static Credentials session(Document xml, String what, ProfileCredentials.RoleRequest request) {
        String id = text(xml, "AccessKeyId");
        String secret = text(xml, "SecretAccessKey");
        String token = text(xml, "SessionToken");
        String expiration = text(xml, "Expiration");
        if (id == null || secret == null || token == null || expiration == null) {
            throw new CliException(ExitCode.UNAVAILABLE, what + ": the server's answer has no credentials");
        }
        try {
            return new Credentials(
                    new AccessKey(id, secret),
                    Optional.of(token),
                    Optional.of(Instant.parse(expiration)),
                    "profile '" + request.profile() + "' (role " + request.roleArn() + ")");
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new CliException(ExitCode.UNAVAILABLE, what + ": the server's credentials are malformed", e);
        }
    }

    private static byte[] encode(Map<String, String> form) {
        StringBuilder text = new StringBuilder();
        form.forEach((name, value) -> text.append(text.length() == 0 ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The document, or empty for a body that is not well-formed XML (or declares a DTD). */
    private static Optional<Document> parse(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return Optional.of(builder.parse(new ByteArrayInputStream(body)));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a required feature", e);
        } catch (SAXException | IOException e) {
            return Optional.empty();
        }
    }

    /** The text of the first element named {@code name}, if there is one and it is not blank. */
    private static String text(Document xml, String name) {
        NodeList nodes = xml.getElementsByTagName(name);
        if (nodes.getLength() == 0) {
            return null;
        }
        String text = nodes.item(0).getTextContent().strip();
        return text.isEmpty() ? null : text;
    }
}
