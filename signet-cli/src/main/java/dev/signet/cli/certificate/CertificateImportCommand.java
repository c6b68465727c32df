package dev.signet.cli.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
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
            "Import a code-signing certificate and its private key (PEM files or a PKCS#12 file), for any platform.",
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

    @Option(names = "--cert", paramLabel = "CERT.pem", description = "The certificate, PEM (with --key).")
    Path certificate;

    @Option(
            names = "--key",
            paramLabel = "KEY.pem",
            description = "Its private key, unencrypted PEM: PKCS#8 (BEGIN PRIVATE KEY), SEC1 (BEGIN EC PRIVATE KEY)"
                    + " or PKCS#1 (BEGIN RSA PRIVATE KEY); it is sent as PKCS#8.")
    Path key;

    @Option(
            names = "--chain",
            paramLabel = "CHAIN.pem",
            description = "The issuing certificates up to the self-signed root, PEM.")
    Path chain;

    @Option(
            names = "--pkcs12",
            paramLabel = "FILE.p12",
            description = "Instead of --cert and --key: a PKCS#12 file holding one private key and its certificate"
                    + " chain (issuers missing from it go in --chain).")
    Path pkcs12;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "The PKCS#12 file's password: the file's first line (none: an empty password).")
    Path passwordFile;

    @Option(
            names = "--key-backend",
            paramLabel = "BACKEND",
            description = "Where the private key goes: software (sealed under the master key, the default) or"
                    + " pkcs11 (created on the token, private, sensitive and non-extractable).")
    String keyBackend;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        Map<String, String> body = new LinkedHashMap<>();
        String issuers = "";
        if (pkcs12 != null) {
            if (certificate != null || key != null) {
                throw CliException.usage("--pkcs12 replaces --cert and --key; give one or the other");
            }
            Pkcs12Material material = Pkcs12Material.read(
                    LocalFiles.readSmall(context.resolve(pkcs12), "PKCS#12 file", MAX_PEM),
                    password(context),
                    "--pkcs12 " + pkcs12);
            body.put("certificate", material.certificatePem());
            body.put("privateKey", material.privateKeyPem());
            issuers = material.issuersPem();
        } else {
            if (certificate == null || key == null) {
                throw CliException.usage("give --cert and --key (PEM), or --pkcs12");
            }
            body.put("certificate", read(context, certificate, "certificate"));
            body.put("privateKey", PrivateKeyPem.toPkcs8(read(context, key, "private key"), "--key " + key));
        }
        if (chain != null) {
            issuers = issuers + read(context, chain, "chain");
        }
        if (!issuers.isEmpty()) {
            body.put("certificateChain", issuers);
        }
        if (keyBackend != null) {
            body.put("keyBackend", keyBackend);
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

    private char[] password(CliContext context) {
        if (passwordFile == null) {
            return new char[0];
        }
        String text = new String(
                LocalFiles.readSmall(context.resolve(passwordFile), "password file", 4096), StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).replace("\r", "").toCharArray();
    }

    private static String read(CliContext context, Path path, String what) {
        return new String(LocalFiles.readSmall(context.resolve(path), what, MAX_PEM), StandardCharsets.US_ASCII);
    }
}
