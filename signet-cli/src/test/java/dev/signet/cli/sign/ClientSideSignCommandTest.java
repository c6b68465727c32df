package dev.signet.cli.sign;

import static dev.signet.cli.CliRunner.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import dev.signet.cli.testing.RecordingProxy;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.Tools;
import dev.signet.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * {@code signet sign FILE} on the platforms whose signature embeds or describes the artifact (issue
 * 17), against the real server (in process, free port) behind a {@link RecordingProxy}: the output
 * has the structure StartSigningJob writes for the same artifact (signing times, job ARNs and
 * signature values aside), verifies with {@code signet verify}, {@code unzip -t} and openssl, passes
 * the deploy gate; and every byte the server received from the CLI is kept, so the test shows that
 * none of the artifact's bytes (raw, base64 or hex) ever reached it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientSideSignCommandTest {
    private static final String LAMBDA = "cli_lambda";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private TestServer server;
    private RecordingProxy proxy;
    private CliRunner cli;
    private SignerClient signer;
    private S3Client s3;
    private String lambdaVersionArn;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start();
        proxy = new RecordingProxy(server.endpoint());
        cli = new CliRunner(Map.of("SIGNET_HOME", server.dataDir().toString()), dir);
        signer = server.signer();
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("sources"));
        s3.putBucketVersioning(
                b -> b.bucket("sources").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.createBucket(b -> b.bucket("signed"));
        ok(direct("profile", "put", LAMBDA, "--platform", "AWSLambda-SHA384-ECDSA"));
        lambdaVersionArn = signer.getSigningProfile(b -> b.profileName(LAMBDA)).profileVersionArn();
    }

    @AfterAll
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            signer.close();
            s3.close();
            server.close();
        }
    }

    /** A command through the recording proxy (what signing sends is kept). */
    private CliRunner.Result viaProxy(String... args) {
        return withEndpoint(proxy.endpoint().toString(), args);
    }

    /** A command straight to the server (set-up, verification). */
    private CliRunner.Result direct(String... args) {
        return withEndpoint(server.endpoint().toString(), args);
    }

    private CliRunner.Result withEndpoint(String endpoint, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint");
        all.add(endpoint);
        return cli.run(all.toArray(String[]::new));
    }

    /**
     * The bytes no request may carry: a random block that the artifact holds verbatim (a stored zip
     * entry, a firmware image), unique enough that any 24 of its bytes, as they are, base64 at each of
     * the three alignments or hex, would show in what the server received.
     */
    private static final byte[] SECRET = secret();

    private static byte[] secret() {
        byte[] s = new byte[4096];
        new Random(17).nextBytes(s);
        return s;
    }

    private void assertServerNeverSawTheSecret() {
        String received = new String(proxy.received(), StandardCharsets.ISO_8859_1);
        assertThat(received).contains("POST /signing-jobs/with-payload");
        assertNoSecretIn(received);
    }

    private static void assertNoSecretIn(String received) {
        List<String> forms = new ArrayList<>();
        for (int offset : new int[] {0, 1, 2, 1000, 4000}) {
            byte[] piece = Arrays.copyOfRange(SECRET, offset, offset + 24);
            forms.add(new String(piece, StandardCharsets.ISO_8859_1));
            forms.add(HexFormat.of().formatHex(piece));
            forms.add(HexFormat.of().withUpperCase().formatHex(piece));
            // base64 of the piece starting at every alignment: the middle 24 characters are fixed
            for (int shift = 0; shift < 3; shift++) {
                String b64 = Base64.getEncoder().encodeToString(Arrays.copyOfRange(piece, shift, 24));
                forms.add(b64.substring(4, 24));
                forms.add(Base64.getUrlEncoder()
                        .encodeToString(Arrays.copyOfRange(piece, shift, 24))
                        .substring(4, 24));
            }
        }
        for (String form : forms) {
            assertThat(received.contains(form))
                    .as("the server received artifact bytes")
                    .isFalse();
        }
    }

    /** A function zip: a deflated handler and the secret as a stored entry; {@code seed} varies it. */
    private static byte[] functionZip(int seed) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("index.js"));
            zip.write(("exports.handler = async () => ({ statusCode: " + (200 + seed) + " });\n")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            ZipEntry stored = new ZipEntry("lib/secret.bin");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(SECRET.length);
            CRC32 crc = new CRC32();
            crc.update(SECRET);
            stored.setCrc(crc.getValue());
            zip.putNextEntry(stored);
            zip.write(SECRET);
            zip.closeEntry();
            byte[] padding = new byte[150_000];
            new Random(seed).nextBytes(padding);
            zip.putNextEntry(new ZipEntry("lib/padding.bin"));
            zip.write(padding);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** StartSigningJob over the same bytes, waited for; returns the signed output. */
    private byte[] startSigningJob(String profile, String key, byte[] artifact) throws InterruptedException {
        String version = s3.putObject(b -> b.bucket("sources").key(key), RequestBody.fromBytes(artifact))
                .versionId();
        String jobId = signer.startSigningJob(b -> b.profileName(profile)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s -> s.s3(o -> o.bucketName("sources").key(key).version(version)))
                        .destination(d -> d.s3(o -> o.bucketName("signed").prefix("out/"))))
                .jobId();
        for (int i = 0; i < 600; i++) {
            DescribeSigningJobResponse job = signer.describeSigningJob(b -> b.jobId(jobId));
            if (job.status() != SigningStatus.IN_PROGRESS) {
                assertThat(job.status()).as(job.statusReason()).isEqualTo(SigningStatus.SUCCEEDED);
                return s3.getObjectAsBytes(b ->
                                b.bucket("signed").key(job.signedObject().s3().key()))
                        .asByteArray();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    private static String jobId(CliRunner.Result r) {
        Matcher m = Pattern.compile("job ([0-9a-f-]{36})").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return m.group(1);
    }

    @Test
    void aLambdaZipSignedHereIsTheZipStartSigningJobWritesAndPassesTheGate() throws Exception {
        byte[] original = functionZip(1);
        Path zip = Files.write(dir.resolve("function.zip"), original);

        CliRunner.Result sign = ok(viaProxy("sign", "function.zip", "--profile", LAMBDA));

        Path signed = dir.resolve("function.signed.zip");
        assertThat(sign.out()).startsWith("signed " + zip + " -> " + signed + System.lineSeparator());
        assertThat(Files.readAllBytes(zip)).isEqualTo(original);
        byte[] here = Files.readAllBytes(signed);
        byte[] there = startSigningJob(LAMBDA, "function.zip", original);
        assertSameSignedZip(original, here, there);

        assertThat(Tools.run("unzip", "-t", signed.toString()).output()).contains("No errors detected");
        CliRunner.Result verify = cli.run("verify", "function.signed.zip");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        Files.writeString(
                dir.resolve("lambda-enforce.json"),
                "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"" + lambdaVersionArn + "\"]},"
                        + "\"CodeSigningPolicies\":{\"UntrustedArtifactOnDeployment\":\"Enforce\"}}");
        CliRunner.Result gate = direct("verify", "function.signed.zip", "--csc", "lambda-enforce.json");
        assertThat(gate.exitCode()).as(gate.out() + gate.err()).isZero();
        assertThat(gate.out()).contains("ALLOWED: ");
        ok(direct("trust-bundle", "export", "--out", "lambda-bundle.jose"));
        CliRunner.Result offline = cli.run(
                "verify",
                "function.signed.zip",
                "--csc",
                "lambda-enforce.json",
                "--offline",
                "--trust-bundle",
                "lambda-bundle.jose");
        assertThat(offline.exitCode()).as(offline.out() + offline.err()).isZero();

        DescribeSigningJobResponse job = signer.describeSigningJob(b -> b.jobId(jobId(sign)));
        assertThat(job.status()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(job.platformId()).isEqualTo("AWSLambda-SHA384-ECDSA");
        assertThat(ok(direct("job", "show", jobId(sign))).out())
                .contains("artifact:     sha384:"
                        + HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA384, original)));
        assertServerNeverSawTheSecret();
    }

    /**
     * Both signed zips keep the original's entries byte for byte at the same offsets, add the same
     * signature entry after them, and carry the same block but for its times, job ARN and ES384
     * value; the central directory and end record are the original's with the signature's header.
     */
    private static void assertSameSignedZip(byte[] original, byte[] here, byte[] there) throws Exception {
        int c = centralOffset(original);
        assertThat(Arrays.copyOf(here, c)).isEqualTo(Arrays.copyOf(original, c));
        assertThat(Arrays.copyOf(there, c)).isEqualTo(Arrays.copyOf(original, c));
        assertThat(centralOffset(here) - c).isEqualTo(49 + blockLength(here, c));
        assertThat(centralOffset(there) - c).isEqualTo(49 + blockLength(there, c));
        String[] a = block(here, c).split("\\.");
        String[] b = block(there, c).split("\\.");
        assertThat(a).hasSize(3);
        assertThat(a[0]).as("protected header (alg, typ, x5c)").isEqualTo(b[0]);
        JsonNode claimsHere = JSON.readTree(Base64.getUrlDecoder().decode(a[1]));
        JsonNode claimsThere = JSON.readTree(Base64.getUrlDecoder().decode(b[1]));
        List<String> namesHere = new ArrayList<>();
        claimsHere.fieldNames().forEachRemaining(namesHere::add);
        List<String> namesThere = new ArrayList<>();
        claimsThere.fieldNames().forEachRemaining(namesThere::add);
        assertThat(namesHere).isEqualTo(namesThere).contains("jobArn");
        for (String same : List.of("format", "digestAlgorithm", "digest", "size", "profileVersionArn")) {
            assertThat(claimsHere.get(same)).as(same).isEqualTo(claimsThere.get(same));
        }
        assertThat(Base64.getUrlDecoder().decode(a[2])).hasSize(96);
        // the central directory: the original's, then the signature's header (which names its offset, c)
        int centralSize = (int) (original.length - 22 - c);
        assertThat(Arrays.copyOfRange(here, centralOffset(here), centralOffset(here) + centralSize))
                .isEqualTo(Arrays.copyOfRange(original, c, c + centralSize));
        assertThat(Arrays.copyOfRange(there, centralOffset(there), centralOffset(there) + centralSize))
                .isEqualTo(Arrays.copyOfRange(original, c, c + centralSize));
        assertThat(here.length - centralOffset(here)).isEqualTo(there.length - centralOffset(there));
    }

    private static int centralOffset(byte[] zip) {
        return ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getInt(zip.length - 22 + 16);
    }

    private static int blockLength(byte[] signed, int c) {
        return ByteBuffer.wrap(signed).order(ByteOrder.LITTLE_ENDIAN).getInt(c + 18);
    }

    private static String block(byte[] signed, int c) {
        return new String(signed, c + 49, blockLength(signed, c), StandardCharsets.US_ASCII);
    }

    @Test
    void manyZipsAreSignedTogetherAndInPlaceOnlyWhenAsked() throws Exception {
        List<String> args = new ArrayList<>(List.of("sign", "--profile", LAMBDA));
        for (int i = 0; i < 6; i++) {
            Files.write(dir.resolve("many" + i + ".zip"), functionZip(10 + i));
            args.add("many" + i + ".zip");
        }
        CliRunner.Result sign = ok(viaProxy(args.toArray(String[]::new)));
        List<String> lines = sign.out().lines().toList();
        assertThat(lines).hasSize(12);
        for (int i = 0; i < 6; i++) {
            assertThat(lines.get(2 * i)).endsWith("many" + i + ".signed.zip");
            ok(cli.run("verify", "many" + i + ".signed.zip"));
        }

        byte[] original = functionZip(30);
        Path inPlace = Files.write(dir.resolve("inplace.zip"), original);
        CliRunner.Result itself = viaProxy("sign", "inplace.zip", "--profile", LAMBDA, "--out", "inplace.zip");
        assertThat(itself.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(itself.err()).contains("give --in-place to sign it in place");
        ok(viaProxy("sign", "inplace.zip", "--profile", LAMBDA, "--in-place"));
        assertThat(Files.size(inPlace)).isGreaterThan(original.length);
        assertThat(dir.resolve("inplace.signed.zip")).doesNotExist();
        ok(cli.run("verify", "inplace.zip"));
        byte[] signedOnce = Files.readAllBytes(inPlace);
        CliRunner.Result again = viaProxy("sign", "inplace.zip", "--profile", LAMBDA, "--in-place");
        assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(again.err()).contains("already signed");
        assertThat(Files.readAllBytes(inPlace)).isEqualTo(signedOnce);
        assertServerNeverSawTheSecret();
    }

    /** An imported certificate for the IoT platforms (openssl: a root and a leaf of {@code keyType}). */
    private String importedCertificate(String name, String... keyOptions) {
        if (!Files.exists(dir.resolve("iot-root.pem"))) {
            openssl(
                    "req",
                    "-x509",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-nodes",
                    "-keyout",
                    "iot-root.key",
                    "-out",
                    "iot-root.pem",
                    "-subj",
                    "/CN=IoT Root",
                    "-days",
                    "30",
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign");
            writeString("iot-leaf.ext", "keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n");
        }
        List<String> genpkey = new ArrayList<>(List.of("genpkey"));
        genpkey.addAll(List.of(keyOptions));
        genpkey.addAll(List.of("-out", name + ".key"));
        openssl(genpkey.toArray(String[]::new));
        openssl("req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        openssl(
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "iot-root.pem",
                "-CAkey",
                "iot-root.key",
                "-CAcreateserial",
                "-days",
                "10",
                "-extfile",
                "iot-leaf.ext",
                "-out",
                name + ".pem");
        openssl("x509", "-in", name + ".pem", "-pubkey", "-noout", "-out", name + ".pub");
        CliRunner.Result imported = ok(direct(
                "certificate", "import", "--cert", name + ".pem", "--key", name + ".key", "--chain", "iot-root.pem"));
        Matcher m = Pattern.compile("arn:aws:acm:[^\\s\"]+").matcher(imported.out());
        assertThat(m.find()).as(imported.out()).isTrue();
        return m.group();
    }

    private static void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Processes.Result r = Tools.run(dir, command.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    private static void writeString(String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"AmazonFreeRTOS-Default", "AWSIoTDeviceManagement-SHA256-ECDSA", "AmazonFreeRTOS-TI-CC3220SF"})
    void anIotImageSignedHereHasTheDocumentStartSigningJobWrites(String platform) throws Exception {
        boolean ti = platform.endsWith("CC3220SF");
        String name = platform.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        String arn = ti
                ? importedCertificate(name, "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048")
                : importedCertificate(name, "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        signer.putSigningProfile(
                b -> b.profileName(name).platformId(platform).signingMaterial(m -> m.certificateArn(arn)));
        byte[] image = new byte[90_000];
        new Random(platform.hashCode()).nextBytes(image);
        System.arraycopy(SECRET, 0, image, 30_000, SECRET.length);
        Path firmware = Files.write(dir.resolve(name + ".bin"), image);

        CliRunner.Result sign = ok(viaProxy("sign", name + ".bin", "--profile", name));

        Path document = dir.resolve(name + ".bin.json");
        assertThat(sign.out()).startsWith("signed " + firmware + " -> " + document);
        assertThat(ok(direct("job", "show", jobId(sign))).out())
                .contains("artifact:     " + (ti ? "sha1:" : "sha256:")
                        + HexFormat.of()
                                .formatHex(Digests.digest(ti ? HashAlgorithm.SHA1 : HashAlgorithm.SHA256, image)));
        JsonNode here = JSON.readTree(document.toFile());
        JsonNode there = JSON.readTree(startSigningJob(name, name + ".bin", image));
        List<String> namesHere = new ArrayList<>();
        here.fieldNames().forEachRemaining(namesHere::add);
        List<String> namesThere = new ArrayList<>();
        there.fieldNames().forEachRemaining(namesThere::add);
        boolean embedded = !platform.startsWith("AWSIoT");
        // StartSigningJob names the object it read (payloadLocation); a file signed here has none
        assertThat(namesHere)
                .isEqualTo(embedded ? namesThere : namesThere.subList(0, namesThere.size() - 1))
                .startsWith("rawPayloadSize", "signature", "signatureAlgorithm", "certificateChain");
        for (String same : List.of("rawPayloadSize", "signatureAlgorithm", "certificateChain")) {
            assertThat(here.get(same)).as(same).isEqualTo(there.get(same));
        }
        if (embedded) {
            assertThat(Base64.getDecoder().decode(here.get("payload").asText())).isEqualTo(image);
            assertThat(here.get("payload")).isEqualTo(there.get("payload"));
        }
        if (ti) {
            // RSA PKCS#1 v1.5 is deterministic: the very same signature
            assertThat(here.get("signature")).isEqualTo(there.get("signature"));
        }

        CliRunner.Result verify = embedded
                ? cli.run("verify", name + ".bin.json", "--trust", "iot-root.pem")
                : cli.run("verify", name + ".bin", "--signature", name + ".bin.json", "--trust", "iot-root.pem");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        Files.write(
                dir.resolve(name + ".sig"),
                Base64.getDecoder().decode(here.get("signature").asText()));
        Processes.Result dgst = Openssl.run(
                "dgst",
                ti ? "-sha1" : "-sha256",
                "-verify",
                dir.resolve(name + ".pub").toString(),
                "-signature",
                dir.resolve(name + ".sig").toString(),
                firmware.toString());
        assertThat(dgst.output()).contains("Verified OK");
        CliRunner.Result inPlace = viaProxy("sign", name + ".bin", "--profile", name, "--in-place");
        assertThat(inPlace.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(inPlace.err()).contains("writes a separate output");
        assertThat(Files.readAllBytes(firmware)).isEqualTo(image);
        assertServerNeverSawTheSecret();
    }

    @Test
    void anOpenPgpSignatureMadeHereIsTheOneStartSigningJobMakesAndGpgAcceptsIt() throws Exception {
        ok(direct("profile", "put", "cli_pgp", "--platform", "Signet-OpenPGP-SHA256"));
        String versionArn =
                signer.getSigningProfile(b -> b.profileName("cli_pgp")).profileVersionArn();
        byte[] content = new byte[200_003];
        new Random(23).nextBytes(content);
        System.arraycopy(SECRET, 0, content, 100_000, SECRET.length);
        Path release = Files.write(dir.resolve("release.tar"), content);

        CliRunner.Result sign = ok(viaProxy("sign", "release.tar", "--profile", "cli_pgp"));

        Path asc = dir.resolve("release.tar.asc");
        assertThat(sign.out()).startsWith("signed " + release + " -> " + asc);
        assertThat(ok(direct("job", "show", jobId(sign))).out())
                .contains("artifact:     sha256:"
                        + HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA256, content)));
        PGPSignature here = pgpSignature(Files.readAllBytes(asc));
        PGPSignature there = pgpSignature(startSigningJob("cli_pgp", "release.tar", content));
        assertThat(here.getVersion()).isEqualTo(there.getVersion()).isEqualTo(4);
        assertThat(here.getSignatureType()).isEqualTo(there.getSignatureType()).isEqualTo(PGPSignature.BINARY_DOCUMENT);
        assertThat(here.getHashAlgorithm()).isEqualTo(there.getHashAlgorithm());
        assertThat(here.getKeyAlgorithm()).isEqualTo(there.getKeyAlgorithm());
        assertThat(subpacketTypes(here)).isEqualTo(subpacketTypes(there));
        assertThat(here.getHashedSubPackets().getIssuerFingerprint().getFingerprint())
                .isEqualTo(there.getHashedSubPackets().getIssuerFingerprint().getFingerprint());
        assertThat(here.getHashedSubPackets().getNotationDataOccurrences()[0].getNotationValue())
                .isEqualTo(there.getHashedSubPackets()
                        .getNotationDataOccurrences()[0]
                        .getNotationValue());
        assertThat(here.getKeyID()).isEqualTo(there.getKeyID());

        ok(cli.run("verify", "release.tar", "--signature", "release.tar.asc"));
        HttpResponse<String> key = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        server.endpoint().resolve("/v1/openpgp-key?profileVersionArn=" + versionArn))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(key.statusCode()).as(key.body()).isEqualTo(200);
        Path home = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Path keyFile = Files.writeString(dir.resolve("pgp-key.asc"), key.body());
        Processes.Result imported =
                Tools.run("gpg", "--homedir", home.toString(), "--batch", "--import", keyFile.toString());
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        Processes.Result gpg = Tools.run(
                "gpg", "--homedir", home.toString(), "--batch", "--verify", asc.toString(), release.toString());
        assertThat(gpg.exitCode()).as(gpg.output()).isZero();
        assertThat(gpg.output()).contains("Good signature");
        assertServerNeverSawTheSecret();
    }

    private static PGPSignature pgpSignature(byte[] armored) throws Exception {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
            Object first = new JcaPGPObjectFactory(in).nextObject();
            assertThat(first).isInstanceOf(PGPSignatureList.class);
            return ((PGPSignatureList) first).get(0);
        }
    }

    private static List<Integer> subpacketTypes(PGPSignature signature) {
        List<Integer> types = new ArrayList<>();
        for (var packet : signature.getHashedSubPackets().toArray()) {
            types.add(packet.getType());
        }
        return types;
    }

    /** The check can fail: an artifact uploaded through a relay like the CLI's is found. */
    @Test
    void theCheckFindsAnUploadedArtifact() throws Exception {
        byte[] zip = functionZip(40);
        try (RecordingProxy control = new RecordingProxy(server.endpoint());
                S3Client viaControl = server.s3(b -> b.endpointOverride(control.endpoint()))) {
            viaControl.putObject(b -> b.bucket("sources").key("uploaded.zip"), RequestBody.fromBytes(zip));
            String received = new String(control.received(), StandardCharsets.ISO_8859_1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertNoSecretIn(received))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the server received artifact bytes");
        }
    }

    @Test
    void inPlaceAndOutExcludeEachOther() {
        CliRunner.Result r = viaProxy("sign", "x.bin", "--profile", LAMBDA, "--in-place", "--out", "y");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--in-place writes over FILE: give no --out with it");
    }
}
