package dev.signet.cli.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.cli.CliContext;
import dev.signet.cli.ExitCode;
import dev.signet.cli.LocalFiles;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.ClientOptions;
import dev.signet.cli.client.NativeApiClient;
import dev.signet.cli.output.OutputOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet certificate import}: sends a certificate, its private key (as PKCS#8, whatever
 * unencrypted PEM form it was read in: {@link PrivateKeyPem}) and optionally its issuers to {@code
 * POST /v1/certificates} and prints the {@code certificateArn} to use as a
 * profile's signing material.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Import a code-signing certificate and its private key (for the IoT platforms).",
            "Prints the certificateArn to pass to `aws signer put-signing-profile --signing-material`."
        })
public final class CertificateImportCommand implements Callable<Integer> {
    private static final int MAX_PEM = 1 << 20;

    @Spec
    CommandSpec spec;

    private ClientOptions client() {
        return SignetCommand.global(spec).client();
    }

    private OutputOptions output() {
        return SignetCommand.global(spec).output();
    }

    @Option(names = "--cert", required = true, paramLabel = "CERT.pem", description = "The certificate, PEM.")
    Path certificate;

    @Option(
            names = "--key",
            required = true,
            paramLabel = "KEY.pem",
            description = "Its private key, unencrypted PEM: PKCS#8 (BEGIN PRIVATE KEY), SEC1 (BEGIN EC PRIVATE KEY)"
                    + " or PKCS#1 (BEGIN RSA PRIVATE KEY); it is sent as PKCS#8.")
    Path key;

    @Option(
            names = "--chain",
            paramLabel = "CHAIN.pem",
            description = "The issuing certificates up to the self-signed root, PEM.")
    Path chain;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("certificate", read(context, certificate, "certificate"));
        body.put("privateKey", PrivateKeyPem.toPkcs8(read(context, key, "private key"), "--key " + key));
        if (chain != null) {
            body.put("certificateChain", read(context, chain, "chain"));
        }
        JsonNode response = new NativeApiClient(client().settings(context)).post("/v1/certificates", body);
        Map<String, Object> shown = new LinkedHashMap<>();
        response.fields()
                .forEachRemaining(e -> shown.put(
                        e.getKey(),
                        e.getValue().isNumber()
                                ? e.getValue().asLong()
                                : e.getValue().asText()));
        output().print(context.out(), shown, () -> {
            context.out().println(response.path("certificateArn").asText());
            context.out()
                    .println("subject: " + response.path("subject").asText() + ", key: "
                            + response.path("keyAlgorithm").asText());
        });
        return ExitCode.OK;
    }

    private static String read(CliContext context, Path path, String what) {
        return new String(LocalFiles.readSmall(context.resolve(path), what, MAX_PEM), StandardCharsets.US_ASCII);
    }
}
